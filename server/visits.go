package server

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/netip"
	"sync/atomic"
	"time"

	"charm.land/ssh"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/internal/textsafe"
)

// visit is what the logs say about one session: no keys, no user names, and
// a truncated address unless the operator asks for the whole one.
type visit struct {
	id    string
	start time.Time
	pages atomic.Int32
	exit  int
}

// visitSession carries its visit down the middleware chain. (The
// session's Context belongs to the connection, which may hold several
// sessions, so the visit cannot live there.)
type visitSession struct {
	ssh.Session
	visit *visit
}

// visitOf returns the session's visit; a throwaway one outside logVisits.
func visitOf(sess ssh.Session) *visit {
	if vs, ok := sess.(visitSession); ok {
		return vs.visit
	}
	return &visit{}
}

// pageViews counts the pages a visitor opens, for the session's log line
// and the page-view metric.
func (s *Server) pageViews(v *visit, lib *content.Library) func(slug string) {
	return func(slug string) {
		v.pages.Add(1)
		s.metrics.PageView(slug, string(lib.Lang))
	}
}

func newSessionID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) logVisits(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		v := &visit{id: newSessionID(), start: time.Now()}
		pty, _, hasPty := sess.Pty()
		version := sess.Context().ClientVersion()
		s.metrics.sessionStarted(version, pty.Term, hasPty) // families only: clients.go
		// The user name is never logged; the client's version string and
		// TERM only when the operator asks (they narrow a visitor down),
		// cleaned and capped like all client-controlled text.
		attrs := []any{"session", v.id, "client", s.clientAddr(sess.RemoteAddr()), "pty", hasPty}
		if s.cfg.LogClientDetails {
			attrs = append(attrs, "term", textsafe.Clean(pty.Term, 64), "software", textsafe.Clean(version, 64))
		}
		attrs = append(attrs, "command", commandName(sess.Command()))
		s.log.Info("session start", attrs...)
		next(visitSession{sess, v})
		s.log.Info("session end", "session", v.id, "duration", time.Since(v.start).Round(time.Millisecond).String(), "pages_viewed", v.pages.Load(), "exit", v.exit)
	}
}

// commandName is the command for the logs: only names the kiosk knows are
// repeated; anything else a client sent is not.
func commandName(args []string) string {
	if len(args) == 0 {
		return ""
	}
	switch args[0] {
	case "links", "pages", "page", "help", "plain":
		return args[0]
	}
	return "(unknown)"
}

// clientAddr truncates the address to its /24 (IPv4) or /48 (IPv6) network,
// which is enough to spot abuse without identifying a visitor.
func (s *Server) clientAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return ""
	}
	ip, ok := netip.AddrFromSlice(tcp.IP)
	if !ok {
		return ""
	}
	ip = ip.Unmap()
	if s.cfg.LogFullIP {
		return ip.String()
	}
	bits := 48
	if ip.Is4() {
		bits = 24
	}
	p, _ := ip.Prefix(bits)
	return p.String()
}
