package ui

import (
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/colour"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
)

// What a first-time visitor tripped on (issue 14): each test here failed
// before its fix.

// smallLibrary is content with n short pages (each fits any window) and
// one link.
func smallLibrary(t testing.TB, n int) *content.Library {
	t.Helper()
	fsys := fstest.MapFS{
		"links.yaml": {Data: []byte("site:\n  name: {en: Embassy, es: Embajada}\n  title: {en: Title, es: Título}\n" +
			"groups:\n  - name: {en: G, es: G}\n    links:\n      - title: {en: Foo, es: Foo}\n        description: {en: A body., es: Un organismo.}\n        url: https://example.org/\n        status: verified\n")},
	}
	for i := 1; i <= n; i++ {
		fsys[fmt.Sprintf("pages/%02d-p%d.md", i, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Page number %d\nsummary: What page %d says.\n---\n\nShort text %d.\n", i, i, i))}
		fsys[fmt.Sprintf("pages/%02d-p%d.es.md", i, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Página número %d\nsummary: Lo que dice la página %d.\n---\n\nTexto breve %d.\n", i, i, i))}
	}
	lib, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// showLib sizes a new model on lib, feeds it msgs, and returns it and what
// it shows without colours.
func showLib(t testing.TB, lib *content.Library, lang content.Lang, w, h int, msgs ...tea.Msg) (Model, string) {
	t.Helper()
	var m tea.Model = New(Options{Library: lib, Lang: lang, Markdown: markdown.NewCache()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, msg := range msgs {
		m, _ = m.Update(msg)
	}
	return m.(Model), ansi.Strip(m.View().Content)
}

func lastLine(view string) string {
	lines := strings.Split(view, "\n")
	return lines[len(lines)-1]
}

// Item 10: the footer offers only keys that do something.
func TestFooterOffersOnlyKeysThatWork(t *testing.T) {
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		scroll, space := i18n.T(lang, "key.scroll"), i18n.T(lang, "key.pagedown")
		// A page that fits the window: nothing to scroll.
		_, v := showLib(t, smallLibrary(t, 2), lang, 80, 24, press("1")...)
		if f := lastLine(v); strings.Contains(f, scroll) || strings.Contains(f, "space") {
			t.Errorf("%s: a page that fits offers scrolling: %q", lang, f)
		}
		// An entry that fits at 80x24, its QR code beside it (EAAF: a
		// short address, no note).
		_, v = screenIn(t, lang, 80, 24, press("4", "down", "down", "enter")...)
		if f := lastLine(v); strings.Contains(f, scroll) || strings.Contains(f, "space") {
			t.Errorf("%s: an entry that fits offers scrolling: %q", lang, f)
		}
		// A long page does scroll, and says what space does.
		m, v := screenIn(t, lang, 80, 24, press("1")...)
		if f := lastLine(v); !strings.Contains(f, scroll) {
			t.Errorf("%s: a long page does not offer scrolling: %q", lang, f)
		}
		if b := m.activeKeys().PageDown; !b.Enabled() || b.Help().Desc != space {
			t.Errorf("%s: space on a long page: %v %q", lang, b.Enabled(), b.Help().Desc)
		}
	}
	if i18n.T(content.English, "key.pagedown") != "scroll down a screen" {
		t.Errorf("space is described as %q: in a kiosk of pages, say what it does", i18n.T(content.English, "key.pagedown"))
	}
}

// Item 10: in a booth, x starts over (the terminal stays), and its help
// says so.
func TestBoothHelpSaysXStartsOver(t *testing.T) {
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		m := New(Options{Library: library(t), Lang: lang, Markdown: markdown.NewCache(), Booth: true})
		m, _ = update(m, tea.WindowSizeMsg{Width: 80, Height: 30})
		m, _ = update(m, press("?")[0])
		v := words(ansi.Strip(m.View().Content))
		if strings.Contains(v, i18n.T(lang, "key.quickexit")) || !strings.Contains(v, "x "+i18n.T(lang, "key.startover")) {
			t.Errorf("%s: the booth's help should say x starts over:\n%s", lang, v)
		}
	}
}

// Item 5: the help takes the text's place on an entry, not the QR code's;
// in the directory the selected entry stays in view.
func TestHelpKeepsQRAndSelection(t *testing.T) {
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		_, before := screenIn(t, lang, 80, 24, press("4", "enter")...)
		_, v := screenIn(t, lang, 80, 24, press("4", "enter", "?")...)
		if strings.Contains(v, "QR code, which needs") || strings.Contains(v, "demasiado chica") {
			t.Errorf("%s: the help made the window 'too small' for the QR code:\n%s", lang, v)
		}
		if qrRows(before) == 0 || qrRows(v) != qrRows(before) {
			t.Errorf("%s: the QR code has %d rows with the help, %d without:\n%s", lang, qrRows(v), qrRows(before), v)
		}
		if !strings.Contains(v, i18n.T(lang, "key.copy")) || !strings.Contains(v, i18n.T(lang, "key.help")) {
			t.Errorf("%s: the help is not shown:\n%s", lang, v)
		}
		checkFits(t, v, 80, 24)
		// The directory, an entry far down selected. (At 40x12 the help
		// takes the whole body, by design: it says it is help.)
		for _, size := range [][2]int{{80, 24}, {45, 25}, {60, 30}} {
			m, v := screenIn(t, lang, size[0], size[1], press("4", "down", "down", "down", "down", "?")...)
			title := m.lib.Links[m.dir.visible[m.dir.cursor]].Title
			if !strings.Contains(words(v), words(ansi.Truncate(title, size[0]-10, ""))) {
				t.Errorf("%s %v: the help hides the selected entry %q:\n%s", lang, size, title, v)
			}
		}
	}
}

// qrRows counts the rows of a screen that draw part of a QR code.
func qrRows(view string) int {
	n := 0
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "▀▀▀▀▀▀▀") || strings.Contains(l, "█▀▀▀▀▀█") || strings.Contains(l, "▄") {
			n++
		}
	}
	return n
}

// Item 9: Backspace edits a filter that is applied; ñ is a letter of its
// own; the filter searches both languages and the notes.
func TestFilterEditsAndFinds(t *testing.T) {
	lib := library(t)
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		keys := append(append(press("4", "/"), typeText("courtx")...), press("enter", "backspace")...)
		m, v := screenIn(t, lang, 80, 24, keys...)
		if m.screen != screenLinks || m.dir.filter.Value() != "court" || len(m.dir.visible) != 1 {
			t.Errorf("%s: Backspace on a filtered directory should edit the filter, got screen %d, %q:\n%s", lang, m.screen, m.dir.filter.Value(), v)
		}
	}
	// Words of the other language, and of the notes.
	for _, c := range []struct {
		lang  content.Lang
		words string
		want  string // an entry's address that must be found
	}{
		{content.Spanish, "memory", "https://www.cipdh.gob.ar/"},
		{content.English, "memoria", "https://www.cipdh.gob.ar/"},
		{content.English, "aciah", lib.Site.Banner.URL},
		{content.Spanish, "aciah", lib.Site.Banner.URL},
		{content.English, "renamed 2023", "https://www.argentina.gob.ar/derechoshumanos"},
	} {
		m, _ := screenIn(t, c.lang, 80, 24, append(press("4", "/"), typeText(c.words)...)...)
		found := false
		for _, i := range m.dir.visible {
			found = found || m.lib.Links[i].URL == c.want
		}
		if c.want == lib.Site.Banner.URL {
			// The banner is not in the directory; its note's word is in
			// the FO.AR entry's note.
			found = len(m.dir.visible) > 0
		}
		if !found {
			t.Errorf("%s: %q should find %s, found %d entries", c.lang, c.words, c.want, len(m.dir.visible))
		}
	}
	// ñ is not n.
	fsys := fstest.MapFS{
		"links.yaml": {Data: []byte("site:\n  name: Embassy\n  title: Title\ngroups:\n  - name: G\n    links:\n" +
			"      - title: Embajada de España\n        description: Spain.\n        url: https://example.es/\n        status: verified\n" +
			"      - title: Banco Nacional\n        description: A bank.\n        url: https://example.org/\n        status: verified\n")},
		"pages/01-one.md": {Data: []byte("---\ntitle: One\n---\n\nText.\n")},
	}
	small, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for words, want := range map[string]int{"ñ": 1, "Ñ": 1, "españa": 1, "espana": 1, "n": 2, "nacional": 1} {
		m, _ := showLib(t, small, content.Spanish, 80, 24, append(press("2", "/"), typeText(words)...)...)
		if len(m.dir.visible) != want {
			t.Errorf("%q finds %d entries, want %d", words, len(m.dir.visible), want)
		}
	}
}

// Item 3: at 40x12 the directory's introduction and legend can be
// scrolled into view (up from the first entry, Home, PgUp), and down comes
// back to the entries.
func TestDirectoryIntroScrolls(t *testing.T) {
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		lib := library(t).In(lang)
		intro := strings.Fields(lib.Site.LinksIntro)[0:3]
		legend := strings.Fields(i18n.T(lang, "links.legend", "✓", "?"))[0:3]
		for _, keys := range [][]string{{"g"}, {"up", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up"}, {"down", "down", "b", "b", "b", "b"}} {
			m, v := screenIn(t, lang, 40, 12, press(append([]string{"4"}, keys...)...)...)
			if !strings.Contains(words(v), strings.Join(intro, " ")) {
				t.Errorf("%s after %v: the introduction is not shown:\n%s", lang, keys, v)
			}
			for range 12 {
				m, _ = update(m, press("down")[0])
			}
			if m.dir.cursor == 0 {
				t.Errorf("%s after %v: down does not come back to the entries", lang, keys)
			}
		}
		// The legend is reachable by lines too.
		found := false
		m, _ := screenIn(t, lang, 40, 12, press("4")...)
		for range 12 {
			m, _ = update(m, press("up")[0])
			found = found || strings.Contains(words(ansi.Strip(m.View().Content)), strings.Join(legend, " "))
		}
		if !found {
			t.Errorf("%s: the legend is never shown at 40x12", lang)
		}
	}
}

// Item 2: a menu of ten or more entries: every number opens its entry,
// titles stay in one column, the footer names the numbers there are.
func TestMenuOfTenOrMore(t *testing.T) {
	lib := smallLibrary(t, 12) // 12 pages and the directory: 13 entries
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		page := func(m Model) string {
			if m.screen == screenLinks {
				return "links"
			}
			if m.screen != screenPage {
				return ""
			}
			return m.page.doc.Slug
		}
		m, v := showLib(t, lib, lang, 80, 40)
		// The column: "9  Page…" and "10  Page…" start their titles alike.
		col := -1
		for _, l := range strings.Split(v, "\n") {
			for _, n := range []string{"9", "10", "11"} {
				title := "Page number " + n
				if lang == content.Spanish {
					title = "Página número " + n
				}
				if i := strings.Index(l, title); i >= 0 {
					if col >= 0 && ansi.StringWidth(l[:i]) != col {
						t.Errorf("%s: titles do not align: %q", lang, l)
					}
					col = ansi.StringWidth(l[:i])
				}
			}
		}
		if f := lastLine(v); !strings.Contains(f, "1-13 "+i18n.T(lang, "key.jump")) {
			t.Errorf("%s: the footer should offer the numbers 1-13: %q", lang, f)
		}
		// Two digits open entry 10; the directory is 13.
		if m, _ = showLib(t, lib, lang, 80, 40, press("1", "0")...); page(m) != "p10" {
			t.Errorf("%s: 1 0 opened %q, want page 10", lang, page(m))
		}
		if m, _ = showLib(t, lib, lang, 80, 40, press("1", "3")...); page(m) != "links" {
			t.Errorf("%s: 1 3 opened %q, want the directory", lang, page(m))
		}
		// A digit no longer number begins with opens at once.
		if m, _ = showLib(t, lib, lang, 80, 40, press("2")...); page(m) != "p2" {
			t.Errorf("%s: 2 opened %q, want page 2", lang, page(m))
		}
		// "1" alone: selected, then opened when the wait ends, or at Enter.
		m, _ = showLib(t, lib, lang, 80, 40)
		m, cmd := update(m, press("1")[0])
		if page(m) != "" || m.home.cursor != 0 || cmd == nil {
			t.Fatalf("%s: 1 should select entry 1 and wait for a second digit (screen %q)", lang, page(m))
		}
		// (The wait's end, as its timer would send it.)
		if m, _ = update(m, jumpMsg{m.jump.seq}); page(m) != "p1" {
			t.Errorf("%s: after the wait, 1 opened %q, want page 1", lang, page(m))
		}
		m, _ = showLib(t, lib, lang, 80, 40, press("1", "enter")...)
		if page(m) != "p1" {
			t.Errorf("%s: 1 Enter opened %q, want page 1", lang, page(m))
		}
		// A stale wait opens nothing.
		m, _ = showLib(t, lib, lang, 80, 40)
		m, _ = update(m, press("1")[0])
		seq := m.jump.seq
		m, _ = update(m, press("down")[0])
		if m, _ = update(m, jumpMsg{seq}); page(m) != "" {
			t.Errorf("%s: a wait ended after another key opened %q", lang, page(m))
		}
	}
}

