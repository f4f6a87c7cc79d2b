package server

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/frames"
)

// The ways a session's screen can be drawn (Config.Renderer).
const (
	// RendererImmediate draws each change at once with package frames:
	// no waiting for a frame tick, and nothing runs while a visitor is
	// idle. The default.
	RendererImmediate = "immediate"
	// RendererBubbleTea is Bubble Tea's own renderer, which draws on a
	// 60 fps ticker. Kept to measure against (docs/performance.md).
	RendererBubbleTea = "bubbletea"
)

func checkRenderer(name string) error {
	switch name {
	case "", RendererImmediate, RendererBubbleTea:
		return nil
	}
	return fmt.Errorf("renderer %q: want %s or %s", name, RendererImmediate, RendererBubbleTea)
}

// clientEnv is the environment and so the colour profile
// (colorprofile.Env) that bm.MakeOptions gives Bubble Tea for an emulated
// PTY.
func clientEnv(sess ssh.Session, pty ssh.Pty) []string {
	return append(sess.Environ(), "TERM="+pty.Term)
}

// delivered asks the visitor's client whether it has read everything the
// server sent so far: an SSH global request with want-reply, which every
// client must answer (OpenSSH answers keepalive@openssh.com as the server
// keepalive does, with a failure), and answers only after the bytes sent
// before it. Unlike the socket's unsent bytes it sees through a TCP proxy
// such as HAProxy. frames paces its frames by it (frames/pace.go).
func delivered(sess ssh.Session) func() error {
	conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
	if !ok {
		return nil
	}
	return func() error {
		_, _, err := conn.SendRequest("keepalive@openssh.com", true, nil)
		return err
	}
}

// newProgram builds the visitor's program, drawn as Config.Renderer says,
// at the clamped size w×h in colour profile (the one m was given). finish must be called once Run has returned: it
// draws the last screen (the goodbye) and restores the terminal.
func (s *Server) newProgram(sess ssh.Session, pty ssh.Pty, m tea.Model, w, h int, profile colorprofile.Profile, filter func(tea.Model, tea.Msg) tea.Msg) (p *tea.Program, finish func()) {
	opts := append(bm.MakeOptions(sess),
		tea.WithContext(sess.Context()),
		// The process's signals are the server's, not this visitor's.
		tea.WithoutSignalHandler(),
		tea.WithWindowSize(w, h),
		// Replaces MakeOptions' colorprofile.Env, which gives a vt100
		// 16 colours (colour.Profile).
		tea.WithColorProfile(profile),
	)
	if s.cfg.Renderer == RendererBubbleTea {
		// Replaces MakeOptions' filter (a program keeps only one), so it
		// also does that filter's job: no suspending over SSH.
		return tea.NewProgram(m, append(opts, tea.WithFilter(filter))...), func() {}
	}
	fr := frames.New(frames.Options{
		Output:    sess,
		Env:       clientEnv(sess, pty),
		Profile:   profile,
		Width:     w,
		Height:    h,
		Delivered: delivered(sess),
	})
	if s.onRenderer != nil {
		s.onRenderer(fr)
	}
	opts = append(opts, fr.ProgramOptions()...)
	opts = append(opts, tea.WithFilter(fr.Filter(filter)))
	p = tea.NewProgram(fr.Model(m), opts...)
	// Until the program runs, Send waits; it returns at once when the
	// program has ended. The reader ends when the session's channel does.
	budget := frames.DefaultInputBudget
	budget.OnOverspend = func() { s.flooded(sess) }
	go func() { _ = frames.ReadInputBudget(sess, p.Send, budget) }()
	return p, func() { _ = fr.Close() }
}
