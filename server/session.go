package server

import (
	"fmt"
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"

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
	name string // "", "links", "pages", "page" or "help"
	arg  string // the slug, for "page"
}

// parseRequest reads the command line; an unknown command is an error whose
// text is safe to show (it does not repeat what the client sent).
func (s *Server) parseRequest(args []string) (request, error) {
	if len(args) == 0 {
		return request{}, nil
	}
	switch args[0] {
	case "links", "pages", "help":
		if len(args) == 1 {
			return request{name: args[0]}, nil
		}
		return request{}, fmt.Errorf("%q takes no arguments; try 'help'", args[0])
	case "page":
		if len(args) == 2 {
			if _, ok := s.cfg.Library.Page(args[1]); ok {
				return request{name: "page", arg: args[1]}, nil
			}
			return request{}, fmt.Errorf("no such page; 'pages' lists them")
		}
		return request{}, fmt.Errorf("'page' takes one page name; 'pages' lists them")
	}
	return request{}, fmt.Errorf("unknown command; try 'help'")
}

// kiosk answers a session: the UI when the client has a terminal, plain
// text otherwise.
func (s *Server) kiosk(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		req, err := s.parseRequest(sess.Command())
		if err != nil {
			fmt.Fprintf(sess.Stderr(), "embassy: %s\n", err)
			visitOf(sess).exit = 2
			_ = sess.Exit(2)
			return
		}
		pty, windows, hasPty := sess.Pty()
		if !hasPty || req.name == "help" || req.name == "pages" {
			out := s.plain(req)
			if hasPty {
				out = strings.ReplaceAll(out, "\n", "\r\n")
			}
			_, _ = io.WriteString(sess, out)
			_ = sess.Exit(0)
			return
		}
		s.runUI(sess, req, pty, windows)
		next(sess)
	}
}

func (s *Server) plain(req request) string {
	lib := s.cfg.Library
	switch req.name {
	case "links":
		return ui.PlainLinks(lib)
	case "pages":
		return ui.PlainPages(lib)
	case "page":
		p, _ := lib.Page(req.arg)
		return ui.PlainPage(p, s.renderer)
	case "help":
		return ui.PlainHelp(lib)
	}
	return ui.PlainAll(lib, s.renderer)
}

// runUI runs one visitor's Bubble Tea program until it ends, the client
// leaves, or the server says goodbye.
func (s *Server) runUI(sess ssh.Session, req request, pty ssh.Pty, windows <-chan ssh.Window) {
	v := visitOf(sess)
	start := req.arg
	if req.name == "links" {
		start = "links"
	}
	model := ui.New(ui.Options{
		Library:    s.cfg.Library,
		Renderer:   s.renderer,
		Start:      start,
		OnPageView: func(string) { v.pages.Add(1) },
	})
	w, h := clampSize(pty.Window.Width, pty.Window.Height)
	p, finish := s.newProgram(sess, pty, model, w, h)
	if !s.track(p) {
		_, _ = io.WriteString(sess, Goodbye+"\r\n")
		_ = sess.Exit(0)
		return
	}
	defer s.untrack(p)

	// The window-change goroutine ends with the program; sess.Context()
	// belongs to the connection, which may outlive this session.
	done := make(chan struct{})
	defer close(done)
	go func() {
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
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
		}
	}()
	if _, err := p.Run(); err != nil && sess.Context().Err() == nil {
		s.log.Warn("program ended with an error", "session", v.id, "error", err.Error())
	}
	finish()
	p.Kill()
	_ = sess.Exit(0)
}

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
