package content

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The built-in content: the rules an embassy can stand behind. Each test
// here failed on the content as it was before issue 13.

func embedded(t *testing.T) *Library {
	t.Helper()
	lib, err := Load(Embedded())
	if err != nil {
		t.Fatalf("embedded content does not load:\n%v", err)
	}
	return lib
}

// contentDate is the newest "as of" date in the content: the review is run
// as of then, so the test does not start failing on its own a year later
// (that is `embassy check`'s job, with the real date).
func contentDate(lib *Library) time.Time {
	var newest time.Time
	for _, l := range lib.review.links {
		if d, ok := parseAsOf(l.asOf); ok && d.After(newest) {
			newest = d
		}
	}
	return newest
}

// TestEmbeddedReview: every address is https, every link names its
// sources, "verified" means a source on the body's own site (the one rule
// the About page states), and every change note is dated.
func TestEmbeddedReview(t *testing.T) {
	lib := embedded(t)
	now := contentDate(lib)
	if now.IsZero() {
		t.Error("no change note has an as_of date")
		now = time.Now()
	}
	for _, w := range lib.Review(now).Warnings {
		t.Errorf("warning: %s", w)
	}
}

// everyAddress is every address a visitor can see, in every language.
func everyAddress(lib *Library) []string {
	var out []string
	for _, lang := range Languages {
		l := lib.In(lang)
		out = append(out, l.Site.Source, l.Site.Banner.URL)
		for _, link := range l.Links {
			out = append(out, link.URL)
		}
		for _, p := range l.Pages {
			out = append(out, regexp.MustCompile(`[a-z]+://\S+`).FindAllString(p.Body, -1)...)
		}
	}
	return out
}

func TestEmbeddedHTTPSOnly(t *testing.T) {
	for _, u := range everyAddress(embedded(t)) {
		if u != "" && !strings.HasPrefix(u, "https://") {
			t.Errorf("address %q is not https", u)
		}
	}
}

// TestEmbeddedContactConfirmed: visitors see the confirmed contact details
// (the Embassy's website) and none of the unconfirmed ones, in any
// language or page.
func TestEmbeddedContactConfirmed(t *testing.T) {
	lib := embedded(t)
	if len(lib.review.contact) < 2 {
		t.Fatalf("only %d contact details in links.yaml", len(lib.review.contact))
	}
	for _, lang := range Languages {
		about, ok := lib.In(lang).Page("about")
		if !ok {
			t.Fatal("no about page")
		}
		for _, c := range lib.review.contact {
			shown := false
			for _, p := range lib.In(lang).Pages {
				shown = shown || strings.Contains(p.Body, c.value)
			}
			if c.confirmed && !strings.Contains(about.Body, c.label.in(lang)+": "+c.value) {
				t.Errorf("%s about page lacks the confirmed %q", lang, c.value)
			}
			if !c.confirmed && shown {
				t.Errorf("%s pages show the unconfirmed %q", lang, c.value)
			}
		}
		if strings.Contains(about.Body, contactPlaceholder) {
			t.Errorf("%s about page shows the placeholder", lang)
		}
	}
	if p := lib.Review(contentDate(lib)).Pending; len(p) == 0 {
		t.Error("nothing waits for confirmation, yet address, phone and hours are unconfirmed")
	}
}

// TestEmbeddedAboutAgrees: the About page states the rule for ✓ and ?
// once and names no entry as an exception to it (it once said the Court
// was known from third-party listings only while marking it verified).
func TestEmbeddedAboutAgrees(t *testing.T) {
	lib := embedded(t)
	for _, lang := range Languages {
		l := lib.In(lang)
		about, _ := l.Page("about")
		for _, link := range l.Links {
			if link.Title != l.Site.Name && strings.Contains(about.Body, link.Title) {
				t.Errorf("%s about page names %q; the marks must follow the one rule", lang, link.Title)
			}
		}
	}
	for _, l := range lib.Links {
		if strings.Contains(l.Title, "Inter-American Court") && l.Status != Likely {
			t.Errorf("%q is %s, but its address was seen in third-party listings only", l.Title, l.Status)
		}
	}
}