// Item 11 (the language label) and item 17: the label "L español" sits
// inside the rule under it at every width, and a click on it switches
// the language.
func TestLanguageLabel(t *testing.T) {
	for _, w := range []int{40, 45, 80, 120, 159} {
		for _, lang := range []content.Lang{content.English, content.Spanish} {
			m, v := screenIn(t, lang, w, 30)
			lines := strings.Split(v, "\n")
			label := "L " + i18n.T(lang, "key.lang")
			i := strings.Index(lines[1], label)
			if i < 0 {
				if w >= 45 {
					t.Errorf("%s %d: no language label: %q", lang, w, lines[1])
				}
				continue
			}
			x := ansi.StringWidth(lines[1][:i])
			end := x + ansi.StringWidth(label)
			if rule := ansi.StringWidth(strings.TrimRight(lines[2], " ")); end != rule {
				t.Errorf("%s %d: the label ends at column %d, the rule at %d:\n%s", lang, w, end, rule, strings.Join(lines[:3], "\n"))
			}
			for _, cx := range []int{x, end - 1} {
				next, _ := update(m, tea.MouseClickMsg{Button: tea.MouseLeft, X: cx, Y: 1})
				if next.lang == lang || next.screen != screenHome {
					t.Errorf("%s %d: a click at column %d on %q did not switch language", lang, w, cx, label)
				}
			}
			if next, _ := update(m, tea.MouseClickMsg{Button: tea.MouseLeft, X: x - 2, Y: 1}); next.lang != lang {
				t.Errorf("%s %d: a click beside the label switched language", lang, w)
			}
		}
	}
}

