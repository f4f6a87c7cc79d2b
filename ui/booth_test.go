package ui

import (
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"

	tea "charm.land/bubbletea/v2"
)

// newClockModel is a model with opt (plus the library and renderer), at
// w x h, whose booth and idle clocks read *now; the last key was at *now.
func newClockModel(t *testing.T, opt Options, w, h int) (Model, *time.Time) {
	t.Helper()
	opt.Library, opt.Markdown = library(t), markdown.NewCache()
	now := time.Unix(1_000_000, 0)
	clock := func() time.Time { return now }
	m := New(opt)
	m.booth.now, m.booth.last = clock, now
	m.idle.now, m.idle.last = clock, now
	m, _ = update(m, tea.WindowSizeMsg{Width: w, Height: h})
	return m, &now
}

func ctrlC() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl} }

// tick fires the booth's timer at *now and checks that one is set again.
func tick(t *testing.T, m Model) Model {
	t.Helper()
	m, cmd := update(m, boothTickMsg{})
	if cmd == nil {
		t.Fatal("the booth's clock set no timer")
	}
	return m
}

func TestBoothStartsOverForTheNextVisitor(t *testing.T) {
	m, now := newClockModel(t, Options{Booth: true, ResetAfter: 90 * time.Second, Lang: "es"}, 80, 24)
	m, _ = update(m, tea.BackgroundColorMsg{Color: color.White})
	if m.styles.Dark {
		t.Fatal("a light background should give light styles")
	}
	m = tick(t, m)
	if want := now.Add(80 * time.Second); !m.booth.wake.Equal(want) {
		t.Errorf("first timer at %s, want 80 s (the countdown)", m.booth.wake.Sub(*now))
	}
	// A visitor switches to English, opens page 1, scrolls, and leaves.
	for _, msg := range press("L", "enter", "space") {
		m, _ = update(m, msg)
	}
	if m.screen != screenPage || m.page.offset == 0 {
		t.Fatalf("the visitor should be down page 1: screen %d offset %d", m.screen, m.page.offset)
	}
	*now = now.Add(79 * time.Second)
	m = tick(t, m)
	if m.booth.counting {
		t.Fatal("countdown 11 s early")
	}
	*now = now.Add(time.Second)
	m = tick(t, m)
	if !m.booth.counting || m.booth.left != 10 {
		t.Fatalf("at 80 s: counting %v, %d s left", m.booth.counting, m.booth.left)
	}
	if m.lang != content.English {
		t.Fatalf("L should have switched to English, language %q", m.lang)
	}
	if v := view(m); !strings.Contains(v, "Starting over for the next visitor in 10 s. Press any key to stay.") {
		t.Errorf("no reset countdown on screen:\n%s", v)
	}
	if want := now.Add(time.Second); !m.booth.wake.Equal(want) {
		t.Errorf("countdown wakes after %s, want 1 s", m.booth.wake.Sub(*now))
	}
	// A key cancels it and does nothing else: "2" opens no page.
	m, cmd := update(m, pressRune('2'))
	if m.booth.counting || cmd != nil || m.screen != screenPage || m.page.doc.Slug != "leadership" {
		t.Fatalf("2 during the countdown: counting %v, screen %d, page %q", m.booth.counting, m.screen, m.page.doc.Slug)
	}
	if strings.Contains(view(m), "Starting over") {
		t.Error("countdown still on screen after a key")
	}
	// Then 90 s with no key: the booth starts over.
	*now = now.Add(85 * time.Second)
	m = tick(t, m)
	if m.booth.left != 5 {
		t.Errorf("5 s before the reset the countdown shows %d", m.booth.left)
	}
	*now = now.Add(5 * time.Second)
	m = tick(t, m)
	if m.screen != screenHome || m.home.cursor != 0 || m.page.offset != 0 || m.booth.counting {
		t.Errorf("after the reset: screen %d cursor %d offset %d counting %v", m.screen, m.home.cursor, m.page.offset, m.booth.counting)
	}
	if m.width != 80 || m.height != 24 || m.styles.Dark {
		t.Errorf("the reset lost the terminal's size or colours: %dx%d dark %v", m.width, m.height, m.styles.Dark)
	}
	if m.opt.Lang != "es" || m.lang != content.Spanish {
		t.Errorf("the reset should return to the booth's language, es: Options.Lang %q, language %q", m.opt.Lang, m.lang)
	}
	if v := view(m); !strings.Contains(v, i18n.T(content.Spanish, "home.intro")) || strings.Contains(v, "Starting over") {
		t.Errorf("after the reset the booth should show home:\n%s", v)
	}
	// Nobody comes: no new countdown, no second reset.
	*now = now.Add(80 * time.Second)
	m = tick(t, m)
	if m.booth.counting {
		t.Error("a countdown with nobody there since the last reset")
	}
	// The next visitor presses a key: the clock starts again.
	m, _ = update(m, press("down")[0])
	*now = now.Add(80 * time.Second)
	m = tick(t, m)
	if !m.booth.counting {
		t.Error("no countdown 80 s after the next visitor's key")
	}
}

