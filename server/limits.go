package server

import (
	"container/list"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Busy is the line a client refused before the handshake (a flood: the
// handshake limits, or past the memory budget and its overflow) reads
// before the connection closes. RFC 4253 §4.2 lets a server send lines
// before its version string, as long as they do not begin with "SSH-";
// OpenSSH never shows them, so a visitor merely past the memory budget is
// told after the handshake instead (busy.go); this is what telnet, netcat
// and a curious operator see.
const Busy = "Embassy kiosk: busy, try again shortly.\r\n"

// limiter holds the connection counters, the memory the connections hold
// and the penalty box. One mutex guards everything (connState.charge too):
// each check is a few map operations.
type limiter struct {
	cfg *Config

	mu         sync.Mutex
	total      int   // open connections
	handshakes int   // connections that have not yet authenticated
	held       int64 // bytes charged to open connections (capacity.go)
	busy       int   // connections admitted only to be told "busy"
	sources    map[netip.Prefix]*sourceCount
	penalties  penaltyBox
}

type sourceCount struct{ total, handshakes int }

func newLimiter(cfg *Config) *limiter {
	return &limiter{
		cfg:       cfg,
		sources:   make(map[netip.Prefix]*sourceCount),
		penalties: penaltyBox{max: cfg.PenaltySources, ll: list.New(), m: make(map[netip.Prefix]*list.Element)},
	}
}

// sourceOf is the unit the per-source limits count: an IPv4 address or an
// IPv6 /64 (one customer's network, usually). exempt is true for the
// operator's list of shared addresses.
func (l *limiter) sourceOf(a net.Addr) (src netip.Prefix, exempt bool) {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Prefix{}, false // not TCP (tests): one shared source
	}
	ip := ap.Addr().Unmap().WithZone("")
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	src, _ = ip.Prefix(bits)
	for _, p := range l.cfg.ExemptSources {
		if p.Contains(ip) {
			return src, true
		}
	}
	return src, false
}

// admittedBusy is acquire's answer for a connection past the memory
// budget that is let through the handshake only to be told so.
const admittedBusy = "busy"

// acquire admits a new connection from src ("" or admittedBusy) or says
// why not. Checks, in order: penalty box, per-source caps, global cap,
// handshake cap with random early drop, memory budget (room for a session
// at 80x24, or else a place in the bounded overflow of busy ones).
func (l *limiter) acquire(src netip.Prefix, exempt bool, now time.Time) (reason string) {
	c := l.cfg
	l.mu.Lock()
	defer l.mu.Unlock()
	sc := l.sources[src]
	if !exempt {
		if l.penalties.blocked(src, c.PenaltyThreshold, now) {
			return "penalty"
		}
		if sc != nil && c.MaxPerSource > 0 && sc.total >= c.MaxPerSource {
			l.penalties.add(src, c.PenaltyLimit, c.PenaltyMax, now)
			return "per-source"
		}
		if sc != nil && c.MaxHandshakesPerSource > 0 && sc.handshakes >= c.MaxHandshakesPerSource {
			l.penalties.add(src, c.PenaltyLimit, c.PenaltyMax, now)
			return "per-source-handshakes"
		}
	}
	if c.MaxConns > 0 && l.total >= c.MaxConns {
		return "full"
	}
	if c.MaxHandshakes > 0 {
		if l.handshakes >= c.MaxHandshakes {
			return "handshakes"
		}
		// Like OpenSSH's MaxStartups start:30:full: from DropStart on,
		// refuse 30 % of new connections, rising to 100 % at the cap.
		if start := c.HandshakeDropStart; start > 0 && l.handshakes >= start {
			p := 0.3 + 0.7*float64(l.handshakes-start)/float64(max(1, c.MaxHandshakes-start))
			if rand.Float64() < p {
				return "early-drop"
			}
		}
	}
	if c.MemoryBudget > 0 && l.held+typicalCost > c.MemoryBudget {
		if l.busy >= c.BusyOverflow {
			return "full"
		}
		reason = admittedBusy
		l.busy++
	}
	if sc == nil {
		sc = &sourceCount{}
		l.sources[src] = sc
	}
	l.held += handshakeCost
	sc.total++
	sc.handshakes++
	l.total++
	l.handshakes++
	return reason
}

// charge makes cs hold cost bytes instead of what it held. With mustFit it
// refuses (and changes nothing) when that would take the connections past
// the memory budget.
func (l *limiter) charge(cs *connState, cost int64, mustFit bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	after := l.held - cs.charge + cost
	if mustFit && cost > cs.charge && l.cfg.MemoryBudget > 0 && after > l.cfg.MemoryBudget {
		return false
	}
	l.held, cs.charge = after, cost
	return true
}

// free forgets what a closing connection held.
func (l *limiter) free(cs *connState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.held -= cs.charge
	cs.charge = 0
	if cs.busy {
		l.busy--
	}
}

// memory is the bytes charged to open connections and the connections
// told busy, for the metrics.
func (l *limiter) memory() (held int64, busy int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held, l.busy
}

// authenticated moves a connection out of the handshake count.
func (l *limiter) authenticated(src netip.Prefix) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.handshakes--
	if sc := l.sources[src]; sc != nil {
		sc.handshakes--
	}
}

