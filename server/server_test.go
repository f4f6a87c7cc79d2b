package server_test

// These tests talk real SSH over loopback with golang.org/x/crypto/ssh as the
// client, and assert what a visitor (or the operator) would notice.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

const (
	embassyName = "Embassy of the Argentine Republic in South Africa"
	linksTitle  = "Related websites"
	page2Title  = "Memory, truth and justice in Argentina"
	page2Text   = "model for the world"

	waitTimeout = 3 * time.Second
)

// syncBuffer is shared with other packages' tests.
type syncBuffer = testkit.SyncBuffer

// kiosk is one running server on a loopback port.
type kiosk struct {
	addr string
	srv  *server.Server
	lib  *content.Library
	logs *syncBuffer
}

func library(t *testing.T) *content.Library {
	t.Helper()
	lib, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatalf("load embedded content: %v", err)
	}
	return lib
}

// startKiosk serves the embedded content with a fresh ed25519 host key on
// 127.0.0.1 and shuts the server down when the test ends.
func startKiosk(t *testing.T) *kiosk {
	t.Helper()
	return startKioskWith(t, func(*server.Config) {})
}

// startKioskWith is startKiosk with a change to the server's Config.
func startKioskWith(t *testing.T, change func(*server.Config)) *kiosk {
	t.Helper()
	var cfg server.Config
	change(&cfg)
	k := kiosktest.Start(t, cfg)
	return &kiosk{addr: k.Addr, srv: k.Server, lib: k.Lib, logs: k.Logs}
}

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
	c, err := gossh.Dial("tcp", k.addr, cfg)
	if err != nil {
		t.Fatalf("ssh dial %s: %v", k.addr, err)
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

func TestPTYShowsHomeAndQuitsOnQ(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)
	for _, p := range k.lib.Pages {
		if !strings.Contains(term.screenSince(0), p.Title) {
			t.Errorf("home screen does not list page %q", p.Title)
		}
	}
	term.send("q")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status after q = %d, want 0", status)
	}
}

func TestPTYCtrlCLeaves(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)
	term.send("\x03")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status after Ctrl+C = %d, want 0", status)
	}
}

func TestPTYOpenPageAndGoBack(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)

	m := term.mark()
	term.send("2")
	term.waitFor(m, page2Title, page2Text)

	// A lone ESC is only a key once nothing follows it for a moment.
	m = term.mark()
	term.send("\x1b")
	time.Sleep(100 * time.Millisecond)
	// Back home: the page's title is replaced by the site's, and the menu
	// (its first entry and the directory) is drawn again.
	term.waitFor(m, k.lib.Site.Title, k.lib.Pages[0].Title, linksTitle)
	if strings.Contains(term.screenSince(m), page2Text) {
		t.Errorf("page text %q redrawn after Esc", page2Text)
	}

	term.send("q")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
}

func TestPTYFollowsResize(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)

	m := term.mark()
	if err := term.sess.WindowChange(10, 30); err != nil {
		t.Fatal(err)
	}
	term.waitFor(m, "Please enlarge your window")

	m = term.mark()
	if err := term.sess.WindowChange(12, 40); err != nil {
		t.Fatal(err)
	}
	term.waitFor(m, k.lib.Site.Title, linksTitle)
	term.send("2")
	term.waitFor(m, page2Text)
	term.send("q")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
}

