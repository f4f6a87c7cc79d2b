package content

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// files is the content folder built into the binary. Like every go:embed of
// a folder, it leaves out names starting with "." or "_"; Load skips those
// names too, so a folder read from disk behaves the same as the built-in one.
//
//go:embed links.yaml pages
var files embed.FS

// Embedded returns the content built into the binary: links.yaml and pages/.
func Embedded() fs.FS { return files }

const (
	linksFile = "links.yaml"
	pagesDir  = "pages"

	maxTitle       = 100 // page, link and site titles
	maxShortName   = 38  // fits a 40-column window
	maxDescription = 160 // link descriptions: one line in the directory
	maxNote        = 240
	maxIntro       = 400
)

// pageName is NN-slug.md: the number orders the menu, the slug names the
// page. A translation adds its language: NN-slug.es.md.
var pageName = regexp.MustCompile(`^([0-9]+-([a-z0-9]+(?:-[a-z0-9]+)*))(?:\.([a-z]{2}))?\.md$`)

// Load reads and validates a content folder: links.yaml and pages/*.md.
// It never returns a partial library: if anything is wrong the error is a
// *LoadError listing every problem found, each naming its file (and line,
// where known).
func Load(fsys fs.FS) (*Library, error) {
	return load(fsys, "")
}

// LoadDir is Load on a folder on disk. Problems name files with dir in front.
func LoadDir(dir string) (*Library, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("content folder %s does not exist", dir)
	case err != nil:
		return nil, fmt.Errorf("content folder: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("content folder %s is not a folder", dir)
	}
	return load(os.DirFS(dir), dir)
}

func load(fsys fs.FS, dir string) (*Library, error) {
	ld := &loader{fsys: fsys, dir: dir}
	site, links := ld.loadLinks()
	pages := ld.loadPages()
	if len(ld.problems) > 0 {
		return nil, &LoadError{Problems: ld.problems}
	}
	return build(site, links, pages, ld.warnings), nil
}

// loader collects problems while reading one content folder.
type loader struct {
	fsys     fs.FS
	dir      string // shown in front of file names; "" for Load
	problems []Problem
	warnings []Problem // missing translations: reported, but not refused
}

func (ld *loader) problem(file string, line int, format string, args ...any) Problem {
	if ld.dir != "" {
		file = filepath.Join(ld.dir, filepath.FromSlash(file))
	}
	return Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)}
}

func (ld *loader) add(file string, line int, format string, args ...any) {
	ld.problems = append(ld.problems, ld.problem(file, line, format, args...))
}

func (ld *loader) warn(file string, line int, format string, args ...any) {
	ld.warnings = append(ld.warnings, ld.problem(file, line, format, args...))
}

// text checks one single-line text field and returns it without surrounding
// spaces. where says whose field it is ("site", `group "X", link 2 ("Y")`).
func (ld *loader) text(file string, line int, where, name, value string, required bool, limit int) string {
	v := strings.TrimSpace(value)
	if where != "" {
		name = where + ": " + name
	}
	switch {
	case v == "":
		if required {
			ld.add(file, line, "%s is missing", name)
		}
	case unsafeText(v, false) != "":
		ld.add(file, line, "%s %s", name, unsafeText(v, false))
	case utf8.RuneCountInString(v) > limit:
		ld.add(file, line, "%s is %d characters long; the limit is %d", name, utf8.RuneCountInString(v), limit)
	}
	return v
}

// address checks a field that must be a web address (if it is set at all).
func (ld *loader) address(file string, line int, where, name, value string, required bool) string {
	v := ld.text(file, line, where, name, value, required, 2000)
	if v == "" || unsafeText(v, false) != "" {
		return v
	}
	if msg := badURL(v); msg != "" {
		if where != "" {
			name = where + ": " + name
		}
		ld.add(file, line, "%s %q %s", name, v, msg)
	}
	return v
}

// addYAML turns a yaml.v3 error into problems; offset is added to its lines
// (front matter starts on line 2 of a page).
func (ld *loader) addYAML(file string, offset int, err error) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, msg := range te.Errors {
			line, text := splitLine(msg)
			ld.add(file, shift(line, offset), "%s", friendlyYAML(text))
		}
		return
	}
	line, text := splitLine(strings.TrimPrefix(err.Error(), "yaml: "))
	ld.add(file, shift(line, offset), "is not valid YAML: %s", text)
}

func shift(line, offset int) int {
	if line == 0 {
		return 0
	}
	return line + offset
}

