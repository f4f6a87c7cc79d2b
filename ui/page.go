package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
)

// textWidth is the width of the reading column for a window w wide.
func textWidth(w int) int {
	return min(readingWidth, max(10, w-4))
}

// textWidth is the width of the reading column for the current window.
func (m *Model) textWidth() int { return textWidth(m.width) }

// reflow lays the screen out again for the window, the colours and the
// terminal, keeping the reading position.
func (m *Model) reflow() { m.resized(tea.WindowSizeMsg{}) }

// pageScreen is a page of text as a component (component.go): the page,
// its lines for the window, and the reading position. The root gives it the
// common context and its size (the window's width and the rows that
// scroll) before it routes a message to it or draws it (Model.pageScreen).
type pageScreen struct {
	doc    content.Page
	lines  []string // doc rendered for the window, a row each
	offset int      // the first line shown

	area // the context and the size (common.go)
}

var _ component = (*pageScreen)(nil)

// Update scrolls the page on a key or the wheel. The root sends it a
// tea.WindowSizeMsg of its area when the window, the colours or the
// terminal change (the page is rendered again, the reading position kept in
// proportion), an areaMsg when the full help takes or gives back rows, and
// a langMsg when the visitor switches language.
func (p *pageScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.SetSize(msg.Width, msg.Height)
		p.reflow()
	case areaMsg:
		p.SetSize(msg.Width, msg.Height)
		p.offset = clampScroll(p.offset, len(p.lines), p.height)
	case langMsg:
		if doc, ok := p.c.lib.Page(p.doc.Slug); ok {
			p.doc = doc
			p.reflow()
		}
	default:
		if delta, _, ok := scrollBy(msg, p.c.keys, p.height); ok {
			p.offset = clampScroll(p.offset+delta, len(p.lines), p.height)
		}
	}
	return nil
}

// open shows doc from its top.
func (p *pageScreen) open(doc content.Page) {
	p.doc, p.lines, p.offset = doc, nil, 0
	p.reflow()
}

// reflow renders the page for the window and the colours and keeps the
// reading position in proportion.
func (p *pageScreen) reflow() {
	c := p.c
	old := len(p.lines)
	tw := c.textWidth()
	p.lines = c.markdown.Lines(p.doc, tw, c.style(), c.ink)
	if !c.hyperlinks {
		p.lines = markdown.WithoutHyperlinks(p.lines)
	}
	if p.doc.Untranslated {
		// A new slice: the Markdown cache's is shared.
		note := styledLines(c.styles.Muted, wrap(i18n.T(c.lang, "page.untranslated"), tw))
		p.lines = append(append(note, ""), p.lines...)
	}
	if ansi.StringWidth(p.doc.Title) > c.titleWidth() {
		// The header cut the title: the page starts with it whole, as an
		// entry does.
		title := styledLines(c.styles.Title, wrap(p.doc.Title, tw))
		p.lines = append(append(title, ""), p.lines...)
	}
	if old > 0 && len(p.lines) != old {
		p.offset = p.offset * len(p.lines) / old
	}
	p.offset = clampScroll(p.offset, len(p.lines), p.height)
}

// View is the page from the reading position, in the reading column.
func (p *pageScreen) View() string {
	return p.c.margin(window(p.lines, p.offset, p.height), p.c.columnLeft(p.c.textWidth()))
}

// position says how far through the page the visitor is ("" if it fits).
func (p *pageScreen) position() string { return position(p.offset, len(p.lines), p.height) }

// scrolls reports whether the page is longer than the body with a one-line
// footer (then the scrolling keys work).
func (p *pageScreen) scrolls() bool { return len(p.lines) > p.c.rows }

// ShortHelp is the page's keys that work now (c.keys, set by the root),
// most useful first, as the help line lists them.
func (p *pageScreen) ShortHelp() []key.Binding { return p.c.keys.shortHelp(screenPage, p.c.lang) }

// pageScreen is the page component, with the context and its size: to
// route a message to, or to draw.
func (m *Model) pageScreen() *pageScreen {
	m.place(&m.page.area, nil)
	return &m.page
}

func (m *Model) openPage(p content.Page) {
	m.screen = screenPage
	m.pageScreen().open(p)
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
