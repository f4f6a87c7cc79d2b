package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
)

// textWidth is the width of the reading column for the current window.
func (m *Model) textWidth() int {
	return min(readingWidth, max(10, m.width-4))
}

// reflow re-renders what depends on the window size or colours and keeps the
// reading position in proportion.
func (m *Model) reflow() {
	if m.screen != screenPage {
		m.clampOffset()
		return
	}
	old := len(m.pageLines)
	m.pageLines = m.opt.Renderer.Lines(m.page, m.textWidth(), m.style())
	if old > 0 && len(m.pageLines) != old {
		m.offset = m.offset * len(m.pageLines) / old
	}
	m.clampOffset()
}

func (m *Model) openPage(p content.Page) {
	m.screen = screenPage
	m.page = p
	m.pageLines = nil
	m.offset = 0
	m.reflow()
	m.viewed(p.Slug)
}

func window(lines []string, offset, height int) []string {
	end := min(len(lines), offset+height)
	if offset >= end {
		return nil
	}
	return lines[offset:end]
}

func indent(lines []string) string {
	return " " + strings.Join(lines, "\n ")
}

// styledLines styles each line of text on its own: every element of the
// result is one screen row.
func styledLines(st lipgloss.Style, text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// wrap breaks text into lines of at most w cells at spaces.
func wrap(s string, w int) string {
	return ansi.Wordwrap(s, w, "")
}

// hardWrap breaks s every w cells: URLs have no spaces to wrap at.
func hardWrap(s string, w int) []string {
	var out []string
	for ansi.StringWidth(s) > w {
		out = append(out, ansi.Cut(s, 0, w))
		s = ansi.Cut(s, w, ansi.StringWidth(s))
	}
	return append(out, s)
}
