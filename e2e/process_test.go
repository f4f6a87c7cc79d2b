package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/internal/testkit"
)

// process is one kiosk binary running (testkit.Process: stdout and stderr
// kept apart), for tests of what an operator sees: logs, signals, exit
// status.
type process struct {
	t *testing.T
	*testkit.Process
}

// startProcess runs the kiosk with flags (and env added to the test's
// environment) and waits until it says where it listens. It is stopped,
// if still running, when the test ends.
func startProcess(t *testing.T, env []string, flags ...string) *process {
	t.Helper()
	touchOnce.Do(touchSources)
	cmd := exec.Command(bin, flags...)
	cmd.Env = append(os.Environ(), env...)
	return &process{t: t, Process: testkit.StartProcess(t, cmd)}
}

// dataFlags is a fresh data folder and a free loopback port.
func dataFlags(t *testing.T) []string {
	return []string{"--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")}
}

// freeAddr is a loopback address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// signal sends sig and, for SIGTERM and SIGINT, waits up to within for the
// process to exit, returning Wait's error.
func (p *process) stop(sig syscall.Signal, within time.Duration) error {
	p.t.Helper()
	if err := p.Cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
	select {
	case <-p.Done():
		return p.Err()
	case <-time.After(within):
		p.t.Fatalf("the kiosk did not exit within %s of %v", within, sig)
		return nil
	}
}

// waitLog waits until stderr holds a line matching re.
func (p *process) waitLog(re *regexp.Regexp, within time.Duration) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for ctx.Err() == nil {
		if m := re.FindString(p.Stderr.String()); m != "" {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.t.Fatalf("no log line matching %s within %s", re, within)
	return ""
}

func (p *process) addr() string { return fmt.Sprintf("127.0.0.1:%s", p.Port) }
