package content

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// webAddress finds the addresses written out in a page's text.
var webAddress = regexp.MustCompile(`https?://[^\s)>\]*]+[^\s)>\]*.,;:]`)

// bareWWW finds an address written from "www." on, without its scheme.
var bareWWW = regexp.MustCompile(`(?:^|[^/\w.])(www\.[^\s)>\]*]+[^\s)>\]*.,;:])`)

// pageText is one page: its English version and its translations.
type pageText struct {
	base         string // file name without the language and ".md": "01-leadership"
	en           Page
	translations map[Lang]Page
}

// pageFile is a file in pages/ whose name is right.
type pageFile struct {
	name, file, base, slug string
	lang                   Lang
	data                   bool // a .yaml list of dates, not a .md page
}

func (ld *loader) loadPages() []pageText {
	entries, err := fs.ReadDir(ld.fsys, pagesDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ld.add(pagesDir, 0, "folder is missing; it must hold at least one page, such as pages/01-welcome.md")
		return nil
	case err != nil:
		ld.add(pagesDir, 0, "cannot be read: %v", err)
		return nil
	}
	before := len(ld.problems)
	english, translations := ld.pageFiles(entries)
	pages := ld.readPages(english, translations)
	ld.namePages(pages)
	if len(pages) == 0 && len(ld.problems) == before {
		ld.add(pagesDir, 0, "no pages found; add at least one, such as pages/01-welcome.md")
	}
	for _, p := range pages {
		for _, lang := range Languages[1:] {
			t, ok := p.translations[lang]
			switch {
			case !ok:
				ld.warn(p.en.File, 0, "has no %s translation (%s/%s.%s.md); visitors reading %s see the English page", lang.Name(), pagesDir, p.base, lang, lang.Name())
			case t.Summary == "" && p.en.Summary != "":
				ld.warn(t.File, 2, "summary is missing; the English one is shown")
			}
		}
	}
	return pages
}

// pageFiles sorts the files of pages/ into English pages (and data pages
// such as key dates, which hold every language) and translations, each in
// name order, which is the menu order. Wrong names are problems.
func (ld *loader) pageFiles(entries []fs.DirEntry) (english, translations []pageFile) {
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue // left out of the binary by go:embed, so left out here too
		}
		file := pagesDir + "/" + name
		if e.IsDir() {
			ld.add(file, 0, "is a folder; pages/ may hold only .md files and dated lists (.yaml)")
			continue
		}
		if !strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, ".yaml") {
			ld.add(file, 0, "is not a page: every file in pages/ must end in .md (or .yaml for a list of dates)")
			continue
		}
		m := pageName.FindStringSubmatch(name)
		if m == nil {
			ld.add(file, 0, "bad file name: use a number, a dash, then lowercase letters, digits and dashes, e.g. pages/03-history.md (a translation adds its language: pages/03-history.es.md)")
			continue
		}
		pf := pageFile{name: name, file: file, base: m[1], slug: m[2], lang: Lang(m[3]), data: m[4] == "yaml"}
		switch {
		case pf.data && pf.lang != "":
			ld.add(file, 0, "a list of dates holds every language itself: rename it to %s/%s.yaml", pagesDir, pf.base)
		case pf.lang == "":
			english = append(english, pf)
		case pf.lang == English:
			ld.add(file, 0, "English pages have no language in their name: rename it to %s/%s.md", pagesDir, pf.base)
		case !pf.lang.Valid():
			ld.add(file, 0, "the kiosk has no language %q; it speaks %s", pf.lang, languageList())
		default:
			translations = append(translations, pf)
		}
	}
	return english, translations
}

// readPages reads the English pages, then puts each translation with its
// page.
func (ld *loader) readPages(english, translations []pageFile) []pageText {
	var pages []pageText
	index := make(map[string]int)    // base name -> position in pages
	slugs := make(map[string]string) // slug -> file that has it
	for _, pf := range english {
		if first, ok := slugs[pf.slug]; ok {
			ld.add(pf.file, 0, "slug %q is already used by %s; rename one of the files", pf.slug, first)
			continue
		}
		slugs[pf.slug] = pf.file
		if pf.data {
			if p, ok := ld.readDates(pf); ok {
				index[pf.base] = len(pages)
				pages = append(pages, p)
			}
		} else if p, ok := ld.readPage(pf, false); ok {
			index[pf.base] = len(pages)
			pages = append(pages, pageText{base: pf.base, en: p, translations: make(map[Lang]Page)})
		}
	}
	for _, pf := range translations {
		p, ok := ld.readPage(pf, true)
		i, found := index[pf.base]
		switch {
		case !found && slugs[pf.slug] == "":
			ld.add(pf.file, 0, "is a translation of %s/%s.md, which does not exist; the English page must be there too", pagesDir, pf.base)
		case !found:
			ld.add(pf.file, 0, "is named after %s/%s.md, which does not exist; name the translation after the English page, %s, with .%s before .md", pagesDir, pf.base, slugs[pf.slug], pf.lang)
		case ok:
			pages[i].translations[pf.lang] = p
		}
	}
	return pages
}

// pageNameForm is the form of a page's name: what its file is named after.
var pageNameForm = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// pageName checks a translation's name for its page ("" if it has none).
func (ld *loader) pageName(file string, line int, name string) string {
	if name != "" && !pageNameForm.MatchString(name) {
		ld.add(file, line, "name: %q is not a page name: use lowercase letters without accents, digits and dashes, e.g. \"name: memoria\"", name)
		return ""
	}
	return name
}

