package server_test

// The linear mode over real SSH: who gets it, and that it is a usable
// conversation with and without a PTY.

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

const (
	linearMenu   = "Type a number and press Enter. h for help, q to leave."
	linearPrompt = "> "
)

// dialAs connects as user.
func (k *kiosk) dialAs(t *testing.T, user string) *gossh.Client {
	t.Helper()
	cfg := clientConfig()
	cfg.User = user
	return k.dialWith(t, cfg)
}

// openLinear opens a PTY session as user with the given TERM and window,
// running command (a shell when empty).
func openLinear(t *testing.T, k *kiosk, user, term string, w, h int, command string) *terminal {
	t.Helper()
	return openPTY(t, k.dialAs(t, user), term, w, h, command)
}

// waitWords is terminal.waitFor for text that may be wrapped: it compares
// words, not lines.
func (term *terminal) waitWords(mark int, wants ...string) {
	term.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		screen := words(term.screenSince(mark))
		missing := ""
		for _, w := range wants {
			if !strings.Contains(screen, words(w)) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("%q did not appear within %s; screen text was:\n%s", missing, waitTimeout, term.screenSince(mark))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkLinear asserts what the linear mode never sends.
func checkLinear(t *testing.T, out string) {
	t.Helper()
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Errorf("the linear mode sent an escape byte at %d: %q", i, out[max(0, i-20):min(len(out), i+20)])
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Errorf("with a PTY, a line ends without CR")
	}
}

// visitLinear reads the menu, a page, the directory and a link, and
// leaves with q.
func visitLinear(t *testing.T, term *terminal) {
	t.Helper()
	// In a small window the first screen is the menu's first part, whose
	// prompt also starts so (and says that Enter shows more).
	term.waitWords(0, "1. Furthering", "2. Memory", "Related websites, 21 links", "Type a number and press Enter")
	m := term.mark()
	term.send("2\r")
	term.waitWords(m, page2Title, page2Text, linearPrompt)
	m = term.mark()
	term.send("m\r")
	term.waitWords(m, "Menu:", linearMenu)
	m = term.mark()
	term.send("4\r")
	term.waitWords(m, linksTitle, linearPrompt)
	m = term.mark()
	term.send("3\r")
	term.waitWords(m, "Argentine Forensic Anthropology Team (EAAF)", "https://eaaf.org/")
	m = term.mark()
	term.send("q\r")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status after q = %d, want 0", status)
	}
	if !strings.Contains(words(term.screenSince(m)), "Thank you for visiting") {
		t.Errorf("no goodbye after q: %q", term.screenSince(m))
	}
	checkLinear(t, term.out.String())
}

func TestLinearForPlainUser(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	visitLinear(t, openLinear(t, k, "plain", "xterm-256color", 80, 24, ""))
}

func TestLinearForPlainCommand(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	visitLinear(t, openLinear(t, k, "visitor", "xterm-256color", 80, 24, "plain"))
}

func TestLinearForDumbTerminals(t *testing.T) {
	t.Parallel()
	for _, term := range []string{"dumb", "", "unknown", "DUMB"} {
		t.Run(term, func(t *testing.T) {
			t.Parallel()
			k := startKiosk(t, server.Config{})
			visitLinear(t, openLinear(t, k, "guest", term, 40, 12, ""))
		})
	}
}

// With a PTY, the commands that open a screen open it in the linear mode.
func TestLinearStartsWhereAsked(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	term := openLinear(t, k, "plain", "xterm", 80, 24, "page memory")
	term.waitWords(0, page2Title, page2Text, "End of the page.")
	term.send("\x04") // Ctrl+D
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status after Ctrl+D = %d, want 0", status)
	}
	term = openLinear(t, k, "plain", "xterm", 80, 24, "links")
	term.waitWords(0, linksTitle, "1. Under-Secretariat of Human Rights")
	term.send("\x03") // Ctrl+C
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status after Ctrl+C = %d, want 0", status)
	}
}

// Keys as a terminal sends them: echoed, Backspace rubs out, arrows are
// dropped.
func TestLinearEditing(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	term := openLinear(t, k, "plain", "xterm-256color", 80, 24, "")
	term.waitWords(0, linearMenu)
	m := term.mark()
	term.send("\x1b[A1\x7f2\r")
	term.waitWords(m, page2Title)
	if got := term.out.String()[m:]; !strings.HasPrefix(got, "1\b \b2\r\n") {
		t.Errorf("echo %q, want 1, a rub-out, 2 and a new line", got[:min(len(got), 20)])
	}
	term.send("q\r")
	term.waitEnd(waitTimeout)
	checkLinear(t, term.out.String())
}

