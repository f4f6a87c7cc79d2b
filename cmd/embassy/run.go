package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

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

	maxConns      int
	maxPerSource  int
	maxHandshakes int
	idleTimeout   time.Duration
	exempt        string
	ops           opsConfig // metrics, drain, PROXY protocol, hostname: ops.go
	watch         bool
	watchEvery    time.Duration // how often --watch looks (tests shorten it)

	booth    boothConfig // embassy local and the attract loop: local.go
	renderer string
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
	fs.DurationVar(&cfg.maxSession, "max-session", server.DefaultMaxSessionTime, "close any connection after this (a countdown shows in its last minute)")
	fs.IntVar(&cfg.maxConns, "max-conns", server.DefaultMaxConns, "most open connections; a visitor costs about 0.7 MB at 80x24 and up to 8.3 MB at the largest terminal size (300x100)")
	fs.IntVar(&cfg.maxHandshakes, "max-handshakes", server.DefaultMaxHandshakes, "most connections still in the SSH handshake; from a third of it on, new ones are refused at random (as OpenSSH's MaxStartups)")
	fs.IntVar(&cfg.maxPerSource, "max-per-source", server.DefaultMaxPerSource, "most open connections from one IPv4 address or IPv6 /64 (raise it, or use --exempt, for an event's shared Wi-Fi)")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", server.DefaultIdleTimeout, "say goodbye to a visitor who presses no key for this long (after a 30 s countdown)")
	fs.StringVar(&cfg.exempt, "exempt", "", "comma-separated addresses or CIDR prefixes with no per-source limit or penalty (a venue's shared address)")
	fs.StringVar(&cfg.logFormat, "log-format", "auto", "log format: json, text, or auto (text on a terminal, else json)")
	fs.BoolVar(&cfg.logFullIP, "log-full-ip", false, "log whole client addresses (default: IPv4 /24, IPv6 /48, for visitors' privacy)")
	fs.BoolVar(&cfg.watch, "watch", false, "reload the --content folder when its files change (SIGHUP always reloads)")
	addOpsFlags(fs, &cfg.ops)
	addBoothFlags(fs, &cfg.booth) // local.go
	fs.StringVar(&cfg.renderer, "renderer", server.RendererImmediate, "how screens are drawn: immediate (on every change) or bubbletea (Bubble Tea's 60 fps ticker)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: embassy [flags]            run the kiosk
       embassy fingerprint [flags] print the host key's fingerprint and SSHFP records
       embassy health [ADDR]       exit 0 if the kiosk at ADDR (its --metrics) is ready
       embassy check [DIR]         check a content folder (or the built-in
                                   content) and list every problem in it
       embassy local [flags]       run the kiosk in this terminal, for a booth at an
                                   event (no SSH; Ctrl+C twice to stop)

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
	cfg := config{watchEvery: defaultWatchEvery}
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
	if name := flagWithoutValue(fs, args); name != "" { // content.go
		return cfg, nil, usageError{fmt.Errorf("--%s needs a value (see embassy --help)", name)}
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
	if cfg.watch && cfg.contentDir == "" {
		return cfg, nil, usageError{errors.New("--watch needs --content DIR: the built-in content cannot change")}
	}
	for name, n := range map[string]int{"max-conns": cfg.maxConns, "max-per-source": cfg.maxPerSource, "max-handshakes": cfg.maxHandshakes} {
		if n <= 0 {
			return cfg, nil, usageError{fmt.Errorf("--%s: must be more than 0, not %d", name, n)}
		}
	}
	if _, err := parsePrefixes(cfg.exempt); err != nil {
		return cfg, nil, usageError{fmt.Errorf("--exempt: %v", err)}
	}
	for name, d := range map[string]time.Duration{"drain": cfg.drain, "handshake-timeout": cfg.handshake, "max-session": cfg.maxSession, "idle-timeout": cfg.idleTimeout} {
		if d <= 0 {
			return cfg, nil, usageError{fmt.Errorf("--%s: must be more than 0, not %s", name, d)}
		}
	}
	if err := validateOps(&cfg); err != nil {
		return cfg, nil, err
	}
	if err := validateBooth(&cfg); err != nil { // local.go
		return cfg, nil, err
	}
	return cfg, fs.Args(), nil
}

// parsePrefixes reads "192.0.2.7, 2001:db8::/48": addresses or prefixes.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or prefix", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "health":
		return health(ctx, args, getenv, stdout, stderr)
	case "check": // content.go
		return checkCommand(args, getenv, stdout, stderr)
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
	case "local": // a booth: the kiosk in this terminal (local.go)
		return local(ctx, cfg, os.Stdin, stdout)
	case "fingerprint":
		signer, _, err := hostKey(cfg, getenv)
		if err != nil {
			return err
		}
		printFingerprint(stdout, signer.PublicKey(), cfg.ops.hostname)
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
	lib, err := loadContent(cfg.contentDir)
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
	exempt, _ := parsePrefixes(cfg.exempt) // checked in parseConfig
	srv, err := server.New(server.Config{
		HostKey:            signer,
		Library:            lib,
		Logger:             log,
		HandshakeTimeout:   cfg.handshake,
		MaxSessionTime:     cfg.maxSession,
		LogFullIP:          cfg.logFullIP,
		MaxConns:           cfg.maxConns,
		MaxPerSource:       cfg.maxPerSource,
		MaxHandshakes:      cfg.maxHandshakes,
		HandshakeDropStart: max(1, cfg.maxHandshakes/3),
		IdleTimeout:        cfg.idleTimeout,
		ExemptSources:      exempt,
		ProxyFrom:          cfg.ops.proxyFrom,
		AttractAfter:       sshAttractAfter(cfg),                            // local.go
		SSHCommand:         sshCommand(cfg.booth.publicAddress, cfg.listen), // local.go
		Renderer:           cfg.renderer,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	stopOps, err := startOps(cfg.ops, srv, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopOps()
	defer startReloads(ctx, cfg, srv, log)() // SIGHUP, and --watch
	log.Info("host key", "path", keyInfo.Path, "created", keyInfo.Created, "fingerprint", keys.Fingerprint(signer.PublicKey()))
	log.Info("listening", "addr", ln.Addr().String(), "pages", len(lib.Pages), "links", len(lib.Links))
	logContentWarnings(log, lib) // content.go
	fmt.Fprintf(stdout, "Embassy kiosk ready: ssh -p %d localhost\n", ln.Addr().(*net.TCPAddr).Port)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	drain(srv, cfg, log) // ops.go: readiness, --drain-delay, goodbyes, --drain
	<-served
	log.Info("stopped")
	return nil
}
