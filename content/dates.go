package content

import (
	"fmt"
	"regexp"
	"strings"
)

// A dated list is a page built from a data file, pages/NN-slug.yaml: a
// title, a summary and an introduction, then dates, each with its text in
// every language and the https address of the source it was checked
// against. It is shown like any other page; being written by the kiosk's
// editors rather than published by the Embassy, its introduction says so.
type (
	datesDoc struct {
		Title   textDoc   `yaml:"title"`
		Name    textDoc   `yaml:"name"` // optional: the page's name in other languages than English (es: fechas)
		Summary textDoc   `yaml:"summary"`
		Intro   textDoc   `yaml:"intro"`
		Menu    string    `yaml:"menu"`
		Dates   []dateDoc `yaml:"dates"`
	}
	dateDoc struct {
		Year   string  `yaml:"year"`
		Text   textDoc `yaml:"text"`
		Source string  `yaml:"source"`
	}
)

// datedYear is a year (1976) or a span of years (1989-1990).
var datedYear = regexp.MustCompile(`^([0-9]{4})(?:-([0-9]{4}))?$`)

const maxDateText = 400

// sourceLabel introduces each date's source.
var sourceLabel = map[Lang]string{English: "Source", Spanish: "Fuente"}

// readDates reads a dated list. Every text must be there in every
// language, and every source must be https: a list that is the kiosk's
// own summary must say in each language where each fact comes from.
func (ld *loader) readDates(pf pageFile) (pageText, bool) {
	before := len(ld.problems)
	data, ok := ld.readText(pf.file)
	if !ok {
		return pageText{}, false
	}
	var doc datesDoc
	root, ok := ld.decodeYAML(pf.file, data, &doc)
	if !ok {
		return pageText{}, false
	}
	at := func(path ...any) int { return lineAt(root, path...) }
	title := ld.everyLanguage(pf.file, at("title"), "", "title", doc.Title, maxTitle)
	summary := ld.everyLanguage(pf.file, at("summary"), "", "summary", doc.Summary, maxDescription)
	intro := ld.everyLanguage(pf.file, at("intro"), "", "intro", doc.Intro, maxIntro)
	atEnd := false
	switch strings.TrimSpace(doc.Menu) {
	case "":
	case "end":
		atEnd = true
	default:
		ld.add(pf.file, at("menu"), "menu: %q is not a choice; write \"menu: end\" to list the page at the end of the menu, or leave the line out", doc.Menu)
	}
	if len(doc.Dates) == 0 {
		ld.add(pf.file, at("dates"), "dates: there are none; add at least one (year, text, source)")
	}
	var body strings.Builder
	last := 0
	items := make([]dateText, 0, len(doc.Dates))
	for i, d := range doc.Dates {
		items = append(items, ld.date(pf.file, i, d, &last, func(key ...any) int {
			return at(append([]any{"dates", i}, key...)...)
		}))
	}
	if len(ld.problems) > before {
		return pageText{}, false
	}
	pt := pageText{base: pf.base, translations: make(map[Lang]Page)}
	for _, lang := range Languages {
		body.Reset()
		fmt.Fprintf(&body, "*%s*\n", intro.in(lang))
		for _, it := range items {
			fmt.Fprintf(&body, "\n**%s** · %s\n\n%s: %s\n", it.year, it.text.in(lang), sourceLabel[lang], it.source)
		}
		p := Page{Slug: pf.slug, Title: title.in(lang), Summary: summary.in(lang), Body: strings.TrimSuffix(body.String(), "\n"), File: pf.file, AtEnd: atEnd}
		if lang != English {
			p.Name = ld.pageName(pf.file, at("name"), strings.TrimSpace(doc.Name.text[lang]))
		}
		if lang == English {
			pt.en = p
		} else {
			pt.translations[lang] = p
		}
	}
	return pt, true
}

// dateText is one checked date.
type dateText struct {
	year, source string
	text         localText
}

// date checks one entry of dates:; last is the year of the entry before,
// so that the list stays in order.
func (ld *loader) date(file string, i int, d dateDoc, last *int, at func(key ...any) int) dateText {
	where := fmt.Sprintf("dates: %d", i+1)
	year := strings.TrimSpace(d.Year)
	m := datedYear.FindStringSubmatch(year)
	switch {
	case year == "":
		ld.add(file, at(), "%s: year is missing", where)
	case m == nil:
		ld.add(file, at("year"), "%s: year %q must be a year (1985) or two joined by a dash (1989-1990)", where, year)
	default:
		where = fmt.Sprintf("dates: %s", year)
		var y int
		fmt.Sscan(m[1], &y)
		if y < *last {
			ld.add(file, at("year"), "%s: comes after %d; keep the dates in order", where, *last)
		}
		*last = y
	}
	dt := dateText{year: year, text: ld.everyLanguage(file, at("text"), where, "text", d.Text, maxDateText)}
	dt.source = ld.address(file, at("source"), where, "source", d.Source, true)
	if dt.source != "" && !strings.HasPrefix(dt.source, "https://") {
		ld.add(file, at("source"), "%s: source %q must be an https: address", where, dt.source)
	}
	return dt
}

// everyLanguage checks a text that must be written in every language.
func (ld *loader) everyLanguage(file string, line int, where, name string, t textDoc, limit int) localText {
	out := localText{by: make(map[Lang]string)}
	if t.wrong != "" {
		ld.add(file, t.lineOf("", line), "%s: %s", strings.TrimPrefix(where+": "+name, ": "), t.wrong)
		return out
	}
	for _, lang := range Languages {
		label := name
		if lang != English {
			label += " (" + string(lang) + ")"
		}
		v := ld.text(file, t.lineOf(lang, line), where, label, t.text[lang], false, limit)
		if v == "" {
			ld.add(file, t.lineOf(lang, line), "%s has no %s text (%s:); every text here is needed in every language", strings.TrimPrefix(where+": "+name, ": "), lang.Name(), lang)
		}
		out.by[lang] = v
	}
	return out
}
