package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
)

// TestBackKeepsDirectoryPlace: the directory keeps its own reading
// position. A visitor who opens an entry, scrolls it and goes back sees the
// directory as they left it, the entry they opened still selected, however
// far they scrolled the entry. (The entry and the directory used to share
// one offset: Back showed the directory from where the entry was scrolled.)
func TestBackKeepsDirectoryPlace(t *testing.T) {
	for _, lang := range content.Languages {
		for _, size := range [][2]int{{40, 12}, {50, 16}, {80, 24}} {
			// Down to an entry (it shows at the bottom), or down further and
			// up again (it shows at the top).
			for _, moves := range [][2]int{{2, 0}, {9, 0}, {12, 3}, {20, 4}} {
				t.Run(fmt.Sprintf("%s_%dx%d_%d_%d", lang, size[0], size[1], moves[0], moves[1]), func(t *testing.T) {
					keys := press("4")
					for range moves[0] {
						keys = append(keys, press("down")...)
					}
					for range moves[1] {
						keys = append(keys, press("up")...)
					}
					m, before := screenIn(t, lang, size[0], size[1], keys...)
					selected := m.dir.cursor
					var tm tea.Model = m
					tm, _ = tm.Update(press("enter")[0])
					if tm.(Model).screen != screenLink {
						t.Fatalf("enter should open the entry")
					}
					for _, k := range press("G", "up", "esc") { // scrolled to the end, and back
						tm, _ = tm.Update(k)
					}
					after := ansi.Strip(tm.View().Content)
					if got := tm.(Model).dir.cursor; got != selected {
						t.Errorf("the entry opened should stay selected: %d, was %d", got, selected)
					}
					if after != before {
						t.Errorf("after Back the directory should show what it showed:\n%s\n-- now --\n%s", before, after)
					}
					if !strings.Contains(after, "▸") {
						t.Errorf("the selected entry should be in view:\n%s", after)
					}
				})
			}
		}
	}
}

// TestBackAfterResizeShowsTheEntry: the window changed while the entry
// showed; back in the directory, the entry opened is selected and in view.
func TestBackAfterResizeShowsTheEntry(t *testing.T) {
	for _, to := range [][2]int{{40, 12}, {160, 45}} {
		m, _ := screenAfter(t, 80, 24, press("4", "G", "up", "up", "up", "up", "up")...)
		selected := m.dir.cursor
		var tm tea.Model = m
		for _, msg := range []tea.Msg{press("enter")[0], press("G")[0], tea.WindowSizeMsg{Width: to[0], Height: to[1]}, press("esc")[0]} {
			tm, _ = tm.Update(msg)
		}
		view := ansi.Strip(tm.View().Content)
		if got := tm.(Model).dir.cursor; got != selected {
			t.Errorf("%v: the entry opened should stay selected: %d, was %d", to, got, selected)
		}
		title := tm.(Model).lib.Links[tm.(Model).dir.visible[selected]].Title
		if !strings.Contains(view, "▸") || !strings.Contains(words(view), words(strings.Fields(title)[0])) {
			t.Errorf("%v: the selected entry should be in view:\n%s", to, view)
		}
	}
}

// entryLayout is the entry screen's layout, for tests.
func (m Model) entryLayout() linkView {
	e := m.entry
	e.c = m.ctx()
	return e.layout()
}

// TestKeysWorkWithHelpOpen: with the full help open, the screen under it
// still scrolls and moves (the help takes rows, not the keys), on windows
// where it has something to scroll, the projector's too.
func TestKeysWorkWithHelpOpen(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h int
		open []tea.Msg
		key  string
	}{
		{"page", 50, 30, press("1"), "space"},
		{"page down", 160, 45, press("1"), "down"},
		{"directory", 50, 40, press("4"), "down"},
		{"directory", 160, 60, press("4"), "down"},
		{"entry", 50, 30, press("4", "enter"), "down"},
		{"home", 50, 40, nil, "down"},
		{"home", 160, 60, nil, "down"},
	} {
		m, _ := screenAfter(t, c.w, c.h, append(c.open, press("?")...)...)
		if !m.help.open {
			t.Fatalf("%s: ? should open the help", c.name)
		}
		before := [4]int{m.page.offset, m.dir.cursor, m.entry.offset, m.home.cursor}
		tm, _ := tea.Model(m).Update(press(c.key)[0])
		after := tm.(Model)
		if [4]int{after.page.offset, after.dir.cursor, after.entry.offset, after.home.cursor} == before {
			t.Errorf("%s %dx%d: %s with the help open changed nothing", c.name, c.w, c.h, c.key)
		}
	}
}
