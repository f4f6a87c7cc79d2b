// Package kiosktest starts real kiosk servers on loopback for tests: the
// embedded content, a fresh host key, a listener on 127.0.0.1, and a
// shutdown when the test ends. The server's own tests use it too, from
// package server_test, reaching inside through server/export_test.go.
package kiosktest

import (
	"log/slog"
	"testing"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

// Kiosk is one running server, its methods promoted.
type Kiosk struct {
	*server.Server
	Addr string // host:port on 127.0.0.1
	Lib  *content.Library
	Logs *testkit.SyncBuffer // the server's JSON log lines, debug level on, unless cfg had a Logger
	// Serving says when Serve has returned, and what it returned.
	Serving *testkit.Serving
}

// Start serves cfg on 127.0.0.1, filling in a fresh host key, the embedded
// content and a logger into Logs where cfg has none. When the test ends
// the server is shut down (if the test did not) and its logs are shown if
// the test failed.
func Start(t testing.TB, cfg server.Config) *Kiosk {
	t.Helper()
	return StartWith(t, cfg, nil)
}

// StartWith is Start that lets setup (when not nil) change the server
// after it is built and before it serves.
func StartWith(t testing.TB, cfg server.Config, setup func(*server.Server)) *Kiosk {
	t.Helper()
	k := &Kiosk{Logs: &testkit.SyncBuffer{}}
	if cfg.HostKey == nil {
		cfg.HostKey = testkit.HostKey(t)
	}
	if cfg.Library == nil {
		cfg.Library = testkit.Library(t)
	}
	k.Lib = cfg.Library
	if cfg.Logger == nil {
		// Debug too: a test that checks what the logs keep out sees
		// every line the server writes.
		cfg.Logger = slog.New(slog.NewJSONHandler(k.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	if setup != nil {
		setup(srv)
	}
	k.Server = srv
	k.Serving = testkit.Serve(t, srv, k.Logs)
	k.Addr = k.Serving.Addr
	return k
}
