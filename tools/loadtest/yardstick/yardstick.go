// Package yardstick is the smallest Wish v2 + Bubble Tea v2 server that shows
// a home screen comparable to the kiosk's. It is the baseline the kiosk is
// measured against, so it keeps every default on purpose: do not optimise it.
package yardstick

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
)

// NewServer returns a Wish server with default options and the Bubble Tea
// middleware (emulated PTY, default program options). The host key is read
// from hostKeyPath, or created there. Serve it with srv.Serve(listener).
func NewServer(hostKeyPath string) (*ssh.Server, error) {
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(hostKeyPath),
		wish.WithMiddleware(
			bubbletea.Middleware(handler), // one Bubble Tea program per session
		),
	)
	if err != nil {
		return nil, fmt.Errorf("new yardstick server: %w", err)
	}
	return srv, nil
}

func handler(ssh.Session) (tea.Model, []tea.ProgramOption) {
	return NewModel(), nil
}

// Model is the yardstick's home screen: a title, a subtitle, a three-entry
// menu and a help line.
type Model struct {
	items  []string
	cursor int
}

// NewModel returns the home screen with the first entry selected.
func NewModel() Model {
	return Model{items: []string{
		"Consular services",
		"Visas and travel to Argentina",
		"Contact and opening hours",
	}}
}

// Init does nothing.
func (m Model) Init() tea.Cmd { return nil }

// Update moves the selection and quits on q.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch msg.String() {
		case "up", "k":
			if m.cursor > 0 {
				m.cursor--
			}
		case "down", "j":
			if m.cursor < len(m.items)-1 {
				m.cursor++
			}
		case "q", "ctrl+c":
			return m, tea.Quit
		}
	}
	return m, nil
}

var (
	titleStyle    = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#75AADB")).MarginBottom(0)
	subtitleStyle = lipgloss.NewStyle().Faint(true).MarginBottom(1)
	itemStyle     = lipgloss.NewStyle().PaddingLeft(2)
	selectedStyle = lipgloss.NewStyle().PaddingLeft(2).Bold(true).Foreground(lipgloss.Color("#FCBF49"))
	helpStyle     = lipgloss.NewStyle().Faint(true).MarginTop(1)
)

// View draws the home screen on the alternate screen.
func (m Model) View() tea.View {
	var b strings.Builder
	b.WriteString(titleStyle.Render("Embassy of the Argentine Republic in South Africa"))
	b.WriteString("\n")
	b.WriteString(subtitleStyle.Render("Consular section, Pretoria. Choose a topic."))
	b.WriteString("\n")
	for i, item := range m.items {
		if i == m.cursor {
			b.WriteString(selectedStyle.Render("> " + item))
		} else {
			b.WriteString(itemStyle.Render("  " + item))
		}
		b.WriteString("\n")
	}
	b.WriteString(helpStyle.Render("↑/k up • ↓/j down • q quit"))
	v := tea.NewView(lipgloss.NewStyle().Padding(1, 2).Render(b.String()))
	v.AltScreen = true
	return v
}
