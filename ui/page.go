package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
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
	m.pageLines = m.opt.Markdown.Lines(m.page, m.textWidth(), m.style(), m.inkProfile())
	if !m.hyperlinks() {
		m.pageLines = markdown.WithoutHyperlinks(m.pageLines)
	}
	if m.page.Untranslated {
		// A new slice: the Markdown cache's is shared.
		note := styledLines(m.styles.Muted, wrap(i18n.T(m.lang, "page.untranslated"), m.textWidth()))
		m.pageLines = append(append(note, ""), m.pageLines...)
	}
	if ansi.StringWidth(m.page.Title) > m.titleWidth() {
		// The header cut the title: the page starts with it whole, as an
		// entry does.
		title := styledLines(m.styles.Title, wrap(m.page.Title, m.textWidth()))
		m.pageLines = append(append(title, ""), m.pageLines...)
	}
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

func window[T any](lines []T, offset, height int) []T {
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
func styledLines(st Ink, text string) []string {
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

// wrapURL breaks an address into lines of at most w cells, after a "/"
// (or else a ".", "-", "?" or "&") where one falls in the second half of
// the line, so that the pieces stay readable; else every w cells.
func wrapURL(s string, w int) []string {
	var out []string
	for ansi.StringWidth(s) > w {
		head := ansi.Cut(s, 0, w)
		cut := strings.LastIndex(head, "/") + 1
		if cut <= len(head)/2 {
			cut = strings.LastIndexAny(head, ".-?&") + 1
		}
		if cut <= len(head)/2 {
			cut = len(head)
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}
