package ui

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

const testSSH = "ssh -p 2222 embassy.example"

// attracting is a model that has shown the attract loop since *now.
func attracting(t *testing.T, opt Options, w, h int) (Model, *time.Time) {
	t.Helper()
	if opt.AttractAfter == 0 {
		opt.AttractAfter = time.Minute
	}
	opt.SSHCommand = testSSH
	m, now := newClockModel(t, opt, w, h)
	m = tick(t, m)
	*now = now.Add(opt.AttractAfter)
	m = tick(t, m)
	if !m.attract.on {
		t.Fatalf("no attract loop %s after the last key", opt.AttractAfter)
	}
	return m, now
}

func TestAttractLoopStartsAndStops(t *testing.T) {
	m, now := newClockModel(t, Options{AttractAfter: time.Minute, SSHCommand: testSSH}, 80, 24)
	m = tick(t, m)
	if want := now.Add(time.Minute); !m.booth.wake.Equal(want) {
		t.Errorf("first timer after %s, want 1m", m.booth.wake.Sub(*now))
	}
	// A key at 30 s moves the start; the timer, firing at 60 s, is set again.
	*now = now.Add(30 * time.Second)
	m, _ = update(m, press("down")[0])
	*now = now.Add(30 * time.Second)
	m = tick(t, m)
	if m.attract.on {
		t.Fatal("the loop started 30 s after a key")
	}
	if want := now.Add(30 * time.Second); !m.booth.wake.Equal(want) {
		t.Errorf("timer set again for %s later, want 30s", m.booth.wake.Sub(*now))
	}
	*now = now.Add(30 * time.Second)
	m = tick(t, m)
	if !m.attract.on || m.attract.card != 0 {
		t.Fatalf("60 s after the last key: attracting %v, card %d", m.attract.on, m.attract.card)
	}
	v := view(m)
	for _, want := range []string{"Embassy of the Argentine Republic in South Africa", "Argentina´s Leadership", "Press any key to start"} {
		if !strings.Contains(v, want) {
			t.Errorf("the title card lacks %q:\n%s", want, v)
		}
	}
	// The cards, one every attractCard, and round again.
	wants := []string{
		"Fostering human rights is a central aspect",
		"The evolution of our process for eradicating impunity",
		"A summary written for this kiosk",
		testSSH,
		"Argentina´s Leadership",
	}
	for i, want := range wants {
		*now = now.Add(attractCard)
		m = tick(t, m)
		if v := view(m); !strings.Contains(v, want) || !strings.Contains(v, "Press any key") {
			t.Errorf("card %d lacks %q or Press any key:\n%s", i+1, want, v)
		}
	}
	// A key: home, the loop gone, and the clock starts again.
	m, cmd := update(m, pressRune('x'))
	if m.attract.on || cmd != nil || m.screen != screenHome {
		t.Fatalf("after a key: attracting %v, screen %d", m.attract.on, m.screen)
	}
	if v := view(m); !strings.Contains(v, "Press a number") || strings.Contains(v, "Press any key to start") {
		t.Errorf("after a key the home screen should show:\n%s", v)
	}
	*now = now.Add(59 * time.Second)
	m = tick(t, m)
	if m.attract.on {
		t.Error("the loop came back 59 s after the key")
	}
}

