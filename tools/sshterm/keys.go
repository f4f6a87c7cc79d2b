package sshterm

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// StepKind says what one step of a key script does.
type StepKind int

const (
	// StepSend writes Bytes to the session, after a random jitter.
	StepSend StepKind = iota
	// StepWait waits until the screen is quiet again after the last key.
	StepWait
	// StepSleep pauses for a fixed Duration.
	StepSleep
)

// Step is one parsed token of a key script.
type Step struct {
	Kind     StepKind
	Token    string        // the token as written, for reports and errors
	Bytes    []byte        // for StepSend
	Duration time.Duration // for StepSleep
}

// namedKeys maps the named tokens of a key script to the bytes an xterm sends.
var namedKeys = map[string]string{
	"enter":     "\r",
	"return":    "\r",
	"tab":       "\t",
	"backtab":   "\x1b[Z",
	"shift-tab": "\x1b[Z",
	"esc":       "\x1b",
	"escape":    "\x1b",
	"space":     " ",
	"backspace": "\x7f",
	"up":        "\x1b[A",
	"down":      "\x1b[B",
	"right":     "\x1b[C",
	"left":      "\x1b[D",
	"home":      "\x1b[H",
	"end":       "\x1b[F",
	"pgup":      "\x1b[5~",
	"pgdown":    "\x1b[6~",
	"ctrl-c":    "\x03",
	"ctrl-d":    "\x04",
	"comma":     ",",
}

// ParseKeyScript parses a comma-separated key script such as
// "1,enter,wait,G,wait,esc,wait,q".
//
// Tokens: a single character is sent as it is (case matters: "G" is not "g");
// a name from the list below is sent as the bytes an xterm sends for it;
// "wait" waits until the screen is quiet after the previous key;
// "sleep:DURATION" (for example "sleep:200ms") pauses for a fixed time.
//
// Names: enter, return, tab, backtab, shift-tab, esc, escape, space,
// backspace, up, down, right, left, home, end, pgup, pgdown, ctrl-c, ctrl-d,
// comma. Blanks around tokens are ignored; use "space" and "comma" for those
// characters.
func ParseKeyScript(script string) ([]Step, error) {
	if strings.TrimSpace(script) == "" {
		return nil, nil
	}
	var steps []Step
	for i, raw := range strings.Split(script, ",") {
		tok := strings.TrimSpace(raw)
		switch {
		case tok == "":
			return nil, fmt.Errorf("key script token %d is empty (use \"space\" or \"comma\")", i+1)
		case utf8.RuneCountInString(tok) == 1:
			steps = append(steps, Step{Kind: StepSend, Token: tok, Bytes: []byte(tok)})
		case tok == "wait":
			steps = append(steps, Step{Kind: StepWait, Token: tok})
		case strings.HasPrefix(tok, "sleep:"):
			d, err := time.ParseDuration(strings.TrimPrefix(tok, "sleep:"))
			if err != nil || d < 0 || d > time.Minute {
				return nil, fmt.Errorf("key script token %d %q: want sleep:DURATION between 0 and 1m", i+1, tok)
			}
			steps = append(steps, Step{Kind: StepSleep, Token: tok, Duration: d})
		default:
			b, ok := namedKeys[strings.ToLower(tok)]
			if !ok {
				return nil, fmt.Errorf("key script token %d %q: not a single character or a known key name", i+1, tok)
			}
			steps = append(steps, Step{Kind: StepSend, Token: tok, Bytes: []byte(b)})
		}
	}
	return steps, nil
}

// KeyBytes parses a single key token (a character or a key name) into the
// bytes to send.
func KeyBytes(token string) ([]byte, error) {
	steps, err := ParseKeyScript(token)
	if err != nil {
		return nil, err
	}
	if len(steps) != 1 || steps[0].Kind != StepSend {
		return nil, fmt.Errorf("key %q: want one character or one key name", token)
	}
	return steps[0].Bytes, nil
}

// Sleep pauses for d (a script's "sleep:" step, a key's jitter), or until
// ctx ends, and then returns ctx's cause.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
