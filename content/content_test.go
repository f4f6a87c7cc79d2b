package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// goodLinks is a minimal valid links.yaml. Line numbers matter to the tests:
// the link's title is on line 7, its url on line 9, its status on line 10.
const goodLinks = `site:
  name: Test Embassy
  title: Test Title
groups:
  - name: G
    links:
      - title: Foo
        description: A body that does things.
        url: https://example.org/
        status: verified
`

const goodPage = "---\ntitle: Welcome\n---\n\nHello, visitor.\n"

func goodFS() fstest.MapFS {
	return fstest.MapFS{
		"links.yaml":          {Data: []byte(goodLinks)},
		"pages/01-welcome.md": {Data: []byte(goodPage)},
	}
}

func TestLoadMinimal(t *testing.T) {
	fsys := goodFS()
	fsys["pages/02-second-page.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Second\n---\nLine one.\n\nLine two.\n\n")}
	fsys["pages/.DS_Store"] = &fstest.MapFile{Data: []byte{0, 1, 2}} // skipped, as go:embed would
	lib, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if lib.Site.Name != "Test Embassy" || lib.Site.Title != "Test Title" {
		t.Errorf("Site = %+v", lib.Site)
	}
	if lib.Site.LinksTitle != "Related websites" {
		t.Errorf("LinksTitle = %q, want the default", lib.Site.LinksTitle)
	}
	if lib.Site.Banner.URL != "" {
		t.Errorf("Banner = %+v, want none", lib.Site.Banner)
	}
	if len(lib.Pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(lib.Pages))
	}
	want := Page{Slug: "welcome", Name: "welcome", Title: "Welcome", Body: "Hello, visitor.", File: "pages/01-welcome.md"}
	if lib.Pages[0] != want {
		t.Errorf("page 1 = %+v, want %+v", lib.Pages[0], want)
	}
	if p, ok := lib.Page("second-page"); !ok || p.Body != "Line one.\n\nLine two." {
		t.Errorf(`Page("second-page") = %+v, %v`, p, ok)
	}
	wantLink := Link{Title: "Foo", Description: "A body that does things.", URL: "https://example.org/", Status: Verified, Group: "G"}
	if len(lib.Links) != 1 || lib.Links[0] != wantLink {
		t.Errorf("Links = %+v, want [%+v]", lib.Links, wantLink)
	}
}

func TestLoadPageOrder(t *testing.T) {
	fsys := goodFS()
	delete(fsys, "pages/01-welcome.md")
	for _, name := range []string{"10-c.md", "02-b.md", "01-a.md"} {
		fsys["pages/"+name] = &fstest.MapFile{Data: []byte(goodPage)}
	}
	lib, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range lib.Pages {
		got = append(got, p.Slug)
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("slugs = %v, want a,b,c", got)
	}
}

func TestLinkGroups(t *testing.T) {
	fsys := goodFS()
	fsys["links.yaml"].Data = []byte(goodLinks + `  - name: Second
    links:
      - {title: A, description: First., url: "https://a.example/", status: likely, note: Renamed.}
      - {title: B, description: Second., url: "https://b.example/", status: verified}
`)
	lib, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	groups := lib.LinkGroups()
	if len(groups) != 2 || groups[0].Name != "G" || groups[1].Name != "Second" {
		t.Fatalf("groups = %+v", groups)
	}
	if len(groups[1].Links) != 2 || groups[1].Links[0].Title != "A" || groups[1].Links[1].Title != "B" {
		t.Errorf("second group links = %+v", groups[1].Links)
	}
	if l := groups[1].Links[0]; l.Group != "Second" || l.Note != "Renamed." || l.Status != Likely {
		t.Errorf("link A = %+v", l)
	}
	groups[0].Links[0].Title = "changed"
	if lib.LinkGroups()[0].Links[0].Title != "Foo" || lib.Links[0].Title != "Foo" {
		t.Error("changing LinkGroups' result changed the library")
	}
}

