package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// homeBody is the menu: each entry's number, title and, when there is room,
// a one-line summary; titles wrap on narrow windows.
func (m Model) homeBody(height int) string {
	w := min(m.width-2, readingWidth)
	rows := m.menuRows(w, true)
	if len(rows) > height {
		rows = m.menuRows(w, false)
	}
	intro := styledLines(m.styles.Muted, wrap(T(m.lang, "home.intro"), w))
	if len(rows)+1+len(intro) <= height {
		rows = append(rows, "")
		rows = append(rows, intro...)
	}
	if n := m.lib.Untranslated; n > 0 {
		note := styledLines(m.styles.Muted, wrap(T(m.lang, "home.untranslated", n), w))
		if len(rows)+1+len(note) <= height {
			rows = append(rows, "")
			rows = append(rows, note...)
		}
	}
	return indent(window(rows, max(0, len(rows)-height), height))
}

func (m Model) menuRows(w int, summaries bool) []string {
	rows := []string{""}
	for i, e := range m.menu {
		label := strings.Split(ansi.Wordwrap(e.label, w-5, ""), "\n")
		num := fmt.Sprintf("%d", i+1)
		for j, l := range label {
			switch {
			case i == m.cursor && j == 0:
				rows = append(rows, m.styles.Selected.Render("▸ "+num+"  "+l))
			case i == m.cursor:
				rows = append(rows, m.styles.Selected.Render("     "+l))
			case j == 0:
				rows = append(rows, "  "+m.styles.Number.Render(num)+"  "+m.styles.Item.Render(l))
			default:
				rows = append(rows, "     "+m.styles.Item.Render(l))
			}
		}
		if summaries && e.summary != "" {
			rows = append(rows, "     "+m.styles.Muted.Render(ansi.Truncate(e.summary, w-5, "…")))
		}
	}
	return rows
}
