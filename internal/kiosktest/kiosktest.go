// Package kiosktest starts real kiosk servers on loopback for tests of other
// packages: the embedded content, a fresh host key, a listener on
// 127.0.0.1, and a shutdown when the test ends.
package kiosktest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"net"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

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

// HostKey is a fresh ed25519 host key.
func HostKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Start serves cfg on 127.0.0.1, filling in a fresh host key, the embedded
// content and a logger into Logs where cfg has none. When the test ends
// the server is shut down (if the test did not) and its logs are shown if
// the test failed.
func Start(t testing.TB, cfg server.Config) *Kiosk {
	t.Helper()
	k := &Kiosk{Logs: &testkit.SyncBuffer{}}
	if cfg.HostKey == nil {
		cfg.HostKey = HostKey(t)
	}
	if cfg.Library == nil {
		lib, err := content.Load(content.Embedded())
		if err != nil {
			t.Fatalf("load embedded content: %v", err)
		}
		cfg.Library = lib
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	k.Addr = ln.Addr().String()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("Serve returned %v after Shutdown, want nil", err)
			}
		case <-time.After(3 * time.Second):
			t.Errorf("Serve did not return after Shutdown")
		}
		if t.Failed() {
			t.Logf("server logs:\n%s", k.Logs.String())
		}
	})
	return k
}
