package e2e

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// python3 is Debian's, where python3-paramiko installs (a pyenv python on
// PATH does not see it).
const python3 = "/usr/bin/python3"

// TestParamiko opens a session with paramiko, whose versions before 3.5
// (Debian 12 ships 2.12) have no AEAD cipher: the kiosk must offer one they
// know (AES-CTR with an encrypt-then-MAC MAC) or scripts are locked out.
func TestParamiko(t *testing.T) {
	if err := exec.Command(python3, "-c", "import paramiko").Run(); err != nil {
		need(t, "python3-paramiko") // skips, or fails in CI
	}
	port := kiosk(t)
	out, err := exec.Command(python3, "testdata/paramiko_links.py", port).CombinedOutput()
	if err != nil {
		t.Fatalf("paramiko: %v\n%s", err, out)
	}
	first, rest, _ := strings.Cut(string(out), "\n")
	t.Logf("paramiko version, cipher, MAC, exit status: %s", first)
	if f := strings.Fields(first); len(f) != 4 || f[3] != "0" {
		t.Errorf("links --json exit status: %q", first)
	}
	var links []map[string]any
	if err := json.Unmarshal([]byte(rest), &links); err != nil || len(links) == 0 {
		t.Fatalf("links --json over paramiko: %v\n%.300s", err, rest)
	}
	if !strings.Contains(rest, "https://eaaf.org/") {
		t.Errorf("links --json lacks the EAAF:\n%.300s", rest)
	}
}
