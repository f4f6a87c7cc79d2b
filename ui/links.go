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

func (m *Model) openLinks() {
	m.screen = screenLinks
	m.offset = 0
	m.ensureLinkVisible()
	m.viewed("links")
}

// linkAt is lib.Links[i], or the banner for -1.
func (m Model) linkAt(i int) content.Link {
	if i < 0 || i >= len(m.lib.Links) {
		return m.lib.Site.Banner
	}
	return m.lib.Links[i]
}

// openLink shows link i of lib.Links (-1: the banner).
func (m *Model) openLink(i int, from screen) {
	m.linkIndex = i
	m.link = m.linkAt(i)
	m.linkFrom = from
	if from == screenLinks {
		m.linksOffset = m.offset // where Back returns to
	}
	m.screen = screenLink
	m.offset = 0
	m.qr, m.qrErr = encodeQR(m.link.URL)
}

// copyURL copies the address of the entry shown or selected to the
// visitor's clipboard, with OSC 52; terminals may refuse, hence the "if".
func (m *Model) copyURL() tea.Cmd {
	url := m.link.URL
	if m.screen == screenLinks {
		if len(m.visible) == 0 {
			return nil
		}
		url = m.lib.Links[m.visible[m.linkCursor]].URL
	}
	m.notice = i18n.T(m.lang, "link.copied")
	if ansi.StringWidth(m.notice) > m.width-2 {
		m.notice = i18n.T(m.lang, "link.copied.short")
	}
	return tea.SetClipboard(url)
}

// The filter

// typing reports whether keys go into the directory's filter.
func (m Model) typing() bool { return m.screen == screenLinks && m.filter.Focused() }

func (m Model) filterStyles() textinput.Styles {
	st := textinput.DefaultStyles(m.styles.Dark)
	st.Cursor.Blink = false // a blinking cursor redraws the screen twice a second
	st.Focused.Prompt = m.styles.Group.style
	st.Blurred.Prompt = m.styles.Group.style
	st.Focused.Placeholder = m.styles.Muted.style
	st.Blurred.Placeholder = m.styles.Muted.style
	st.Focused.Text = m.styles.Item.style
	st.Blurred.Text = m.styles.Item.style
	return st
}

// updateFilter types msg into the filter and shows what matches.
func (m Model) updateFilter(msg tea.Msg) (tea.Model, tea.Cmd) {
	before := m.filter.Value()
	var cmd tea.Cmd
	*m.filter, cmd = m.filter.Update(msg)
	// What a visitor types is shown back: cleaned as logs are, so that no
	// bidi control, invisible character or pile of combining marks is.
	if v := textsafe.Clean(m.filter.Value(), 0); v != m.filter.Value() {
		m.filter.SetValue(v)
	}
	if m.filter.Value() != before {
		m.setVisible()
		m.linkCursor = 0
		m.offset = 0
		m.ensureLinkVisible()
	}
	return m, cmd
}

func (m *Model) clearFilter() {
	selected := -1
	if len(m.visible) > 0 {
		selected = m.visible[m.linkCursor]
	}
	m.filter.Reset()
	m.filter.Blur()
	m.setVisible()
	// Keep the entry that was selected selected.
	m.linkCursor = 0
	for i, li := range m.visible {
		if li == selected {
			m.linkCursor = i
		}
	}
	m.ensureLinkVisible()
}

// setVisible lists the entries that match the filter: every word of it
// must be in the title, the description, the note or the address, in
// either language (a visitor may know a body by its name in the other),
// ignoring case and accents ("genetica" finds "Genéticos"). An ñ typed is
// an ñ: it finds "España", not every n ("espana" finds both).
func (m *Model) setVisible() {
	var words []string
	for _, w := range strings.Fields(m.filter.Value()) {
		words = append(words, fold(w, hasEnye(w)))
	}
	m.visible = m.visible[:0]
	m.pageHits = m.pageHits[:0]
	for i, e := range m.menu {
		if len(words) > 0 && e.page != "" && m.pageMatches(e.page, words) {
			m.pageHits = append(m.pageHits, i)
		}
	}
	for i := range m.lib.Links {
		if len(words) == 0 { // no filter: every entry, and no text to fold
			m.visible = append(m.visible, i)
			continue
		}
		if m.linkMatches(i, words) {
			m.visible = append(m.visible, i)
		}
	}
	m.linkCursor = clamp(m.linkCursor, 0, max(0, len(m.visible)-1))
}

