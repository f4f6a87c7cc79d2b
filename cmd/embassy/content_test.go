package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/server"
)

// copyContent writes the built-in content into a new folder.
func copyContent(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(content.Embedded(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(content.Embedded(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func editFile(t *testing.T, dir, name, old, new string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	writeFile(t, dir, name, strings.Replace(string(data), old, new, 1))
}

func TestCheckReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "links.yaml", `site:
  name: Test Embassy
  title:
    en: Test Title
    fr: Titre
groups:
  - name: G
    links:
      - title: Foo
        description: A body.
        url: ftp://example.org/
        status: maybe
        colour: red
`)
	writeFile(t, dir, "pages/01-welcome.md", "---\ntitle: Welcome\n---\n\nHello \x1b[2J visitor.\n")
	writeFile(t, dir, "pages/02-other.es.md", "---\ntitle: Otra\n---\n\nHola.\n")
	writeFile(t, dir, "pages/03 Notes.md", "---\ntitle: Notes\n---\n\nNotes.\n")

	var out bytes.Buffer
	err := run(context.Background(), []string{"check", "--content", dir}, noEnv, &out, io.Discard)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("check on a broken folder: err %v (exit %d), want exit 1", err, exitCode(err))
	}
	if !strings.Contains(err.Error(), "7 problems") {
		t.Errorf("the summary should count the problems: %v", err)
	}
	links, page := filepath.Join(dir, "links.yaml"), filepath.Join(dir, "pages")
	for _, want := range []string{
		links + `: site: title: "fr" is not a language of the kiosk; use en (English) and es (Spanish) (line 5)`,
		links + `: unknown field "colour" (allowed here: title, description, url, status, note, as_of, sources) (line 13)`,
		links + `: group "G", link 1 ("Foo"): url "ftp://example.org/" is not an http(s) address (line 11)`,
		links + `: group "G", link 1 ("Foo"): status "maybe" must be verified or likely (line 12)`,
		filepath.Join(page, "01-welcome.md") + ": text contains an escape character (U+001B) at character 7",
		filepath.Join(page, "02-other.es.md") + ": is a translation of pages/02-other.md, which does not exist",
		filepath.Join(page, "03 Notes.md") + ": bad file name",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check did not report %q; it printed:\n%s", want, out.String())
		}
	}
	if strings.ContainsRune(out.String(), 0x1b) {
		t.Errorf("the report itself carries an escape character")
	}
}

func TestCheckGoodContent(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check"}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("check on the built-in content: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "the built-in content is good: 4 pages and 21 links in 6 groups;") {
		t.Errorf("check printed %q", out.String())
	}
	dir := copyContent(t)
	if err := os.Remove(filepath.Join(dir, "pages", "02-memory.es.md")); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"check", "--content", dir}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("a missing translation is no problem: %v", err)
	}
	if !strings.Contains(out.String(), "warning: "+filepath.Join(dir, "pages", "02-memory.md")+": has no Spanish translation") ||
		!strings.Contains(out.String(), "1 warning") {
		t.Errorf("check should warn about the missing translation:\n%s", out.String())
	}
}

// TestCheckFolderArgument: the folder may be given as an argument, and a
// --content without a folder says so instead of printing the whole help
// (issue 14, item 18).
func TestCheckFolderArgument(t *testing.T) {
	dir := copyContent(t)
	editFile(t, dir, "links.yaml", "status: verified", "status: maybe")
	var out bytes.Buffer
	err := run(context.Background(), []string{"check", dir}, noEnv, &out, io.Discard)
	if exitCode(err) != 1 || !strings.Contains(out.String(), filepath.Join(dir, "links.yaml")+`: site: banner: status "maybe"`) {
		t.Errorf("check DIR: %v\n%s", err, out.String())
	}
	for _, args := range [][]string{{"check", "--content"}, {"check", "-content"}, {"check", "--content", "--help"}} {
		var stderr bytes.Buffer
		err := run(context.Background(), args, noEnv, io.Discard, &stderr)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), "--content needs a folder: embassy check --content DIR, or embassy check DIR") {
			t.Errorf("%v: %v", args, err)
		}
		if stderr.Len() > 0 {
			t.Errorf("%v printed the help:\n%s", args, stderr.String())
		}
	}
	err = run(context.Background(), []string{"--content"}, noEnv, io.Discard, io.Discard)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "--content needs a value") {
		t.Errorf("embassy --content: %v", err)
	}
	err = run(context.Background(), []string{"check", "a", "b"}, noEnv, io.Discard, io.Discard)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "one folder at a time") {
		t.Errorf("check a b: %v", err)
	}
}

