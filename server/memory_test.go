package server_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/server"
)

// After a burst the server gives memory back once it has been quiet for a
// while, not while visitors are connected, and not again and again.
func TestMemoryReleasedWhenQuiet(t *testing.T) {
	var released atomic.Int32
	srv := startKioskWith(t, server.Config{}, func(s *server.Server) {
		s.SetMemoryRelease(150*time.Millisecond, func() { released.Add(1) })
	})
	held := mustSSH(t, "127.0.0.2", srv.Addr)
	for range 3 {
		c := mustSSH(t, "127.0.0.1", srv.Addr)
		_ = c.Close()
	}
	time.Sleep(400 * time.Millisecond)
	if n := released.Load(); n != 0 {
		t.Fatalf("released %d times while a visitor was connected", n)
	}
	_ = held.Close()
	deadline := time.Now().Add(3 * time.Second)
	for released.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("memory was not released after the last connection closed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(400 * time.Millisecond)
	if n := released.Load(); n != 1 {
		t.Errorf("released %d times in one quiet spell, want 1", n)
	}
}
