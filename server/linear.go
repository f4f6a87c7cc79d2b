package server

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"

	"charm.land/ssh"

	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/linear"
)

// The plain, linear mode (package linear) for screen readers, braille
// displays and terminals that cannot move the cursor. kiosk asks
// wantsLinear and hands the session to runLinear; both live here so that
// the hook in session.go stays a few lines.

// PlainUser is the user name that asks for the linear mode: ssh plain@host.
const PlainUser = "plain"

// wantsLinear reports whether a session gets the linear mode: when the
// visitor logs in as "plain" (with a PTY, or without one and no command:
// `ssh -T plain@host` is a conversation over stdin, while `ssh -T
// plain@host links` still prints the directory), asks for the command
// "plain", or has a PTY whose terminal cannot move the cursor.
func wantsLinear(sess ssh.Session, req request) bool {
	switch req.name {
	case "help", "pages": // plain text already, with or without a PTY
		return false
	case "plain":
		return true
	}
	pty, _, hasPty := sess.Pty()
	if strings.EqualFold(sess.User(), PlainUser) {
		return hasPty || req.name == ""
	}
	return hasPty && dumbTerminal(pty.Term)
}

// dumbTerminal reports whether a PTY's TERM names no terminal that can move
// the cursor: "dumb" (Emacs' shell, editors' terminals), and "" or
// "unknown", which clients send when they do not know what they are
// attached to. Such a client gets the linear mode, which works anywhere;
// a capable terminal that sends them loses only the full-screen view.
func dumbTerminal(term string) bool {
	switch strings.ToLower(strings.TrimSpace(term)) {
	case "", "dumb", "unknown":
		return true
	}
	return false
}

// runLinear holds the linear conversation until the visitor leaves, the
// connection closes or the server shuts down (then it says goodbye).
func (s *Server) runLinear(sess ssh.Session, lib *content.Library, req request, cs charset.Charset) {
	v := visitOf(sess)
	pty, windows, hasPty := ptyOf(sess)
	lang := lib.Lang // the visitor may switch it (L)
	opt := linear.Options{
		Terminal:   hasPty,
		Start:      req.arg,
		OnPageView: s.pageViews(v, lib),
		OnLanguage: func(l content.Lang) { lang = l },
		Charset:    cs,
	}
	if req.name == "links" {
		opt.Start = "links"
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	if end, ok := s.sessionEnd(sess); ok {
		ctx, cancel = context.WithDeadline(ctx, end)
		defer cancel()
	}
	if hasPty {
		win := &liveWindow{}
		win.set(pty.Window.Width, pty.Window.Height)
		go followWindows(windows, ctx.Done(), nil, win.set)
		opt.Window = win.get
	}
	defer context.AfterFunc(s.stopping, cancel)()
	in := newLineBudget(sess, func() { s.flooded(sess) }) // flood.go
	err := linear.Run(ctx, in, sess, lib, s.markdown, opt)
	switch {
	case s.stopping.Err() != nil && sess.Context().Err() == nil:
		_, _ = io.WriteString(sess, "\n"+i18n.T(lang, "closing")+"\n")
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && sess.Context().Err() == nil:
		_, _ = io.WriteString(sess, "\n"+i18n.T(lang, "limit")+"\n")
	case errors.Is(err, linear.ErrInputLimit):
		s.log.Info("input limit reached", "session", v.id)
	}
	_ = sess.Exit(0)
}

// liveWindow is the latest size of a session's window (clamped by the
// request filter).
type liveWindow struct {
	mu   sync.Mutex
	w, h int
}

func (win *liveWindow) set(w, h int) {
	win.mu.Lock()
	win.w, win.h = w, h
	win.mu.Unlock()
}

func (win *liveWindow) get() (width, height int) {
	win.mu.Lock()
	defer win.mu.Unlock()
	return win.w, win.h
}