// TestEmbeddedKeyDates: the key dates page, in both languages, labelled as
// the kiosk's own summary, every date with its https source.
func TestEmbeddedKeyDates(t *testing.T) {
	lib := embedded(t)
	want := map[Lang][2]string{
		English: {"Key dates", "not a statement of the Embassy"},
		Spanish: {"Fechas clave", "No es una declaración de la Embajada"},
	}
	for lang, w := range want {
		p, ok := lib.In(lang).Page("key-dates")
		if !ok {
			t.Fatalf("%s: no key-dates page", lang)
		}
		if p.Title != w[0] || !strings.Contains(p.Body, w[1]) || p.Untranslated {
			t.Errorf("%s key dates: title %q, untranslated %v, body:\n%s", lang, p.Title, p.Untranslated, p.Body)
		}
		for _, year := range []string{"1976", "1983", "1984", "1985", "2005", "2006", "2023"} {
			if !strings.Contains(p.Body, year) {
				t.Errorf("%s key dates lack %s", lang, year)
			}
		}
		dates := strings.Count(p.Body, "**") / 2
		sources := strings.Count(p.Body, sourceLabel[lang]+": https://")
		if dates < 8 || sources != dates {
			t.Errorf("%s key dates: %d dates, %d https sources", lang, dates, sources)
		}
	}
	es, _ := lib.In(Spanish).Page("key-dates")
	en, _ := lib.Page("key-dates")
	if es.Body == en.Body {
		t.Error("the Spanish key dates are the English ones")
	}
}

// TestEmbeddedMinistryWording: the Spanish page uses the Foreign
// Ministry's own words where a stored copy shows them, and says plainly
// where the kiosk's own translation begins.
func TestEmbeddedMinistryWording(t *testing.T) {
	lib := embedded(t)
	p, _ := lib.In(Spanish).Page("leadership")
	for _, want := range []string{
		"La promoción de los derechos humanos constituye un eje central de nuestra política exterior.",
		"en el disfrute de todos los derechos humanos",
		"las graves violaciones a los derechos humanos cometidas",
		"ha impulsado en el ámbito universal",
		"el concepto de educación en la prevención del genocidio",
		"traducción de este quiosco",
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("the Spanish leadership page lacks %q", want)
		}
	}
	// Wording a native reader flagged, and the GAAMAC name the Ministry
	// does not use.
	for _, lang := range []Lang{Spanish} {
		l := lib.In(lang)
		var all []string
		all = append(all, l.Site.ShortName, l.Site.LinksIntro, l.Site.Banner.Description, l.Site.Banner.Note)
		for _, link := range l.Links {
			all = append(all, link.Title, link.Description, link.Note)
		}
		for _, pg := range l.Pages {
			all = append(all, pg.Body)
		}
		text := strings.Join(all, "\n")
		for _, bad := range []string{"quitó «y Derechos Humanos»", "web en vivo", "Embajada Argentina", "2018–19", "Global Action Against Mass Atrocity Crimes (GAAMAC)", "es un aspecto central"} {
			if strings.Contains(text, bad) {
				t.Errorf("Spanish content still says %q", bad)
			}
		}
	}
}

// TestEmbeddedSources: the sources the issue asked for are in the
// directory, in both languages.
func TestEmbeddedSources(t *testing.T) {
	lib := embedded(t)
	for _, want := range []string{"Abuelas de Plaza de Mayo", "CELS", "CIPDH", "UNESCO", "Crimes against Humanity", "Prevention of Genocide", "Freedom Park"} {
		found := false
		for i, l := range lib.Links {
			if strings.Contains(l.Title, want) {
				found = true
				if es := lib.In(Spanish).Links[i]; es.Untranslated || es.Description == l.Description {
					t.Errorf("%q is not in Spanish", l.Title)
				}
			}
		}
		if !found {
			t.Errorf("the directory has no entry for %s", want)
		}
	}
}

