package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/embassy-kiosk/embassy/content"
)

func library(t testing.TB) *content.Library {
	t.Helper()
	lib, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func press(keys ...string) []tea.Msg {
	var msgs []tea.Msg
	for _, k := range keys {
		switch k {
		case "enter":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyEscape})
		case "down":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyDown})
		case "up":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyUp})
		case "space":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
		default:
			r := []rune(k)[0]
			msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: k})
		}
	}
	return msgs
}

// screenAfter sizes a new model, feeds it msgs and returns what it shows,
// without colours.
func screenAfter(t testing.TB, w, h int, msgs ...tea.Msg) (Model, string) {
	t.Helper()
	var m tea.Model = New(Options{Library: library(t), Renderer: NewRenderer()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, msg := range msgs {
		m, _ = m.Update(msg)
	}
	return m.(Model), ansi.Strip(m.View().Content)
}

// TestScreens pins what a visitor sees on each screen at a normal and at the
// smallest supported size. Run with -update after an intended change.
func TestScreens(t *testing.T) {
	screens := map[string][]string{
		"home":  nil,
		"page":  {"enter"},
		"links": {"3"},
		"link":  {"3", "enter"},
	}
	for name, keys := range screens {
		for _, size := range [][2]int{{80, 24}, {40, 12}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				_, view := screenAfter(t, size[0], size[1], press(keys...)...)
				checkFits(t, view, size[0], size[1])
				golden.RequireEqual(t, view)
			})
		}
	}
}

// checkFits fails if the screen has more lines or wider lines than the window.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, window has %d", len(lines), h)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Errorf("line %d is %d wide, window is %d: %q", i+1, ansi.StringWidth(l), w, l)
		}
	}
}

func TestEverySizeFits(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {41, 13}, {60, 20}, {80, 24}, {120, 40}, {200, 60}, {300, 100}} {
		for _, keys := range [][]string{nil, {"1"}, {"2", "G"}, {"3"}, {"3", "G", "enter"}, {"4"}, {"?"}} {
			_, view := screenAfter(t, size[0], size[1], press(keys...)...)
			t.Run(fmt.Sprintf("%dx%d_%s", size[0], size[1], strings.Join(keys, "+")), func(t *testing.T) {
				checkFits(t, view, size[0], size[1])
			})
		}
	}
}

func TestTooSmall(t *testing.T) {
	_, view := screenAfter(t, 30, 10)
	if !strings.Contains(view, "Please enlarge your window") || !strings.Contains(view, "40x12") {
		t.Errorf("a 30x10 window should ask to be enlarged, got:\n%s", view)
	}
	_, view = screenAfter(t, 80, 24, tea.WindowSizeMsg{Width: 39, Height: 24})
	if !strings.Contains(view, "Please enlarge") {
		t.Errorf("shrinking below the minimum should ask to enlarge, got:\n%s", view)
	}
}

