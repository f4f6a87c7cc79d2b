// Package e2e drives the real kiosk binary with the real OpenSSH client
// inside tmux, as a visitor would.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// need skips the test when a tool is missing on a developer's machine; in
// CI (where .ci/run installs them) a missing tool is a failure.
func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (.ci/run should install it)", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// bin is the kiosk binary, built once by TestMain.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "embassy-e2e")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "embassy")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/embassy").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var touchOnce sync.Once

// touchSources reads every Go source and go.mod of the module, so that go
// test's cache, which tracks the files a test opens, reruns these tests
// when the kiosk's code changes (the binary is built outside its view).
func touchSources() {
	_ = filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".md") ||
			strings.HasSuffix(path, ".yaml") || filepath.Base(path) == "go.mod") {
			_, _ = os.ReadFile(path)
		}
		return nil
	})
}

// kiosk starts the server on a free loopback port and returns
// the port.
func kiosk(t *testing.T) string {
	port, _ := kioskWithData(t)
	return port
}

// kioskWithData is kiosk that also returns the data folder (the host key's),
// started with the extra flags given.
func kioskWithData(t *testing.T, flags ...string) (string, string) {
	t.Helper()
	touchOnce.Do(touchSources)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append([]string{"--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "data")}, flags...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	port := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`ssh -p (\d+) `)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				port <- m[1]
			}
		}
	}()
	select {
	case p := <-port:
		return p, filepath.Join(dir, "data")
	case <-time.After(30 * time.Second):
		t.Fatal("the kiosk did not say it was ready")
		return "", ""
	}
}

func sshArgs(port string) []string {
	return []string{"-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-p", port}
}

// terminal is one tmux session running ssh.
type terminal struct {
	t      *testing.T
	socket string
}

func openTerminal(t *testing.T, port string, w, h int, term string) *terminal {
	return openTerminalAs(t, port, w, h, term, "visitor")
}

// openTerminalAs is openTerminal for an SSH user name, with extra ssh
// options (such as -o SetEnv=LANG=...).
func openTerminalAs(t *testing.T, port string, w, h int, term, user string, opts ...string) *terminal {
	t.Helper()
	return runInTerminal(t, w, h, "TERM="+term+" ssh -tt "+strings.Join(append(sshArgs(port), opts...), " ")+" "+user+"@127.0.0.1")
}

// runInTerminal runs a client command in a new tmux window of w x h; the
// window stays open for a while after the client exits, so its last words
// can be read.
func runInTerminal(t *testing.T, w, h int, command string) *terminal {
	t.Helper()
	tm := &terminal{t: t, socket: fmt.Sprintf("e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	tm.tmux("new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), command+"; sleep 30")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *terminal) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *terminal) screen() string { return tm.tmux("capture-pane", "-p") }

func (tm *terminal) keys(keys ...string) { tm.tmux(append([]string{"send-keys"}, keys...)...) }

// waitFor polls the screen until it shows every text, and returns it.
func (tm *terminal) waitFor(texts ...string) string {
	tm.t.Helper()
	return tm.waitShown(func(s string) string { return s }, texts)
}

