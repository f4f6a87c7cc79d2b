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
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/ui"
)

// Config is everything the server needs; the zero values of the durations
// are replaced by safe defaults in New.
type Config struct {
	HostKey gossh.Signer     // required
	Library *content.Library // required
	Logger  *slog.Logger     // nil: discard

	HandshakeTimeout time.Duration // a client must finish the handshake within this (10 s)
	MaxSessionTime   time.Duration // no connection lasts longer (60 min)
	LogFullIP        bool          // log whole client addresses instead of /24 and /48
	Renderer         string        // how screens are drawn: RendererImmediate ("" too) or RendererBubbleTea
}

// Defaults for Config's zero values.
const (
	DefaultHandshakeTimeout = 10 * time.Second
	DefaultMaxSessionTime   = 60 * time.Minute
)

// Server is one kiosk server. Create it with New, run it with Serve, stop it
// with Shutdown.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	renderer *ui.Renderer
	log      *slog.Logger

	mu       sync.Mutex
	programs map[*tea.Program]struct{} // running UIs, told goodbye on shutdown
	closing  bool
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
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if cfg.MaxSessionTime <= 0 {
		cfg.MaxSessionTime = DefaultMaxSessionTime
	}
	s := &Server{
		cfg:      cfg,
		renderer: ui.NewRenderer(),
		log:      cfg.Logger,
		programs: make(map[*tea.Program]struct{}),
	}
	srv, err := wish.NewServer(
		// No password, public-key or keyboard-interactive handler is ever
		// installed: charm.land/ssh then sets NoClientAuth, so the "none"
		// method succeeds and clients are never asked to show a key.
		func(srv *ssh.Server) error { srv.AddHostKey(cfg.HostKey); return nil },
		func(srv *ssh.Server) error {
			srv.Version = "Embassy" // the banner names no library or version
			srv.HandshakeTimeout = cfg.HandshakeTimeout
			srv.MaxTimeout = cfg.MaxSessionTime
			srv.ServerConfigCallback = serverConfig
			srv.PtyCallback = acceptPty
			return nil
		},
		wish.WithMiddleware(
			// Wish runs the LAST entry first: a session passes through
			// these from the bottom up.
			s.kiosk,         // the UI with a PTY, plain text without
			s.logVisits,     // one line when a session starts, one when it ends
			s.recoverPanics, // a bug in one session must not end the others
		),
	)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.ssh = srv
	return s, nil
}

// serverConfig allows only modern algorithms: post-quantum hybrid and
// curve25519 key exchange, AEAD ciphers, encrypt-then-MAC MACs.
func serverConfig(ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		Config: gossh.Config{
			KeyExchanges: []string{gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519, "curve25519-sha256@libssh.org"},
			Ciphers:      []string{gossh.CipherChaCha20Poly1305, gossh.CipherAES256GCM, gossh.CipherAES128GCM},
			MACs:         []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM},
		},
		MaxAuthTries: 2,
	}
}

// Serve accepts connections on ln until Shutdown. It returns nil after a
// clean shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Goodbye is what open sessions are told when the server stops.
const Goodbye = "The Embassy's kiosk is closing for maintenance. Thank you for visiting; please come back soon."

// Shutdown stops accepting connections, says goodbye on every open screen,
// and waits for sessions to end until ctx is done; then it closes whatever
// is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for p := range s.programs {
		go p.Send(ui.GoodbyeMsg{Reason: Goodbye})
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
				_ = sess.Exit(1)
			}
		}()
		next(sess)
	}
}
