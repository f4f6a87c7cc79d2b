package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// TestStopRightAfterStart: a SIGTERM that comes just after the kiosk says
// it is ready still stops it. (Shutdown used to run before the accepting
// goroutine had started; that goroutine then served for ever.)
func TestStopRightAfterStart(t *testing.T) {
	for i := range 3 {
		cfg, _, err := parseConfig([]string{"--listen", "127.0.0.1:0", "--data", t.TempDir(), "--log-format", "json"}, noEnv, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() { done <- serve(ctx, cfg, noEnv, pw, io.Discard) }()
		sc := bufio.NewScanner(pr)
		for sc.Scan() && !strings.Contains(sc.Text(), "ssh -p") {
		}
		go func() { _, _ = io.Copy(io.Discard, pr) }()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run %d: serve = %v", i+1, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("run %d: the kiosk did not stop within 5 s of being told to", i+1)
		}
	}
}
