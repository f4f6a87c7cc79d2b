package e2e

import (
	"os/exec"
	"strings"
	"testing"
)

// A visitor who comes when the kiosk's memory budget is taken reads why,
// and when to come back, in each real client (not OpenSSH's
// "kex_exchange_identification: Connection closed by remote host").
func TestBusyMessageInEveryClient(t *testing.T) {
	need(t, "tmux", "ssh")
	// Room for one visitor at 80x24.
	port, data := kioskWithData(t, "--memory-budget", "1MiB")
	first := openTerminal(t, port, 80, 24, "xterm-256color")
	first.waitFor("Related websites", "q quit")

	out, err := exec.Command(bin, "fingerprint", "--data", data).Output()
	if err != nil {
		t.Fatalf("embassy fingerprint: %v", err)
	}
	fp := strings.TrimSpace(strings.Split(string(out), "\n")[0])
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			need(t, c.tool)
			tm := runInTerminal(t, 80, 24, c.command(port, fp, "xterm-256color")+"; echo status=$?")
			tm.waitFor("too many visitors at once", "Please try again in a minute.", "status=1")
		})
	}
	t.Run("openssh/es/40x12", func(t *testing.T) {
		tm := openTerminalAs(t, port, 40, 12, "xterm-256color", "es")
		// Wrapped between words to the narrow window.
		tm.waitFor("demasiados visitantes", "Vuelva a intentarlo en un minuto.")
	})
	t.Run("openssh/es/vt100", func(t *testing.T) {
		tm := openTerminalAs(t, port, 40, 12, "vt100", "es")
		// An ASCII terminal gets the words without their accents.
		tm.waitWords("El quiosco de la Embajada argentina esta ocupado")
	})
	t.Run("openssh/no-pty", func(t *testing.T) {
		cmd := exec.Command("ssh", append(sshArgs(port), "-T", "visitor@127.0.0.1", "links")...)
		out, err := cmd.CombinedOutput()
		if !strings.Contains(string(out), "too many visitors at once") || cmd.ProcessState.ExitCode() != 1 {
			t.Errorf("ssh -T links past the budget: %v\n%s", err, out)
		}
	})
	// The visitor who got in is still there.
	first.keys("2")
	first.waitFor("model for the world")
}
