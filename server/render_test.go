package server_test

import (
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

// Both renderers show the home screen, follow a key and leave the goodbye.
func TestRenderers(t *testing.T) {
	t.Parallel()
	for _, name := range []string{server.RendererImmediate, server.RendererBubbleTea} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			k := startKiosk(t, server.Config{Renderer: name})
			term := openTerminal(t, k.dial(t), 80, 24)
			term.waitHome(0)
			m := term.mark()
			term.send("2")
			term.waitFor(m, page2Text)
			m = term.mark()
			term.send("q")
			if status := term.waitEnd(waitTimeout); status != 0 {
				t.Errorf("exit status = %d, want 0", status)
			}
			if screen := words(term.screenSince(m)); !strings.Contains(screen, "Thank you for visiting") {
				t.Errorf("no goodbye after q; the screen shows:\n%s", term.screenSince(m))
			}
		})
	}
}

func TestUnknownRenderer(t *testing.T) {
	_, err := server.New(server.Config{HostKey: testkit.HostKey(t), Library: testkit.Library(t), Renderer: "fast"})
	if err == nil || !strings.Contains(err.Error(), `"fast"`) {
		t.Errorf("server.New with an unknown renderer: %v", err)
	}
}
