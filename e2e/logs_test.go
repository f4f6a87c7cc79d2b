package e2e

import (
	"encoding/json"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// jsonLines fails the test for every line of out that is not a JSON object,
// and returns how many lines there were.
func jsonLines(t *testing.T, what, out string) int {
	t.Helper()
	n := 0
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		n++
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("%s: a line that is not JSON: %q", what, line)
		}
	}
	return n
}

// With --log-format json a log collector must be able to read every line
// the kiosk writes, from start to stop, whatever visitors do meanwhile.
func TestJSONLogsEveryLine(t *testing.T) {
	need(t, "ssh")
	p := startProcess(t, nil, append(dataFlags(t), "--log-format", "json", "--metrics", freeAddr(t), "--drain", "2s")...)
	// A visit without a terminal, a client that is not SSH, one that hangs
	// up mid-handshake.
	out, err := exec.Command("ssh", append(sshArgs(p.Port), "-T", "visitor@127.0.0.1", "links")...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "https://") {
		t.Fatalf("ssh links: %v\n%s", err, out)
	}
	for _, junk := range []string{"GET / HTTP/1.0\r\n\r\n", "SSH-2.0-x\r\n\x00\x00\x00\xff"} {
		c, err := net.Dial("tcp", p.addr())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.Write([]byte(junk))
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, _ = c.Read(make([]byte, 512))
		c.Close()
	}
	p.waitLog(regexp.MustCompile(`"msg":"session end"`), 5*time.Second)
	if err := p.stop(syscall.SIGTERM, 10*time.Second); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
	if n := jsonLines(t, "stdout", p.Stdout.String()); n != 1 {
		t.Errorf("stdout has %d lines, want the one that says the kiosk is ready", n)
	}
	if n := jsonLines(t, "stderr", p.Stderr.String()); n < 5 {
		t.Errorf("stderr has %d lines; want start-up, session and stop lines", n)
	}
	if !strings.Contains(p.Stderr.String(), `"msg":"stopped"`) {
		t.Errorf("no stop line in stderr")
	}
}

// A kiosk that cannot start says why in a JSON line too, and its exit
// status still tells a mistake in the settings (2) from a failure (1).
func TestJSONLogsStartUpFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, c := range []struct {
		name   string
		env    []string
		args   []string
		status int
		says   string
	}{
		{"port taken", nil, []string{"--log-format", "json", "--listen", ln.Addr().String()}, 1, "listen"},
		{"bad flag", nil, []string{"--log-format=json", "--max-conns", "-3"}, 2, "--max-conns"},
		{"unknown flag", []string{"EMBASSY_LOG_FORMAT=json"}, []string{"--no-such-flag"}, 2, "no-such-flag"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, append(c.args, "--data", t.TempDir())...)
			cmd.Env = append(cmd.Environ(), c.env...)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != c.status {
				t.Fatalf("exit: %v, want status %d; stderr:\n%s", err, c.status, stderr.String())
			}
			if n := jsonLines(t, "stderr", stderr.String()); n != 1 || !strings.Contains(stderr.String(), c.says) {
				t.Errorf("stderr has %d lines, want one JSON line that mentions %q:\n%s", n, c.says, stderr.String())
			}
			jsonLines(t, "stdout", stdout.String())
		})
	}
}
