package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// Tests of the rules the loader and Review apply to any content folder.

func withLinks(links string) fstest.MapFS {
	fsys := goodFS()
	fsys["links.yaml"] = &fstest.MapFile{Data: []byte(links)}
	return fsys
}

// TestContactConfirmation: only confirmed contact details reach visitors,
// in every language; the others are listed as waiting.
func TestContactConfirmation(t *testing.T) {
	fsys := withLinks(`site:
  name: Test Embassy
  title: Test Title
  contact:
    - label: {en: Website, es: Sitio web}
      value: https://embassy.example/
      confirmed: yes
      source: https://embassy.example/about
    - label: {en: Telephone, es: Teléfono}
      value: +27 00 000 0000
      confirmed: no
groups:
  - name: G
    links:
      - {title: Foo, description: Bar., url: "https://example.org/", status: likely}
`)
	fsys["pages/02-about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\n\n## Contact\n\n{{contact}}\n\nMore.\n")}
	fsys["pages/02-about.es.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Acerca\n---\n\n## Contacto\n\n{{contact}}\n\nMás.\n")}
	lib, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[Lang]string{English: "## Contact\n\n- Website: https://embassy.example/\n\nMore.", Spanish: "## Contacto\n\n- Sitio web: https://embassy.example/\n\nMás."}
	for lang, body := range want {
		p, _ := lib.In(lang).Page("about")
		if p.Body != body {
			t.Errorf("%s about body = %q, want %q", lang, p.Body, body)
		}
	}
	pending := lib.Review(time.Now()).Pending
	var got []string
	for _, p := range pending {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	if !strings.Contains(all, `contact "Telephone" (+27 00 000 0000) is not confirmed`) || !strings.Contains(all, "(line 9)") {
		t.Errorf("pending does not list the unconfirmed telephone:\n%s", all)
	}
	if !strings.Contains(all, `link 1 ("Foo"): the address https://example.org/ is only likely`) {
		t.Errorf("pending does not list the likely link:\n%s", all)
	}
	if strings.Contains(all, "Website") {
		t.Errorf("pending lists the confirmed website:\n%s", all)
	}
}

