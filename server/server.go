// Package server is the kiosk's SSH server: a Wish server with no
// authentication at all, whose every session is either the Bubble Tea UI
// (with a PTY) or a plain-text answer (without one).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/frames"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
	"github.com/embassy-kiosk/embassy/ui"
)

// Config is everything the server needs. Zero values are replaced by the
// defaults below in New; a negative count or rate turns that limit off.
// docs/security.md says what each limit defends against.
type Config struct {
	HostKey gossh.Signer     // required
	Library *content.Library // required: the content to start with (see SetLibrary)
	Logger  *slog.Logger     // nil: discard

	HandshakeTimeout time.Duration // a client must finish the handshake within this (10 s)
	MaxSessionTime   time.Duration // no connection lasts longer (60 min)
	LogFullIP        bool          // log whole client addresses instead of /24 and /48
	LogClientDetails bool          // log each session's client version string and TERM (else only counted by family: clients.go)

	// Capacity, checked before the handshake; zero values are sized from
	// the machine (capacity.go).
	MemoryBudget           int64          // bytes sessions may hold, counted by window size (a share of the memory limit or the machine)
	BusyOverflow           int            // connections past the budget told "busy" after the handshake, at once (a sixteenth of the budget's worth)
	MaxConns               int            // open connections (the open-files limit)
	MaxHandshakes          int            // connections not yet authenticated (what the CPUs clear in the handshake timeout, and half again)
	HandshakeDropStart     int            // from this many handshakes on, refuse at random (what the CPUs clear)
	MaxPerSource           int            // open connections per IPv4 address or IPv6 /64 (8)
	MaxHandshakesPerSource int            // handshakes per source (4)
	ExemptSources          []netip.Prefix // sources with no per-source limit or penalty (a venue's shared address)

	// Penalties: each offence adds to its source's debt (at most PenaltyMax);
	// a source is refused while its debt is above PenaltyThreshold.
	PenaltyTimeout   time.Duration // handshake timed out (10 s)
	PenaltyNoAuth    time.Duration // closed before authenticating (1 s)
	PenaltyCrash     time.Duration // a session of the source's panicked (10 s)
	PenaltyFlood     time.Duration // a session went far over its input budget (frames.InputBudget) (10 s)
	PenaltyLimit     time.Duration // refused by a per-source cap (1 s)
	PenaltyThreshold time.Duration // (15 s)
	PenaltyMax       time.Duration // (10 min)
	PenaltySources   int           // sources remembered, least recent forgotten first (65536)

	ReadRate  int // bytes a second a connection may send (32 KiB)
	ReadBurst int // bytes it may send at once above that (128 KiB)

	UnusedTimeout     time.Duration // close a connection with no session after this (10 s)
	KeepaliveInterval time.Duration // SSH keepalive probe interval (15 s)
	KeepaliveMax      int           // unanswered probes before closing (3)
	IdleTimeout       time.Duration // a visitor who presses no key is said goodbye after this (10 min)
	AttractAfter      time.Duration // a visitor who presses no key sees the attract loop after this (0: never)
	SSHCommand        string        // "ssh embassy.example": the attract loop's way to connect

	ProxyFrom []netip.Prefix // accept PROXY protocol headers from these networks only (proxy.go)
	Metrics   *Metrics       // nil: a new set, in a registry of its own (metrics.go)

	Renderer string // how screens are drawn: RendererImmediate ("" too) or RendererBubbleTea

	Machine *Machine // what the limits are sized from; nil: this machine (ProbeMachine)
}

// The ways a session's screen can be drawn (Config.Renderer).
const (
	// RendererImmediate draws each change at once with package frames:
	// no waiting for a frame tick, and nothing runs while a visitor is
	// idle. The default.
	RendererImmediate = "immediate"
	// RendererBubbleTea is Bubble Tea's own renderer, which draws on a
	// 60 fps ticker. Kept to measure against (docs/performance.md).
	RendererBubbleTea = "bubbletea"
)

