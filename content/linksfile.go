package content

import (
	"fmt"
	"strings"
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
		Name       textDoc      `yaml:"name"`
		ShortName  textDoc      `yaml:"short_name"`
		Title      textDoc      `yaml:"title"`
		Source     textDoc      `yaml:"source"`
		LinksTitle textDoc      `yaml:"links_title"`
		LinksIntro textDoc      `yaml:"links_intro"`
		Banner     *linkDoc     `yaml:"banner"`
		Contact    []contactDoc `yaml:"contact"`
	}
	groupDoc struct {
		Name  textDoc   `yaml:"name"`
		Links []linkDoc `yaml:"links"`
	}
	linkDoc struct {
		Title       textDoc  `yaml:"title"`
		Description textDoc  `yaml:"description"`
		URL         textDoc  `yaml:"url"`
		Status      string   `yaml:"status"`
		Note        textDoc  `yaml:"note"`
		AsOf        string   `yaml:"as_of"`
		Sources     []string `yaml:"sources"`
	}
	// contactDoc is one line of the Embassy's contact details.
	contactDoc struct {
		Label     textDoc `yaml:"label"`
		Value     string  `yaml:"value"`
		Confirmed string  `yaml:"confirmed"`
		Source    string  `yaml:"source"`
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
		Name    string `yaml:"name"` // what visitors type in this language: ssh HOST page NAME
	}
)

// siteText is the site's texts in every language, before the libraries are
// built.
type siteText struct {
	name, shortName, title, linksTitle, linksIntro localText
	source                                         localText // the same in every language unless es: gives another
	banner                                         *linkText
	contact                                        []contactText
}

// linkText is one link in every language.
type linkText struct {
	title, description, note, group localText
	url                             localText // the same in every language unless es: gives another
	status                          Status
	review                          linkReview
}

func (ld *loader) loadLinks() (site siteText, links []linkText) {
	data, ok := ld.readText(linksFile)
	if !ok {
		return
	}
	var doc linksDoc
	root, ok := ld.decodeYAML(linksFile, data, &doc)
	if !ok {
		return
	}
	at := func(path ...any) int { return lineAt(root, path...) }
	site = ld.site(doc.Site, at)
	links = ld.groups(doc.Groups, at)
	return site, links
}

// site checks the site: block.
func (ld *loader) site(s siteDoc, at func(path ...any) int) siteText {
	site := siteText{
		name:       ld.local(linksFile, at("site", "name"), "site", "name", s.Name, true, maxTitle),
		shortName:  ld.local(linksFile, at("site", "short_name"), "site", "short_name", s.ShortName, false, maxShortName),
		title:      ld.local(linksFile, at("site", "title"), "site", "title", s.Title, true, maxTitle),
		source:     ld.localAddress(linksFile, at("site", "source"), "site", "source", s.Source, false),
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
	for i, c := range s.Contact {
		site.contact = append(site.contact, ld.contact(c, i, func(key ...any) int {
			return at(append([]any{"site", "contact", i}, key...)...)
		}))
	}
	for _, lang := range Languages {
		if u := site.source.in(lang); u != "" && (lang == English || u != site.source.in(English)) {
			ld.addressAt(linksFile, at("site", "source"), "site: source", u)
		}
	}
	return site
}

// groups checks the directory: its groups and their links, in file order.
func (ld *loader) groups(groups []groupDoc, at func(path ...any) int) (links []linkText) {
	if len(groups) == 0 {
		ld.add(linksFile, at("groups"), "groups: there are no groups; the directory needs at least one")
	}
	groupAt := make(map[Lang]map[string]int) // group name -> 1-based number, per language
	urlAt := make(map[string]string)         // address key -> where it was first listed
	for gi, g := range groups {
		where := fmt.Sprintf("group %d", gi+1)
		if name := strings.TrimSpace(g.Name.text[English]); name != "" {
			where = fmt.Sprintf("group %q", name)
		}
		name := ld.local(linksFile, at("groups", gi, "name"), where, "name", g.Name, true, maxTitle)
		ld.uniqueGroup(groupAt, name, g.Name, gi, where, at("groups", gi, "name"))
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
			ld.uniqueURL(urlAt, link, lwhere, lat("url"))
			links = append(links, link)
		}
	}
	return links
}

// uniqueGroup reports a group name already used in the same language.
func (ld *loader) uniqueGroup(groupAt map[Lang]map[string]int, name localText, doc textDoc, gi int, where string, line int) {
	for _, lang := range Languages {
		n := name.in(lang)
		if groupAt[lang] == nil {
			groupAt[lang] = make(map[string]int)
		}
		if first, ok := groupAt[lang][n]; ok && n != "" && !(lang != English && name.fallback[lang]) {
			ld.add(linksFile, doc.lineOf(lang, line), "%s: the name %q is already used by group %d", where, n, first)
		} else if n != "" {
			groupAt[lang][n] = gi + 1
		}
	}
}

// uniqueURL reports an address listed twice (in any language).
func (ld *loader) uniqueURL(urlAt map[string]string, link linkText, where string, line int) {
	seen := make(map[string]bool)
	for _, lang := range Languages {
		u := link.url.in(lang)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		key := urlKey(u)
		if first, ok := urlAt[key]; ok {
			ld.add(linksFile, line, "%s: url %q is already listed (%s)", where, u, first)
		} else {
			urlAt[key] = where
		}
	}
}

// link checks one link entry; at gives the line of one of its keys (or of
// the entry itself when called with no key).
func (ld *loader) link(l linkDoc, where string, at func(key ...any) int) linkText {
	link := linkText{
		title:       ld.local(linksFile, at("title"), where, "title", l.Title, true, maxTitle),
		description: ld.local(linksFile, at("description"), where, "description", l.Description, true, maxDescription),
		url:         ld.localAddress(linksFile, at("url"), where, "url", l.URL, true),
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
	link.review = linkReview{
		file: ld.name(linksFile), where: where, line: at(), status: link.status,
		hasNote: link.note.in(English) != "", asOf: ld.asOf(at("as_of"), where, l.AsOf), asOfLine: at("as_of"),
	}
	for _, lang := range Languages {
		if u := link.url.in(lang); u != "" && (lang == English || u != link.url.in(English)) {
			link.review.urls = append(link.review.urls, u)
			ld.addressAt(linksFile, at("url"), where+": url", u)
		}
	}
	for i, src := range l.Sources {
		line := at("sources", i)
		if v := ld.address(linksFile, line, where, "sources", src, true); v != "" {
			link.review.sources = append(link.review.sources, v)
			ld.addressAt(linksFile, line, where+": source", v)
		}
	}
	return link
}
