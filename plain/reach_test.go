package plain

import "testing"

func TestReach(t *testing.T) {
	for _, tt := range []struct{ cmd, user, interactive, help string }{
		{"ssh kiosk.example", "visitor", "ssh -t kiosk.example", "ssh kiosk.example help"},
		{"ssh -p 2222 kiosk.example", "es", "ssh -t -p 2222 es@kiosk.example", "ssh -p 2222 es@kiosk.example help"},
		{"ssh kiosk.example", "English", "ssh -t English@kiosk.example", "ssh English@kiosk.example help"},
		{"ssh kiosk.example", "plain", "ssh -t kiosk.example", "ssh kiosk.example help"},
	} {
		r := ReachAs(tt.cmd, tt.user)
		if got := r.Interactive(); got != tt.interactive {
			t.Errorf("ReachAs(%q, %q).Interactive() = %q, want %q", tt.cmd, tt.user, got, tt.interactive)
		}
		if got := r.Run("help"); got != tt.help {
			t.Errorf("ReachAs(%q, %q).Run(help) = %q, want %q", tt.cmd, tt.user, got, tt.help)
		}
	}
}
