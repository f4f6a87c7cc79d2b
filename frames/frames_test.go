package frames

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// menu is a small model: a list with a cursor, a goodbye on quit.
type menu struct {
	items         []string
	cursor        int
	width, height int
	sizes         int // window sizes seen
	bye           bool
}

func newMenu() *menu { return &menu{items: []string{"One", "Two", "Three"}} }

func (m *menu) Init() tea.Cmd { return tea.RequestBackgroundColor }

func (m *menu) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.sizes++
	case tea.KeyPressMsg:
		switch msg.String() {
		case "j":
			m.cursor = min(m.cursor+1, len(m.items)-1)
		case "k":
			m.cursor = max(m.cursor-1, 0)
		case "q":
			m.bye = true
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m *menu) View() tea.View {
	if m.bye {
		return tea.NewView("Goodbye.\n")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\x1b[1;38;2;116;172;223mMenu\x1b[m %dx%d\n", m.width, m.height)
	for i, it := range m.items {
		if i == m.cursor {
			b.WriteString("> " + it + "\n")
		} else {
			b.WriteString("  " + it + "\n")
		}
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Menu"
	return v
}

// clock is a fake time source; after records the timers asked for.
type clock struct {
	now   time.Time
	after []time.Duration
}

func (c *clock) Now() time.Time { return c.now }

func (c *clock) After(d time.Duration) tea.Cmd {
	c.after = append(c.after, d)
	return func() tea.Msg { return frameMsg{} }
}

// writes records each Write separately.
type writes struct {
	mu  sync.Mutex
	all [][]byte
}

func (w *writes) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all = append(w.all, append([]byte(nil), p...))
	return len(p), nil
}

func (w *writes) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, b := range w.all {
		out = append(out, string(b))
	}
	w.all = nil
	return out
}

func newTest(t *testing.T, profile colorprofile.Profile) (*Renderer, tea.Model, *menu, *writes, *clock) {
	t.Helper()
	out := &writes{}
	c := &clock{now: time.Unix(1000, 0)}
	r := New(Options{
		Output: out, Env: []string{"TERM=xterm-256color"}, Profile: profile,
		Width: 40, Height: 10, Now: c.Now, After: c.After,
	})
	inner := newMenu()
	return r, r.Model(inner), inner, out, c
}

func key(s string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: rune(s[0]), Text: s}
}

func TestFirstFrameInInitAtPtySize(t *testing.T) {
	_, m, inner, out, _ := newTest(t, colorprofile.TrueColor)
	m.Init()
	got := out.take()
	if len(got) != 1 {
		t.Fatalf("Init wrote %d times, want one frame", len(got))
	}
	f := got[0]
	for _, want := range []string{ansi.SetModeAltScreenSaveCursor, ansi.ResetModeTextCursorEnable,
		ansi.SetModeBracketedPaste, ansi.SetModeMouseButtonEvent, ansi.SetWindowTitle("Menu"), "Menu", "40x10", "> One"} {
		if !strings.Contains(f, want) {
			t.Errorf("first frame lacks %q: %q", want, f)
		}
	}
	if inner.sizes != 1 {
		t.Errorf("the model saw %d window sizes before the first frame, want 1", inner.sizes)
	}
	// Bubble Tea sends the same size again after the first frame: nothing
	// may be redrawn.
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	if got := out.take(); len(got) != 0 {
		t.Errorf("the initial size again redrew: %q", got)
	}
}

func TestKeyDrawsAtOnceAndOnlyTheChange(t *testing.T) {
	_, m, _, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	out.take()
	c.now = c.now.Add(time.Second)
	_, cmd := m.Update(key("j"))
	if cmd != nil {
		t.Errorf("an update long after the last frame scheduled a timer")
	}
	got := out.take()
	if len(got) != 1 {
		t.Fatalf("key: %d writes, want 1", len(got))
	}
	if strings.Contains(got[0], "Menu") || !strings.Contains(got[0], ">") {
		t.Errorf("key redrew more than the selection: %q", got[0])
	}
	if len(got[0]) > 40 {
		t.Errorf("key: %d bytes %q, want a small diff", len(got[0]), got[0])
	}
	// An update that changes nothing writes nothing.
	c.now = c.now.Add(time.Second)
	m.Update(tea.FocusMsg{})
	if got := out.take(); len(got) != 0 {
		t.Errorf("an update without a change wrote %q", got)
	}
}

func TestBurstIsCoalesced(t *testing.T) {
	_, m, _, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	out.take()
	c.now = c.now.Add(5 * time.Millisecond)
	_, cmd1 := m.Update(key("j"))
	_, cmd2 := m.Update(key("j"))
	if cmd1 == nil || cmd2 != nil || len(c.after) != 1 {
		t.Fatalf("want one timer for the burst, got cmds %v %v, timers %v", cmd1 != nil, cmd2 != nil, c.after)
	}
	if c.after[0] != DefaultMinInterval-5*time.Millisecond {
		t.Errorf("timer %v, want the rest of the interval", c.after[0])
	}
	if got := out.take(); len(got) != 0 {
		t.Fatalf("a burst within the interval wrote at once: %q", got)
	}
	c.now = c.now.Add(DefaultMinInterval)
	m.Update(cmd1())
	got := out.take()
	if len(got) != 1 || strings.Count(got[0], ">") != 1 || strings.Contains(got[0], "Menu") {
		t.Errorf("the pending frame: %q, want one frame moving the selection", got)
	}
	if inner := m.(*model).inner.(*menu); inner.cursor != 2 {
		t.Errorf("cursor %d after two keys", inner.cursor)
	}
}

func TestResizeRedrawsWhole(t *testing.T) {
	_, m, _, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	out.take()
	c.now = c.now.Add(time.Second)
	m.Update(tea.WindowSizeMsg{Width: 50, Height: 12})
	got := strings.Join(out.take(), "")
	if !strings.Contains(got, ansi.EraseEntireScreen) || !strings.Contains(got, "Menu") || !strings.Contains(got, "50x12") {
		t.Errorf("resize: %q, want a whole redraw", got)
	}
}

func TestCloseLeavesGoodbyeAndRestores(t *testing.T) {
	r, m, _, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	out.take()
	c.now = c.now.Add(2 * time.Millisecond)
	m.Update(key("q")) // within the interval: drawn by Close
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(out.take(), "")
	exit := strings.Index(got, ansi.ResetModeAltScreenSaveCursor)
	bye := strings.Index(got, "Goodbye.")
	if exit < 0 || bye < exit {
		t.Errorf("close: %q, want the alt screen left, then the goodbye", got)
	}
	for _, want := range []string{ansi.SetModeTextCursorEnable, ansi.ResetModeBracketedPaste} {
		if !strings.Contains(got[bye:], want) {
			t.Errorf("close lacks %q after the goodbye: %q", want, got)
		}
	}
	// The goodbye view has no mouse and no title: they go with it.
	for _, want := range []string{ansi.ResetModeMouseButtonEvent, ansi.SetWindowTitle("")} {
		if !strings.Contains(got, want) {
			t.Errorf("close lacks %q: %q", want, got)
		}
	}
	if r.Close() != nil || len(out.take()) != 0 {
		t.Error("a second Close wrote again")
	}
}

// A visitor who quits from a screen already drawn (the model's quit does
// not change its view) gets the terminal back and nothing repainted.
func TestCloseAfterDrawnViewOnlyRestores(t *testing.T) {
	r, m, inner, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	c.now = c.now.Add(time.Second)
	m.Update(key("j"))
	out.take()
	inner.items[1] = "Changed behind the program's back"
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(out.take(), "")
	want := ansi.ResetModeAltScreenSaveCursor + ansi.SetModeTextCursorEnable + ansi.ResetModeBracketedPaste +
		ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr + ansi.SetWindowTitle("")
	if got != want {
		t.Errorf("close wrote %q, want only %q", got, want)
	}
}

func TestProfileDownsamples(t *testing.T) {
	for _, tc := range []struct {
		profile colorprofile.Profile
		want    string
	}{
		{colorprofile.TrueColor, "38;2;116;172;223"},
		{colorprofile.ANSI256, "38;5;110"},
		{colorprofile.Ascii, "\x1b[1m"},
	} {
		_, m, _, out, _ := newTest(t, tc.profile)
		m.Init()
		got := strings.Join(out.take(), "")
		if !strings.Contains(got, tc.want) {
			t.Errorf("%v: first frame lacks %q: %q", tc.profile, tc.want, got)
		}
		if tc.profile == colorprofile.Ascii && strings.Contains(got, "38;") {
			t.Errorf("ascii profile still has colours: %q", got)
		}
	}
}

func TestFilterWritesQueriesAtOnce(t *testing.T) {
	r, m, _, out, _ := newTest(t, colorprofile.TrueColor)
	m.Init()
	out.take()
	var passed []tea.Msg
	f := r.Filter(func(_ tea.Model, msg tea.Msg) tea.Msg { passed = append(passed, msg); return msg })
	if got := f(m, tea.RequestBackgroundColor()); got != nil {
		t.Errorf("the query went on to Bubble Tea: %T", got)
	}
	if got := out.take(); len(got) != 1 || got[0] != ansi.RequestBackgroundColor {
		t.Errorf("query: wrote %q", got)
	}
	if f(m, key("j")) == nil || len(passed) != 1 {
		t.Error("a key did not reach the next filter")
	}
}

// A whole program: Bubble Tea's event loop, our model, keys from a pipe.
func TestProgram(t *testing.T) {
	inR, inW := io.Pipe()
	out := &writes{}
	r := New(Options{Output: out, Env: []string{"TERM=xterm-256color"}, Profile: colorprofile.ANSI256, Width: 30, Height: 8})
	inner := newMenu()
	opts := append([]tea.ProgramOption{tea.WithInput(inR)}, r.ProgramOptions()...)
	opts = append(opts, tea.WithOutput(io.Discard), tea.WithoutSignalHandler(),
		tea.WithWindowSize(30, 8), tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		tea.WithFilter(r.Filter(nil)))
	p := tea.NewProgram(r.Model(inner), opts...)
	go func() { _ = ReadInput(inR, p.Send) }()
	done := make(chan error, 1)
	start := time.Now()
	go func() { _, err := p.Run(); done <- err }()

	var all bytes.Buffer
	waitFor := func(what string) string {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			for _, w := range out.take() {
				all.WriteString(w)
			}
			if strings.Contains(all.String(), what) {
				return all.String()
			}
			time.Sleep(time.Millisecond)
		}
		t.Fatalf("no %q in %q", what, all.String())
		return ""
	}
	waitFor("> One")
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("first frame after %v", d)
	}
	waitFor(ansi.RequestBackgroundColor)
	_, _ = inW.Write([]byte("j"))
	// The key's frame may be a diff that writes only "> " (when the
	// colour profile's message came first and the screen was redrawn
	// whole): what counts is what a terminal shows.
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, w := range out.take() {
			all.WriteString(w)
		}
		if strings.Contains(screenOf(all.String(), 30, 8), "> Two") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the key did not move the selection: %q", all.String())
		}
		time.Sleep(time.Millisecond)
	}
	_, _ = inW.Write([]byte("q"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	_ = r.Close()
	got := waitFor("Goodbye.")
	if !strings.Contains(got, ansi.SetModeTextCursorEnable) {
		t.Errorf("no cursor restore after quit: %q", got)
	}
	p.Kill()
	_ = inW.Close()
	if inner.sizes < 1 {
		t.Error("no window size reached the model")
	}
}

// A whole program whose screen model is parked between keys: the park timer
// runs on its own goroutine (go test -race).
func TestProgramParks(t *testing.T) {
	inR, inW := io.Pipe()
	out := &writes{}
	r := New(Options{Output: out, Env: []string{"TERM=xterm-256color"}, Profile: colorprofile.ANSI256,
		Width: 30, Height: 8, ParkAfter: time.Millisecond})
	opts := append(r.ProgramOptions(), tea.WithOutput(io.Discard), tea.WithoutSignalHandler(),
		tea.WithWindowSize(30, 8), tea.WithFilter(r.Filter(nil)))
	p := tea.NewProgram(r.Model(newMenu()), opts...)
	go func() { _ = ReadInput(inR, p.Send) }()
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	var all strings.Builder
	waitFor := func(what string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			for _, w := range out.take() {
				all.WriteString(w)
			}
			if strings.Count(all.String(), what) > 0 {
				return
			}
		}
		t.Fatalf("no %q in %q", what, all.String())
	}
	waitFor("> One")
	for _, k := range []string{"j", "j", "k"} {
		time.Sleep(5 * time.Millisecond) // parked by now
		all.Reset()
		_, _ = inW.Write([]byte(k))
		waitFor(">")
	}
	_, _ = inW.Write([]byte("q"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	_ = r.Close()
	_ = inW.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.primes < 2 {
		t.Errorf("the screen model was rebuilt %d times, want one per key after parking", r.primes)
	}
}
