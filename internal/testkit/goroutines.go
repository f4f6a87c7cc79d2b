package testkit

import (
	"runtime"
	"testing"
	"time"
)

// WaitGoroutines waits up to d for the process's goroutines to fall to at
// most want, and fails the test with every goroutine's stack if they do
// not: something was left behind.
func WaitGoroutines(t testing.TB, want int, d time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return n
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("goroutines: %d after %s, want at most %d\n%s", n, d, want, buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