func checkRenderer(name string) error {
	switch name {
	case "", RendererImmediate, RendererBubbleTea:
		return nil
	}
	return fmt.Errorf("renderer %q: want %s or %s", name, RendererImmediate, RendererBubbleTea)
}

// Defaults for Config's zero values.
const (
	DefaultHandshakeTimeout       = 10 * time.Second
	DefaultMaxSessionTime         = 60 * time.Minute
	DefaultMemoryBudget           = 256 << 20 // when the machine's memory cannot be read
	DefaultMaxPerSource           = 8
	DefaultMaxHandshakesPerSource = 4
	DefaultPenaltyTimeout         = 10 * time.Second
	DefaultPenaltyNoAuth          = 1 * time.Second
	DefaultPenaltyCrash           = 10 * time.Second
	DefaultPenaltyFlood           = 10 * time.Second
	DefaultPenaltyLimit           = 1 * time.Second
	DefaultPenaltyThreshold       = 15 * time.Second
	DefaultPenaltyMax             = 10 * time.Minute
	DefaultPenaltySources         = 65536
	DefaultReadRate               = 32 << 10
	DefaultReadBurst              = 128 << 10
	DefaultUnusedTimeout          = 10 * time.Second
	DefaultKeepaliveInterval      = 15 * time.Second
	DefaultKeepaliveMax           = 3
	DefaultIdleTimeout            = 10 * time.Minute
)

// withDefaults fills in zero values and turns negative ones into "off" (0).
func (c Config) withDefaults() Config {
	dur := func(d *time.Duration, def time.Duration) {
		if *d == 0 {
			*d = def
		} else if *d < 0 {
			*d = 0
		}
	}
	num := func(n *int, def int) {
		if *n == 0 {
			*n = def
		} else if *n < 0 {
			*n = 0
		}
	}
	dur(&c.HandshakeTimeout, DefaultHandshakeTimeout)
	dur(&c.MaxSessionTime, DefaultMaxSessionTime)
	num(&c.MaxPerSource, DefaultMaxPerSource)
	num(&c.MaxHandshakesPerSource, DefaultMaxHandshakesPerSource)
	dur(&c.PenaltyTimeout, DefaultPenaltyTimeout)
	dur(&c.PenaltyNoAuth, DefaultPenaltyNoAuth)
	dur(&c.PenaltyCrash, DefaultPenaltyCrash)
	dur(&c.PenaltyFlood, DefaultPenaltyFlood)
	dur(&c.PenaltyLimit, DefaultPenaltyLimit)
	dur(&c.PenaltyThreshold, DefaultPenaltyThreshold)
	dur(&c.PenaltyMax, DefaultPenaltyMax)
	num(&c.PenaltySources, DefaultPenaltySources)
	num(&c.ReadRate, DefaultReadRate)
	num(&c.ReadBurst, DefaultReadBurst)
	dur(&c.UnusedTimeout, DefaultUnusedTimeout)
	dur(&c.KeepaliveInterval, DefaultKeepaliveInterval)
	num(&c.KeepaliveMax, DefaultKeepaliveMax)
	dur(&c.IdleTimeout, DefaultIdleTimeout)
	if c.ReadRate > 0 {
		c.ReadBurst = max(c.ReadBurst, 4096)
	}
	if c.UnusedTimeout == 0 {
		c.UnusedTimeout = DefaultUnusedTimeout // always on: nothing else closes an unused connection
	}
	return c
}

