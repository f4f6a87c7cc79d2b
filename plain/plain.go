// Package plain is the kiosk as plain text: the answers to ssh -T and to
// the commands (pages, page NAME, links, links --json, help), for a visitor
// without a terminal.
package plain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/colorprofile"

	"github.com/embassy-kiosk/embassy/address"
	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
)

// Width is the width of the plain-text answers given without a PTY.
const Width = 78

// The plain-text answers are in the library's language (lib.Lang).

// Reach is the ssh command that reaches this kiosk as the visitor did,
// such as "ssh -p 2222 es@kiosk.example": the plain answers quote the
// commands to type whole, since there is no menu to open them from.
type Reach string

// ReachAs is the command that reaches the kiosk at sshCommand ("ssh
// kiosk.example", "ssh -p 2222 kiosk.example") as user, who is named only
// when the name chooses the language (es@): any other name changes nothing.
func ReachAs(sshCommand, user string) Reach {
	if _, ok := i18n.UserLanguage(user); ok {
		if i := strings.LastIndexByte(sshCommand, ' '); i >= 0 {
			sshCommand = sshCommand[:i+1] + user + "@" + sshCommand[i+1:]
		}
	}
	return Reach(sshCommand)
}

// Interactive is the command for the full-screen view: with -t.
func (r Reach) Interactive() string {
	if rest, ok := strings.CutPrefix(string(r), "ssh "); ok {
		return "ssh -t " + rest
	}
	return string(r)
}

// Run is the command that asks the kiosk for cmd without a terminal.
func (r Reach) Run(cmd string) string { return string(r) + " " + cmd }

// commands lists what a visitor can ask for without a PTY, for `help`.
func commands(lang content.Lang) []struct{ Name, Does string } {
	return []struct{ Name, Does string }{
		{i18n.T(lang, "cmd.noname"), i18n.T(lang, "cmd.none")},
		{"pages", i18n.T(lang, "cmd.pages")},
		{"page " + i18n.T(lang, "cmd.page.name"), i18n.T(lang, "cmd.page")},
		{"links", i18n.T(lang, "cmd.links")},
		{"links --json", i18n.T(lang, "cmd.json")},
		{"help", i18n.T(lang, "cmd.help")},
		{"plain", i18n.T(lang, "cmd.plain")},
	}
}

// All is the whole kiosk as plain text: the answer to `ssh -T host`.
// The pages come in menu order: the directory and the banner before the
// pages listed at the end (About).
func All(lib *content.Library, r *markdown.Cache, reach Reach, cs charset.Charset) string {
	var b strings.Builder
	b.WriteString(title(lib, cs))
	for _, p := range lib.Pages {
		if !p.AtEnd {
			b.WriteString("\n" + Page(lib, p, r))
		}
	}
	b.WriteString("\n" + Links(lib))
	if bn := lib.Site.Banner; bn.URL != "" {
		b.WriteString("\n" + bn.Title + "\n" + wrap(bn.Description, Width, "  ") + "\n  " + bn.URL + "\n")
	}
	for _, p := range lib.Pages {
		if p.AtEnd {
			b.WriteString("\n" + Page(lib, p, r))
		}
	}
	b.WriteString("\n" + wrap(i18n.T(lib.Lang, "plain.interactive", reach.Interactive(), reach.Run("help")), Width, "") + "\n")
	return b.String()
}

// title heads the plain text: whose it is, and where it was published
// (the address as terminal character set cs can show it).
func title(lib *content.Library, cs charset.Charset) string {
	return underline(lib.Site.Name+": "+lib.Site.Title, "=") + wrap(i18n.T(lib.Lang, "plain.source", address.Source(lib.In(content.English), cs)), Width, "") + "\n"
}

func underline(s, char string) string {
	return s + "\n" + strings.Repeat(char, min(Width, len([]rune(s)))) + "\n"
}

