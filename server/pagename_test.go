package server_test

import (
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/server"
)

// TestPageNames: `page NAME` takes a page's name in any case, and in any
// of the kiosk's languages; `pages` lists the names in the visitor's.
func TestPageNames(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{MaxPerSource: -1}) // one connection a command
	for _, tt := range []struct{ user, cmd, want string }{
		{"visitor", "page memory", page2Text},
		{"visitor", "page MEMORY", page2Text},
		{"es", "page Memory", "modelo para el mundo"},
		{"es", "page memoria", "modelo para el mundo"},
		{"es", "page Fechas-Clave", "CONADEP"},
		{"visitor", "page MEMORIA", page2Text}, // any language's name
		{"es", "pages", "memoria      Memoria, verdad y justicia"},
		{"visitor", "pages", "memory       Memory, truth and justice"},
	} {
		r := k.commandAs(t, tt.user, nil, tt.cmd)
		if r.status != 0 || !strings.Contains(r.stdout, tt.want) {
			t.Errorf("ssh -T %s@host %s: status %d, stderr %q, output lacks %q", tt.user, tt.cmd, r.status, r.stderr, tt.want)
		}
	}
	// In the full-screen view too.
	term := openPTY(t, k.dialAs(t, "es"), "xterm-256color", 80, 24, "page memoria")
	term.waitFor(0, "Memoria, verdad y justicia")
}