// TestCheckReview: check warns about http: addresses, links without
// sources and undated change notes, and lists what waits for
// confirmation, without refusing the content.
func TestCheckReview(t *testing.T) {
	dir := copyContent(t)
	editFile(t, dir, "links.yaml", "url: https://espaciomemoria.ar/", "url: http://espaciomemoria.ar/")
	editFile(t, dir, "links.yaml", "        as_of: 2026-12\n", "")
	editFile(t, dir, "links.yaml", "          - https://eaaf.org/enobras/\n", "")
	editFile(t, dir, "links.yaml", "          - https://cammina.hiponline.org/es/aliadosdetalle/18\n", "")
	editFile(t, dir, "links.yaml", "        sources:\n          # \"more than 50", "        # \"more than 50")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check", dir}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("warnings must not refuse the content: %v\n%s", err, out.String())
	}
	links := filepath.Join(dir, "links.yaml")
	for _, want := range []string{
		"warning: " + links + `: group "Argentine institutions", link 4 ("Espacio Memoria y Derechos Humanos (ex ESMA)"): url "http://espaciomemoria.ar/" is http:, not https:`,
		"warning: " + links + `: group "Argentine institutions", link 3 ("Argentine Forensic Anthropology Team (EAAF)"): has no sources`,
		"its note has no date; add as_of:",
		"waiting for confirmation: " + links + `: contact "Telephone" (+27 12 430 3524) is not confirmed, so visitors do not see it`,
		"items wait for confirmation",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check did not say %q:\n%s", want, out.String())
		}
	}
}

// TestStartLogsMissingTranslation: a page without its Spanish translation
// is logged when the kiosk starts (issue 14, item 18).
func TestStartLogsMissingTranslation(t *testing.T) {
	dir := copyContent(t)
	if err := os.Remove(filepath.Join(dir, "pages", "02-memory.es.md")); err != nil {
		t.Fatal(err)
	}
	addr, logs := startServe(t, dir, false)
	pages(t, addr) // started
	eventually(t, "the warning", func() bool {
		return strings.Contains(logs.String(), `"level":"WARN","msg":"content: has no Spanish translation (pages/02-memory.es.md); visitors reading Spanish see the English page"`)
	})
}

func TestWatchNeedsContent(t *testing.T) {
	err := run(context.Background(), []string{"--watch"}, noEnv, io.Discard, io.Discard)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "--watch needs --content") {
		t.Errorf("--watch without --content: %v", err)
	}
}

// kiosk runs serve on dir until the test ends and returns its address and
// its logs.
func startServe(t *testing.T, dir string, watch bool) (string, *syncBuffer) {
	t.Helper()
	args := []string{"--listen", "127.0.0.1:0", "--data", t.TempDir(), "--content", dir, "--log-format", "json"}
	if watch {
		args = append(args, "--watch")
	}
	cfg, _, err := parseConfig(args, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.watchEvery = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, noEnv, pw, logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	port := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`ssh -p (\d+) `)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				port <- m[1]
			}
		}
	}()
	select {
	case p := <-port:
		return "127.0.0.1:" + p, logs
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not say it was ready")
	}
	return "", nil
}

