package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
)

// The projector layout, for windows of projectorWidth x projectorHeight and
// up (a booth's big screen, a projector): text read from across a room. The
// home screen sets the site's title in block letters (bigtext.go), margins
// and line spacing grow, and the reading column (textWidth, at most
// readingWidth) is centred in the window. Smaller windows keep the ordinary
// layout; header(), body() and render() call in here first.

const (
	projectorWidth  = 160
	projectorHeight = 45
)

func (m Model) projector() bool { return isProjector(m.width, m.height) }

// isProjector reports whether a window of w x h takes the projector layout.
func isProjector(w, h int) bool {
	return w >= projectorWidth && h >= projectorHeight
}

// columnLeft is the left margin that centres the reading column; on an
// entry, the column and the QR code beside it.
func (m Model) columnLeft() int {
	w := m.textWidth()
	if m.screen == screenLink {
		e := m.entry
		e.c = m.ctx()
		w = e.columnWidth()
	}
	return max(1, (m.width-w)/2)
}

// headerHeight is the height of header(): 3 lines, more on a projector.
func (m Model) headerHeight() int {
	switch {
	case !m.projector():
		return 3
	case m.screen != screenHome:
		return 5 // projectorHeader's blank, name, title, rule, blank
	}
	return lipgloss.Height(m.header())
}

// projectorHeader is the header on a large window, with a blank line above
// and below it: on home the Embassy's name, the title in block letters and a
// rule, centred; elsewhere the name, the screen's title and a rule over the
// reading column.
func (m Model) projectorHeader() (string, bool) {
	if !m.projector() {
		return "", false
	}
	rule := m.styles.Rule.Render(strings.Repeat("─", m.textWidth()))
	if m.screen == screenHome {
		title := []string{m.styles.Title.Render(ansi.Truncate(m.lib.Site.Title, m.width-4, "…"))}
		if big, ok := bigText(m.lib.Site.Title); ok && ansi.StringWidth(big[0]) <= m.width-4 {
			title = styledLines(m.styles.Title, strings.Join(big, "\n"))
		}
		lines := []string{"", m.styles.Embassy.Render(m.siteName(m.width - 4)), ""}
		lines = append(lines, title...)
		lines = append(lines, "", rule, "")
		for i, l := range lines {
			if l != "" {
				lines[i] = strings.Repeat(" ", max(0, (m.width-lipgloss.Width(l))/2)) + l
			}
		}
		return strings.Join(lines, "\n"), true
	}
	title := m.screenTitle()
	w := m.textWidth()
	pad := strings.Repeat(" ", m.columnLeft())
	return "\n" + pad + m.styles.Embassy.Render(m.siteName(w)) + "\n" +
		pad + m.styles.Title.Render(ansi.Truncate(title, w, "…")) + "\n" +
		pad + rule + "\n", true
}

// siteName is the Embassy's name, or its short name when the full one is
// wider than w.
func (m Model) siteName(w int) string { return siteName(m.lib.Site, w) }

func siteName(site content.Site, w int) string {
	name := site.Name
	if ansi.StringWidth(name) > w && site.ShortName != "" {
		name = site.ShortName
	}
	return ansi.Truncate(name, w, "…")
}

// projectorFooter moves the footer's lines under the reading column. A
// one-line footer that spans the window (help on the left, the reading position on the
// right) has its gap shortened so that it ends where the column ends; a
// line that still does not fit stays where it was.
func (m Model) projectorFooter(footer string) string {
	if !m.projector() {
		return footer
	}
	shift := m.columnLeft() - 1 // footers start with a space
	right := m.columnLeft() + m.textWidth()
	lines := strings.Split(footer, "\n")
	for i, l := range lines {
		if over := lipgloss.Width(l) + shift - right; over > 0 && len(lines) == 1 {
			if gap := strings.LastIndex(l, "   "); gap >= 0 {
				run := len(l[:gap+3]) - len(strings.TrimRight(l[:gap+3], " "))
				cut := min(over, run-2)
				l = l[:gap+3-cut] + l[gap+3:]
			}
		}
		if lipgloss.Width(l)+shift <= m.width {
			lines[i] = strings.Repeat(" ", shift) + l
		}
	}
	return strings.Join(lines, "\n")
}