// Server is one kiosk server. Create it with New, run it with Serve, stop it
// with Shutdown.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	markdown *markdown.Cache
	log      *slog.Logger
	lib      atomic.Pointer[content.Library] // what new sessions are shown

	limits        *limiter
	limitsInForce Limits          // as sized at start (capacity.go)
	memory        *memoryReleaser // memory.go
	mu            sync.Mutex
	programs      map[*tea.Program]struct{} // running UIs, told goodbye on shutdown
	closing       bool

	testHook   func(ssh.Session)      // tests only: runs first in every session
	onRenderer func(*frames.Renderer) // tests only: each session's renderer

	refusedMu sync.Mutex
	refusedN  map[string]int // refused connections since refusedAt, by reason
	refusedAt time.Time

	metrics *Metrics // metrics.go
	ops     opsState // readiness, health.go

	stopping context.Context    // done once Shutdown starts: linear sessions say goodbye
	stop     context.CancelFunc // ends stopping
}

// New builds the server. It does not listen yet.
func New(cfg Config) (*Server, error) {
	if cfg.HostKey == nil {
		return nil, errors.New("server: no host key")
	}
	if cfg.Library == nil {
		return nil, errors.New("server: no content")
	}
	if err := checkRenderer(cfg.Renderer); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	m := cfg.Machine
	if m == nil {
		probed := ProbeMachine()
		m = &probed
	}
	lim := size(cfg, *m)
	cfg.MemoryBudget, cfg.BusyOverflow, cfg.MaxConns = lim.MemoryBudget, lim.BusyOverflow, lim.MaxConns
	cfg.MaxHandshakes, cfg.HandshakeDropStart = lim.MaxHandshakes, lim.HandshakeDropStart
	s := &Server{
		limitsInForce: lim,
		cfg:           cfg,
		markdown:      markdown.NewCache(),
		log:           cfg.Logger,
		programs:      make(map[*tea.Program]struct{}),
		refusedN:      make(map[string]int),
		metrics:       cfg.Metrics,
	}
	if s.metrics == nil {
		s.metrics = NewMetrics()
	}
	s.limits = newLimiter(&s.cfg)
	s.metrics.watchLimits(lim, s.limits)
	s.memory = newMemoryReleaser(func() int { total, _, _, _ := s.limits.counts(); return total })
	s.stopping, s.stop = context.WithCancel(context.Background())
	s.lib.Store(cfg.Library)
	srv, err := wish.NewServer(
		// No password, public-key or keyboard-interactive handler is ever
		// installed: charm.land/ssh then sets NoClientAuth, so the "none"
		// method succeeds and clients are never asked to show a key.
		func(srv *ssh.Server) error { srv.AddHostKey(cfg.HostKey); return nil },
		func(srv *ssh.Server) error {
			srv.Version = "Embassy" // the banner names no library or version
			srv.HandshakeTimeout = cfg.HandshakeTimeout
			srv.MaxTimeout = cfg.MaxSessionTime
			srv.ServerConfigCallback = s.serverConfig
			srv.PtyCallback = acceptPty
			// Before the handshake: caps, penalties, read budget.
			srv.ConnCallback = s.admit
			// The only channel type: one session per connection, its
			// requests filtered. Forwarding channels (direct-tcpip) and
			// global requests (tcpip-forward) have no handler and are
			// refused; so are subsystems (sftp).
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			srv.RequestHandlers = map[string]ssh.RequestHandler{}
			srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
			return nil
		},
		s.observe, // counts handshake failures (metrics.go)
		wish.WithMiddleware(
			// Wish runs the LAST entry first: a session passes through
			// these from the bottom up.
			s.kiosk,         // the UI with a PTY, plain text without
			s.measure,       // counts sessions, time to first output, bytes sent
			s.logVisits,     // one line when a session starts, one when it ends
			s.recoverPanics, // a bug in one session must not end the others
			s.admitSession,  // past the memory budget: "busy", and nothing else (busy.go)
		),
	)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.ssh = srv
	return s, nil
}

