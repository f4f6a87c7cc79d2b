package linear_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/linear"
	"github.com/embassy-kiosk/embassy/markdown"
	"github.com/embassy-kiosk/embassy/plain"
)

const (
	page1Title = "Furthering Argentina’s human rights leadership"
	page1Start = "Fostering human rights"
	page1End   = "Human Rights Public Policy"
	page2Title = "Memory, truth and justice in Argentina"
	page2Text  = "model for the world"
	menuPrompt = "Type a number and press Enter. h for help, q to leave."
	wait       = 3 * time.Second
)

func library(t *testing.T) *content.Library {
	t.Helper()
	lib, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// syncBuffer collects the answers while the test reads them.
type syncBuffer = testkit.SyncBuffer

// visit is one conversation: keys go in through a pipe, the answers
// collect in a buffer.
type visit struct {
	t      *testing.T
	lib    *content.Library
	in     *io.PipeWriter
	out    *syncBuffer
	cancel context.CancelFunc
	done   chan error
	size   atomic.Value // [2]int: the window
}

func start(t *testing.T, opt linear.Options, w, h int) *visit {
	t.Helper()
	return startIn(t, library(t), opt, w, h)
}

// startIn is start in lib's language.
func startIn(t *testing.T, lib *content.Library, opt linear.Options, w, h int) *visit {
	t.Helper()
	v := &visit{t: t, lib: lib, out: &syncBuffer{}, done: make(chan error, 1)}
	v.size.Store([2]int{w, h})
	if opt.Window == nil {
		opt.Window = func() (int, int) { s := v.size.Load().([2]int); return s[0], s[1] }
	}
	pr, pw := io.Pipe()
	v.in = pw
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	go func() { v.done <- linear.Run(ctx, pr, v.out, v.lib, markdown.NewCache(), opt) }()
	t.Cleanup(func() {
		cancel()
		_ = pr.Close()
		_ = pw.Close()
		if t.Failed() {
			t.Logf("the whole conversation:\n%s", v.out.String())
		}
	})
	return v
}

// send types keys; the pipe returns once Run has read them.
func (v *visit) send(keys string) {
	v.t.Helper()
	if _, err := io.WriteString(v.in, keys); err != nil {
		v.t.Fatalf("send %q: %v", keys, err)
	}
}

func (v *visit) mark() int { return len(v.out.String()) }

// answer waits until the output after mark ends with a prompt and shows
// every want, and returns that output.
func (v *visit) answer(mark int, wants ...string) string {
	v.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		s := v.out.String()[mark:]
		missing := ""
		for _, w := range wants {
			if !strings.Contains(words(s), words(w)) {
				missing = w
				break
			}
		}
		if missing == "" && strings.HasSuffix(s, "> ") {
			return s
		}
		if time.Now().After(deadline) {
			v.t.Fatalf("no prompt with %q within %s; got:\n%s", missing, wait, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// words is s with every run of white space made one space, so that text
// wrapped onto several lines still matches.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// say sends keys and waits for the answer.
func (v *visit) say(keys string, wants ...string) string {
	v.t.Helper()
	m := v.mark()
	v.send(keys)
	return v.answer(m, wants...)
}

// end waits for Run to return.
func (v *visit) end() error {
	v.t.Helper()
	select {
	case err := <-v.done:
		return err
	case <-time.After(wait):
		v.t.Fatalf("Run did not return within %s", wait)
		return nil
	}
}

// checkPlain asserts what every output of the linear mode is: no escape
// byte, no control character but CR, LF and the erasing BS, lines that end
// as the mode says, and no line wider than width (addresses apart).
func checkPlain(t *testing.T, out string, terminal bool, width int) {
	t.Helper()
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Errorf("output contains an escape byte at %d: %q", i, out[max(0, i-20):min(len(out), i+20)])
	}
	for i, r := range out {
		if r < 0x20 && r != '\r' && r != '\n' && r != '\b' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			t.Errorf("output contains control character %U at %d", r, i)
		}
	}
	nl := "\n"
	if terminal {
		nl = "\r\n"
		if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
			t.Errorf("with a terminal, a line ends without CR")
		}
		if strings.Count(out, "\r") != strings.Count(out, "\r\n") {
			t.Errorf("with a terminal, a CR is not followed by LF")
		}
	} else if strings.Contains(out, "\r") {
		t.Errorf("without a terminal, output contains CR")
	}
	for _, l := range strings.Split(out, nl) {
		if strings.HasPrefix(l, "> ") {
			continue // what the visitor typed
		}
		if ansi.StringWidth(l) >= width && !strings.Contains(l, "://") {
			t.Errorf("line of %d columns in a window of %d: %q", ansi.StringWidth(l), width, l)
		}
	}
}

// screenfuls checks that no text between two prompts is taller than the
// window less the prompt's two lines.
func screenfuls(t *testing.T, out string, height int) {
	t.Helper()
	for i, s := range strings.Split(out, "> ") {
		// Each starts with the new line that ended the visitor's typing,
		// and ends with the prompt's line: its count of new lines is the
		// number of lines it fills. The first starts on the top line.
		n := strings.Count(s, "\n")
		if i == 0 && !strings.HasPrefix(s, "\r\n") && !strings.HasPrefix(s, "\n") {
			n++
		}
		if n > height {
			t.Errorf("%d lines between prompts in a window of %d:\n%s", n, height, s)
		}
	}
}

func TestVisitWithTerminal(t *testing.T) {
	v := start(t, linear.Options{Terminal: true}, 40, 12)
	// At 40x12 the title and the whole menu do not fit: the menu's first
	// part, and Enter for the rest.
	menu := v.answer(0, v.lib.Site.Name, "1. Furthering", "2. Memory", "3. Key dates", "4. Related websites, 21 links", "or Enter alone for more choices.")
	if !strings.HasPrefix(menu, "Embassy of the Argentine") {
		t.Errorf("the conversation does not start with the title:\n%s", menu)
	}

	// A page: the first screenful, then more, then the menu.
	first := v.say("1\r", "1\r\n", page1Title, page1Start, "More: press Enter. m for the menu.")
	if strings.Contains(first, page1End) {
		t.Errorf("the whole page came at once in a 12-line window:\n%s", first)
	}
	v.say("\r", "More: press Enter.")
	v.say("m\r", "Menu:", menuPrompt)

	// Page 2 to its end, and Enter goes back to the menu.
	var page string
	for page = v.say("2\r", page2Title, page2Text); !strings.Contains(page, "End of the page"); {
		page = v.say("\r")
	}
	v.say("\r", "Menu:", menuPrompt)

	// The directory, one of its links, and back to the list.
	v.say("4\r", "Related websites", "Our own selection", "More: press Enter.")
	v.say("\r", "Argentine institutions:", "1. Under-Secretariat of Human Rights")
	link := v.say("3\r", "3. Argentine Forensic Anthropology Team (EAAF)", "Address: https://eaaf.org/ The address is verified.", "Press Enter for the list, or type another number.")
	if strings.Contains(link, "Secretariat of Human Rights") {
		t.Errorf("a link's details repeat the list:\n%s", link)
	}
	// In a small window a note comes after a More.
	v.say("6\r", "6. International Centre for the Promotion of Human Rights", "The address is verified.", "More: press Enter.")
	v.say("\r", "Note: Decree 344/2025", "Press Enter for the list")
	v.say("\r", "1. Under-Secretariat of Human Rights")

	m := v.mark()
	v.send("q\r")
	if err := v.end(); err != nil {
		t.Errorf("Run = %v after q, want nil", err)
	}
	if bye := v.out.String()[m:]; !strings.Contains(bye, "Thank you for visiting") {
		t.Errorf("no goodbye after q:\n%s", bye)
	}
	checkPlain(t, v.out.String(), true, 40)
	screenfuls(t, v.out.String(), 12)
}

func TestVisitWithoutTerminal(t *testing.T) {
	v := start(t, linear.Options{Window: func() (int, int) { return 0, 0 }}, 0, 0)
	v.answer(0, menuPrompt)
	page := v.say("2\n", page2Title, page2Text, "End of the page. Press Enter for the menu.")
	if strings.Contains(page, "2\n") {
		t.Errorf("the choice was echoed without a terminal:\n%s", page)
	}
	v.say("\n", "Menu:")
	v.say("4\n", "Related websites")
	v.say("x\n", "Please type a number from 1 to 21, or q.")
	v.send("q\n")
	if err := v.end(); err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
	checkPlain(t, v.out.String(), false, plain.Width+1)
	screenfuls(t, v.out.String(), 24)
}

func TestPipedScript(t *testing.T) {
	// As `printf '1\n\n\n\n\nm\n4\n3\nq\n' | ssh -T plain@host` sends it:
	// everything at once, then the end of the input.
	lib := library(t)
	var out bytes.Buffer
	err := linear.Run(context.Background(), strings.NewReader("1\n\n\n\n\nm\n4\n3\n"), &out, lib, nil, linear.Options{})
	if err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	s := out.String()
	for _, want := range []string{page1Title, page1End, "3. Argentine Forensic Anthropology Team (EAAF)", "Thank you for visiting"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	checkPlain(t, s, false, plain.Width+1)
}

func TestBadInput(t *testing.T) {
	v := start(t, linear.Options{Terminal: true}, 80, 24)
	v.answer(0, menuPrompt)
	for _, in := range []string{"9", "0", "-1", "+2", "two", "1 2", "99999999999999999999"} {
		m := v.mark()
		v.send(in + "\r")
		if got := v.answer(m); got != in+"\r\nPlease type a number from 1 to 6, or q.\r\n> " {
			t.Errorf("%q: answer %q", in, got)
		}
	}
	long := strings.Repeat("1", 1000)
	got := v.say(long+"\r", "That was too long.", "Please type a number from 1 to 6, or q.")
	if strings.Count(got, "1") > linear.MaxLine+10 {
		t.Errorf("an over-long line is echoed whole (%d bytes)", len(got))
	}
	// Spaces, capitals and a full stop are forgiven.
	v.say(" 2. \r", page2Title)
	v.say("xyz\r", "Please press Enter to go on, m for the menu, or q to leave.")
	v.say("M\r", "Menu:")
	v.say("H\r", "Help.", menuPrompt)
	checkPlain(t, v.out.String(), true, 80)
}

func TestEditingKeys(t *testing.T) {
	v := start(t, linear.Options{Terminal: true}, 80, 24)
	v.answer(0, menuPrompt)
	// Arrow keys are ignored, not echoed: "1", Backspace, "2" is 2.
	got := v.say("\x1b[A\x1b[B1\x7f\x1bOD2\r", page2Title)
	if !strings.HasPrefix(got, "1\b \b2\r\n") {
		t.Errorf("echo %q, want 1, a rub-out, 2 and a new line", got[:min(len(got), 20)])
	}
	// Arrow keys split across reads are still dropped whole.
	v.send("m\r")
	v.send("\x1b")
	v.send("[")
	v.send("A")
	v.say("4\r", "Related websites")
	checkPlain(t, v.out.String(), true, 80)
}

func TestLeavingKeys(t *testing.T) {
	for _, key := range []string{"\x03", "\x04", "1\x04"} {
		t.Run(fmt.Sprintf("%q", key), func(t *testing.T) {
			v := start(t, linear.Options{Terminal: true}, 80, 24)
			v.answer(0, menuPrompt)
			m := v.mark()
			v.send(key)
			if err := v.end(); err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
			if !strings.Contains(v.out.String()[m:], "Thank you for visiting") {
				t.Errorf("no goodbye")
			}
		})
	}
	t.Run("end of input", func(t *testing.T) {
		v := start(t, linear.Options{}, 80, 24)
		v.answer(0, menuPrompt)
		_ = v.in.Close()
		if err := v.end(); err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
		if !strings.HasSuffix(v.out.String(), "https://esafr.cancilleria.gob.ar/en/argentina´s-leadership\n") {
			t.Errorf("no goodbye at the end of the input")
		}
	})
}

func TestContextEndsTheVisit(t *testing.T) {
	v := start(t, linear.Options{Terminal: true}, 80, 24)
	v.answer(0, menuPrompt)
	v.send("1") // half a line
	v.cancel()
	if err := v.end(); !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
}

func TestInputLimit(t *testing.T) {
	v := start(t, linear.Options{Terminal: true, MaxInput: 1000}, 80, 24)
	v.answer(0, menuPrompt)
	go func() {
		// Enters only: each shows the menu again.
		for range 2000 {
			if _, err := io.WriteString(v.in, "\r"); err != nil {
				return
			}
		}
	}()
	if err := v.end(); !errors.Is(err, linear.ErrInputLimit) {
		t.Errorf("Run = %v, want ErrInputLimit", err)
	}
	if !strings.Contains(v.out.String(), "reached its limit") {
		t.Errorf("no polite last line")
	}
}

func TestStartAndPageViews(t *testing.T) {
	var mu sync.Mutex
	var views []string
	onView := func(slug string) { mu.Lock(); views = append(views, slug); mu.Unlock() }
	v := start(t, linear.Options{Start: "links", OnPageView: onView}, 80, 24)
	v.answer(0, "Related websites", "1. Under-Secretariat")
	v.say("m\n", "Menu:")
	v.say("2\n", page2Title)
	v = start(t, linear.Options{Start: "memory"}, 80, 24)
	v.answer(0, page2Title, page2Text)
	v = start(t, linear.Options{Start: "nosuch"}, 80, 24)
	v.answer(0, "Menu:")
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(views) != "[links memory]" {
		t.Errorf("page views %q, want [links memory]", views)
	}
}

// A resized window is followed from the next screenful on.
func TestFollowsResize(t *testing.T) {
	v := start(t, linear.Options{Terminal: true}, 80, 24)
	v.answer(0, menuPrompt)
	v.say("1\r", page1Start)
	v.size.Store([2]int{40, 12})
	m := v.mark()
	v.say("\r")
	checkPlain(t, v.out.String()[m:], true, 40)
	screenfuls(t, v.out.String()[m:], 12)
}

// The banner from the menu: its details, and Enter goes back to the menu.
func TestBanner(t *testing.T) {
	v := start(t, linear.Options{}, 80, 24)
	v.answer(0, "5. FO.AR: South-South Cooperation")
	v.say("5\n", "Address: https://www.cancilleria.gob.ar/en/foreign-policy/international-cooperation", "Note: Since 2022", "Press Enter for the menu.")
	v.say("3\n", "Please press Enter to go on")
	v.say("\n", "Menu:")
}

// In a small window the first screen (the title, the menu and its prompt)
// fits, in every language: what does not fit comes with Enter, and the
// prompt says so. Every choice can be reached.
func TestMenuFitsSmallWindows(t *testing.T) {
	entry := regexp.MustCompile(`(?m)^([0-9]+)\. `)
	for _, lang := range content.Languages {
		for _, h := range []int{12, 10, 8} {
			t.Run(fmt.Sprintf("%s_40x%d", lang, h), func(t *testing.T) {
				lib := library(t).In(lang)
				v := startIn(t, lib, linear.Options{Terminal: true}, 40, h)
				out := v.answer(0, i18n.T(lang, "linear.menu.prompt")[:12])
				// The first screen fills rows from the top: its lines are
				// its new lines and the prompt's.
				if rows := strings.Count(out, "\n") + 1; rows > h {
					t.Errorf("the first screen takes %d rows of %d:\n%s", rows, h, out)
				}
				if !strings.HasPrefix(out, strings.Fields(lib.Site.Name)[0]) {
					t.Errorf("the first screen does not start with the title:\n%s", out)
				}
				seen := map[string]bool{}
				for range 6 {
					for _, m := range entry.FindAllStringSubmatch(out, -1) {
						seen[m[1]] = true
					}
					if len(seen) >= 6 {
						break
					}
					more := i18n.T(lang, "linear.menu.more")
					if !strings.Contains(words(out), words(more)) {
						t.Fatalf("%d choices shown, and the prompt does not say how to see more:\n%s", len(seen), out)
					}
					out = v.say("\r")
					// After Enter the answer fills rows from the line typed on.
					if rows := strings.Count(out, "\n"); rows > h {
						t.Errorf("the menu's next part takes %d rows of %d:\n%s", rows, h, out)
					}
				}
				for i := 1; i <= 6; i++ {
					if !seen[fmt.Sprint(i)] {
						t.Errorf("choice %d was never shown", i)
					}
				}
				// The last choice (About, at the end of the menu) can be
				// typed at any part of the menu.
				v.say("m\r")
				for _, p := range lib.Pages {
					if p.AtEnd {
						v.say("6\r", p.Title)
					}
				}
			})
		}
	}
}
