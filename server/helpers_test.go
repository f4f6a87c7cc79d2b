package server_test

// The helpers of the server's tests: a kiosk on loopback (internal/kiosktest;
// export_test.go reaches inside), SSH clients from chosen loopback sources,
// and two views of a PTY session: terminal (answers the background query
// as a terminal does, keys go in, waits for words after a mark) and
// screenReader (reads only, for tests of clients that never answer).

import (
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

// syncBuffer collects a session's output or the server's log lines.
type syncBuffer = testkit.SyncBuffer

// kiosk is one running server on a loopback port (kiosktest.Kiosk: the
// server's methods, export_test.go's hooks among them, its address, content
// and logs), with the tests' ways to visit it.
type kiosk struct{ *kiosktest.Kiosk }

// startKiosk serves cfg with the embedded content and a fresh ed25519 host
// key on 127.0.0.1 (kiosktest.Start) until the test ends.
func startKiosk(t testing.TB, cfg server.Config) *kiosk {
	t.Helper()
	return startKioskWith(t, cfg, nil)
}

// startKioskWith is startKiosk that lets setup change the server (through
// export_test.go's hooks) before it serves.
func startKioskWith(t testing.TB, cfg server.Config, setup func(*server.Server)) *kiosk {
	t.Helper()
	return &kiosk{kiosktest.StartWith(t, cfg, setup)}
}

const (
	embassyName = "Embassy of the Argentine Republic in South Africa"
	linksTitle  = "Related websites"
	page2Title  = "Memory, truth and justice in Argentina"
	page2Text   = "model for the world"

	waitTimeout = 3 * time.Second
)

func clientConfig() *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            "visitor",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         waitTimeout,
	}
}

// dial connects with no authentication method at all: the server must
// accept "none".
func (k *kiosk) dial(t *testing.T) *gossh.Client {
	t.Helper()
	return k.dialWith(t, clientConfig())
}

func (k *kiosk) dialWith(t *testing.T, cfg *gossh.ClientConfig) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", k.Addr, cfg)
	if err != nil {
		t.Fatalf("ssh dial %s: %v", k.Addr, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// exitStatus turns the result of Session.Wait/Run into an exit status.
func exitStatus(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var exit *gossh.ExitError
	if errors.As(err, &exit) {
		return exit.ExitStatus()
	}
	t.Fatalf("session ended without an exit status: %v", err)
	return -1
}

// result is what a session without a PTY gave back.
type result struct {
	stdout, stderr string
	status         int
}

// command runs cmd without a PTY, as `ssh -T host cmd` does; an empty cmd
// is a shell request, as `ssh -T host` sends.
func (k *kiosk) command(t *testing.T, cmd string) result {
	t.Helper()
	return k.session(t, noPTY{cmd: cmd})
}

// noPTY is a session without a PTY: as whom, with which environment
// (NAME=value, sent as "env" requests as OpenSSH's SendEnv and SetEnv do),
// what it types, and its command (a shell request when empty).
type noPTY struct {
	user  string // "" for the default
	env   []string
	stdin string
	cmd   string
}

// session runs one session without a PTY until it ends.
func (k *kiosk) session(t *testing.T, s noPTY) result {
	t.Helper()
	cfg := clientConfig()
	if s.user != "" {
		cfg.User = s.user
	}
	c := k.dialWith(t, cfg)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	for _, kv := range s.env {
		name, value, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(name, value); err != nil {
			t.Fatalf("setenv %s: %v", kv, err)
		}
	}
	var stdout, stderr syncBuffer
	sess.Stdout, sess.Stderr, sess.Stdin = &stdout, &stderr, strings.NewReader(s.stdin)
	done := make(chan error, 1)
	go func() {
		if s.cmd == "" {
			if err := sess.Shell(); err != nil {
				done <- err
				return
			}
			done <- sess.Wait()
			return
		}
		done <- sess.Run(s.cmd)
	}()
	select {
	case err = <-done:
	case <-time.After(waitTimeout):
		_ = c.Close()
		t.Fatalf("%s %q: session did not end within %s; stdout so far:\n%s", s.user, s.cmd, waitTimeout, stdout.String())
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), status: exitStatus(t, err)}
}

// terminal is a PTY session seen from the client: keys go in, the screen's
// byte stream comes out.
type terminal struct {
	t     *testing.T
	sess  *gossh.Session
	out   *syncBuffer
	mu    sync.Mutex // serialises writes to stdin
	stdin io.Writer
	ended chan error // receives Session.Wait's result once
}

// openTerminal requests a PTY of w x h and a shell, as `ssh -t host` does.
func openTerminal(t *testing.T, c *gossh.Client, w, h int) *terminal {
	t.Helper()
	return openPTY(t, c, "xterm-256color", w, h, "")
}

// openPTY requests a PTY of w x h for term and runs command (a shell when
// empty). Like a terminal, it answers the background-colour query (dark).
func openPTY(t *testing.T, c *gossh.Client, termName string, w, h int, command string) *terminal {
	t.Helper()
	return openPTYWith(t, c, termName, w, h, command, nil)
}

// openPTYWith is openPTY after sending env (NAME=value), as OpenSSH's
// SendEnv and SetEnv do.
func openPTYWith(t *testing.T, c *gossh.Client, termName string, w, h int, command string, env []string) *terminal {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	t.Cleanup(func() { _ = sess.Close() })
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(name, value); err != nil {
			t.Fatalf("setenv %s: %v", kv, err)
		}
	}
	if err := sess.RequestPty(termName, h, w, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty-req: %v", err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, sess: sess, out: &syncBuffer{}, stdin: stdin, ended: make(chan error, 1)}
	if command == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(command)
	}
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		buf := make([]byte, 32<<10)
		answered := false
		for {
			n, err := stdout.Read(buf)
			if n > 0 {
				_, _ = term.out.Write(buf[:n])
				if !answered && strings.Contains(term.out.String(), "\x1b]11;?") {
					answered = true
					term.write("\x1b]11;rgb:0000/0000/0000\x1b\\")
				}
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		err := sess.Wait()
		<-copied
		term.ended <- err
	}()
	return term
}

func (term *terminal) write(s string) {
	term.mu.Lock()
	defer term.mu.Unlock()
	_, _ = io.WriteString(term.stdin, s)
}

// send types keys.
func (term *terminal) send(keys string) {
	term.t.Helper()
	term.write(keys)
}

// mark is a position in the output; waitFor looks only at what came after.
func (term *terminal) mark() int { return term.out.Len() }

// screenSince is the output after mark, without escape sequences.
func (term *terminal) screenSince(mark int) string {
	return ansi.Strip(term.out.String()[mark:])
}

// waitFor waits until every want has appeared in the output after mark.
func (term *terminal) waitFor(mark int, wants ...string) {
	term.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		screen := term.screenSince(mark)
		missing := ""
		for _, w := range wants {
			if !strings.Contains(screen, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("%q did not appear within %s; screen text was:\n%s", missing, waitTimeout, screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitEnd waits for the session to end and returns its exit status.
func (term *terminal) waitEnd(within time.Duration) int {
	term.t.Helper()
	select {
	case err := <-term.ended:
		return exitStatus(term.t, err)
	case <-time.After(within):
		term.t.Fatalf("session did not end within %s; screen text was:\n%s", within, term.screenSince(0))
		return -1
	}
}

// waitHome waits for the home screen: the Embassy's name and the menu.
func (term *terminal) waitHome(mark int) {
	term.t.Helper()
	term.waitFor(mark, embassyName, page2Title, linksTitle)
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