func TestNoPTYPrintsEverything(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	r := k.command(t, "")
	if r.status != 0 {
		t.Errorf("exit status = %d, want 0 (stderr %q)", r.status, r.stderr)
	}
	wants := []string{embassyName, linksTitle, "https://eaaf.org/", k.lib.Site.Banner.URL}
	for _, p := range k.lib.Pages {
		wants = append(wants, p.Title)
	}
	for _, l := range k.lib.Links {
		wants = append(wants, l.URL)
	}
	for _, w := range wants {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if !strings.Contains(r.stdout, page2Text) {
		t.Errorf("output lacks the text of page 2 (%q)", page2Text)
	}
	if i := strings.IndexByte(r.stdout, 0x1b); i >= 0 {
		t.Errorf("output contains an escape byte at %d: %q", i, r.stdout[max(0, i-20):min(len(r.stdout), i+20)])
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
}

func TestNoPTYCommands(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	tests := []struct {
		cmd   string
		want  []string
		notIn []string
	}{
		{"links", []string{linksTitle, "https://eaaf.org/", "https://www.gaamac.org/"}, []string{page2Text}},
		{"pages", []string{"leadership", "memory", page2Title}, []string{page2Text, "https://eaaf.org/"}},
		{"page memory", []string{page2Title, page2Text}, []string{"https://eaaf.org/", k.lib.Pages[0].Title}},
		{"help", []string{"links", "pages", "page NAME", "help"}, []string{page2Text}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			t.Parallel()
			r := k.command(t, tt.cmd)
			if r.status != 0 {
				t.Errorf("exit status = %d, want 0 (stderr %q)", r.status, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.notIn {
				if strings.Contains(r.stdout, w) {
					t.Errorf("output has %q, which belongs elsewhere", w)
				}
			}
			if strings.IndexByte(r.stdout, 0x1b) >= 0 {
				t.Errorf("output contains an escape byte")
			}
		})
	}
}

func TestNoPTYBadCommands(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	for _, cmd := range []string{"frobnicate", "page nosuch", "page", "links extra"} {
		t.Run(cmd, func(t *testing.T) {
			t.Parallel()
			r := k.command(t, cmd)
			if r.status != 2 {
				t.Errorf("exit status = %d, want 2", r.status)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if !strings.HasPrefix(r.stderr, "embassy:") || !strings.HasSuffix(r.stderr, "\n") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr = %q, want one line starting with \"embassy:\"", r.stderr)
			}
			if strings.Contains(r.stderr, "frobnicate") || strings.Contains(r.stderr, "nosuch") {
				t.Errorf("stderr = %q repeats what the client sent", r.stderr)
			}
		})
	}
}

func TestClientIsNeverAskedForAKey(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	visitorKey := testkit.HostKey(t) // any ed25519 key will do
	var keysAsked, passwordAsked, kbdAsked atomic.Bool
	cfg := clientConfig()
	cfg.Auth = []gossh.AuthMethod{
		gossh.PublicKeysCallback(func() ([]gossh.Signer, error) {
			keysAsked.Store(true)
			return []gossh.Signer{visitorKey}, nil
		}),
		gossh.PasswordCallback(func() (string, error) {
			passwordAsked.Store(true)
			return "secret", nil
		}),
		gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			kbdAsked.Store(true)
			return nil, nil
		}),
	}
	c := k.dialWith(t, cfg)
	if keysAsked.Load() {
		t.Error("the client was asked for its public keys")
	}
	if passwordAsked.Load() {
		t.Error("the client was asked for a password")
	}
	if kbdAsked.Load() {
		t.Error("the client was asked keyboard-interactive questions")
	}
	// And the connection is usable.
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	out, err := sess.Output("links")
	if err != nil || !strings.Contains(string(out), "https://eaaf.org/") {
		t.Errorf("links after auth: err %v, output %q", err, out)
	}
}

func TestBannerNamesNoLibrary(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	v := string(k.dial(t).ServerVersion())
	if strings.Contains(v, "Go") || strings.Contains(strings.ToLower(v), "charm") || strings.Contains(strings.ToLower(v), "wish") {
		t.Errorf("server version %q names the library it is built on", v)
	}
	if !strings.HasPrefix(v, "SSH-2.0-") {
		t.Errorf("server version %q is not an SSH-2.0 banner", v)
	}
}

// heapMB is the live heap after a collection, in MB.
func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// maxGrowthMB bounds the heap a huge window may cost. Bubble Tea spends about
// 220 bytes a cell: the clamped 300x100 is under 7 MB, while 4096x256 (a size
// Bubble Tea itself still accepts) would be over 200 MB.
const maxGrowthMB = 64

