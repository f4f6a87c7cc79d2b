package server_test

import (
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/server"
)

// A client that has just answered the renderer's pacing question (the same
// keepalive@openssh.com, sent after the first frame) is not sent the
// keepalive's probe as well: on a slow link each probe is 52 bytes beside a
// frame (docs/performance.md, Slow links).
func TestKeepaliveProbeSkippedAfterAPacingAnswer(t *testing.T) {
	// Long enough that the second tick (two intervals after the session
	// opened) comes well after the check at one and a half, under -race too.
	const interval = 3 * time.Second
	srv := startKiosk(t, server.Config{KeepaliveInterval: interval, KeepaliveMax: 3})
	cc := dialFrom(t, "127.0.0.1", srv.Addr)
	conn, chans, reqs, err := gossh.NewClientConn(cc, srv.Addr, &gossh.ClientConfig{User: "visitor", HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int32
	go func() {
		for r := range reqs {
			if r.Type == "keepalive@openssh.com" {
				asked.Add(1)
			}
			if r.WantReply {
				_ = r.Reply(false, nil)
			}
		}
	}()
	none := make(chan *gossh.Request)
	close(none)
	c := gossh.NewClient(conn, chans, none)
	defer c.Close()
	_, scr := openKiosk(t, c, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 5*time.Second)

	// The keepalive ticks an interval after the session opened, well
	// after the pacing question; the next tick is an interval later.
	time.Sleep(interval * 3 / 2)
	if n := asked.Load(); n != 1 {
		t.Errorf("the client was asked %d times in the first interval and a half (the pacing question, then the probe?), want once", n)
	}
	if _, _, err := c.SendRequest("ping", true, nil); err != nil {
		t.Errorf("the client was disconnected: %v", err)
	}
}