func TestContactProblems(t *testing.T) {
	for name, tc := range map[string]struct{ entry, want string }{
		"no confirmed":         {"value: x\n      label: X", "site: contact 1: confirmed is missing; write confirmed: yes"},
		"bad confirmed":        {"value: x\n      label: X\n      confirmed: maybe", `confirmed "maybe" must be yes or no`},
		"confirmed, no source": {"value: x\n      label: X\n      confirmed: yes", "site: contact 1: source is missing"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(withLinks("site:\n  name: N\n  title: T\n  contact:\n    - " + tc.entry + "\n" + goodLinks[strings.Index(goodLinks, "groups:"):]))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// reviewLinks is a directory whose entries each break one review rule.
const reviewLinks = `site:
  name: Test Embassy
  title: Test Title
  source: http://embassy.example/page
groups:
  - name: G
    links:
      - title: Plain
        description: An http address, no sources.
        url: http://plain.example/
        status: likely
      - title: Claimed
        description: Verified, but seen only elsewhere.
        url: https://claimed.example/
        status: verified
        sources:
          - https://news.example/claimed
      - title: Undated
        description: A note without a date.
        url: https://undated.example/
        status: verified
        sources: [https://www.undated.example/about]
        note: Renamed.
      - title: Stale
        description: A note checked long ago.
        url: https://stale.example/
        status: verified
        sources: [https://stale.example/about]
        note: Renamed.
        as_of: 2024-01
      - title: Good
        description: Everything right.
        url: {en: "https://good.example/en", es: "https://good.example/es"}
        status: verified
        sources: [https://sub.good.example/history]
        note: Renamed.
        as_of: 2026-11
`

func TestReviewWarnings(t *testing.T) {
	lib, err := Load(withLinks(reviewLinks))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	var got []string
	for _, w := range lib.Review(now).Warnings {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`links.yaml: site: source "http://embassy.example/page" is http:, not https:`,
		`link 1 ("Plain"): url "http://plain.example/" is http:, not https:`,
		`link 1 ("Plain"): has no sources`,
		`link 2 ("Claimed"): is verified, but none of its sources is on its own site (claimed.example)`,
		`link 3 ("Undated"): its note has no date; add as_of: with the month it was last checked (e.g. as_of: 2026-12)`,
		`link 4 ("Stale"): its note is as of 2024-01, more than a year ago`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q; got:\n%s", want, all)
		}
	}
	if strings.Contains(all, `"Good"`) || strings.Contains(all, `"Undated"): is verified`) {
		t.Errorf("warnings name an entry that follows the rules:\n%s", all)
	}
	if len(got) != 6 {
		t.Errorf("got %d warnings, want 6", len(got))
	}
	if es := lib.In(Spanish).Links[4].URL; es != "https://good.example/es" || lib.Links[4].URL != "https://good.example/en" {
		t.Errorf("per-language url: en %s, es %s", lib.Links[4].URL, es)
	}
	if n := lib.Links[4].Note; n != "Renamed. (Last checked: November 2026.)" {
		t.Errorf("the note shows visitors when it was checked: %q", n)
	}
	if n := lib.In(Spanish).Links[4].Note; n != "Renamed. (Última verificación: noviembre de 2026.)" {
		t.Errorf("Spanish note: %q", n)
	}
	if lib.In(Spanish).Links[0].URL != "http://plain.example/" {
		t.Errorf("a url written once serves every language")
	}
}

func TestReviewBadDate(t *testing.T) {
	_, err := Load(withLinks(strings.Replace(reviewLinks, "as_of: 2024-01", "as_of: last year", 1)))
	if err == nil || !strings.Contains(err.Error(), `as_of "last year" is not a date; write the year and month`) {
		t.Errorf("err = %v", err)
	}
}

const goodDates = `title: {en: Key dates, es: Fechas clave}
summary: {en: In brief., es: En breve.}
intro: {en: Our own summary., es: Resumen propio.}
dates:
  - year: 1983
    text: {en: Democracy returned., es: Volvió la democracia.}
    source: https://a.example/1983
  - year: 1989-1990
    text: {en: Pardons., es: Indultos.}
    source: https://b.example/pardons
`

func TestDatedPage(t *testing.T) {
	fsys := goodFS()
	fsys["pages/02-key-dates.yaml"] = &fstest.MapFile{Data: []byte(goodDates)}
	lib, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range lib.Warnings {
		if strings.Contains(w.File, "key-dates") {
			t.Errorf("warning: %s", w)
		}
	}
	want := map[Lang]string{
		English: "*Our own summary.*\n\n**1983** · Democracy returned.\n\nSource: https://a.example/1983\n\n**1989-1990** · Pardons.\n\nSource: https://b.example/pardons",
		Spanish: "*Resumen propio.*\n\n**1983** · Volvió la democracia.\n\nFuente: https://a.example/1983\n\n**1989-1990** · Indultos.\n\nFuente: https://b.example/pardons",
	}
	for lang, body := range want {
		p, ok := lib.In(lang).Page("key-dates")
		if !ok || p.Body != body || p.Untranslated || p.File != "pages/02-key-dates.yaml" {
			t.Errorf("%s page = %+v, %v; want body %q", lang, p, ok, body)
		}
	}
	if lib.Pages[1].Title != "Key dates" || lib.In(Spanish).Pages[1].Title != "Fechas clave" {
		t.Errorf("titles: %q, %q", lib.Pages[1].Title, lib.In(Spanish).Pages[1].Title)
	}
}

func TestDatedPageProblems(t *testing.T) {
	tests := []struct{ name, old, new, want string }{
		{"unknown language", "es: Indultos.", "fr: x", `pages/02-key-dates.yaml: dates: 1989-1990: text: "fr" is not a language of the kiosk`},
		{"Spanish missing", "text: {en: Pardons., es: Indultos.}", "text: {en: Pardons.}", `pages/02-key-dates.yaml: dates: 1989-1990: text has no Spanish text (es:); every text here is needed in every language (line 9)`},
		{"intro in English only", "intro: {en: Our own summary., es: Resumen propio.}", "intro: Our own summary.", "intro has no Spanish text (es:)"},
		{"http source", "https://b.example/pardons", "http://b.example/pardons", `dates: 1989-1990: source "http://b.example/pardons" must be an https: address (line 10)`},
		{"no source", "    source: https://b.example/pardons\n", "", "dates: 1989-1990: source is missing"},
		{"bad year", "year: 1983", "year: 83", `dates: 1: year "83" must be a year (1985) or two joined by a dash`},
		{"out of order", "year: 1989-1990", "year: 1980", "dates: 1980: comes after 1983; keep the dates in order (line 8)"},
		{"no dates", goodDates[strings.Index(goodDates, "dates:"):], "dates: []\n", "dates: there are none"},
		{"language in the name", "", "", "a list of dates holds every language itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := goodFS()
			name := "pages/02-key-dates.yaml"
			if tt.old == "" {
				name = "pages/02-key-dates.es.yaml"
			}
			fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(goodDates, tt.old, tt.new, 1))}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestYAMLMessages: the YAML parser's own messages are replaced by a plain
// sentence with the line a staff member must look at (issue 14, item 18).
func TestYAMLMessages(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"tab", "        status: verified", "\tstatus: verified",
			[]string{"links.yaml: a tab in the indentation: indent with spaces, never tabs (line 10)"}},
		{"colon in a value", "description: A body that does things.", "description: Note: a body that does things.",
			[]string{`links.yaml: a colon inside a value: put the value in double quotes ("...") (line 8)`}},
		{"unclosed double quote", "description: A body that does things.", `description: "A body that does things.`,
			[]string{"links.yaml: a quote that is not closed: end the value with the same quote mark it starts with (line 8)"}},
		{"unclosed single quote", "description: A body that does things.", `description: 'A body that does things.`,
			[]string{"a quote that is not closed", "(line 8)"}},
		{"control byte", "A body that does things.", "A body\x07 that does things.",
			[]string{"links.yaml: a control character (U+0007): delete it", "(line 8)"}},
		{"Latin-1", "A body that does things.", "A b\xf3dy that does things.",
			[]string{`links.yaml: is not UTF-8 text: byte 0xF3 (in Latin-1 it would be "ó"); save the file as UTF-8`, "(line 8)"}},
		{"indentation", "        status: verified", "       status: verified",
			[]string{"links.yaml: ", "(line 10)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(withLinks(strings.Replace(goodLinks, tt.old, tt.new, 1)))
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), "mapping values") || strings.Contains(err.Error(), "could not find expected") {
				t.Errorf("the parser's own words reach the staff member:\n%v", err)
			}
		})
	}
}