func TestLoadProblems(t *testing.T) {
	links := func(old, new string) func(fstest.MapFS) {
		return func(fsys fstest.MapFS) {
			if !strings.Contains(goodLinks, old) {
				panic("test links have no " + old)
			}
			fsys["links.yaml"].Data = []byte(strings.Replace(goodLinks, old, new, 1))
		}
	}
	page := func(name, data string) func(fstest.MapFS) {
		return func(fsys fstest.MapFS) { fsys[name] = &fstest.MapFile{Data: []byte(data)} }
	}
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   []string // each must be in the error
	}{
		{"page title missing", page("pages/01-welcome.md", "---\ntitle: \"\"\n---\n\nHello.\n"),
			[]string{"pages/01-welcome.md: title is missing (line 2)"}},
		{"page without front matter", page("pages/01-welcome.md", "# Welcome\n\nHello.\n"),
			[]string{"pages/01-welcome.md: must start with front matter", "(line 1)"}},
		{"front matter not closed", page("pages/01-welcome.md", "---\ntitle: Welcome\n\nHello.\n"),
			[]string{"pages/01-welcome.md: front matter is not closed"}},
		{"link title missing", links("title: Foo", `title: ""`),
			[]string{`links.yaml: group "G", link 1: title is missing (line 7)`}},
		{"site name missing", links("  name: Test Embassy\n", ""),
			[]string{"links.yaml: site: name is missing"}},
		{"bad URL", links("https://example.org/", "ftp://example.org/"),
			[]string{`links.yaml: group "G", link 1 ("Foo"): url "ftp://example.org/" is not an http(s) address (line 9)`}},
		{"URL without host", links("https://example.org/", "https:///path"),
			[]string{`links.yaml: group "G", link 1 ("Foo"): url "https:///path" has no host name`}},
		{"URL without scheme", links("https://example.org/", "example.org"),
			[]string{`url "example.org" is not an http(s) address`}},
		{"bad status", links("status: verified", "status: sure"),
			[]string{`links.yaml: group "G", link 1 ("Foo"): status "sure" must be verified or likely (line 10)`}},
		{"empty page", page("pages/01-welcome.md", "---\ntitle: Welcome\n---\n\n   \n\n"),
			[]string{"pages/01-welcome.md: body is empty"}},
		{"duplicate slug", page("pages/02-welcome.md", goodPage),
			[]string{`pages/02-welcome.md: slug "welcome" is already used by pages/01-welcome.md`}},
		{"bad page file name", page("pages/01-Welcome_Page.md", goodPage),
			[]string{"pages/01-Welcome_Page.md: bad file name"}},
		{"file that is not a page", page("pages/notes.txt", "notes"),
			[]string{"pages/notes.txt: is not a page"}},
		{"no pages", func(fsys fstest.MapFS) { delete(fsys, "pages/01-welcome.md") },
			[]string{"pages: folder is missing"}},
		{"no links.yaml", func(fsys fstest.MapFS) { delete(fsys, "links.yaml") },
			[]string{"links.yaml: file is missing"}},
		{"unknown YAML field", links("        status: verified\n", "        status: verified\n        colour: red\n"),
			[]string{`links.yaml: unknown field "colour"`, "title, description, url, status, note, as_of, sources", "(line 11)"}},
		{"unknown front matter field", page("pages/01-welcome.md", "---\ntitle: Welcome\nauthor: Me\n---\n\nHello.\n"),
			[]string{`pages/01-welcome.md: unknown field "author"`, "(line 3)"}},
		{"YAML syntax error", links("  title: Test Title", "  title: [Test Title"),
			[]string{"links.yaml: a value or list is not finished: look for a [ or { without its closing ] or }", "(line 3)"}},
		{"list where text belongs", links("  title: Test Title", "  title: [a, b]"),
			[]string{"links.yaml: site: title: expected text here, found a list (line 3)"}},
		{"unknown language", links("  title: Test Title", "  title:\n    en: Test Title\n    fr: Titre"),
			[]string{`links.yaml: site: title: "fr" is not a language of the kiosk; use en (English) and es (Spanish) (line 5)`}},
		{"translation without English", links("        description: A body that does things.", "        description:\n          es: Un organismo."),
			[]string{`links.yaml: group "G", link 1 ("Foo"): description has no English text (en:)`, "(line 9)"}},
		{"language written twice", links("  title: Test Title", "  title:\n    en: Test Title\n    es: Uno\n    es: Dos"),
			[]string{"links.yaml: site: title: es: is written twice (line 6)"}},
		{"list in a translation", links("  title: Test Title", "  title:\n    en: Test Title\n    es: [a, b]"),
			[]string{"links.yaml: site: title: expected one line of text after es: (line 5)"}},
		{"translation too long", links("description: A body that does things.", "description: {en: Short., es: "+strings.Repeat("x", 161)+"}"),
			[]string{"description (es) is 161 characters long; the limit is 160 (line 8)"}},
		{"same Spanish name for two groups", func(fsys fstest.MapFS) {
			fsys["links.yaml"].Data = []byte(strings.Replace(goodLinks, "  - name: G\n", "  - name: {en: G, es: Grupo}\n", 1) +
				"  - name: {en: H, es: Grupo}\n    links:\n      - {title: B, description: B., url: \"https://b.example/\", status: likely}\n")
		}, []string{`links.yaml: group "H": the name "Grupo" is already used by group 1 (line 11)`}},
		{"translation of a missing page", page("pages/02-other.es.md", "---\ntitle: Otra\n---\n\nHola.\n"),
			[]string{"pages/02-other.es.md: is a translation of pages/02-other.md, which does not exist"}},
		{"translation named after another number", page("pages/02-welcome.es.md", "---\ntitle: Bienvenida\n---\n\nHola.\n"),
			[]string{"pages/02-welcome.es.md: is named after pages/02-welcome.md, which does not exist", "pages/01-welcome.md, with .es before .md"}},
		{"English page with a language code", page("pages/02-other.en.md", goodPage),
			[]string{"pages/02-other.en.md: English pages have no language in their name: rename it to pages/02-other.md"}},
		{"unknown page language", page("pages/01-welcome.fr.md", goodPage),
			[]string{`pages/01-welcome.fr.md: the kiosk has no language "fr"`}},
		{"menu in a translation", page("pages/01-welcome.es.md", "---\ntitle: Bienvenida\nmenu: end\n---\n\nHola.\n"),
			[]string{`pages/01-welcome.es.md: unknown field "menu" (allowed here: title, summary, name) (line 3)`}},
		{"bad page name", page("pages/01-welcome.es.md", "---\ntitle: Bienvenida\nname: Bienvenida\n---\n\nHola.\n"),
			[]string{`pages/01-welcome.es.md: name: "Bienvenida" is not a page name`, "(line 3)"}},
		{"page name used twice", func(fsys fstest.MapFS) {
			page("pages/02-second-page.md", "---\ntitle: Second\n---\n\nHello.\n")(fsys)
			page("pages/01-welcome.es.md", "---\ntitle: Bienvenida\nname: second-page\n---\n\nHola.\n")(fsys)
		}, []string{`pages/02-second-page.md: the page name "second-page" is already the name of pages/01-welcome.md`}},
		{"bad menu value", page("pages/01-welcome.md", "---\ntitle: Welcome\nmenu: last\n---\n\nHello.\n"),
			[]string{`pages/01-welcome.md: menu: "last" is not a choice; write "menu: end"`, "(line 3)"}},
		{"problem in a translation", page("pages/01-welcome.es.md", "---\ntitle: Bienvenida\n---\n\nHola \x1b[2J.\n"),
			[]string{"pages/01-welcome.es.md: text contains an escape character (U+001B) at character 6", "(line 5)"}},
		{"escape sequence in link title", links("title: Foo", `title: "\e[31mFoo"`),
			[]string{`links.yaml: group "G", link 1 ("\x1b[31mFoo"): title contains an escape character (U+001B)`, "(line 7)"}},
		{"escape sequence in page title", page("pages/01-welcome.md", "---\ntitle: \"\\e]0;owned\\a\"\n---\n\nHello.\n"),
			[]string{"pages/01-welcome.md: title contains an escape character (U+001B)"}},
		{"escape sequence in page body", page("pages/01-welcome.md", "---\ntitle: Welcome\n---\n\nHello.\n\nBye \x1b[2J.\n"),
			[]string{"pages/01-welcome.md: text contains an escape character (U+001B)", "(line 7)"}},
		{"C1 control in page body", page("pages/01-welcome.md", "---\ntitle: Welcome\n---\n\nHello \u009b2J.\n"),
			[]string{"pages/01-welcome.md: text contains a control character (U+009B)", "(line 5)"}},
		{"bidi override in description", links("description: A body", "description: A \u202ebody"),
			[]string{`links.yaml: group "G", link 1 ("Foo"): description contains an invisible text-direction control (U+202E)`}},
		{"description on two lines", links("description: A body that does things.", `description: "A body\nthat does things."`),
			[]string{`description contains a line break; it must be one line (line 8)`}},
		{"description too long", links("A body that does things.", strings.Repeat("x", 161)),
			[]string{"description is 161 characters long; the limit is 160"}},
		{"duplicate URL", links("        status: verified\n", "        status: verified\n      - {title: Bar, description: Same., url: \"http://www.example.org\", status: likely}\n"),
			[]string{`links.yaml: group "G", link 2 ("Bar"): url "http://www.example.org" is already listed (group "G", link 1 ("Foo")) (line 11)`}},
		{"group without links", links("groups:\n", "groups:\n  - name: Empty\n"),
			[]string{`links.yaml: group "Empty" has no links (line 5)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := goodFS()
			tt.change(fsys)
			lib, err := Load(fsys)
			if err == nil {
				t.Fatalf("Load succeeded (%d pages, %d links); want an error", len(lib.Pages), len(lib.Links))
			}
			if lib != nil {
				t.Error("Load returned a library along with an error")
			}
			var le *LoadError
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Errorf("error is %T, want *LoadError with problems", err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error does not contain %q; got:\n%s", w, msg)
				}
			}
			if strings.ContainsAny(msg, "\x1b\u009b\u202e") {
				t.Errorf("error message itself carries a control character: %q", msg)
			}
		})
	}
}

func TestLoadReportsEveryFile(t *testing.T) {
	fsys := goodFS()
	fsys["links.yaml"].Data = []byte(strings.Replace(goodLinks, "https://example.org/", "mailto:x@example.org", 1))
	fsys["pages/02-empty.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Empty\n---\n")}
	_, err := Load(fsys)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want *LoadError", err)
	}
	if len(le.Problems) != 2 || le.Problems[0].File != "links.yaml" || le.Problems[1].File != "pages/02-empty.md" {
		t.Errorf("problems = %+v, want one in links.yaml and one in pages/02-empty.md", le.Problems)
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "pages"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("links.yaml", goodLinks)
	write("pages/01-welcome.md", strings.ReplaceAll(goodPage, "\n", "\r\n")) // saved on Windows
	lib, err := LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if lib.Pages[0].Body != "Hello, visitor." {
		t.Errorf("body = %q", lib.Pages[0].Body)
	}

	write("links.yaml", strings.Replace(goodLinks, "status: verified", "status: maybe", 1))
	_, err = LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "links.yaml")+": ") {
		t.Errorf("err = %v, want it to name %s", err, filepath.Join(dir, "links.yaml"))
	}

	if _, err := LoadDir(filepath.Join(dir, "nowhere")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("LoadDir(missing folder) err = %v", err)
	}
}

func TestTranslations(t *testing.T) {
	fsys := fstest.MapFS{
		"links.yaml": {Data: []byte(`site:
  name:
    en: Test Embassy
    es: Embajada de Prueba
  title: Test Title
groups:
  - name: {en: Bodies, es: Organismos}
    links:
      - title: Foo
        description:
          en: A body that does things.
          es: Un organismo que hace cosas.
        url: https://example.org/
        status: verified
        note: {en: Renamed., es: Cambió de nombre.}
      - title: {en: Bar, es: Barra}
        description: Only in English.
        url: https://bar.example/
        status: likely
`)},
		"pages/01-welcome.md":    {Data: []byte("---\ntitle: Welcome\nsummary: Hello.\nmenu: end\n---\n\nHello, visitor.\n")},
		"pages/01-welcome.es.md": {Data: []byte("---\ntitle: Bienvenida\nsummary: Hola.\n---\n\nHola, visitante.\n")},
		"pages/02-other.md":      {Data: []byte("---\ntitle: Other\n---\n\nOnly English.\n")},
	}
	lib, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if lib.Lang != English || lib.In(English) != lib || lib.In("fr") != lib {
		t.Errorf("Load should return the English library, and In should fall back to it")
	}
	if lib.Untranslated != 0 || lib.Pages[0].Untranslated || lib.Links[1].Untranslated {
		t.Errorf("nothing is untranslated in English: %d", lib.Untranslated)
	}
	es := lib.In(Spanish)
	if es.Lang != Spanish || es.In(English) != lib {
		t.Fatalf("In(Spanish) = %+v", es)
	}
	if es.Site.Name != "Embajada de Prueba" || es.Site.Title != "Test Title" || es.Site.LinksTitle != "Sitios relacionados" {
		t.Errorf("Spanish site = %+v", es.Site)
	}
	foo, bar := es.Links[0], es.Links[1]
	if foo.Description != "Un organismo que hace cosas." || foo.Note != "Cambió de nombre." || foo.Group != "Organismos" {
		t.Errorf("Spanish Foo = %+v", foo)
	}
	if foo.Title != "Foo" || !foo.Untranslated {
		t.Errorf("a title written once is English, shown as untranslated: %+v", foo)
	}
	if bar.Title != "Barra" || bar.Description != "Only in English." || !bar.Untranslated {
		t.Errorf("Spanish Bar = %+v; want the English description, marked untranslated", bar)
	}
	if lib.Links[1].Title != "Bar" || lib.Links[0].Group != "Bodies" {
		t.Errorf("English links = %+v", lib.Links)
	}
	welcome, other := es.Pages[0], es.Pages[1]
	if welcome.Title != "Bienvenida" || welcome.Body != "Hola, visitante." || welcome.File != "pages/01-welcome.es.md" ||
		welcome.Slug != "welcome" || !welcome.AtEnd || welcome.Untranslated {
		t.Errorf("Spanish welcome = %+v", welcome)
	}
	if other.Title != "Other" || !other.Untranslated || other.Slug != "other" {
		t.Errorf("untranslated page = %+v", other)
	}
	if p, ok := es.Page("welcome"); !ok || p.Title != "Bienvenida" {
		t.Errorf(`es.Page("welcome") = %+v, %v`, p, ok)
	}
	// Site title, Foo's title (written once), Bar's description, page 2.
	if es.Untranslated != 4 {
		t.Errorf("es.Untranslated = %d, want 4", es.Untranslated)
	}
	var warnings []string
	for _, w := range lib.Warnings {
		warnings = append(warnings, w.String())
	}
	got := strings.Join(warnings, "\n")
	for _, want := range []string{
		"links.yaml: site: title has no Spanish translation (add a line es: under it) (line 5)",
		`links.yaml: group "Bodies", link 2 ("Bar"): description has no Spanish translation (add a line es: under it) (line 17)`,
		"pages/02-other.md: has no Spanish translation (pages/02-other.es.md)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q; got:\n%s", want, got)
		}
	}
	if len(es.Warnings) != len(lib.Warnings) {
		t.Errorf("every language should carry the same warnings")
	}
}

// TestLoadReportsAfterUnknownField: an unknown key does not hide the
// problems after it.
func TestLoadReportsAfterUnknownField(t *testing.T) {
	fsys := goodFS()
	fsys["links.yaml"].Data = []byte(strings.Replace(strings.Replace(goodLinks,
		"        status: verified\n", "        status: sure\n        colour: red\n", 1),
		"https://example.org/", "ftp://example.org/", 1))
	_, err := Load(fsys)
	if err == nil {
		t.Fatal("Load succeeded")
	}
	for _, want := range []string{`unknown field "colour" (allowed here: title, description, url, status, note, as_of, sources) (line 11)`,
		`status "sure" must be verified or likely (line 10)`, `url "ftp://example.org/" is not an http(s) address (line 9)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
