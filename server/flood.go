package server

import (
	"io"
	"time"

	"charm.land/ssh"
)

// flooded is called once when a session goes far over its input budget
// (frames.InputBudget): keys or terminal answers streamed in faster than
// anyone types. What was over the budget has been dropped; the source pays
// PenaltyFlood when the connection closes, so a habit of it ends in the
// penalty box like other abuse.
func (s *Server) flooded(sess ssh.Session) {
	s.metrics.inputFloods.Inc()
	if cs := connStateOf(sess.Context()); cs != nil {
		cs.flooded.Store(true)
	}
	s.log.Warn("input over budget: what is over is dropped", "session", visitOf(sess).id, "client", s.clientAddr(sess.RemoteAddr()))
}

// Lines a second the linear mode takes (it answers each with a screen of
// text), after a burst of lineBurst: a person types a few; Enter held down
// sends about 30.
const (
	lineRate  = 10
	lineBurst = 30
)

// lineBudget passes a linear session's input on, dropping the line ends
// that come faster than lineRate (the characters stay: they only echo). A
// session that drops lineBurst of them is flooded, as frames' input budget
// has it for the full-screen UI.
type lineBudget struct {
	in      io.Reader
	tokens  float64
	last    time.Time
	dropped int
	flooded func()
}

func newLineBudget(in io.Reader, flooded func()) *lineBudget {
	return &lineBudget{in: in, tokens: lineBurst, flooded: flooded}
}

func (l *lineBudget) Read(p []byte) (int, error) {
	for {
		n, err := l.in.Read(p)
		kept := p[:0]
		now := time.Now()
		for _, b := range p[:n] {
			if (b == '\r' || b == '\n') && !l.take(now) {
				if l.dropped++; l.dropped == lineBurst && l.flooded != nil {
					l.flooded()
				}
				continue
			}
			kept = append(kept, b)
		}
		if len(kept) > 0 || err != nil || n == 0 {
			return len(kept), err
		}
	}
}

func (l *lineBudget) take(now time.Time) bool {
	if !l.last.IsZero() {
		l.tokens = min(lineBurst, l.tokens+now.Sub(l.last).Seconds()*lineRate)
	}
	l.last = now
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}
