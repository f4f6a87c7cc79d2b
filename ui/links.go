package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
)

// directory is the directory of related websites as a component
// (component.go): its entries under their groups, the filter (filter.go),
// the selected entry and its own reading position, which an entry opened
// from it leaves as it was. The root gives it the common context and its
// size (the window's width and the body's rows, the filter's line
// included) before it routes a message to it or draws it (Model.directory);
// it opens the selected entry when asked (selected).
type directory struct {
	filter   *textinput.Model // typing while focused (a pointer: the root is copied at every message)
	visible  []int            // indexes into lib.Links of the entries shown
	pageHits []int            // indexes into the menu of the pages the filter finds (filter.go)
	cursor   int              // selected entry: a position in visible
	offset   int              // the first row shown
	rows     *linkRowsCache   // the last layout; shared by copies
	// reveal: the filter was opened, changed or cleared, and the selection
	// is to be brought into view once the root has measured the body again
	// (the full help's rows depend on the filter: Model.toDirectory).
	reveal bool

	area // the context and the size (common.go)
}

var _ component = (*directory)(nil)

// Update moves the selection (arrows, Tab, the wheel), pages through the
// entries with it, and types into the filter (filter.go; the root routes
// only the keys that work here). A tea.WindowSizeMsg of its area keeps the
// reading position within the entries; an areaMsg (the full help took or
// gave back rows) and a langMsg keep the selected entry in view.
func (d *directory) Update(msg tea.Msg) tea.Cmd {
	k := d.c.keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		d.SetSize(msg.Width, msg.Height)
		d.clampOffset()
	case areaMsg:
		d.SetSize(msg.Width, msg.Height)
		d.ensureVisible()
	case langMsg:
		d.setVisible()
		d.ensureVisible()
	case tea.PasteMsg:
		if d.typing() {
			return d.typeInFilter(msg)
		}
	case tea.KeyPressMsg:
		switch name := msg.String(); {
		case d.takes(name, k):
			return d.updateFilter(msg)
		case matches(name, k.Filter):
			d.focusFilter()
			d.reveal = true
		case matches(name, k.Next):
			d.cycle(1)
		case matches(name, k.Prev):
			d.cycle(-1)
		default:
			d.scrollOrMove(keyScroll(name, k, d.scrollHeight()))
		}
	case tea.MouseWheelMsg:
		d.scrollOrMove(scrollBy(msg, k, d.scrollHeight()))
	}
	return nil
}

// scrollOrMove pages through the entries, or moves the selection.
func (d *directory) scrollOrMove(delta int, paging, ok bool) {
	switch {
	case !ok:
	case paging:
		d.scroll(delta)
	default:
		d.move(delta)
	}
}

// ShortHelp is the directory's keys that work now (c.keys, set by the root),
// most useful first, as the help line lists them.
func (d *directory) ShortHelp() []key.Binding { return d.c.keys.shortHelp(screenLinks, d.c.lang) }

// View is the filter's line, when there is one, and the entries from the
// reading position, in the reading column.
func (d *directory) View() string {
	rows, _ := d.layout()
	bar := d.filterBar()
	lines := append(bar, window(rows, d.offset, d.height-len(bar))...)
	return d.c.margin(lines, d.c.columnLeft(d.c.textWidth()))
}

// scrollHeight is the number of rows that scroll: the body's, but for the
// filter's line.
func (d *directory) scrollHeight() int { return max(1, d.height-d.barRows()) }

// scrolls reports whether the entries are longer than the body with a
// one-line footer.
func (d *directory) scrolls() bool {
	rows, _ := d.layout()
	return len(rows) > max(1, d.c.rows-d.barRows())
}

// position says how far through the directory the visitor is.
func (d *directory) position() string {
	rows, _ := d.layout()
	return position(d.offset, len(rows), d.scrollHeight())
}

// selected is the index in lib.Links of the selected entry; ok is false
// when the filter finds none.
func (d *directory) selected() (i int, ok bool) {
	if len(d.visible) == 0 {
		return 0, false
	}
	return d.visible[d.cursor], true
}

// open shows the directory from its top, the selection in view.
func (d *directory) open() {
	d.offset = 0
	d.ensureVisible()
}

// leave forgets the filter: it is for one visit to the directory.
func (d *directory) leave() {
	d.filter.Reset()
	d.filter.Blur()
	d.setVisible()
	d.offset = 0
}

