package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/internal/textsafe"
)

// The directory's filter: what the visitor types narrows the entries shown
// (and names the pages that have the words too).

// newFilter is the directory's text input.
func newFilter() *textinput.Model {
	f := textinput.New()
	f.CharLimit = 60
	// Ctrl+V would make the textinput read the clipboard of the machine the
	// kiosk runs on (by running xclip and the like): never on a server. A
	// visitor's own paste arrives as a bracketed paste and still works.
	f.KeyMap.Paste.SetEnabled(false)
	return &f
}

// typing reports whether keys go into the filter.
func (d *directory) typing() bool { return d.filter.Focused() }

// filtered reports whether the directory shows a filter's matches, or the
// visitor is typing one.
func (d *directory) filtered() bool { return d.filter.Value() != "" || d.typing() }

// takes reports whether the key named name is the filter's: Esc clears
// it, keys that type are typed while it is focused, and Backspace edits
// a filter applied.
func (d *directory) takes(name string, k KeyMap) bool {
	return matches(name, k.Clear) ||
		d.typing() && !matches(name, k.Up, k.Down, k.Next, k.Prev, k.PageUp, k.PageDown) ||
		d.filter.Value() != "" && name == "backspace"
}

// updateFilter handles a key the filter takes (takes), or a paste.
func (d *directory) updateFilter(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case matches(k.String(), d.c.keys.Clear):
			d.clearFilter()
			return nil
		case !d.typing():
			// A filter applied is still the visitor's text: Backspace edits it.
			d.focusFilter()
		}
	}
	return d.typeInFilter(msg)
}

func (d *directory) focusFilter() {
	d.filter.Focus()
	d.filter.SetStyles(filterStyles(d.c.styles))
}

func filterStyles(styles *Styles) textinput.Styles {
	st := textinput.DefaultStyles(styles.Dark)
	st.Cursor.Blink = false // a blinking cursor redraws the screen twice a second
	st.Focused.Prompt = styles.Group.style
	st.Blurred.Prompt = styles.Group.style
	st.Focused.Placeholder = styles.Muted.style
	st.Blurred.Placeholder = styles.Muted.style
	st.Focused.Text = styles.Item.style
	st.Blurred.Text = styles.Item.style
	return st
}

// typeInFilter types msg into the filter and shows what matches.
func (d *directory) typeInFilter(msg tea.Msg) tea.Cmd {
	before := d.filter.Value()
	var cmd tea.Cmd
	*d.filter, cmd = d.filter.Update(msg)
	// What a visitor types is shown back: cleaned as logs are, so that no
	// bidi control, invisible character or pile of combining marks is.
	if v := textsafe.Clean(d.filter.Value(), 0); v != d.filter.Value() {
		d.filter.SetValue(v)
	}
	if d.filter.Value() != before {
		d.setVisible()
		d.cursor = 0
		d.offset = 0
		d.reveal = true
	}
	return cmd
}

func (d *directory) clearFilter() {
	selected := -1
	if len(d.visible) > 0 {
		selected = d.visible[d.cursor]
	}
	d.filter.Reset()
	d.filter.Blur()
	d.setVisible()
	// Keep the entry that was selected selected.
	d.cursor = 0
	for i, li := range d.visible {
		if li == selected {
			d.cursor = i
		}
	}
	d.reveal = true
}

// setVisible lists the entries that match the filter: every word of it
// must be in the title, the description, the note or the address, in
// either language (a visitor may know a body by its name in the other),
// ignoring case and accents ("genetica" finds "Genéticos"). An ñ typed is
// an ñ: it finds "España", not every n ("espana" finds both).
func (d *directory) setVisible() {
	var words []string
	for _, w := range strings.Fields(d.filter.Value()) {
		words = append(words, fold(w, hasEnye(w)))
	}
	d.visible = d.visible[:0]
	d.pageHits = d.pageHits[:0]
	for i, e := range d.c.menu {
		if len(words) > 0 && e.page != "" && d.pageMatches(e.page, words) {
			d.pageHits = append(d.pageHits, i)
		}
	}
	for i := range d.c.lib.Links {
		if len(words) == 0 { // no filter: every entry, and no text to fold
			d.visible = append(d.visible, i)
			continue
		}
		if d.linkMatches(i, words) {
			d.visible = append(d.visible, i)
		}
	}
	d.cursor = clamp(d.cursor, 0, max(0, len(d.visible)-1))
}

