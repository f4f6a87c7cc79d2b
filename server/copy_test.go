package server_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/server"
)

// "c" on an entry puts its address on the visitor's clipboard: an OSC 52
// sequence with the address whole. (The frames renderer writes it from its
// Filter; Bubble Tea would hold it for its own ticker and write it beside
// the renderer's frames.)
func TestCopyAddressSendsOSC52(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	term := openTerminal(t, k.dial(t), 80, 24)
	term.waitHome(0)
	m := term.mark()
	term.send("4")
	term.waitFor(m, linksTitle)
	m = term.mark()
	term.send("\r")
	term.waitFor(m, "Press c to copy the address.")

	m = term.mark()
	sent := time.Now()
	term.send("c")
	term.waitFor(m, "Copied to your clipboard")
	const osc52 = "\x1b]52;c;"
	var out string
	for {
		out = term.out.String()[m:]
		if strings.Contains(out, osc52) || time.Since(sent) > waitTimeout {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, after, ok := strings.Cut(out, osc52)
	if !ok {
		t.Fatalf("no OSC 52 after c: %q", out)
	}
	end := strings.IndexAny(after, "\x07\x1b")
	if end < 0 {
		t.Fatalf("OSC 52 not terminated: %q", after)
	}
	url, err := base64.StdEncoding.DecodeString(after[:end])
	if err != nil {
		t.Fatalf("OSC 52 payload %q: %v", after[:end], err)
	}
	found := false
	for _, l := range k.Lib.Links {
		found = found || l.URL == string(url)
	}
	if !found {
		t.Errorf("copied %q, not an address of the directory", url)
	}
}