// Not parallel: it measures the process's heap.
func TestHugeWindowChange(t *testing.T) {
	k := startKiosk(t)
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)
	before := heapMB()

	for _, size := range [][2]int{{4096, 256}, {100000, 100000}, {1 << 30, 1 << 30}} {
		m := term.mark()
		if err := term.sess.WindowChange(size[1], size[0]); err != nil {
			t.Fatalf("window-change %dx%d: %v", size[0], size[1], err)
		}
		// Still answering: j moves the selection, 2 opens page 2, Esc goes back.
		term.send("j")
		term.send("2")
		term.waitFor(m, page2Text)
		if grown := heapMB() - before; grown > maxGrowthMB {
			t.Errorf("after a %dx%d window-change the heap grew by %.0f MB (limit %d MB)", size[0], size[1], grown, maxGrowthMB)
		}
		term.send("\x1b")
		time.Sleep(100 * time.Millisecond)
	}

	// And a normal size afterwards still works.
	m := term.mark()
	if err := term.sess.WindowChange(24, 80); err != nil {
		t.Fatal(err)
	}
	term.send("2")
	term.waitFor(m, page2Text)
	term.send("q")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
}

// Not parallel: it measures the process's heap.
func TestHugePtyRequest(t *testing.T) {
	k := startKiosk(t)
	before := heapMB()
	for _, size := range [][2]int{{4096, 256}, {100000, 100000}} {
		term := openTerminal(t, k.dial(t), size[0], size[1])
		term.waitHome(0)
		if grown := heapMB() - before; grown > maxGrowthMB {
			t.Errorf("a %dx%d pty-req grew the heap by %.0f MB (limit %d MB)", size[0], size[1], grown, maxGrowthMB)
		}
		term.send("q")
		if status := term.waitEnd(waitTimeout); status != 0 {
			t.Errorf("%dx%d: exit status = %d, want 0", size[0], size[1], status)
		}
	}
}

func TestShutdownSaysGoodbye(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	c := k.dial(t)
	term := openTerminal(t, c, 80, 24)
	term.waitHome(0)

	m := term.mark()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	shut := make(chan error, 1)
	go func() { shut <- k.srv.Shutdown(ctx) }()

	// First a countdown the visitor can read on, then the goodbye.
	term.waitFor(m, "closing for maintenance in 2 s")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
	if screen := words(term.screenSince(m)); !strings.Contains(screen, server.Goodbye) {
		t.Errorf("no goodbye after the countdown; the screen shows:\n%s", screen)
	}
	// As OpenSSH does, the client hangs up once its only session has ended.
	_ = c.Close()

	select {
	case err := <-shut:
		if err != nil {
			t.Errorf("Shutdown = %v, want nil", err)
		}
		t.Logf("Shutdown returned after %s", time.Since(start).Round(time.Millisecond))
	case <-time.After(3 * time.Second):
		t.Fatal("Shutdown did not return within its 2 s deadline")
	}

	conn, err := net.DialTimeout("tcp", k.addr, time.Second)
	if err == nil {
		conn.Close()
		t.Error("a new connection was accepted after Shutdown")
	}
}

// A visitor who reads until the session's time limit sees a countdown, then
// a goodbye on their normal screen, with the mouse off: the program ends
// before the connection's hard limit would cut it with the alt screen and
// mouse reporting still on in their terminal.
func TestTimeLimitWarnsAndRestoresTheTerminal(t *testing.T) {
	t.Parallel()
	k := startKioskWith(t, func(c *server.Config) { c.MaxSessionTime = 4 * time.Second })
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)
	m := term.mark()
	term.waitFor(m, "Time limit: this session ends in")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
	raw := term.out.String()[m:]
	exit := strings.LastIndex(raw, ansi.ResetModeAltScreenSaveCursor)
	if exit < 0 || !strings.Contains(raw[exit:], ansi.ResetModeMouseButtonEvent) {
		t.Errorf("the terminal was not restored (alt screen left, mouse off): %q", raw[max(0, len(raw)-300):])
	}
	if bye := words(ansi.Strip(raw[max(0, exit):])); !strings.Contains(bye, "This session has reached its time limit.") {
		t.Errorf("no goodbye on the normal screen: %q", bye)
	}
}

