package e2e

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// A client is a real SSH program a visitor might use, as a shell command.
type client struct {
	name, tool string
	command    func(port, fingerprint, term string) string
}

var clients = []client{
	{"openssh", "ssh", func(port, _, term string) string {
		return "TERM=" + term + " ssh -tt " + strings.Join(sshArgs(port), " ") + " visitor@127.0.0.1"
	}},
	// PuTTY's plink needs the host key's fingerprint in batch mode.
	{"putty", "plink", func(port, fp, term string) string {
		return "TERM=" + term + " plink -ssh -batch -t -P " + port + " -hostkey " + fp + " visitor@127.0.0.1"
	}},
	// dbclient -y -y skips the host key check without writing known_hosts.
	{"dropbear", "dbclient", func(port, _, term string) string {
		return "TERM=" + term + " dbclient -y -y -t -p " + port + " visitor@127.0.0.1"
	}},
}

// TestClients visits with each real client: home screen, a page, the
// directory, quit; at the smallest, usual and a wide size, under several
// TERM values.
func TestClients(t *testing.T) {
	need(t, "tmux")
	port, data := kioskWithData(t)
	out, err := exec.Command(bin, "fingerprint", "--data", data).Output()
	if err != nil {
		t.Fatalf("embassy fingerprint: %v", err)
	}
	fp := strings.TrimSpace(strings.Split(string(out), "\n")[0])
	sizes := [][2]int{{40, 12}, {80, 24}, {200, 60}}
	terms := []string{"xterm-256color", "xterm", "vt100", "screen-256color", "xterm-kitty"}
	for _, c := range clients {
		for i, size := range sizes {
			term := terms[(i+len(c.name))%len(terms)]
			t.Run(fmt.Sprintf("%s/%dx%d/%s", c.name, size[0], size[1], term), func(t *testing.T) {
				need(t, c.tool)
				tm := runInTerminal(t, size[0], size[1], c.command(port, fp, term))
				// The menu's last entry marks the home screen: at 160x45 and up
				// the title is in block letters (ui/projector.go).
				tm.waitFor("5  FO.AR", "Related websites", "q quit")
				tm.keys("2")
				tm.waitFor("model for the world")
				tm.keys("Escape")
				tm.waitFor("5  FO.AR") // the home screen
				tm.keys("4")
				tm.waitFor("Secretariat of Human Rights")
				tm.keys("q")
				tm.waitFor("Thank you for visiting")
			})
		}
	}
}
