// Package ui is the kiosk's Bubble Tea program: one Model per visitor. It does
// no I/O and keeps no package-level state; everything it shows comes from the
// content.Library and the shared Renderer it is given.
package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
)

// The smallest window the layout is designed for.
const (
	MinWidth  = 40
	MinHeight = 12
)

// readingWidth caps the text column: long lines are hard to read, and it
// bounds the number of widths the Renderer caches.
const readingWidth = 76

type screen int

const (
	screenHome screen = iota
	screenPage
	screenLinks
	screenLink
)

// Options configure one visitor's program.
type Options struct {
	Library  *content.Library
	Renderer *Renderer
	// Start opens the program on a screen other than home: "links" or a
	// page slug. Unknown values start at home.
	Start string
	// OnPageView is called (on the program's goroutine) each time a page or
	// the directory is opened; the server counts these for its logs.
	OnPageView func(slug string)
}

type menuEntry struct {
	label   string
	summary string
	open    func(m *Model)
}

// Model is one visitor's state.
type Model struct {
	opt    Options
	lib    *content.Library
	keys   KeyMap
	help   *help.Model // behind pointers: Bubble Tea copies the Model at
	styles *Styles     // every call, and these two are most of its size
	menu   []menuEntry

	width, height int
	screen        screen
	cursor        int // selected menu entry on home

	page      content.Page
	pageLines []string
	offset    int // first visible line of a page or the directory

	linkCursor int          // selected entry of the directory
	link       content.Link // the link shown on screenLink
	linkFrom   screen       // where Back goes from screenLink

	showFullHelp bool
	goodbye      string // set when the program is about to end
}

// New returns the model for one visitor, sized 80x24 until the terminal
// reports its size.
func New(opt Options) Model {
	h := help.New()
	m := Model{
		opt:    opt,
		lib:    opt.Library,
		keys:   DefaultKeyMap(),
		help:   &h,
		width:  80,
		height: 24,
	}
	m.setDark(true)
	for _, p := range m.lib.Pages {
		m.menu = append(m.menu, menuEntry{label: p.Title, summary: p.Summary, open: func(m *Model) { m.openPage(p) }})
	}
	m.menu = append(m.menu, menuEntry{
		label:   m.lib.Site.LinksTitle,
		summary: fmt.Sprintf("%d websites of the bodies these pages name", len(m.lib.Links)),
		open:    (*Model).openLinks,
	})
	if b := m.lib.Site.Banner; b.URL != "" {
		m.menu = append(m.menu, menuEntry{label: b.Title, summary: b.Description, open: func(m *Model) { m.openLink(b, screenHome) }})
	}
	switch {
	case opt.Start == "links":
		m.openLinks()
	case opt.Start != "":
		if p, ok := m.lib.Page(opt.Start); ok {
			m.openPage(p)
		}
	}
	return m
}

// Init asks the terminal for its background colour; until it answers (some
// never do) the dark palette is used.
func (m Model) Init() tea.Cmd {
	return tea.RequestBackgroundColor
}

// GoodbyeMsg asks the program to say Reason on screen and end.
type GoodbyeMsg struct{ Reason string }

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(max(0, msg.Width-2))
		m.reflow()
	case tea.BackgroundColorMsg:
		m.setDark(msg.IsDark())
		m.reflow()
	case GoodbyeMsg:
		m.goodbye = msg.Reason
		return m, tea.Quit
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.move(-1)
		case tea.MouseWheelDown:
			m.move(1)
		}
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys.forScreen(m.screen)
	switch {
	case key.Matches(msg, k.Quit):
		m.goodbye = thanks(m.lib)
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.showFullHelp = !m.showFullHelp
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Next):
		m.cycle(1)
	case key.Matches(msg, k.Prev):
		m.cycle(-1)
	case key.Matches(msg, k.PageUp):
		m.scroll(-m.bodyHeight())
	case key.Matches(msg, k.PageDown):
		m.scroll(m.bodyHeight())
	case key.Matches(msg, k.Top):
		m.scroll(-1 << 30)
	case key.Matches(msg, k.Bottom):
		m.scroll(1 << 30)
	case key.Matches(msg, k.Jump):
		if i := int(msg.String()[0] - '1'); i < len(m.menu) {
			m.cursor = i
			m.menu[i].open(&m)
		}
	case key.Matches(msg, k.Open):
		m.open()
	case key.Matches(msg, k.Back):
		m.back()
	}
	return m, nil
}

func thanks(lib *content.Library) string {
	return fmt.Sprintf("Thank you for visiting the %s. %s", lib.Site.Name, lib.Site.Source)
}

func (m *Model) setDark(dark bool) {
	st := NewStyles(dark)
	m.styles = &st
	m.help.Styles = help.DefaultStyles(dark)
}

func (m *Model) style() Style {
	if m.styles.Dark {
		return StyleDark
	}
	return StyleLight
}

func (m *Model) viewed(slug string) {
	if m.opt.OnPageView != nil {
		m.opt.OnPageView(slug)
	}
}

func (m *Model) open() {
	switch m.screen {
	case screenHome:
		m.menu[m.cursor].open(m)
	case screenLinks:
		if len(m.lib.Links) > 0 {
			m.openLink(m.lib.Links[m.linkCursor], screenLinks)
		}
	}
}

