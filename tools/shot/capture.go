package shot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// Session is one SSH visit to a kiosk whose output a screenshot is taken of.
type Session struct {
	Addr        string // host:port
	AllowRemote bool   // allow an address that is not loopback
	User        string // SSH user name; the kiosk accepts "none" auth
	Term        string // TERM sent with the PTY request
	Env         []string
	Width       int
	Height      int
	// Keys are typed after the first screen. Every key is followed by a
	// wait for the output to be quiet again, so that each is its own
	// keypress (an Esc followed at once by a letter would read as Alt).
	Keys []sshterm.Step
	// Settle is how long the output must be quiet for a screen to count as
	// drawn.
	Settle time.Duration
	// SettleMax bounds one wait for quiet; a screen still changing after it
	// is taken as it is (see Capture's warnings).
	SettleMax time.Duration
	// Timeout bounds the whole visit.
	Timeout time.Duration
	// Theme gives the colours the terminal answers OSC 10 and 11 queries
	// with.
	Theme Theme
}

// DefaultSession is an 80x24 xterm-256color visit by "visitor".
func DefaultSession(addr string) Session {
	return Session{
		Addr:      addr,
		User:      "visitor",
		Term:      "xterm-256color",
		Width:     80,
		Height:    24,
		Settle:    400 * time.Millisecond,
		SettleMax: 5 * time.Second,
		Timeout:   30 * time.Second,
		Theme:     DarkTheme(),
	}
}

// Validate checks the settings that do not need the network.
func (s *Session) Validate() error {
	switch {
	case s.Width < 1 || s.Height < 1 || s.Width > 1000 || s.Height > 1000:
		return fmt.Errorf("size %dx%d: want 1x1 to 1000x1000", s.Width, s.Height)
	case s.Settle <= 0 || s.SettleMax < s.Settle:
		return fmt.Errorf("settle %v (at most %v): want a positive time, at most the maximum", s.Settle, s.SettleMax)
	case s.Timeout <= 0:
		return errors.New("timeout: want a positive time")
	}
	for _, kv := range s.Env {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			return fmt.Errorf("env %q: want NAME=VALUE", kv)
		}
	}
	return nil
}

// Capture opens the session, waits for the first screen, types the keys and
// returns everything the kiosk wrote to the terminal. Warnings (a screen that
// never went quiet, a session the kiosk ended early) go to warn, which may be
// nil.
func (s Session) Capture(ctx context.Context, warn io.Writer) ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if warn == nil {
		warn = io.Discard
	}
	ctx, cancel := context.WithTimeoutCause(ctx, s.Timeout, fmt.Errorf("gave up after %v", s.Timeout))
	defer cancel()
	target, err := sshterm.ResolveTarget(ctx, s.Addr, s.AllowRemote)
	if err != nil {
		return nil, err
	}
	opt := sshterm.Options{User: s.User, Term: s.Term, Width: s.Width, Height: s.Height, Env: s.Env}
	client, err := sshterm.Dial(ctx, target.String(), opt)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	var stderr lockedBuffer
	sess, err := client.OpenPTY(ctx, opt, &stderr)
	if err != nil {
		return nil, err
	}

	term := sshterm.DefaultTerminal(s.Width, s.Height)
	term.Foreground, term.Background = X11(s.Theme.Foreground), X11(s.Theme.Background)
	term.Version = "embassy-shot(1)"
	out := &output{stdin: sess, notify: make(chan struct{}, 1), done: make(chan struct{})}
	go out.read(sess.Stdout, sshterm.NewResponder(term))

	if err := sess.Shell(); err != nil {
		return nil, fmt.Errorf("shell: %w", sshterm.Cause(ctx, err))
	}
	wait := func(what string, since time.Time, needBytes bool) error {
		quiet, err := out.waitQuiet(ctx, since, needBytes, s.Settle, s.SettleMax)
		if err != nil {
			if msg := strings.TrimSpace(stderr.String()); msg != "" {
				err = fmt.Errorf("%w (stderr %q)", err, msg)
			}
			return fmt.Errorf("%s: %w", what, err)
		}
		if !quiet {
			fmt.Fprintf(warn, "warning: %s: the screen was still changing after %v; taking it as it was\n", what, s.SettleMax)
		}
		return nil
	}
	if err := wait("first screen", time.Now(), true); err != nil {
		return nil, err
	}
	for _, st := range s.Keys {
		if out.ended() {
			fmt.Fprintf(warn, "warning: the kiosk ended the session before key %q\n", st.Token)
			break
		}
		switch st.Kind {
		case sshterm.StepSend:
			sent := time.Now()
			if _, err := sess.Write(st.Bytes); err != nil {
				return nil, fmt.Errorf("key %q: %w", st.Token, sshterm.Cause(ctx, err))
			}
			if err := wait(fmt.Sprintf("after key %q", st.Token), sent, false); err != nil {
				return nil, err
			}
		case sshterm.StepWait:
			if err := wait("wait", time.Now(), false); err != nil {
				return nil, err
			}
		case sshterm.StepSleep:
			if err := sshterm.Sleep(ctx, st.Duration); err != nil {
				return nil, err
			}
		}
	}
	_ = client.Close()
	<-out.done
	return out.bytes(), nil
}

