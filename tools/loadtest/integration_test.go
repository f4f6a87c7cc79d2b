package loadtest_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"charm.land/ssh"

	"github.com/embassy-kiosk/embassy/tools/loadtest"
	"github.com/embassy-kiosk/embassy/tools/loadtest/yardstick"
)

// TestAgainstYardstick serves the yardstick in-process on loopback and runs
// the tool against it in each mode.
func TestAgainstYardstick(t *testing.T) {
	if testing.Short() {
		t.Skip("opens real SSH sessions")
	}
	srv, err := yardstick.NewServer(filepath.Join(t.TempDir(), "host_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		if err := <-served; err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})

	base := loadtest.DefaultConfig()
	base.Addr = ln.Addr().String()
	base.PID = os.Getpid() // the server is this process
	base.Timeout = time.Minute
	base.Settle = time.Second

	run := func(t *testing.T, cfg loadtest.Config) *loadtest.Report {
		t.Helper()
		rep, err := loadtest.Run(context.Background(), cfg, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Failed != 0 || rep.OK != cfg.N {
			t.Fatalf("ok %d failed %d, errors %+v", rep.OK, rep.Failed, rep.Errors)
		}
		if rep.FirstFrameShellMS.Min <= 0 || rep.FirstFrameDialMS.Min < rep.FirstFrameShellMS.Min ||
			rep.HandshakeMS.Min <= 0 {
			t.Errorf("latencies: handshake %+v, from dial %+v, from shell %+v",
				rep.HandshakeMS, rep.FirstFrameDialMS, rep.FirstFrameShellMS)
		}
		if rep.FirstFrameBytes.Min <= 0 || rep.FirstFrameWire.Min <= rep.HandshakeWire.Max ||
			rep.HandshakeWire.Min <= 0 {
			t.Errorf("bytes: frame %+v, frame wire %+v, handshake wire %+v",
				rep.FirstFrameBytes, rep.FirstFrameWire, rep.HandshakeWire)
		}
		if rep.Queries["DECRQM CSI ?2026$p"] != cfg.N {
			t.Errorf("queries %v: want one synchronized-output query per session", rep.Queries)
		}
		if rep.Server == nil {
			t.Error("no server report despite a PID")
		}
		return rep
	}

	t.Run("first-frame", func(t *testing.T) {
		cfg := base
		cfg.N, cfg.Concurrency = 5, 5
		cfg.Sources = 3
		rep := run(t, cfg)
		if rep.KeyBytes.Count != 5 || rep.KeyBytes.Min <= 0 || rep.KeyLatencyMS.Min <= 0 {
			t.Errorf("key: bytes %+v, latency %+v", rep.KeyBytes, rep.KeyLatencyMS)
		}
		if rep.Server.CPUPerSessionMS <= 0 {
			t.Errorf("server cpu per session %v", rep.Server.CPUPerSessionMS)
		}
	})

	t.Run("tour", func(t *testing.T) {
		cfg := base
		cfg.Mode = loadtest.ModeTour
		cfg.N, cfg.Concurrency = 2, 2
		cfg.TourKeys = "j,wait,down,wait,k,wait,q"
		rep := run(t, cfg)
		if rep.TourBytes.Min <= rep.FirstFrameBytes.Max || rep.TourWire.Min <= rep.FirstFrameWire.Max {
			t.Errorf("tour bytes %+v wire %+v, first frame %+v", rep.TourBytes, rep.TourWire, rep.FirstFrameBytes)
		}
	})

	t.Run("flood", func(t *testing.T) {
		cfg := base
		cfg.Mode = loadtest.ModeFlood
		cfg.Concurrency = 2
		cfg.FloodBytes = 8 << 10
		cfg.Probes = 2
		rep, err := loadtest.Run(context.Background(), cfg, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		f := rep.Flood
		if f == nil || f.IdleFirstMS.Count != 2 || f.FloodFirstMS.Count != 2 || f.Survived != 2 {
			t.Fatalf("flood report %+v", f)
		}
		if f.CPUMS <= 0 || f.StreamedBytes <= 0 || f.StreamMS <= 0 {
			t.Errorf("flood: server cpu %v ms, streamed %d bytes in %v ms", f.CPUMS, f.StreamedBytes, f.StreamMS)
		}
	})

	t.Run("hold", func(t *testing.T) {
		cfg := base
		cfg.Mode = loadtest.ModeHold
		cfg.N, cfg.Concurrency = 3, 3
		cfg.Hold = 300 * time.Millisecond
		rep := run(t, cfg)
		if rep.IdleBytes.Count != 3 || rep.IdleBytes.Max != 0 {
			t.Errorf("idle bytes %+v: a still screen should send nothing", rep.IdleBytes)
		}
		if rep.Server.Held.FDs <= rep.Server.Before.FDs {
			t.Errorf("server fds held %d, before %d", rep.Server.Held.FDs, rep.Server.Before.FDs)
		}
	})
}
