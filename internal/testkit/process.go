package testkit

import (
	"os/exec"
	"regexp"
	"testing"
	"time"
)

// Process is a kiosk binary running as a child process, for tests of what
// an operator sees: its output (stdout and stderr kept apart), signals,
// exit status. Done is closed when it has exited, and Err is then what
// its Wait returned.
type Process struct {
	Cmd            *exec.Cmd
	Stdout, Stderr *SyncBuffer
	Port           string // the SSH port on 127.0.0.1 the kiosk said it listens on
	outcome
}

// listening is in the line the kiosk prints once it listens.
var listening = regexp.MustCompile(`ssh -p (\d+) `)

// StartProcess starts cmd, its Stdout and Stderr kept here, and waits until
// the kiosk says where it listens. When the test ends it is killed if still
// running, and its output is shown if the test failed.
func StartProcess(t testing.TB, cmd *exec.Cmd) *Process {
	t.Helper()
	p := &Process{Cmd: cmd, Stdout: &SyncBuffer{}, Stderr: &SyncBuffer{}, outcome: newOutcome()}
	cmd.Stdout, cmd.Stderr = p.Stdout, p.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.end(cmd.Wait()) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("kiosk %s stdout:\n%s\nstderr:\n%s", p.Port, p.Stdout.String(), p.Stderr.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(p.Stdout.String()); m != nil {
			p.Port = m[1]
			return p
		}
		select {
		case <-p.done:
			t.Fatalf("the kiosk exited before it was ready (%v); stderr:\n%s", p.err, p.Stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("the kiosk did not say it was ready; stdout %q", p.Stdout.String())
	return nil
}
