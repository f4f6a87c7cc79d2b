package server

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/testkit"
)

// syncBuffer collects the server's log lines.
type syncBuffer = testkit.SyncBuffer

type testServer struct {
	*Server
	addr string
	logs *syncBuffer
}

// startServer runs a kiosk on 127.0.0.1 with cfg (host key, content and
// logger filled in) until the test ends.
func startServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	return startServerWith(t, cfg, nil)
}

// startServerWith lets setup change the server before it starts. It is
// kiosktest.Start for the server's internal tests (which cannot import it):
// the same testkit helpers, and logs at debug level.
func startServerWith(t *testing.T, cfg Config, setup func(*Server)) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	cfg.HostKey, cfg.Library = testkit.HostKey(t), testkit.Library(t)
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(srv)
	}
	return &testServer{Server: srv, addr: testkit.Serve(t, srv, logs), logs: logs}
}

// dialFrom opens a TCP connection from a loopback address of our choice.
func dialFrom(t testing.TB, from, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 2 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", from, err)
	}
	return c
}

// sshFrom opens an SSH connection as user from a loopback address.
func sshFrom(t testing.TB, from, addr, user string) (*gossh.Client, error) {
	c := dialFrom(t, from, addr)
	cc, chans, reqs, err := gossh.NewClientConn(c, addr, &gossh.ClientConfig{
		User:            user,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         2 * time.Second,
	})
	if err != nil {
		_ = c.Close()
		return nil, err
	}
	return gossh.NewClient(cc, chans, reqs), nil
}

func mustSSH(t testing.TB, from, addr string) *gossh.Client {
	t.Helper()
	c, err := sshFrom(t, from, addr, "visitor")
	if err != nil {
		t.Fatalf("ssh from %s: %v", from, err)
	}
	return c
}

// screenReader collects a session's output, stripped of escape sequences.
type screenReader struct {
	buf syncBuffer
}

func readScreen(r io.Reader) *screenReader {
	s := &screenReader{}
	go func() { _, _ = io.Copy(&s.buf, r) }()
	return s
}

func (s *screenReader) text() string {
	return ansi.Strip(s.buf.String())
}

// waitFor polls until the screen shows want.
func (s *screenReader) waitFor(t testing.TB, want string, d time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < d {
		if strings.Contains(s.text(), want) {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("after %s the screen does not show %q:\n%s", d, want, s.text())
	return 0
}

// homeText is on the kiosk's home screen.
const homeText = "Press a number"

// openKiosk opens a session with a PTY of w x h and a shell, and returns
// what it shows.
func openKiosk(t testing.TB, c *gossh.Client, term string, w, h int) (*gossh.Session, *screenReader) {
	t.Helper()
	sess, _, scr := openKioskTyping(t, c, term, w, h)
	return sess, scr
}

// openKioskTyping is openKiosk that also returns the session's input.
func openKioskTyping(t testing.TB, c *gossh.Client, term string, w, h int) (*gossh.Session, io.Writer, *screenReader) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	if err := sess.RequestPty(term, h, w, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty-req: %v", err)
	}
	out, _ := sess.StdoutPipe()
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	scr := readScreen(out)
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	return sess, in, scr
}

// waitGoroutines waits for the goroutine count to fall to at most want.
func waitGoroutines(t testing.TB, want int, d time.Duration) int {
	t.Helper()
	return testkit.WaitGoroutines(t, want, d)
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// closedWithin reports whether the server closes c within d (reading and
// discarding whatever it sends).
func closedWithin(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}
