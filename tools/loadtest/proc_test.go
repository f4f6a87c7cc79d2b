package loadtest

import (
	"os"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	// The command name may hold spaces and parentheses.
	stat := []byte("4242 (we (ir) d) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 123 456 789 18446744073709551615")
	cpu, threads, err := parseStat(stat)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Duration(300) * time.Second / time.Duration(clockTicks); cpu != want {
		t.Errorf("cpu %v, want %v", cpu, want)
	}
	if threads != 9 {
		t.Errorf("threads %d, want 9", threads)
	}
	if _, _, err := parseStat([]byte("1 (x) S 1 2")); err == nil {
		t.Error("short stat parsed")
	}
}

func TestKibField(t *testing.T) {
	status := []byte("Name:\tx\nVmPeak:\t  9999 kB\nVmRSS:\t   1234 kB\nThreads:\t3\n")
	if got := kibField(status, "VmRSS:"); got != 1234 {
		t.Errorf("VmRSS %d", got)
	}
	if got := kibField(status, "Pss:"); got != 0 {
		t.Errorf("missing field %d", got)
	}
}

func TestSampleProcSelf(t *testing.T) {
	s, err := SampleProc(os.Getpid())
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if s.RSSKiB <= 0 || s.Threads <= 0 || s.FDs <= 0 || s.RunTime <= 0 {
		t.Errorf("implausible sample %+v", s)
	}
	if clockTicks <= 0 {
		t.Errorf("clock ticks %d", clockTicks)
	}
}
