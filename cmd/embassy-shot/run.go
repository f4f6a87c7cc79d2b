package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/embassy-kiosk/embassy/tools/shot"
	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// envList collects repeated --env NAME=VALUE flags.
type envList []string

func (e *envList) String() string { return strings.Join(*e, ",") }

func (e *envList) Set(v string) error {
	*e = append(*e, v)
	return nil
}

// QR checks, for --qr.
const (
	qrOff     = "off"     // do not look for a QR code
	qrAuto    = "auto"    // when the screen shows half blocks, a QR code must decode
	qrRequire = "require" // a QR code must decode
)

// settings are what the command line asks for.
type settings struct {
	session         shot.Session
	opts            shot.Options
	out, raw, from  string
	qr              string
	text, helpAsked bool
}

func run(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	st, err := parseFlags(args, stderr)
	if err != nil || st.helpAsked {
		return err
	}
	s := st.session
	r, err := shot.NewRenderer(st.opts)
	if err != nil {
		return err
	}
	var sh *shot.Shot
	if st.from != "" {
		b, err := os.ReadFile(st.from)
		if err != nil {
			return fmt.Errorf("--from: %w", err)
		}
		sh = shot.FromOutput(b, s.Width, s.Height, r)
	} else if sh, err = shot.Take(ctx, s, r, stderr); err != nil {
		return err
	}
	if st.raw != "" {
		if err := os.WriteFile(st.raw, sh.Output, 0o644); err != nil {
			return fmt.Errorf("--raw: %w", err)
		}
	}
	img, err := sh.PNG()
	if err != nil {
		return err
	}
	if err := os.WriteFile(st.out, img, 0o644); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	b := sh.Image.Bounds()
	fmt.Fprintf(stdout, "%s: %dx%d cells, %dx%d pixels\n", st.out, s.Width, s.Height, b.Dx(), b.Dy())
	if st.text {
		fmt.Fprint(stdout, shot.Text(sh.Screen))
	}
	return checkQR(st.qr, st.out, sh, stdout)
}

// parseFlags reads the command line and checks it; with --help it prints
// the usage and sets helpAsked.
func parseFlags(args []string, stderr io.Writer) (settings, error) {
	st := settings{session: shot.DefaultSession("127.0.0.1:23234"), opts: shot.DefaultOptions()}
	s, opts := &st.session, &st.opts
	fs := flag.NewFlagSet("embassy-shot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&s.Addr, "addr", s.Addr, "kiosk host:port (loopback only unless --allow-remote)")
	fs.BoolVar(&s.AllowRemote, "allow-remote", false, "allow a kiosk that is not on 127.0.0.0/8 or ::1")
	fs.StringVar(&s.User, "user", s.User, "SSH user name (auth is \"none\")")
	fs.StringVar(&s.Term, "term", s.Term, "TERM sent with the PTY request")
	var env envList
	fs.Var(&env, "env", "NAME=VALUE sent as an env request (repeatable)")
	size := fs.String("size", fmt.Sprintf("%dx%d", s.Width, s.Height), "terminal size, COLUMNSxROWS")
	keys := fs.String("keys", "", "keys to type after the first screen: comma-separated characters and key names (enter, esc, down, …), wait, sleep:DUR; each key waits for a quiet screen")
	fs.DurationVar(&s.Settle, "settle", s.Settle, "a screen is drawn once the output has been quiet this long")
	fs.DurationVar(&s.SettleMax, "settle-max", s.SettleMax, "take a screen that is still changing after this long")
	fs.DurationVar(&s.Timeout, "timeout", s.Timeout, "bound on the whole session")
	fs.StringVar(&st.out, "out", "", "PNG file to write (required)")
	fs.StringVar(&st.raw, "raw", "", "also write what the kiosk sent to this file")
	fs.StringVar(&st.from, "from", "", "draw a file written by --raw instead of connecting")
	fs.BoolVar(&st.text, "text", false, "print the screen's text on stdout")
	fs.StringVar(&st.qr, "qr", qrOff, "look for a QR code: off, auto (needed when the screen shows half blocks), require")
	fs.Float64Var(&opts.FontSize, "font-size", opts.FontSize, "Go Mono size in pixels")
	fs.IntVar(&opts.CellWidth, "cell-width", opts.CellWidth, "cell width in pixels")
	fs.IntVar(&opts.CellHeight, "cell-height", opts.CellHeight, "cell height in pixels (twice the width keeps half blocks square)")
	fs.IntVar(&opts.Padding, "padding", opts.Padding, "cells of background around the screen")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: embassy-shot --out FILE.png [flags]

Takes a PNG screenshot of the kiosk from a real SSH session with a PTY:
types --keys, waits for the screen to settle and draws it. The kiosk must
be on loopback unless --allow-remote. docs/screenshots.sh takes the
README's pictures with it.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		st.helpAsked = errors.Is(err, flag.ErrHelp)
		if st.helpAsked {
			return st, nil
		}
		return st, err
	}
	if fs.NArg() > 0 {
		return st, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	s.Env = env
	var err error
	if s.Width, s.Height, err = parseSize(*size); err != nil {
		return st, fmt.Errorf("--size: %w", err)
	}
	if s.Keys, err = sshterm.ParseKeyScript(*keys); err != nil {
		return st, fmt.Errorf("--keys: %w", err)
	}
	switch {
	case st.out == "":
		return st, errors.New("--out FILE.png is required")
	case !strings.EqualFold(filepath.Ext(st.out), ".png"):
		return st, fmt.Errorf("--out %q: want a .png file", st.out)
	case st.qr != qrOff && st.qr != qrAuto && st.qr != qrRequire:
		return st, fmt.Errorf("--qr %q: want off, auto or require", st.qr)
	case opts.FontSize < 4 || opts.FontSize > 128 || opts.CellWidth < 2 || opts.CellHeight < 2 ||
		opts.CellWidth > 256 || opts.CellHeight > 256 || opts.Padding < 0 || opts.Padding > 10:
		return st, errors.New("--font-size, --cell-width, --cell-height or --padding out of range")
	}
	return st, s.Validate()
}

// checkQR decodes the QR code in the picture, as --qr asks.
func checkQR(mode, name string, sh *shot.Shot, stdout io.Writer) error {
	if mode == qrOff || (mode == qrAuto && !shot.HasHalfBlocks(sh.Screen)) {
		return nil
	}
	code, err := shot.DecodeQR(sh.Image)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	how := "dark on light"
	if code.Inverted {
		how = "light on dark"
	}
	fmt.Fprintf(stdout, "%s: QR code (%s) reads %q\n", name, how, code.Text)
	return nil
}

// parseSize parses COLUMNSxROWS.
func parseSize(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(ws)
		if err == nil {
			h, err = strconv.Atoi(hs)
		}
	}
	if !ok || err != nil || w < 1 || h < 1 || w > 1000 || h > 1000 {
		return 0, 0, fmt.Errorf("%q: want COLUMNSxROWS, for example 80x24", s)
	}
	return w, h, nil
}