// entryAt is the entry on row of the body (0: its first row) for a click:
// from its title to the blank line after its address.
func (d *directory) entryAt(row int) (int, bool) {
	row -= d.barRows()
	rows, firsts := d.layout()
	r := row + d.offset
	if row < 0 || r >= len(rows) {
		return 0, false
	}
	for i := len(firsts) - 1; i >= 0; i-- {
		if r < firsts[i] {
			continue
		}
		for j := firsts[i]; j <= r; j++ {
			if rows[j] == "" {
				return 0, false // below the entry
			}
		}
		return i, true
	}
	return 0, false
}

// move is up and down: the selection.
func (d *directory) move(delta int) {
	if d.scrollsAboveFirst(delta) {
		return
	}
	d.cursor = clamp(d.cursor+delta, 0, len(d.visible)-1)
	d.ensureVisible()
}

// cycle is Tab: like move, but wraps around.
func (d *directory) cycle(delta int) {
	if n := len(d.visible); n > 0 {
		d.cursor = (d.cursor + delta + n) % n
		d.ensureVisible()
	}
}

// scrollsAboveFirst scrolls the directory by delta lines where the first
// entry's selection leaves rows above it unseen (the introduction and the
// legend, on a small window): up from the first entry scrolls them into
// view, and down scrolls back until the selected entry shows. It reports
// whether it did.
func (d *directory) scrollsAboveFirst(delta int) bool {
	_, firsts := d.layout()
	if len(firsts) == 0 || d.cursor != 0 {
		return false
	}
	if delta < 0 {
		d.offset = max(0, d.offset+delta)
		return true
	}
	if delta > 0 && firsts[0] >= d.offset+d.scrollHeight() {
		d.offset += delta
		d.clampOffset()
		return true
	}
	return false
}

// scroll is the paging keys: they move the selection with the page.
func (d *directory) scroll(delta int) {
	step := 1
	if delta < 0 {
		step = -1
	}
	rows, firsts := d.layout()
	if len(firsts) == 0 || d.scrollsAboveFirst(delta) {
		return
	}
	target := clamp(firsts[d.cursor]+delta, 0, len(rows)-1)
	for d.cursor+step >= 0 && d.cursor+step < len(firsts) &&
		(step > 0 && firsts[d.cursor+step] <= target || step < 0 && firsts[d.cursor] > target) {
		d.cursor += step
	}
	d.ensureVisible()
	if step < 0 && d.cursor == 0 && target < d.offset {
		// Home and PgUp reach the top: the introduction and legend.
		d.offset = max(0, firsts[0]+delta)
	}
}

func (d *directory) clampOffset() {
	rows, _ := d.layout()
	d.offset = clampScroll(d.offset, len(rows), d.scrollHeight())
}

// ensureVisible scrolls the directory so the selected entry shows whole,
// with its group's heading (or the intro, for the first entry) when there is
// room; the entry's title is always shown.
func (d *directory) ensureVisible() {
	rows, firsts := d.layout()
	if len(firsts) == 0 {
		d.clampOffset()
		return
	}
	links := d.c.lib.Links
	title := firsts[d.cursor]
	bottom := len(rows) - 1
	if d.cursor+1 < len(firsts) {
		bottom = firsts[d.cursor+1] - 2 // the blank line between entries
	}
	top := title
	if d.cursor == 0 {
		top = 0
	} else if links[d.visible[d.cursor]].Group != links[d.visible[d.cursor-1]].Group {
		top = title - 2 // the heading and the blank line under it
	}
	h := d.scrollHeight()
	if bottom-top+1 > h {
		top = title
	}
	if bottom >= d.offset+h {
		d.offset = bottom - h + 1
	}
	if top < d.offset {
		d.offset = top
	}
	d.clampOffset()
}

