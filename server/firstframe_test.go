package server_test

import (
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/server"
)

// TestFirstFrameFitsTheTerminal: glyphs and colours are decided from the
// PTY request and the environment before the first byte. A vt100 is sent
// no Unicode symbol and no colour, from the first frame on (a redraw in
// ASCII after a Unicode frame leaves garbage on a real vt100), with either
// renderer.
func TestFirstFrameFitsTheTerminal(t *testing.T) {
	for _, renderer := range []string{server.RendererImmediate, server.RendererBubbleTea} {
		k := startKiosk(t, server.Config{Renderer: renderer})
		for _, c := range []struct {
			term string
			env  map[string]string
		}{
			{"vt100", map[string]string{"LANG": "C"}},
			{"vt100", nil},
			{"vt220", nil},
			{"xterm-256color", map[string]string{"LANG": "C"}},
		} {
			out := homeBytes(t, k, c.term, c.env)
			if i := strings.IndexAny(out, "─▸↑↓•…✓"); i >= 0 {
				t.Errorf("%s: TERM=%s %v: a Unicode symbol was sent: %q", renderer, c.term, c.env, out[max(0, i-40):min(len(out), i+40)])
			}
			if colourless := strings.HasPrefix(c.term, "vt"); colourless && len(colours(out)) > 0 {
				t.Errorf("%s: TERM=%s: a vt100 has no colour, but got %v", renderer, c.term, colours(out))
			}
		}
	}
}
