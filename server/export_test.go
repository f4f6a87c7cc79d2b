package server

// Hooks for the server's external tests (package server_test, which start
// kiosks with internal/kiosktest): the few things inside the server they
// check or set. Only test builds see them.

import (
	"net"
	"time"

	"charm.land/ssh"

	"github.com/embassy-kiosk/embassy/frames"
)

// Limits the tests check against.
const (
	MaxEnvVars    = maxEnvVars    // env requests accepted per session
	HandshakeCost = handshakeCost // bytes a connection holds before its session
	BusyLinger    = busyLinger    // how long a connection told "busy" may stay open
)

// Size is the limits sized from a configuration and a machine.
var Size = size

// Counts is the limiter's counters: open connections, connections in the
// handshake, sources with connections, sources in the penalty box.
func (s *Server) Counts() (total, handshakes, sources, penalised int) { return s.limits.counts() }

// MemoryHeld is the bytes charged to open connections.
func (s *Server) MemoryHeld() int64 {
	held, _ := s.limits.memory()
	return held
}

// Admit asks the limiter, now, to admit a connection from ip (not exempt):
// "" when it would, or why not. An admitted connection stays counted.
func (s *Server) Admit(ip string) string {
	src, _ := s.limits.sourceOf(&net.TCPAddr{IP: net.ParseIP(ip)})
	return s.limits.acquire(src, false, time.Now())
}

// SetSessionHook makes hook run first in every session (set before Serve).
func (s *Server) SetSessionHook(hook func(ssh.Session)) { s.testHook = hook }

// SetOnRenderer hands each session's renderer to f (set before Serve).
func (s *Server) SetOnRenderer(f func(*frames.Renderer)) { s.onRenderer = f }

// SetMemoryRelease makes the server give memory back after a quiet spell
// of after, calling release instead of the runtime (set before Serve).
func (s *Server) SetMemoryRelease(after time.Duration, release func()) {
	s.memory.after, s.memory.release = after, release
}