// TestEmbeddedCorrections: the facts the review found wrong are corrected.
func TestEmbeddedCorrections(t *testing.T) {
	lib := embedded(t)
	text := func(name string) string {
		for _, l := range lib.Links {
			if strings.Contains(l.Title, name) {
				return l.Description + "\n" + l.Note
			}
		}
		t.Errorf("no link for %s", name)
		return ""
	}
	checks := []struct{ link, must, mustNot string }{
		{"BNDG", "rejected", "reorganised by decree"},
		{"Human Rights (formerly", "under-secretariat", "keeps the National Memory Archive"},
		{"Espacio Memoria", "2007", "handed over in 2004"},
		{"EAAF", "more than 50 countries", "30 countries"},
	}
	for _, c := range checks {
		got := text(c.link)
		if !strings.Contains(got, c.must) || strings.Contains(got, c.mustNot) {
			t.Errorf("%s: want %q and not %q in %q", c.link, c.must, c.mustNot, got)
		}
	}
	for _, l := range lib.Links {
		if strings.Contains(l.Title, "UNASUR") {
			t.Errorf("UNASUR is listed (%s): its address has only third-party evidence", l.URL)
		}
	}
	// One address for FO.AR, and in English the banner says what it is.
	b := lib.Site.Banner
	if !strings.Contains(b.Title, "FO.AR") || !strings.Contains(b.Description, "Argentine Fund for South-South and Triangular Cooperation") {
		t.Errorf("English banner %q: %q", b.Title, b.Description)
	}
	for _, l := range lib.Links {
		if strings.Contains(l.Title, "FO.AR") && l.URL != b.URL {
			t.Errorf("FO.AR is %s in the directory and %s on the banner", l.URL, b.URL)
		}
	}
}

// TestEmbeddedSpanishAddresses: where a body has a Spanish page, Spanish
// visitors get it.
func TestEmbeddedSpanishAddresses(t *testing.T) {
	es := embedded(t).In(Spanish)
	for _, l := range es.Links {
		for _, body := range []string{"Comisión Interamericana", "Ministerio de Relaciones Exteriores"} {
			if strings.Contains(l.Title, body) && strings.Contains(l.URL, "/en") {
				t.Errorf("%q links Spanish visitors to %s", l.Title, l.URL)
			}
		}
	}
}

// TestEmbeddedSeed checks that every sentence and heading of the page as the
// Embassy published it (testdata/seed.txt) is in the built-in content,
// verbatim and in the right place.
func TestEmbeddedSeed(t *testing.T) {
	lib, err := Load(Embedded())
	if err != nil {
		t.Fatalf("embedded content does not load:\n%v", err)
	}
	data, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) < 5 {
		t.Fatalf("seed has only %d lines", len(lines))
	}

	// The first line is the website's own header ("Embassy in South Africa"),
	// which the kiosk shows as the site name.
	header := lines[0]
	if before, after, ok := strings.Cut(header, " in "); !ok || !strings.HasPrefix(lib.Site.Name, before) || !strings.HasSuffix(lib.Site.Name, " in "+after) {
		t.Errorf("site name %q does not match the header %q", lib.Site.Name, header)
	}
	// The last line is the website's banner, not part of the page.
	banner := lines[len(lines)-1]
	if lib.Site.Banner.Title != banner && !strings.Contains(lib.Site.Banner.Description, banner) {
		t.Errorf("banner %q is neither Site.Banner's title nor in its description: %+v", banner, lib.Site.Banner)
	}
	for _, p := range lib.Pages {
		if strings.Contains(p.Body, banner) || p.Title == banner {
			t.Errorf("banner line %q is on page %s; it belongs in Site.Banner", banner, p.File)
		}
	}

	var current *Page // the page the seed's current section belongs on
	for _, line := range lines[1 : len(lines)-1] {
		if !strings.HasSuffix(line, ".") && !strings.HasSuffix(line, ":") { // a heading
			if line == lib.Site.Title {
				continue
			}
			current = nil
			for i := range lib.Pages {
				if lib.Pages[i].Title == line {
					current = &lib.Pages[i]
				}
			}
			if current == nil {
				t.Errorf("heading %q is neither the site title nor a page title", line)
			}
			continue
		}
		if current == nil {
			t.Errorf("text before any page heading: %q", line)
			continue
		}
		body := plain(current.Body)
		for _, s := range sentences(line) {
			if !strings.Contains(body, s) {
				t.Errorf("%s lacks the sentence %q", current.File, s)
			}
		}
	}

	const more = "For more information, please visit the following websites:"
	found := false
	for _, p := range lib.Pages {
		found = found || strings.Contains(plain(p.Body), more)
	}
	if !found {
		t.Errorf("no page has %q", more)
	}
}

