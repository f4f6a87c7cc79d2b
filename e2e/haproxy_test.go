package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// haproxyConfig is the configuration deploy/ gives operators; the test
// runs it as it is, with its addresses in the environment.
const haproxyConfig = "../deploy/haproxy/haproxy.cfg"

// replica is one kiosk process behind HAProxy, restartable on the same
// addresses.
type replica struct {
	name         string // kiosk_a: its name in haproxy.cfg
	ssh, metrics string
	*process
}

// sessions counts the sessions the replica has logged as started.
func (r *replica) sessions() int { return strings.Count(r.Stderr.String(), `"msg":"session start"`) }

// haproxy is HAProxy running deploy/haproxy/haproxy.cfg.
type haproxy struct {
	t    *testing.T
	addr string
	out  *testkit.SyncBuffer // its log (stdout) and its own warnings (stderr)
}

// waitLog waits for HAProxy to log the n-th line matching re.
func (h *haproxy) waitLog(re *regexp.Regexp, n int, within time.Duration) {
	h.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if len(re.FindAllString(h.out.String(), -1)) >= n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	h.t.Fatalf("HAProxy did not log %s (%d times) within %s; its log:\n%s", re, n, within, h.out.String())
}

// visitFrom opens an SSH connection through addr from a loopback source
// address, as a visitor there would (with the tools' SSH client, sshterm);
// a session with a terminal proves the kiosk served it. It returns nil and
// the error when refused.
func visitFrom(t *testing.T, from, addr string) (*sshterm.Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	opt := sshterm.Options{User: "visitor", Term: "xterm", Width: 80, Height: 24, Source: &net.TCPAddr{IP: net.ParseIP(from)}}
	client, err := sshterm.Dial(ctx, addr, opt)
	if err != nil {
		return nil, err
	}
	sess, err := client.OpenPTY(ctx, opt, nil)
	if err == nil {
		err = sess.Shell()
	}
	if err != nil {
		client.Close()
		return nil, err
	}
	client.Until(t.Context()) // held past the handshake's 10 s, until the test ends
	t.Cleanup(func() { client.Close() })
	return client, nil
}

