package ui

import (
	"bytes"
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/markdown"
	"github.com/embassy-kiosk/embassy/plain"
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
		case "backspace":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyBackspace})
		case "ctrl+c":
			msgs = append(msgs, tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		default:
			r := []rune(k)[0]
			msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: k})
		}
	}
	return msgs
}

// typeText is the key presses that type s.
func typeText(s string) []tea.Msg {
	var msgs []tea.Msg
	for _, r := range s {
		msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return msgs
}

// screenAfter sizes a new model, feeds it msgs and returns what it shows,
// without colours.
func screenAfter(t testing.TB, w, h int, msgs ...tea.Msg) (Model, string) {
	t.Helper()
	return screenIn(t, content.English, w, h, msgs...)
}

// screenIn is screenAfter for a visitor who chose lang.
func screenIn(t testing.TB, lang content.Lang, w, h int, msgs ...tea.Msg) (Model, string) {
	t.Helper()
	var m tea.Model = New(Options{Library: library(t), Lang: lang, Markdown: markdown.NewCache()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, msg := range msgs {
		m, _ = m.Update(msg)
	}
	return m.(Model), ansi.Strip(m.View().Content)
}

// TestScreens pins what a visitor sees on each screen at a normal and at the
// smallest supported size. Run with -update after an intended change.
func TestScreens(t *testing.T) {
	screens := map[string][]tea.Msg{
		"home":          nil,
		"page":          press("enter"),
		"links":         press("4"),
		"link":          press("4", "enter"),
		"link_short":    press("4", "down", "down", "enter"), // EAAF: the shortest address
		"filter":        append(press("4", "/"), typeText("genétic")...),
		"filter_none":   append(press("4", "/"), typeText("zzz")...),
		"filtered":      append(append(press("4", "/"), typeText("mercosur")...), press("enter", "esc")...),
		"about":         press("6"),
		"home_es":       press("L"),
		"link_es":       press("L", "4", "enter"),
		"about_es":      press("L", "6"),
		"filter_es":     append(press("L", "4", "/"), typeText("memoria")...),
		"copied":        press("4", "enter", "c"),
		"help_filter":   press("4", "?"),
		"banner":        press("5"),
		"link_scrolled": press("4", "enter", "G"),
	}
	for name, msgs := range screens {
		for _, size := range [][2]int{{80, 24}, {40, 12}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				_, view := screenAfter(t, size[0], size[1], msgs...)
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
		for _, keys := range [][]string{nil, {"1"}, {"2", "G"}, {"4"}, {"4", "G", "enter"}, {"4", "enter", "G"}, {"5"}, {"6"}, {"?"},
			{"1", "?"}, {"4", "?"}, {"4", "enter", "?"}, {"L", "4", "?"}, {"L"}, {"L", "1", "G"}, {"L", "4", "G", "enter"}, {"4", "/", "x"}, {"4", "/", "?"}, {"L", "6", "G"}} {
			_, view := screenAfter(t, size[0], size[1], press(keys...)...)
			t.Run(fmt.Sprintf("%dx%d_%s", size[0], size[1], strings.Join(keys, "+")), func(t *testing.T) {
				checkFits(t, view, size[0], size[1])
			})
		}
	}
}

// The full help lists every key that works on the screen, on a phone's
// 40 columns too: none is cut for want of width.
func TestFullHelpListsEveryKey(t *testing.T) {
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		for _, w := range []int{40, 80, 120} {
			for _, keys := range [][]string{nil, {"1"}, {"4"}, {"4", "enter"}} {
				m, view := screenIn(t, lang, w, 30, press(append(keys, "?")...)...)
				for _, group := range m.activeKeys().FullHelp() {
					for _, b := range group {
						if !b.Enabled() || b.Help().Key == "" {
							continue
						}
						if want := b.Help().Key + " " + b.Help().Desc; !strings.Contains(words(view), want) {
							t.Errorf("%s, %d columns, after %v: the help lacks %q", lang, w, keys, want)
						}
					}
				}
			}
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
	if m.home.cursor != 1 {
		t.Errorf("down, down, up: cursor at %d, want 1", m.home.cursor)
	}
	m, _ = screenAfter(t, 80, 24, press("up", "k")...)
	if m.home.cursor != 0 {
		t.Errorf("up at the top should stay at the top, got %d", m.home.cursor)
	}
	last := len(m.menu) - 1
	m, _ = screenAfter(t, 80, 24, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if m.home.cursor != last {
		t.Errorf("shift+tab from the top should wrap to the last entry %d, got %d", last, m.home.cursor)
	}
	m, _ = screenAfter(t, 80, 24, press("j", "j", "j", "j", "j", "j", "j")...)
	if m.home.cursor != last {
		t.Errorf("j past the end should stop at %d, got %d", last, m.home.cursor)
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
	top := m.page.offset
	m, _ = screenAfter(t, 80, 24, press("1", "space")...)
	if m.page.offset <= top {
		t.Errorf("space should scroll a page down: offset %d -> %d", top, m.page.offset)
	}
	m, view = screenAfter(t, 80, 24, press("1", "G")...)
	if !strings.Contains(view, "100%") || !strings.Contains(view, "Policy Institute") {
		t.Errorf("G should show the end of the page at 100%%, got:\n%s", view)
	}
	m, _ = screenAfter(t, 80, 24, press("1", "G", "g")...)
	if m.page.offset != 0 {
		t.Errorf("g should go back to the top, offset %d", m.page.offset)
	}
	m, _ = screenAfter(t, 80, 24, append(press("1"), tea.MouseWheelMsg{Button: tea.MouseWheelDown}, tea.MouseWheelMsg{Button: tea.MouseWheelDown})...)
	if m.page.offset != 2 {
		t.Errorf("two wheel notches down should scroll two lines, offset %d", m.page.offset)
	}
}

// TestResizeKeepsPlace checks that a narrower window reflows the page and
// keeps the visitor near the same place in the text.
func TestResizeKeepsPlace(t *testing.T) {
	m, _ := screenAfter(t, 80, 24, press("1", "space")...)
	before := float64(m.page.offset) / float64(len(m.page.lines))
	m2, view := screenAfter(t, 80, 24, append(press("1", "space"), tea.WindowSizeMsg{Width: 50, Height: 20})...)
	after := float64(m2.page.offset) / float64(len(m2.page.lines))
	if len(m2.page.lines) <= len(m.page.lines) {
		t.Errorf("a narrower window should wrap into more lines: %d -> %d", len(m.page.lines), len(m2.page.lines))
	}
	if d := after - before; d > 0.1 || d < -0.1 {
		t.Errorf("reading position moved from %.2f to %.2f of the page", before, after)
	}
	checkFits(t, view, 50, 20)
}

func TestDirectory(t *testing.T) {
	lib := library(t)
	m, view := screenAfter(t, 80, 24, press("4")...)
	if m.screen != screenLinks || !strings.Contains(view, lib.Links[0].Title) || !strings.Contains(view, lib.Links[0].URL) {
		t.Fatalf("3 should open the directory with its first entry, got:\n%s", view)
	}
	// Walking to the last entry keeps the selection on screen.
	keys := press("4")
	for range lib.Links {
		keys = append(keys, press("down")...)
	}
	m, view = screenAfter(t, 80, 24, keys...)
	last := lib.Links[len(lib.Links)-1]
	if m.dir.cursor != len(lib.Links)-1 || !strings.Contains(view, "▸ "+last.Title) {
		t.Errorf("the last entry should be selected and visible, got:\n%s", view)
	}
	m, view = screenAfter(t, 80, 24, append(keys, press("enter")...)...)
	// Beside the QR code, a long address is wrapped.
	if m.shownLink() != last || !strings.Contains(view, last.URL[:30]) || !strings.Contains(view, "Address verified") {
		t.Errorf("enter should show the entry's address and status, got:\n%s", view)
	}
	_, view = screenAfter(t, 80, 24, append(keys, press("enter", "esc")...)...)
	if !strings.Contains(view, "▸ "+last.Title) {
		t.Errorf("esc from an entry should return to it in the directory, got:\n%s", view)
	}
}

func TestBannerLink(t *testing.T) {
	lib := library(t)
	_, view := screenAfter(t, 80, 24, press("5")...)
	shown := true // the address may be wrapped at its slashes and dashes
	for _, part := range strings.FieldsFunc(lib.Site.Banner.URL, func(r rune) bool { return r == '/' || r == '-' }) {
		shown = shown && strings.Contains(view, part)
	}
	if !shown || !strings.Contains(view, "FO.AR") {
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
	tm := teatest.NewTestModel(t, New(Options{Library: library(t), Markdown: markdown.NewCache(), OnPageView: func(s string) { viewed <- s }}),
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
	var m tea.Model = New(Options{Library: library(t), Markdown: markdown.NewCache()})
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
	if !strings.Contains(strings.ReplaceAll(m.View().Content, "\n", ""), m.sourceAddress()) {
		t.Errorf("the goodbye should carry the whole address of the original page")
	}
}

// TestStartsInSpanish: a visitor who chose Spanish sees Spanish everywhere.
func TestStartsInSpanish(t *testing.T) {
	es := library(t).In(content.Spanish)
	_, home := screenIn(t, content.Spanish, 80, 24)
	for _, want := range []string{es.Site.Name, es.Pages[0].Title, "Sitios relacionados", "Presione un número", "L English", "salir"} {
		if !strings.Contains(home, want) {
			t.Errorf("the Spanish home lacks %q:\n%s", want, home)
		}
	}
	if strings.Contains(home, "Related websites") || strings.Contains(home, "quit") {
		t.Errorf("the Spanish home has English text:\n%s", home)
	}
	m, view := screenIn(t, content.Spanish, 80, 24, press("q")...)
	if !strings.Contains(m.View().Content, "Gracias por visitar la Embajada") {
		t.Errorf("the Spanish goodbye = %q (%s)", m.View().Content, view)
	}
	var tm tea.Model = m
	tm, _ = New(Options{Library: library(t), Lang: content.Spanish, Markdown: markdown.NewCache()}).Update(ClosingMsg{})
	if !strings.Contains(tm.View().Content, "cierra por mantenimiento") {
		t.Errorf("the Spanish closing message = %q", tm.View().Content)
	}
}

// TestLanguageKey: L switches language live, on the screen the visitor is
// on, and back.
func TestLanguageKey(t *testing.T) {
	lib := library(t)
	es := lib.In(content.Spanish)
	tests := []struct {
		name     string
		keys     []string
		en, want string // text on the English screen, and on the Spanish one
	}{
		{"home", nil, "Related websites", "Sitios relacionados"},
		{"page", []string{"1"}, lib.Pages[0].Title, es.Pages[0].Title},
		{"page text", []string{"2"}, "model for the world", "modelo para el mundo"},
		{"directory", []string{"4"}, "Argentine institutions", "Instituciones argentinas"},
		{"entry", []string{"4", "down", "enter"}, "Address likely", "Dirección probable"},
		{"entry title", []string{"4", "down", "enter"}, lib.Links[1].Title, es.Links[1].Title},
		{"banner", []string{"5"}, lib.Site.Banner.Description[:20], es.Site.Banner.Description[:20]},
		{"about", []string{"6"}, "Contact the Embassy", "Contacto con la Embajada"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m0, before := screenAfter(t, 80, 24, press(tt.keys...)...)
			m1, after := screenAfter(t, 80, 24, press(append(tt.keys, "L")...)...)
			_, back := screenAfter(t, 80, 24, press(append(tt.keys, "L", "L")...)...)
			if !strings.Contains(before, tt.en) {
				t.Fatalf("before L the screen lacks %q:\n%s", tt.en, before)
			}
			if !strings.Contains(after, tt.want) || strings.Contains(after, tt.en) {
				t.Errorf("after L the screen should show %q instead of %q:\n%s", tt.want, tt.en, after)
			}
			if m1.screen != m0.screen || m1.lang != content.Spanish {
				t.Errorf("L changed the screen (%d -> %d) or not the language (%s)", m0.screen, m1.screen, m1.lang)
			}
			if back != before {
				t.Errorf("L twice should give back the English screen; got:\n%s\nwant:\n%s", back, before)
			}
		})
	}
	// The selection and the filter survive the switch.
	m, _ := screenAfter(t, 80, 24, append(append(press("4", "/"), typeText("eaaf")...), press("enter", "esc", "esc", "L")...)...)
	if m.dir.cursor != 2 || m.lib.Links[m.dir.visible[m.dir.cursor]].URL != "https://eaaf.org/" {
		t.Errorf("after L the directory should keep its selection, got %d", m.dir.cursor)
	}
	m, _ = screenAfter(t, 80, 24, append(append(press("4", "/"), typeText("corteidh")...), press("enter", "esc", "L")...)...)
	if m.dir.filter.Value() != "corteidh" || len(m.dir.visible) != 1 {
		t.Errorf("after L the filter should stay: %q, %d entries", m.dir.filter.Value(), len(m.dir.visible))
	}
}

func TestFilter(t *testing.T) {
	lib := library(t)
	find := func(keys ...tea.Msg) (Model, string) {
		return screenAfter(t, 80, 24, append(press("4", "/"), keys...)...)
	}
	// Accents and case do not matter; every word must match.
	m, view := find(typeText("GENÉTIC")...)
	if len(m.dir.visible) != 1 || !strings.Contains(view, "National Genetic Data Bank") || !strings.Contains(view, "1 of 21") {
		t.Errorf("“GENÉTIC” should find the BNDG alone, got %d:\n%s", len(m.dir.visible), view)
	}
	m, _ = screenIn(t, content.Spanish, 80, 24, append(press("4", "/"), typeText("genetica")...)...)
	if len(m.dir.visible) != 1 {
		t.Errorf("“genetica” should find the Banco Nacional de Datos Genéticos alone, got %d", len(m.dir.visible))
	}
	m, _ = find(typeText("memoria espacio")...)
	if len(m.dir.visible) != 2 {
		t.Errorf("“memoria espacio” should find 2 entries, got %d", len(m.dir.visible))
	}
	// Addresses are searched too; groups are shown.
	m, view = find(typeText("mercosur.int")...)
	if len(m.dir.visible) != 2 || !strings.Contains(view, "MERCOSUR and regional bodies") {
		t.Errorf("“mercosur.int” should find 2 entries under their group, got %d:\n%s", len(m.dir.visible), view)
	}
	// Letters that are keys elsewhere are typed while filtering.
	m, view = find(typeText("q?jL5")...)
	if m.goodbye != "" || m.screen != screenLinks || m.dir.filter.Value() != "q?jL5" || m.lang != content.English {
		t.Errorf("keys typed into the filter acted as commands: %+v", m.dir.filter.Value())
	}
	if !strings.Contains(view, "No matches") || !strings.Contains(view, "0 of 21") {
		t.Errorf("a filter with no matches should say so:\n%s", view)
	}
	m, _ = find(append(typeText("oass"), press("backspace")...)...)
	if m.dir.filter.Value() != "oas" || len(m.dir.visible) != 1 {
		t.Errorf("backspace should edit the filter: %q, %d", m.dir.filter.Value(), len(m.dir.visible))
	}
	// Esc while typing clears the filter; Esc again goes home.
	m, view = find(append(typeText("eaaf"), press("esc")...)...)
	if m.dir.filter.Value() != "" || m.typing() || len(m.dir.visible) != len(lib.Links) || m.screen != screenLinks {
		t.Errorf("esc should clear the filter and show every entry:\n%s", view)
	}
	m, _ = find(append(typeText("eaaf"), press("esc", "esc")...)...)
	if m.screen != screenHome {
		t.Errorf("esc on an unfiltered directory should go home")
	}
	// Enter opens the selected match; Back returns to the filtered list.
	m, view = find(append(typeText("court"), press("enter")...)...)
	if m.screen != screenLink || m.shownLink().URL != "https://www.corteidh.or.cr/" {
		t.Errorf("enter should open the match, got:\n%s", view)
	}
	m, view = find(append(typeText("court"), press("enter", "esc")...)...)
	if m.screen != screenLinks || len(m.dir.visible) != 1 || !strings.Contains(view, "Filter: court") {
		t.Errorf("back from an entry should return to the filtered list:\n%s", view)
	}
	// Esc on the filtered list clears the filter and keeps the entry selected.
	m, view = find(append(typeText("court"), press("enter", "esc", "esc")...)...)
	if m.screen != screenLinks || m.dir.filter.Value() != "" || lib.Links[m.dir.visible[m.dir.cursor]].URL != "https://www.corteidh.or.cr/" {
		t.Errorf("esc should clear the filter and keep the selection:\n%s", view)
	}
	if !strings.Contains(view, "▸ Inter-American Court") {
		t.Errorf("the selected entry should be on screen:\n%s", view)
	}
	// Left on the filtered list goes home, and the filter is gone when
	// the visitor comes back. (Backspace edits the filter: visitor_test.go.)
	m, _ = find(append(typeText("court"), append(press("enter", "esc"), tea.KeyPressMsg{Code: tea.KeyLeft}, press("4")[0])...)...)
	if m.screen != screenLinks || m.dir.filter.Value() != "" || len(m.dir.visible) != len(lib.Links) {
		t.Errorf("leaving the directory should drop the filter: %q, %d entries", m.dir.filter.Value(), len(m.dir.visible))
	}
	// Arrows move among matches while typing.
	m, _ = find(append(typeText("mercosur"), press("down", "down", "down", "down", "down", "down")...)...)
	if m.dir.cursor != len(m.dir.visible)-1 || !m.typing() {
		t.Errorf("down while typing should move to the last match, at %d of %d", m.dir.cursor, len(m.dir.visible))
	}
	// In Spanish the filter searches the Spanish text.
	m, _ = screenIn(t, content.Spanish, 80, 24, append(press("4", "/"), typeText("cancilleria")...)...)
	if len(m.dir.visible) != 5 {
		t.Errorf("“cancilleria” should find 5 Spanish entries (by their descriptions and addresses), got %d", len(m.dir.visible))
	}
	// Ctrl+C still leaves.
	m, _ = find(append(typeText("x"), press("ctrl+c")...)...)
	if m.goodbye == "" {
		t.Errorf("ctrl+c while typing should quit")
	}
}

func TestCopy(t *testing.T) {
	lib := library(t)
	var m tea.Model = New(Options{Library: lib, Markdown: markdown.NewCache()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, msg := range press("4", "down", "down", "enter") {
		m, _ = m.Update(msg)
	}
	m, cmd := m.Update(press("c")[0])
	if cmd == nil {
		t.Fatal("c should copy the address")
	}
	if got := fmt.Sprint(cmd()); !strings.Contains(got, "https://eaaf.org/") {
		t.Errorf("c should set the clipboard to the address, the command gives %q", got)
	}
	view := ansi.Strip(m.View().Content)
	if !strings.Contains(view, "Copied to your clipboard (if your terminal allows it).") {
		t.Errorf("c should confirm on screen:\n%s", view)
	}
	m, _ = m.Update(press("j")[0])
	if strings.Contains(ansi.Strip(m.View().Content), "Copied") {
		t.Errorf("the confirmation should go at the next key")
	}
	// In the directory, c copies the selected entry.
	_, cmd = New(Options{Library: lib, Start: "links", Markdown: markdown.NewCache()}).Update(press("c")[0])
	if cmd == nil || !strings.Contains(fmt.Sprint(cmd()), lib.Links[0].URL) {
		t.Errorf("c in the directory should copy the selected address")
	}
	_, view = screenIn(t, content.Spanish, 40, 12, press("4", "enter", "c")...)
	if !strings.Contains(view, "Copiada (si su terminal lo permite).") {
		t.Errorf("a narrow window should get the short confirmation:\n%s", view)
	}
}

func TestHyperlinks(t *testing.T) {
	url := library(t).Links[0].URL
	osc := ansi.SetHyperlink(url)
	for term, want := range map[string]bool{
		"xterm-256color": true, "tmux-256color": true, "screen": true, "alacritty": true,
		"dumb": false, "vt100": false, "vt220": false, "linux": false, "": false,
	} {
		var m tea.Model = New(Options{Library: library(t), Markdown: markdown.NewCache()})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		m, _ = m.Update(tea.EnvMsg{"TERM=" + term})
		for _, msg := range press("4", "enter") {
			m, _ = m.Update(msg)
		}
		if got := strings.Contains(m.View().Content, osc); got != want {
			t.Errorf("TERM=%q: OSC 8 hyperlink shown = %v, want %v", term, got, want)
		}
		// Pages' links follow the same rule.
		for _, msg := range press("esc", "esc", "5") {
			m, _ = m.Update(msg)
		}
		if got := strings.Contains(m.View().Content, "\x1b]8;"); got != want {
			t.Errorf("TERM=%q: page hyperlinks shown = %v, want %v", term, got, want)
		}
	}
}

// TestQRPlacement: beside the text when there is room, under it when not,
// and a sentence instead when the window is too small or has no colours.
func TestQRPlacement(t *testing.T) {
	open := press("4", "down", "down", "enter") // EAAF: a short address
	m, view := screenAfter(t, 80, 24, open...)
	if v := m.entryLayout(); v.side == nil || !strings.Contains(view, "Scan the QR code") {
		t.Errorf("at 80x24 the code should be beside the text:\n%s", view)
	}
	m, view = screenAfter(t, 50, 30, open...)
	if v := m.entryLayout(); v.side != nil || !strings.Contains(view, "Scroll down for the QR code") {
		t.Errorf("at 50x30 the code should be under the text:\n%s", view)
	}
	_, view = screenAfter(t, 50, 30, append(open, press("G")...)...)
	if !strings.Contains(view, "█") {
		t.Errorf("at 50x30, G should bring the code into view:\n%s", view)
	}
	_, view = screenAfter(t, 40, 12, append(open, press("G")...)...)
	if strings.Contains(view, "█") || !strings.Contains(words(view), "too small for this address's QR code, which needs 27x17") {
		t.Errorf("at 40x12 there is no room for the code, and the screen should say so:\n%s", view)
	}
	_, view = screenAfter(t, 80, 24, append([]tea.Msg{tea.ColorProfileMsg{Profile: colorprofile.Ascii}}, open...)...)
	if !strings.Contains(view, "█") || !strings.Contains(words(view), "drawn in its own") {
		t.Errorf("without colours the code is drawn in the terminal's own, and the screen should say so:\n%s", view)
	}
	_, view = screenAfter(t, 80, 24, append([]tea.Msg{tea.EnvMsg{"TERM=vt100"}}, open...)...)
	if strings.Contains(view, "█") || !strings.Contains(words(view), "cannot show the block characters a QR code") {
		t.Errorf("a vt100 has no block characters: no code, and the screen should say so:\n%s", view)
	}
}

// words is s with every run of white space made one space.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestUntranslated: where a translation is missing, the English text is
// shown, and the screen says so.
func TestUntranslated(t *testing.T) {
	fsys := fstest.MapFS{
		"links.yaml": {Data: []byte("site:\n  name: {en: Embassy, es: Embajada}\n  title: {en: Title, es: Título}\n" +
			"groups:\n  - name: {en: G, es: G}\n    links:\n      - title: {en: Foo, es: Foo}\n        description: Only English.\n        url: https://example.org/\n        status: verified\n")},
		"pages/01-one.md": {Data: []byte("---\ntitle: One\n---\n\nOnly English.\n")},
	}
	lib, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var m tea.Model = New(Options{Library: lib, Lang: content.Spanish, Markdown: markdown.NewCache()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	show := func(keys ...string) string {
		mm := m
		for _, msg := range press(keys...) {
			mm, _ = mm.Update(msg)
		}
		return ansi.Strip(mm.View().Content)
	}
	if v := show(); !strings.Contains(v, "2 textos aún no están traducidos") {
		t.Errorf("home should say how many texts are untranslated:\n%s", v)
	}
	if v := show("1"); !strings.Contains(v, "Esta página aún no está traducida") || !strings.Contains(v, "Only English.") {
		t.Errorf("an untranslated page should say so:\n%s", v)
	}
	if v := show("2"); !strings.Contains(v, "(texto aún sin traducir)") {
		t.Errorf("an untranslated entry should be marked in the directory:\n%s", v)
	}
	if v := show("2", "enter"); !strings.Contains(v, "Parte de esta entrada aún no está") {
		t.Errorf("an untranslated entry should say so:\n%s", v)
	}
	if v := plain.Links(lib.In(content.Spanish)); !strings.Contains(v, "(aún sin traducir") {
		t.Errorf("plain text should mark untranslated entries:\n%s", v)
	}
}

func TestWrapURL(t *testing.T) {
	for _, tt := range []struct {
		url  string
		w    int
		want []string
	}{
		{"https://eaaf.org/", 40, []string{"https://eaaf.org/"}},
		{"https://www.argentina.gob.ar/ciencia/bndg", 38, []string{"https://www.argentina.gob.ar/ciencia/", "bndg"}},
		{"https://www.cancilleria.gob.ar/en/foreign-policy/international-cooperation", 36,
			[]string{"https://www.cancilleria.gob.ar/en/", "foreign-policy/international-", "cooperation"}},
		{"https://example.org/" + strings.Repeat("x", 30), 20, []string{"https://example.org/", strings.Repeat("x", 20), strings.Repeat("x", 10)}},
	} {
		got := wrapURL(tt.url, tt.w)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrapURL(%q, %d) = %q, want %q", tt.url, tt.w, got, tt.want)
		}
		if strings.Join(got, "") != tt.url {
			t.Errorf("wrapURL(%q) lost characters", tt.url)
		}
	}
}

// TestASCIITerminals: where the terminal cannot show Unicode (a vt100, the
// Linux console, a locale that is not UTF-8) every screen is drawn in ASCII,
// with the same layout.
func TestASCIITerminals(t *testing.T) {
	for _, env := range [][]string{{"TERM=vt100"}, {"TERM=linux"}, {"TERM=xterm", "LANG=en_US.ISO-8859-1"}, {"TERM=xterm", "LC_ALL=C"}} {
		for _, keys := range [][]string{nil, {"1"}, {"4"}, {"4", "enter"}, {"?"}} {
			m, view := screenAfter(t, 80, 24, append([]tea.Msg{tea.EnvMsg(env)}, press(keys...)...)...)
			for _, glyph := range []string{"─", "▸", "✓", "•", "…", "↑", "↓", "←", "█", "▀", "▄"} {
				if strings.Contains(view, glyph) {
					t.Errorf("%v %v: %q on a terminal without Unicode:\n%s", env, keys, glyph, view)
				}
			}
			checkFits(t, view, 80, 24)
			if keys == nil && !strings.Contains(view, "> 1  Furthering") {
				t.Errorf("%v: the selection should be marked with >:\n%s", env, view)
			}
			_ = m
		}
	}
	// UTF-8 terminals keep the Unicode symbols.
	_, view := screenAfter(t, 80, 24, tea.EnvMsg{"TERM=xterm-256color", "LANG=es_AR.UTF-8"})
	if !strings.Contains(view, "▸ 1") || !strings.Contains(view, "─") {
		t.Errorf("a UTF-8 terminal should get the Unicode symbols:\n%s", view)
	}
}

// TestQuickExit: x ends the visit at once, leaves nothing on the screen,
// and tells the caller to clear the scrollback.
func TestQuickExit(t *testing.T) {
	called := false
	var m tea.Model = New(Options{Library: library(t), Markdown: markdown.NewCache(), OnQuickExit: func() { called = true }})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = m.Update(press("1")[0])
	m, cmd := m.Update(press("x")[0])
	if cmd == nil || cmd() != tea.Quit() || !called {
		t.Fatalf("x should quit and call OnQuickExit (called %v)", called)
	}
	if v := m.View(); v.Content != "" || v.AltScreen {
		t.Errorf("after x nothing may be left on screen, got %q", v.Content)
	}
	_, full := screenAfter(t, 80, 24, press("?")...)
	if !strings.Contains(full, "leave now") {
		t.Errorf("the full help should list x:\n%s", full)
	}
}

// TestClicks: a click on a menu entry opens it; a click on an entry of the
// directory opens that entry; a click elsewhere does nothing.
// A click opens what it lands on, at every size: the ordinary layout, a
// tall narrow window (summaries wrapped) and a projector (a taller header,
// the menu spaced and lower).
func TestClicks(t *testing.T) {
	click := func(x, y int) tea.Msg { return tea.MouseClickMsg{Button: tea.MouseLeft, X: x, Y: y} }
	rowOf := func(view, text string) int {
		for i, l := range strings.Split(view, "\n") {
			if strings.Contains(l, text) {
				return i
			}
		}
		t.Fatalf("%q is not on screen:\n%s", text, view)
		return -1
	}
	for _, size := range [][2]int{{80, 24}, {42, 30}, {160, 45}} {
		w, h := size[0], size[1]
		home, homeView := screenAfter(t, w, h)
		row := rowOf(homeView, "Memory, truth and")
		x := strings.Index(strings.Split(homeView, "\n")[row], "Memory")
		m, view := screenAfter(t, w, h, click(x, row))
		if m.screen != screenPage || !strings.Contains(view, "model for the world") {
			t.Errorf("%dx%d: clicking the second entry (row %d) should open it:\n%s", w, h, row, view)
		}
		second := m.page.doc.Slug
		m, _ = screenAfter(t, w, h, click(x, rowOf(homeView, "How Argentina became")))
		if m.screen != screenPage || m.page.doc.Slug != second {
			t.Errorf("%dx%d: clicking an entry's summary should open it too", w, h)
		}
		m, _ = screenAfter(t, w, h, click(10, 0), click(10, h-1))
		if m.screen != screenHome || m.home.cursor != home.home.cursor {
			t.Errorf("%dx%d: clicks on the header and footer should do nothing", w, h)
		}
		_, view = screenAfter(t, w, h, press("4")...)
		target := library(t).Links[1].Title
		row = rowOf(view, target)
		m, view = screenAfter(t, w, h, append(press("4"), click(x, row+1))...)
		if m.screen != screenLink || m.shownLink().Title != target {
			t.Errorf("%dx%d: clicking %q's description should open it:\n%s", w, h, target, view)
		}
		m, _ = screenAfter(t, w, h, append(press("4"), click(x, row-1))...)
		if m.screen != screenLinks {
			t.Errorf("%dx%d: clicking the blank line between entries should do nothing", w, h)
		}
	}
}

// A session's text comes styled in its terminal's colour profile, the
// server's guess at first and Bubble Tea's once it says: 256-colour
// terminals (OpenSSH's usual TERM) get no 24-bit colours to bring down.
func TestColoursInTheSessionsProfile(t *testing.T) {
	deeper := map[colorprofile.Profile][]string{
		colorprofile.TrueColor: nil,
		colorprofile.ANSI256:   {"38;2;", "48;2;"},
		colorprofile.ANSI:      {"38;2;", "48;2;", "38;5;", "48;5;"},
		colorprofile.NoTTY:     {"\x1b["},
	}
	screens := map[string][]tea.Msg{"home": nil, "page": press("1"), "directory": press("4")}
	for p, banned := range deeper {
		for name, keys := range screens {
			var m tea.Model = New(Options{Library: library(t), Markdown: markdown.NewCache(), Profile: p})
			m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			for _, k := range keys {
				m, _ = m.Update(k)
			}
			view := m.View().Content
			for _, b := range banned {
				if strings.Contains(view, b) {
					t.Errorf("%v, %s: the view has %q", p, name, b)
				}
			}
			if p == colorprofile.TrueColor && !strings.Contains(view, "38;2;") {
				t.Errorf("true colour, %s: no 24-bit colour in the view", name)
			}
		}
	}
	// Bubble Tea's word replaces the guess.
	var m tea.Model = New(Options{Library: library(t), Markdown: markdown.NewCache(), Profile: colorprofile.TrueColor})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = m.Update(tea.ColorProfileMsg{Profile: colorprofile.ANSI256})
	m, _ = m.Update(press("1")[0])
	if v := m.View().Content; strings.Contains(v, "38;2;") || !strings.Contains(v, "38;5;") {
		t.Errorf("after ColorProfileMsg(ANSI256) the page is not in 256 colours: %q", v[:min(len(v), 300)])
	}
}

// In 16 colours (PuTTY's default TERM=xterm) the gold of the rule, the
// numbers and the headings is the terminal's yellow: the nearest of the
// 16 to it is red, which reads as an error.
func TestSixteenColoursGoldIsYellow(t *testing.T) {
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	for _, dark := range []bool{true, false} {
		var m tea.Model = New(Options{Library: library(t), Markdown: markdown.NewCache(), Profile: colorprofile.ANSI})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		if !dark {
			m, _ = m.Update(tea.BackgroundColorMsg{Color: color.White})
		}
		yellow := map[bool]string{true: "93", false: "33"}[dark]
		for _, keys := range [][]tea.Msg{nil, press("4")} {
			for _, k := range keys {
				m, _ = m.Update(k)
			}
			seen := map[string]bool{}
			for _, match := range sgr.FindAllStringSubmatch(m.View().Content, -1) {
				for _, p := range strings.Split(match[1], ";") {
					seen[p] = true
				}
			}
			if seen["31"] || seen["91"] || !seen[yellow] {
				t.Errorf("dark %v, after %d keys: SGR parameters %v, want %s and no red", dark, len(keys), seen, yellow)
			}
		}
	}
}

// Bubble Tea's own input reader (--renderer bubbletea) reads Escapes that
// come in one burst (tmux, a slow link) as one alt+esc: it closes the
// directory's filter as Esc does, so later keys are not typed into it.
func TestAltEscClosesTheFilter(t *testing.T) {
	for name, k := range map[string]tea.Msg{
		"esc":     tea.KeyPressMsg{Code: tea.KeyEscape},
		"alt+esc": tea.KeyPressMsg{Code: tea.KeyEscape, Mod: tea.ModAlt},
	} {
		_, view := screenAfter(t, 80, 24, append(append(press("4", "/"), typeText("me")...), k, press("j")[0])...)
		if strings.Contains(view, "Filter: me") {
			t.Errorf("%s: the filter is still open:\n%s", name, view)
		}
	}
}
