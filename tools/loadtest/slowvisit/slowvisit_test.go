package slowvisit

import (
	"io"
	"os/exec"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/server"
	"github.com/embassy-kiosk/embassy/tools/loadtest/linkemu"
)

// The real OpenSSH client, through a link, through the whole visit and a
// held key against a real kiosk: every step is answered, and the bytes of
// each are counted on the link.
func TestRunAgainstAKiosk(t *testing.T) {
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("no OpenSSH client")
	}
	k := kiosktest.Start(t, server.Config{})
	cfg := Config{
		SSH: "ssh", Target: k.Addr,
		Link:  linkemu.Profile{Name: "test", RTT: 20 * time.Millisecond, Down: 2_000_000, Up: 2_000_000},
		Width: 80, Height: 24, Term: "xterm-256color", Env: []string{"LANG=C.UTF-8"},
		Expect: "Press a number", Quiet: 300 * time.Millisecond, Timeout: time.Minute,
	}
	res, err := Run(cfg, VisitSteps, Hold{Page: "1", Key: "pgdown", Presses: 5, PerSecond: 30}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.First.Wait < cfg.Link.RTT || res.First.Down == 0 || res.First.Up == 0 {
		t.Errorf("first screen: %+v, want at least a round trip and bytes both ways", res.First)
	}
	if len(res.Steps) != len(VisitSteps) {
		t.Fatalf("%d steps, want %d", len(res.Steps), len(VisitSteps))
	}
	for _, w := range res.Steps {
		if w.Output == 0 || w.Down < w.Output {
			t.Errorf("step %s: %+v, want an answer, with its bytes on the link", w.Name, w)
		}
	}
	if res.Held.Down == 0 {
		t.Errorf("the held key: %+v, want bytes down", res.Held)
	}
	if res.Total() < res.First.Wait {
		t.Errorf("Total %v is less than the first screen %v", res.Total(), res.First.Wait)
	}
}
