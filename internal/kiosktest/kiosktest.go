// Package kiosktest starts real kiosk servers on loopback for tests of other
// packages: the embedded content, a fresh host key, a listener on
// 127.0.0.1, and a shutdown when the test ends. (The server's own tests
// cannot import it; they build on the same internal/testkit helpers.)
package kiosktest

import (
	"log/slog"
	"testing"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

// Kiosk is one running server.
type Kiosk struct {
	Addr   string // host:port on 127.0.0.1
	Server *server.Server
	Lib    *content.Library
	Logs   *testkit.SyncBuffer // the server's JSON log lines, unless cfg had a Logger
}

// Start serves cfg on 127.0.0.1, filling in a fresh host key, the embedded
// content and a logger into Logs where cfg has none. When the test ends
// the server is shut down (if the test did not) and its logs are shown if
// the test failed.
func Start(t testing.TB, cfg server.Config) *Kiosk {
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
		cfg.Logger = slog.New(slog.NewJSONHandler(k.Logs, nil))
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	k.Server = srv
	k.Addr = testkit.Serve(t, srv, k.Logs)
	return k
}