// pageMatches reports whether every folded word is in the page's title,
// summary or text, in some language: the directory's search also points to
// the pages (a visitor looking for "1976" finds Key dates).
func (m *Model) pageMatches(slug string, words []string) bool {
	var text strings.Builder
	for _, lang := range content.Languages {
		if p, ok := m.opt.Library.In(lang).Page(slug); ok {
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
func (m Model) pageHitRows(w int) []string {
	if len(m.pageHits) == 0 {
		return nil
	}
	rows := styledLines(m.styles.Muted, wrap(i18n.T(m.lang, "filter.pages"), w))
	nw := len(fmt.Sprint(len(m.menu)))
	for _, i := range m.pageHits {
		label := wrap(m.menu[i].label, max(1, w-nw-4))
		for j, l := range strings.Split(label, "\n") {
			num := strings.Repeat(" ", nw)
			if j == 0 {
				num = fmt.Sprintf("%*d", nw, i+1)
			}
			rows = append(rows, "  "+m.styles.Number.Render(num)+"  "+m.styles.Item.Render(l))
		}
	}
	return append(rows, "")
}

// linkMatches reports whether every folded word is in link i's text in
// some language.
func (m *Model) linkMatches(i int, words []string) bool {
	var text strings.Builder
	for _, lang := range content.Languages {
		if links := m.opt.Library.In(lang).Links; i < len(links) {
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

// filterBar is the directory's first line while it is filtered: the filter
// and how many entries match, then a blank line.
func (m Model) filterBar() []string {
	if !m.typing() && m.filter.Value() == "" {
		return nil
	}
	w := m.textWidth()
	count := m.styles.Muted.Render(i18n.T(m.lang, "filter.count", len(m.visible), len(m.lib.Links)))
	in := *m.filter // a copy, to size
	in.SetWidth(max(1, w-lipgloss.Width(in.Prompt)-lipgloss.Width(count)-3))
	line := in.View()
	if !m.typing() {
		line = m.styles.Group.Render(in.Prompt) + m.styles.Item.Render(m.filter.Value())
	}
	line = ansi.Truncate(line, w-lipgloss.Width(count)-2, m.styles.G.Ellipsis)
	gap := max(2, w-lipgloss.Width(line)-lipgloss.Width(count))
	return []string{line + strings.Repeat(" ", gap) + count, ""}
}

// The directory

// linkRows lays out the directory: a heading per group, three lines or more
// per link. firsts[i] is the row of visible entry i's title. One key asks
// for the layout several times (to scroll, to draw, for the position), so
// the last one is kept until something it depends on changes.
func (m Model) linkRows() (rows []string, firsts []int) {
	key := rowsKey{m.textWidth(), m.linkCursor, m.filter.Value(), m.typing(), m.lib, m.styles, len(m.visible)}
	if c := m.rowsCache; c != nil && c.key == key {
		return c.rows, c.firsts
	}
	rows, firsts = m.layoutLinkRows()
	if m.rowsCache != nil {
		*m.rowsCache = linkRowsCache{key, rows, firsts}
	}
	return rows, firsts
}

// rowsKey is what the directory's layout depends on. Styles and the
// library are replaced, never changed, so their pointers stand for them.
type rowsKey struct {
	width, cursor int
	filter        string
	typing        bool
	lib           *content.Library
	styles        *Styles
	visible       int
}

type linkRowsCache struct {
	key    rowsKey
	rows   []string
	firsts []int
}

func (m Model) layoutLinkRows() (rows []string, firsts []int) {
	w := m.textWidth()
	filtered := m.filter.Value() != "" || m.typing()
	if !filtered && m.lib.Site.LinksIntro != "" {
		rows = append(rows, styledLines(m.styles.Muted, wrap(m.lib.Site.LinksIntro, w))...)
		rows = append(rows, styledLines(m.styles.Muted, wrap(i18n.T(m.lang, "links.legend", m.styles.G.Verified, m.styles.G.Likely), w))...)
		rows = append(rows, "")
	}
	if len(m.visible) == 0 {
		rows = append(rows, styledLines(m.styles.Notice, wrap(i18n.T(m.lang, "filter.none"), w))...)
		if hits := m.pageHitRows(w); hits != nil {
			rows = append(append(rows, ""), hits...)
		}
		return rows, nil
	}
	group := ""
	for i, li := range m.visible {
		l := m.lib.Links[li]
		if l.Group != group || i == 0 {
			group = l.Group
			rows = append(append(rows, styledLines(m.styles.Group, wrap(group, w))...), "")
		}
		firsts = append(firsts, len(rows))
		// Titles wrap, never cut: "Team (EAAF)" keeps its acronym.
		ink := m.styles.Item
		if i == m.linkCursor {
			ink = m.styles.Selected
		}
		for j, t := range strings.Split(wrap(l.Title, w-2), "\n") {
			marker := "  "
			if j == 0 && i == m.linkCursor {
				marker = m.styles.Selected.Render(m.styles.G.Pointer + " ")
			}
			rows = append(rows, marker+ink.Render(t))
		}
		for _, d := range strings.Split(wrap(l.Description, w-2), "\n") {
			rows = append(rows, "  "+m.styles.Muted.Render(d))
		}
		status := m.styles.Verified.Render(" " + m.styles.G.Verified)
		if l.Status != content.Verified {
			status = m.styles.Likely.Render(" " + m.styles.G.Likely)
		}
		if l.Untranslated {
			status += " " + m.styles.Muted.Render(i18n.T(m.lang, "untranslated"))
		}
		// The address whole, in pieces if need be (wrapURL), the mark
		// after its last piece.
		parts := wrapURL(l.URL, w-4)
		for j, part := range parts {
			row := "  " + m.styles.URL.Render(part)
			if j == len(parts)-1 {
				row += status
			}
			rows = append(rows, row)
		}
		rows = append(rows, "")
	}
	return append(rows, m.pageHitRows(w)...), firsts
}

// ensureLinkVisible scrolls the directory so the selected entry shows whole,
// with its group's heading (or the intro, for the first entry) when there is
// room; the entry's title is always shown.
func (m *Model) ensureLinkVisible() {
	rows, firsts := m.linkRows()
	if len(firsts) == 0 {
		m.clampOffset()
		return
	}
	title := firsts[m.linkCursor]
	bottom := len(rows) - 1
	if m.linkCursor+1 < len(firsts) {
		bottom = firsts[m.linkCursor+1] - 2 // the blank line between entries
	}
	top := title
	if m.linkCursor == 0 {
		top = 0
	} else if m.lib.Links[m.visible[m.linkCursor]].Group != m.lib.Links[m.visible[m.linkCursor-1]].Group {
		top = title - 2 // the heading and the blank line under it
	}
	h := m.scrollHeight()
	if bottom-top+1 > h {
		top = title
	}
	if bottom >= m.offset+h {
		m.offset = bottom - h + 1
	}
	if top < m.offset {
		m.offset = top
	}
	m.clampOffset()
}

// One entry
