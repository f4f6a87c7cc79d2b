package server_test

import (
	"strings"
	"testing"
)

// TestPageNames: `page NAME` takes a page's name in any case, and in any
// of the kiosk's languages.
func TestPageNames(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	for _, tt := range []struct{ user, cmd, want string }{
		{"visitor", "page memory", page2Text},
		{"visitor", "page MEMORY", page2Text},
		{"es", "page Memory", "modelo para el mundo"},
	} {
		r := k.commandAs(t, tt.user, nil, tt.cmd)
		if r.status != 0 || !strings.Contains(r.stdout, tt.want) {
			t.Errorf("ssh -T %s@host %s: status %d, stderr %q, output lacks %q", tt.user, tt.cmd, r.status, r.stderr, tt.want)
		}
	}
	// In the full-screen view too.
	term := openPTY(t, k.dialAs(t, "visitor"), "xterm-256color", 80, 24, "page Memory")
	term.waitFor(0, page2Title)
}