func TestYAMLMessagesInFrontMatter(t *testing.T) {
	fsys := goodFS()
	fsys["pages/01-welcome.md"].Data = []byte("---\ntitle: Welcome: a page\n---\n\nHello.\n")
	_, err := Load(fsys)
	if err == nil || !strings.Contains(err.Error(), `pages/01-welcome.md: a colon inside a value: put the value in double quotes ("...") (line 2)`) {
		t.Errorf("err = %v", err)
	}
	fsys["pages/01-welcome.md"].Data = []byte("---\n\ttitle: Welcome\n---\n\nHello.\n")
	if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), "pages/01-welcome.md: a tab in the indentation: indent with spaces, never tabs (line 2)") {
		t.Errorf("err = %v", err)
	}
}

// TestBareWWWWarned: "www.example.org" in a page is shown to visitors as an
// http: link, so check warns about it as it does about http:.
func TestBareWWWWarned(t *testing.T) {
	fsys := goodFS()
	fsys["pages/01-welcome.md"].Data = []byte("---\ntitle: Welcome\n---\n\nSee (www.example.org/page) or https://www.example.org/ok.\n")
	lib, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range lib.Review(time.Now()).Warnings {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	if !strings.Contains(all, `pages/01-welcome.md: address written without https:// (shown to visitors as "http://www.example.org/page)" is http:`) || !strings.Contains(all, "(line 5)") {
		t.Errorf("no warning for the bare www. address:\n%s", all)
	}
	if strings.Contains(all, "example.org/ok") {
		t.Errorf("an https address is warned about:\n%s", all)
	}
}
