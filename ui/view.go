package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/i18n"
)

// Drawing: the root view, its header, footer and body; each screen draws
// its own body (home.go, page.go, links.go).

// View draws the current screen.
func (m Model) view() tea.View {
	if m.quickExit {
		return tea.NewView("") // restores the terminal and leaves nothing
	}
	if m.goodbye != "" {
		// Left on the visitor's normal screen after the program ends.
		return tea.NewView(ansi.Wrap(m.goodbye, max(1, m.width-1), "") + "\n")
	}
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.lib.Site.Title
	return v
}

// hyperlinks reports whether the terminal may be sent OSC 8 hyperlinks.
// Terminals that do not know them may print the sequence as text: the
// Linux console, DEC terminals and their emulations, and any terminal whose
// type is not known yet.
func (m Model) hyperlinks() bool {
	t := strings.ToLower(m.term)
	switch {
	case t == "", t == "dumb", t == "linux", t == "ansi", t == "cons25", strings.HasPrefix(t, "vt"):
		return false
	case m.knowsProfile && m.profile <= colorprofile.NoTTY:
		return false
	}
	return true
}

// inkProfile is the colour profile text is styled in: the terminal's once
// Bubble Tea has said it, until then the one the server guessed.
func (m Model) inkProfile() colorprofile.Profile {
	if m.knowsProfile {
		return m.profile
	}
	return m.opt.Profile
}

// colours reports whether the terminal shows colours (until Bubble Tea
// says which profile it detected, assume it does).
func (m Model) colours() bool {
	return !m.knowsProfile || m.profile >= colorprofile.ANSI
}

func (m Model) render() string {
	if m.width < MinWidth || m.height < MinHeight {
		return m.tooSmall()
	}
	if s, ok := m.attractScreen(); ok { // the attract loop (attract.go)
		return s
	}
	header := m.header()
	footer := m.closingFooter(m.idleFooter(m.boothFooter(m.footer()))) // countdowns, when they run
	footer = m.projectorFooter(footer)                                 // large windows (projector.go)
	bodyHeight := m.height - lipgloss.Height(header) - lipgloss.Height(footer)
	if bodyHeight <= 0 { // the full help fills a small window
		return header + "\n" + footer
	}
	body := m.body(bodyHeight)
	lines := strings.Split(body, "\n")
	for len(lines) < bodyHeight {
		lines = append(lines, "")
	}
	return header + "\n" + strings.Join(lines[:bodyHeight], "\n") + "\n" + footer
}

func (m Model) tooSmall() string {
	msg := i18n.T(m.lang, "toosmall", MinWidth, MinHeight, m.width, m.height)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
		lipgloss.NewStyle().Width(min(m.width, 30)).Align(lipgloss.Center).Render(msg))
}

// countdownLine is the notice of a countdown with left seconds: the text
// of key, or on a narrow window the shorter key+".short", so that the
// number always shows.
func (m Model) countdownLine(key string, left int) string {
	line := i18n.T(m.lang, key, left)
	if ansi.StringWidth(line) > m.width-2 {
		line = i18n.T(m.lang, key+".short", left)
	}
	return m.noticeLine(line)
}

// noticeLine is a message in place of the help line: a countdown, a
// question, a confirmation. It is cut to the window.
func (m Model) noticeLine(text string) string {
	return " " + m.styles.Notice.Render(ansi.Truncate(text, max(0, m.width-2), m.styles.G.Ellipsis))
}

// screenTitle is the title of what is on screen.
func (m Model) screenTitle() string {
	switch m.screen {
	case screenPage:
		return m.page.doc.Title
	case screenLinks:
		return m.lib.Site.LinksTitle
	case screenLink:
		return m.shownLink().Title
	}
	return m.lib.Site.Title
}

// header is the Embassy's name, the screen's title and a rule: 3 lines.
func (m Model) header() string {
	if h, ok := m.projectorHeader(); ok { // large windows (projector.go)
		return h
	}
	title := m.screenTitle()
	w := m.width - 2
	name := m.lib.Site.Name
	if ansi.StringWidth(name) > w && m.lib.Site.ShortName != "" {
		name = m.lib.Site.ShortName
	}
	titleLine := m.styles.Title.Render(ansi.Truncate(title, w, m.styles.G.Ellipsis))
	if x, _, ok := m.langHint(); ok {
		// The way to the other language, where a visitor looks first.
		k := m.activeKeys().Lang.Help()
		hint := m.styles.HelpKey.Render(k.Key) + " " + m.styles.Help.Render(k.Desc)
		titleLine += strings.Repeat(" ", x-1-ansi.StringWidth(title)) + hint
	}
	return " " + m.styles.Embassy.Render(ansi.Truncate(name, w, m.styles.G.Ellipsis)) + "\n" +
		" " + titleLine + "\n" +
		" " + m.styles.Rule.Render(strings.Repeat(m.styles.G.Rule, min(w, readingWidth)))
}

