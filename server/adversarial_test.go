package server_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/server"
)

// Every test here talks to a real server over loopback, at reduced scale.

func TestSilentConnectionsAreClosed(t *testing.T) {
	srv := startKiosk(t, server.Config{HandshakeTimeout: 300 * time.Millisecond, MaxPerSource: -1, MaxHandshakesPerSource: -1})
	base := runtime.NumGoroutine()
	const n = 50
	conns := make([]net.Conn, n)
	for i := range conns {
		conns[i] = dialFrom(t, "127.0.0.1", srv.Addr)
	}
	start := time.Now()
	for i, c := range conns {
		if !closedWithin(c, 3*time.Second) {
			t.Fatalf("silent connection %d still open after %s", i, time.Since(start))
		}
		_ = c.Close()
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("closing %d silent connections took %s", n, d)
	}
	waitGoroutines(t, base+2, 3*time.Second)
	if total, hs, _, _ := srv.Counts(); total != 0 || hs != 0 {
		t.Errorf("counters after all closed: total %d, handshakes %d", total, hs)
	}
}

func TestSlowTrickleHandshakeIsClosed(t *testing.T) {
	srv := startKiosk(t, server.Config{HandshakeTimeout: 300 * time.Millisecond})
	c := dialFrom(t, "127.0.0.1", srv.Addr)
	defer c.Close()
	start := time.Now()
	done := make(chan struct{})
	go func() { // one byte of a version line every 50 ms
		defer close(done)
		for _, b := range []byte("SSH-2.0-Trickle_0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0\r\n") {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	if !closedWithin(c, 3*time.Second) {
		t.Fatal("a trickling handshake was not closed")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("closed after %s, want about 300 ms", d)
	}
	<-done
}

func TestFloodFromOneSourceStillServesAnother(t *testing.T) {
	srv := startKiosk(t, server.Config{HandshakeTimeout: 2 * time.Second})
	base := runtime.NumGoroutine()
	const flood = 100
	var busy, closed int
	conns := make([]net.Conn, 0, flood)
	for range flood {
		c := dialFrom(t, "127.0.0.1", srv.Addr)
		conns = append(conns, c)
	}
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		line, err := bufio.NewReader(c).ReadString('\n')
		switch {
		case line == server.Busy:
			busy++
		case strings.HasPrefix(line, "SSH-2.0-Embassy"):
		case err != nil && !isTimeout(err):
			closed++
		}
	}
	if busy < flood-server.DefaultMaxHandshakesPerSource-closed || busy == 0 {
		t.Errorf("flood of %d: %d told busy, %d closed without a word", flood, busy, closed)
	}

	// The legitimate visitor, from another address, gets the home screen.
	start := time.Now()
	c := mustSSH(t, "127.0.0.2", srv.Addr)
	_, scr := openKiosk(t, c, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)
	if d := time.Since(start); d > time.Second {
		t.Errorf("visitor waited %s for the home screen during a flood", d)
	}
	t.Logf("flood of %d from 127.0.0.1: %d refused with the busy line; visitor from 127.0.0.2 served in %s", flood, busy, time.Since(start).Round(time.Millisecond))

	// The flooding source is now in the penalty box.
	if reason := srv.Admit("127.0.0.1"); reason != "penalty" {
		t.Errorf("flooding source: acquire says %q, want penalty", reason)
	}
	_ = c.Close()
	for _, c := range conns {
		_ = c.Close()
	}
	waitGoroutines(t, base+2, 3*time.Second)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestTerminalSizes(t *testing.T) {
	srv := startKiosk(t, server.Config{})
	base := runtime.NumGoroutine()
	heap0 := heapInUse()
	for _, size := range [][2]int{{0, 0}, {1 << 31, 1 << 31}, {1<<32 - 1, 1}, {1, 1<<32 - 1}, {100000, 100000}} {
		c := mustSSH(t, "127.0.0.1", srv.Addr)
		sess, scr := openKiosk(t, c, "xterm", size[0], size[1])
		for _, w := range [][2]int{{0, 0}, {20000, 20000}, {1<<32 - 1, 1<<32 - 1}, {80, 24}} {
			if err := sess.WindowChange(w[1], w[0]); err != nil {
				t.Fatalf("window-change %v: %v", w, err)
			}
		}
		scr.waitFor(t, homeText, 2*time.Second)
		_ = c.Close()
	}
	heap1 := heapInUse()
	t.Logf("5 visitors with sizes up to 2^32-1: heap %d KB -> %d KB", heap0>>10, heap1>>10)
	if heap1 > heap0+32<<20 {
		t.Errorf("heap grew by %d MB", (heap1-heap0)>>20)
	}
	// Still serving.
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	_, scr := openKiosk(t, c, "xterm", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)
	_ = c.Close()
	waitGoroutines(t, base+2, 3*time.Second)
}

func TestEnvFloodIsRefused(t *testing.T) {
	srv := startKiosk(t, server.Config{ReadRate: -1})
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	heap0 := heapInUse()
	accepted := 0
	value := strings.Repeat("v", 200)
	for i := range 10000 {
		name := "LC_X"
		if i%2 == 1 {
			name = "EVIL_" + strings.Repeat("K", i%100)
		}
		if sess.Setenv(name, value) == nil {
			accepted++
		}
	}
	for _, bad := range []struct{ name, value string }{
		{"LANG", strings.Repeat("x", 300)}, // too long
		{"PATH", "/tmp"},                   // not allowed
		{"LD_PRELOAD", "/tmp/x.so"},
	} {
		if sess.Setenv(bad.name, bad.value) == nil {
			t.Errorf("env %s accepted", bad.name)
		}
	}
	heap1 := heapInUse()
	t.Logf("10,000 env requests: %d accepted; heap %d KB -> %d KB", accepted, heap0>>10, heap1>>10)
	if accepted != server.MaxEnvVars {
		t.Errorf("accepted %d env requests, want %d", accepted, server.MaxEnvVars)
	}
	if heap1 > heap0+4<<20 {
		t.Errorf("heap grew by %d KB", (heap1-heap0)>>10)
	}
}

func TestOneSessionPerConnection(t *testing.T) {
	srv := startKiosk(t, server.Config{})
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	defer c.Close()
	if _, err := c.NewSession(); err != nil {
		t.Fatal(err)
	}
	opened := 1
	for range 99 {
		_, err := c.NewSession()
		var oce *gossh.OpenChannelError
		if err == nil {
			opened++
		} else if !errors.As(err, &oce) || oce.Reason != gossh.ResourceShortage {
			t.Fatalf("second session: %v, want resource shortage", err)
		}
	}
	if opened != 1 {
		t.Errorf("100 sessions asked, %d opened", opened)
	}
}

func TestNothingButTheKioskIsReachable(t *testing.T) {
	srv := startKiosk(t, server.Config{})
	base := runtime.NumGoroutine()
	c := mustSSH(t, "127.0.0.1", srv.Addr)

	// Port forwarding, both ways, and unknown channel types.
	for _, typ := range []string{"direct-tcpip", "x11", "forwarded-tcpip", "direct-streamlocal@openssh.com", "auth-agent@openssh.com"} {
		for range 200 {
			ch, _, err := c.OpenChannel(typ, nil)
			if err == nil {
				_ = ch.Close()
				t.Fatalf("channel %s opened", typ)
			}
		}
	}
	if _, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("tcpip-forward accepted")
	}
	if ok, _, _ := c.SendRequest("streamlocal-forward@openssh.com", true, nil); ok {
		t.Error("streamlocal-forward accepted")
	}

	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"x11-req", "auth-agent-req@openssh.com", "subsystem", "xon-xoff", "eow@openssh.com"} {
		if ok, err := sess.SendRequest(typ, true, []byte("\x00\x00\x00\x04sftp")); ok || err != nil {
			t.Errorf("session request %s: ok %v, err %v", typ, ok, err)
		}
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("sftp subsystem accepted")
	}
	// exec of anything but the kiosk's commands: an error line, status 2.
	var stderr strings.Builder
	sess.Stderr = &stderr
	err = sess.Run("rm -rf / ; cat /etc/passwd")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 2 {
		t.Errorf("exec of a shell command: %v, want exit status 2", err)
	}
	_, port, _ := net.SplitHostPort(srv.Addr)
	if got := stderr.String(); got != "embassy: unknown command; for the commands: ssh -p "+port+" 127.0.0.1 help\n" {
		t.Errorf("exec stderr = %q", got)
	}
	_ = c.Close()
	waitGoroutines(t, base+2, 3*time.Second)
}