// The shape of links.yaml. Every field is documented at the top of the file.
// The fields of type textDoc may be one line of English, or one line per
// language (en:, es:), see translate.go.
type (
	linksDoc struct {
		Site   siteDoc    `yaml:"site"`
		Groups []groupDoc `yaml:"groups"`
	}
	siteDoc struct {
		Name       textDoc  `yaml:"name"`
		ShortName  textDoc  `yaml:"short_name"`
		Title      textDoc  `yaml:"title"`
		Source     string   `yaml:"source"`
		LinksTitle textDoc  `yaml:"links_title"`
		LinksIntro textDoc  `yaml:"links_intro"`
		Banner     *linkDoc `yaml:"banner"`
	}
	groupDoc struct {
		Name  textDoc   `yaml:"name"`
		Links []linkDoc `yaml:"links"`
	}
	linkDoc struct {
		Title       textDoc `yaml:"title"`
		Description textDoc `yaml:"description"`
		URL         string  `yaml:"url"`
		Status      string  `yaml:"status"`
		Note        textDoc `yaml:"note"`
	}
	// frontMatter is the block at the top of an English page.
	frontMatter struct {
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
		Menu    string `yaml:"menu"`
	}
	// translationFrontMatter is the block at the top of a translation: the
	// page's place in the menu is set in the English file only.
	translationFrontMatter struct {
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
	}
)

// siteText is the site's texts in every language, before the libraries are
// built.
type siteText struct {
	name, shortName, title, linksTitle, linksIntro localText
	source                                         string
	banner                                         *linkText
}

// linkText is one link in every language.
type linkText struct {
	title, description, note, group localText
	url                             string
	status                          Status
}

func (ld *loader) loadLinks() (site siteText, links []linkText) {
	data, err := fs.ReadFile(ld.fsys, linksFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ld.add(linksFile, 0, "file is missing")
		return
	case err != nil:
		ld.add(linksFile, 0, "cannot be read: %v", err)
		return
	case !utf8.Valid(data):
		ld.add(linksFile, 0, "is not valid UTF-8 text")
		return
	}

	var doc linksDoc
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		var te *yaml.TypeError
		switch {
		case errors.Is(err, io.EOF):
			ld.add(linksFile, 0, "file is empty")
			return
		case errors.As(err, &te):
			// An unknown key or a list where text belongs: yaml.v3 decodes
			// the rest anyway, so check the rest too and report it all.
			ld.addYAML(linksFile, 0, err)
		default:
			ld.addYAML(linksFile, 0, err)
			return
		}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		ld.add(linksFile, extra.Line, "holds more than one YAML document (a second --- line); keep everything in one")
		return
	}
	// A second, loose parse only to know on which line each value sits.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		ld.addYAML(linksFile, 0, err)
		return
	}
	at := func(path ...any) int { return lineAt(&root, path...) }

	s := doc.Site
	site = siteText{
		name:       ld.local(linksFile, at("site", "name"), "site", "name", s.Name, true, maxTitle),
		shortName:  ld.local(linksFile, at("site", "short_name"), "site", "short_name", s.ShortName, false, maxShortName),
		title:      ld.local(linksFile, at("site", "title"), "site", "title", s.Title, true, maxTitle),
		source:     ld.address(linksFile, at("site", "source"), "site", "source", s.Source, false),
		linksTitle: ld.local(linksFile, at("site", "links_title"), "site", "links_title", s.LinksTitle, false, maxTitle),
		linksIntro: ld.local(linksFile, at("site", "links_intro"), "site", "links_intro", s.LinksIntro, false, maxIntro),
	}
	if site.linksTitle.in(English) == "" {
		site.linksTitle = defaultLinksTitle()
	}
	if s.Banner != nil {
		b := ld.link(*s.Banner, "site: banner", func(key ...any) int {
			return at(append([]any{"site", "banner"}, key...)...)
		})
		site.banner = &b
	}

	if len(doc.Groups) == 0 {
		ld.add(linksFile, at("groups"), "groups: there are no groups; the directory needs at least one")
	}
	groupAt := make(map[Lang]map[string]int) // group name -> 1-based number, per language
	urlAt := make(map[string]string)         // address key -> where it was first listed
	for gi, g := range doc.Groups {
		where := fmt.Sprintf("group %d", gi+1)
		if name := strings.TrimSpace(g.Name.text[English]); name != "" {
			where = fmt.Sprintf("group %q", name)
		}
		name := ld.local(linksFile, at("groups", gi, "name"), where, "name", g.Name, true, maxTitle)
		for _, lang := range Languages {
			n := name.in(lang)
			if groupAt[lang] == nil {
				groupAt[lang] = make(map[string]int)
			}
			if first, ok := groupAt[lang][n]; ok && n != "" && !(lang != English && name.fallback[lang]) {
				ld.add(linksFile, g.Name.lineOf(lang, at("groups", gi, "name")), "%s: the name %q is already used by group %d", where, n, first)
			} else if n != "" {
				groupAt[lang][n] = gi + 1
			}
		}
		if len(g.Links) == 0 {
			ld.add(linksFile, at("groups", gi), "%s has no links", where)
		}
		for li, l := range g.Links {
			lwhere := fmt.Sprintf("%s, link %d", where, li+1)
			if t := strings.TrimSpace(l.Title.text[English]); t != "" {
				lwhere = fmt.Sprintf("%s (%q)", lwhere, t)
			}
			lat := func(key ...any) int {
				return at(append([]any{"groups", gi, "links", li}, key...)...)
			}
			link := ld.link(l, lwhere, lat)
			link.group = name
			if link.url != "" {
				key := urlKey(link.url)
				if first, ok := urlAt[key]; ok {
					ld.add(linksFile, lat("url"), "%s: url %q is already listed (%s)", lwhere, link.url, first)
				} else {
					urlAt[key] = lwhere
				}
			}
			links = append(links, link)
		}
	}
	return site, links
}

