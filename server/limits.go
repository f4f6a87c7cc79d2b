package server

import (
	"container/list"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"time"

	"charm.land/ssh"
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
// the memory budget. A connection already freed is refused: its session
// may start, or resize, after the client has hung up, and a charge then
// would never be freed.
func (l *limiter) charge(cs *connState, cost int64, mustFit bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cs.freed {
		return false
	}
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
	cs.freed = true
	if cs.busy {
		l.busy--
	}
}

// freed reports whether cs has closed and given back its charge.
func (l *limiter) freed(cs *connState) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return cs.freed
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
