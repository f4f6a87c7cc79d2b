package server

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/colour"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/frames"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/ui"
)

// ptyOf is sess.Pty(), except that window-changes come from the request
// filter, which answers them itself (see filteredChannel). The channel is
// never closed: readers stop with the session.
func ptyOf(sess ssh.Session) (ssh.Pty, <-chan ssh.Window, bool) {
	pty, windows, hasPty := sess.Pty()
	if cs := connStateOf(sess.Context()); cs != nil {
		windows = cs.winch
	}
	return pty, windows, hasPty
}

// kiosk answers a session: the UI when the client has a terminal, plain
// text otherwise, and the linear mode when asked for or when the terminal
// cannot move the cursor.
func (s *Server) kiosk(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if s.testHook != nil {
			s.testHook(sess)
		}
		sess, cs := inCharset(sess) // server/charset.go
		// The session keeps the content it started with, in the language
		// its visitor chose (user name es/en, else LANG/LC_*).
		lang := i18n.ChooseLanguage(sess.User(), sess.Environ())
		lib := s.Library().In(lang)
		reach := s.reach(sess)
		req, err := parseRequest(lib, sess.Command(), reach)
		if err != nil {
			fmt.Fprintf(sess.Stderr(), "embassy: %s\n", err)
			visitOf(sess).exit = 2
			_ = sess.Exit(2)
			return
		}
		if wantsLinear(sess, req) { // the plain, linear mode: server/linear.go
			s.runLinear(sess, lib, req, cs)
			return
		}
		pty, windows, hasPty := ptyOf(sess)
		if !hasPty || req.plainOnly() {
			out := s.plain(lib, req, reach, cs)
			if page := plainPageName(req); page != "" {
				s.metrics.PageView(page, string(lib.Lang))
			}
			if hasPty {
				out = strings.ReplaceAll(out, "\n", "\r\n")
			}
			_, _ = io.WriteString(sess, out)
			_ = sess.Exit(0)
			return
		}
		s.runUI(sess, lib, req, pty, windows)
		next(sess)
	}
}

// timeLimitWarning is how long before the session's time limit its
// countdown starts (half the limit when that is shorter).
const timeLimitWarning = time.Minute

// warnOfTimeLimit arranges for the visitor to see a countdown before the
// connection reaches MaxSessionTime, and a goodbye just before: the
// program then leaves the alt screen and turns the mouse off, which a
// connection cut by charm.land/ssh's MaxTimeout would leave on in the
// visitor's terminal. The returned function cancels it.
func (s *Server) warnOfTimeLimit(sess ssh.Session, p *tea.Program) (stop func()) {
	end, ok := s.sessionEnd(sess)
	if !ok {
		return func() {}
	}
	warn := min(timeLimitWarning, s.cfg.MaxSessionTime/2)
	t := time.AfterFunc(time.Until(end.Add(-warn)), func() {
		p.Send(ui.ClosingMsg{In: time.Until(end), TimeLimit: true})
	})
	return func() { t.Stop() }
}

// sessionEnd is when a session should have said goodbye: closeMargin
// before its connection reaches MaxSessionTime.
func (s *Server) sessionEnd(sess ssh.Session) (time.Time, bool) {
	cs := connStateOf(sess.Context())
	if cs == nil || s.cfg.MaxSessionTime <= 0 {
		return time.Time{}, false
	}
	return cs.opened.Add(s.cfg.MaxSessionTime - closeMargin), true
}