// Item 11: nothing is cut while rows are free, and what the header cuts is
// shown whole below it.
func TestNothingCutWithRoomToSpare(t *testing.T) {
	// The Spanish home at 45x25: every summary whole.
	_, v := screenIn(t, content.Spanish, 45, 25)
	lines := strings.Split(v, "\n")
	if strings.Contains(v, "…") && strings.TrimSpace(lines[len(lines)-2]) == "" {
		t.Errorf("the Spanish home at 45x25 cuts text while rows are free:\n%s", v)
	}
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		lib := library(t).In(lang)
		// A page's title, cut in the header at 40 columns, shown whole.
		for _, p := range lib.Pages {
			m, _ := screenIn(t, lang, 40, 12)
			m.openPage(p)
			v := words(ansi.Strip(m.View().Content))
			if !strings.Contains(v, words(p.Title)) {
				t.Errorf("%s at 40 columns: the title %q is never shown whole:\n%s", lang, p.Title, v)
			}
		}
		// Directory titles wrap: the acronym stays. Each entry selected in
		// turn, down from the first.
		m, _ := screenIn(t, lang, 40, 12, press("4")...)
		tallM, _ := screenIn(t, lang, 40, 60, press("4")...)
		for i, l := range lib.Links {
			if i > 0 {
				m, _ = update(m, press("down")[0])
				tallM, _ = update(tallM, press("down")[0])
			}
			v := strings.ReplaceAll(words(ansi.Strip(m.View().Content)), "- ", "-") // "South-" "South"
			if !strings.Contains(v, words(l.Title)) {
				t.Errorf("%s at 40 columns: the directory cuts %q:\n%s", lang, l.Title, v)
			}
			// Its address whole, in pieces on lines of their own (on a
			// window tall enough for the whole entry).
			tall := ansi.Strip(tallM.View().Content)
			found := false
			lines := strings.Split(tall, "\n")
			for j, line := range lines {
				if !strings.HasPrefix(strings.TrimSpace(line), "http") {
					continue
				}
				joined := ""
				for k := j; k < len(lines) && strings.TrimSpace(lines[k]) != "" && len(joined) < len(l.URL); k++ {
					joined += strings.Fields(lines[k])[0]
				}
				found = found || joined == l.URL
			}
			if !found {
				t.Errorf("%s at 40 columns: the directory cuts the address %q:\n%s", lang, l.URL, tall)
			}
		}
	}
}