// link checks one link entry; at gives the line of one of its keys (or of
// the entry itself when called with no key).
func (ld *loader) link(l linkDoc, where string, at func(key ...any) int) linkText {
	link := linkText{
		title:       ld.local(linksFile, at("title"), where, "title", l.Title, true, maxTitle),
		description: ld.local(linksFile, at("description"), where, "description", l.Description, true, maxDescription),
		url:         ld.address(linksFile, at("url"), where, "url", l.URL, true),
		note:        ld.local(linksFile, at("note"), where, "note", l.Note, false, maxNote),
	}
	switch st := Status(strings.TrimSpace(l.Status)); st {
	case Verified, Likely:
		link.status = st
	case "":
		ld.add(linksFile, at("status"), "%s: status is missing (verified or likely)", where)
	default:
		ld.add(linksFile, at("status"), "%s: status %q must be verified or likely", where, st)
	}
	return link
}

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
	// ReadDir sorts by name, which is the menu order. English pages are
	// read first, then the translations.
	var english, translations []pageFile
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue // left out of the binary by go:embed, so left out here too
		}
		file := pagesDir + "/" + name
		if e.IsDir() {
			ld.add(file, 0, "is a folder; pages/ may hold only .md files")
			continue
		}
		if !strings.HasSuffix(name, ".md") {
			ld.add(file, 0, "is not a page: every file in pages/ must end in .md")
			continue
		}
		m := pageName.FindStringSubmatch(name)
		if m == nil {
			ld.add(file, 0, "bad file name: use a number, a dash, then lowercase letters, digits and dashes, e.g. pages/03-history.md (a translation adds its language: pages/03-history.es.md)")
			continue
		}
		pf := pageFile{name: name, file: file, base: m[1], slug: m[2], lang: Lang(m[3])}
		switch {
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

	var pages []pageText
	index := make(map[string]int)    // base name -> position in pages
	slugs := make(map[string]string) // slug -> file that has it
	for _, pf := range english {
		if first, ok := slugs[pf.slug]; ok {
			ld.add(pf.file, 0, "slug %q is already used by %s; rename one of the files", pf.slug, first)
			continue
		}
		slugs[pf.slug] = pf.file
		if p, ok := ld.readPage(pf, false); ok {
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
	if !utf8.Valid(data) {
		ld.add(file, 0, "is not valid UTF-8 text")
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

	var fm frontMatter
	var target any = &fm
	var tfm translationFrontMatter
	if translation {
		target = &tfm
	}
	dec := yaml.NewDecoder(strings.NewReader(strings.Join(lines[1:closing], "")))
	dec.KnownFields(true)
	if err := dec.Decode(target); err != nil && !errors.Is(err, io.EOF) {
		ld.addYAML(file, 1, err)
		return Page{}, false
	}
	if translation {
		fm.Title, fm.Summary = tfm.Title, tfm.Summary
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
		Summary: ld.text(file, keyLine("summary"), "", "summary", fm.Summary, false, maxDescription)}
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
	return p, len(ld.problems) == before
}

// lineAt follows map keys (string) and list positions (int) down from the
// document root and returns the line of the node reached; if the path stops
// early (a key is absent) it returns the line of the last node found.
func lineAt(n *yaml.Node, path ...any) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, step := range path {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch k := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == k {
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && k < len(n.Content) {
				next = n.Content[k]
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return n.Line
}
