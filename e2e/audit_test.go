package e2e

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// ssh-audit 2.5.0 (Debian's) does not know these two yet and warns about
// them; every other warning, failure or recommendation is a finding.
var unknownToAudit = regexp.MustCompile(`^\(kex\) (mlkem768x25519-sha256|kex-strict-s-v00@openssh\.com) +-- \[warn\] unknown algorithm$`)

// TestSSHAudit runs ssh-audit against the built server: only modern
// algorithms, nothing weak to fail or recommend.
func TestSSHAudit(t *testing.T) {
	need(t, "ssh-audit")
	port := kiosk(t)
	out, _ := exec.Command("ssh-audit", "-n", "-p", port, "127.0.0.1").CombinedOutput()
	report := string(out)
	if !strings.Contains(report, "curve25519-sha256") {
		t.Fatalf("ssh-audit did not audit the server:\n%s", report)
	}
	for _, line := range strings.Split(report, "\n") {
		if strings.Contains(line, "[fail]") || strings.Contains(line, "[warn]") || strings.Contains(line, "recommendation") {
			if !unknownToAudit.MatchString(strings.TrimSpace(line)) {
				t.Errorf("ssh-audit: %s", line)
			}
		}
	}
	if t.Failed() {
		t.Logf("full report:\n%s", report)
	}
}