// runUI runs one visitor's Bubble Tea program until it ends, the client
// leaves, or the server says goodbye.
func (s *Server) runUI(sess ssh.Session, lib *content.Library, req request, pty ssh.Pty, windows <-chan ssh.Window) {
	v := visitOf(sess)
	start := req.arg
	if req.name == "links" {
		start = "links"
	}
	var quickExit atomic.Bool
	// Glyphs and colours are decided before the first byte: the UI's and
	// the renderer's profile, which Bubble Tea is told too.
	env := clientEnv(sess, pty)
	profile := colour.Profile(env)
	model := ui.New(ui.Options{
		Env:         env,
		OnQuickExit: func() { quickExit.Store(true) },
		Library:     lib,
		Lang:        lib.Lang,
		Markdown:    s.markdown,
		Profile:     profile,
		Start:       start,
		OnPageView:  s.pageViews(v, lib),
		IdleTimeout: s.cfg.IdleTimeout,
		Done:        sess.Context().Done(),
		// The attract loop, with --attract (ui/attract.go).
		AttractAfter: s.cfg.AttractAfter,
		SSHCommand:   s.cfg.SSHCommand,
	})
	w, h := pty.Window.Width, pty.Window.Height // clamped by the request filter
	// The program sends itself the initial size from a goroutine of its
	// own; later sizes wait until it has, or the initial one would win.
	started := make(chan struct{})
	var startOnce sync.Once
	p, finish := s.newProgram(sess, pty, model, w, h, profile, func(m tea.Model, msg tea.Msg) tea.Msg {
		if _, ok := msg.(tea.WindowSizeMsg); ok {
			startOnce.Do(func() { close(started) })
		}
		msg = filterMsg(m, msg)
		if size, ok := msg.(tea.WindowSizeMsg); ok && !s.resizeFits(sess, size.Width, size.Height) {
			// Every size reaches the program here, from a window-change
			// or reported in the input (which any visitor can type), and
			// is charged here once: past the memory budget the UI keeps
			// the size it has (busy.go).
			return nil
		}
		return msg
	})
	if !s.track(p) {
		_, _ = io.WriteString(sess, i18n.T(lib.Lang, "closing")+"\r\n")
		_ = sess.Exit(0)
		return
	}
	defer s.untrack(p)
	defer s.warnOfTimeLimit(sess, p)()

	// The window-change goroutine ends with the program; sess.Context()
	// belongs to the connection, which may outlive this session.
	done := make(chan struct{})
	defer close(done)
	go sendWindows(sess, p, started, windows, done)
	if _, err := p.Run(); err != nil && sess.Context().Err() == nil {
		s.log.Warn("program ended with an error", "session", v.id, "error", err.Error())
	}
	finish()
	p.Kill()
	if quickExit.Load() {
		// x: the program has restored the terminal; now wipe the screen
		// and the scrollback, so the next person at the keyboard sees
		// nothing of the visit.
		_, _ = io.WriteString(sess, clearScreenAndScrollback)
	}
	_ = sess.Exit(0)
}

// clearScreenAndScrollback homes the cursor, erases the screen (ED 2) and
// the scrollback (ED 3, supported by xterm, VTE, iTerm2, Windows Terminal,
// PuTTY and tmux).
const clearScreenAndScrollback = "\x1b[H\x1b[2J\x1b[3J"

// filterMsg turns suspend into resume, and clamps every window size again:
// the request filter clamped the client's, but a terminal may also report
// its size in its input (an in-band resize), which Bubble Tea turns into a
// WindowSizeMsg.
func filterMsg(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		msg.Width, msg.Height = clampSize(msg.Width, msg.Height)
		return msg
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	return msg
}

// sendWindows sends the program each window size the client sends, once
// the program has its initial one (started), until done is closed; it
// quits the program when the session ends. Each size is charged by the
// program's filter (runUI).
func sendWindows(sess ssh.Session, p *tea.Program, started <-chan struct{}, windows <-chan ssh.Window, done <-chan struct{}) {
	select {
	case <-started:
	case <-sess.Context().Done():
		p.Quit()
		return
	}
	ended := followWindows(windows, done, sess.Context().Done(), func(w, h int) {
		p.Send(tea.WindowSizeMsg{Width: w, Height: h})
	})
	if ended {
		p.Quit()
	}
}

// followWindows hands resize each window size the client sends, already
// clamped by the request filter (filter.go), until stop is closed; it
// returns true if it stopped because ended was closed (the session ended).
// The full-screen program and the linear mode both follow the size with it,
// one goroutine a session.
func followWindows(windows <-chan ssh.Window, stop, ended <-chan struct{}, resize func(w, h int)) bool {
	for {
		select {
		case <-stop:
			return false
		case <-ended:
			return true
		case win, ok := <-windows:
			if !ok {
				return false
			}
			resize(win.Width, win.Height)
		}
	}
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
	cs := connStateOf(sess.Context())
	return func() error {
		_, _, err := conn.SendRequest("keepalive@openssh.com", true, nil)
		if err == nil && cs != nil {
			cs.answered.Store(time.Now().UnixNano()) // the keepalive's probe is then not needed
		}
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
