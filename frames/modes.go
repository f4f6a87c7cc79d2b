package frames

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// modes are the sequences that set the terminal's modes as view asks, after
// last. The alt screen and the cursor are handled around the frame.
func modes(last *tea.View, view tea.View) string {
	var b strings.Builder
	if last == nil || view.DisableBracketedPasteMode != last.DisableBracketedPasteMode {
		if !view.DisableBracketedPasteMode {
			b.WriteString(ansi.SetModeBracketedPaste)
		} else if last != nil {
			b.WriteString(ansi.ResetModeBracketedPaste)
		}
	}
	if last == nil || view.ReportFocus != last.ReportFocus {
		if view.ReportFocus {
			b.WriteString(ansi.SetModeFocusEvent)
		} else if last != nil {
			b.WriteString(ansi.ResetModeFocusEvent)
		}
	}
	if last == nil || view.MouseMode != last.MouseMode {
		b.WriteString(mouseModeChange(last, view.MouseMode))
	}
	if (last == nil && view.WindowTitle != "") || (last != nil && view.WindowTitle != last.WindowTitle) {
		b.WriteString(ansi.SetWindowTitle(view.WindowTitle))
	}
	return b.String()
}

// mouseModeChange is the sequence that sets mouse reporting to mode, after
// last.
func mouseModeChange(last *tea.View, mode tea.MouseMode) string {
	was := tea.MouseModeNone
	if last != nil {
		was = last.MouseMode
	}
	switch mode {
	case tea.MouseModeCellMotion:
		s := ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr
		if was == tea.MouseModeAllMotion {
			s = ansi.ResetModeMouseAnyEvent + s
		}
		return s
	case tea.MouseModeAllMotion:
		s := ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr
		if was == tea.MouseModeCellMotion {
			s = ansi.ResetModeMouseButtonEvent + s
		}
		return s
	}
	if was != tea.MouseModeNone {
		return ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr
	}
	return ""
}