func TestAttractKeyDoesNothingElse(t *testing.T) {
	var viewed []string
	keys := map[string]tea.Msg{
		"q":      pressRune('q'), // quits, outside the loop (this is not a booth)
		"2":      pressRune('2'), // opens page 2
		"enter":  press("enter")[0],
		"ctrl+c": ctrlC(),
		"esc":    press("esc")[0],
		"click":  tea.MouseClickMsg{Button: tea.MouseLeft},
		"wheel":  tea.MouseWheelMsg{Button: tea.MouseWheelDown},
		"paste":  tea.PasteMsg{Content: "2"},
	}
	for name, msg := range keys {
		t.Run(name, func(t *testing.T) {
			// The visitor was reading page 1 when the loop started.
			m, _ := attracting(t, Options{OnPageView: func(s string) { viewed = append(viewed, s) }}, 80, 24)
			m.openPage(m.lib.Pages[0])
			viewed = nil
			m, cmd := update(m, msg)
			if cmd != nil {
				if _, quit := cmd().(tea.QuitMsg); quit {
					t.Fatal("the key quit")
				}
			}
			if m.goodbye != "" || m.attract.on || m.screen != screenHome || m.page.offset != 0 || m.home.cursor != 0 || len(viewed) > 0 {
				t.Errorf("after %s: goodbye %q, attracting %v, screen %d, cursor %d, pages viewed %v",
					name, m.goodbye, m.attract.on, m.screen, m.home.cursor, viewed)
			}
		})
	}
	// A window resize is not a visitor: the loop stays.
	m, _ := attracting(t, Options{}, 80, 24)
	m, _ = update(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if !m.attract.on {
		t.Error("a resize ended the loop")
	}
}

func TestAttractWritesOnlyWhenTheCardChanges(t *testing.T) {
	m, now := attracting(t, Options{}, 80, 24)
	for range 2 * len(cards(m.lib)) {
		// The one timer is set for the next card, and nothing between.
		if want := m.attract.cardAt.Add(attractCard); !m.booth.wake.Equal(want) {
			t.Fatalf("timer at %s into the card, want %s", m.booth.wake.Sub(m.attract.cardAt), attractCard)
		}
		before := m.View().Content
		// An early tick (a timer from before a key) changes nothing.
		*now = now.Add(attractCard / 2)
		m = tick(t, m)
		if m.View().Content != before {
			t.Fatal("the screen changed in the middle of a card")
		}
		*now = now.Add(attractCard / 2)
		m = tick(t, m)
		if m.View().Content == before {
			t.Fatal("the card did not change")
		}
	}
	// A late timer (a suspended laptop) skips ahead, still on the beat.
	card := m.attract.card
	*now = now.Add(3*attractCard + time.Second)
	m = tick(t, m)
	if m.attract.card != (card+3)%len(cards(m.lib)) || !m.booth.wake.Equal(now.Add(attractCard-time.Second)) {
		t.Errorf("late by 3 cards and 1 s: card %d (want %d), next in %s", m.attract.card, (card+3)%len(cards(m.lib)), m.booth.wake.Sub(*now))
	}
}

func TestAttractAndTheBoothReset(t *testing.T) {
	// The loop at 60 s, the reset at 90 s: no countdown over the loop; the
	// booth starts over behind it, and the loop goes on.
	m, now := attracting(t, Options{Booth: true, ResetAfter: 90 * time.Second}, 80, 24)
	m.home.cursor = 2
	end := now.Add(30 * time.Second)
	for i := 0; !m.booth.wake.After(end); i++ {
		if i > 100 {
			t.Fatal("the clock does not move")
		}
		*now = m.booth.wake
		before, card := m.View().Content, m.attract.card
		m = tick(t, m)
		if m.booth.counting || strings.Contains(view(m), "Starting over") {
			t.Fatalf("a reset countdown over the attract loop:\n%s", view(m))
		}
		if m.attract.card == card && m.View().Content != before {
			t.Fatal("the reset changed the card on screen")
		}
	}
	if !m.booth.reset || m.home.cursor != 0 || !m.attract.on {
		t.Errorf("90 s after the last key: reset %v, cursor %d, attracting %v", m.booth.reset, m.home.cursor, m.attract.on)
	}

	// The reset first (30 s), the loop later (60 s), counted from the key.
	m, now = newClockModel(t, Options{Booth: true, ResetAfter: 30 * time.Second, AttractAfter: time.Minute}, 80, 24)
	m = tick(t, m)
	for i := 0; !m.booth.reset; i++ {
		if i > 100 {
			t.Fatal("no reset")
		}
		*now = m.booth.wake
		m = tick(t, m)
	}
	if d := m.booth.wake.Sub(m.booth.last); d != time.Minute {
		t.Errorf("after the reset the loop is due %s after the last key, want 1m", d)
	}
}

func TestAttractShowsTheIdleCountdown(t *testing.T) {
	// Over SSH the idle timer's countdown shows on the loop, and a key
	// cancels both.
	m, now := attracting(t, Options{IdleTimeout: 2 * time.Minute}, 80, 24)
	*now = now.Add(30 * time.Second)
	m, _ = update(m, idleCheckMsg{})
	v := view(m)
	if !m.idle.counting || !strings.Contains(v, "closing in 30 s. Press any key to stay.") {
		t.Fatalf("no idle countdown on the loop:\n%s", v)
	}
	m, cmd := update(m, pressRune('q'))
	if cmd != nil || m.idle.counting || m.attract.on || m.goodbye != "" || !m.idle.last.Equal(*now) {
		t.Errorf("q on the loop during the idle countdown: idle counting %v, attracting %v, goodbye %q", m.idle.counting, m.attract.on, m.goodbye)
	}
}

// TestAttractCards pins each card at 80x24; the reach card holds the QR code
// (run with -update after an intended change).
func TestAttractCards(t *testing.T) {
	m, _ := attracting(t, Options{}, 80, 24)
	for i, c := range cards(m.lib) {
		name := map[cardKind]string{cardTitle: "title", cardPage: "page_" + c.page.Slug, cardReach: "reach"}[c.kind]
		t.Run(name+"_80x24", func(t *testing.T) {
			m.attract.card = i
			v := view(m)
			checkFits(t, v, 80, 24)
			golden.RequireEqual(t, v)
		})
	}
}

func TestAttractFitsEverySize(t *testing.T) {
	sizes := [][2]int{{40, 12}, {41, 13}, {60, 20}, {80, 24}, {100, 30}, {120, 40}, {159, 44}, {160, 45}, {200, 60}, {300, 100}}
	for _, size := range sizes {
		m, _ := attracting(t, Options{}, size[0], size[1])
		for i := range cards(m.lib) {
			m.attract.card = i
			t.Run(fmt.Sprintf("%dx%d_card%d", size[0], size[1], i), func(t *testing.T) {
				v := view(m)
				checkFits(t, v, size[0], size[1])
				if !strings.Contains(v, "Press any key") {
					t.Errorf("no Press any key:\n%s", v)
				}
			})
		}
	}
	// Tiny and huge windows do not upset the cards.
	for _, size := range [][2]int{{0, 0}, {1, 1}, {1, 100}, {300, 1}, {20000, 5}, {5, 20000}} {
		m, _ := attracting(t, Options{}, size[0], size[1])
		for i := range cards(m.lib) {
			m.attract.card = i
			_ = m.View()
		}
	}
	// Big windows set the title in block letters; 80x24 cannot.
	m, _ := attracting(t, Options{}, 160, 45)
	if !strings.Contains(view(m), "█████") {
		t.Errorf("no block letters on the title card at 160x45:\n%s", view(m))
	}
}

func TestReachCard(t *testing.T) {
	m, _ := attracting(t, Options{}, 80, 24)
	m.attract.card = len(cards(m.lib)) - 1
	v := view(m)
	for _, want := range []string{testSSH, "https://esafr.cancilleria.gob.ar/", "▀"} {
		if !strings.Contains(v, want) {
			t.Errorf("the reach card at 80x24 lacks %q:\n%s", want, v)
		}
	}
	// Too small for the code: the address is still there.
	m, _ = update(m, tea.WindowSizeMsg{Width: 40, Height: 12})
	v = view(m)
	if strings.ContainsAny(v, "▀▄") || !strings.Contains(v, "https://esafr.cancilleria.gob.ar/") || !strings.Contains(v, "ssh -p 2222") {
		t.Errorf("the reach card at 40x12:\n%s", v)
	}
}

func TestQRLinesDecode(t *testing.T) {
	const url = "https://esafr.cancilleria.gob.ar/"
	for _, size := range [][2]int{{33, 17}, {70, 40}, {200, 100}} {
		lines, ok := qrLines(url, size[0], size[1])
		if !ok {
			t.Fatalf("no code in %dx%d", size[0], size[1])
		}
		if len(lines) > size[1] {
			t.Errorf("%d lines in %d", len(lines), size[1])
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > size[0] {
				t.Errorf("a line %d wide in %d", ansi.StringWidth(l), size[0])
			}
			// Explicit black on white, whatever the terminal's colours.
			if !strings.Contains(l, "38;2;0;0;0") || !strings.Contains(l, "48;2;255;255;255") {
				t.Fatalf("not black on white: %q", l)
			}
		}
		if got := decodeHalfBlocks(t, lines); got != url {
			t.Errorf("the code in %dx%d reads %q", size[0], size[1], got)
		}
	}
	if _, ok := qrLines(url, 32, 40); ok {
		t.Error("a code in 32 columns: it needs 33 (29 modules and the quiet zone)")
	}
	if _, ok := qrLines(url, 40, 16); ok {
		t.Error("a code in 16 rows: it needs 17")
	}
}

// decodeHalfBlocks reads a QR code drawn in half blocks (dark ink), drawn
// into an image 4 pixels a half-cell, with a white margin.
func decodeHalfBlocks(t *testing.T, lines []string) string {
	t.Helper()
	const px, margin = 4, 16
	w := ansi.StringWidth(lines[0])
	img := image.NewGray(image.Rect(0, 0, w*px+2*margin, len(lines)*2*px+2*margin))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, l := range lines {
		for x, r := range []rune(ansi.Strip(l)) {
			top, bottom := r == '█' || r == '▀', r == '█' || r == '▄'
			for dy := range 2 * px {
				if (dy < px && top) || (dy >= px && bottom) {
					for dx := range px {
						img.Set(margin+x*px+dx, margin+y*2*px+dy, color.Black)
					}
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return res.GetText()
}