func TestBoothRefusesQuitKeys(t *testing.T) {
	m, _ := newClockModel(t, Options{Booth: true, ResetAfter: 90 * time.Second}, 80, 24)
	m, cmd := update(m, pressRune('q'))
	if cmd != nil || m.goodbye != "" {
		t.Fatal("q ended the booth")
	}
	if v := view(m); strings.Contains(v, "quit") {
		t.Errorf("the booth's help line offers quit:\n%s", v)
	}
	m, _ = update(m, pressRune('?'))
	if v := view(m); strings.Contains(v, "quit") || !strings.Contains(v, "shift+tab") {
		t.Errorf("the booth's full help offers quit:\n%s", v)
	}

	// With AllowQuit, q quits.
	m, _ = newClockModel(t, Options{Booth: true, AllowQuit: true}, 80, 24)
	if !strings.Contains(view(m), "q quit") {
		t.Errorf("with AllowQuit the help should offer q:\n%s", view(m))
	}
	m, cmd = update(m, pressRune('q'))
	if cmd == nil || cmd() != tea.Quit() || !strings.Contains(m.goodbye, "Thank you") {
		t.Error("q with AllowQuit should say goodbye and quit")
	}
}

func TestBoothCtrlCTwice(t *testing.T) {
	for _, allow := range []bool{false, true} {
		m, now := newClockModel(t, Options{Booth: true, AllowQuit: allow}, 80, 24)
		m, cmd := update(m, ctrlC())
		if cmd == nil || m.goodbye != "" {
			t.Fatalf("allow-quit %v: one Ctrl+C should ask, and set a timer", allow)
		}
		if v := view(m); !strings.Contains(v, "Press Ctrl+C again within 3 s to quit.") {
			t.Errorf("no question on screen:\n%s", v)
		}
		// Three seconds later the question is gone; another Ctrl+C asks again.
		*now = now.Add(3 * time.Second)
		m, _ = update(m, quitConfirmMsg{})
		if strings.Contains(view(m), "Ctrl+C again") {
			t.Error("the question outlived its 3 s")
		}
		m, _ = update(m, ctrlC())
		if m.goodbye != "" {
			t.Fatal("a Ctrl+C 3 s after the first quit")
		}
		// A timer of the first Ctrl+C, late, does not cut the second one short.
		*now = now.Add(2 * time.Second)
		m, _ = update(m, quitConfirmMsg{})
		if !strings.Contains(view(m), "Ctrl+C again") {
			t.Error("an old timer took the question away")
		}
		m, cmd = update(m, ctrlC())
		if cmd == nil || cmd() != tea.Quit() || !strings.Contains(m.goodbye, "Thank you for visiting") {
			t.Errorf("allow-quit %v: Ctrl+C twice within 3 s should say goodbye and quit", allow)
		}
	}
}

func TestCtrlCOutsideABoothQuitsAtOnce(t *testing.T) {
	m, _ := newClockModel(t, Options{AttractAfter: time.Minute}, 80, 24)
	_, cmd := update(m, ctrlC())
	if cmd == nil || cmd() != tea.Quit() {
		t.Error("over SSH one Ctrl+C quits")
	}
}

func TestBoothClockOff(t *testing.T) {
	m, _ := newClockModel(t, Options{}, 80, 24)
	if m.boothStart() != nil {
		t.Error("a clock with no reset and no attract loop")
	}
	// ResetAfter means nothing outside a booth: SSH visitors are said
	// goodbye by the idle timer instead.
	m, _ = newClockModel(t, Options{ResetAfter: time.Minute}, 80, 24)
	if m.boothStart() != nil {
		t.Error("ResetAfter started a clock outside a booth")
	}
}

func TestBoothTimerEndsWithTheSession(t *testing.T) {
	done := make(chan struct{})
	m, _ := newClockModel(t, Options{Booth: true, ResetAfter: time.Hour, Done: done}, 80, 24)
	if msg := m.boothStart()(); msg != (boothTickMsg{}) {
		t.Fatalf("the first look at the clock gave %T", msg)
	}
	_, cmd := update(m, boothTickMsg{})
	close(done)
	start := time.Now()
	if msg := cmd(); msg != nil || time.Since(start) > 100*time.Millisecond {
		t.Errorf("after the session ended the timer gave %v after %s", msg, time.Since(start))
	}
}

func TestBoothCountdownOnANarrowWindow(t *testing.T) {
	m, now := newClockModel(t, Options{Booth: true, ResetAfter: 90 * time.Second}, 40, 12)
	*now = now.Add(80 * time.Second)
	m = tick(t, m)
	v := view(m)
	checkFits(t, v, 40, 12)
	if !strings.Contains(v, "Starting over in 10 s. Press any key.") {
		t.Errorf("the countdown at 40x12 should keep its number:\n%s", v)
	}
}
