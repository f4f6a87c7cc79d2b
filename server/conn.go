package server

import (
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// connState is one admitted connection: the net.Conn charm.land/ssh reads
// and writes, with a read budget, and what the server knows about it. It
// lives in the connection's context.
type connState struct {
	net.Conn
	opened time.Time // MaxSessionTime counts from about here
	srv    *Server
	src    netip.Prefix
	exempt bool
	busy   bool  // past the memory budget: told so after the handshake, then closed
	charge int64 // bytes counted against the budget; the limiter's mutex guards it
	freed  bool  // the charge was given back on close; guarded by the limiter's mutex
	done   chan struct{}

	sessions atomic.Int32    // session channels ever opened
	crashed  atomic.Bool     // a session panicked: a penalty for the source
	flooded  atomic.Bool     // a session went far over its input budget: a penalty too
	winch    chan ssh.Window // the session's latest window size, if not yet taken
	answered atomic.Int64    // when the client last answered a pacing question (UnixNano)

	mu       sync.Mutex
	authed   bool
	timedOut bool        // a read hit the handshake deadline
	timer    *time.Timer // closes an unused connection
	closed   bool

	// Read budget: a token bucket refilled at ReadRate bytes a second.
	// Only the connection's one reader goroutine touches it.
	tokens float64
	last   time.Time
}

type connStateKey struct{}

func connStateOf(ctx ssh.Context) *connState {
	cs, _ := ctx.Value(connStateKey{}).(*connState)
	return cs
}

// authenticated is called from the "none" authentication callback: the
// handshake is over, and a session must follow within UnusedTimeout.
func (c *connState) authenticated() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.authed || c.closed {
		return
	}
	c.authed = true
	c.srv.limits.authenticated(c.src)
	c.timer = time.AfterFunc(c.srv.cfg.UnusedTimeout, func() {
		if c.sessions.Load() == 0 {
			_ = c.Close()
		}
	})
}

// claimSession reports whether this is the connection's first session.
func (c *connState) claimSession() bool {
	if !c.sessions.CompareAndSwap(0, 1) {
		return false
	}
	c.mu.Lock()
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	return true
}

// resized keeps only the latest window size: the request loop never waits
// for a busy UI, and a flood of window-changes costs one slot.
func (c *connState) resized(w ssh.Window) {
	for {
		select {
		case c.winch <- w:
			return
		default:
			select {
			case <-c.winch:
			default:
			}
		}
	}
}

// sessionEnded gives the client UnusedTimeout to close the connection
// itself (a normal client does at once); then the server does.
func (c *connState) sessionEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.timer = time.AfterFunc(c.srv.cfg.UnusedTimeout, func() { _ = c.Close() })
	}
}

func (c *connState) Read(b []byte) (int, error) {
	rate, burst := float64(c.srv.cfg.ReadRate), c.srv.cfg.ReadBurst
	if rate > 0 && len(b) > burst {
		b = b[:burst]
	}
	n, err := c.Conn.Read(b)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		c.mu.Lock()
		c.timedOut = !c.authed
		c.mu.Unlock()
	}
	if rate <= 0 || n == 0 {
		return n, err
	}
	now := time.Now()
	c.tokens = min(float64(burst), c.tokens+now.Sub(c.last).Seconds()*rate) - float64(n)
	c.last = now
	if c.tokens < 0 {
		// Over budget: wait until the bucket is back at zero before
		// handing the bytes on. TCP pushes back on the client meanwhile.
		t := time.NewTimer(time.Duration(-c.tokens / rate * float64(time.Second)))
		select {
		case <-t.C:
		case <-c.done:
			t.Stop()
		}
	}
	return n, err
}

// Close releases the connection's place in the counters, once, and adds
// a penalty to its source if it never authenticated or one of its sessions
// panicked (one crash is forgiven, a habit of them is not: someone may be
// hunting for the input that does it).
func (c *connState) Close() error {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.done)
		if c.timer != nil {
			c.timer.Stop()
		}
		var p time.Duration
		if !c.authed && !c.exempt {
			p = c.srv.cfg.PenaltyNoAuth
			if c.timedOut {
				p = c.srv.cfg.PenaltyTimeout
			}
		}
		if c.crashed.Load() && !c.exempt {
			p += c.srv.cfg.PenaltyCrash
		}
		if c.flooded.Load() && !c.exempt {
			p += c.srv.cfg.PenaltyFlood
		}
		if c.timedOut {
			c.srv.metrics.Refused(RefusedTimeout)
		}
		c.srv.limits.free(c)
		if c.srv.limits.release(c.src, c.authed, p, time.Now()) == 0 {
			c.srv.memory.quiet()
		}
	}
	c.mu.Unlock()
	return c.Conn.Close()
}

// keepalive sends keepalive@openssh.com every KeepaliveInterval and closes
// the connection when KeepaliveMax probes in a row go unanswered (a client
// that answers "unknown request" is alive: OpenSSH does that). An interval
// in which the client answered a pacing question (delivered) needs no
// probe: the same question was just answered, and on a slow link a probe
// costs 52 bytes down beside a frame. The returned function stops it.
func (s *Server) keepalive(ctx ssh.Context, conn *gossh.ServerConn, cs *connState) (stop func()) {
	interval, maxMissed := s.cfg.KeepaliveInterval, s.cfg.KeepaliveMax
	if interval <= 0 {
		return func() {}
	}
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		answered := make(chan struct{}, 1)
		inFlight, missed := false, 0
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-answered:
				inFlight, missed = false, 0
			case <-t.C:
				if inFlight {
					if missed++; missed >= maxMissed {
						s.log.Info("keepalive: client gone", "client", s.clientAddr(cs.RemoteAddr()))
						s.metrics.Refused(RefusedTimeout)
						_ = cs.Close()
						return
					}
					continue
				}
				if at := cs.answered.Load(); at != 0 && time.Since(time.Unix(0, at)) < interval {
					continue
				}
				inFlight = true
				go func() {
					// Returns when the client answers or the connection
					// closes.
					if _, _, err := conn.SendRequest("keepalive@openssh.com", true, nil); err == nil {
						answered <- struct{}{}
					}
				}()
			}
		}
	}()
	return func() { close(quit) }
}
