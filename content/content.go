// Package content holds the kiosk's pages and link directory: the files are
// embedded in the binary (or read from a folder), validated once at start-up,
// and then shared read-only by every session.
package content

import "strings"

// Lang is a language the kiosk speaks, as its ISO 639-1 code.
type Lang string

const (
	// English is the language the Embassy published the page in: every text
	// exists in English, and English is shown where a translation is missing.
	English Lang = "en"
	// Spanish: pages/NN-slug.es.md and the es: lines of links.yaml.
	Spanish Lang = "es"
)

// Languages lists the kiosk's languages, English first.
var Languages = []Lang{English, Spanish}

// Valid reports whether l is one of Languages.
func (l Lang) Valid() bool {
	for _, x := range Languages {
		if l == x {
			return true
		}
	}
	return false
}

// Status says how sure we are that a link's address is the body's own.
type Status string

const (
	// Verified: the address was seen as that body's own address.
	Verified Status = "verified"
	// Likely: inferred, or seen only in third-party material.
	Likely Status = "likely"
)

// Site is what the home screen says about whose kiosk this is.
type Site struct {
	Name       string // "Embassy of the Argentine Republic in South Africa"
	ShortName  string // optional: the name for narrow windows, at most 38 characters
	Title      string // "Argentina´s Leadership", spelled as on the original page
	Source     string // address of the original page the text was published on
	Banner     Link   // the site-wide banner of the original website (FO.AR); zero if none (URL == "")
	LinksTitle string // "Related websites"
	LinksIntro string // one or two sentences shown above the directory
}

// Page is one Markdown page, shown in the menu in file-name order.
type Page struct {
	Slug string // from the file name: pages/01-leadership.md -> "leadership"
	// Name is what a visitor types for it in the library's language (ssh
	// HOST page NAME): a translation's front matter "name:", else Slug.
	Name    string
	Title   string // from the front matter
	Summary string // optional, from the front matter: one line for the menu
	Body    string // Markdown, without the front matter and without the title
	File    string // path inside the content folder, for error messages
	// AtEnd: listed at the end of the menu, after the directory and the
	// banner (front matter "menu: end"), as the About page is.
	AtEnd bool
	// Untranslated: the library's language has no translation of this page,
	// so it is shown in English.
	Untranslated bool
}

// Link is one entry of the "Related websites" directory.
type Link struct {
	Title       string
	Description string // one line, our own words
	URL         string
	Status      Status
	Group       string // heading the entry is listed under
	Note        string // optional: what has changed since the text was written
	// Untranslated: some of its text has no translation in the library's
	// language and is shown in English.
	Untranslated bool
}

// Library is the loaded, validated content in one language. Load returns
// the English library; In gives the same content in another language. A
// Library is never modified after Load, so all sessions can share it.
type Library struct {
	Lang  Lang
	Site  Site
	Pages []Page
	Links []Link
	// Untranslated counts the texts of this library that have no
	// translation in its language and are shown in English (0 in English).
	Untranslated int
	// Warnings are things worth fixing that do not stop the content from
	// being served: missing translations. The same in every language.
	Warnings []Problem

	langs  map[Lang]*Library // every language's library, shared by all of them
	review *reviewData       // for Review; the same for every language
}

// In returns the library in language lang: the same pages and links, with
// English wherever a translation is missing. An unknown language gives
// English.
func (l *Library) In(lang Lang) *Library {
	if v, ok := l.langs[lang]; ok {
		return v
	}
	if v, ok := l.langs[English]; ok {
		return v
	}
	return l
}

// Group is one heading of the link directory with its links, in file order.
type Group struct {
	Name  string
	Links []Link
}

// LinkGroups returns the directory grouped under its headings, groups and
// links in file order. The slices are new on every call: changing them does
// not change the Library.
func (l *Library) LinkGroups() []Group {
	var groups []Group
	index := make(map[string]int)
	for _, link := range l.Links {
		i, ok := index[link.Group]
		if !ok {
			i = len(groups)
			index[link.Group] = i
			groups = append(groups, Group{Name: link.Group})
		}
		groups[i].Links = append(groups[i].Links, link)
	}
	return groups
}

// Page returns the page with the given slug.
func (l *Library) Page(slug string) (Page, bool) {
	for _, p := range l.Pages {
		if p.Slug == slug {
			return p, true
		}
	}
	return Page{}, false
}

// PageNamed returns the page a visitor asked for by name (ssh HOST page
// NAME): its name in any of the kiosk's languages (Page.Name), or its
// slug, in any case.
func (l *Library) PageNamed(name string) (Page, bool) {
	for _, lang := range Languages {
		for _, p := range l.In(lang).Pages {
			if strings.EqualFold(name, p.Slug) || p.Name != "" && strings.EqualFold(name, p.Name) {
				return l.Page(p.Slug)
			}
		}
	}
	return Page{}, false
}
