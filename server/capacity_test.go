package server_test

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/server"
)

func TestSizeFromTheMachine(t *testing.T) {
	const gib = 1 << 30
	twoCores := server.Machine{CPUs: 2, MemoryTotal: 24 * gib, FDs: 20000}
	cases := []struct {
		name        string
		cfg         server.Config
		m           server.Machine
		budget      int64
		from        string
		conns, hs   int
		drop        int
		min80x24    int // at least this many visitors at 80x24
		max300x100  int // at most this many at 300x100
		minOverflow int
	}{
		{"this machine, no limit: half its memory", server.Config{}, twoCores, 12*gib - 32<<20, "machine", 19936, 7500, 5000, 16000, 1700, 4096},
		{"a 512 MiB container", server.Config{}, server.Machine{CPUs: 1, MemoryLimit: 512 << 20, LimitSource: "cgroup", MemoryTotal: 24 * gib, FDs: 1 << 20},
			352 << 20, "cgroup", 1<<20 - 64, 3750, 2500, 450, 50, 64},
		{"GOMEMLIMIT 2 GiB on 8 cores", server.Config{}, server.Machine{CPUs: 8, MemoryLimit: 2 * gib, LimitSource: "GOMEMLIMIT", FDs: 65536},
			1536<<20 - 32<<20, "GOMEMLIMIT", 65472, 30000, 20000, 2000, 200, 64},
		{"explicit flags win", server.Config{MemoryBudget: 100 << 20, MaxConns: 50, MaxHandshakes: 30}, twoCores,
			100 << 20, "--memory-budget", 50, 30, 10, 50, 13, 30},
		{"negative: off", server.Config{MemoryBudget: -1, MaxConns: -1, MaxHandshakes: -1, HandshakeDropStart: -1}, twoCores,
			0, "off", 0, 0, 0, math.MaxInt, math.MaxInt, 64},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.HandshakeTimeout = server.DefaultHandshakeTimeout
			l := server.Size(c.cfg, c.m)
			if l.MemoryBudget != c.budget || l.BudgetSource != c.from {
				t.Errorf("budget %d from %q, want %d from %q", l.MemoryBudget, l.BudgetSource, c.budget, c.from)
			}
			if l.MaxConns != c.conns || l.MaxHandshakes != c.hs || l.HandshakeDropStart != c.drop {
				t.Errorf("conns %d, handshakes %d from %d; want %d, %d from %d", l.MaxConns, l.MaxHandshakes, l.HandshakeDropStart, c.conns, c.hs, c.drop)
			}
			if n := l.Visitors(80, 24); n < c.min80x24 {
				t.Errorf("%d visitors at 80x24, want at least %d", n, c.min80x24)
			}
			if n := l.Visitors(300, 100); n > c.max300x100 {
				t.Errorf("%d visitors at 300x100, want at most %d", n, c.max300x100)
			}
			if l.BusyOverflow < c.minOverflow || (l.MaxHandshakes > 0 && l.BusyOverflow > l.MaxHandshakes) {
				t.Errorf("busy overflow %d, want at least %d and at most the handshakes", l.BusyOverflow, c.minOverflow)
			}
		})
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{"512MiB": 512 << 20, "2GiB": 2 << 30, "2g": 2 << 30, "1048576": 1 << 20, "64 KiB": 64 << 10} {
		if got, err := server.ParseBytes(in); err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "1.5GiB", "2TB", "-1MiB", "99999999999GiB"} {
		if _, err := server.ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q): no error", bad)
		}
	}
}

// visitor is mustSSH for a client closed when the test ends, before the
// server is shut down (which waits for the clients to leave).
func visitor(t *testing.T, from, addr string) *gossh.Client {
	t.Helper()
	c := mustSSH(t, from, addr)
	t.Cleanup(func() { c.Close() })
	return c
}

// busyText is what a visitor past the budget must read, in English.
const busyText = "too many visitors at once"

// runShell opens a session with a terminal of w x h as user and returns
// all it was sent and its exit status.
func runShell(t *testing.T, c *gossh.Client, w, h int) (string, error) {
	t.Helper()
	sess, scr := openKiosk(t, c, "xterm-256color", w, h)
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case err := <-done:
		time.Sleep(20 * time.Millisecond) // the reader's last bytes
		return scr.text(), err
	case <-time.After(3 * time.Second):
		return scr.text(), nil // still open: admitted
	}
}

