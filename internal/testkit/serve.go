package testkit

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/content"
)

// Server is what Serve runs: the kiosk's *server.Server. (testkit does not
// import package server, so that the server's own tests can use it;
// internal/kiosktest builds on it for everyone else.)
type Server interface {
	Serve(net.Listener) error
	Shutdown(context.Context) error
}

// Serve runs srv on a fresh listener on 127.0.0.1 and returns its address.
// When the test ends srv is shut down (if the test did not), Serve must
// have returned nil, and logs (when not nil) are shown if the test failed.
func Serve(t testing.TB, srv Server, logs fmt.Stringer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
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
		if t.Failed() && logs != nil {
			t.Logf("server logs:\n%s", logs.String())
		}
	})
	return ln.Addr().String()
}

// Library is the embedded content, loaded.
func Library(t testing.TB) *content.Library {
	t.Helper()
	lib, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatalf("load embedded content: %v", err)
	}
	return lib
}
