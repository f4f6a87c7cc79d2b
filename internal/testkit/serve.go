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

// Serving is a server Serve runs on loopback; Done and Err say when its
// Serve has returned and what it returned.
type Serving struct {
	Addr string // host:port on 127.0.0.1
	outcome
}

// outcome is what a goroutine ended with: Done is closed when it has, and
// Err is its error (nil until then).
type outcome struct {
	done chan struct{}
	err  error
}

func newOutcome() outcome { return outcome{done: make(chan struct{})} }

// end records err and closes Done; call it once.
func (o *outcome) end(err error) {
	o.err = err
	close(o.done)
}

// Done is closed when the goroutine has ended.
func (o *outcome) Done() <-chan struct{} { return o.done }

// Err is what the goroutine ended with (nil until Done is closed).
func (o *outcome) Err() error {
	select {
	case <-o.done:
		return o.err
	default:
		return nil
	}
}

// Serve runs srv on a fresh listener on 127.0.0.1. When the test ends srv
// is shut down (if the test did not), Serve must have returned nil, and
// logs (when not nil) are shown if the test failed.
func Serve(t testing.TB, srv Server, logs fmt.Stringer) *Serving {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Serving{Addr: ln.Addr().String(), outcome: newOutcome()}
	go func() { s.end(srv.Serve(ln)) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		select {
		case <-s.done:
			if s.err != nil {
				t.Errorf("Serve returned %v after Shutdown, want nil", s.err)
			}
		case <-time.After(3 * time.Second):
			t.Errorf("Serve did not return after Shutdown")
		}
		if t.Failed() && logs != nil {
			t.Logf("server logs:\n%s", logs.String())
		}
	})
	return s
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
