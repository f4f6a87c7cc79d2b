package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
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
	for _, summaries := range []int{summaryWhole, summaryLine, summaryNone} {
		rows, owners = m.menuRows(w, summaries)
		if len(rows) <= height {
			break
		}
	}
	more := func(lines []string) {
		if len(rows)+1+len(lines) <= height {
			rows = append(append(rows, ""), lines...)
		}
	}
	more(styledLines(m.styles.Muted, wrap(T(m.lang, "home.intro"), w)))
	if n := m.lib.Untranslated; n > 0 {
		more(styledLines(m.styles.Muted, wrap(Plural(m.lang, "home.untranslated", n), w)))
	}
	for len(owners) < len(rows) {
		owners = append(owners, -1)
	}
	return rows, owners, max(0, len(rows)-height)
}

func (m Model) menuRows(w int, summaries int) (rows []string, owners []int) {
	rows, owners = []string{""}, []int{-1}
	for i, e := range m.menu {
		label := strings.Split(ansi.Wordwrap(e.label, w-5, ""), "\n")
		num := fmt.Sprintf("%d", i+1)
		for j, l := range label {
			switch {
			case i == m.cursor && j == 0:
				rows = append(rows, m.styles.Selected.Render(m.styles.G.Pointer+" "+num+"  "+l))
			case i == m.cursor:
				rows = append(rows, m.styles.Selected.Render("     "+l))
			case j == 0:
				rows = append(rows, "  "+m.styles.Number.Render(num)+"  "+m.styles.Item.Render(l))
			default:
				rows = append(rows, "     "+m.styles.Item.Render(l))
			}
			owners = append(owners, i)
		}
		switch {
		case e.summary == "" || summaries == summaryNone:
		case summaries == summaryLine:
			rows = append(rows, "     "+m.styles.Muted.Render(ansi.Truncate(e.summary, w-5, m.styles.G.Ellipsis)))
			owners = append(owners, i)
		default:
			for _, l := range strings.Split(wrap(e.summary, w-5), "\n") {
				rows = append(rows, "     "+m.styles.Muted.Render(l))
				owners = append(owners, i)
			}
		}
	}
	return rows, owners
}