func TestClientTextNeverReachesLogsRaw(t *testing.T) {
	srv := startKiosk(t, server.Config{LogClientDetails: true}) // TERM and version logged, cleaned
	evil := "\x1b[31mred\x1b]0;pwned\x07\u202eevil\x1b[2J"
	cc := dialFrom(t, "127.0.0.1", srv.Addr)
	conn, chans, reqs, err := gossh.NewClientConn(cc, srv.Addr, &gossh.ClientConfig{
		User: evil,
		// x/crypto's client refuses control characters in its own
		// version line, so this one carries only the bidi override.
		ClientVersion:   "SSH-2.0-\u202eevil\u2066",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := gossh.NewClient(conn, chans, reqs)
	defer c.Close()
	sess, scr := openKiosk(t, c, evil, 80, 24)
	_ = sess.Setenv("LANG", evil)
	_, _ = sess.SendRequest(evil, true, nil)
	scr.waitFor(t, homeText, 2*time.Second)
	_ = c.Close()
	waitSessionEnd(srv)
	logs := srv.Logs.String()
	if !strings.Contains(logs, `"term":"xterm"`) {
		t.Errorf("the TERM was not replaced:\n%s", logs)
	}
	for _, bad := range []string{"\x1b", `\u001b`, "\u202e", `\u202e`, "\x07", `\u0007`, "pwned", "[31m", "[2J"} {
		if strings.Contains(logs, bad) {
			t.Errorf("logs contain %q:\n%s", bad, logs)
		}
	}
}

func TestUnusedConnectionIsClosed(t *testing.T) {
	srv := startKiosk(t, server.Config{UnusedTimeout: 300 * time.Millisecond})
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("a connection with no session stayed open")
	}
}

func TestKeepaliveClosesDeadClients(t *testing.T) {
	srv := startKiosk(t, server.Config{KeepaliveInterval: 100 * time.Millisecond, KeepaliveMax: 3})

	// A live client answers (x/crypto's client says "no" to unknown
	// global requests, which is an answer) and stays.
	live := mustSSH(t, "127.0.0.1", srv.Addr)
	defer live.Close()
	if _, err := live.NewSession(); err != nil {
		t.Fatal(err)
	}

	// A dead one never reads its global requests.
	cc := dialFrom(t, "127.0.0.2", srv.Addr)
	conn, chans, _, err := gossh.NewClientConn(cc, srv.Addr, &gossh.ClientConfig{User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(nil)
	go func() {
		for ch := range chans {
			_ = ch.Reject(gossh.Prohibited, "")
		}
	}()
	dead := gossh.NewClient(conn, make(chan gossh.NewChannel), nil)
	if _, err := dead.NewSession(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- conn.Wait() }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("a client that never answers keepalives stayed connected")
	}
	if _, _, err := live.SendRequest("ping", true, nil); err != nil {
		t.Errorf("the live client was disconnected: %v", err)
	}
}

func TestPanickingSessionEndsOnlyItself(t *testing.T) {
	srv := startKioskWith(t, server.Config{}, func(s *server.Server) {
		s.SetSessionHook(func(sess ssh.Session) {
			if sess.User() == "panic" {
				panic("boom")
			}
		})
	})
	other := mustSSH(t, "127.0.0.2", srv.Addr)
	defer other.Close()
	_, scr := openKiosk(t, other, "xterm", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)

	c, err := sshFrom(t, "127.0.0.1", srv.Addr, "panic")
	if err != nil {
		t.Fatal(err)
	}
	sess, _ := c.NewSession()
	err = sess.Run("help")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("panicking session: %v, want exit status 1", err)
	}
	_ = c.Close()
	if n := counterValue(t, srv.Metrics(), "embassy_session_panics_total"); n != 1 {
		t.Errorf("embassy_session_panics_total = %v, want 1", n)
	}

	if _, _, err := other.SendRequest("ping", true, nil); err != nil {
		t.Errorf("another visitor was disconnected: %v", err)
	}
	c2 := mustSSH(t, "127.0.0.1", srv.Addr)
	defer c2.Close()
	s2, _ := c2.NewSession()
	if out, err := s2.Output("help"); err != nil || len(out) == 0 {
		t.Errorf("after a panic: %v", err)
	}
}

// One crash from a source is forgiven (above); a source whose sessions
// keep panicking is refused for a while, and only that source.
func TestRepeatedCrashesPenaliseTheSource(t *testing.T) {
	srv := startKioskWith(t, server.Config{}, func(s *server.Server) {
		s.SetSessionHook(func(sess ssh.Session) {
			if sess.User() == "panic" {
				panic("boom")
			}
		})
	})
	crash := func() {
		t.Helper()
		c, err := sshFrom(t, "127.0.0.1", srv.Addr, "panic")
		if err != nil {
			t.Fatal(err)
		}
		sess, _ := c.NewSession()
		_ = sess.Run("help")
		_ = c.Close()
	}
	crash()
	crash()
	deadline := time.Now().Add(2 * time.Second)
	for {
		c, err := sshFrom(t, "127.0.0.1", srv.Addr, "visitor")
		if err != nil {
			break // refused: the source is in the penalty box
		}
		_ = c.Close()
		if time.Now().After(deadline) {
			t.Fatal("a source whose sessions panicked twice is still let in")
		}
		time.Sleep(20 * time.Millisecond) // the second crash's connection may still be closing
	}
	other := mustSSH(t, "127.0.0.2", srv.Addr)
	_ = other.Close()
}

// Measure the cost of 200 silent connections (run with -v to see numbers).
func TestMeasureSilentConnections(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	srv := startKiosk(t, server.Config{HandshakeTimeout: 500 * time.Millisecond, MaxPerSource: -1, MaxHandshakesPerSource: -1, MaxConns: 1000, MaxHandshakes: 1000, HandshakeDropStart: -1})
	base := runtime.NumGoroutine()
	heap0 := heapInUse()
	var conns []net.Conn
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := dialFrom(t, "127.0.0."+string(rune('1'+i%8)), srv.Addr)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}()
	}
	wg.Wait()
	time.Sleep(100 * time.Millisecond)
	peakG, peakHeap := runtime.NumGoroutine(), heapInUse()
	for _, c := range conns {
		closedWithin(c, 3*time.Second)
		_ = c.Close()
	}
	after := waitGoroutines(t, base+2, 3*time.Second)
	t.Logf("200 silent connections: goroutines %d -> %d (%.1f each) -> %d after the 500 ms handshake timeout; heap %d KB -> %d KB -> %d KB",
		base, peakG, float64(peakG-base)/200, after, heap0>>10, peakHeap>>10, heapInUse()>>10)
}