// waitShown polls the screen until, both seen through norm, it contains
// every text.
func (tm *terminal) waitShown(norm func(string) string, texts []string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		all := true
		for _, text := range texts {
			all = all && strings.Contains(norm(s), norm(text))
		}
		if all {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("the screen never showed %q; it shows:\n%s", texts, s)
	return s
}

func TestVisitWithOpenSSH(t *testing.T) {
	need(t, "tmux", "ssh")
	port := kiosk(t)
	tm := openTerminal(t, port, 80, 24, "xterm-256color")
	home := tm.waitFor("Embassy of the Argentine Republic in South Africa", "Related websites", "q quit")
	if strings.Contains(home, "assword") {
		t.Fatalf("the visitor was asked for a password:\n%s", home)
	}
	tm.keys("Down", "Enter")
	tm.waitFor("Memory, truth and justice in Argentina", "model for the world")
	tm.keys("Escape")
	tm.waitFor("Press a number")
	tm.keys("4")
	tm.waitFor("▸ Under-Secretariat of Human Rights", "https://www.argentina.gob.ar/derechoshumanos")
	tm.keys("BSpace")
	tm.waitFor("Press a number")
	tm.keys("q")
	end := tm.waitFor("Thank you for visiting")
	if strings.Contains(end, "Press a number") {
		t.Errorf("after q the kiosk's screen should be gone:\n%s", end)
	}
}

func TestNarrowWindowAndResize(t *testing.T) {
	need(t, "tmux", "ssh")
	port := kiosk(t)
	tm := openTerminal(t, port, 40, 12, "xterm-256color")
	tm.waitFor("Embassy of Argentina, South Africa", "q quit")
	tm.keys("1")
	tm.waitFor("Fostering human rights")
	tm.tmux("resize-window", "-x", "120", "-y", "40")
	wide := tm.waitFor("Embassy of the Argentine Republic in South Africa")
	if !strings.Contains(wide, "Furthering Argentina’s human rights leadership") {
		t.Errorf("a wide window should show the whole title:\n%s", wide)
	}
	tm.tmux("resize-window", "-x", "30", "-y", "10")
	tm.waitFor("Please enlarge")
}

func TestPlainTextWithoutPTY(t *testing.T) {
	need(t, "ssh")
	port := kiosk(t)
	out, err := exec.Command("ssh", append(append([]string{"-T"}, sshArgs(port)...), "127.0.0.1")...).Output()
	if err != nil {
		t.Fatalf("ssh -T: %v", err)
	}
	text := string(out)
	for _, want := range []string{"Furthering Argentina’s human rights leadership", "Memory, truth and justice in Argentina", "Related websites", "https://eaaf.org/"} {
		if !strings.Contains(text, want) {
			t.Errorf("ssh -T output lacks %q", want)
		}
	}
	if strings.Contains(text, "\x1b") {
		t.Errorf("plain text must carry no escape codes")
	}
	cmd := exec.Command("ssh", append(sshArgs(port), "127.0.0.1", "nonsense")...)
	stderr, _ := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 2 || !strings.HasPrefix(string(stderr), "embassy: ") {
		t.Errorf("an unknown command should give one error line and exit 2, got %d: %q", cmd.ProcessState.ExitCode(), stderr)
	}
}

// TestSpanishWithOpenSSH: the language follows the user name and the LANG
// OpenSSH sends, L switches, and an entry shows its QR code.
func TestSpanishWithOpenSSH(t *testing.T) {
	need(t, "tmux", "ssh")
	port := kiosk(t)
	tm := openTerminalAs(t, port, 80, 24, "xterm-256color", "visitor", "-o", "SetEnv=LANG=es_AR.UTF-8")
	tm.waitFor("Embajada de la República Argentina en Sudáfrica", "Sitios relacionados", "q salir")
	tm.keys("4")
	tm.waitFor("▸ Subsecretaría de Derechos Humanos")
	tm.keys("Enter")
	tm.waitFor("Dirección probable", "Escanee el código QR", "█▀▀▀▀▀█")
	tm.keys("L")
	tm.waitFor("Address likely", "Scan the QR code")

	es := openTerminalAs(t, port, 40, 12, "xterm-256color", "es")
	es.waitFor("Embajada argentina en Sudáfrica", "L English")
}

// TestQuickExit: x leaves at once and leaves nothing of the visit on the
// screen or in the scrollback.
// The session time limit ends a visit with the visitor's terminal as it was
// before: off the alternate screen, mouse reporting off (tmux's own record
// of the pane's modes says so), and the goodbye left to read.
func TestTimeLimitRestoresTheTerminal(t *testing.T) {
	need(t, "tmux", "ssh")
	port, _ := kioskWithData(t, "--max-session", "4s")
	tm := openTerminal(t, port, 80, 24, "xterm-256color")
	modes := func() string {
		return strings.TrimSpace(tm.tmux("display", "-p", "alt=#{alternate_on} mouse=#{mouse_button_flag}#{mouse_sgr_flag}"))
	}
	tm.waitFor("Related websites")
	if m := modes(); m != "alt=1 mouse=11" {
		t.Fatalf("during the visit the pane's modes are %q, want alt=1 mouse=11", m)
	}
	tm.waitFor("Time limit: this session ends in")
	tm.waitShown(words, []string{"This session has reached its time limit."})
	if m := modes(); m != "alt=0 mouse=00" {
		t.Errorf("after the time limit the pane's modes are %q, want alt=0 mouse=00", m)
	}
}

func TestQuickExit(t *testing.T) {
	need(t, "tmux", "ssh")
	port := kiosk(t)
	// What was on the terminal before the visit, as a shell would leave it.
	tm := runInTerminal(t, 80, 24, "echo Embassy: ssh to the kiosk; TERM=xterm-256color ssh -tt "+strings.Join(sshArgs(port), " ")+" visitor@127.0.0.1")
	tm.waitFor("Related websites")
	tm.keys("1")
	tm.waitFor("Fostering human rights")
	tm.keys("x")
	deadline := time.Now().Add(5 * time.Second)
	for {
		history := tm.tmux("capture-pane", "-p", "-S", "-1000")
		if !strings.Contains(history, "Embassy") && !strings.Contains(history, "Fostering") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after x the visit is still on screen or in the scrollback:\n%s", history)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