// TestBehindHAProxy runs two kiosk replicas that share one host key behind
// real HAProxy, speaking the PROXY protocol v2 and health-checking /readyz:
// the kiosks see (and log, and limit) the visitor's address, not HAProxy's;
// a rolling restart, one replica at a time with SIGTERM and --drain-delay,
// ends no open session before its goodbye; and a visitor who reconnects
// reaches the other replica, whose host key their client already trusts.
func TestBehindHAProxy(t *testing.T) {
	need(t, "tmux", "ssh")
	if _, err := exec.LookPath("haproxy"); err != nil {
		if _, err := os.Stat("/usr/sbin/haproxy"); err != nil {
			need(t, "haproxy")
		}
		t.Setenv("PATH", os.Getenv("PATH")+":/usr/sbin")
	}
	hostKey := string(testkit.HostKeyPEM(t)) // one key for both replicas
	replicas := []*replica{
		{name: "kiosk_a", ssh: freeAddr(t), metrics: freeAddr(t)},
		{name: "kiosk_b", ssh: freeAddr(t), metrics: freeAddr(t)},
	}
	start := func(r *replica) {
		r.process = startProcess(t, []string{"EMBASSY_HOST_KEY=" + hostKey},
			"--listen", r.ssh, "--metrics", r.metrics, "--data", filepath.Join(t.TempDir(), "data"),
			"--proxy-protocol-from", "127.0.0.1", // HAProxy's address, and nobody else's
			"--drain-delay", "4s", "--drain", "4s", // HAProxy notices within 2 s (inter 1s, fall 2)
			"--max-per-source", "1", "--log-format", "json")
	}
	for _, r := range replicas {
		start(r)
	}

	// HAProxy, as deploy/ configures it.
	lb := &haproxy{t: t, addr: freeAddr(t), out: &testkit.SyncBuffer{}}
	cmd := exec.Command("haproxy", "-db", "-f", haproxyConfig)
	port := func(addr string) string { _, p, _ := net.SplitHostPort(addr); return p }
	cmd.Env = append(os.Environ(),
		"EMBASSY_LB_BIND="+lb.addr,
		"EMBASSY_KIOSK_A="+replicas[0].ssh, "EMBASSY_KIOSK_A_METRICS_PORT="+port(replicas[0].metrics),
		"EMBASSY_KIOSK_B="+replicas[1].ssh, "EMBASSY_KIOSK_B_METRICS_PORT="+port(replicas[1].metrics))
	cmd.Stdout, cmd.Stderr = lb.out, lb.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("HAProxy's log:\n%s", lb.out.String())
		}
	})
	_, lbPort, _ := net.SplitHostPort(lb.addr)
	knownHosts := filepath.Join(t.TempDir(), "known_hosts")
	// OpenSSH from a visitor's own address (127.1.2.3, another /24 than
	// HAProxy's 127.0.0.1), remembering the host key in knownHosts.
	openSSH := func(from, trust string) *terminal {
		return runInTerminal(t, 80, 24, fmt.Sprintf(
			"TERM=xterm-256color ssh -tt -F /dev/null -o UserKnownHostsFile=%s -o StrictHostKeyChecking=%s -o BatchMode=yes -b %s -p %s visitor@127.0.0.1",
			knownHosts, trust, from, lbPort))
	}
	var v1 *terminal
	deadline := time.Now().Add(10 * time.Second)
	for { // until HAProxy listens
		if c, err := net.Dial("tcp", lb.addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("HAProxy does not listen on %s; its log:\n%s", lb.addr, lb.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	v1 = openSSH("127.1.2.3", "accept-new")
	v1.waitFor("Related websites", "q quit")

	// The replica that serves the visitor logs the visitor's network.
	var x, y *replica // x serves v1
	for _, r := range replicas {
		if r.sessions() == 1 {
			x = r
		} else {
			y = r
		}
	}
	if x == nil || y == nil {
		t.Fatalf("sessions: %s %d, %s %d; want one on one replica", replicas[0].name, replicas[0].sessions(), replicas[1].name, replicas[1].sessions())
	}
	if !strings.Contains(x.Stderr.String(), `"client":"127.1.2.0/24"`) || strings.Contains(x.Stderr.String(), `"client":"127.0.0.0/24"`) {
		t.Errorf("%s did not log the visitor's network (127.1.2.0/24) alone:\n%s", x.name, x.Stderr.String())
	}

	// The per-source limit (one connection here) counts the visitor's
	// address: a second connection from 127.1.2.3 goes to the other
	// replica (HAProxy balances by open connections), a third finds both
	// at their limit; a visitor from another address is served.
	second, err := visitFrom(t, "127.1.2.3", lb.addr)
	if err != nil {
		t.Fatalf("a second connection from 127.1.2.3 (to the other replica): %v", err)
	}
	if c, err := visitFrom(t, "127.1.2.3", lb.addr); err == nil {
		c.Close()
		t.Errorf("a third connection from 127.1.2.3 was served past --max-per-source 1 on both replicas")
	}
	other, err := visitFrom(t, "127.1.2.4", lb.addr)
	if err != nil {
		t.Fatalf("a visitor from 127.1.2.4 was refused: %v", err)
	}
	other.Close()
	second.Close()

	// Rolling restart, one replica at a time: the visitor on the replica
	// that stops reconnects to the other, and stays there while the first
	// restarts; then that one stops.
	visitor := v1
	for round, stopping := range []*replica{x, y} {
		taking := y
		if stopping == y {
			taking = x
		}
		before := taking.sessions()
		if err := stopping.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		// Readiness turns 503: HAProxy takes the replica out before its
		// drain delay ends, and new visitors go to the other one.
		lb.waitLog(regexp.MustCompile(`Server kiosks/`+stopping.name+` is DOWN`), 1, 4*time.Second)
		c, err := visitFrom(t, "127.1.2.6", lb.addr)
		if err != nil {
			t.Fatalf("round %d: a new visitor during %s's drain: %v", round, stopping.name, err)
		}
		c.Close()
		// The open session is told, counts down, and is said goodbye
		// before the replica closes it.
		visitor.waitWords("closing for maintenance in")
		screen := visitor.waitWords("The Embassy's kiosk is closing for maintenance. Thank you for visiting; please come back soon.")
		if strings.Contains(screen, "Connection reset") || strings.Contains(screen, "broken pipe") {
			t.Errorf("round %d: the session was cut:\n%s", round, screen)
		}
		select {
		case <-stopping.Done():
			if stopping.Err() != nil {
				t.Errorf("%s exited with %v after SIGTERM", stopping.name, stopping.Err())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s did not exit within its drain", stopping.name)
		}
		// The visitor reconnects, checking the host key strictly: the
		// other replica presents the same one.
		again := openSSH("127.1.2.3", "yes")
		screen = again.waitFor("Related websites", "q quit")
		if strings.Contains(screen, "IDENTIFICATION HAS CHANGED") || strings.Contains(screen, "verification failed") {
			t.Errorf("round %d: host key warning on reconnecting:\n%s", round, screen)
		}
		if taking.sessions() <= before {
			t.Errorf("round %d: %s served no new session", round, taking.name)
		}
		visitor = again
		// Everything it wrote, from start to stop, was JSON.
		jsonLines(t, stopping.name+" stdout", stopping.Stdout.String())
		jsonLines(t, stopping.name+" stderr", stopping.Stderr.String())
		// The stopped replica starts again on its addresses; HAProxy
		// takes it back once it is ready.
		start(stopping)
		lb.waitLog(regexp.MustCompile(`Server kiosks/`+stopping.name+` is UP`), 1, 10*time.Second)
	}
}
