package server_test

// These tests talk real SSH over loopback with golang.org/x/crypto/ssh as the
// client, and assert what a visitor (or the operator) would notice.

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

func TestPTYShowsHomeAndQuitsOnQ(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)
	for _, p := range k.Lib.Pages {
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
	k := startKiosk(t, server.Config{})
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)
	term.send("\x03")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status after Ctrl+C = %d, want 0", status)
	}
}

func TestPTYOpenPageAndGoBack(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
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
	term.waitFor(m, k.Lib.Site.Title, k.Lib.Pages[0].Title, linksTitle)
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
	k := startKiosk(t, server.Config{})
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
	term.waitFor(m, k.Lib.Site.Title, linksTitle)
	term.send("2")
	term.waitFor(m, page2Text)
	term.send("q")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
}

func TestNoPTYPrintsEverything(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	r := k.command(t, "")
	if r.status != 0 {
		t.Errorf("exit status = %d, want 0 (stderr %q)", r.status, r.stderr)
	}
	wants := []string{embassyName, linksTitle, "https://eaaf.org/", k.Lib.Site.Banner.URL}
	for _, p := range k.Lib.Pages {
		wants = append(wants, p.Title)
	}
	for _, l := range k.Lib.Links {
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
	k := startKiosk(t, server.Config{})
	tests := []struct {
		cmd   string
		want  []string
		notIn []string
	}{
		{"links", []string{linksTitle, "https://eaaf.org/", "https://www.gaamac.org/"}, []string{page2Text}},
		{"pages", []string{"leadership", "memory", page2Title}, []string{page2Text, "https://eaaf.org/"}},
		{"page memory", []string{page2Title, page2Text}, []string{"https://eaaf.org/", k.Lib.Pages[0].Title}},
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
	k := startKiosk(t, server.Config{})
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
	k := startKiosk(t, server.Config{})
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
	k := startKiosk(t, server.Config{})
	v := string(k.dial(t).ServerVersion())
	if strings.Contains(v, "Go") || strings.Contains(strings.ToLower(v), "charm") || strings.Contains(strings.ToLower(v), "wish") {
		t.Errorf("server version %q names the library it is built on", v)
	}
	if !strings.HasPrefix(v, "SSH-2.0-") {
		t.Errorf("server version %q is not an SSH-2.0 banner", v)
	}
}

// heapMB is the live heap after a collection, in MB.
func heapMB() float64 { return float64(heapInUse()) / (1 << 20) }

// maxGrowthMB bounds the heap a huge window may cost. Bubble Tea spends about
// 220 bytes a cell: the clamped 300x100 is under 7 MB, while 4096x256 (a size
// Bubble Tea itself still accepts) would be over 200 MB.
const maxGrowthMB = 64

// Not parallel: it measures the process's heap.
func TestHugeWindowChange(t *testing.T) {
	k := startKiosk(t, server.Config{})
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
	k := startKiosk(t, server.Config{})
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
	k := startKiosk(t, server.Config{})
	c := k.dial(t)
	term := openTerminal(t, c, 80, 24)
	term.waitHome(0)

	m := term.mark()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	shut := make(chan error, 1)
	go func() { shut <- k.Shutdown(ctx) }()

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

	conn, err := net.DialTimeout("tcp", k.Addr, time.Second)
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
	k := startKiosk(t, server.Config{MaxSessionTime: 4 * time.Second})
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
		k := startKiosk(t, server.Config{})
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
			k := startKiosk(t, server.Config{})
			term := openTerminal(t, k.dial(t), size[0], size[1])
			if size[0] >= 40 {
				term.waitFor(0, k.Lib.Site.Title, linksTitle)
			} else {
				term.waitFor(0, "Please enlarge your window")
			}
			m := term.mark()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			go func() { _ = k.Shutdown(ctx) }()
			term.waitEnd(waitTimeout)
			if screen := words(term.screenSince(m)); !strings.Contains(screen, server.Goodbye) {
				t.Errorf("the goodbye is not shown whole; the screen shows:\n%s", term.screenSince(m))
			}
		})
	}
}

func TestLogsKeepVisitorsPrivate(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
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
	for !strings.Contains(k.Logs.String(), "session end") {
		if time.Now().After(deadline) {
			t.Fatalf("no \"session end\" line in the logs:\n%s", k.Logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	logs := k.Logs.String()
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
	k := startKiosk(t, server.Config{})
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
		c, err := gossh.Dial("tcp", k.Addr, clientConfig())
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
