package main

// The operator's settings and helpers: the metrics and health listener,
// the drain on SIGTERM, the PROXY protocol, and what `embassy fingerprint`
// prints. run.go calls these; they are kept here so that its own flags and
// start-up stay short.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/keys"
	"github.com/embassy-kiosk/embassy/server"
)

// hostKeyEnv holds a host key itself, as PEM; it is the one setting that is
// not a flag (a key does not belong on a command line, where ps shows it).
const hostKeyEnv = "EMBASSY_HOST_KEY"

// opsConfig is the operator's part of config.
type opsConfig struct {
	metrics    string        // address of the metrics and health listener; "" is off
	drainDelay time.Duration // on SIGTERM, time between readiness turning false and the listener closing
	proxyFrom  networks      // networks trusted to send PROXY protocol headers
	hostname   string        // the name the SSHFP records are for
}

// networks is a flag holding a comma-separated list of CIDRs; a bad one is
// an error when the flag (or its variable) is set, naming it.
type networks []netip.Prefix

func (n *networks) String() string {
	s := make([]string, len(*n))
	for i, p := range *n {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

func (n *networks) Set(v string) error {
	p, err := server.ParseNetworks(v)
	if err != nil {
		return err
	}
	*n = p
	return nil
}

// defaultHostname is this machine's name, or embassy.example.
func defaultHostname() string {
	if h, err := os.Hostname(); err == nil && validHostname(h) == nil {
		return h
	}
	return "embassy.example"
}

func addOpsFlags(fs *flag.FlagSet, cfg *opsConfig) {
	fs.StringVar(&cfg.metrics, "metrics", "", "serve /metrics, /healthz and /readyz over HTTP on `ADDR`, e.g. 127.0.0.1:9234 (default off); never expose it to visitors")
	fs.DurationVar(&cfg.drainDelay, "drain-delay", 0, "on SIGINT/SIGTERM, keep accepting connections this long after /readyz turns 503, so load balancers notice first (e.g. 5s behind one)")
	fs.Var(&cfg.proxyFrom, "proxy-protocol-from", "accept PROXY protocol v1/v2 headers only from these networks (`CIDR,...`), e.g. 10.0.0.0/8,192.0.2.7: your load balancers; a header from anyone else is refused (default: none trusted)")
	fs.StringVar(&cfg.hostname, "hostname", defaultHostname(), "the `NAME` visitors use to reach the kiosk, for the SSHFP records that embassy fingerprint prints")
}

// setting names a flag and its variable, for error messages.
func setting(name string) string { return "--" + name + " (" + envName(name) + ")" }

// validateOps checks what the flags' own parsers cannot.
func validateOps(cfg *config) error {
	if err := checkAddr(cfg.listen); err != nil {
		return usageError{fmt.Errorf("%s: %v", setting("listen"), err)}
	}
	if cfg.ops.metrics != "" {
		if err := checkAddr(cfg.ops.metrics); err != nil {
			return usageError{fmt.Errorf("%s: %v", setting("metrics"), err)}
		}
		if cfg.ops.metrics == cfg.listen && !strings.HasSuffix(cfg.listen, ":0") {
			return usageError{fmt.Errorf("%s: %q is also the SSH address (--listen)", setting("metrics"), cfg.ops.metrics)}
		}
	}
	if cfg.ops.drainDelay < 0 {
		return usageError{fmt.Errorf("%s: must not be negative, not %s", setting("drain-delay"), cfg.ops.drainDelay)}
	}
	if err := validHostname(cfg.ops.hostname); err != nil {
		return usageError{fmt.Errorf("%s: %v", setting("hostname"), err)}
	}
	return nil
}

// checkAddr accepts HOST:PORT with a numeric port (HOST may be empty: every
// address).
func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not HOST:PORT", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: the port must be a number from 0 to 65535", addr)
	}
	if host != "" {
		if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err != nil && validHostname(host) != nil {
			return fmt.Errorf("%q: %q is neither an IP address nor a host name", addr, host)
		}
	}
	return nil
}

// validHostname accepts DNS names: letters, digits, hyphens and dots.
func validHostname(h string) error {
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return errors.New("a host name of 1 to 253 characters is needed")
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("%q is not a valid host name", h)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("%q is not a valid host name", h)
			}
		}
	}
	return nil
}

// printFingerprint prints what to publish for the host key: its SHA256
// fingerprint, then the SSHFP records for hostname.
func printFingerprint(w io.Writer, pub gossh.PublicKey, hostname string) {
	fmt.Fprintln(w, keys.Fingerprint(pub))
	for _, rr := range keys.SSHFP(hostname, pub) {
		fmt.Fprintln(w, rr)
	}
}

// startOps starts the metrics and health listener if --metrics is set; stop
// closes it. A port that cannot be bound stops start-up.
func startOps(cfg opsConfig, srv *server.Server, log *slog.Logger) (stop func(), err error) {
	if cfg.metrics == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.metrics)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", setting("metrics"), err)
	}
	hs := srv.NewOpsServer()
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "error", err.Error())
		}
	}()
	log.Info("metrics and health", "addr", ln.Addr().String(), "paths", "/metrics /healthz /readyz")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}, nil
}

// drain stops the server the way a load balancer likes: readiness turns
// false, the listener stays open for --drain-delay, then it closes and open
// sessions get until --drain to end (they are told the time left). It
// returns by the deadline, delay plus drain after it was called.
func drain(srv *server.Server, cfg config, log *slog.Logger) {
	srv.Drain()
	log.Info("shutting down", "drain_delay", cfg.ops.drainDelay.String(), "drain", cfg.drain.String())
	time.Sleep(cfg.ops.drainDelay)
	ctx, cancel := context.WithTimeout(context.Background(), cfg.drain)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("drain deadline passed; closed remaining connections", "error", err.Error())
	}
}

// health is `embassy health [ADDR]`: it asks the kiosk's /readyz and exits
// 0 when it is ready, 1 when it is not; for container health checks in an
// image with no shell and no curl.
func health(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("embassy health", flag.ContinueOnError)
	fs.SetOutput(stderr)
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this")
	path := fs.String("path", "/readyz", "what to ask: /readyz (ready for visitors) or /healthz (alive)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: embassy health [flags] [ADDR]

Asks the kiosk's metrics listener whether it is ready (GET http://ADDR/readyz)
and exits 0 if it is, 1 if it is not. ADDR defaults to EMBASSY_METRICS, the
address the kiosk serves its metrics on.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err}
	}
	addr := getenv(envName("metrics"))
	switch fs.NArg() {
	case 0:
	case 1:
		addr = fs.Arg(0)
	default:
		return usageError{fmt.Errorf("health: one address at most (see embassy health --help)")}
	}
	if addr == "" {
		return usageError{errors.New("health: no address: give one (embassy health 127.0.0.1:9234) or set EMBASSY_METRICS")}
	}
	if err := checkAddr(addr); err != nil {
		return usageError{fmt.Errorf("health: %v", err)}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	url := "http://" + dialable(addr) + *path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return usageError{fmt.Errorf("health: %v", err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	answer := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s: %s %s", url, resp.Status, answer)
	}
	fmt.Fprintln(stdout, answer)
	return nil
}

// dialable turns a listen address into one to connect to: an empty or
// unspecified host (":9234", "0.0.0.0:9234") is this machine.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}