// Page is one page of lib as plain text, wrapped to Width.
func Page(lib *content.Library, p content.Page, r *markdown.Cache) string {
	var b strings.Builder
	b.WriteString(underline(p.Title, "-") + "\n")
	if p.Untranslated {
		b.WriteString(wrap(i18n.T(lib.Lang, "page.untranslated"), Width, "") + "\n\n")
	}
	b.WriteString(strings.Join(r.Lines(p, Width, markdown.Plain, colorprofile.NoTTY), "\n") + "\n")
	return b.String()
}

// Pages lists the pages with the name that `page NAME` takes in the
// visitor's language (any language's name works).
func Pages(lib *content.Library) string {
	var b strings.Builder
	for _, p := range lib.Pages {
		name := p.Name
		if name == "" {
			name = p.Slug
		}
		fmt.Fprintf(&b, "%-12s %s\n", name, p.Title)
	}
	return b.String()
}

// Links is the directory as plain text, grouped.
func Links(lib *content.Library) string {
	var b strings.Builder
	b.WriteString(underline(lib.Site.LinksTitle, "-"))
	if lib.Site.LinksIntro != "" {
		b.WriteString(wrap(lib.Site.LinksIntro, Width, "") + "\n")
	}
	for _, g := range lib.LinkGroups() {
		b.WriteString("\n" + g.Name + "\n")
		for _, l := range g.Links {
			status := i18n.T(lib.Lang, "plain.verified")
			if l.Status != content.Verified {
				status = i18n.T(lib.Lang, "plain.likely")
			}
			fmt.Fprintf(&b, "\n* %s\n%s\n  %s (%s)\n", l.Title, wrap(l.Description, Width, "  "), l.URL, status)
			if l.Note != "" {
				b.WriteString(wrap(i18n.T(lib.Lang, "plain.note")+l.Note, Width, "  ") + "\n")
			}
			if l.Untranslated {
				b.WriteString("  " + i18n.T(lib.Lang, "plain.untranslated") + "\n")
			}
		}
	}
	return b.String()
}

// jsonLink is one entry of `links --json`.
type jsonLink struct {
	Title        string `json:"title"`
	Description  string `json:"description"`
	URL          string `json:"url"`
	Status       string `json:"status"` // "verified" or "likely"
	Group        string `json:"group"`
	Note         string `json:"note"` // "" when there is none
	Untranslated bool   `json:"untranslated,omitempty"`
}

// LinksJSON is the directory as a JSON array, in file order, one
// object per link (title, description, url, status, group, note), in lib's
// language.
func LinksJSON(lib *content.Library) string {
	out := make([]jsonLink, 0, len(lib.Links))
	for _, l := range lib.Links {
		out = append(out, jsonLink{Title: l.Title, Description: l.Description, URL: l.URL, Status: string(l.Status),
			Group: l.Group, Note: l.Note, Untranslated: l.Untranslated})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out) // strings only: it cannot fail
	return b.String()
}

// Help lists the commands.
func Help(lib *content.Library, reach Reach) string {
	var b strings.Builder
	b.WriteString(lib.Site.Name + ": " + lib.Site.Title + "\n\n" + wrap(i18n.T(lib.Lang, "plain.help.intro", reach), Width, "") + "\n")
	for _, c := range commands(lib.Lang) {
		fmt.Fprintf(&b, "  %-13s %s\n", c.Name, c.Does)
	}
	b.WriteString("\n" + wrap(i18n.T(lib.Lang, "plain.help.tty", reach.Interactive()), Width, "") + "\n")
	b.WriteString(wrap(i18n.T(lib.Lang, "plain.help.lang"), Width, "") + "\n")
	return b.String()
}

// wrap wraps words at width, prefixing every line.
func wrap(s string, width int, prefix string) string {
	var lines []string
	line := prefix
	for _, word := range strings.Fields(s) {
		if len([]rune(line))+1+len([]rune(word)) > width && strings.TrimSpace(line) != "" {
			lines = append(lines, line)
			line = prefix
		}
		if strings.TrimSpace(line) != "" {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}
