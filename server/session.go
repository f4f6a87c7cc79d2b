package server

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"

	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/colour"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/plain"
	"github.com/embassy-kiosk/embassy/ui"
)

// Window sizes are clamped to these before they reach Bubble Tea, which
// allocates a cell buffer of the size it is told (about 220 bytes a cell):
// a client could otherwise ask for gigabytes with one window-change.
const (
	MaxWidth  = 300
	MaxHeight = 100
)

func clampSize(w, h int) (int, int) {
	return min(max(w, 1), MaxWidth), min(max(h, 1), MaxHeight)
}

// acceptPty accepts every PTY request; sizes are clamped when used.
func acceptPty(ssh.Context, ssh.Pty) bool { return true }

// request is what a visitor asked for: a command and its argument.
type request struct {
	name string // "", "links", "pages", "page", "help" or "plain"
	arg  string // the slug, for "page"
	json bool   // links --json
}

// plainOnly reports whether the answer is text even with a terminal.
func (r request) plainOnly() bool {
	return r.name == "help" || r.name == "pages" || r.json
}

// parseRequest reads the command line against lib (in the visitor's
// language); an unknown command is an error whose text is safe to show (it
// does not repeat what the client sent) and names the command to type.
func parseRequest(lib *content.Library, args []string, reach plain.Reach) (request, error) {
	help, pages := reach.Run("help"), reach.Run("pages")
	if len(args) == 0 {
		return request{}, nil
	}
	switch args[0] {
	case "links", "pages", "help", "plain":
		switch {
		case len(args) == 1:
			return request{name: args[0]}, nil
		case len(args) == 2 && args[0] == "links" && args[1] == "--json":
			return request{name: "links", json: true}, nil
		case args[0] == "links":
			return request{}, errors.New(i18n.T(lib.Lang, "err.links", help))
		}
		return request{}, errors.New(i18n.T(lib.Lang, "err.args", args[0], help))
	case "page":
		if len(args) == 2 {
			if p, ok := lib.PageNamed(args[1]); ok {
				return request{name: "page", arg: p.Slug}, nil
			}
			return request{}, errors.New(i18n.T(lib.Lang, "err.nopage", pages))
		}
		return request{}, errors.New(i18n.T(lib.Lang, "err.pagearg", pages))
	}
	return request{}, errors.New(i18n.T(lib.Lang, "err.unknown", help))
}

// reach is how the visitor reached the kiosk, for the commands that the
// plain answers quote: Config.SSHCommand, else the address the connection
// came in on.
func (s *Server) reach(sess ssh.Session) plain.Reach {
	cmd := s.cfg.SSHCommand
	if cmd == "" {
		cmd = "ssh HOST"
		if host, port, err := net.SplitHostPort(sess.LocalAddr().String()); err == nil {
			cmd = "ssh -p " + port + " " + host
			if port == "22" {
				cmd = "ssh " + host
			}
		}
	}
	return plain.ReachAs(cmd, sess.User())
}

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

func (s *Server) plain(lib *content.Library, req request, reach plain.Reach, cs charset.Charset) string {
	switch req.name {
	case "links":
		if req.json {
			return plain.LinksJSON(lib)
		}
		return plain.Links(lib)
	case "pages":
		return plain.Pages(lib)
	case "page":
		p, _ := lib.Page(req.arg)
		return plain.Page(lib, p, s.markdown)
	case "help":
		return plain.Help(lib, reach)
	}
	return plain.All(lib, s.markdown, reach, cs)
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
	w, h := clampSize(pty.Window.Width, pty.Window.Height)
	// The program sends itself the initial size from a goroutine of its
	// own; later sizes wait until it has, or the initial one would win.
	started := make(chan struct{})
	var startOnce sync.Once
	p, finish := s.newProgram(sess, pty, model, w, h, profile, func(m tea.Model, msg tea.Msg) tea.Msg {
		if _, ok := msg.(tea.WindowSizeMsg); ok {
			startOnce.Do(func() { close(started) })
		}
		return filterMsg(m, msg)
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
	go func() {
		select {
		case <-started:
		case <-sess.Context().Done():
			p.Quit()
			return
		}
		for {
			select {
			case <-done:
				return
			case <-sess.Context().Done():
				p.Quit()
				return
			case win, ok := <-windows:
				if !ok {
					return
				}
				w, h := clampSize(win.Width, win.Height)
				if !s.resizeFits(sess, w, h) {
					continue // past the memory budget: the size it has (busy.go)
				}
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
		}
	}()
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

// filterMsg clamps every window size (whatever its source) and turns
// suspend into resume.
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