func TestIdleVisitorIsSaidGoodbye(t *testing.T) {
	srv := startKiosk(t, server.Config{IdleTimeout: 2 * time.Second})
	base := runtime.NumGoroutine()
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	defer c.Close()
	sess, scr := openKiosk(t, c, "xterm", 80, 24)
	start := time.Now()
	scr.waitFor(t, homeText, 2*time.Second)

	// Before the countdown an idle session sends nothing at all. The
	// countdown starts half the timeout (1 s) after the program did, which
	// is after start: the window ends before that, however late the home
	// screen came (a busy machine, the race detector).
	time.Sleep(200 * time.Millisecond)
	before := len(scr.text())
	time.Sleep(min(600*time.Millisecond, time.Until(start.Add(900*time.Millisecond))))
	if sent := len(scr.text()) - before; sent != 0 {
		t.Errorf("an idle visitor was sent %d bytes before the countdown", sent)
	}
	scr.waitFor(t, "closing in 1 s", 2*time.Second)
	scr.waitFor(t, "this visit has ended", 2*time.Second)
	if err := sess.Wait(); err != nil {
		t.Errorf("session ended with %v", err)
	}
	if d := time.Since(start); d < 1900*time.Millisecond || d > 3*time.Second {
		t.Errorf("goodbye after %s, want about 2 s", d)
	}
	_ = c.Close()
	waitGoroutines(t, base+2, 3*time.Second)
}