// namePages gives each page its name in each language (a translation's
// name:, else the English page's slug) and reports a name that two pages
// share, in any languages: ssh HOST page NAME must find one page.
func (ld *loader) namePages(pages []pageText) {
	owner := make(map[string]string) // name -> file of the page it names
	for i := range pages {
		p := &pages[i]
		p.en.Name = p.en.Slug
		names := map[string]string{p.en.Slug: p.en.File}
		for lang, t := range p.translations {
			if t.Name == "" {
				t.Name = p.en.Slug
				p.translations[lang] = t
			}
			names[t.Name] = t.File
		}
		for name, file := range names {
			if other, ok := owner[name]; ok {
				ld.add(file, 0, "the page name %q is already the name of %s; give this page another (name: in a translation)", name, other)
				continue
			}
			owner[name] = p.en.File
		}
	}
}

func (ld *loader) readPage(pf pageFile, translation bool) (Page, bool) {
	data, err := fs.ReadFile(ld.fsys, pf.file)
	if err != nil {
		ld.add(pf.file, 0, "cannot be read: %v", err)
		return Page{}, false
	}
	p, ok := ld.page(pf.file, data, translation)
	p.Slug = pf.slug
	return p, ok
}

// page parses one page file: a front matter block between two --- lines,
// then the Markdown body.
func (ld *loader) page(file string, data []byte, translation bool) (Page, bool) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // byte-order mark some editors add
	if line, msg := notUTF8(data); msg != "" {
		ld.add(file, line, "%s", msg)
		return Page{}, false
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	const fence = "---"
	lines := strings.SplitAfter(text, "\n")
	if strings.TrimRight(lines[0], " \t\n") != fence {
		ld.add(file, 1, "must start with front matter: a line ---, a line \"title: ...\", then another line ---")
		return Page{}, false
	}
	closing := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\n") == fence {
			closing = i
			break
		}
	}
	if closing < 0 {
		ld.add(file, 1, "front matter is not closed: add a line --- after the title")
		return Page{}, false
	}

	fm, name, ok := ld.frontMatter(file, []byte(strings.Join(lines[1:closing], "")), translation)
	if !ok {
		return Page{}, false
	}
	keyLine := func(key string) int {
		for i := 1; i < closing; i++ {
			if strings.HasPrefix(lines[i], key+":") {
				return i + 1
			}
		}
		return 2
	}
	before := len(ld.problems)
	p := Page{File: file, Title: ld.text(file, keyLine("title"), "", "title", fm.Title, true, maxTitle),
		Summary: ld.text(file, keyLine("summary"), "", "summary", fm.Summary, false, maxDescription),
		Name:    ld.pageName(file, keyLine("name"), name)}
	switch strings.TrimSpace(fm.Menu) {
	case "":
	case "end":
		p.AtEnd = true
	default:
		ld.add(file, keyLine("menu"), "menu: %q is not a choice; write \"menu: end\" to list the page at the end of the menu, or leave the line out", fm.Menu)
	}

	// The body starts after the closing line; blank lines before it are
	// dropped, and counted so that problems point at the right line.
	bodyLine := closing + 2
	rest := lines[closing+1:]
	for len(rest) > 0 && strings.TrimSpace(rest[0]) == "" {
		rest = rest[1:]
		bodyLine++
	}
	p.Body = strings.TrimRightFunc(strings.Join(rest, ""), func(r rune) bool { return r == ' ' || r == '\n' })
	if p.Body == "" {
		ld.add(file, closing+1, "body is empty: write the page's text after the closing --- line")
	} else if msg, at := unsafeTextAt(p.Body, true); msg != "" {
		ld.add(file, bodyLine+strings.Count(p.Body[:at], "\n"), "text %s", msg)
	}
	for _, loc := range webAddress.FindAllStringIndex(p.Body, -1) {
		ld.addressAt(file, bodyLine+strings.Count(p.Body[:loc[0]], "\n"), "address", p.Body[loc[0]:loc[1]])
	}
	// The Markdown renderer turns a bare "www." into an http: link.
	for _, loc := range bareWWW.FindAllStringSubmatchIndex(p.Body, -1) {
		ld.addressAt(file, bodyLine+strings.Count(p.Body[:loc[2]], "\n"), "address written without https:// (shown to visitors as", "http://"+p.Body[loc[2]:loc[3]]+")")
	}
	return p, len(ld.problems) == before
}

// frontMatter decodes the block between a page's two --- lines (front); a
// translation's may not say where the page goes in the menu, and may give the
// page its name in its language (name).
func (ld *loader) frontMatter(file string, front []byte, translation bool) (fm frontMatter, name string, ok bool) {
	var target any = &fm
	var tfm translationFrontMatter
	if translation {
		target = &tfm
	}
	if line, msg := precheck(front); msg != "" {
		ld.add(file, line+1, "%s", msg)
		return fm, "", false
	}
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(target); err != nil && !errors.Is(err, io.EOF) {
		ld.addYAML(file, front, 1, err)
		return fm, "", false
	}
	if translation {
		fm.Title, fm.Summary = tfm.Title, tfm.Summary
	}
	return fm, strings.TrimSpace(tfm.Name), true
}
