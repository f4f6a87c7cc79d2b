package server

import (
	"encoding/binary"
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/textsafe"
)

// Limits on what one session may ask for. charm.land/ssh accepts every env
// request and keeps it, answers agent forwarding "yes" and passes any window
// size on; the filter below stands between the client and it.
const (
	maxRequestPayload = 4096 // bytes in any one session request
	maxSignalPayload  = 64   // bytes in a signal or break request
	maxEnvVars        = 16   // env requests accepted per session
	maxEnvValue       = 256  // bytes in an accepted env value
	defaultWidth      = 80   // a zero width means "unknown" (RFC 4254 §6.2)
	defaultHeight     = 24
	maxPixels         = 1 << 16 // pixel sizes are passed on, never used
)

// Window sizes are clamped to these before they reach Bubble Tea, which
// allocates a cell buffer of the size it is told (about 220 bytes a cell):
// a client could otherwise ask for gigabytes with one window-change.
const (
	MaxWidth  = 300
	MaxHeight = 100
)

// clampSize holds a size within MaxWidth x MaxHeight, for sizes that do not
// come through window.clamp: a terminal's in-band resize (filterMsg) and
// the cost estimates (capacity.go).
func clampSize(w, h int) (int, int) {
	return min(max(w, 1), MaxWidth), min(max(h, 1), MaxHeight)
}

// acceptPty accepts every PTY request; its sizes were clamped by the
// request filter (rewritePty).
func acceptPty(ssh.Context, ssh.Pty) bool { return true }

// envAllowed is the environment a client may set; the UI reads these.
func envAllowed(name string) bool {
	switch name {
	case "TERM", "LANG", "NO_COLOR", "COLORTERM":
		return true
	}
	return strings.HasPrefix(name, "LC_") && len(name) <= 32
}

// sessionFilter is the state of one session's request filter.
type sessionFilter struct {
	env int // env requests accepted so far
}

// filter decides on one session request: it returns the payload to pass
// on (possibly rewritten, clamped or cleaned) and true, or false when the
// request must be answered "no". It never keeps more than a counter.
func (f *sessionFilter) filter(typ string, payload []byte) ([]byte, bool) {
	if len(payload) > maxRequestPayload {
		return nil, false
	}
	switch typ {
	case "shell":
		return payload, true
	case "exec":
		// Passed on: the kiosk itself answers its own commands (links,
		// pages, page SLUG, help) and prints a one-line error with exit
		// status 2 for anything else. Nothing is ever executed.
		if _, rest, ok := parseString(payload); !ok || len(rest) != 0 {
			return nil, false
		}
		return payload, true
	case "pty-req":
		return rewritePty(payload)
	case "window-change":
		w, ok := parseWindow(payload)
		if !ok {
			return nil, false
		}
		return w.clamp().append(nil), true
	case "env":
		name, rest, ok := parseString(payload)
		if !ok || !envAllowed(name) || f.env >= maxEnvVars {
			return nil, false
		}
		value, rest, ok := parseString(rest)
		if !ok || len(rest) != 0 || len(value) > maxEnvValue {
			return nil, false
		}
		if name == "TERM" {
			value = textsafe.Term(value, "xterm")
		} else {
			value = textsafe.Clean(value, maxEnvValue)
		}
		f.env++
		return appendString(appendString(nil, name), value), true
	case "signal", "break":
		if len(payload) > maxSignalPayload {
			return nil, false
		}
		return payload, true
	}
	// subsystem (sftp, scp), x11-req, auth-agent-req@openssh.com and
	// anything unknown.
	return nil, false
}

// window is the four sizes of a pty-req or window-change.
type window struct{ cols, rows, wpx, hpx uint32 }