// output collects a session's stdout and answers terminal queries in it.
type output struct {
	stdin io.Writer // the session: safe for the reader's answers and the keys

	mu   sync.Mutex
	buf  bytes.Buffer
	last time.Time // when the last byte came
	eof  bool
	err  error

	notify chan struct{}
	done   chan struct{}
}

// maxOutput bounds what one session may send: a kiosk screen is a few KB.
const maxOutput = 16 << 20

func (o *output) read(r io.Reader, resp *sshterm.Responder) {
	defer close(o.done)
	p := make([]byte, 32<<10)
	for {
		n, err := r.Read(p)
		if n > 0 {
			if reply, _ := resp.Feed(p[:n]); len(reply) > 0 {
				_, _ = o.stdin.Write(reply)
			}
			o.mu.Lock()
			if o.buf.Len()+n > maxOutput {
				err = fmt.Errorf("more than %d MB of output", maxOutput>>20)
			} else {
				o.buf.Write(p[:n])
			}
			o.last = time.Now()
			o.mu.Unlock()
		}
		if err != nil {
			o.mu.Lock()
			o.eof = true
			if !errors.Is(err, io.EOF) {
				o.err = err
			}
			o.mu.Unlock()
		}
		select {
		case o.notify <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

func (o *output) ended() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.eof
}

func (o *output) bytes() []byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	return bytes.Clone(o.buf.Bytes())
}

// waitQuiet waits until no byte has come for settle since the later of since
// and the last byte (and, with needBytes, until there is any output at all).
// quiet is false when output kept coming for settleMax; the session ending
// counts as quiet.
func (o *output) waitQuiet(ctx context.Context, since time.Time, needBytes bool, settle, settleMax time.Duration) (quiet bool, err error) {
	giveUp := time.Now().Add(settleMax)
	timer := time.NewTimer(settle)
	defer timer.Stop()
	for {
		o.mu.Lock()
		n, last, eof, rerr := o.buf.Len(), o.last, o.eof, o.err
		o.mu.Unlock()
		now := time.Now()
		switch {
		case rerr != nil:
			return false, rerr
		case eof && n == 0:
			return false, errors.New("the kiosk closed the session without output")
		case eof:
			return true, nil
		}
		from := last
		if since.After(from) {
			from = since
		}
		wait := settle - now.Sub(from)
		if needBytes && n == 0 {
			wait = settle // keep polling until the first byte
		} else if wait <= 0 {
			return true, nil
		}
		if !now.Before(giveUp) {
			if needBytes && n == 0 {
				return false, fmt.Errorf("no output within %v", settleMax)
			}
			return false, nil
		}
		timer.Reset(min(wait, giveUp.Sub(now)))
		select {
		case <-o.notify:
		case <-timer.C:
		case <-ctx.Done():
			return false, context.Cause(ctx)
		}
	}
}

// lockedBuffer keeps the first KB of the session's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if room := 1024 - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