// Measure what a visitor costs at the smallest common and the largest
// allowed terminal (run with -v to see numbers).
func TestMeasureSessionMemory(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	srv := startKiosk(t, server.Config{MaxPerSource: -1, MaxHandshakesPerSource: -1})
	for _, size := range [][2]int{{80, 24}, {server.MaxWidth, server.MaxHeight}} {
		heap0 := heapInUse()
		const n = 20
		var clients []*gossh.Client
		for range n {
			c := mustSSH(t, "127.0.0.1", srv.Addr)
			clients = append(clients, c)
			sess, scr := openKiosk(t, c, "xterm-256color", size[0], size[1])
			scr.waitFor(t, homeText, 2*time.Second)
			_ = sess.WindowChange(size[1], size[0]-1) // a resize re-renders
			_ = sess.WindowChange(size[1], size[0])
		}
		time.Sleep(200 * time.Millisecond)
		heap1 := heapInUse()
		per := float64(heap1-heap0) / n
		t.Logf("%d visitors at %dx%d: heap %d KB -> %d KB, %.0f KB each (%.0f B a cell)",
			n, size[0], size[1], heap0>>10, heap1>>10, per/1024, per/float64(size[0]*size[1]))
		for _, c := range clients {
			_ = c.Close()
		}
		time.Sleep(300 * time.Millisecond)
		t.Logf("after they left: heap %d KB", heapInUse()>>10)
	}
}

