package ui

import (
	"fmt"
	"strings"

	"github.com/embassy-kiosk/embassy/content"
)

// PlainWidth is the width of the plain-text answers given without a PTY.
const PlainWidth = 78

// Commands lists what a visitor can ask for without a PTY, for `help`.
var Commands = []struct{ Name, Does string }{
	{"(none)", "every page and the directory, as plain text"},
	{"pages", "the list of pages"},
	{"page SLUG", "one page"},
	{"links", "the directory of related websites"},
	{"help", "this list"},
	{"plain", "line by line, numbered choices; also: ssh plain@host"},
}

// PlainAll is the whole kiosk as plain text: the answer to `ssh -T host`.
func PlainAll(lib *content.Library, r *Renderer) string {
	var b strings.Builder
	b.WriteString(plainTitle(lib))
	for _, p := range lib.Pages {
		b.WriteString("\n" + PlainPage(p, r))
	}
	b.WriteString("\n" + PlainLinks(lib))
	b.WriteString("\n" + lib.Site.Banner.Title + "\n  " + lib.Site.Banner.Description + "\n  " + lib.Site.Banner.URL + "\n")
	b.WriteString("\nFor an interactive view: ssh -t (with a terminal). For the commands: help.\n")
	return b.String()
}

func plainTitle(lib *content.Library) string {
	return underline(lib.Site.Name+": "+lib.Site.Title, "=") + "As published by the Embassy at " + lib.Site.Source + "\n"
}

func underline(s, char string) string {
	return s + "\n" + strings.Repeat(char, min(PlainWidth, len([]rune(s)))) + "\n"
}

// PlainPage is one page as plain text, wrapped to PlainWidth.
func PlainPage(p content.Page, r *Renderer) string {
	return underline(p.Title, "-") + "\n" + strings.Join(r.Lines(p, PlainWidth, StylePlain), "\n") + "\n"
}

// PlainPages lists the pages with the slug that `page SLUG` takes.
func PlainPages(lib *content.Library) string {
	var b strings.Builder
	for _, p := range lib.Pages {
		fmt.Fprintf(&b, "%-12s %s\n", p.Slug, p.Title)
	}
	return b.String()
}

// PlainLinks is the directory as plain text, grouped.
func PlainLinks(lib *content.Library) string {
	var b strings.Builder
	b.WriteString(underline(lib.Site.LinksTitle, "-"))
	if lib.Site.LinksIntro != "" {
		b.WriteString(wrapPlain(lib.Site.LinksIntro, PlainWidth, "") + "\n")
	}
	group := ""
	for _, l := range lib.Links {
		if l.Group != group {
			group = l.Group
			b.WriteString("\n" + group + "\n")
		}
		status := "verified address"
		if l.Status != content.Verified {
			status = "address likely, not yet confirmed"
		}
		fmt.Fprintf(&b, "\n* %s\n%s\n  %s (%s)\n", l.Title, wrapPlain(l.Description, PlainWidth, "  "), l.URL, status)
		if l.Note != "" {
			b.WriteString(wrapPlain("Note: "+l.Note, PlainWidth, "  ") + "\n")
		}
	}
	return b.String()
}

// PlainHelp lists the commands.
func PlainHelp(lib *content.Library) string {
	var b strings.Builder
	b.WriteString(lib.Site.Name + ": " + lib.Site.Title + "\n\nWithout a terminal (ssh host COMMAND), you can ask for:\n")
	for _, c := range Commands {
		fmt.Fprintf(&b, "  %-10s %s\n", c.Name, c.Does)
	}
	b.WriteString("\nWith a terminal (ssh -t host), the same commands open the interactive view there.\n")
	return b.String()
}

// wrapPlain wraps words at width, prefixing every line.
func wrapPlain(s string, width int, prefix string) string {
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
