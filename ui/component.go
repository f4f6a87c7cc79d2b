package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// component is one part of the screen with its own state, size, keys and
// view, in the manner of soft-serve's (pkg/ui/common/component.go). Its view
// is a string: only the root Model returns a tea.View. The root routes
// messages to it, gives it its part of the window, and holds what all parts
// share: the window's size, the theme and the language.
//
// The components so far: the help panel (help.go) and the attract loop
// (attract.go); they draw with the common context (common.go). The screens
// are still drawn by the root's methods (home.go, page.go, links.go,
// entry.go).
type component interface {
	help.KeyMap // its own keys, for the footer and the full help
	Init() tea.Cmd
	Update(tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
}

// What the root tells the screen components besides Bubble Tea's own
// messages. A tea.WindowSizeMsg of the component's area means the window,
// the colours or the terminal changed: lay out again.
type (
	// areaMsg: the component's area changed while the window did not (the
	// full help opened or closed): keep the place in view.
	areaMsg struct{ Width, Height int }
	// langMsg: the visitor switched language; the common context has the
	// content in the new one.
	langMsg struct{}
)