// counterValue reads a counter without labels from the server's metrics.
func counterValue(t *testing.T, m *server.Metrics, name string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name && len(f.GetMetric()) == 1 {
			return f.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no counter %s", name)
	return 0
}

// Clients with no AEAD cipher (paramiko before 3.5, which Debian 12 ships)
// get AES-CTR with an encrypt-then-MAC MAC; nothing weaker is ever agreed:
// CBC, and CTR with a MAC computed over the plaintext, are refused.
func TestOldClientCiphers(t *testing.T) {
	srv := startKiosk(t, server.Config{})
	dial := func(ciphers, macs []string) (*gossh.Client, error) {
		c := dialFrom(t, "127.0.0.1", srv.Addr)
		cc, chans, reqs, err := gossh.NewClientConn(c, srv.Addr, &gossh.ClientConfig{
			User:            "visitor",
			HostKeyCallback: gossh.InsecureIgnoreHostKey(),
			Timeout:         2 * time.Second,
			Config:          gossh.Config{Ciphers: ciphers, MACs: macs},
		})
		if err != nil {
			_ = c.Close()
			return nil, err
		}
		return gossh.NewClient(cc, chans, reqs), nil
	}
	for _, cipher := range []string{gossh.CipherAES128CTR, gossh.CipherAES256CTR} {
		for _, mac := range []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM} {
			c, err := dial([]string{cipher}, []string{mac})
			if err != nil {
				t.Errorf("%s with %s: %v", cipher, mac, err)
				continue
			}
			sess, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			out, err := sess.Output("links --json")
			if err != nil || !strings.Contains(string(out), `"url"`) {
				t.Errorf("%s with %s: links --json gave %v, %.80q", cipher, mac, err, out)
			}
			_ = c.Close()
		}
	}
	for _, weak := range []struct{ ciphers, macs []string }{
		{[]string{gossh.CipherAES128CTR}, []string{gossh.HMACSHA256, gossh.HMACSHA1}},
		{[]string{gossh.InsecureCipherAES128CBC, gossh.InsecureCipherTripleDESCBC}, []string{gossh.HMACSHA256ETM}},
	} {
		if c, err := dial(weak.ciphers, weak.macs); err == nil {
			c.Close()
			t.Errorf("a client offering only %v with %v got in", weak.ciphers, weak.macs)
		}
	}
}