// sentences splits a paragraph at ". ".
func sentences(par string) []string {
	parts := strings.Split(par, ". ")
	for i := range parts[:len(parts)-1] {
		parts[i] += "."
	}
	return parts
}

// plain undoes the Markdown a page may add around the seed's sentences:
// emphasis and heading marks, and line breaks inside a paragraph.
func plain(md string) string {
	pars := strings.Split(md, "\n\n")
	for i, p := range pars {
		p = strings.TrimLeft(p, "# ")
		p = strings.NewReplacer("**", "", "*", "", "`", "", "\n", " ").Replace(p)
		pars[i] = p
	}
	return strings.Join(pars, "\n\n")
}

// TestEmbeddedSpanish checks that the built-in content is wholly translated.
func TestEmbeddedSpanish(t *testing.T) {
	lib, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range lib.Warnings {
		t.Errorf("warning: %s", w)
	}
	es := lib.In(Spanish)
	if es.Untranslated != 0 {
		t.Errorf("%d Spanish texts are missing", es.Untranslated)
	}
	if len(es.Pages) != len(lib.Pages) || len(es.Links) != len(lib.Links) {
		t.Fatalf("the Spanish library has %d pages and %d links, the English %d and %d", len(es.Pages), len(es.Links), len(lib.Pages), len(lib.Links))
	}
	for i, p := range es.Pages {
		if p.Title == lib.Pages[i].Title || p.Body == lib.Pages[i].Body {
			t.Errorf("%s: the Spanish page has the English title or text", p.File)
		}
	}
	for i, l := range es.Links {
		en := lib.Links[i]
		if l.Description == en.Description || (en.Note != "" && l.Note == en.Note) || l.Group == en.Group {
			t.Errorf("%q: the Spanish description, note or group is the English one", en.Title)
		}
		if l.Status != en.Status {
			t.Errorf("%q: the Spanish entry has another status", en.Title)
		}
	}
	// Bodies that changed since the page was written say so in their
	// description, in both languages, in one short clause.
	changed := map[string][2]string{
		"FO.AR":                       {"since 2022", "desde 2022"},
		"Secretariat of Human Rights": {"2025", "2025"},
		"CIPDH":                       {"since 2025", "desde 2025"},
	}
	for name, words := range changed {
		found := false
		for i, l := range lib.Links {
			if !strings.Contains(l.Title, name) {
				continue
			}
			found = true
			if !strings.Contains(strings.ToLower(l.Description), words[0]) {
				t.Errorf("%q: the description does not say what changed (%q): %q", l.Title, words[0], l.Description)
			}
			if d := es.Links[i].Description; !strings.Contains(strings.ToLower(d), words[1]) {
				t.Errorf("%q: the Spanish description does not say what changed (%q): %q", l.Title, words[1], d)
			}
		}
		if !found {
			t.Errorf("no link for %s", name)
		}
	}
}
