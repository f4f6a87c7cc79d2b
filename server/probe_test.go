package server

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadLimit(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]int64{"536870912\n": 512 << 20, "max\n": 0, "9223372036854771712\n": 0, "junk": 0} {
		p := filepath.Join(dir, "memory.max")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, ok := readLimit(p); got != want || ok != (want > 0) {
			t.Errorf("readLimit(%q) = %d, %v; want %d", content, got, ok, want)
		}
	}
}

// This machine: whatever it is, the probe finds CPUs and memory, and the
// sizing gives a budget and handshake limits.
func TestProbeMachine(t *testing.T) {
	m := ProbeMachine()
	if m.CPUs < 1 || m.MemoryTotal <= 0 {
		t.Fatalf("probed %+v", m)
	}
	l := size(Config{HandshakeTimeout: DefaultHandshakeTimeout}, m)
	if l.MemoryBudget <= 0 || l.MaxHandshakes < l.HandshakeDropStart || l.HandshakeDropStart < 2500*m.CPUs {
		t.Errorf("limits %+v from %+v", l, m)
	}
	t.Logf("%+v -> %+v", m, l)
}