// waitSessionEnd waits up to 2 s for a session's last log line.
func waitSessionEnd(srv *kiosk) {
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(srv.Logs.String(), `"session end"`) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}

// labeledCounter reads the series of a counter whose one label has value.
func labeledCounter(t *testing.T, m *server.Metrics, name, value string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, s := range f.GetMetric() {
			if l := s.GetLabel(); len(l) == 1 && l[0].GetValue() == value {
				return s.GetCounter().GetValue()
			}
		}
	}
	t.Fatalf("no series %s{%q}", name, value)
	return 0
}

// A visitor's client version string and TERM, beside the /24 and the time,
// narrow them down: the logs keep neither unless the operator asks, and the
// metrics count only their families.
func TestSessionLogsKeepNoClientDetails(t *testing.T) {
	const version = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6"
	for _, logThem := range []bool{false, true} {
		srv := startKiosk(t, server.Config{LogClientDetails: logThem})
		cc := dialFrom(t, "127.0.0.1", srv.Addr)
		conn, chans, reqs, err := gossh.NewClientConn(cc, srv.Addr, &gossh.ClientConfig{
			User: "visitor", ClientVersion: version, HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		})
		if err != nil {
			t.Fatal(err)
		}
		c := gossh.NewClient(conn, chans, reqs)
		_, scr := openKiosk(t, c, "xterm-kitty", 80, 24)
		scr.waitFor(t, homeText, 2*time.Second)
		_ = c.Close()
		waitSessionEnd(srv)
		logs := srv.Logs.String()
		for _, detail := range []string{"OpenSSH", "deb12u6", "kitty"} {
			if got := strings.Contains(logs, detail); got != logThem {
				t.Errorf("LogClientDetails %v: %q in the logs is %v:\n%s", logThem, detail, got, logs)
			}
		}
		if n := labeledCounter(t, srv.Metrics(), "embassy_sessions_by_client_total", "openssh"); n != 1 {
			t.Errorf("sessions by client openssh = %v, want 1", n)
		}
		if n := labeledCounter(t, srv.Metrics(), "embassy_sessions_by_term_total", "xterm"); n != 1 {
			t.Errorf("sessions by term xterm = %v, want 1", n)
		}
	}
}

// Text a visitor types into the directory's filter is shown back: bidi
// controls, invisible characters and piles of combining marks must not be.
func TestTypedTextIsShownBackClean(t *testing.T) {
	srv := startKiosk(t, server.Config{})
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	defer c.Close()
	_, in, scr := openKioskTyping(t, c, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)
	_, _ = in.Write([]byte("4/"))
	scr.waitFor(t, "Filter", 2*time.Second)
	hidden := []string{"\u202e", "\u2066", "\u061c", "\u2028", "\u200b", "\ufeff"}
	// Accents do not matter to the filter: this finds "court".
	_, _ = in.Write([]byte("c" + strings.Repeat("\u0301", 40) + "o\u202eu\u2066r\u061c\u2028t\u200b\ufeff"))
	scr.waitFor(t, "Inter-American Court", 2*time.Second)
	time.Sleep(100 * time.Millisecond) // every frame of the typing is out
	screen := scr.text()
	for _, h := range hidden {
		if strings.Contains(screen, h) {
			t.Errorf("the screen shows %+q", h)
		}
	}
	if strings.Contains(screen, strings.Repeat("\u0301", 5)) {
		t.Errorf("the screen shows a pile of combining marks")
	}
}

