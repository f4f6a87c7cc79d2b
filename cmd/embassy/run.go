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
	"runtime/debug"
	"strings"
	"sync"
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
	logClient   bool // --log-client-details

	maxConns      int
	memoryBudget  byteSize
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
	fs.Var(&cfg.memoryBudget, "memory-budget", "memory open sessions may hold, counted by window size (`SIZE`, e.g. 1GiB; default: 3/4 of the cgroup limit or GOMEMLIMIT, else half the machine's memory, less 32 MiB); past it visitors are told the kiosk is busy")
	fs.IntVar(&cfg.maxConns, "max-conns", 0, "most open connections, on top of the memory budget (default 0: the open-files limit)")
	fs.IntVar(&cfg.maxHandshakes, "max-handshakes", 0, "most connections still in the SSH handshake; from a third of it on, new ones are refused at random (as OpenSSH's MaxStartups) (default 0: sized from the CPUs, see docs/operations.md)")
	fs.IntVar(&cfg.maxPerSource, "max-per-source", server.DefaultMaxPerSource, "most open connections from one IPv4 address or IPv6 /64 (raise it, or use --exempt, for an event's shared Wi-Fi)")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", server.DefaultIdleTimeout, "say goodbye to a visitor who presses no key for this long (after a 30 s countdown)")
	fs.StringVar(&cfg.exempt, "exempt", "", "comma-separated addresses or CIDR prefixes with no per-source limit or penalty (a venue's shared address)")
	fs.StringVar(&cfg.logFormat, "log-format", "auto", "log format: json, text, or auto (text on a terminal, else json)")
	fs.BoolVar(&cfg.logFullIP, "log-full-ip", false, "log whole client addresses (default: IPv4 /24, IPv6 /48, for visitors' privacy)")
	fs.BoolVar(&cfg.logClient, "log-client-details", false, "log each session's SSH client version string and TERM (default: only counted by family in the metrics, for visitors' privacy)")
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
	if cfg.maxPerSource <= 0 {
		return cfg, nil, usageError{fmt.Errorf("--max-per-source: must be more than 0, not %d", cfg.maxPerSource)}
	}
	for name, n := range map[string]int{"max-conns": cfg.maxConns, "max-handshakes": cfg.maxHandshakes} {
		if n < 0 {
			return cfg, nil, usageError{fmt.Errorf("--%s: must be 0 (sized from the machine) or more, not %d", name, n)}
		}
	}
	if _, err := server.ParseNetworks(cfg.exempt); err != nil {
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

// byteSize is a flag holding a size in bytes ("512MiB", "2GiB").
type byteSize int64

func (b *byteSize) String() string {
	if *b == 0 {
		return ""
	}
	return server.FormatBytes(int64(*b))
}

func (b *byteSize) Set(v string) error {
	n, err := server.ParseBytes(v)
	if err != nil {
		return err
	}
	if n <= 0 {
		return errors.New("must be more than 0")
	}
	*b = byteSize(n)
	return nil
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
		return checkCommand(ctx, args, getenv, stdout, stderr)
	}
	if cmd == "" {
		return runServer(ctx, args, getenv, stdout, stderr)
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
	case "local": // a booth: the kiosk in this terminal (local.go)
		return local(ctx, cfg, os.Stdin, stdout)
	case "fingerprint":
		// Never creates a key: it must describe the one the service uses.
		key, err := interruptible(ctx, func() (loadedKey, error) { return hostKey(cfg, getenv, false) })
		if err != nil {
			return err
		}
		printFingerprint(stdout, key.signer.PublicKey(), cfg.ops.hostname)
		return nil
	}
	return usageError{fmt.Errorf("unknown command %q (see --help)", cmd)}
}

// runServer is the kiosk itself. When its logs are JSON, so is everything
// it writes: a setting it cannot use, or a failure to start, is one JSON
// line on stderr (a log collector rejects anything else).
func runServer(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	asJSON := explicitJSON(args, getenv)
	flagOutput := stderr
	if asJSON {
		flagOutput = io.Discard // the usage text is not a log line
	}
	cfg, rest, err := parseConfig(args, getenv, flagOutput)
	switch {
	case errors.Is(err, flag.ErrHelp):
		if asJSON {
			newFlagSet(&config{}, stderr).Usage() // asked for: the usage text, not a log line
		}
		return nil
	case err == nil && len(rest) > 0:
		err = usageError{fmt.Errorf("unexpected argument %q (see --help)", rest[0])}
	case err == nil:
		asJSON = logFormat(cfg.logFormat, stderr) == "json"
		err = serve(ctx, cfg, getenv, stdout, stderr)
	}
	if err != nil && asJSON {
		newLogger("json", stderr).Error("embassy: "+err.Error(), "exit_status", exitCode(err))
		return reported{err}
	}
	return err
}

// loadedKey is the host key and where it came from.
type loadedKey struct {
	signer gossh.Signer
	info   keys.Info
}