func TestMenuKeys(t *testing.T) {
	m, _ := screenAfter(t, 80, 24, press("down", "down", "up")...)
	if m.cursor != 1 {
		t.Errorf("down, down, up: cursor at %d, want 1", m.cursor)
	}
	m, _ = screenAfter(t, 80, 24, press("up", "k")...)
	if m.cursor != 0 {
		t.Errorf("up at the top should stay at the top, got %d", m.cursor)
	}
	last := len(m.menu) - 1
	m, _ = screenAfter(t, 80, 24, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if m.cursor != last {
		t.Errorf("shift+tab from the top should wrap to the last entry %d, got %d", last, m.cursor)
	}
	m, _ = screenAfter(t, 80, 24, press("j", "j", "j", "j", "j", "j", "j")...)
	if m.cursor != last {
		t.Errorf("j past the end should stop at %d, got %d", last, m.cursor)
	}
	_, view := screenAfter(t, 80, 24, press("2")...)
	if !strings.Contains(view, "Memory, truth and justice in Argentina") || !strings.Contains(view, "model for the world") {
		t.Errorf("2 should open the second page, got:\n%s", view)
	}
	for _, back := range []string{"esc", "backspace"} {
		var msg tea.Msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		if back == "backspace" {
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		}
		m, view = screenAfter(t, 80, 24, append(press("2"), msg)...)
		if m.screen != screenHome || !strings.Contains(view, "Related websites") {
			t.Errorf("%s should go back home, got:\n%s", back, view)
		}
	}
}

func TestPageScrolling(t *testing.T) {
	m, view := screenAfter(t, 80, 24, press("1")...)
	if !strings.Contains(view, "Fostering human rights is a central aspect") {
		t.Fatalf("page 1 should start with its first paragraph, got:\n%s", view)
	}
	if !strings.Contains(view, "%") {
		t.Errorf("a long page should show the reading position, got:\n%s", view)
	}
	top := m.offset
	m, _ = screenAfter(t, 80, 24, press("1", "space")...)
	if m.offset <= top {
		t.Errorf("space should scroll a page down: offset %d -> %d", top, m.offset)
	}
	m, view = screenAfter(t, 80, 24, press("1", "G")...)
	if !strings.Contains(view, "100%") || !strings.Contains(view, "Policy Institute") {
		t.Errorf("G should show the end of the page at 100%%, got:\n%s", view)
	}
	m, _ = screenAfter(t, 80, 24, press("1", "G", "g")...)
	if m.offset != 0 {
		t.Errorf("g should go back to the top, offset %d", m.offset)
	}
	m, _ = screenAfter(t, 80, 24, append(press("1"), tea.MouseWheelMsg{Button: tea.MouseWheelDown}, tea.MouseWheelMsg{Button: tea.MouseWheelDown})...)
	if m.offset != 2 {
		t.Errorf("two wheel notches down should scroll two lines, offset %d", m.offset)
	}
}

// TestResizeKeepsPlace checks that a narrower window reflows the page and
// keeps the visitor near the same place in the text.
func TestResizeKeepsPlace(t *testing.T) {
	m, _ := screenAfter(t, 80, 24, press("1", "space")...)
	before := float64(m.offset) / float64(len(m.pageLines))
	m2, view := screenAfter(t, 80, 24, append(press("1", "space"), tea.WindowSizeMsg{Width: 50, Height: 20})...)
	after := float64(m2.offset) / float64(len(m2.pageLines))
	if len(m2.pageLines) <= len(m.pageLines) {
		t.Errorf("a narrower window should wrap into more lines: %d -> %d", len(m.pageLines), len(m2.pageLines))
	}
	if d := after - before; d > 0.1 || d < -0.1 {
		t.Errorf("reading position moved from %.2f to %.2f of the page", before, after)
	}
	checkFits(t, view, 50, 20)
}

func TestDirectory(t *testing.T) {
	lib := library(t)
	m, view := screenAfter(t, 80, 24, press("3")...)
	if m.screen != screenLinks || !strings.Contains(view, lib.Links[0].Title) || !strings.Contains(view, lib.Links[0].URL) {
		t.Fatalf("3 should open the directory with its first entry, got:\n%s", view)
	}
	// Walking to the last entry keeps the selection on screen.
	keys := press("3")
	for range lib.Links {
		keys = append(keys, press("down")...)
	}
	m, view = screenAfter(t, 80, 24, keys...)
	last := lib.Links[len(lib.Links)-1]
	if m.linkCursor != len(lib.Links)-1 || !strings.Contains(view, "▸ "+last.Title) {
		t.Errorf("the last entry should be selected and visible, got:\n%s", view)
	}
	_, view = screenAfter(t, 80, 24, append(keys, press("enter")...)...)
	if !strings.Contains(view, last.URL) || !strings.Contains(view, "Address") {
		t.Errorf("enter should show the entry's address and status, got:\n%s", view)
	}
	_, view = screenAfter(t, 80, 24, append(keys, press("enter", "esc")...)...)
	if !strings.Contains(view, "▸ "+last.Title) {
		t.Errorf("esc from an entry should return to it in the directory, got:\n%s", view)
	}
}

func TestBannerLink(t *testing.T) {
	lib := library(t)
	_, view := screenAfter(t, 80, 24, press("4")...)
	if !strings.Contains(view, lib.Site.Banner.URL) || !strings.Contains(view, "FO.AR") {
		t.Errorf("the banner entry should show FO.AR and its address, got:\n%s", view)
	}
}

func TestHelpToggle(t *testing.T) {
	_, short := screenAfter(t, 80, 24)
	_, full := screenAfter(t, 80, 24, press("?")...)
	if !strings.Contains(full, "shift+tab") || strings.Contains(short, "shift+tab") {
		t.Errorf("? should show the full help; short:\n%s\nfull:\n%s", short, full)
	}
	_, again := screenAfter(t, 80, 24, press("?", "?")...)
	if again != short {
		t.Errorf("? twice should give back the short help")
	}
}

// TestFlow drives a real Bubble Tea program: menu, page, back, quit.
func TestFlow(t *testing.T) {
	viewed := make(chan string, 10)
	tm := teatest.NewTestModel(t, New(Options{Library: library(t), Renderer: NewRenderer(), OnPageView: func(s string) { viewed <- s }}),
		teatest.WithInitialTermSize(80, 24))
	waitFor := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
			teatest.WithDuration(3*time.Second))
	}
	waitFor("Related websites")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("model for the world")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("Press a number")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(3*time.Second)).(Model)
	if final.screen != screenHome {
		t.Errorf("after esc the visitor should be home, screen %d", final.screen)
	}
	if !strings.Contains(final.View().Content, "Thank you for visiting") {
		t.Errorf("quitting should leave a thank-you line, got %q", final.View().Content)
	}
	if got := <-viewed; got != "memory" {
		t.Errorf("page view recorded as %q, want memory", got)
	}
}

func TestGoodbye(t *testing.T) {
	var m tea.Model = New(Options{Library: library(t), Renderer: NewRenderer()})
	m, cmd := m.Update(GoodbyeMsg{Reason: "closing now"})
	if cmd == nil || cmd() != tea.Quit() {
		t.Errorf("GoodbyeMsg should quit the program")
	}
	if v := m.View(); v.AltScreen || !strings.Contains(v.Content, "closing now") {
		t.Errorf("the goodbye should be left on the normal screen, got %+v", v)
	}
}

func TestGoodbyeFitsTheWindow(t *testing.T) {
	m, _ := screenAfter(t, 40, 12, press("q")...)
	for _, l := range strings.Split(m.View().Content, "\n") {
		if ansi.StringWidth(l) > 40 {
			t.Errorf("goodbye line wider than the window (it would be cut off): %q", l)
		}
	}
	if !strings.Contains(strings.ReplaceAll(m.View().Content, "\n", ""), m.lib.Site.Source) {
		t.Errorf("the goodbye should carry the whole address of the original page")
	}
}