func TestPastTheBudgetVisitorsAreToldBusy(t *testing.T) {
	// Room for two visitors at 80x24, not three; one at 300x100 does not
	// fit beside one at 80x24.
	budget := 2*server.SessionCost(80, 24) + 2*server.HandshakeCost
	srv := startKiosk(t, server.Config{MemoryBudget: budget})
	first := visitor(t, "127.0.0.1", srv.Addr)
	_, scr := openKiosk(t, first, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)

	big := visitor(t, "127.0.0.2", srv.Addr)
	out, err := runShell(t, big, 300, 100)
	if !strings.Contains(out, busyText) || !strings.Contains(out, "try again in a minute") {
		t.Errorf("a 300x100 visitor past the budget read %q", out)
	}
	if ee, ok := err.(*gossh.ExitError); !ok || ee.ExitStatus() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}

	second := visitor(t, "127.0.0.3", srv.Addr)
	_, scr2 := openKiosk(t, second, "xterm-256color", 80, 24)
	scr2.waitFor(t, homeText, 2*time.Second)

	// The third, in Spanish, and one without a terminal, are told too.
	es, err := sshFrom(t, "127.0.0.4", srv.Addr, "es")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { es.Close() })
	if out, _ := runShell(t, es, 80, 24); !strings.Contains(out, "demasiados visitantes") {
		t.Errorf("a Spanish visitor past the budget read %q", out)
	}
	plain := visitor(t, "127.0.0.5", srv.Addr)
	sess, err := plain.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	sess.Stderr = &stderr
	stdout, err := sess.Output("links")
	if !strings.Contains(stderr.String(), busyText) || len(stdout) != 0 || err == nil {
		t.Errorf("links past the budget: stdout %q, stderr %q, err %v", stdout, stderr.String(), err)
	}

	// When a visitor leaves, the next one is served (the connections told
	// busy and left open by their clients are closed by the server).
	first.Close()
	deadline := time.Now().Add(server.BusyLinger + 3*time.Second)
	for {
		next := visitor(t, "127.0.0.6", srv.Addr)
		out, _ := runShell(t, next, 80, 24)
		if strings.Contains(out, "Embassy of the Argentine Republic") {
			break
		}
		next.Close()
		if time.Now().After(deadline) {
			t.Fatalf("still busy after a visitor left: %q", out)
		}
	}
	if got := refusedFor(t, srv.Metrics(), server.RefusedBusy); got < 3 {
		t.Errorf("refused{reason=busy} = %v, want at least 3", got)
	}
}

// besideAnother opens two 80x24 visitors on a kiosk whose memory budget
// leaves room for the first to grow to 100x30, not more. It returns the
// first visitor's session and input, and the bytes the budget holds.
func besideAnother(t *testing.T) (*gossh.Session, io.Writer, func() int64) {
	t.Helper()
	budget := server.SessionCost(80, 24) + server.SessionCost(100, 30) + 2*server.HandshakeCost
	srv := startKiosk(t, server.Config{MemoryBudget: budget})
	c := visitor(t, "127.0.0.1", srv.Addr)
	sess, in, scr := openKioskTyping(t, c, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)
	c2 := visitor(t, "127.0.0.2", srv.Addr)
	_, scr2 := openKiosk(t, c2, "xterm-256color", 80, 24)
	scr2.waitFor(t, homeText, 2*time.Second)
	return sess, in, func() int64 { return srv.MemoryHeld() }
}

