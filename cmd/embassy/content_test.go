package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/content"
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

func noEnv(string) string { return "" }

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
		links + `: unknown field "colour" (allowed here: title, description, url, status, note) (line 13)`,
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
	if !strings.Contains(out.String(), "the built-in content is good: 3 pages and 16 links in 5 groups.") {
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
