package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/server"
)

// With AttractAfter (--attract) an SSH visitor who presses nothing sees the
// attract loop; nothing is sent while a card shows; a key returns home and
// does nothing else.
func TestAttractLoopOverSSH(t *testing.T) {
	srv := startKiosk(t, server.Config{AttractAfter: 500 * time.Millisecond, SSHCommand: "ssh -p 2222 embassy.example"})
	c := mustSSH(t, "127.0.0.1", srv.Addr)
	defer c.Close()
	_, in, scr := openKioskTyping(t, c, "xterm-256color", 80, 24)
	scr.waitFor(t, homeText, 2*time.Second)
	scr.waitFor(t, "Press any key to start", 3*time.Second)

	// The title card stays 8 s; nothing goes over the wire meanwhile.
	time.Sleep(200 * time.Millisecond)
	before := len(scr.text())
	time.Sleep(1500 * time.Millisecond)
	if sent := len(scr.text()) - before; sent != 0 {
		t.Errorf("%d bytes sent while one card showed", sent)
	}

	// "2" returns home; it does not open page 2. The mark comes before the
	// key: the answer may arrive before Write returns.
	mark := len(scr.text())
	if _, err := in.Write([]byte("2")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(scr.text()[mark:], "Press a number") {
		if time.Now().After(deadline) {
			t.Fatalf("no home screen after a key on the loop:\n%s", scr.text()[mark:])
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	if after := scr.text()[mark:]; strings.Contains(after, "model for the world") {
		t.Errorf("the key on the loop opened page 2:\n%s", after)
	}
}