// langHint is where the home screen's title line shows the language key
// ("L español"): from column x to end (exclusive), ending where the rule
// under it ends; ok is false where it is not shown.
func (m Model) langHint() (x, end int, ok bool) {
	if m.screen != screenHome || m.projector() {
		return 0, 0, false
	}
	k := m.activeKeys().Lang.Help()
	hw := ansi.StringWidth(k.Key) + 1 + ansi.StringWidth(k.Desc)
	end = 1 + min(m.width-2, readingWidth)
	x = end - hw
	if x-1-ansi.StringWidth(m.screenTitle()) < 2 {
		return 0, 0, false
	}
	return x, end, true
}

func (m Model) footer() string {
	k := m.activeKeys()
	if m.help.open && !m.helpInBody() {
		return m.fullHelp()
	}
	if m.notice != "" {
		return m.noticeLine(m.notice)
	}
	pos := m.position()
	line := " " + m.shortHelp(k, m.width-2-lipgloss.Width(pos)-1)
	if pos != "" {
		gap := max(1, m.width-lipgloss.Width(line)-lipgloss.Width(pos)-1)
		line += strings.Repeat(" ", gap) + m.styles.Muted.Render(pos)
	}
	return line
}

// shortHelp renders as many of the screen's bindings as fit in width,
// always ending with help and quit (when they work).
func (m Model) shortHelp(k KeyMap, width int) string {
	item := func(b key.Binding) string {
		return m.styles.HelpKey.Render(m.styles.G.keys(b.Help().Key)) + " " + m.styles.Help.Render(b.Help().Desc)
	}
	sep := m.styles.Help.Render(" " + m.styles.G.Dot + " ")
	tail := ""
	for _, b := range []key.Binding{k.Help, k.Quit} {
		if shown(b) {
			tail += sep + item(b)
		}
	}
	used := lipgloss.Width(tail)
	var b strings.Builder
	for _, kb := range m.screenKeys(k) {
		if !shown(kb) {
			continue
		}
		s := item(kb)
		if b.Len() > 0 {
			s = sep + s
		}
		if used+lipgloss.Width(s) > width {
			break
		}
		used += lipgloss.Width(s)
		b.WriteString(s)
	}
	if b.Len() == 0 {
		return strings.TrimPrefix(tail, sep)
	}
	return b.String() + tail
}

// screenKeys are the keys the screen on show lists in the help line, most
// useful first (its component's ShortHelp), from k (activeKeys).
func (m Model) screenKeys(k KeyMap) []key.Binding {
	c := m.ctx()
	c.keys = k
	switch m.screen {
	case screenPage:
		p := m.page
		p.c = c
		return p.ShortHelp()
	case screenLinks:
		d := m.dir
		d.c = c
		return d.ShortHelp()
	case screenLink:
		e := m.entry
		e.c = c
		return e.ShortHelp()
	}
	h := m.home
	h.c = c
	return h.ShortHelp()
}

// position says how far through a scrolling screen the visitor is.
func (m Model) position() string {
	switch m.screen {
	case screenPage:
		return m.pageScreen().position()
	case screenLinks:
		return m.directory(nil).position()
	case screenLink:
		return m.entryScreen(nil).position()
	}
	return ""
}

// bodyHeight is the number of lines between the header (3 lines, more on
// a projector) and the footer.
func (m Model) bodyHeight() int {
	footer := 1
	if m.help.open && !m.helpInBody() {
		footer = lipgloss.Height(m.fullHelp())
	}
	return max(1, m.height-m.headerHeight()-footer) // headerHeight: projector.go
}

// body is the screen's view in height rows: each screen draws its own, on
// a copy given the context and the size.
func (m Model) body(height int) string {
	switch m.screen {
	case screenPage:
		p := m.page
		p.c = m.ctx()
		p.SetSize(m.width, height)
		return p.View()
	case screenLinks:
		d := m.dir
		d.c = m.ctx()
		d.SetSize(m.width, height)
		return d.View()
	case screenLink:
		e := m.entry
		e.c = m.ctx()
		if m.help.open {
			// Drawn in the text's column when the code is beside it.
			k := m.activeKeys()
			h := m.helpPanel(&k)
			e.c.help = &h
		}
		e.SetSize(m.width, height)
		return e.View()
	}
	h := m.home
	h.c = m.ctx()
	h.SetSize(m.width, height)
	return h.View()
}