// Window changes are read (or the session's requests would stall) and
// followed from the next screenful on.
func TestLinearFollowsResize(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	term := openLinear(t, k, "plain", "xterm-256color", 80, 24, "")
	term.waitWords(0, linearMenu)
	for _, size := range [][2]int{{100, 30}, {1 << 30, 1 << 30}, {60, 20}, {40, 12}} {
		if err := term.sess.WindowChange(size[1], size[0]); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	m := term.mark()
	term.send("1\r")
	term.waitWords(m, "More: press Enter.")
	for _, l := range strings.Split(term.screenSince(m), "\r\n") {
		if len([]rune(l)) >= 40 {
			t.Errorf("a line of %d columns after the window became 40 wide: %q", len([]rune(l)), l)
		}
	}
	term.send("q\r")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
}

// Without a PTY, `ssh -T plain@host` and `ssh -T host plain` are a
// conversation over stdin; other commands still answer as before.
func TestLinearWithoutPTY(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	run := func(user, cmd, stdin string) result {
		t.Helper()
		return k.session(t, noPTY{user: user, cmd: cmd, stdin: stdin})
	}
	for _, tt := range []struct{ user, cmd string }{{"plain", ""}, {"visitor", "plain"}} {
		r := run(tt.user, tt.cmd, "2\n\n4\n3\nq\n")
		if r.status != 0 || r.stderr != "" {
			t.Errorf("%s %q: exit %d, stderr %q", tt.user, tt.cmd, r.status, r.stderr)
		}
		for _, want := range []string{linearMenu, page2Text, "3. Argentine Forensic Anthropology Team (EAAF)", "Thank you for visiting"} {
			if !strings.Contains(words(r.stdout), want) {
				t.Errorf("%s %q: output lacks %q:\n%s", tt.user, tt.cmd, want, r.stdout)
			}
		}
		if strings.ContainsAny(r.stdout, "\x1b\r") {
			t.Errorf("%s %q: output has an escape byte or a CR", tt.user, tt.cmd)
		}
		if strings.Contains(r.stdout, "2\n\n3") {
			t.Errorf("%s %q: the input was echoed", tt.user, tt.cmd)
		}
	}
	// The plain user's commands, and a visitor without a command, are as before.
	if r := run("plain", "links", ""); !strings.Contains(r.stdout, "https://eaaf.org/") || strings.Contains(r.stdout, linearMenu) {
		t.Errorf("ssh -T plain@host links: %q", r.stdout)
	}
	if r := run("visitor", "", "1\n"); !strings.Contains(r.stdout, page2Text) || strings.Contains(r.stdout, linearMenu) {
		t.Errorf("ssh -T host: want the whole text at once, got %q", r.stdout[:min(len(r.stdout), 200)])
	}
	if r := run("visitor", "help", ""); !strings.Contains(r.stdout, "plain") {
		t.Errorf("help does not mention plain:\n%s", r.stdout)
	}
}

// Shutdown ends linear sessions at once, with the goodbye.
func TestLinearShutdownSaysGoodbye(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	c := k.dialAs(t, "plain")
	term := openPTY(t, c, "xterm-256color", 80, 24, "")
	term.waitWords(0, linearMenu)
	m := term.mark()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	shut := make(chan error, 1)
	go func() { shut <- k.Shutdown(ctx) }()
	term.waitWords(m, server.Goodbye)
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
	_ = c.Close() // as OpenSSH does once its only session has ended
	select {
	case err := <-shut:
		if err != nil {
			t.Errorf("Shutdown = %v", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Shutdown took %s: the linear session held it up", d)
		}
	case <-time.After(6 * time.Second):
		t.Fatal("Shutdown did not return")
	}
	checkLinear(t, term.out.String())
}

func TestLinearTimeLimitSaysGoodbye(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{MaxSessionTime: 2 * time.Second})
	term := openPTY(t, k.dialAs(t, "plain"), "xterm-256color", 80, 24, "")
	term.waitWords(0, linearMenu)
	m := term.mark()
	term.waitWords(m, "This session has reached its time limit.")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
	checkLinear(t, term.out.String())
}

// Not parallel: it counts the process's goroutines.
func TestLinearHangUpLeavesNothingBehind(t *testing.T) {
	k := startKiosk(t, server.Config{})
	warm := k.dialAs(t, "plain")
	term := openPTY(t, warm, "xterm", 80, 24, "")
	term.waitWords(0, linearMenu)
	term.send("q\r")
	term.waitEnd(waitTimeout)
	_ = warm.Close()
	time.Sleep(50 * time.Millisecond)
	baseline := runtime.NumGoroutine()

	for i := range 6 {
		c, err := gossh.Dial("tcp", k.Addr, &gossh.ClientConfig{User: "plain", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if i%3 != 2 {
			if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
		}
		out, _ := sess.StdoutPipe()
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			_, _ = out.Read(make([]byte, 1)) // the menu has begun
			_ = sess.WindowChange(30, 100)
			_ = sess.WindowChange(12, 40)
		}
		_ = c.Close() // hang up
	}

	testkit.WaitGoroutines(t, baseline+2, waitTimeout)
}
