package e2e

import (
	"strings"
	"testing"
	"time"
)

// waitWords is waitFor for text the kiosk wraps to the window: it compares
// words, not lines (and tmux drops the space after the prompt).
func (tm *terminal) waitWords(texts ...string) string {
	tm.t.Helper()
	return tm.waitShown(words, texts)
}

// waitChange waits until the screen is no longer old.
func (tm *terminal) waitChange(old string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for tm.screen() == old {
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen did not change:\n%s", old)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// The linear mode with the real OpenSSH client: `ssh -tt plain@host`, and
// a visitor whose TERM is dumb. The menu is read, a page opened, Enter goes
// back to the menu, and q ends the session (ssh itself exits).
func TestPlainModeWithOpenSSH(t *testing.T) {
	need(t, "tmux", "ssh")
	port := kiosk(t)
	for _, tt := range []struct {
		name, user, term string
		w, h             int
	}{
		{"plain user", "plain", "xterm-256color", 80, 24},
		{"dumb terminal", "visitor", "dumb", 40, 12},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tm := runInTerminal(t, tt.w, tt.h, "TERM="+tt.term+" ssh -tt "+strings.Join(sshArgs(port), " ")+" "+tt.user+"@127.0.0.1; echo ssh ended: $?")
			// At 40x12 the menu's first part (its prompt starts the same).
			menu := tm.waitWords("1. Furthering", "Related websites, 21 links", "Type a number and press Enter", ">")
			if !strings.Contains(words(menu), "Embassy of the Argentine Republic") {
				t.Errorf("the title is not on the first screen:\n%s", menu)
			}
			for _, no := range []string{"─", "│", "▸", "q quit"} {
				if strings.Contains(menu, no) {
					t.Errorf("the linear menu shows %q:\n%s", no, menu)
				}
			}
			tm.keys("2", "Enter")
			tm.waitWords("> 2", "Memory, truth and justice", "model for the world")
			// In a small window the page comes a screenful at a time.
			for i := 0; ; i++ {
				s := tm.screen()
				if strings.Contains(words(s), "End of the page.") {
					break
				}
				if i == 5 {
					t.Fatalf("no end of the page after %d screenfuls:\n%s", i, s)
				}
				tm.keys("Enter")
				tm.waitChange(s)
			}
			tm.keys("Enter")
			tm.waitWords("Menu:", "h for help, q to leave.")
			tm.keys("q", "Enter")
			tm.waitWords("Thank you for visiting", "ssh ended: 0")
		})
	}
}