// flood opens a kiosk session from 127.0.0.1, writes payload to it as fast
// as the connection takes it, then opens the directory: the session
// must still answer, on the screen the visitor would expect.
func flood(t *testing.T, srv *kiosk, payload string) *gossh.Client {
	t.Helper()
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	_, in, scr := openKioskTyping(t, c, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)
	if _, err := io.WriteString(in, payload); err != nil {
		t.Fatal(err)
	}
	pressUntil(t, in, scr, "4", "Secretariat of Human Rights") // 4: the directory
	if strings.Contains(scr.text(), "Thank you for visiting") {
		t.Fatal("the flood ended the session")
	}
	return c
}

// pressUntil presses keys until the screen shows want: the keys right
// after a flood may be over the budget too, and dropped.
func pressUntil(t *testing.T, in io.Writer, scr *screenReader, keys, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(scr.text(), want) && time.Now().Before(deadline) {
		_, _ = io.WriteString(in, keys)
		time.Sleep(100 * time.Millisecond)
	}
	scr.waitFor(t, want, time.Second)
}

// waitRefused waits until a new connection from 127.0.0.1 is refused: the
// source is in the penalty box.
func waitRefused(t *testing.T, srv *kiosk, why string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := sshFrom(t, "127.0.0.1", srv.Addr, "visitor")
		if err != nil {
			return
		}
		_ = c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("%s: the source is still let in", why)
		}
		time.Sleep(20 * time.Millisecond) // the flood's connection may still be closing
	}
}

// 128 KiB of keys that do nothing, streamed in: a burst of them is taken,
// the rest is dropped where it is read (it used to cost 6-9 s of server CPU,
// a full redraw each), the session still answers, and the source pays.
// The CPU is measured with the load tool: docs/security.md.
func TestKeyFloodIsBudgeted(t *testing.T) {
	srv := startKiosk(t, server.Config{PenaltyFlood: 20 * time.Second})
	c := flood(t, srv, strings.Repeat("a", 128<<10))
	if n := counterValue(t, srv.Metrics(), "embassy_input_floods_total"); n != 1 {
		t.Errorf("embassy_input_floods_total = %v, want 1", n)
	}
	_ = c.Close()
	waitRefused(t, srv, "after a key flood")
	other := mustSSH(t, "127.0.0.2", srv.Addr)
	_ = other.Close()
}

// An answer to the background-colour query that never ends, streamed in,
// is dropped with the rest of it: it used to be taken for keys once 32 KiB
// had come ("q" among them ends the session).
func TestUnendedTerminalAnswerIsNotTyped(t *testing.T) {
	srv := startKiosk(t, server.Config{PenaltyFlood: 20 * time.Second})
	c := flood(t, srv, "\x1b]11;rgb:"+strings.Repeat("q", 128<<10)+"\x07")
	if n := counterValue(t, srv.Metrics(), "embassy_input_floods_total"); n != 1 {
		t.Errorf("embassy_input_floods_total = %v, want 1", n)
	}
	_ = c.Close()
	waitRefused(t, srv, "after an unended answer")
}

// The linear mode answers every line with a screen of text: Enter streamed
// in cost 1.2-1.4 s of server CPU for 64 KiB. Line ends over the budget are
// dropped, the session still answers, the flood is counted.
func TestLinearEnterFloodIsBudgeted(t *testing.T) {
	srv := startKiosk(t, server.Config{})
	c, err := sshFrom(t, "127.0.0.1", srv.Addr, server.PlainUser)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, in, scr := openKioskTyping(t, c, "xterm-256color", 80, 24)
	scr.waitFor(t, "Embassy", 2*time.Second)
	if _, err := io.WriteString(in, strings.Repeat("\r", 60<<10)); err != nil {
		t.Fatal(err)
	}
	pressUntil(t, in, scr, "4\r", "Secretariat of Human Rights") // 4: the directory
	if n := counterValue(t, srv.Metrics(), "embassy_input_floods_total"); n != 1 {
		t.Errorf("embassy_input_floods_total = %v, want 1", n)
	}
}
