package loadtest_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/server"
	"github.com/embassy-kiosk/embassy/tools/loadtest"
)

// A kiosk past its memory budget says so; the tool counts those sessions
// as busy, apart from the served and the failed.
func TestBusySessionsCountedApart(t *testing.T) {
	if testing.Short() {
		t.Skip("opens real SSH sessions")
	}
	k := kiosktest.Start(t, server.Config{MemoryBudget: 3 * server.SessionCost(80, 24)})
	cfg := loadtest.DefaultConfig()
	cfg.Addr = k.Addr
	cfg.Mode = loadtest.ModeHold
	cfg.N, cfg.Concurrency, cfg.Sources = 8, 8, 8
	cfg.Hold = 100 * time.Millisecond
	cfg.Timeout = 30 * time.Second
	cfg.Settle = 0
	rep, err := loadtest.Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 || rep.OK < 1 || rep.Busy < 4 || rep.OK+rep.Busy != cfg.N {
		t.Errorf("ok %d, busy %d, failed %d (errors %+v); want all ok or busy, most busy", rep.OK, rep.Busy, rep.Failed, rep.Errors)
	}
}