// pages asks the kiosk at addr for its list of pages, as a visitor would.
func pages(t *testing.T, addr string) string {
	t.Helper()
	c := dialAs(t, addr, "visitor")
	defer c.Close() // called again and again while waiting for a reload
	sess := newSession(t, c)
	out, err := sess.Output("pages")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// eventually waits until cond holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within 5s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestWatchReloadsAndKeepsLastGoodContent(t *testing.T) {
	dir := copyContent(t)
	addr, logs := startServe(t, dir, true)
	if p := pages(t, addr); !strings.Contains(p, "Memory, truth and justice in Argentina") {
		t.Fatalf("pages = %q", p)
	}

	editFile(t, dir, "pages/02-memory.md", "title: Memory, truth and justice in Argentina", "title: Memory, truth and justice (edited)")
	eventually(t, "the edited title being served", func() bool { return strings.Contains(pages(t, addr), "(edited)") })
	if !strings.Contains(logs.String(), `"msg":"content reloaded","trigger":"files changed"`) {
		t.Errorf("no log line for the reload:\n%s", logs.String())
	}

	// A broken file is refused, with a log line naming the problem; the
	// last good content stays.
	editFile(t, dir, "links.yaml", "status: verified", "status: maybe")
	eventually(t, "the refusal being logged", func() bool { return strings.Contains(logs.String(), "content reload refused") })
	if !strings.Contains(logs.String(), `links.yaml: site: banner: status \"maybe\" must be verified or likely (line `) {
		t.Errorf("the refusal should name the problem:\n%s", logs.String())
	}
	if p := pages(t, addr); !strings.Contains(p, "(edited)") {
		t.Errorf("after a refused reload the last good content should be served, got %q", p)
	}

	// Fixed again: served again.
	editFile(t, dir, "links.yaml", "status: maybe", "status: verified")
	editFile(t, dir, "pages/02-memory.md", "(edited)", "(edited twice)")
	eventually(t, "the fixed content being served", func() bool { return strings.Contains(pages(t, addr), "(edited twice)") })
}

// Not parallel: it signals the test process itself.
func TestSIGHUPReloads(t *testing.T) {
	dir := copyContent(t)
	addr, logs := startServe(t, dir, false)
	editFile(t, dir, "pages/02-memory.md", "title: Memory, truth and justice in Argentina", "title: Reloaded by SIGHUP")
	time.Sleep(100 * time.Millisecond)
	if strings.Contains(pages(t, addr), "SIGHUP") {
		t.Fatalf("without --watch nothing should reload before SIGHUP")
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the reload after SIGHUP", func() bool { return strings.Contains(pages(t, addr), "Reloaded by SIGHUP") })
	if !strings.Contains(logs.String(), `"trigger":"SIGHUP"`) {
		t.Errorf("no log line for the SIGHUP reload:\n%s", logs.String())
	}

	writeFile(t, dir, "pages/09-broken.md", "no front matter\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the refusal after SIGHUP", func() bool { return strings.Contains(logs.String(), "09-broken.md: must start with front matter") })
	if !strings.Contains(pages(t, addr), "Reloaded by SIGHUP") {
		t.Errorf("the last good content should still be served")
	}
}

// TestReloader checks the reloader alone, against a server that is not
// listening.
func TestReloader(t *testing.T) {
	signer := testkit.HostKey(t)
	dir := copyContent(t)
	first, err := loadContent(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{HostKey: signer, Library: first})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	rl := &reloader{dir: dir, srv: srv, log: slog.New(slog.NewTextHandler(&logs, nil))}
	if !rl.reload("test") || srv.Library() == first {
		t.Errorf("a good folder should be loaded")
	}
	good := srv.Library()
	writeFile(t, dir, "links.yaml", "site: [")
	if rl.reload("test") || srv.Library() != good {
		t.Errorf("a broken folder should be refused and the last good library kept")
	}
	if !strings.Contains(logs.String(), "content reload refused") || !strings.Contains(logs.String(), "links.yaml: a value or list is not finished") {
		t.Errorf("logs = %s", logs.String())
	}
}