// hostKey is, in order: EMBASSY_HOST_KEY's PEM, --host-key's file, or the
// key in the data folder, created on first start when create is true (the
// server) and an error naming its path when it is missing otherwise.
func hostKey(cfg config, getenv func(string) string, create bool) (loadedKey, error) {
	if pem := getenv("EMBASSY_HOST_KEY"); pem != "" {
		s, err := keys.Parse([]byte(pem))
		if err != nil {
			return loadedKey{}, fmt.Errorf("EMBASSY_HOST_KEY: %w", err)
		}
		return loadedKey{s, keys.Info{Path: "EMBASSY_HOST_KEY"}}, nil
	}
	var k loadedKey
	var err error
	switch {
	case cfg.hostKeyFile != "":
		k.signer, k.info, err = keys.LoadFile(cfg.hostKeyFile)
	case create:
		k.signer, k.info, err = keys.LoadOrCreate(cfg.data)
	default:
		k.signer, k.info, err = keys.Load(cfg.data)
	}
	if err != nil {
		return loadedKey{}, fmt.Errorf("host key: %w", err)
	}
	return k, nil
}

// errInterrupted ends a start-up cut short by SIGINT or SIGTERM.
var errInterrupted = errors.New("interrupted during start-up")

// interruptible runs one step of start-up, but returns errInterrupted as soon
// as ctx ends (a signal): a step stuck on a file (a hung network mount, a
// special file) must not keep the process from ending. The step's goroutine
// is left behind; the process is about to exit.
func interruptible[T any](ctx context.Context, step func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := step()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, errInterrupted
	}
}

// logFormat is the format of what goes to w: "auto" is text on a terminal
// and JSON anywhere else (a file, a pipe, the journal, a container's log).
func logFormat(format string, w io.Writer) string {
	if format != "auto" {
		return format
	}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "text"
		}
	}
	return "json"
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if logFormat(format, w) == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// sayReady tells stdout where the kiosk listens: a line for a person, or,
// when stdout gets JSON, a log line with the same words (a log collector
// rejects anything else).
func sayReady(format string, stdout io.Writer, port int) {
	line := fmt.Sprintf("Embassy kiosk ready: ssh -p %d localhost", port)
	if logFormat(format, stdout) == "text" {
		fmt.Fprintln(stdout, line)
		return
	}
	newLogger("json", stdout).Info(line, "port", port)
}

// reported is an error already written to stderr as a log line; main does
// not print it again.
type reported struct{ error }

func (r reported) Unwrap() error { return r.error }

// explicitJSON reports whether the command line or the environment asks
// for JSON logs, for errors found before the settings are read whole.
func explicitJSON(args []string, getenv func(string) string) bool {
	format := getenv(envName("log-format"))
	for i, a := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "log-format" {
			continue
		}
		if hasValue {
			format = value
		} else if i+1 < len(args) {
			format = args[i+1]
		}
	}
	return format == "json"
}

func serve(ctx context.Context, cfg config, getenv func(string) string, stdout, stderr io.Writer) error {
	log := newLogger(cfg.logFormat, stderr)
	lib, err := interruptible(ctx, func() (*content.Library, error) { return loadContent(cfg.contentDir) })
	if err != nil {
		return fmt.Errorf("content: %w", err)
	}
	key, err := interruptible(ctx, func() (loadedKey, error) { return hostKey(cfg, getenv, true) })
	if err != nil {
		return err
	}
	signer, keyInfo := key.signer, key.info
	for _, w := range keyInfo.Warnings {
		log.Warn("host key: " + w)
	}
	exempt, _ := server.ParseNetworks(cfg.exempt) // checked in parseConfig
	srv, err := server.New(server.Config{
		HostKey:          signer,
		Library:          lib,
		Logger:           log,
		HandshakeTimeout: cfg.handshake,
		MaxSessionTime:   cfg.maxSession,
		LogFullIP:        cfg.logFullIP,
		LogClientDetails: cfg.logClient,
		MemoryBudget:     int64(cfg.memoryBudget),
		MaxConns:         cfg.maxConns,
		MaxPerSource:     cfg.maxPerSource,
		MaxHandshakes:    cfg.maxHandshakes, // the drop starts at a third of it (server/capacity.go)
		IdleTimeout:      cfg.idleTimeout,
		ExemptSources:    exempt,
		ProxyFrom:        cfg.ops.proxyFrom,
		AttractAfter:     sshAttractAfter(cfg),                            // local.go
		SSHCommand:       sshCommand(cfg.booth.publicAddress, cfg.listen), // local.go
		Renderer:         cfg.renderer,
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
	log.Info("limits", srv.Limits().LogArgs()...)
	if limit, ok := server.ProbeMachine().SoftMemoryLimit(); ok {
		debug.SetMemoryLimit(limit) // as GOMEMLIMIT would: the GC works harder near the cgroup's limit
		log.Info("memory limit for the garbage collector", "limit", server.FormatBytes(limit), "from", "cgroup")
	}
	sayReady(cfg.logFormat, stdout, ln.Addr().(*net.TCPAddr).Port)

	served := make(chan error, 1)
	accepting := &firstAccept{Listener: ln, started: make(chan struct{})}
	go func() { served <- srv.Serve(accepting) }()
	// Shutdown before Serve has registered its listener finds nothing to
	// close (Serve would then accept for ever) and races its WaitGroup: a
	// stop is only acted on once Serve is accepting.
	select {
	case err := <-served:
		return err
	case <-accepting.started:
	}
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

// firstAccept closes started when Serve first calls Accept, which it does
// only after it has registered the listener for Shutdown.
type firstAccept struct {
	net.Listener
	once    sync.Once
	started chan struct{}
}

func (l *firstAccept) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.started) })
	return l.Listener.Accept()
}
