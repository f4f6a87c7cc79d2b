package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

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
