package ui

import (
	"github.com/charmbracelet/colorprofile"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/markdown"
)

// common is what the components draw with, as soft-serve's common.Common:
// the content in the visitor's language, the styles, the Markdown cache, the
// colour profile and the window. The root builds it from its own state when
// it draws (Model.common) and hands each component a pointer to it, so the
// Model that Bubble Tea copies at every message stays the size it was.
type common struct {
	lib           *content.Library // the content in lang
	lang          content.Lang
	styles        *Styles
	markdown      *markdown.Cache
	ink           colorprofile.Profile // the profile to draw in (Model.inkProfile)
	width, height int                  // the window
	sshCommand    string               // Options.SSHCommand
}

func (m Model) common() *common {
	return &common{
		lib:        m.lib,
		lang:       m.lang,
		styles:     m.styles,
		markdown:   m.opt.Markdown,
		ink:        m.inkProfile(),
		width:      m.width,
		height:     m.height,
		sshCommand: m.opt.SSHCommand,
	}
}

// projector reports whether the window takes the projector layout (projector.go).
func (c *common) projector() bool { return isProjector(c.width, c.height) }

// siteName is the Embassy's name for w columns (projector.go).
func (c *common) siteName(w int) string { return siteName(c.lib.Site, w) }

// style is the Markdown style for the terminal's background.
func (c *common) style() markdown.Style { return markdownStyle(c.styles) }
