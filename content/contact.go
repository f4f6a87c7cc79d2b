package content

import (
	"fmt"
	"strings"
)

// ContactItem is one confirmed line of the Embassy's contact details, in
// one language: "Website: https://...".
type ContactItem struct {
	Label string
	Value string
}

// contactText is one contact line of links.yaml in every language.
type contactText struct {
	label     localText
	value     string
	confirmed bool // staff checked it: only confirmed lines reach visitors
	source    string
	file      string // links.yaml, with the folder in front
	line      int
}

// contactPlaceholder is the line of a page replaced by the confirmed
// contact details, as a list.
const contactPlaceholder = "{{contact}}"

// contact checks one line of site: contact:.
func (ld *loader) contact(c contactDoc, i int, at func(key ...any) int) contactText {
	where := fmt.Sprintf("site: contact %d", i+1)
	ct := contactText{
		label: ld.local(linksFile, at("label"), where, "label", c.Label, true, maxTitle),
		value: ld.text(linksFile, at("value"), where, "value", c.Value, true, maxTitle),
		file:  ld.name(linksFile),
		line:  at(),
	}
	switch strings.ToLower(strings.TrimSpace(c.Confirmed)) {
	case "yes", "true":
		ct.confirmed = true
	case "no", "false":
	case "":
		ld.add(linksFile, at(), "%s: confirmed is missing; write confirmed: yes once staff have checked it, confirmed: no until then", where)
	default:
		ld.add(linksFile, at("confirmed"), "%s: confirmed %q must be yes or no", where, c.Confirmed)
	}
	// A confirmed detail says where it was confirmed.
	ct.source = ld.address(linksFile, at("source"), where, "source", c.Source, ct.confirmed)
	ld.addressAt(linksFile, at("source"), where+": source", ct.source)
	if strings.Contains(ct.value, "://") {
		ld.addressAt(linksFile, at("value"), where+": value", ct.value)
	}
	return ct
}

// contactList is the confirmed contact details as a Markdown list in lang,
// or "" if none is confirmed.
func contactList(items []contactText, lang Lang) string {
	var b strings.Builder
	for _, c := range items {
		if c.confirmed {
			fmt.Fprintf(&b, "- %s: %s\n", c.label.in(lang), c.value)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// withContact puts the confirmed contact details where a page has the
// placeholder line.
func withContact(body string, items []contactText, lang Lang) string {
	if !strings.Contains(body, contactPlaceholder) {
		return body
	}
	lines := strings.Split(body, "\n")
	out := lines[:0]
	for _, l := range lines {
		if strings.TrimSpace(l) == contactPlaceholder {
			if list := contactList(items, lang); list != "" {
				out = append(out, list)
			}
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
