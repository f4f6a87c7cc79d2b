// Command embassy-load opens many SSH sessions with a PTY against a kiosk on
// loopback and reports latency, bytes on the wire and the server's CPU and
// memory per session. It refuses targets that are not loopback unless given
// --allow-remote, and every run is bounded by -n and --timeout.
//
//	embassy-load --addr 127.0.0.1:23299 -n 200 -c 50 --pid $(pidof yardstick)
//	embassy-load --mode idle -n 20 --idle 5s --pid PID
//	embassy-load --mode tour --tour-keys '1,enter,wait,G,wait,esc,wait,q'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/embassy-kiosk/embassy/tools/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "embassy-load:", err)
		os.Exit(1)
	}
}

// envList collects repeated --env NAME=VALUE flags.
type envList []string

func (e *envList) String() string { return strings.Join(*e, ",") }

func (e *envList) Set(v string) error {
	*e = append(*e, v)
	return nil
}

func run(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	cfg := loadtest.DefaultConfig()
	fs := flag.NewFlagSet("embassy-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "server host:port (loopback only unless --allow-remote)")
	fs.BoolVar(&cfg.AllowRemote, "allow-remote", false, "allow a target that is not 127.0.0.0/8 or ::1")
	fs.StringVar(&cfg.User, "user", cfg.User, "SSH user name (auth is \"none\")")
	fs.IntVar(&cfg.N, "n", cfg.N, fmt.Sprintf("sessions in total (at most %d)", loadtest.MaxSessions))
	fs.IntVar(&cfg.Concurrency, "c", cfg.Concurrency, "sessions in flight (first-frame, tour) or opening at once (idle, hold)")
	mode := fs.String("mode", string(cfg.Mode), "first-frame | tour | idle | hold | flood")
	fs.IntVar(&cfg.Width, "width", cfg.Width, "PTY width")
	fs.IntVar(&cfg.Height, "height", cfg.Height, "PTY height")
	fs.StringVar(&cfg.Term, "term", cfg.Term, "TERM sent with the PTY request")
	var env envList
	fs.Var(&env, "env", "NAME=VALUE sent as an env request (repeatable)")
	fs.IntVar(&cfg.PID, "pid", 0, "server PID, to read CPU and memory from /proc")
	fs.IntVar(&cfg.Sources, "sources", cfg.Sources, "spread sessions over source addresses 127.0.0.1 … 127.0.0.N")
	fs.DurationVar(&cfg.Jitter, "jitter", cfg.Jitter, "random delay in [0, jitter] before every key")
	fs.DurationVar(&cfg.Idle, "idle", cfg.Idle, "idle window (idle mode)")
	fs.DurationVar(&cfg.Hold, "hold", cfg.Hold, "hold window (hold mode)")
	fs.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, fmt.Sprintf("bound on the whole run (at most %v)", loadtest.MaxTimeout))
	fs.DurationVar(&cfg.SessionTimeout, "session-timeout", cfg.SessionTimeout, "bound on one session (or on opening one, in idle and hold modes)")
	fs.StringVar(&cfg.Expect, "expect", cfg.Expect, "text that marks the first screen (\"\" for any output)")
	fs.StringVar(&cfg.Busy, "busy", cfg.Busy, "text that means the server said it is busy: such sessions are counted as busy, not failed (\"\" for none)")
	fs.DurationVar(&cfg.Quiet, "quiet", cfg.Quiet, "a screen is complete after this long without bytes")
	fs.DurationVar(&cfg.SettleMax, "settle-max", cfg.SettleMax, "stop waiting for quiet after this long")
	fs.DurationVar(&cfg.KeyWait, "key-wait", cfg.KeyWait, "how long to wait for the answer to a key")
	fs.StringVar(&cfg.Key, "key", cfg.Key, "key measured in first-frame mode (a character or a name: down, enter, …)")
	fs.IntVar(&cfg.Keys, "keys", cfg.Keys, "presses of --key per session in first-frame mode")
	fs.StringVar(&cfg.TourKeys, "tour-keys", cfg.TourKeys, "key script for tour mode: comma-separated characters, key names, wait, sleep:DUR")
	fs.IntVar(&cfg.FloodBytes, "flood-bytes", cfg.FloodBytes, "flood mode: bytes of --key (or of an unended OSC 11 answer with --key osc11) each of -c connections sends")
	fs.IntVar(&cfg.FloodChunk, "flood-chunk", cfg.FloodChunk, "flood mode: bytes a write")
	fs.IntVar(&cfg.Probes, "probes", cfg.Probes, "flood mode: fresh visitors measured before the flood and during it")
	fs.DurationVar(&cfg.StreamFor, "stream-for", 0, "flood mode: after the first --flood-bytes, stream on for at least this long, measuring server CPU a second")
	fs.DurationVar(&cfg.Settle, "settle", cfg.Settle, "after closing, wait up to this long for the server's fds to return to baseline")
	dump := fs.String("dump", "", "write the raw output of the first session to this file")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	quietLog := fs.Bool("q", false, "no progress lines on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	cfg.Mode = loadtest.Mode(*mode)
	cfg.Env = env

	if *dump != "" {
		f, err := os.Create(*dump)
		if err != nil {
			return fmt.Errorf("dump: %w", err)
		}
		defer f.Close()
		cfg.Dump = f
	}

	progress := stderr
	if *quietLog {
		progress = io.Discard
	}
	rep, err := loadtest.Run(ctx, cfg, progress)
	if err != nil {
		return err
	}
	if *asJSON {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	switch {
	case rep.Failed > 0:
		return fmt.Errorf("%d of %d sessions failed", rep.Failed, rep.Sessions)
	case rep.TimedOut:
		return fmt.Errorf("run timed out after %v", cfg.Timeout)
	}
	return nil
}
