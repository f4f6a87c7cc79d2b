// Package loadtest opens many SSH sessions with a PTY against a kiosk server
// on loopback and measures what a visitor and the server pay for them:
// latency to the first complete screen, bytes on the wire, server CPU and
// memory per session, and idle cost. It answers terminal queries the way a
// real terminal does, so Bubble Tea programs behave as they would for people.
package loadtest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// Mode selects what each session does once its first screen is drawn.
type Mode string

// The modes of a run.
const (
	// ModeFirstFrame: first screen, Keys presses of Key, hang up.
	ModeFirstFrame Mode = "first-frame"
	// ModeTour: first screen, then the TourKeys script, then hang up.
	ModeTour Mode = "tour"
	// ModeIdle: open every session, keep all of them idle for Idle while
	// counting bytes and server CPU, then hang up.
	ModeIdle Mode = "idle"
	// ModeHold: open every session, hold all of them for Hold, read server
	// memory while they are open and again after they close.
	ModeHold Mode = "hold"
	// ModeFlood: connections send keys (or an unended terminal answer) as
	// fast as they are taken; server CPU, and fresh visitors' first
	// screens meanwhile (flood.go).
	ModeFlood Mode = "flood"
)

// DefaultTourKeys visits the kiosk's pages by number, scrolls each to its end,
// goes back, opens the entry under the cursor with "l", and quits.
const DefaultTourKeys = "1,enter,wait,G,wait,esc,wait,2,enter,wait,G,wait,esc,wait,3,enter,wait,G,wait,esc,wait,l,wait,G,wait,esc,wait,q"

// Hard bounds: the tool never runs unbounded, whatever the flags say.
const (
	MaxSessions = 20000
	MaxTimeout  = time.Hour
)

// Config is everything a run needs. Zero values are not defaults: start from
// DefaultConfig.
type Config struct {
	Addr        string // host:port of the server
	AllowRemote bool   // permit a target that is not loopback
	User        string // SSH user name; the servers accept "none" auth

	N           int  // sessions in total
	Concurrency int  // sessions in flight (first-frame, tour) or opening at once (idle, hold)
	Mode        Mode // what each session does

	Width, Height int      // PTY size
	Term          string   // TERM sent with the PTY request
	Env           []string // NAME=VALUE pairs sent as env requests before the PTY

	PID     int           // server process to read /proc from; 0 for none
	Sources int           // spread sessions over 127.0.0.1 … 127.0.0.N
	Jitter  time.Duration // random delay in [0, Jitter] before every key

	Idle time.Duration // idle window (idle mode)
	Hold time.Duration // hold window (hold mode)

	Timeout        time.Duration // bound on the whole run
	SessionTimeout time.Duration // bound on one session (first-frame, tour) or on opening one (idle, hold)

	Expect    string        // text that must be on screen for the first frame to count; "" for any
	Busy      string        // text that means the server said it was busy (counted apart); "" for none
	Quiet     time.Duration // no bytes for this long after the expected text means "complete"
	SettleMax time.Duration // give up waiting for quiet after this long (an animating screen)
	KeyWait   time.Duration // how long to wait for any answer to a key
	Key       string        // key (token) measured in first-frame mode
	Keys      int           // presses of Key per session in first-frame mode
	TourKeys  string        // key script for tour mode (see sshterm.ParseKeyScript)
	Settle    time.Duration // after closing, wait up to this long for the server to settle

	FloodBytes int           // flood mode: bytes each connection sends
	FloodChunk int           // flood mode: bytes a write
	Probes     int           // flood mode: fresh visitors measured before and during the flood
	StreamFor  time.Duration // flood mode: stream on for at least this long after the first bytes

	// Dump, when set, receives the raw output of the first session (at most
	// 1 MiB), escape sequences and all, once the run is over.
	Dump io.Writer
}

// DefaultConfig returns the defaults of the command-line tool.
func DefaultConfig() Config {
	return Config{
		Addr:           "127.0.0.1:23299",
		User:           "visitor",
		N:              1,
		Concurrency:    1,
		Mode:           ModeFirstFrame,
		Width:          80,
		Height:         24,
		Term:           "xterm-256color",
		Sources:        1,
		Jitter:         10 * time.Millisecond,
		Idle:           10 * time.Second,
		Hold:           5 * time.Second,
		Timeout:        2 * time.Minute,
		SessionTimeout: 60 * time.Second,
		Expect:         "Embassy",
		Busy:           "too many visitors at once",
		Quiet:          30 * time.Millisecond,
		SettleMax:      3 * time.Second,
		KeyWait:        time.Second,
		Key:            "j",
		Keys:           1,
		TourKeys:       DefaultTourKeys,
		Settle:         3 * time.Second,
		FloodBytes:     128 << 10,
		FloodChunk:     1 << 10,
		Probes:         20,
	}
}

// Validate checks the bounds and the key scripts.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	switch c.Mode {
	case ModeFirstFrame, ModeTour, ModeIdle, ModeHold, ModeFlood:
	default:
		bad("mode %q: want first-frame, tour, idle, hold or flood", c.Mode)
	}
	if c.N < 1 || c.N > MaxSessions {
		bad("-n %d: want 1 to %d", c.N, MaxSessions)
	}
	if c.Concurrency < 1 {
		bad("-c %d: want at least 1", c.Concurrency)
	}
	if c.Width < 1 || c.Width > 1000 || c.Height < 1 || c.Height > 1000 {
		bad("size %dx%d: want 1 to 1000 each way", c.Width, c.Height)
	}
	if c.Term == "" {
		bad("--term is empty")
	}
	for _, kv := range c.Env {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			bad("--env %q: want NAME=VALUE", kv)
		}
	}
	if c.Sources < 1 || c.Sources > sshterm.MaxSources {
		bad("--sources %d: want 1 to %d", c.Sources, sshterm.MaxSources)
	}
	if c.Timeout <= 0 || c.Timeout > MaxTimeout {
		bad("--timeout %v: want more than 0 and at most %v", c.Timeout, MaxTimeout)
	}
	for name, d := range map[string]time.Duration{
		"--session-timeout": c.SessionTimeout, "--quiet": c.Quiet, "--settle-max": c.SettleMax,
		"--key-wait": c.KeyWait,
	} {
		if d <= 0 {
			bad("%s %v: want more than 0", name, d)
		}
	}
	for name, d := range map[string]time.Duration{
		"--jitter": c.Jitter, "--idle": c.Idle, "--hold": c.Hold, "--settle": c.Settle,
	} {
		if d < 0 {
			bad("%s %v: want 0 or more", name, d)
		}
	}
	if c.Keys < 0 || c.Keys > 100 {
		bad("--keys %d: want 0 to 100", c.Keys)
	}
	if c.Mode == ModeFlood && (c.FloodBytes < 1 || c.FloodBytes > 64<<20 || c.Probes < 0 || c.Probes > 1000) {
		bad("--flood-bytes %d, --probes %d: want 1 byte to 64 MiB, 0 to 1000 probes", c.FloodBytes, c.Probes)
	}
	if _, err := sshterm.KeyBytes(c.Key); err != nil && (c.Keys > 0 || c.Mode == ModeFlood) && c.Key != FloodOSC11 {
		bad("--key: %w", err)
	}
	if _, err := sshterm.ParseKeyScript(c.TourKeys); err != nil {
		bad("--tour-keys: %w", err)
	}
	return errors.Join(errs...)
}