func TestResizePastTheBudgetKeepsTheSize(t *testing.T) {
	sess, _, held := besideAnother(t)
	before := held()
	if err := sess.WindowChange(100, 300); err != nil { // would not fit
		t.Fatal(err)
	}
	if err := sess.WindowChange(30, 100); err != nil { // fits
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for held() != before-server.SessionCost(80, 24)+server.SessionCost(100, 30) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got, want := held(), before-server.SessionCost(80, 24)+server.SessionCost(100, 30); got != want {
		t.Errorf("held %d after a resize that fits and one that does not, want %d", got, want)
	}
}

// A crowd past the budget and its overflow is refused before the
// handshake, as a flood is: with the Busy line.
func TestPastTheOverflowRefusedBeforeTheHandshake(t *testing.T) {
	srv := startKiosk(t, server.Config{MemoryBudget: server.SessionCost(80, 24) + server.HandshakeCost, BusyOverflow: 2})
	first := visitor(t, "127.0.0.1", srv.Addr)
	_, scr := openKiosk(t, first, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)
	// Two connections that never finish their handshake take the overflow.
	for _, from := range []string{"127.0.0.2", "127.0.0.3"} {
		c := dialFrom(t, from, srv.Addr)
		defer c.Close()
		line, _ := bufio.NewReader(c).ReadString('\n')
		if !strings.HasPrefix(line, "SSH-2.0-") {
			t.Fatalf("overflow connection read %q", line)
		}
	}
	c := dialFrom(t, "127.0.0.4", srv.Addr)
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if line, _ := bufio.NewReader(c).ReadString('\n'); line != server.Busy {
		t.Errorf("past the overflow: read %q, want the Busy line", line)
	}
}

// refusedFor reads embassy_connections_refused_total{reason}.
func refusedFor(t *testing.T, m *server.Metrics, reason string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, mt := range f.GetMetric() {
			if f.GetName() == "embassy_connections_refused_total" && mt.GetLabel()[0].GetValue() == reason {
				return mt.GetCounter().GetValue()
			}
		}
	}
	t.Fatalf("no refusals counted for %q", reason)
	return 0
}

func TestSoftMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		m    server.Machine
		want int64
		ok   bool
	}{
		{server.Machine{MemoryLimit: 1000 << 20, LimitSource: "cgroup"}, 900 << 20, true},
		{server.Machine{MemoryLimit: 1000 << 20, LimitSource: "GOMEMLIMIT"}, 0, false}, // already set
		{server.Machine{MemoryTotal: 24 << 30}, 0, false},                              // no limit
	} {
		if got, ok := c.m.SoftMemoryLimit(); got != c.want || ok != c.ok {
			t.Errorf("%+v: %d, %v; want %d, %v", c.m, got, ok, c.want, c.ok)
		}
	}
}

// A window size reported in the input (an in-band resize, which any
// visitor can type) is charged against the memory budget as a
// window-change is: one that does not fit is not taken.
func TestInBandResizeIsChargedAgainstTheBudget(t *testing.T) {
	_, in, held := besideAnother(t)
	budget := server.SessionCost(80, 24) + server.SessionCost(100, 30) + 2*server.HandshakeCost
	before := held()
	// 300x100 would not fit; 100x30 does.
	if _, err := io.WriteString(in, "\x1b[48;100;300;0;0t\x1b[48;30;100;0;0t"); err != nil {
		t.Fatal(err)
	}
	want := before - server.SessionCost(80, 24) + server.SessionCost(100, 30)
	deadline := time.Now().Add(2 * time.Second)
	for held() != want && time.Now().Before(deadline) {
		if held() > budget {
			t.Fatalf("held %d, past the budget %d", held(), budget)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := held(); got != want {
		t.Errorf("held %d after in-band resizes to 300x100 (does not fit) and 100x30 (fits), want %d", got, want)
	}
}

// A client that hangs up as soon as its session has started leaves nothing
// charged against the memory budget: the session's charge may come after
// the connection has closed and freed what it held.
func TestHangUpAtSessionStartLeavesNothingCharged(t *testing.T) {
	srv := startKiosk(t, server.Config{MemoryBudget: 1 << 30})
	for i := range 40 {
		c := visitor(t, fmt.Sprintf("127.0.1.%d", i+1), srv.Addr)
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		total, _, _, _ := srv.Counts()
		held := srv.MemoryHeld()
		if total == 0 && held == 0 {
			// Nobody was past the budget: no visitor counts as told "busy".
			if got := refusedFor(t, srv.Metrics(), server.RefusedBusy); got != 0 {
				t.Errorf("refused{reason=busy} = %v after hang-ups with the budget nearly empty, want 0", got)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("with every connection closed: %d open, %d bytes still charged", total, held)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
