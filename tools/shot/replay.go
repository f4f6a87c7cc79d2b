package shot

import (
	"io"

	"github.com/charmbracelet/x/vt"
)

// Replay feeds a session's output into a fresh w x h terminal emulator and
// returns it, showing the screen as the output left it. The emulator's own
// answers to terminal queries are discarded: the live session was answered
// already, while it ran.
func Replay(output []byte, w, h int, theme Theme) *vt.Emulator {
	em := vt.NewEmulator(w, h)
	em.SetDefaultForegroundColor(theme.Foreground)
	em.SetDefaultBackgroundColor(theme.Background)
	// The emulator writes its answers into a pipe and blocks until someone
	// reads them.
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		_, _ = io.Copy(io.Discard, em)
	}()
	_, _ = em.Write(output)
	if pw, ok := em.InputPipe().(io.Closer); ok {
		_ = pw.Close() // ends the drain without racing on the emulator's state
	}
	<-drained
	_ = em.Close()
	return em
}
