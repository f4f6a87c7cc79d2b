package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/i18n"
)

// homeBody is the menu: each entry's number, title and, when there is room,
// a one-line summary; titles wrap on narrow windows.
func (m Model) homeBody(height int) string {
	rows, _, offset := m.homeLayout(height)
	return indent(window(rows, offset, height))
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
func (m Model) homeLayout(height int) (rows []string, owners []int, offset int) {
	w := min(m.width-2, readingWidth)
	for _, mode := range []int{summaryWhole, summaryLine, summaryNone} {
		summaries := slices.Repeat([]int{mode}, len(m.menu))
		rows, owners = m.menuRows(w, summaries)
		if len(rows) > height {
			continue
		}
		if mode == summaryLine {
			// Rows to spare: whole summaries where they fit, in menu
			// order (not the selection's, or rows would jump as it moves).
			for i := range m.menu {
				summaries[i] = summaryWhole
				if r, o := m.menuRows(w, summaries); len(r) <= height {
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
	more(styledLines(m.styles.Muted, strings.Join(m.wraps.lines(i18n.T(m.lang, "home.intro"), w), "\n")))
	if n := m.lib.Untranslated; n > 0 {
		more(styledLines(m.styles.Muted, wrap(i18n.Plural(m.lang, "home.untranslated", n), w)))
	}
	for len(owners) < len(rows) {
		owners = append(owners, -1)
	}
	return rows, owners, max(0, len(rows)-height)
}

// menuRows lays out the menu in w columns, entry i's summary as
// summaries[i] says.
func (m Model) menuRows(w int, summaries []int) (rows []string, owners []int) {
	rows, owners = []string{""}, []int{-1}
	// Numbers are right-aligned, so that titles start in one column
	// whether there are 9 entries or 10 and more.
	nw := len(fmt.Sprint(len(m.menu)))
	in := strings.Repeat(" ", nw+4) // under the title
	for i, e := range m.menu {
		label := m.wraps.lines(e.label, w-len(in))
		num := fmt.Sprintf("%*d", nw, i+1)
		for j, l := range label {
			switch {
			case i == m.cursor && j == 0:
				rows = append(rows, m.styles.Selected.Render(m.styles.G.Pointer+" "+num+"  "+l))
			case i == m.cursor:
				rows = append(rows, m.styles.Selected.Render(in+l))
			case j == 0:
				rows = append(rows, "  "+m.styles.Number.Render(num)+"  "+m.styles.Item.Render(l))
			default:
				rows = append(rows, in+m.styles.Item.Render(l))
			}
			owners = append(owners, i)
		}
		switch {
		case e.summary == "" || summaries[i] == summaryNone:
		case summaries[i] == summaryLine:
			rows = append(rows, in+m.styles.Muted.Render(ansi.Truncate(e.summary, w-len(in), m.styles.G.Ellipsis)))
			owners = append(owners, i)
		default:
			for _, l := range m.wraps.lines(e.summary, w-len(in)) {
				rows = append(rows, in+m.styles.Muted.Render(l))
				owners = append(owners, i)
			}
		}
	}
	return rows, owners
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
