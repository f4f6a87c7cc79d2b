package server_test

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/server"
)

// homeBytes opens a PTY session with the given TERM and environment and
// returns what the server sent until the home screen was complete. It
// reports problems with Errorf, so it may run on any goroutine.
func homeBytes(t *testing.T, k *kiosk, term string, env map[string]string) string {
	t.Helper()
	c := k.dial(t)
	sess, err := c.NewSession()
	if err != nil {
		t.Errorf("new session: %v", err)
		return ""
	}
	defer sess.Close()
	for name, value := range env {
		if err := sess.Setenv(name, value); err != nil {
			t.Errorf("setenv %s: %v", name, err)
			return ""
		}
	}
	if err := sess.RequestPty(term, 24, 80, gossh.TerminalModes{}); err != nil {
		t.Errorf("pty-req: %v", err)
		return ""
	}
	out := &syncBuffer{}
	sess.Stdout = out
	if err := sess.Shell(); err != nil {
		t.Errorf("shell: %v", err)
		return ""
	}
	deadline := time.Now().Add(waitTimeout)
	for !strings.Contains(ansi.Strip(out.String()), "q quit") {
		if time.Now().After(deadline) {
			t.Errorf("TERM=%s %v: no home screen; got %q", term, env, out.String())
			return ""
		}
		time.Sleep(10 * time.Millisecond)
	}
	return out.String()
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colours lists the kinds of colour the SGR sequences in out use: "true"
// (38;2), "256" (38;5) and "16" (30-37, 90-97 and their backgrounds).
func colours(out string) map[string]bool {
	kinds := map[string]bool{}
	for _, m := range sgr.FindAllStringSubmatch(out, -1) {
		params := strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' })
		for i := 0; i < len(params); i++ {
			switch p := params[i]; {
			case (p == "38" || p == "48") && i+1 < len(params) && params[i+1] == "2":
				kinds["true"] = true
				i += 4
			case (p == "38" || p == "48") && i+1 < len(params) && params[i+1] == "5":
				kinds["256"] = true
				i += 2
			case len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] >= '0' && p[1] <= '7',
				len(p) == 3 && p[:2] == "10" && p[2] >= '0' && p[2] <= '7':
				kinds["16"] = true
			}
		}
	}
	return kinds
}

// TestColourProfilePerSession opens sessions with different terminals at
// the same moment: each gets colours its terminal can show, and a visitor
// who asked for no colour gets none.
func TestColourProfilePerSession(t *testing.T) {
	k := startKiosk(t, server.Config{})
	cases := []struct {
		name  string
		term  string
		env   map[string]string
		check func(colours map[string]bool) string
	}{
		{"truecolor", "xterm-256color", map[string]string{"COLORTERM": "truecolor"}, func(c map[string]bool) string {
			if !c["true"] {
				return "no true-colour sequence"
			}
			return ""
		}},
		{"256", "xterm-256color", nil, func(c map[string]bool) string {
			if c["true"] || !c["256"] {
				return "want 256 colours, not true colour"
			}
			return ""
		}},
		{"16", "xterm", nil, func(c map[string]bool) string {
			if c["true"] || c["256"] || !c["16"] {
				return "want 16 colours only"
			}
			return ""
		}},
		{"NO_COLOR", "xterm-256color", map[string]string{"NO_COLOR": "1", "COLORTERM": "truecolor"}, func(c map[string]bool) string {
			if len(c) > 0 {
				return "colour sent despite NO_COLOR"
			}
			return ""
		}},
	}
	var wg sync.WaitGroup
	outs := make([]string, len(cases))
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = homeBytes(t, k, c.term, c.env)
		}()
	}
	wg.Wait()
	for i, c := range cases {
		if problem := c.check(colours(outs[i])); problem != "" {
			t.Errorf("%s (TERM=%s %v): %s; colours seen: %v", c.name, c.term, c.env, problem, colours(outs[i]))
		}
	}
}
