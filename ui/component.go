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
// The components: the four screens, home (home.go), a page (page.go), the
// directory of links (links.go, its filter in filter.go) and one entry of it
// (entry.go); the help panel (help.go) and the attract loop (attract.go).
// They draw with the common context (common.go). The Model holds each one's
// state (it is copied at every message: the context is a pointer, filled in
// when used); for each message it routes to the screen on show (model.go
// route, resized), opens what the screen selects and goes back (nav.go),
// and draws the header and the footer around the screen's view (view.go,
// projector.go). Calls are on the concrete types: through the interface a
// component would escape to the heap, at every key.
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
