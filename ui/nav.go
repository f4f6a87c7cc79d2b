package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Moving about: opening, going back, moving the selection and scrolling.

func (m *Model) open() {
	switch m.screen {
	case screenHome:
		m.menu[m.cursor].open(m)
	case screenLinks:
		if len(m.visible) > 0 {
			m.openLink(m.visible[m.linkCursor], screenLinks)
		}
	}
}

func (m *Model) back() {
	switch m.screen {
	case screenLink:
		m.screen = m.linkFrom
		if m.screen == screenLinks {
			// The directory as the visitor left it, however far the
			// entry was scrolled; the window may have changed since.
			m.offset = m.linksOffset
			m.ensureLinkVisible()
		}
	case screenLinks:
		// A filter is for one visit to the directory.
		m.filter.Reset()
		m.filter.Blur()
		m.setVisible()
		m.screen = screenHome
		m.offset = 0
	case screenPage:
		m.screen = screenHome
	}
}

// move is up/down: the selection on lists, the text on pages.
func (m *Model) move(delta int) {
	switch m.screen {
	case screenHome:
		m.cursor = clamp(m.cursor+delta, 0, len(m.menu)-1)
	case screenLinks:
		if m.scrollsAboveFirst(delta) {
			return
		}
		m.linkCursor = clamp(m.linkCursor+delta, 0, len(m.visible)-1)
		m.ensureLinkVisible()
	default:
		m.scroll(delta)
	}
}

// scrollsAboveFirst scrolls the directory by delta lines where the first
// entry's selection leaves rows above it unseen (the introduction and the
// legend, on a small window): up from the first entry scrolls them into
// view, and down scrolls back until the selected entry shows. It reports
// whether it did.
func (m *Model) scrollsAboveFirst(delta int) bool {
	_, firsts := m.linkRows()
	if len(firsts) == 0 || m.linkCursor != 0 {
		return false
	}
	if delta < 0 {
		m.offset = max(0, m.offset+delta)
		return true
	}
	if delta > 0 && firsts[0] >= m.offset+m.scrollHeight() {
		m.offset += delta
		m.clampOffset()
		return true
	}
	return false
}

// cycle is Tab: like move, but wraps around.
func (m *Model) cycle(delta int) {
	switch m.screen {
	case screenHome:
		m.cursor = (m.cursor + delta + len(m.menu)) % len(m.menu)
	case screenLinks:
		if n := len(m.visible); n > 0 {
			m.linkCursor = (m.linkCursor + delta + n) % n
			m.ensureLinkVisible()
		}
	}
}

func (m *Model) scroll(delta int) {
	if m.screen == screenLinks {
		// Paging the directory moves the selection with it.
		step := 1
		if delta < 0 {
			step = -1
		}
		rows, firsts := m.linkRows()
		if len(firsts) == 0 || m.scrollsAboveFirst(delta) {
			return
		}
		target := clamp(firsts[m.linkCursor]+delta, 0, len(rows)-1)
		for m.linkCursor+step >= 0 && m.linkCursor+step < len(firsts) &&
			(step > 0 && firsts[m.linkCursor+step] <= target || step < 0 && firsts[m.linkCursor] > target) {
			m.linkCursor += step
		}
		m.ensureLinkVisible()
		if step < 0 && m.linkCursor == 0 && target < m.offset {
			// Home and PgUp reach the top: the introduction and legend.
			m.offset = max(0, firsts[0]+delta)
		}
		return
	}
	m.offset += delta
	m.clampOffset()
}

func (m *Model) clampOffset() {
	m.offset = clamp(m.offset, 0, max(0, m.contentLines()-m.scrollHeight()))
}

func (m *Model) contentLines() int {
	switch m.screen {
	case screenPage:
		return len(m.page.lines)
	case screenLinks:
		rows, _ := m.linkRows()
		return len(rows)
	case screenLink:
		return len(m.linkLayout().rows)
	}
	return 0
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
		switch name := msg.String(); {
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