// pageMatches reports whether every folded word is in the page's title,
// summary or text, in some language: the directory's search also points to
// the pages (a visitor looking for "1976" finds Key dates).
func (d *directory) pageMatches(slug string, words []string) bool {
	var text strings.Builder
	for _, lang := range content.Languages {
		if p, ok := d.c.all.In(lang).Page(slug); ok {
			text.WriteString(p.Title + "\n" + p.Summary + "\n" + p.Body + "\n")
		}
	}
	raw := text.String()
	for _, w := range words {
		if !strings.Contains(fold(raw, hasEnye(w)), w) {
			return false
		}
	}
	return true
}

// pageHitRows are the pages the filter found, after its entries: their
// menu numbers, to open them from the home screen.
func (d *directory) pageHitRows(w int) []string {
	if len(d.pageHits) == 0 {
		return nil
	}
	st := d.c.styles
	rows := styledLines(st.Muted, wrap(i18n.T(d.c.lang, "filter.pages"), w))
	nw := len(fmt.Sprint(len(d.c.menu)))
	for _, i := range d.pageHits {
		label := wrap(d.c.menu[i].label, max(1, w-nw-4))
		for j, l := range strings.Split(label, "\n") {
			num := strings.Repeat(" ", nw)
			if j == 0 {
				num = fmt.Sprintf("%*d", nw, i+1)
			}
			rows = append(rows, "  "+st.Number.Render(num)+"  "+st.Item.Render(l))
		}
	}
	return append(rows, "")
}

// linkMatches reports whether every folded word is in link i's text in
// some language.
func (d *directory) linkMatches(i int, words []string) bool {
	var text strings.Builder
	for _, lang := range content.Languages {
		if links := d.c.all.In(lang).Links; i < len(links) {
			l := links[i]
			text.WriteString(l.Title + "\n" + l.Description + "\n" + l.Note + "\n" + l.URL + "\n")
		}
	}
	raw := text.String()
	folded, keep := fold(raw, false), ""
	for _, w := range words {
		t := folded
		if hasEnye(w) {
			if keep == "" {
				keep = fold(raw, true)
			}
			t = keep
		}
		if !strings.Contains(t, w) {
			return false
		}
	}
	return true
}

func hasEnye(s string) bool { return strings.ContainsAny(norm.NFC.String(s), "ñÑ") }

// enye stands for ñ while accents are taken off, so that it stays.
var (
	enyeIn  = strings.NewReplacer("ñ", "\ue000", "Ñ", "\ue000")
	enyeOut = strings.NewReplacer("\ue000", "ñ")
)

// fold is s in lower case without accents; with keepEnye ñ stays ñ.
func fold(s string, keepEnye bool) string {
	if isASCII(s) { // most filters: nothing to take accents from
		return strings.ToLower(s)
	}
	if keepEnye {
		s = enyeIn.Replace(norm.NFC.String(s))
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.ToLower(out)
	if keepEnye {
		out = enyeOut.Replace(out)
	}
	return out
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// barRows is the height of filterBar: 2 rows while filtered, else none.
func (d *directory) barRows() int {
	if d.filtered() {
		return 2
	}
	return 0
}

// filterBar is the directory's first line while it is filtered: the filter
// and how many entries match, then a blank line.
func (d *directory) filterBar() []string {
	if !d.filtered() {
		return nil
	}
	st := d.c.styles
	w := d.c.textWidth()
	count := st.Muted.Render(i18n.T(d.c.lang, "filter.count", len(d.visible), len(d.c.lib.Links)))
	in := *d.filter // a copy, to size
	in.SetWidth(max(1, w-lipgloss.Width(in.Prompt)-lipgloss.Width(count)-3))
	line := in.View()
	if !d.typing() {
		line = st.Group.Render(in.Prompt) + st.Item.Render(d.filter.Value())
	}
	line = ansi.Truncate(line, w-lipgloss.Width(count)-2, st.G.Ellipsis)
	gap := max(2, w-lipgloss.Width(line)-lipgloss.Width(count))
	return []string{line + strings.Repeat(" ", gap) + count, ""}
}
