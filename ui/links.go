package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
)

func (m *Model) openLinks() {
	m.screen = screenLinks
	m.offset = 0
	m.ensureLinkVisible()
	m.viewed("links")
}

func (m *Model) openLink(l content.Link, from screen) {
	m.link = l
	m.linkFrom = from
	m.screen = screenLink
	m.offset = 0
}

// linkRows lays out the directory: a heading per group, three lines or more
// per link. firsts[i] is the row of link i's title.
func (m Model) linkRows() (rows []string, firsts []int) {
	w := m.textWidth()
	if m.lib.Site.LinksIntro != "" {
		rows = append(rows, styledLines(m.styles.Muted, wrap(m.lib.Site.LinksIntro, w))...)
		rows = append(rows, styledLines(m.styles.Muted, wrap("✓ address verified   ? address likely, not yet confirmed", w))...)
		rows = append(rows, "")
	}
	group := ""
	for i, l := range m.lib.Links {
		if l.Group != group {
			group = l.Group
			rows = append(rows, m.styles.Group.Render(ansi.Truncate(group, w, "…")), "")
		}
		firsts = append(firsts, len(rows))
		marker, title := "  ", m.styles.Item.Render(ansi.Truncate(l.Title, w-2, "…"))
		if i == m.linkCursor {
			marker, title = m.styles.Selected.Render("▸ "), m.styles.Selected.Render(ansi.Truncate(l.Title, w-2, "…"))
		}
		rows = append(rows, marker+title)
		for _, d := range strings.Split(wrap(l.Description, w-2), "\n") {
			rows = append(rows, "  "+m.styles.Muted.Render(d))
		}
		status := m.styles.Verified.Render(" ✓")
		if l.Status != content.Verified {
			status = m.styles.Likely.Render(" ?")
		}
		rows = append(rows, "  "+m.styles.URL.Render(ansi.Truncate(l.URL, w-4, "…"))+status, "")
	}
	return rows, firsts
}

// ensureLinkVisible scrolls the directory so the selected entry shows whole,
// with its group's heading (or the intro, for the first entry) when there is
// room; the entry's title is always shown.
func (m *Model) ensureLinkVisible() {
	rows, firsts := m.linkRows()
	if len(firsts) == 0 {
		return
	}
	title := firsts[m.linkCursor]
	bottom := len(rows) - 1
	if m.linkCursor+1 < len(firsts) {
		bottom = firsts[m.linkCursor+1] - 2 // the blank line between entries
	}
	top := title
	if m.linkCursor == 0 {
		top = 0
	} else if m.lib.Links[m.linkCursor].Group != m.lib.Links[m.linkCursor-1].Group {
		top = title - 2 // the heading and the blank line under it
	}
	h := m.bodyHeight()
	if bottom-top+1 > h {
		top = title
	}
	if bottom >= m.offset+h {
		m.offset = bottom - h + 1
	}
	if top < m.offset {
		m.offset = top
	}
	m.clampOffset()
}

func (m Model) linkDetail() []string {
	l := m.link
	w := m.textWidth()
	var rows []string
	rows = append(rows, "")
	rows = append(rows, strings.Split(wrap(l.Description, w), "\n")...)
	if l.Note != "" {
		rows = append(rows, "")
		rows = append(rows, styledLines(m.styles.Muted, wrap(l.Note, w))...)
	}
	rows = append(rows, "")
	for _, part := range hardWrap(l.URL, w) {
		rows = append(rows, m.styles.URL.Render(part))
	}
	rows = append(rows, "")
	if l.Status == content.Verified {
		rows = append(rows, m.styles.Verified.Render("✓ Address verified"))
	} else {
		rows = append(rows, m.styles.Likely.Render("? Address likely, not yet confirmed"))
	}
	return rows
}
