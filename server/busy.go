package server

import (
	"io"
	"strings"
	"time"

	"charm.land/ssh"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/i18n"
)

// admitSession is the middleware that runs first: a session whose
// connection was let in past the memory budget, or whose window would take
// the sessions past it, is told the kiosk is busy, in its visitor's
// language, and ends. It happens after the handshake because OpenSSH shows
// nothing a server sends before it; being cheap (no UI, no log line of its
// own), it is how the kiosk says no to a crowd, while the pre-handshake
// refusals are kept for floods.
func (s *Server) admitSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		cs := connStateOf(sess.Context())
		if cs == nil {
			next(sess)
			return
		}
		cost := int64(sessionBaseCost)
		pty, _, hasPty := sess.Pty()
		if hasPty {
			cost = SessionCost(pty.Window.Width, pty.Window.Height)
		}
		if !cs.busy && s.limits.charge(cs, cost, true) {
			next(sess)
			return
		}
		if s.limits.freed(cs) {
			return // the client hung up already: nobody to tell, no refusal to count
		}
		s.refused(admittedBusy)
		msg := i18n.T(i18n.ChooseLanguage(sess.User(), sess.Environ()), "busy")
		out, _ := inCharset(sess) // in the terminal's character set (charset.go)
		if hasPty {
			// Wrapped at word boundaries to the window (the terminal
			// would break words), lines ended as a raw terminal needs.
			msg = ansi.Wordwrap(msg, max(20, min(pty.Window.Width, MaxWidth)-1), "")
			_, _ = io.WriteString(out, "\r\n"+strings.ReplaceAll(msg, "\n", "\r\n")+"\r\n")
		} else {
			_, _ = io.WriteString(out.Stderr(), msg+"\n")
		}
		_ = sess.Exit(1)
		_ = sess.Close()
		// A client closes the connection when its session ends; one that
		// does not is closed for it, soon (closing at once could reset the
		// connection before the message arrives).
		time.AfterFunc(busyLinger, func() { _ = cs.Close() })
	}
}

// busyLinger is how long a connection told "busy" may stay open.
const busyLinger = 2 * time.Second

// resizeFits charges the session's connection for a new window size, and
// reports false when the bigger window would take the sessions past the
// memory budget: the UI then keeps drawing at the size it has.
func (s *Server) resizeFits(sess ssh.Session, w, h int) bool {
	cs := connStateOf(sess.Context())
	return cs == nil || s.limits.charge(cs, SessionCost(w, h), true)
}
