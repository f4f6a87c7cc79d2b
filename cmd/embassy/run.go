package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/keys"
	"github.com/embassy-kiosk/embassy/server"
)

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ error }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// config is every setting, each a flag and an EMBASSY_* variable.
type config struct {
	listen      string
	data        string
	contentDir  string
	hostKeyFile string
	drain       time.Duration
	handshake   time.Duration
	maxSession  time.Duration
	logFormat   string
	logFullIP   bool
	renderer    string
}

func newFlagSet(cfg *config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("embassy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.listen, "listen", ":23234", "address to listen on for SSH")
	fs.StringVar(&cfg.data, "data", "./data", "folder for the host key (created on first start, mode 0700)")
	fs.StringVar(&cfg.contentDir, "content", "", "serve the pages and links in this folder instead of the embedded ones")
	fs.StringVar(&cfg.hostKeyFile, "host-key", "", "use this host key file instead of DATA/ssh_host_ed25519_key (EMBASSY_HOST_KEY may also hold the PEM itself)")
	fs.DurationVar(&cfg.drain, "drain", 10*time.Second, "on SIGINT/SIGTERM, how long open sessions get to finish")
	fs.DurationVar(&cfg.handshake, "handshake-timeout", server.DefaultHandshakeTimeout, "close connections that have not finished the SSH handshake after this")
	fs.DurationVar(&cfg.maxSession, "max-session", server.DefaultMaxSessionTime, "close any connection after this")
	fs.StringVar(&cfg.logFormat, "log-format", "auto", "log format: json, text, or auto (text on a terminal, else json)")
	fs.BoolVar(&cfg.logFullIP, "log-full-ip", false, "log whole client addresses (default: IPv4 /24, IPv6 /48, for visitors' privacy)")
	fs.StringVar(&cfg.renderer, "renderer", server.RendererImmediate, "how screens are drawn: immediate (on every change) or bubbletea (Bubble Tea's 60 fps ticker)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: embassy [flags]            run the kiosk
       embassy fingerprint [flags] print the host key's fingerprint

The Embassy of the Argentine Republic in South Africa's SSH kiosk.
Visitors connect with: ssh -p 23234 HOST (no password, no key).

Every flag can also be set with an environment variable: --log-format is
EMBASSY_LOG_FORMAT (and --host-key is EMBASSY_HOST_KEY_FILE). A flag on the
command line wins over the variable. EMBASSY_HOST_KEY may hold a host key
itself, as PEM, for replicas that share one key.

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

// envName maps a flag name to its environment variable. --host-key's is
// EMBASSY_HOST_KEY_FILE, because EMBASSY_HOST_KEY holds a key itself.
func envName(flagName string) string {
	if flagName == "host-key" {
		return "EMBASSY_HOST_KEY_FILE"
	}
	return "EMBASSY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseConfig reads the environment, then the command line.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, []string, error) {
	var cfg config
	fs := newFlagSet(&cfg, stderr)
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(envName(f.Name)); v != "" && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = usageError{fmt.Errorf("%s=%q: %v", envName(f.Name), v, err)}
			}
		}
	})
	if envErr != nil {
		return cfg, nil, envErr
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, nil, err
		}
		return cfg, nil, usageError{err}
	}
	if cfg.logFormat != "auto" && cfg.logFormat != "json" && cfg.logFormat != "text" {
		return cfg, nil, usageError{fmt.Errorf("--log-format: %q is not json, text or auto", cfg.logFormat)}
	}
	if cfg.renderer != server.RendererImmediate && cfg.renderer != server.RendererBubbleTea {
		return cfg, nil, usageError{fmt.Errorf("--renderer: %q is not immediate or bubbletea", cfg.renderer)}
	}
	for name, d := range map[string]time.Duration{"drain": cfg.drain, "handshake-timeout": cfg.handshake, "max-session": cfg.maxSession} {
		if d <= 0 {
			return cfg, nil, usageError{fmt.Errorf("--%s: must be more than 0, not %s", name, d)}
		}
	}
	return cfg, fs.Args(), nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	cfg, rest, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q (see --help)", rest[0])}
	}
	switch cmd {
	case "":
		return serve(ctx, cfg, getenv, stdout, stderr)
	case "fingerprint":
		signer, _, err := hostKey(cfg, getenv)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, keys.Fingerprint(signer.PublicKey()))
		return nil
	}
	return usageError{fmt.Errorf("unknown command %q (see --help)", cmd)}
}

// hostKey is, in order: EMBASSY_HOST_KEY's PEM, --host-key's file, or the
// key in the data folder, created on first start.
func hostKey(cfg config, getenv func(string) string) (gossh.Signer, keys.Info, error) {
	if pem := getenv("EMBASSY_HOST_KEY"); pem != "" {
		s, err := keys.Parse([]byte(pem))
		if err != nil {
			return nil, keys.Info{}, fmt.Errorf("EMBASSY_HOST_KEY: %w", err)
		}
		return s, keys.Info{Path: "EMBASSY_HOST_KEY"}, nil
	}
	var s gossh.Signer
	var info keys.Info
	var err error
	if cfg.hostKeyFile != "" {
		s, info, err = keys.LoadFile(cfg.hostKeyFile)
	} else {
		s, info, err = keys.LoadOrCreate(cfg.data)
	}
	if err != nil {
		return nil, info, fmt.Errorf("host key: %w", err)
	}
	return s, info, nil
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

func serve(ctx context.Context, cfg config, getenv func(string) string, stdout, stderr io.Writer) error {
	log := newLogger(cfg.logFormat, stderr)
	var lib *content.Library
	var err error
	if cfg.contentDir != "" {
		lib, err = content.LoadDir(cfg.contentDir)
	} else {
		lib, err = content.Load(content.Embedded())
	}
	if err != nil {
		return fmt.Errorf("content: %w", err)
	}
	signer, keyInfo, err := hostKey(cfg, getenv)
	if err != nil {
		return err
	}
	for _, w := range keyInfo.Warnings {
		log.Warn("host key: " + w)
	}
	srv, err := server.New(server.Config{
		HostKey:          signer,
		Library:          lib,
		Logger:           log,
		HandshakeTimeout: cfg.handshake,
		MaxSessionTime:   cfg.maxSession,
		LogFullIP:        cfg.logFullIP,
		Renderer:         cfg.renderer,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("host key", "path", keyInfo.Path, "created", keyInfo.Created, "fingerprint", keys.Fingerprint(signer.PublicKey()))
	log.Info("listening", "addr", ln.Addr().String(), "pages", len(lib.Pages), "links", len(lib.Links))
	fmt.Fprintf(stdout, "Embassy kiosk ready: ssh -p %d localhost\n", ln.Addr().(*net.TCPAddr).Port)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "drain", cfg.drain.String())
	drainCtx, cancel := context.WithTimeout(context.Background(), cfg.drain)
	defer cancel()
	if err := srv.Shutdown(drainCtx); err != nil {
		log.Warn("drain deadline passed; closed remaining connections", "error", err.Error())
	}
	<-served
	log.Info("stopped")
	return nil
}