// Item 14: the glyphs come from Options.Env before the first frame, and a
// vt100 gets no colour even when Bubble Tea guesses 16.
func TestFirstViewFromTheEnvironment(t *testing.T) {
	env := []string{"LANG=C", "TERM=vt100"}
	m := New(Options{Library: library(t), Markdown: markdown.NewCache(), Env: env, Profile: colour.Profile(env)})
	if v := m.View().Content; strings.ContainsAny(v, "─▸↑↓•…✓") || len(colourSGR.FindAllString(v, -1)) > 0 {
		t.Errorf("the first view for a vt100 has Unicode symbols or colours:\n%q", v)
	}
	m, _ = update(m, tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	if v := m.View().Content; len(colourSGR.FindAllString(v, -1)) > 0 {
		t.Errorf("a vt100 was given colours:\n%q", v)
	}
	m = New(Options{Library: library(t), Markdown: markdown.NewCache(), Env: []string{"TERM=xterm-256color"}})
	if v := m.View().Content; !strings.Contains(v, "─") {
		t.Errorf("an xterm gets ASCII:\n%s", v)
	}
}

// colourSGR matches an SGR sequence that sets a colour.
var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;[25])[;m]`)

// Item 4: on a projector an entry is centred as home, pages and the
// directory are: its title, text and QR code as one block, the footer
// under it.
func TestProjectorEntryCentred(t *testing.T) {
	for _, size := range [][2]int{{160, 45}, {200, 60}} {
		for _, lang := range []content.Lang{content.English, content.Spanish} {
			m, v := screenIn(t, lang, size[0], size[1], press("4", "enter")...)
			lines := strings.Split(v, "\n")
			col := func(s string) int {
				for _, l := range lines {
					if i := strings.Index(l, s); i >= 0 {
						return ansi.StringWidth(l[:i])
					}
				}
				t.Fatalf("%v: %q not on screen:\n%s", size, s, v)
				return 0
			}
			left := col(m.shownLink().Title)
			right := 0
			for _, l := range lines {
				right = max(right, ansi.StringWidth(strings.TrimRight(l, " ")))
			}
			// (The QR code's quiet zone, blank, is part of the block.)
			if d := left - (size[0] - right); d < -qrQuietMax-2 || d > 2 || left < 10 {
				t.Errorf("%s %v: the entry spans columns %d-%d: not centred:\n%s", lang, size, left, right, v)
			}
			if f := col(i18n.T(lang, "key.back")) - 4; f != left {
				t.Errorf("%s %v: the footer starts at column %d, the entry at %d", lang, size, f, left)
			}
			if qrRows(v) < 10 {
				t.Errorf("%s %v: no QR code beside the entry:\n%s", lang, size, v)
			}
			checkFits(t, v, size[0], size[1])
		}
	}
}

// Item 16: with NO_COLOR the entry says it is the visitor's choice, and
// still draws the QR code, in plain blocks a phone can read.
func TestNoColourQR(t *testing.T) {
	env := []string{"TERM=xterm-256color", "NO_COLOR=1"}
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		for _, dark := range []bool{true, false} {
			var m tea.Model = New(Options{Library: library(t), Lang: lang, Markdown: markdown.NewCache(), Env: env, Profile: colour.Profile(env)})
			msgs := []tea.Msg{tea.WindowSizeMsg{Width: 80, Height: 24}, tea.ColorProfileMsg{Profile: colour.Profile(env)}}
			if !dark {
				msgs = append(msgs, tea.BackgroundColorMsg{Color: color.White})
			}
			for _, msg := range append(msgs, press("4", "down", "down", "enter")...) { // EAAF: it fits
				m, _ = m.Update(msg)
			}
			raw := m.View().Content
			v := ansi.Strip(raw)
			if strings.Contains(v, "cannot show") || strings.Contains(v, "no puede mostrar") || !strings.Contains(v, "NO_COLOR") {
				t.Errorf("%s: the entry should say no colour is the visitor's choice:\n%s", lang, v)
			}
			if len(colourSGR.FindAllString(raw, -1)) > 0 {
				t.Errorf("%s: colours sent despite NO_COLOR", lang)
			}
			// Read the code as a phone would: blocks in the terminal's
			// text colour (light on a dark terminal), the rest background.
			// Where the code is on screen: right of the text, from the
			// top of the body.
			lay := m.(Model).entryLayout()
			if lay.side == nil {
				t.Fatalf("%s: no QR code beside the entry with NO_COLOR:\n%s", lang, v)
			}
			x0, w := 1+lay.textWidth+qrGap, ansi.StringWidth(lay.side[0])
			var modules [][]bool
			for _, l := range strings.Split(v, "\n")[3 : 3+len(lay.side)] {
				cells := []rune(l + strings.Repeat(" ", 80))
				top, bottom := make([]bool, w), make([]bool, w)
				for x, c := range cells[x0 : x0+w] {
					up, low := c == '█' || c == '▀', c == '█' || c == '▄'
					top[x], bottom[x] = up != dark, low != dark // ink is light on a dark terminal
				}
				modules = append(modules, top, bottom)
			}
			if len(modules) < 20 {
				t.Fatalf("%s: no QR code drawn with NO_COLOR:\n%s", lang, v)
			}
			if got, err := decode(photo(modules, dark)); err != nil || got != m.(Model).shownLink().URL {
				t.Errorf("%s, dark %v: the plain QR code reads %q, %v", lang, dark, got, err)
			}
		}
	}
}

// Every row of an entry's QR code starts in one column: a line of text
// wider than the column (Spanish "? Dirección probable, aún sin
// confirmar" at 80 columns) pushed one row right, and no phone could read
// the code.
func TestQRBesideSpanishText(t *testing.T) {
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		for i := range library(t).Links {
			var m tea.Model = New(Options{Library: library(t), Lang: lang, Markdown: markdown.NewCache()})
			m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			mm := m.(Model)
			mm.openLink(i, screenLinks)
			if mm.entryLayout().side == nil {
				continue
			}
			for _, got := range readBack(t, mm.View().Content, 80, 24) {
				if got != mm.shownLink().URL {
					t.Errorf("%s, %s: the code reads %q", lang, mm.shownLink().URL, got)
				}
			}
		}
	}
}

// Item 15: the attract loop's card never breaks the ssh command or the
// website's address where the window could show them whole.
func TestAttractCardKeepsAddressesWhole(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {60, 20}, {80, 24}, {100, 30}, {100, 40}, {120, 40}, {160, 45}, {200, 60}} {
		for _, lang := range []content.Lang{content.English, content.Spanish} {
			m, _ := attracting(t, Options{Lang: lang}, size[0], size[1])
			cs := cards(m.lib)
			m.attract.card = len(cs) - 1 // the reach card
			v := view(m)
			for _, s := range []string{testSSH, website(m.lib)} {
				if !strings.Contains(v, s) {
					t.Errorf("%s %v: %q is broken or missing:\n%s", lang, size, s, v)
				}
			}
		}
	}
}

// TestFilterFindsPages: the directory's search also points to the pages
// whose text has the words, with their menu numbers (issue 13: Key dates is
// found by the directory's search), in both languages.
func TestFilterFindsPages(t *testing.T) {
	for _, c := range []struct {
		lang        content.Lang
		words, want string
	}{
		{content.English, "1976", "3  Key dates"},
		{content.English, "nunca", "3  Key dates"},
		{content.Spanish, "juntas", "3  Fechas clave"},
		{content.Spanish, "key dates", "3  Fechas clave"},
	} {
		m, v := screenIn(t, c.lang, 80, 40, append(press("4", "/"), typeText(c.words)...)...)
		if len(m.dir.pageHits) == 0 || !strings.Contains(v, c.want) || !strings.Contains(v, i18n.T(c.lang, "filter.pages")) {
			t.Errorf("%s %q: the pages found are not shown (%v):\n%s", c.lang, c.words, m.dir.pageHits, v)
		}
	}
	m, v := screenIn(t, content.English, 80, 24, append(press("4", "/"), typeText("eaaf")...)...)
	if len(m.dir.pageHits) != 0 || strings.Contains(v, i18n.T(content.English, "filter.pages")) {
		t.Errorf("a word no page has names pages: %v\n%s", m.dir.pageHits, v)
	}
	m, _ = screenIn(t, content.English, 80, 24, press("4")...)
	if len(m.dir.pageHits) != 0 {
		t.Errorf("no filter, yet pages found: %v", m.dir.pageHits)
	}
}
