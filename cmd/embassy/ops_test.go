package main

// Tests of the binary as an operator runs it: settings, `embassy health`,
// `embassy fingerprint`, and SIGTERM on a real process. The processes are
// this test binary re-run as the kiosk (see TestMain), so no build is needed.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/keys"
)

// TestMain runs the kiosk itself when asked to, so that tests can start it
// as a real process and send it real signals.
func TestMain(m *testing.M) {
	if os.Getenv("EMBASSY_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func noEnv(string) string { return "" }

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestBadSettingsStopStartUpNamingThem(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{args: []string{"--listen", "23234"}, want: "--listen (EMBASSY_LISTEN)"},
		{env: map[string]string{"EMBASSY_LISTEN": "localhost:http"}, want: "--listen (EMBASSY_LISTEN)"},
		{args: []string{"--metrics", "127.0.0.1:70000"}, want: "--metrics (EMBASSY_METRICS)"},
		{args: []string{"--metrics", ":23234"}, want: "is also the SSH address"},
		{args: []string{"--drain-delay", "-5s"}, want: "--drain-delay (EMBASSY_DRAIN_DELAY)"},
		{env: map[string]string{"EMBASSY_DRAIN_DELAY": "soon"}, want: "EMBASSY_DRAIN_DELAY"},
		{args: []string{"--proxy-protocol-from", "10.0.0.0/8,nonsense"}, want: "proxy-protocol-from"},
		{env: map[string]string{"EMBASSY_PROXY_PROTOCOL_FROM": "10.0.0.0/99"}, want: "EMBASSY_PROXY_PROTOCOL_FROM"},
		{args: []string{"--hostname", "not a name"}, want: "--hostname (EMBASSY_HOSTNAME)"},
		{args: []string{"--drain", "0s"}, want: "--drain"},
		{args: []string{"--log-format", "xml"}, want: "--log-format"},
	} {
		_, _, err := parseConfig(tc.args, envOf(tc.env), io.Discard)
		if err == nil {
			t.Errorf("args %q env %v: accepted", tc.args, tc.env)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || exitCode(err) != 2 {
			t.Errorf("args %q env %v: error %q (exit %d), want it to name %s and exit 2", tc.args, tc.env, err, exitCode(err), tc.want)
		}
	}
}

func TestOpsSettingsFromEnvironmentAndFlags(t *testing.T) {
	t.Parallel()
	cfg, _, err := parseConfig(nil, envOf(map[string]string{
		"EMBASSY_METRICS":             "127.0.0.1:9234",
		"EMBASSY_DRAIN_DELAY":         "5s",
		"EMBASSY_PROXY_PROTOCOL_FROM": "10.0.0.0/8, 192.0.2.7",
		"EMBASSY_HOSTNAME":            "kiosk.embassy.example",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ops.metrics != "127.0.0.1:9234" || cfg.ops.drainDelay != 5*time.Second ||
		cfg.ops.proxyFrom.String() != "10.0.0.0/8,192.0.2.7/32" || cfg.ops.hostname != "kiosk.embassy.example" {
		t.Errorf("from the environment: %+v", cfg.ops)
	}
	cfg, _, err = parseConfig([]string{"--metrics", "[::1]:9300", "--drain-delay", "0s"}, envOf(map[string]string{"EMBASSY_METRICS": "127.0.0.1:9234", "EMBASSY_DRAIN_DELAY": "5s"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ops.metrics != "[::1]:9300" || cfg.ops.drainDelay != 0 {
		t.Errorf("a flag should win over its variable: %+v", cfg.ops)
	}
	// Safe defaults: no metrics listener, nobody trusted for PROXY headers.
	cfg, _, err = parseConfig(nil, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ops.metrics != "" || len(cfg.ops.proxyFrom) != 0 || cfg.logFullIP {
		t.Errorf("defaults are not the safe ones: %+v", cfg)
	}
}

func TestHelpListsEverySetting(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, noEnv, io.Discard, &out); err != nil {
		t.Fatal(err)
	}
	var cfg config
	newFlagSet(&cfg, io.Discard).VisitAll(func(f *flag.Flag) {
		if !strings.Contains(out.String(), "-"+f.Name+" ") && !strings.Contains(out.String(), "-"+f.Name+"\n") {
			t.Errorf("--help does not list --%s", f.Name)
		}
	})
	for _, cmd := range []string{"fingerprint", "health"} {
		if !strings.Contains(out.String(), "embassy "+cmd) {
			t.Errorf("--help does not mention embassy %s", cmd)
		}
	}
}

func TestFingerprintPrintsSSHFPRecords(t *testing.T) {
	t.Parallel()
	key := string(testkit.HostKeyPEM(t))
	var out bytes.Buffer
	err := run(context.Background(), []string{"fingerprint", "--hostname", "kiosk.embassy.example"}, envOf(map[string]string{hostKeyEnv: key}), &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := keys.Parse([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{keys.Fingerprint(signer.PublicKey())}, keys.SSHFP("kiosk.embassy.example", signer.PublicKey())...)
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("embassy fingerprint printed\n%s\nwant\n%s", out.String(), strings.Join(want, "\n"))
	}
	if len(got) != 3 || !strings.HasPrefix(got[1], "kiosk.embassy.example. IN SSHFP 4 1 ") || !strings.HasPrefix(got[2], "kiosk.embassy.example. IN SSHFP 4 2 ") {
		t.Errorf("want a SHA256 line and two SSHFP records, got:\n%s", out.String())
	}
}

func TestHealthCommandNeedsAnAddress(t *testing.T) {
	t.Parallel()
	err := run(context.Background(), []string{"health"}, noEnv, io.Discard, io.Discard)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "EMBASSY_METRICS") {
		t.Errorf("health with no address: %v (exit %d), want a usage error naming EMBASSY_METRICS", err, exitCode(err))
	}
	// Nothing listens on a port that was just closed: unhealthy, exit 1.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	err = run(context.Background(), []string{"health", "--timeout", "1s", addr}, noEnv, io.Discard, io.Discard)
	if err == nil || exitCode(err) != 1 {
		t.Errorf("health of nothing: %v (exit %d), want exit 1", err, exitCode(err))
	}
}

func TestDialable(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		":9234":          "127.0.0.1:9234",
		"0.0.0.0:9234":   "127.0.0.1:9234",
		"[::]:9234":      "[::1]:9234",
		"10.1.2.3:9234":  "10.1.2.3:9234",
		"localhost:9234": "localhost:9234",
	} {
		if got := dialable(in); got != want {
			t.Errorf("dialable(%q) = %q, want %q", in, got, want)
		}
	}
}

// process is the kiosk running as a child process (testkit.Process), with
// the address of its metrics and health listener.
type process struct {
	*testkit.Process
	sshAddr string
	opsAddr string
}

var opsAddrRE = regexp.MustCompile(`"msg":"metrics and health","addr":"([^"]+)"`)

// startProcess runs the kiosk on loopback ports chosen by the kernel, with
// its metrics listener on, and waits until both ports are known.
func startProcess(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	args = append([]string{"--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--data", t.TempDir(), "--log-format", "json"}, args...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "EMBASSY_TEST_RUN_MAIN=1"), env...)
	p := &process{Process: testkit.StartProcess(t, cmd)}
	p.sshAddr = "127.0.0.1:" + p.Port
	// The logs arrive through another pipe than the ready line.
	deadline := time.Now().Add(5 * time.Second)
	for p.opsAddr == "" {
		if m := opsAddrRE.FindStringSubmatch(p.Stderr.String()); m != nil {
			p.opsAddr = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no metrics address in the logs:\n%s", p.Stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return p
}

func (p *process) readyz(t *testing.T) int {
	t.Helper()
	resp, err := http.Get("http://" + p.opsAddr + "/readyz")
	if err != nil {
		t.Fatalf("GET /readyz: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Two replicas given the same EMBASSY_HOST_KEY present the same key, the
// one `embassy fingerprint` prints.
func TestTwoProcessesWithOneInjectedKey(t *testing.T) {
	t.Parallel()
	key := string(testkit.HostKeyPEM(t))
	env := []string{hostKeyEnv + "=" + key}
	a, b := startProcess(t, env), startProcess(t, env)
	fa, fb := testkit.HostKeySeen(t, a.sshAddr), testkit.HostKeySeen(t, b.sshAddr)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"fingerprint"}, envOf(map[string]string{hostKeyEnv: key}), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	printed := strings.SplitN(out.String(), "\n", 2)[0]
	if fa != printed || fb != printed {
		t.Errorf("replica A presents %s, replica B %s; embassy fingerprint prints %s", fa, fb, printed)
	}
	if strings.Contains(a.Stderr.String(), "PRIVATE KEY") {
		t.Error("the logs contain the private key")
	}
}

// On SIGTERM the kiosk turns unready first, keeps its listener for
// --drain-delay, then closes it, tells open sessions the time left, and
// exits by the deadline.
func TestSIGTERMDrainsInOrder(t *testing.T) {
	t.Parallel()
	const delay, drainFor = 700 * time.Millisecond, 3 * time.Second
	p := startProcess(t, nil, "--drain-delay", delay.String(), "--drain", drainFor.String())
	if code := p.readyz(t); code != http.StatusOK {
		t.Fatalf("before SIGTERM, /readyz = %d", code)
	}
	var health bytes.Buffer
	if err := run(context.Background(), []string{"health", p.opsAddr}, noEnv, &health, io.Discard); err != nil {
		t.Errorf("embassy health of a ready kiosk: %v", err)
	}

	// A visitor with the UI open.
	c := dialAs(t, p.sshAddr, "visitor")
	sess := newSession(t, c)
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	screen := &syncBuffer{}
	sess.Stdout = screen
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not happen; screen:\n%s", what, ansi.Strip(screen.String()))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("the home screen", func() bool { return strings.Contains(screen.String(), "Embassy") })

	start := time.Now()
	if err := p.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor("readiness turning false", func() bool { return p.readyz(t) == http.StatusServiceUnavailable })
	flipped := time.Since(start)
	// Unready, but the listener is still open: the load balancer has time
	// to notice before connections are refused.
	conn, err := net.Dial("tcp", p.sshAddr)
	if err != nil {
		t.Fatalf("%s after SIGTERM (before --drain-delay %s), the listener was already closed: %v", time.Since(start), delay, err)
	}
	conn.Close()
	if err := run(context.Background(), []string{"health", p.opsAddr}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("embassy health of a draining kiosk succeeded")
	}

	waitFor("the goodbye", func() bool { return strings.Contains(ansi.Strip(screen.String()), "closing for maintenance in 3 s") })
	if at := time.Since(start); at < delay {
		t.Errorf("the goodbye came %s after SIGTERM, before --drain-delay %s", at, delay)
	}
	waitFor("the listener closing", func() bool {
		conn, err := net.DialTimeout("tcp", p.sshAddr, time.Second)
		if err == nil {
			conn.Close()
		}
		return err != nil
	})
	_ = sess.Wait()
	select {
	case <-p.Done():
		if err := p.Err(); err != nil {
			t.Errorf("the kiosk exited with %v", err)
		}
	case <-time.After(delay + drainFor + 2*time.Second):
		t.Fatalf("the kiosk did not exit by its drain deadline")
	}
	t.Logf("readiness false after %s; exited after %s", flipped.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	for _, want := range []string{`"msg":"draining: readiness is now false"`, `"msg":"shutting down"`, `"msg":"stopped"`} {
		if !strings.Contains(p.Stderr.String(), want) {
			t.Errorf("the logs lack %s", want)
		}
	}
	// The order in the logs: draining, then shutting down.
	if i, j := strings.Index(p.Stderr.String(), "draining"), strings.Index(p.Stderr.String(), "shutting down"); i < 0 || j < i {
		t.Errorf("readiness did not turn false before the shutdown began")
	}
}

// A session still open at the deadline is closed and the process exits.
func TestExitsByTheDrainDeadline(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil, "--drain", "500ms")
	// A client that connects and then does nothing: no session to say
	// goodbye to, so only the deadline ends it.
	dialAs(t, p.sshAddr, "visitor")
	start := time.Now()
	if err := p.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
		if err := p.Err(); err != nil {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the kiosk did not exit by its drain deadline")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("exit took %s with --drain 500ms", took)
	}
}

// A second SIGINT during the drain stops the process at once, as an
// operator pressing Ctrl+C again expects, instead of waiting out --drain.
func TestSecondSignalStopsTheDrain(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil, "--drain", "2m")
	// A visitor on the home screen keeps the drain waiting for its deadline.
	c := dialAs(t, p.sshAddr, "visitor")
	sess := newSession(t, c)
	if err := sess.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	if err := p.Cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(p.Stderr.String(), "shutting down") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-p.Done():
		t.Fatalf("the first SIGINT ended the process (%v); it should drain", p.Err())
	default:
	}
	if err := p.Cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("a second SIGINT did not stop the draining kiosk (its --drain is 2m)")
	}
}

// The JSON logs carry no key, no user name, and no whole address.
func TestProcessLogsArePrivate(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil)
	c := dialAs(t, p.sshAddr, "maria-visitor")
	sess := newSession(t, c)
	_, _ = sess.Output("pages")
	c.Close()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.Stderr.String(), "session end") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	logs := p.Stderr.String()
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
	for _, secret := range []string{"maria", `"127.0.0.1"`, "PRIVATE KEY"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain %s:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs, `"client":"127.0.0.0/24"`) {
		t.Errorf("the logs lack the truncated client address:\n%s", logs)
	}
}

// startOps refuses a metrics port that is taken, naming the setting.
func TestMetricsPortInUseStopsStartUp(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run(context.Background(), []string{"--listen", "127.0.0.1:0", "--metrics", ln.Addr().String(), "--data", filepath.Join(t.TempDir(), "d")}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--metrics") {
		t.Errorf("metrics port in use: %v, want an error naming --metrics", err)
	}
	var u usageError
	if errors.As(err, &u) {
		t.Errorf("a busy port is not a usage error")
	}
}