// words is s with every run of white space made one space, so that text
// wrapped onto several lines still matches.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// The last words a visitor reads are left on their screen: they must not be
// cut at the window's edge.
func TestFarewellsAreShownWhole(t *testing.T) {
	t.Parallel()
	t.Run("quit", func(t *testing.T) {
		t.Parallel()
		k := startKiosk(t)
		term := openTerminal(t, k.dial(t), 80, 24)
		term.waitHome(0)
		m := term.mark()
		term.send("q")
		term.waitEnd(waitTimeout)
		screen := words(term.screenSince(m))
		// The address as a browser shows it, not percent-encoded.
		for _, w := range []string{"Thank you for visiting", "https://esafr.cancilleria.gob.ar/en/argentina´s-leadership"} {
			if !strings.Contains(screen, w) {
				t.Errorf("after q the screen lacks %q; it shows:\n%s", w, term.screenSince(m))
			}
		}
	})
	for _, size := range [][2]int{{80, 24}, {40, 12}, {30, 10}} {
		t.Run(fmt.Sprintf("shutdown at %dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			k := startKiosk(t)
			term := openTerminal(t, k.dial(t), size[0], size[1])
			if size[0] >= 40 {
				term.waitFor(0, k.lib.Site.Title, linksTitle)
			} else {
				term.waitFor(0, "Please enlarge your window")
			}
			m := term.mark()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			go func() { _ = k.srv.Shutdown(ctx) }()
			term.waitEnd(waitTimeout)
			if screen := words(term.screenSince(m)); !strings.Contains(screen, server.Goodbye) {
				t.Errorf("the goodbye is not shown whole; the screen shows:\n%s", term.screenSince(m))
			}
		})
	}
}

func TestLogsKeepVisitorsPrivate(t *testing.T) {
	t.Parallel()
	k := startKiosk(t)
	cfg := clientConfig()
	cfg.User = "alice-the-visitor"
	c := k.dialWith(t, cfg)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Run("frobnicate-secret"); exitStatus(t, err) != 2 {
		t.Fatalf("unknown command: %v", err)
	}
	deadline := time.Now().Add(waitTimeout)
	for !strings.Contains(k.logs.String(), "session end") {
		if time.Now().After(deadline) {
			t.Fatalf("no \"session end\" line in the logs:\n%s", k.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	logs := k.logs.String()
	if !strings.Contains(logs, "session start") {
		t.Errorf("no \"session start\" line in the logs:\n%s", logs)
	}
	for _, secret := range []string{"alice", "127.0.0.1", "frobnicate"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}

// Not parallel: it counts the process's goroutines.
func TestHangUpLeavesNothingBehind(t *testing.T) {
	k := startKiosk(t)
	// Warm up once, so lazily started goroutines are in the baseline.
	warm := k.dial(t)
	term := openTerminal(t, warm, 80, 24)
	term.waitHome(0)
	term.send("q")
	term.waitEnd(waitTimeout)
	_ = warm.Close()
	time.Sleep(50 * time.Millisecond)
	baseline := runtime.NumGoroutine()

	for i := range 6 {
		c, err := gossh.Dial("tcp", k.addr, clientConfig())
		if err != nil {
			t.Fatal(err)
		}
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		out, _ := sess.StdoutPipe()
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			// Wait for the first bytes (the terminal queries), never answer them.
			_, _ = out.Read(make([]byte, 1))
		}
		_ = c.Close() // hang up
	}

	testkit.WaitGoroutines(t, baseline+2, waitTimeout)
}