// clamp bounds the sizes: a zero means "unknown" and becomes 80x24; the
// rest is held within MaxWidth x MaxHeight.
func (w window) clamp() window {
	if w.cols == 0 {
		w.cols = defaultWidth
	}
	if w.rows == 0 {
		w.rows = defaultHeight
	}
	w.cols = min(w.cols, MaxWidth)
	w.rows = min(w.rows, MaxHeight)
	w.wpx = min(w.wpx, maxPixels)
	w.hpx = min(w.hpx, maxPixels)
	return w
}

func (w window) append(b []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, w.cols)
	b = binary.BigEndian.AppendUint32(b, w.rows)
	b = binary.BigEndian.AppendUint32(b, w.wpx)
	return binary.BigEndian.AppendUint32(b, w.hpx)
}

func parseWindow(b []byte) (window, bool) {
	if len(b) != 16 {
		return window{}, false
	}
	return window{
		binary.BigEndian.Uint32(b),
		binary.BigEndian.Uint32(b[4:]),
		binary.BigEndian.Uint32(b[8:]),
		binary.BigEndian.Uint32(b[12:]),
	}, true
}

// rewritePty checks a pty-req (RFC 4254 §6.2: TERM, four sizes, encoded
// modes) and returns it with a safe TERM and clamped sizes.
func rewritePty(payload []byte) ([]byte, bool) {
	term, rest, ok := parseString(payload)
	if !ok || len(rest) < 16 {
		return nil, false
	}
	w, _ := parseWindow(rest[:16])
	modes, rest, ok := parseString(rest[16:])
	if !ok || len(rest) != 0 {
		return nil, false
	}
	// An empty TERM stays empty: the client does not know its terminal,
	// and gets the linear mode (linear.go). A malformed one becomes xterm.
	if term != "" {
		term = textsafe.Term(term, "xterm")
	}
	out := appendString(nil, term)
	out = w.clamp().append(out)
	return appendString(out, modes), true
}

func parseString(b []byte) (string, []byte, bool) {
	if len(b) < 4 {
		return "", nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-4) {
		return "", nil, false
	}
	return string(b[4 : 4+n]), b[4+n:], true
}

func appendString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// filteredChannel is a session channel whose requests pass through a
// sessionFilter before charm.land/ssh's session handler sees them.
type filteredChannel struct {
	gossh.NewChannel
	log    func(typ string)
	resize func(ssh.Window) // nil: window-change goes on to charm.land/ssh
}

// Accept accepts the channel and puts a goroutine between its requests and
// the caller. The goroutine ends when the client's request channel closes,
// which is when the channel or the connection does.
func (c filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		var f sessionFilter
		for req := range in {
			payload, ok := f.filter(req.Type, req.Payload)
			if !ok {
				if c.log != nil {
					c.log(req.Type)
				}
				_ = req.Reply(false, nil)
				continue
			}
			req.Payload = payload
			if req.Type == "window-change" && c.resize != nil {
				// charm.land/ssh writes the new size into the session's
				// Pty without a lock while Pty() may be reading it (a data
				// race the race detector finds); the kiosk gets sizes here
				// instead.
				w, _ := parseWindow(payload)
				c.resize(ssh.Window{Width: int(w.cols), Height: int(w.rows), WidthPixels: int(w.wpx), HeightPixels: int(w.hpx)})
				_ = req.Reply(true, nil)
				continue
			}
			out <- req
		}
	}()
	return ch, out, nil
}

// sessionChannel handles every "session" channel: one per connection (a
// second is refused with ResourceShortage), with its requests filtered,
// and an SSH keepalive while it is open.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	cs := connStateOf(ctx)
	if cs == nil || !cs.claimSession() {
		_ = nc.Reject(gossh.ResourceShortage, "one session per connection")
		return
	}
	defer cs.sessionEnded()
	stop := s.keepalive(ctx, conn, cs)
	defer stop()
	log := func(typ string) {
		s.log.Debug("request refused", "type", textsafe.Clean(typ, 32))
	}
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{NewChannel: nc, log: log, resize: cs.resized}, ctx)
}
