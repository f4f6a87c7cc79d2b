package ui

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
		m.offset = 0
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
		return len(m.pageLines)
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
