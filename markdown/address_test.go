package markdown

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
)

// everyPage is each page of the built-in content in every language.
func everyPage(t *testing.T) []content.Page {
	t.Helper()
	lib, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	var pages []content.Page
	for _, lang := range content.Languages {
		pages = append(pages, lib.In(lang).Pages...)
	}
	return pages
}

// In plain text (linear and no-PTY sessions) every address is on one line,
// whole, however long: the terminal wraps it, and copying it gets it all.
func TestPlainTextKeepsEveryAddressWhole(t *testing.T) {
	c := NewCache()
	for _, p := range everyPage(t) {
		for _, width := range []int{20, 39, 60, 80} {
			lines := c.Lines(p, width, Plain, colorprofile.NoTTY)
			for _, addr := range webAddress.FindAllString(p.Body, -1) {
				if !containsWord(lines, addr) {
					t.Errorf("%s (%s) at %d: %s is not whole on a line:\n%s", p.Slug, p.Title, width, addr, strings.Join(lines, "\n"))
				}
			}
		}
	}
}

// On the full screen an address that fits the column is on one line, and
// one that does not is broken only where it must be, the next piece going
// on at the start of the next line (a hyphen is no place to break).
func TestFullScreenBreaksAnAddressOnlyWhereItMust(t *testing.T) {
	c := NewCache()
	for _, p := range everyPage(t) {
		for _, width := range []int{39, 60, 76} {
			lines := c.Lines(p, width, Dark, colorprofile.TrueColor)
			text := make([]string, len(lines))
			for i, l := range lines {
				text[i] = strings.TrimRight(ansi.Strip(l), " ")
				if w := ansi.StringWidth(text[i]); w > width {
					t.Errorf("%s at %d: line %d is %d wide: %q", p.Slug, width, i, w, text[i])
				}
			}
			for _, addr := range webAddress.FindAllString(p.Body, -1) {
				if strings.Contains(p.Body, "]("+addr+")") {
					continue // a link's target, not shown
				}
				if len(addr) <= width {
					if !containsWord(text, addr) {
						t.Errorf("%s at %d: %s fits but is not whole on a line:\n%s", p.Slug, width, addr, strings.Join(text, "\n"))
					}
					continue
				}
				if !brokenOnlyAtWidth(text, addr, width) {
					t.Errorf("%s at %d: %s is not on lines of its own, broken at the width:\n%s", p.Slug, width, addr, strings.Join(text, "\n"))
				}
			}
		}
	}
}

// Key dates' dates hang under their text, after "1976 · ".
func TestKeyDatesHangUnderTheirText(t *testing.T) {
	c := NewCache()
	found := 0
	for _, p := range everyPage(t) {
		if p.Slug != "key-dates" {
			continue
		}
		text := c.Lines(p, 60, Dark, colorprofile.TrueColor)
		for i, l := range text {
			m := labelled.FindStringSubmatch(ansi.Strip(l))
			if m == nil {
				continue
			}
			found++
			indent := strings.Repeat(" ", ansi.StringWidth(m[1]+" · "))
			next := ansi.Strip(text[i+1])
			if strings.TrimSpace(next) == "" {
				t.Errorf("%s: %q is one line; want a longer text", p.Title, l)
				continue
			}
			if !strings.HasPrefix(next, indent) || next[len(indent)] == ' ' {
				t.Errorf("%s: after %q the next line does not start under the text: %q", p.Title, ansi.Strip(l), next)
			}
		}
	}
	if found < 10 {
		t.Errorf("found %d dates in Key dates (both languages); want at least 10", found)
	}
}

// containsWord reports whether addr stands whole on one of lines, not
// followed by more of an address.
func containsWord(lines []string, addr string) bool {
	for _, l := range lines {
		for _, f := range strings.Fields(l) {
			if strings.TrimRight(f, ".,;:") == addr {
				return true
			}
		}
	}
	return false
}

// brokenOnlyAtWidth reports whether addr is shown from the start of a line
// in pieces, each piece a whole line and all but the last at least half
// the width.
func brokenOnlyAtWidth(lines []string, addr string, width int) bool {
	for i := range lines {
		rest := addr
		for j := i; j < len(lines); j++ {
			l := strings.TrimSpace(lines[j])
			if !strings.HasPrefix(rest, l) || l == "" {
				break
			}
			rest = rest[len(l):]
			if rest == "" {
				return true
			}
			if len(l) < width/2 {
				break
			}
		}
	}
	return false
}