// layout lays out the directory: a heading per group, three lines or more
// per link. firsts[i] is the row of visible entry i's title. One key asks
// for the layout several times (to scroll, to draw, for the position), so
// the last one is kept until something it depends on changes.
func (d *directory) layout() (rows []string, firsts []int) {
	key := rowsKey{d.c.textWidth(), d.cursor, d.filter.Value(), d.typing(), d.c.lib, d.c.styles, len(d.visible)}
	if c := d.rows; c != nil && c.key == key {
		return c.rows, c.firsts
	}
	rows, firsts = d.layoutRows()
	if d.rows != nil {
		*d.rows = linkRowsCache{key, rows, firsts}
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

func (d *directory) layoutRows() (rows []string, firsts []int) {
	st, lib := d.c.styles, d.c.lib
	w := d.c.textWidth()
	if !d.filtered() && lib.Site.LinksIntro != "" {
		rows = append(rows, styledLines(st.Muted, wrap(lib.Site.LinksIntro, w))...)
		rows = append(rows, styledLines(st.Muted, wrap(i18n.T(d.c.lang, "links.legend", st.G.Verified, st.G.Likely), w))...)
		rows = append(rows, "")
	}
	if len(d.visible) == 0 {
		rows = append(rows, styledLines(st.Notice, wrap(i18n.T(d.c.lang, "filter.none"), w))...)
		if hits := d.pageHitRows(w); hits != nil {
			rows = append(append(rows, ""), hits...)
		}
		return rows, nil
	}
	group := ""
	for i, li := range d.visible {
		l := lib.Links[li]
		if l.Group != group || i == 0 {
			group = l.Group
			rows = append(append(rows, styledLines(st.Group, wrap(group, w))...), "")
		}
		firsts = append(firsts, len(rows))
		rows = append(d.entryRows(rows, l, i == d.cursor, w), "")
	}
	return append(rows, d.pageHitRows(w)...), firsts
}

// entryRows appends to rows one entry of the directory in w columns: its
// title (marked when selected), description, and address with its status.
func (d *directory) entryRows(rows []string, l content.Link, selected bool, w int) []string {
	st := d.c.styles
	// Titles wrap, never cut: "Team (EAAF)" keeps its acronym.
	ink := st.Item
	if selected {
		ink = st.Selected
	}
	for j, t := range strings.Split(wrap(l.Title, w-2), "\n") {
		marker := "  "
		if j == 0 && selected {
			marker = st.Selected.Render(st.G.Pointer + " ")
		}
		rows = append(rows, marker+ink.Render(t))
	}
	for _, desc := range strings.Split(wrap(l.Description, w-2), "\n") {
		rows = append(rows, "  "+st.Muted.Render(desc))
	}
	status := st.Verified.Render(" " + st.G.Verified)
	if l.Status != content.Verified {
		status = st.Likely.Render(" " + st.G.Likely)
	}
	if l.Untranslated {
		status += " " + st.Muted.Render(i18n.T(d.c.lang, "untranslated"))
	}
	// The address whole, in pieces if need be (wrapURL), the mark after
	// its last piece.
	parts := wrapURL(l.URL, w-4)
	for j, part := range parts {
		row := "  " + st.URL.Render(part)
		if j == len(parts)-1 {
			row += status
		}
		rows = append(rows, row)
	}
	return rows
}

// toDirectory routes msg to the directory. When the filter's state changed,
// the selection is brought into view in the body measured again: with the
// full help open, opening or clearing the filter changes the help's rows.
func (m *Model) toDirectory(msg tea.Msg, k *KeyMap) tea.Cmd {
	cmd := m.directory(k).Update(msg)
	if m.dir.reveal {
		m.dir.reveal = false
		m.directory(nil).ensureVisible()
	}
	return cmd
}

// directory is the directory component, with the context, the screen's
// keys k and its size: to route a message to, or to draw.
func (m *Model) directory(k *KeyMap) *directory {
	m.place(&m.dir.area, k)
	return &m.dir
}

func (m *Model) openLinks() {
	m.screen = screenLinks
	m.directory(nil).open()
	m.viewed("links")
}

// copyURL copies the address of the entry shown or selected to the
// visitor's clipboard, with OSC 52; terminals may refuse, hence the "if".
func (m *Model) copyURL() tea.Cmd {
	url := m.shownLink().URL
	if m.screen == screenLinks {
		i, ok := m.dir.selected()
		if !ok {
			return nil
		}
		url = m.lib.Links[i].URL
	}
	m.notice = i18n.T(m.lang, "link.copied")
	if ansi.StringWidth(m.notice) > m.width-2 {
		m.notice = i18n.T(m.lang, "link.copied.short")
	}
	return tea.SetClipboard(url)
}