// release forgets a closed connection; penalty is added to its source. It
// returns the number of connections left.
func (l *limiter) release(src netip.Prefix, authed bool, penalty time.Duration, now time.Time) (left int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if !authed {
		l.handshakes--
	}
	if sc := l.sources[src]; sc != nil {
		sc.total--
		if !authed {
			sc.handshakes--
		}
		if sc.total <= 0 {
			delete(l.sources, src)
		}
	}
	if penalty > 0 {
		l.penalties.add(src, penalty, l.cfg.PenaltyMax, now)
	}
	return l.total
}

// counts is for tests and logs.
func (l *limiter) counts() (total, handshakes, sources, penalised int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total, l.handshakes, len(l.sources), l.penalties.ll.Len()
}

// penaltyBox remembers, for at most max sources (least recently penalised
// forgotten first), until when each is in debt. Every offence adds to the
// debt, up to a ceiling; a source is refused while its debt is above a
// threshold, so one slow handshake is forgiven and a habit is not (like
// OpenSSH's PerSourcePenalties).
type penaltyBox struct {
	max int
	ll  *list.List // of *penalty, most recent first
	m   map[netip.Prefix]*list.Element
}

type penalty struct {
	src   netip.Prefix
	until time.Time
}

func (p *penaltyBox) add(src netip.Prefix, d, ceiling time.Duration, now time.Time) {
	if d <= 0 || p.max <= 0 {
		return
	}
	e, ok := p.m[src]
	if !ok {
		for p.ll.Len() >= p.max {
			old := p.ll.Back()
			delete(p.m, old.Value.(*penalty).src)
			p.ll.Remove(old)
		}
		e = p.ll.PushFront(&penalty{src: src, until: now})
		p.m[src] = e
	}
	pe := e.Value.(*penalty)
	if pe.until.Before(now) {
		pe.until = now
	}
	pe.until = pe.until.Add(d)
	if ceiling > 0 && pe.until.Sub(now) > ceiling {
		pe.until = now.Add(ceiling)
	}
	p.ll.MoveToFront(e)
}

func (p *penaltyBox) blocked(src netip.Prefix, threshold time.Duration, now time.Time) bool {
	e, ok := p.m[src]
	if !ok {
		return false
	}
	debt := e.Value.(*penalty).until.Sub(now)
	if debt <= 0 {
		delete(p.m, src)
		p.ll.Remove(e)
		return false
	}
	return debt > threshold
}

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
	done   chan struct{}

	sessions atomic.Int32    // session channels ever opened
	crashed  atomic.Bool     // a session panicked: a penalty for the source
	flooded  atomic.Bool     // a session went far over its input budget: a penalty too
	winch    chan ssh.Window // the session's latest window size, if not yet taken

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

// admit is the ConnCallback: it runs before the SSH handshake, so a
// refused connection costs one goroutine for a moment and one short write.
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	src, exempt := s.limits.sourceOf(c.RemoteAddr())
	reason := s.limits.acquire(src, exempt, time.Now())
	if reason != "" && reason != admittedBusy {
		s.refused(reason)
		sayBusy(c)
		return nil // charm.land/ssh closes it
	}
	cs := &connState{
		Conn:   c,
		opened: time.Now(),
		srv:    s,
		src:    src,
		exempt: exempt,
		busy:   reason == admittedBusy,
		charge: handshakeCost,
		done:   make(chan struct{}),
		winch:  make(chan ssh.Window, 1),
		tokens: float64(s.cfg.ReadBurst),
		last:   time.Now(),
	}
	ctx.SetValue(connStateKey{}, cs)
	return cs
}

// sayBusy writes the Busy line and half-closes. Closing a socket with unread
// input (the client's version line) makes the kernel send a reset, which
// clients report as "Connection reset by peer" and which may overtake the
// line; so it reads, for at most 100 ms, what the client sent until it
// closes its side too.
func sayBusy(c net.Conn) {
	now := time.Now()
	_ = c.SetDeadline(now.Add(100 * time.Millisecond))
	if _, err := c.Write([]byte(Busy)); err != nil {
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
	_, _ = io.CopyN(io.Discard, c, 4096)
}

// refused counts refusals by reason and logs a summary at most every
// 10 seconds: a flood must not become a flood of log lines.
func (s *Server) refused(reason string) {
	s.metrics.Refused(metricReason(reason))
	s.refusedMu.Lock()
	defer s.refusedMu.Unlock()
	s.refusedN[reason]++
	if now := time.Now(); now.Sub(s.refusedAt) >= 10*time.Second {
		args := []any{}
		for r, n := range s.refusedN {
			args = append(args, r, n)
		}
		s.log.Warn("connections refused", args...)
		s.refusedN = map[string]int{}
		s.refusedAt = now
	}
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
// that answers "unknown request" is alive: OpenSSH does that). The returned
// function stops it.
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

// metricReason maps the limiter's detailed reasons (kept in the logs) to
// the few values of the refusal metric's label.
func metricReason(reason string) string {
	switch reason {
	case "full", "handshakes", "early-drop":
		return RefusedCapacity
	case admittedBusy:
		return RefusedBusy
	case "penalty", "per-source", "per-source-handshakes":
		return RefusedPerSource
	}
	return reason
}
