package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Moving about: the root opens screens and goes back; each screen moves its
// own selection or reading position (route, model.go).

func (m *Model) open() {
	switch m.screen {
	case screenHome:
		m.menu[m.home.cursor].open(m)
	case screenLinks:
		if i, ok := m.dir.selected(); ok {
			m.openLink(i, screenLinks)
		}
	}
}

func (m *Model) back() {
	switch m.screen {
	case screenLink:
		m.screen = m.entry.from
		if m.screen == screenLinks {
			// The directory as the visitor left it, however far the
			// entry was scrolled; the window may have changed since.
			m.directory(nil).ensureVisible()
		}
	case screenLinks:
		m.directory(nil).leave()
		m.screen = screenHome
	case screenPage:
		m.screen = screenHome
	}
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// clampScroll keeps a reading position over total lines in a window of
// height lines within what there is to read.
func clampScroll(offset, total, height int) int {
	return clamp(offset, 0, max(0, total-height))
}

// scrollBy is how far msg moves a screen whose body shows height lines: the
// arrows and the wheel a line, the paging keys a screenful, Top and Bottom
// all the way; paging is true for those last four. ok is false for any other
// message. The root routes only the keys that work on the screen.
func scrollBy(msg tea.Msg, k KeyMap, height int) (delta int, paging, ok bool) {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			return -1, false, true
		case tea.MouseWheelDown:
			return 1, false, true
		}
	case tea.KeyPressMsg:
		return keyScroll(msg.String(), k, height)
	}
	return 0, false, false
}

// keyScroll is scrollBy for the key named name.
func keyScroll(name string, k KeyMap, height int) (delta int, paging, ok bool) {
	switch {
	case matches(name, k.Up):
		return -1, false, true
	case matches(name, k.Down):
		return 1, false, true
	case matches(name, k.PageUp):
		return -height, true, true
	case matches(name, k.PageDown):
		return height, true, true
	case matches(name, k.Top):
		return -1 << 30, true, true
	case matches(name, k.Bottom):
		return 1 << 30, true, true
	}
	return 0, false, false
}

// position says how far through total lines a screen showing height of
// them from offset is; "" when they all show.
func position(offset, total, height int) string {
	if total <= height {
		return ""
	}
	return fmt.Sprintf("%d%%", (offset+height)*100/total)
}

// matches is key.Matches for a key already named: naming a key
// (tea.KeyPressMsg.String) allocates, and one key is matched against most
// bindings.
func matches(name string, bindings ...key.Binding) bool {
	for _, b := range bindings {
		if b.Enabled() && slices.Contains(b.Keys(), name) {
			return true
		}
	}
	return false
}
