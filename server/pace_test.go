package server_test

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/frames"
	"github.com/embassy-kiosk/embassy/server"
	"github.com/embassy-kiosk/embassy/tools/loadtest/linkemu"
)

// lockedEmulator lets the goroutine copying the session's output and the
// test reading the screen use one emulator (vt.Emulator is not safe for
// concurrent use, and SafeEmulator does not lock String).
type lockedEmulator struct {
	mu  sync.Mutex
	emu *vt.Emulator
}

func (l *lockedEmulator) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.emu.Write(p)
}

func (l *lockedEmulator) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.emu.String()
}

// screen is a PTY session whose output is drawn by a terminal emulator.
type screen struct {
	t     *testing.T
	emu   *lockedEmulator
	stdin io.Writer
	fr    *frames.Renderer
}

// openScreen opens an 80x24 session on addr and waits for the home screen;
// renderers gives the session's frames.Renderer.
func openScreen(t *testing.T, addr string, renderers <-chan *frames.Renderer) *screen {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "visitor", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	// The emulator is never closed: its Close writes a flag its Read reads
	// without a lock, so closing it under the goroutine that drains its
	// answers is a data race; that goroutine lives until the test binary ends.
	term := vt.NewEmulator(80, 24)
	go func() { _, _ = io.Copy(io.Discard, term) }() // the emulator's answers to queries
	emu := &lockedEmulator{emu: term}
	go func() { _, _ = io.Copy(emu, stdout) }()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, emu: emu, stdin: stdin}
	select {
	case s.fr = <-renderers:
	case <-time.After(30 * time.Second):
		t.Fatal("no renderer")
	}
	s.waitFor(func(text string) bool { return strings.Contains(text, "Press a number") })
	return s
}

func (s *screen) waitFor(ok func(string) bool) {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !ok(s.emu.String()) {
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen did not come; it shows:\n%s", s.emu.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// hold opens the directory and presses j n times, 33 ms apart (a held
// key), and returns the frames drawn for the presses.
func (s *screen) hold(n int) int64 {
	s.t.Helper()
	_, _ = io.WriteString(s.stdin, "4")
	s.waitFor(func(text string) bool { return strings.Contains(text, "Related websites") })
	before := s.fr.Stats().Frames
	for range n {
		_, _ = io.WriteString(s.stdin, "j")
		time.Sleep(33 * time.Millisecond)
	}
	// Frames for the keys are drawn within a second of the last on a
	// direct connection; the test waits for the screen, not for a time.
	return before
}

// A key held on a slow link is drawn in fewer frames than presses (the
// renderer waits for each frame to be delivered, then draws the latest
// view), and the screen ends on the view a fast connection ends on.
func TestHeldKeyOnSlowLinkDrawsFewerFramesEndingOnTheFinalView(t *testing.T) {
	t.Parallel()
	renderers := make(chan *frames.Renderer, 2)
	ts := startKioskWith(t, server.Config{}, func(s *server.Server) {
		s.SetOnRenderer(func(r *frames.Renderer) { renderers <- r })
	})
	const presses = 12 // the directory has more entries: each press moves

	// The final view, on a direct connection.
	direct := openScreen(t, ts.Addr, renderers)
	direct.hold(presses)
	var want string
	direct.waitFor(func(text string) bool {
		// Settled: the same screen twice, half a second apart.
		want = text
		time.Sleep(500 * time.Millisecond)
		return direct.emu.String() == want
	})

	// A slow link: 100 ms round trip, 16 kbit/s down (2 KB a second, a
	// frame of the directory is 150 to 500 bytes), 1 Mbit/s up, so that
	// the presses reach the kiosk as they were made.
	link, err := linkemu.Listen("127.0.0.1:0", ts.Addr, linkemu.Profile{Name: "slow", RTT: 100 * time.Millisecond, Down: 16_000, Up: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	slow := openScreen(t, link.Addr(), renderers)
	before := slow.hold(presses)
	slow.waitFor(func(text string) bool { return text == want })
	frames := slow.fr.Stats().Frames - before
	if frames > presses/2 {
		t.Errorf("%d presses on a slow link were drawn in %d frames, want at most half as many frames as presses", presses, frames)
	}
	// Nothing older arrives after the final view.
	time.Sleep(time.Second)
	if got := slow.emu.String(); got != want {
		t.Errorf("after the final view the slow link showed another:\n%s\nwant\n%s", got, want)
	}
	t.Logf("%d presses: %d frames on the slow link", presses, frames)
}