// serverConfig allows only modern algorithms: post-quantum hybrid and
// curve25519 key exchange, AEAD ciphers first, then AES-CTR for clients
// with no AEAD cipher (paramiko before 3.5, as Debian 12 ships), always with
// an encrypt-then-MAC MAC (the MACs are used only with CTR). The "none"
// method is the only one that succeeds; when it does, the handshake is over
// and the connection leaves the handshake count.
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		NoClientAuthCallback: func(gossh.ConnMetadata) (*gossh.Permissions, error) {
			if cs := connStateOf(ctx); cs != nil {
				cs.authenticated()
			}
			return nil, nil
		},
		Config: gossh.Config{
			KeyExchanges: []string{gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519, "curve25519-sha256@libssh.org"},
			Ciphers:      []string{gossh.CipherChaCha20Poly1305, gossh.CipherAES256GCM, gossh.CipherAES128GCM, gossh.CipherAES256CTR, gossh.CipherAES128CTR},
			MACs:         []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM},
		},
		MaxAuthTries: 2,
	}
}

// Limits are the admission limits in force.
func (s *Server) Limits() Limits { return s.limitsInForce }

// Serve accepts connections on ln until Shutdown. It returns nil after a
// clean shutdown.
func (s *Server) Serve(ln net.Listener) error {
	defer s.ops.serving.Store(false)
	err := s.ssh.Serve(s.listen(ln))
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// listen prepares ln for Serve: the PROXY protocol from the trusted
// networks, if any are configured, and readiness.
func (s *Server) listen(ln net.Listener) net.Listener {
	if len(s.cfg.ProxyFrom) > 0 {
		ln = proxyListener(ln, s.cfg.ProxyFrom, proxyHeaderTimeout)
	}
	s.ops.serving.Store(true)
	return ln
}

// Goodbye is what open sessions are told when the server stops, in
// English; each session is told in its visitor's language.
var Goodbye = i18n.T(content.English, "closing")

// SetLibrary replaces the content for sessions that start from now on;
// sessions already open keep the library they started with. lib must be a
// loaded, valid library (content.Load); nil is ignored.
func (s *Server) SetLibrary(lib *content.Library) {
	if lib != nil {
		s.lib.Store(lib)
	}
}

// Library is the content new sessions get.
func (s *Server) Library() *content.Library { return s.lib.Load() }

// Shutdown stops accepting connections, says goodbye on every open screen,
// and waits for sessions to end until ctx is done; then it closes whatever
// is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.Drain()
	defer s.memory.stop()
	msg := sayClosing(ctx)
	s.mu.Lock()
	s.closing = true
	s.stop()
	for p := range s.programs {
		go p.Send(msg)
	}
	s.mu.Unlock()
	err := s.ssh.Shutdown(ctx)
	if err != nil {
		_ = s.ssh.Close()
	}
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// track registers a running program so Shutdown can reach it; it reports
// false when the server is already closing.
func (s *Server) track(p *tea.Program) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.programs[p] = struct{}{}
	return true
}

func (s *Server) untrack(p *tea.Program) {
	s.mu.Lock()
	delete(s.programs, p)
	s.mu.Unlock()
}

func (s *Server) recoverPanics(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in session", "panic", fmt.Sprint(r))
				s.metrics.SessionPanicked()
				if cs := connStateOf(sess.Context()); cs != nil {
					cs.crashed.Store(true) // its source pays when it closes
				}
				_ = sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// sayClosing is what Shutdown sends every open screen: a countdown to just
// before ctx's deadline, so visitors can finish their sentence and the
// sessions end before the server closes what is left; without a deadline,
// or with under a second and a half left, the goodbye at once.
func sayClosing(ctx context.Context) ui.ClosingMsg {
	if d, ok := ctx.Deadline(); ok {
		if left := time.Until(d) - closeMargin; left >= time.Second {
			return ui.ClosingMsg{In: left}
		}
	}
	return ui.ClosingMsg{}
}

// closeMargin is the time sessions get between their goodbye and the drain
// deadline, to end cleanly.
const closeMargin = 500 * time.Millisecond
