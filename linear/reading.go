package linear

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/colorprofile"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/markdown"
)

// Opening texts and reading them a screenful at a time: pages, the
// directory, an entry, the banner.

func (c *conversation) viewed(slug string) {
	if c.opt.OnPageView != nil {
		c.opt.OnPageView(slug)
	}
}

// openPage shows the i-th page of the library (the same in every language).
func (c *conversation) openPage(i int) {
	c.viewed(c.lib.Pages[i].Slug)
	c.open(&doc{kind: docPage, build: func(width int) []block {
		p := c.lib.Pages[i]
		blocks := []block{{lines: wrap(p.Title, width), glue: true}}
		if p.Untranslated {
			blocks = append(blocks, block{lines: wrap(c.t("page.untranslated"), width)})
		}
		return append(blocks, paragraphs(c.r.Lines(p, width, markdown.Plain, colorprofile.NoTTY))...)
	}})
}

func (c *conversation) openLinks() {
	c.viewed("links")
	c.list = nil
	c.open(&doc{kind: docLinks, build: c.linkBlocks})
}

func (c *conversation) linkBlocks(width int) []block {
	site := c.lib.Site
	blocks := []block{{lines: wrap(site.LinksTitle, width), glue: true}}
	if site.LinksIntro != "" {
		blocks = append(blocks, block{lines: wrap(site.LinksIntro, width)})
	}
	c.firstLink = len(blocks)
	n := 0
	for _, g := range c.lib.LinkGroups() {
		blocks = append(blocks, block{lines: wrap(g.Name+":", width), glue: true})
		for _, l := range g.Links {
			n++
			s := c.t("linear.entry", n, sentence(l.Title), sentence(l.Description), l.URL, c.status(l))
			if l.Untranslated {
				s += " " + c.t("untranslated")
			}
			blocks = append(blocks, block{lines: wrap(s, width)})
		}
	}
	return blocks
}

// openLink shows the n-th link of the directory (from 1).
func (c *conversation) openLink(n int) {
	if c.list == nil {
		c.list = c.reading
	}
	c.open(&doc{kind: docLink, build: func(width int) []block {
		l := c.lib.Links[n-1]
		return c.linkDetail(fmt.Sprintf("%d. %s", n, l.Title), l, width)
	}})
}

// backToList is Enter after a link: the directory's list of entries, from
// its first, whatever part of it was read before.
func (c *conversation) backToList() {
	c.reading = c.list
	c.reading.next = position{block: c.firstLink}
	c.more()
}

func (c *conversation) openBanner() {
	c.open(&doc{kind: docBanner, build: func(width int) []block {
		b := c.lib.Site.Banner
		return c.linkDetail(b.Title, b, width)
	}})
}

// linkDetail is a link's details: a paragraph with its title, description,
// address and how sure we are of it, and its note (if any) as another.
func (c *conversation) linkDetail(title string, l content.Link, width int) []block {
	lines := wrap(title, width)
	lines = append(lines, wrap(l.Description, width)...)
	lines = append(lines, wrap(c.t("linear.address", l.URL), width)...)
	if l.Status == content.Verified {
		lines = append(lines, wrap(c.t("linear.verified.long"), width)...)
	} else {
		lines = append(lines, wrap(c.t("linear.likely.long"), width)...)
	}
	blocks := []block{{lines: lines}}
	if l.Note != "" {
		blocks = append(blocks, block{lines: wrap(c.t("linear.note", l.Note), width)})
	}
	if l.Untranslated {
		blocks = append(blocks, block{lines: wrap(c.t("link.untranslated"), width)})
	}
	return blocks
}

func (c *conversation) status(l content.Link) string {
	if l.Status == content.Verified {
		return c.t("linear.verified")
	}
	return c.t("linear.likely")
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return s
	}
	return s + "."
}

func (c *conversation) open(d *doc) {
	c.reading = d
	c.more()
}

// more shows the next screenful of what is being read, and its prompt.
func (c *conversation) more() {
	d := c.reading
	w, h := c.size()
	if width := textWidth(w); d.blocks == nil || width != d.width || d.lang != c.lib.Lang {
		blocks := d.build(width)
		if d.blocks != nil {
			d.next = rescale(d.next, d.blocks, blocks)
			d.shown = rescale(d.shown, d.blocks, blocks)
		}
		d.blocks, d.width, d.lang = blocks, width, c.lib.Lang
	}
	// The prompt takes its instruction's lines and its own; the last
	// screenful's instruction may be longer than "More".
	room := screenful(h, max(len(wrap(c.t("linear.more"), d.width)), len(wrap(c.endPrompt(), d.width))))
	if d.next == (position{}) && c.roomy() {
		c.newline() // a new text starts after a blank line, when there is room
		room--
	}
	lines, next := page(d.blocks, d.next, room, w)
	d.shown, d.next = d.next, next
	c.line(lines...)
	c.prompt(c.readingPrompt())
}

func (c *conversation) readingPrompt() string {
	if !c.reading.done() {
		return c.t("linear.more")
	}
	return c.endPrompt()
}

// endPrompt is what the last screenful of the text being read asks.
func (c *conversation) endPrompt() string {
	switch c.reading.kind {
	case docLinks:
		return c.t("linear.list.end")
	case docLink:
		return c.t("linear.link.end")
	case docBanner:
		return c.t("linear.banner.end")
	}
	return c.t("linear.page.end")
}
