package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/testkit"
)

const waitTimeout = 3 * time.Second

// dialAs connects to the kiosk at addr as user, as a visitor's client
// would; the connection closes when the test ends.
func dialAs(t *testing.T, addr, user string) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// newSession opens a session on c.
func newSession(t *testing.T, c *gossh.Client) *gossh.Session {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// syncBuffer is shared with other packages' tests.
type syncBuffer = testkit.SyncBuffer

// env is a getenv backed by a map.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

var readyLine = regexp.MustCompile(`Embassy kiosk ready: ssh -p (\d+) localhost`)

// kiosk is run() going on in the background.
type kiosk struct {
	addr           string
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan error
}

// startRun calls run with args and getenv and waits for it to say where it
// listens. It fails the test if run returns first.
func startRun(t *testing.T, args []string, getenv func(string) string) *kiosk {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	k := &kiosk{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() { k.done <- run(ctx, args, getenv, k.stdout, k.stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-k.done:
		case <-time.After(waitTimeout):
			t.Errorf("run did not return after its context was cancelled")
		}
	})
	deadline := time.Now().Add(waitTimeout)
	for {
		if m := readyLine.FindStringSubmatch(k.stdout.String()); m != nil {
			k.addr = net.JoinHostPort("127.0.0.1", m[1])
			return k
		}
		select {
		case err := <-k.done:
			k.done <- err // for Cleanup
			t.Fatalf("run returned %v before it was ready; stderr:\n%s", err, k.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ready line on stdout within %s; stdout %q, stderr:\n%s", waitTimeout, k.stdout.String(), k.stderr.String())
		}
	}
}

// stop cancels run's context, as SIGINT does, and returns what run returned.
func (k *kiosk) stop(t *testing.T) error {
	t.Helper()
	k.cancel()
	select {
	case err := <-k.done:
		k.done <- err // for Cleanup
		return err
	case <-time.After(waitTimeout):
		t.Fatalf("run did not return within %s of cancelling its context", waitTimeout)
		return nil
	}
}

// fingerprint connects over SSH, without any authentication, and returns the
// host key's SHA256 fingerprint; it also checks that the kiosk answers.
func fingerprint(t *testing.T, addr string) string {
	t.Helper()
	var fp string
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "visitor",
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			fp = gossh.FingerprintSHA256(key)
			return nil
		},
		Timeout: waitTimeout,
	})
	if err != nil {
		t.Fatalf("ssh dial %s: %v", addr, err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	out, err := sess.Output("links")
	if err != nil || !strings.Contains(string(out), "https://eaaf.org/") {
		t.Fatalf("links: err %v, output %q", err, out)
	}
	return fp
}

func TestHostKeySurvivesRestart(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	args := []string{"--listen", "127.0.0.1:0", "--data", data, "--drain", "2s"}

	first := startRun(t, args, env(nil))
	fp1 := fingerprint(t, first.addr)
	if err := first.stop(t); err != nil {
		t.Fatalf("run returned %v after cancel, want nil", err)
	}

	keyFile := filepath.Join(data, "ssh_host_ed25519_key")
	st, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("host key file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %04o, want 0600", keyFile, st.Mode().Perm())
	}
	keyBefore, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}

	second := startRun(t, args, env(nil))
	fp2 := fingerprint(t, second.addr)
	if fp1 != fp2 {
		t.Errorf("host key fingerprint changed across a restart: %s, then %s", fp1, fp2)
	}
	if err := second.stop(t); err != nil {
		t.Fatalf("second run returned %v after cancel, want nil", err)
	}
	if keyAfter, err := os.ReadFile(keyFile); err != nil || !bytes.Equal(keyBefore, keyAfter) {
		t.Errorf("host key file rewritten by the second start (err %v)", err)
	}
}

func TestFingerprintCommandMatchesServedKey(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	k := startRun(t, []string{"--listen", "127.0.0.1:0", "--data", data}, env(nil))
	served := fingerprint(t, k.addr)
	var stdout syncBuffer
	if err := run(context.Background(), []string{"fingerprint", "--data", data}, env(nil), &stdout, io.Discard); err != nil {
		t.Fatalf("embassy fingerprint: %v", err)
	}
	if !strings.Contains(stdout.String(), served) {
		t.Errorf("embassy fingerprint printed %q, the server shows %s", stdout.String(), served)
	}
}

func TestMalformedHostKeyStopsStartUp(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	keyFile := filepath.Join(data, "ssh_host_ed25519_key")
	junk := []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n")
	if err := os.WriteFile(keyFile, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	err := runFor(t, []string{"--listen", "127.0.0.1:0", "--data", data}, env(nil), &stdout, &stderr)
	if err == nil {
		t.Fatal("run accepted a malformed host key")
	}
	if !strings.Contains(err.Error(), keyFile) {
		t.Errorf("error %q does not name %s", err, keyFile)
	}
	if readyLine.MatchString(stdout.String()) {
		t.Errorf("the kiosk listened with a malformed host key: %q", stdout.String())
	}
	if got, err := os.ReadFile(keyFile); err != nil || !bytes.Equal(got, junk) {
		t.Errorf("the malformed key file was changed (err %v): %q", err, got)
	}
	if _, err := os.Stat(keyFile + ".pub"); err == nil {
		t.Errorf("a public key file was written beside the malformed key")
	}
}

// runFor calls run and expects it to return by itself, quickly.
func runFor(t *testing.T, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, getenv, stdout, stderr) }()
	select {
	case err := <-done:
		return err
	case <-time.After(waitTimeout):
		cancel()
		<-done
		t.Fatalf("run %q did not return by itself within %s", args, waitTimeout)
		return nil
	}
}

