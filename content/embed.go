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

	defaultLinksTitle = "Related websites"
)

// pageName is NN-slug.md: the number orders the menu, the slug names the page.
var pageName = regexp.MustCompile(`^[0-9]+-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$`)

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
	lib := &Library{}
	ld.loadLinks(lib)
	ld.loadPages(lib)
	if len(ld.problems) > 0 {
		return nil, &LoadError{Problems: ld.problems}
	}
	return lib, nil
}

// loader collects problems while reading one content folder.
type loader struct {
	fsys     fs.FS
	dir      string // shown in front of file names; "" for Load
	problems []Problem
}

func (ld *loader) add(file string, line int, format string, args ...any) {
	if ld.dir != "" {
		file = filepath.Join(ld.dir, filepath.FromSlash(file))
	}
	ld.problems = append(ld.problems, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
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
type (
	linksDoc struct {
		Site   siteDoc    `yaml:"site"`
		Groups []groupDoc `yaml:"groups"`
	}
	siteDoc struct {
		Name       string   `yaml:"name"`
		ShortName  string   `yaml:"short_name"`
		Title      string   `yaml:"title"`
		Source     string   `yaml:"source"`
		LinksTitle string   `yaml:"links_title"`
		LinksIntro string   `yaml:"links_intro"`
		Banner     *linkDoc `yaml:"banner"`
	}
	groupDoc struct {
		Name  string    `yaml:"name"`
		Links []linkDoc `yaml:"links"`
	}
	linkDoc struct {
		Title       string `yaml:"title"`
		Description string `yaml:"description"`
		URL         string `yaml:"url"`
		Status      string `yaml:"status"`
		Note        string `yaml:"note"`
	}
	frontMatter struct {
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
	}
)

func (ld *loader) loadLinks(lib *Library) {
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
		if errors.Is(err, io.EOF) {
			ld.add(linksFile, 0, "file is empty")
		} else {
			ld.addYAML(linksFile, 0, err)
		}
		return
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
	lib.Site = Site{
		Name:       ld.text(linksFile, at("site", "name"), "site", "name", s.Name, true, maxTitle),
		ShortName:  ld.text(linksFile, at("site", "short_name"), "site", "short_name", s.ShortName, false, maxShortName),
		Title:      ld.text(linksFile, at("site", "title"), "site", "title", s.Title, true, maxTitle),
		Source:     ld.address(linksFile, at("site", "source"), "site", "source", s.Source, false),
		LinksTitle: ld.text(linksFile, at("site", "links_title"), "site", "links_title", s.LinksTitle, false, maxTitle),
		LinksIntro: ld.text(linksFile, at("site", "links_intro"), "site", "links_intro", s.LinksIntro, false, maxIntro),
	}
	if lib.Site.LinksTitle == "" {
		lib.Site.LinksTitle = defaultLinksTitle
	}
	if s.Banner != nil {
		lib.Site.Banner = ld.link(*s.Banner, "site: banner", func(key ...any) int {
			return at(append([]any{"site", "banner"}, key...)...)
		})
	}

	if len(doc.Groups) == 0 {
		ld.add(linksFile, at("groups"), "groups: there are no groups; the directory needs at least one")
	}
	groupAt := make(map[string]int)  // group name -> 1-based number
	urlAt := make(map[string]string) // address key -> where it was first listed
	for gi, g := range doc.Groups {
		name := strings.TrimSpace(g.Name)
		where := fmt.Sprintf("group %d", gi+1)
		if name != "" {
			where = fmt.Sprintf("group %q", name)
		}
		name = ld.text(linksFile, at("groups", gi, "name"), where, "name", g.Name, true, maxTitle)
		if first, ok := groupAt[name]; ok && name != "" {
			ld.add(linksFile, at("groups", gi, "name"), "%s: the name is already used by group %d", where, first)
		} else if name != "" {
			groupAt[name] = gi + 1
		}
		if len(g.Links) == 0 {
			ld.add(linksFile, at("groups", gi), "%s has no links", where)
		}
		for li, l := range g.Links {
			lwhere := fmt.Sprintf("%s, link %d", where, li+1)
			if t := strings.TrimSpace(l.Title); t != "" {
				lwhere = fmt.Sprintf("%s (%q)", lwhere, t)
			}
			lat := func(key ...any) int {
				return at(append([]any{"groups", gi, "links", li}, key...)...)
			}
			link := ld.link(l, lwhere, lat)
			link.Group = name
			if link.URL != "" {
				key := urlKey(link.URL)
				if first, ok := urlAt[key]; ok {
					ld.add(linksFile, lat("url"), "%s: url %q is already listed (%s)", lwhere, link.URL, first)
				} else {
					urlAt[key] = lwhere
				}
			}
			lib.Links = append(lib.Links, link)
		}
	}
}

// link checks one link entry; at gives the line of one of its keys (or of
// the entry itself when called with no key).
func (ld *loader) link(l linkDoc, where string, at func(key ...any) int) Link {
	link := Link{
		Title:       ld.text(linksFile, at("title"), where, "title", l.Title, true, maxTitle),
		Description: ld.text(linksFile, at("description"), where, "description", l.Description, true, maxDescription),
		URL:         ld.address(linksFile, at("url"), where, "url", l.URL, true),
		Note:        ld.text(linksFile, at("note"), where, "note", l.Note, false, maxNote),
	}
	switch st := Status(strings.TrimSpace(l.Status)); st {
	case Verified, Likely:
		link.Status = st
	case "":
		ld.add(linksFile, at("status"), "%s: status is missing (verified or likely)", where)
	default:
		ld.add(linksFile, at("status"), "%s: status %q must be verified or likely", where, st)
	}
	return link
}

func (ld *loader) loadPages(lib *Library) {
	entries, err := fs.ReadDir(ld.fsys, pagesDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ld.add(pagesDir, 0, "folder is missing; it must hold at least one page, such as pages/01-welcome.md")
		return
	case err != nil:
		ld.add(pagesDir, 0, "cannot be read: %v", err)
		return
	}
	before := len(ld.problems)
	slugs := make(map[string]string) // slug -> file that has it
	// ReadDir sorts by name, which is the menu order.
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
			ld.add(file, 0, "bad file name: use a number, a dash, then lowercase letters, digits and dashes, e.g. pages/03-history.md")
			continue
		}
		slug := m[1]
		if first, ok := slugs[slug]; ok {
			ld.add(file, 0, "slug %q is already used by %s; rename one of the files", slug, first)
			continue
		}
		slugs[slug] = file
		data, err := fs.ReadFile(ld.fsys, file)
		if err != nil {
			ld.add(file, 0, "cannot be read: %v", err)
			continue
		}
		if p, ok := ld.page(file, data); ok {
			p.Slug = slug
			lib.Pages = append(lib.Pages, p)
		}
	}
	if len(lib.Pages) == 0 && len(ld.problems) == before {
		ld.add(pagesDir, 0, "no pages found; add at least one, such as pages/01-welcome.md")
	}
}

// page parses one page file: a front matter block between two --- lines,
// then the Markdown body.
func (ld *loader) page(file string, data []byte) (Page, bool) {
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
	dec := yaml.NewDecoder(strings.NewReader(strings.Join(lines[1:closing], "")))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil && !errors.Is(err, io.EOF) {
		ld.addYAML(file, 1, err)
		return Page{}, false
	}
	titleLine := 2
	for i := 1; i < closing; i++ {
		if strings.HasPrefix(lines[i], "title:") {
			titleLine = i + 1
		}
	}
	before := len(ld.problems)
	p := Page{File: file, Title: ld.text(file, titleLine, "", "title", fm.Title, true, maxTitle),
		Summary: ld.text(file, titleLine, "", "summary", fm.Summary, false, maxDescription)}

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
