package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/content"
)

// TestFilterWithHelpOpen: opening, editing or clearing the directory's
// filter while the full help is open changes the help (typing has fewer
// keys), and so the rows the entries get. The directory must be laid out
// for the rows it then has: the selected entry in view, and no rows left
// blank under the last entry while entries above it are scrolled away.
func TestFilterWithHelpOpen(t *testing.T) {
	down := func(n int) []string { return strings.Fields(strings.Repeat("down ", n)) }
	cases := map[string][]tea.Msg{
		// The last entry selected, then the filter opened: the help
		// shrinks, and the entries above must fill the rows it gave back.
		"open at the bottom": press("4", "?", "G", "/"),
		// Moving while typing, then Esc: the help grows again, and the
		// selected entry must still show.
		"clear far down": append(press("4", "?", "/"), press(append(down(14), "esc")...)...),
		// Backspace on a filter applied opens it again (fewer help rows).
		"edit applied": append(append(press("4", "/"), typeText("a")...), press("enter", "esc", "?", "G", "backspace")...),
	}
	for name, msgs := range cases {
		for _, lang := range content.Languages {
			for _, size := range [][2]int{{80, 24}, {80, 30}, {60, 40}} {
				label := fmt.Sprintf("%s %s %dx%d", name, lang, size[0], size[1])
				m, view := screenIn(t, lang, size[0], size[1], msgs...)
				if m.screen != screenLinks || !m.help.open {
					t.Fatalf("%s: not on the directory with the help open:\n%s", label, view)
				}
				if !strings.Contains(view, "▸") {
					t.Errorf("%s: the selected entry is out of view:\n%s", label, view)
				}
				// Under the selected entry: entries are one blank row apart.
				_, below, _ := strings.Cut(view, "▸")
				blank := 0
				for _, l := range strings.Split(below, "\n") {
					if strings.TrimSpace(l) != "" {
						blank = 0
						continue
					}
					if blank++; blank == 2 {
						t.Errorf("%s: rows left blank in the directory:\n%s", label, view)
						break
					}
				}
			}
		}
	}
}
