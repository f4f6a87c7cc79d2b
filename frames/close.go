package frames

import (
	"bytes"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Close draws the program's last view (its goodbye, when it quit) and
// restores the terminal: it leaves the alt screen, shows the cursor and
// turns off the modes the views turned on. The Renderer's screen model goes
// back to the pool. Call it once the program has ended.
func (r *Renderer) Close() error {
	r.mu.Lock()
	stale := r.model != nil && !r.current
	r.mu.Unlock()
	if stale {
		r.draw(r.model.inner)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return r.err
	}
	r.closed = true
	if r.park != nil {
		r.park.Stop()
	}
	if lv := r.last; lv != nil && r.err == nil {
		var f bytes.Buffer
		if lv.AltScreen {
			// Puts the cursor back where it was before the alt screen.
			f.WriteString(ansi.ResetModeAltScreenSaveCursor)
		} else {
			// The visitor's prompt comes back under the last line of
			// the frame.
			s := r.screen(false)
			s.MoveTo(0, r.area.Dy()-1)
			_ = s.Flush()
			f.Write(r.sc.out.Bytes())
			r.sc.out.Reset()
			f.WriteString(ansi.EraseScreenBelow)
		}
		if lv.Cursor == nil {
			f.WriteString(ansi.SetModeTextCursorEnable)
		}
		if !lv.DisableBracketedPasteMode {
			f.WriteString(ansi.ResetModeBracketedPaste)
		}
		if lv.ReportFocus {
			f.WriteString(ansi.ResetModeFocusEvent)
		}
		if lv.MouseMode != tea.MouseModeNone {
			f.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr)
		}
		if lv.WindowTitle != "" {
			f.WriteString(ansi.SetWindowTitle(""))
		}
		r.write(&f)
	}
	if r.sc != nil {
		putScreen(r.sc)
		r.sc = nil
	}
	return r.err
}