func (m *Model) back() {
	switch m.screen {
	case screenLink:
		m.screen = m.linkFrom
		if m.screen == screenLinks {
			m.ensureLinkVisible()
		}
	case screenPage, screenLinks:
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
		m.linkCursor = clamp(m.linkCursor+delta, 0, len(m.lib.Links)-1)
		m.ensureLinkVisible()
	default:
		m.scroll(delta)
	}
}

// cycle is Tab: like move, but wraps around.
func (m *Model) cycle(delta int) {
	switch m.screen {
	case screenHome:
		m.cursor = (m.cursor + delta + len(m.menu)) % len(m.menu)
	case screenLinks:
		n := len(m.lib.Links)
		m.linkCursor = (m.linkCursor + delta + n) % n
		m.ensureLinkVisible()
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
		target := clamp(firsts[m.linkCursor]+delta, 0, len(rows)-1)
		for m.linkCursor+step >= 0 && m.linkCursor+step < len(firsts) &&
			(step > 0 && firsts[m.linkCursor+step] <= target || step < 0 && firsts[m.linkCursor] > target) {
			m.linkCursor += step
		}
		m.ensureLinkVisible()
		return
	}
	m.offset += delta
	m.clampOffset()
}

func (m *Model) clampOffset() {
	m.offset = clamp(m.offset, 0, max(0, m.contentLines()-m.bodyHeight()))
}

func (m *Model) contentLines() int {
	switch m.screen {
	case screenPage:
		return len(m.pageLines)
	case screenLinks:
		rows, _ := m.linkRows()
		return len(rows)
	case screenLink:
		return len(m.linkDetail())
	}
	return 0
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// View draws the current screen.
func (m Model) View() tea.View {
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

func (m Model) render() string {
	if m.width < MinWidth || m.height < MinHeight {
		return m.tooSmall()
	}
	header := m.header()
	footer := m.footer()
	bodyHeight := m.height - lipgloss.Height(header) - lipgloss.Height(footer)
	body := m.body(bodyHeight)
	lines := strings.Split(body, "\n")
	for len(lines) < bodyHeight {
		lines = append(lines, "")
	}
	return header + "\n" + strings.Join(lines[:bodyHeight], "\n") + "\n" + footer
}

func (m Model) tooSmall() string {
	msg := fmt.Sprintf("Please enlarge your window\nto at least %dx%d\n(now %dx%d)", MinWidth, MinHeight, m.width, m.height)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
		lipgloss.NewStyle().Width(min(m.width, 30)).Align(lipgloss.Center).Render(msg))
}

// header is the Embassy's name, the screen's title and a rule: 3 lines.
func (m Model) header() string {
	title := m.lib.Site.Title
	switch m.screen {
	case screenPage:
		title = m.page.Title
	case screenLinks:
		title = m.lib.Site.LinksTitle
	case screenLink:
		title = m.link.Title
	}
	w := m.width - 2
	name := m.lib.Site.Name
	if ansi.StringWidth(name) > w && m.lib.Site.ShortName != "" {
		name = m.lib.Site.ShortName
	}
	return " " + m.styles.Embassy.Render(ansi.Truncate(name, w, "…")) + "\n" +
		" " + m.styles.Title.Render(ansi.Truncate(title, w, "…")) + "\n" +
		" " + m.styles.Rule.Render(strings.Repeat("─", min(w, readingWidth)))
}

func (m Model) footer() string {
	k := m.keys.forScreen(m.screen)
	if m.showFullHelp {
		return m.fullHelp()
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
// always ending with help and quit.
func (m Model) shortHelp(k KeyMap, width int) string {
	item := func(b key.Binding) string {
		return m.styles.HelpKey.Render(b.Help().Key) + " " + m.styles.Help.Render(b.Help().Desc)
	}
	sep := m.styles.Help.Render(" • ")
	tail := sep + item(k.Help) + sep + item(k.Quit)
	used := lipgloss.Width(tail)
	var b strings.Builder
	for _, kb := range k.shortHelp(m.screen) {
		if !kb.Enabled() {
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

// position says how far through a scrolling screen the visitor is.
func (m Model) position() string {
	total := m.contentLines()
	h := m.bodyHeight()
	if m.screen == screenHome || total <= h {
		return ""
	}
	return fmt.Sprintf("%d%%", (m.offset+h)*100/total)
}

// bodyHeight is the number of lines between the header (3 lines) and the
// footer.
func (m Model) bodyHeight() int {
	footer := 1
	if m.showFullHelp {
		footer = lipgloss.Height(m.fullHelp())
	}
	return max(1, m.height-3-footer)
}

func (m Model) fullHelp() string {
	return " " + strings.ReplaceAll(m.help.FullHelpView(m.keys.forScreen(m.screen).FullHelp()), "\n", "\n ")
}

func (m Model) body(height int) string {
	switch m.screen {
	case screenPage:
		return indent(window(m.pageLines, m.offset, height))
	case screenLinks:
		rows, _ := m.linkRows()
		return indent(window(rows, m.offset, height))
	case screenLink:
		return indent(window(m.linkDetail(), m.offset, height))
	}
	return m.homeBody(height)
}
