package main

// At events: `embassy local` runs the kiosk in the terminal it is started
// from, for a booth laptop or a projector with no network and no SSH, and
// the settings of the booth and of the attract loop (which SSH sessions show
// too with --attract). run.go registers the flags and calls local.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/colour"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/markdown"
	"github.com/embassy-kiosk/embassy/ui"
)

// boothConfig is the booth's and the attract loop's part of config.
type boothConfig struct {
	allowQuit     bool
	resetAfter    time.Duration
	attract       bool // SSH sessions show the attract loop too
	attractAfter  time.Duration
	publicAddress string
	lang          string
}

func addBoothFlags(fs *flag.FlagSet, cfg *boothConfig) {
	fs.BoolVar(&cfg.allowQuit, "allow-quit", false, "embassy local: let q end the booth (otherwise only Ctrl+C pressed twice within 3 s does)")
	fs.DurationVar(&cfg.resetAfter, "reset-after", 90*time.Second, "embassy local: after this long with no key, start over for the next visitor, forgetting the last one's place and language (0: never)")
	fs.DurationVar(&cfg.attractAfter, "attract-after", 60*time.Second, "after this long with no key, show the attract loop (embassy local, and SSH sessions with --attract; 0: never)")
	fs.BoolVar(&cfg.attract, "attract", false, "SSH sessions show the attract loop too, after --attract-after")
	fs.StringVar(&cfg.publicAddress, "public-address", "embassy.example", "the `HOST[:PORT]` visitors are told to ssh to (the attract loop, the answers without a terminal); with no port, --listen's port (none shown for 22)")
	fs.StringVar(&cfg.lang, "lang", "en", "embassy local: the language the booth starts in, and returns to for each visitor: en or es")
}

// validateBooth checks what the flags' own parsers cannot.
func validateBooth(cfg *config) error {
	for name, d := range map[string]time.Duration{"reset-after": cfg.booth.resetAfter, "attract-after": cfg.booth.attractAfter} {
		if d < 0 {
			return usageError{fmt.Errorf("%s: must not be negative, not %s", setting(name), d)}
		}
	}
	if cfg.booth.lang != "en" && cfg.booth.lang != "es" {
		return usageError{fmt.Errorf("%s: %q is not en or es", setting("lang"), cfg.booth.lang)}
	}
	if err := checkPublicAddress(cfg.booth.publicAddress); err != nil {
		return usageError{fmt.Errorf("%s: %v", setting("public-address"), err)}
	}
	return nil
}

// checkPublicAddress accepts a host name or an IP address, with or without
// a port: it is shown to visitors as part of a command to type.
func checkPublicAddress(addr string) error {
	host := addr
	if h, p, err := net.SplitHostPort(addr); err == nil {
		if err := checkAddr(addr); err != nil {
			return err
		}
		if p == "0" {
			return fmt.Errorf("%q: port 0 is not one visitors can use", addr)
		}
		host = h
	}
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err != nil && validHostname(host) != nil {
		return fmt.Errorf("%q is neither an IP address nor a host name (HOST or HOST:PORT)", addr)
	}
	return nil
}

// sshCommand is what the attract loop tells visitors to type: "ssh HOST", or
// "ssh -p PORT HOST" when the port (--public-address's, or else --listen's)
// is not 22.
func sshCommand(public, listen string) string {
	host, port := strings.Trim(public, "[]"), ""
	if h, p, err := net.SplitHostPort(public); err == nil {
		host, port = h, p
	} else if _, p, err := net.SplitHostPort(listen); err == nil {
		port = p
	}
	if port == "" || port == "22" || port == "0" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}

// sshAttractAfter is the attract loop's delay for SSH sessions: 0 (none)
// unless --attract.
func sshAttractAfter(cfg config) time.Duration {
	if !cfg.booth.attract {
		return 0
	}
	return cfg.booth.attractAfter
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// local runs the kiosk in booth mode on this process's terminal until
// Ctrl+C is pressed twice (or q, with --allow-quit), or ctx ends (SIGINT,
// SIGTERM).
func local(ctx context.Context, cfg config, stdin *os.File, stdout io.Writer) error {
	out, ok := stdout.(*os.File)
	if !ok || !isTerminal(out) || !isTerminal(stdin) {
		return errors.New("local: the booth runs in this terminal, but standard input or output is not a terminal")
	}
	lib, err := loadContent(cfg.contentDir)
	if err != nil {
		return fmt.Errorf("content: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Glyphs and colours from this terminal's environment, before the
	// first frame, as an SSH visitor's (a vt100 shows no colour).
	env := os.Environ()
	profile := colour.Profile(env)
	model := ui.New(ui.Options{
		Env:          env,
		Profile:      profile,
		Library:      lib,
		Markdown:     markdown.NewCache(),
		Lang:         content.Lang(cfg.booth.lang),
		Booth:        true,
		AllowQuit:    cfg.booth.allowQuit,
		ResetAfter:   cfg.booth.resetAfter,
		AttractAfter: cfg.booth.attractAfter,
		SSHCommand:   sshCommand(cfg.booth.publicAddress, cfg.listen),
		Done:         ctx.Done(),
	})
	p := tea.NewProgram(model, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(out), tea.WithColorProfile(profile))
	_, err = p.Run()
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted):
		return nil
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil // SIGINT or SIGTERM: the operator stopped the booth
	}
	return fmt.Errorf("local: %w", err)
}