func TestListenFromEnvironment(t *testing.T) {
	t.Parallel()
	k := startRun(t, []string{"--data", t.TempDir()}, env(map[string]string{"EMBASSY_LISTEN": "127.0.0.1:0"}))
	if strings.HasSuffix(k.addr, ":23234") {
		t.Fatalf("EMBASSY_LISTEN was ignored: the kiosk listens on the default port")
	}
	fingerprint(t, k.addr) // answers there
}

func TestFlagWinsOverEnvironment(t *testing.T) {
	t.Parallel()
	k := startRun(t, []string{"--listen", "127.0.0.1:0", "--data", t.TempDir()},
		env(map[string]string{"EMBASSY_LISTEN": "127.0.0.1:notaport"}))
	fingerprint(t, k.addr)
}

func TestBadEnvironmentDuration(t *testing.T) {
	t.Parallel()
	var stdout syncBuffer
	err := runFor(t, []string{"--listen", "127.0.0.1:0", "--data", t.TempDir()},
		env(map[string]string{"EMBASSY_DRAIN": "soon"}), &stdout, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "EMBASSY_DRAIN") {
		t.Errorf("err = %v, want one naming EMBASSY_DRAIN", err)
	}
	if err != nil && exitCode(err) != 2 {
		t.Errorf("exit code = %d, want 2 for a configuration mistake", exitCode(err))
	}
	if stdout.String() != "" {
		t.Errorf("stdout = %q, want nothing", stdout.String())
	}
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	t.Parallel()
	var stdout, stderr syncBuffer
	if err := runFor(t, []string{"--help"}, env(nil), &stdout, &stderr); err != nil {
		t.Fatalf("--help returned %v, want nil", err)
	}
	usage := stdout.String() + stderr.String()
	if readyLine.MatchString(usage) {
		t.Fatal("--help started the kiosk")
	}
	// The flags the issue names, and every flag the program defines.
	names := []string{"listen", "data", "content"}
	newFlagSet(&config{}, io.Discard).VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	for _, name := range names {
		if !strings.Contains(usage, "-"+name) {
			t.Errorf("--help does not mention --%s:\n%s", name, usage)
		}
	}
	if !strings.Contains(usage, "EMBASSY_") {
		t.Errorf("--help does not say flags can be set from the environment:\n%s", usage)
	}
}

func TestUnknownSubcommand(t *testing.T) {
	t.Parallel()
	var stdout syncBuffer
	err := runFor(t, []string{"frobnicate", "--listen", "127.0.0.1:0", "--data", t.TempDir()}, env(nil), &stdout, io.Discard)
	if err == nil {
		t.Fatal("run accepted an unknown subcommand")
	}
	if !strings.Contains(err.Error(), "frobnicate") {
		t.Errorf("err = %q, want it to name the command", err)
	}
	if exitCode(err) != 2 {
		t.Errorf("exit code = %d, want 2", exitCode(err))
	}
	if stdout.String() != "" {
		t.Errorf("stdout = %q, want nothing", stdout.String())
	}
}

func TestUnknownFlag(t *testing.T) {
	t.Parallel()
	err := runFor(t, []string{"--frobnicate"}, env(nil), io.Discard, io.Discard)
	if err == nil || exitCode(err) != 2 {
		t.Errorf("err = %v (exit code %d), want a usage error (exit code 2)", err, exitCode(err))
	}
}

const testLinks = `site:
  name: Test Embassy
  title: Test Title
groups:
  - name: G
    links:
      - title: Foo
        description: A body that does things.
        url: %s
        status: verified
`

func writeContent(t *testing.T, url string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "pages"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "links.yaml"), fmt.Appendf(nil, testLinks, url), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pages", "01-x.md"), []byte("---\ntitle: Ex\n---\n\nHello, visitor.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBrokenContentStopsStartUp(t *testing.T) {
	t.Parallel()
	dir := writeContent(t, "javascript:alert(1)")
	data := filepath.Join(t.TempDir(), "data")
	var stdout syncBuffer
	err := runFor(t, []string{"--listen", "127.0.0.1:0", "--data", data, "--content", dir}, env(nil), &stdout, io.Discard)
	if err == nil {
		t.Fatal("run served a links.yaml with a bad URL")
	}
	if !strings.Contains(err.Error(), "links.yaml") {
		t.Errorf("err = %q, want it to name links.yaml", err)
	}
	if readyLine.MatchString(stdout.String()) {
		t.Errorf("the kiosk listened before refusing its content: %q", stdout.String())
	}
	if errors.Is(err, context.Canceled) {
		t.Errorf("err = %v: run was stopped, it did not refuse", err)
	}
}

func TestContentFolderIsServed(t *testing.T) {
	t.Parallel()
	dir := writeContent(t, "https://example.org/")
	k := startRun(t, []string{"--listen", "127.0.0.1:0", "--data", t.TempDir()}, env(map[string]string{"EMBASSY_CONTENT": dir}))
	c := dialAs(t, k.addr, "visitor")
	sess := newSession(t, c)
	var out syncBuffer
	sess.Stdout = &out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	if err := sess.Wait(); err != nil {
		t.Fatalf("ssh -T: %v", err)
	}
	for _, w := range []string{"Test Embassy", "Hello, visitor.", "https://example.org/"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestStopWithIdleConnectionWithinDrain(t *testing.T) {
	t.Parallel()
	k := startRun(t, []string{"--listen", "127.0.0.1:0", "--data", t.TempDir(), "--drain", "1s"}, env(nil))
	dialAs(t, k.addr, "visitor")
	// A connection that never opens a session (or a client that keeps its
	// connection after the session, as a multiplexing client does) must not
	// hold the server past its drain deadline.
	start := time.Now()
	if err := k.stop(t); err != nil {
		t.Errorf("run returned %v, want nil", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("run took %s to stop with a 1s drain", d)
	}
}
