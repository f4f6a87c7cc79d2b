package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/i18n"
)

// homeScreen is the home screen as a component (component.go): the menu
// (the root's, in the common context) with its selected entry, a line of
// help under it, and on a projector the menu spaced. The root gives it the
// context and its size before it routes a message to it or draws it
// (Model.homeScreen), and opens the entry selected (a key, a number typed,
// a click: entryAt).
type homeScreen struct {
	cursor int       // the selected entry of the menu
	wraps  wrapCache // titles and summaries wrapped; shared by copies

	area // the context and the size (common.go)
}

var _ component = (*homeScreen)(nil)

// Update moves the selection: the arrows and the wheel, Tab around.
func (h *homeScreen) Update(msg tea.Msg) tea.Cmd {
	n := len(h.c.menu)
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch name := msg.String(); {
		case matches(name, h.c.keys.Next):
			h.cursor = (h.cursor + 1) % n
		case matches(name, h.c.keys.Prev):
			h.cursor = (h.cursor - 1 + n) % n
		default:
			if delta, _, ok := keyScroll(name, h.c.keys, 0); ok {
				h.cursor = clamp(h.cursor+delta, 0, n-1)
			}
		}
	case tea.MouseWheelMsg:
		if delta, _, ok := scrollBy(msg, h.c.keys, 0); ok {
			h.cursor = clamp(h.cursor+delta, 0, n-1)
		}
	}
	return nil
}

// ShortHelp is the home screen's keys that work now (c.keys, set by the root),
// most useful first, as the help line lists them.
func (h *homeScreen) ShortHelp() []key.Binding { return h.c.keys.shortHelp(screenHome, h.c.lang) }

// View is the menu: each entry's number, title and, when there is room,
// its summary; titles wrap on narrow windows. On a projector it is spaced,
// in the centred column.
func (h *homeScreen) View() string {
	if h.c.projector() {
		rows, _ := h.projectorLayout(h.height)
		return h.c.margin(rows, h.c.columnLeft(h.c.textWidth()))
	}
	rows, _, offset := h.layout(h.height)
	return indent(window(rows, offset, h.height))
}

// entryAt is the menu entry on row of the body (0: its first row), for a
// click.
func (h *homeScreen) entryAt(row int) (int, bool) {
	var owners []int
	offset := 0
	if h.c.projector() {
		_, owners = h.projectorLayout(h.height)
	} else {
		_, owners, offset = h.layout(h.height)
	}
	if i := row + offset; i < len(owners) && owners[i] >= 0 {
		return owners[i], true
	}
	return 0, false
}

// How much of each entry's summary the menu shows: all of it when the
// window has the rows (a phone held upright is narrow but tall), one line,
// or none.
const (
	summaryNone = iota
	summaryLine
	summaryWhole
)

// homeLayout lays out the home screen's body: its rows, the menu entry
// each row belongs to (-1 for none), and the first row shown.
func (h *homeScreen) layout(height int) (rows []string, owners []int, offset int) {
	c := h.c
	w := min(c.width-2, readingWidth)
	for _, mode := range []int{summaryWhole, summaryLine, summaryNone} {
		summaries := slices.Repeat([]int{mode}, len(c.menu))
		rows, owners = h.menuRows(w, summaries)
		if len(rows) > height {
			continue
		}
		if mode == summaryLine {
			// Rows to spare: whole summaries where they fit, in menu
			// order (not the selection's, or rows would jump as it moves).
			for i := range c.menu {
				summaries[i] = summaryWhole
				if r, o := h.menuRows(w, summaries); len(r) <= height {
					rows, owners = r, o
				} else {
					summaries[i] = summaryLine
				}
			}
		}
		break
	}
	more := func(lines []string) {
		if len(rows)+1+len(lines) <= height {
			rows = append(append(rows, ""), lines...)
		}
	}
	more(styledLines(c.styles.Muted, strings.Join(h.wraps.lines(i18n.T(c.lang, "home.intro"), w), "\n")))
	if n := c.lib.Untranslated; n > 0 {
		more(styledLines(c.styles.Muted, wrap(i18n.Plural(c.lang, "home.untranslated", n), w)))
	}
	for len(owners) < len(rows) {
		owners = append(owners, -1)
	}
	return rows, owners, max(0, len(rows)-height)
}

