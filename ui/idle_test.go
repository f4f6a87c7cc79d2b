package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/markdown"
)

func newIdleModel(t *testing.T, timeout time.Duration, done <-chan struct{}) (Model, *time.Time) {
	t.Helper()
	lib, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Library: lib, Markdown: markdown.NewCache(), IdleTimeout: timeout, Done: done})
	now := time.Unix(1_000_000, 0)
	m.idle.now = func() time.Time { return now }
	m.idle.last = now
	return m, &now
}

func update(m Model, msg tea.Msg) (Model, tea.Cmd) {
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

func pressRune(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func TestIdleCountdownAndGoodbye(t *testing.T) {
	m, now := newIdleModel(t, 10*time.Minute, nil)

	// Active visitor: keys only note the time; the one timer, when it
	// fires, is set again for 9m30s after the last key.
	*now = now.Add(5 * time.Minute)
	m, _ = update(m, pressRune('j'))
	if m.idle.counting {
		t.Fatal("counting after a key")
	}
	*now = now.Add(4*time.Minute + 30*time.Second)
	m, cmd := update(m, idleCheckMsg{})
	if m.idle.counting || cmd == nil {
		t.Fatalf("timer at 4m30s after a key: counting %v, next timer %v", m.idle.counting, cmd != nil)
	}

	// Quiet for 9m30s: the countdown replaces the footer.
	*now = now.Add(5 * time.Minute)
	m, cmd = update(m, idleCheckMsg{})
	if !m.idle.counting || m.idle.left != 30 || cmd == nil {
		t.Fatalf("at 9m30s: counting %v, left %d", m.idle.counting, m.idle.left)
	}
	if view := ansi.Strip(m.View().Content); !strings.Contains(view, "No key pressed for a while: closing in 30 s. Press any key to stay.") {
		t.Errorf("no countdown on screen:\n%s", view)
	}
	*now = now.Add(1500 * time.Millisecond)
	m, _ = update(m, idleCheckMsg{})
	if m.idle.left != 29 {
		t.Errorf("1.5 s into the countdown: %d s left, want 29", m.idle.left)
	}

	// Any key cancels it and does nothing else: q does not quit.
	m, cmd = update(m, pressRune('q'))
	if m.idle.counting || cmd != nil || m.goodbye != "" {
		t.Fatalf("q during the countdown: counting %v, goodbye %q", m.idle.counting, m.goodbye)
	}
	if view := ansi.Strip(m.View().Content); strings.Contains(view, "closing in") {
		t.Error("countdown still on screen after a key")
	}

	// Quiet for the whole timeout: goodbye.
	*now = now.Add(10 * time.Minute)
	m, _ = update(m, idleCheckMsg{})
	m, cmd = update(m, idleCheckMsg{})
	if cmd == nil || m.goodbye == "" {
		t.Fatal("no goodbye after 10 minutes")
	}
	if msg := cmd(); msg != (tea.QuitMsg{}) {
		t.Errorf("goodbye command gives %T, want QuitMsg", msg)
	}
	if !strings.HasPrefix(m.goodbye, "No key was pressed for 10 minutes") {
		t.Errorf("goodbye = %q", m.goodbye)
	}
}

func TestIdleTimerWakesOnlyAtTheDeadline(t *testing.T) {
	done := make(chan struct{})
	m, _ := newIdleModel(t, 400*time.Millisecond, done)
	start := time.Now()
	cmd := m.idle.start()
	if msg := cmd(); msg != (idleCheckMsg{}) {
		t.Fatalf("timer gave %T", msg)
	}
	if d := time.Since(start); d < 190*time.Millisecond || d > 400*time.Millisecond {
		t.Errorf("first wake-up after %s, want 200 ms (timeout - countdown)", d)
	}
	// Keys start no timers.
	for range 100 {
		var c tea.Cmd
		m, c = update(m, pressRune('z'))
		if c != nil {
			t.Fatal("a key press returned a command")
		}
	}
	// The session ends: a pending timer returns at once, with nothing.
	cmd = m.idle.after(time.Hour)
	close(done)
	start = time.Now()
	if msg := cmd(); msg != nil || time.Since(start) > 100*time.Millisecond {
		t.Errorf("after the session ended the timer gave %v after %s", msg, time.Since(start))
	}
}

func TestIdleOff(t *testing.T) {
	m, _ := newIdleModel(t, 0, nil)
	if m.idle.start() != nil {
		t.Error("a timer with IdleTimeout 0")
	}
}

// On the narrowest window a countdown still shows its number: a shorter
// sentence replaces one that would be cut.
func TestCountdownsShowTheirNumberWhenNarrow(t *testing.T) {
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		for _, w := range []int{MinWidth, 80} {
			countdowns := map[string]func() Model{
				"closing": func() Model {
					m, _ := newIdleModel(t, 0, nil)
					m, _ = update(m, ClosingMsg{In: 30 * time.Second})
					return m
				},
				"time limit": func() Model {
					m, _ := newIdleModel(t, 0, nil)
					m, _ = update(m, ClosingMsg{In: 30 * time.Second, TimeLimit: true})
					return m
				},
				"idle": func() Model {
					m, now := newIdleModel(t, 10*time.Minute, nil)
					*now = now.Add(9*time.Minute + 30*time.Second)
					m, _ = update(m, idleCheckMsg{})
					return m
				},
			}
			for name, start := range countdowns {
				m := start()
				m.setLang(lang)
				m, _ = update(m, tea.WindowSizeMsg{Width: w, Height: MinHeight})
				lines := strings.Split(ansi.Strip(m.View().Content), "\n")
				if footer := lines[len(lines)-1]; !strings.Contains(footer, "30 s") {
					t.Errorf("%s, %s, %d columns: the countdown lacks its number: %q", lang, name, w, footer)
				}
			}
		}
	}
}
