package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/markdown"
)

// common is what the components draw with, as soft-serve's common.Common:
// the content in the visitor's language, the styles, the Markdown cache, the
// colour profile, the window and what the terminal can show. The root fills
// it in from its own state (Model.ctx) each time it hands it to a component,
// to route a message or to draw, so that it is never stale; the Model that
// Bubble Tea copies at every message holds only a pointer to it.
type common struct {
	lib           *content.Library // the content in lang
	all           *content.Library // Options.Library: every language, for the directory's filter
	lang          content.Lang
	menu          []menuEntry // the home screen's entries (the root's, model.go)
	styles        *Styles
	markdown      *markdown.Cache
	ink           colorprofile.Profile // the profile to draw in (Model.inkProfile)
	width, height int                  // the window
	sshCommand    string               // Options.SSHCommand

	hyperlinks bool // OSC 8 links may be sent (Model.hyperlinks)
	colours    bool // the terminal shows colours (Model.colours)
	noColour   bool // the visitor asked for none (NO_COLOR)
	ascii      bool // ASCII only (theme.go Glyphs)

	// rows is the body's height under the header with a one-line footer:
	// what decides whether a screen scrolls, and where an entry's QR code
	// goes (the help is opened and closed, the window stays). 0 on home.
	rows int
	// keys are the screen's keys that work now (Model.activeKeys), set by
	// the root when it routes a key or asks for them (a value: a pointer to
	// the root's would make it escape, at every key); Model.ctx keeps them.
	keys KeyMap
	// help is the full help, when it is open and drawn in the body (an
	// entry with its QR code beside the text, Model.helpInBody); nil
	// otherwise.
	help *helpPanel
}

// common is a context of the attract loop's own (attract.go).
func (m Model) common() *common {
	c := *m.ctx()
	return &c
}

// ctx fills in the model's context (shared by its copies, as the caches
// are) and returns it: the common context for the component the root is
// about to route a message to or draw. Filling it in costs no allocation,
// at every message, and field by field it does not copy keys (a KeyMap is
// large, and the context is filled in several times a key): they are the
// last ones set, so the root sets them before it routes a key or asks for
// them (Model.place, screenKeys). help is emptied.
func (m *Model) ctx() *common {
	if m.shared == nil {
		m.shared = &common{}
	}
	c := m.shared
	c.lib, c.all, c.lang, c.menu = m.lib, m.opt.Library, m.lang, m.menu
	c.styles, c.markdown, c.ink = m.styles, m.opt.Markdown, m.inkProfile()
	c.width, c.height, c.sshCommand = m.width, m.height, m.opt.SSHCommand
	c.hyperlinks, c.colours, c.noColour, c.ascii = m.hyperlinks(), m.colours(), m.noColour, m.ascii
	c.rows = 0
	if m.screen != screenHome {
		c.rows = max(1, m.height-m.headerHeight()-1)
	}
	c.help = nil
	return c
}

// projector reports whether the window takes the projector layout (projector.go).
func (c *common) projector() bool { return isProjector(c.width, c.height) }

// siteName is the Embassy's name for w columns (projector.go).
func (c *common) siteName(w int) string { return siteName(c.lib.Site, w) }

// style is the Markdown style for the terminal's background.
func (c *common) style() markdown.Style { return markdownStyle(c.styles) }

// textWidth is the width of the reading column for the window.
func (c *common) textWidth() int { return textWidth(c.width) }

// titleWidth is the room the header gives a screen's title; a longer one is
// cut there, and the screen then starts with it whole.
func (c *common) titleWidth() int {
	if c.projector() {
		return c.textWidth()
	}
	return c.width - 2
}

// margin places a screen's body lines in the window: after a one-space
// margin, or on a projector at left, the left edge of the centred column.
func (c *common) margin(lines []string, left int) string {
	if !c.projector() {
		return indent(lines)
	}
	// lines may be the Markdown cache's shared slice: build new ones.
	pad := strings.Repeat(" ", left)
	out := make([]string, len(lines))
	for i, l := range lines {
		if l != "" {
			out[i] = pad + l
		}
	}
	return strings.Join(out, "\n")
}

// columnLeft is the left margin that centres a column of w cells.
func (c *common) columnLeft(w int) int { return max(1, (c.width-w)/2) }

// area is what each screen component has besides its state: the common
// context and its part of the window, and the methods of the interface that
// are the same for all of them.
type area struct {
	c             *common
	width, height int
}

func (a *area) Init() tea.Cmd { return nil }

func (a *area) SetSize(width, height int) { a.width, a.height = width, height }

// FullHelp is the screen's keys that work now (c.keys, set by the root), in
// the full help's groups.
func (a *area) FullHelp() [][]key.Binding { return a.c.keys.FullHelp() }

// place gives a screen component the context, the screen's keys k (nil: none
// needed) and the body's size, to route a message to it.
func (m *Model) place(a *area, k *KeyMap) {
	h := m.bodyHeight()
	a.c = m.ctx()
	if k != nil {
		a.c.keys = *k
	}
	a.SetSize(m.width, h)
}