// menuRows lays out the menu in w columns, entry i's summary as
// summaries[i] says.
func (h *homeScreen) menuRows(w int, summaries []int) (rows []string, owners []int) {
	menu, st := h.c.menu, h.c.styles
	rows, owners = []string{""}, []int{-1}
	// Numbers are right-aligned, so that titles start in one column
	// whether there are 9 entries or 10 and more.
	nw := len(fmt.Sprint(len(menu)))
	in := strings.Repeat(" ", nw+4) // under the title
	for i, e := range menu {
		label := h.wraps.lines(e.label, w-len(in))
		num := fmt.Sprintf("%*d", nw, i+1)
		for j, l := range label {
			switch {
			case i == h.cursor && j == 0:
				rows = append(rows, st.Selected.Render(st.G.Pointer+" "+num+"  "+l))
			case i == h.cursor:
				rows = append(rows, st.Selected.Render(in+l))
			case j == 0:
				rows = append(rows, "  "+st.Number.Render(num)+"  "+st.Item.Render(l))
			default:
				rows = append(rows, in+st.Item.Render(l))
			}
			owners = append(owners, i)
		}
		switch {
		case e.summary == "" || summaries[i] == summaryNone:
		case summaries[i] == summaryLine:
			rows = append(rows, in+st.Muted.Render(ansi.Truncate(e.summary, w-len(in), st.G.Ellipsis)))
			owners = append(owners, i)
		default:
			for _, l := range h.wraps.lines(e.summary, w-len(in)) {
				rows = append(rows, in+st.Muted.Render(l))
				owners = append(owners, i)
			}
		}
	}
	return rows, owners
}

// projectorLayout is the menu on a projector, spaced, a third of the way
// down the body (the first row at the top of the body), and the menu entry
// each row belongs to (-1 for none); when it does not fit spaced, it is the
// ordinary one.
func (h *homeScreen) projectorLayout(height int) (rows []string, owners []int) {
	c := h.c
	w := c.textWidth()
	menu, menuOwners := h.menuRows(w, slices.Repeat([]int{summaryWhole}, len(c.menu)))
	for i := 1; i < len(menu); i++ { // menu[0] is a blank row
		rows, owners = append(rows, menu[i]), append(owners, menuOwners[i])
		if i+1 == len(menu) || menuOwners[i+1] != menuOwners[i] {
			rows, owners = append(rows, ""), append(owners, -1) // a blank row after each entry
		}
	}
	intro := append([]string{""}, styledLines(c.styles.Muted, wrap(i18n.T(c.lang, "home.intro"), w))...)
	rows = append(rows, intro...)
	if len(rows) > height {
		// The ordinary menu, without its one-space indent.
		rows, owners, offset := h.layout(height)
		return window(rows, offset, height), window(owners, offset, height)
	}
	top := (height - len(rows)) / 3
	for range len(intro) {
		owners = append(owners, -1)
	}
	return append(make([]string, top), rows...), append(slices.Repeat([]int{-1}, top), owners...)
}

// wrapCache keeps text wrapped to a width: the home screen's titles and
// summaries are wrapped again for every frame, and moving the selection
// changes neither them nor the width. It holds what one window size in
// two languages needs, and starts over past that.
type wrapCache map[wrapKey][]string

type wrapKey struct {
	s string
	w int
}

const maxWrapCache = 64

// lines returns s word-wrapped to w cells, as lines. A nil cache wraps
// every time.
func (c wrapCache) lines(s string, w int) []string {
	k := wrapKey{s, w}
	if l, ok := c[k]; ok {
		return l
	}
	l := strings.Split(ansi.Wordwrap(s, w, ""), "\n")
	if c != nil {
		if len(c) >= maxWrapCache {
			clear(c)
		}
		c[k] = l
	}
	return l
}

// homeScreen is the home component, with the context, the screen's keys k
// and its size: to route a message to.
func (m *Model) homeScreen(k *KeyMap) *homeScreen {
	m.place(&m.home.area, k)
	return &m.home
}
