package content

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Review is what `embassy check` tells the content's editors besides the
// problems that stop the content: things that may silently go out of date
// or were never confirmed. Nothing here is refused; all of it should be
// looked at.
type Review struct {
	// Warnings: addresses that are http: rather than https:, links without
	// sources, "verified" links with no source on their own site, and change
	// notes with no "as of" date or one older than a year.
	Warnings []Problem
	// Pending lists what waits for staff to confirm it: contact details not
	// yet confirmed (visitors do not see them) and links whose address is
	// only "likely".
	Pending []Problem
}

// staleAfter is how old an "as of" date may be before check says so.
const staleAfter = 365 * 24 * time.Hour

// linkReview is what the loader keeps of a link for the review.
type linkReview struct {
	file     string   // links.yaml, with the folder in front
	where    string   // `group "X", link 2 ("Y")`
	line     int      // the link's first line
	urls     []string // its address(es), English first
	status   Status
	sources  []string // where its facts were seen
	hasNote  bool
	asOf     string // "2026-12" or "2026-12-06"; "" if not given
	asOfLine int
}

// addressRecord is an address written somewhere in the content.
type addressRecord struct {
	file, where, url string
	line             int
}

// reviewData is everything the review needs, kept by the loader.
type reviewData struct {
	links     []linkReview
	contact   []contactText
	addresses []addressRecord
}

// Review looks at the content as of now (see Review). The same in every
// language.
func (l *Library) Review(now time.Time) Review {
	var r Review
	d := l.review
	if d == nil {
		return r
	}
	for _, a := range d.addresses {
		if strings.HasPrefix(strings.ToLower(a.url), "http:") {
			r.Warnings = append(r.Warnings, Problem{File: a.file, Line: a.line,
				Message: fmt.Sprintf("%s %q is http:, not https:; use the https: address if the site serves one", a.where, a.url)})
		}
	}
	for _, lr := range d.links {
		r.Warnings = append(r.Warnings, lr.warnings(now)...)
		if lr.status == Likely {
			r.Pending = append(r.Pending, Problem{File: lr.file, Line: lr.line,
				Message: fmt.Sprintf("%s: the address %s is only likely; confirm it on the body's own site, then mark it verified and add that page to sources", lr.where, lr.urls[0])})
		}
	}
	for _, c := range d.contact {
		if !c.confirmed {
			r.Pending = append(r.Pending, Problem{File: c.file, Line: c.line,
				Message: fmt.Sprintf("contact %q (%s) is not confirmed, so visitors do not see it; once staff have checked it, write confirmed: yes", c.label.in(English), c.value)})
		}
	}
	return r
}

// warnings are a link's sources and change note as seen on now.
func (lr linkReview) warnings(now time.Time) []Problem {
	var out []Problem
	warn := func(line int, format string, args ...any) {
		out = append(out, Problem{File: lr.file, Line: line, Message: lr.where + ": " + fmt.Sprintf(format, args...)})
	}
	if len(lr.sources) == 0 {
		warn(lr.line, "has no sources; list under sources: the pages where its address and facts were seen")
	} else if lr.status == Verified && !lr.ownSource() {
		warn(lr.line, "is verified, but none of its sources is on its own site (%s); add the page that was seen there, or mark it likely", host(lr.urls[0]))
	}
	if !lr.hasNote {
		return out
	}
	switch t, ok := parseAsOf(lr.asOf); {
	case lr.asOf == "":
		warn(lr.line, "its note has no date; add as_of: with the month it was last checked (e.g. as_of: %s)", now.Format("2006-01"))
	case ok && now.Sub(t) > staleAfter:
		warn(lr.asOfLine, "its note is as of %s, more than a year ago; check it again and update as_of:", lr.asOf)
	}
	return out
}

// ownSource reports whether a source is on the link's own site: the one
// rule behind "verified" (the address was seen serving the body's pages).
func (lr linkReview) ownSource() bool {
	for _, u := range lr.urls {
		for _, s := range lr.sources {
			if h := host(u); h != "" && (host(s) == h || strings.HasSuffix(host(s), "."+h)) {
				return true
			}
		}
	}
	return false
}

// host is an address's host name, lower case, without "www.".
func host(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// parseAsOf reads an "as of" date: 2026-12 or 2026-12-06.
func parseAsOf(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// asOf checks an as_of: value.
func (ld *loader) asOf(line int, where, value string) string {
	v := strings.TrimSpace(value)
	if _, ok := parseAsOf(v); v != "" && !ok {
		ld.add(linksFile, line, "%s: as_of %q is not a date; write the year and month, e.g. as_of: 2026-12", where, v)
	}
	return v
}

// addressAt records an address for the review (empty ones are skipped).
func (ld *loader) addressAt(file string, line int, where, u string) {
	if u != "" {
		ld.review.addresses = append(ld.review.addresses, addressRecord{file: ld.name(file), where: where, url: u, line: line})
	}
}

// months names the months for "as of" dates shown to visitors.
var months = map[Lang][12]string{
	English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	Spanish: {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
}

// withAsOf ends a change note with the month it was last checked, so that
// visitors know how current it is: "(Last checked: December 2026.)".
func withAsOf(note, asOf string, lang Lang) string {
	t, ok := parseAsOf(asOf)
	if note == "" || !ok {
		return note
	}
	month := months[lang][t.Month()-1]
	if lang == Spanish {
		return fmt.Sprintf("%s (Última verificación: %s de %d.)", note, month, t.Year())
	}
	return fmt.Sprintf("%s (Last checked: %s %d.)", note, month, t.Year())
}
