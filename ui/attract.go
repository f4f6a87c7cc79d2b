package ui

import (
	"net/url"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
)

// The attract loop: while nobody touches the keyboard the screen cycles
// through cards that say what the kiosk is (booth.go runs the clock). A
// title card, each page's opening paragraph, and a card that says how to
// read the kiosk on your own device, with a QR code for the Embassy's
// website. "Press any key" is always at the bottom; a key returns to the
// home screen and does nothing else. Cards are drawn only when they change.

type cardKind int

const (
	cardTitle cardKind = iota // the Embassy's name and the site's title
	cardPage                  // a page's title and opening paragraph
	cardReach                 // ssh ADDRESS, and the website's QR code
)

type card struct {
	kind cardKind
	page content.Page
}

// cards is the loop, in order.
func (m Model) cards() []card {
	cs := []card{{kind: cardTitle}}
	for _, p := range m.lib.Pages {
		if !p.AtEnd { // the text's pages, not About
			cs = append(cs, card{kind: cardPage, page: p})
		}
	}
	return append(cs, card{kind: cardReach})
}

// attractScreen is the whole screen while the loop runs.
func (m Model) attractScreen() (string, bool) {
	if !m.booth.attracting {
		return "", false
	}
	cs := m.cards()
	footer := m.closingFooter(m.idleFooter(m.attractFooter(len(cs)))) // the countdowns still show
	h := max(1, m.height-lipgloss.Height(footer))
	var lines []string
	switch c := cs[m.booth.card%len(cs)]; c.kind {
	case cardTitle:
		lines = m.titleCard(h)
	case cardPage:
		lines = m.pageCard(c.page, h)
	case cardReach:
		lines = m.reachCard(h)
	}
	return placeBlock(lines, m.width, h) + "\n" + footer, true
}

// cardWidth is the text column of a card.
func (m Model) cardWidth() int {
	return min(readingWidth, m.width-4)
}

// spaced puts a blank line between lines when there is room for it: on a
// projector text is read from across the room.
func spaced(lines []string, room int) []string {
	if len(lines) < 2 || 2*len(lines)-1 > room {
		return lines
	}
	out := make([]string, 0, 2*len(lines)-1)
	for i, l := range lines {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, l)
	}
	return out
}

// titleCard: the Embassy's name and the site's title, in block letters when
// the window is large enough, each line centred.
func (m Model) titleCard(h int) []string {
	w := m.cardWidth()
	title := styledLines(m.styles.Title, wrap(m.lib.Site.Title, w))
	if big, ok := bigText(m.lib.Site.Title); ok && ansi.StringWidth(big[0]) <= m.width-4 && h >= bigHeight+6 {
		title = styledLines(m.styles.Title, strings.Join(big, "\n"))
	}
	ruleW := min(w, lipgloss.Width(strings.Join(title, "\n")))
	lines := []string{m.styles.Embassy.Render(m.siteName(m.width - 4)), ""}
	lines = append(lines, title...)
	lines = append(lines, "", m.styles.Rule.Render(strings.Repeat("─", ruleW)))
	return centreLines(lines)
}

// pageCard: the page's title and its opening paragraph, cut to fit.
func (m Model) pageCard(p content.Page, h int) []string {
	w := m.cardWidth()
	lines := []string{m.styles.Embassy.Render(m.siteName(w))}
	lines = append(lines, styledLines(m.styles.Title, wrap(p.Title, w))...)
	lines = append(lines, m.styles.Rule.Render(strings.Repeat("─", w)), "")
	room := h - len(lines)
	text := m.opening(p, w)
	if m.projector() {
		text = spaced(text, room)
	}
	if len(text) > room && room > 0 {
		text = text[:room]
		last := text[room-1]
		text[room-1] = ansi.Truncate(last, w-1, "") + "…"
	}
	return append(lines, text...)
}

// opening is a page's first paragraph (not a heading), rendered like the
// page; the Markdown cache keeps it under a name of its own.
func (m Model) opening(p content.Page, w int) []string {
	para := firstParagraph(p.Body)
	if para == "" {
		return nil
	}
	lines := m.opt.Markdown.Lines(content.Page{Slug: "opening:" + p.Slug, File: p.File, Body: para}, w, m.style(), m.inkProfile())
	// Glamour may frame a paragraph with empty (but styled) lines.
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	return append([]string(nil), lines...) // the Markdown cache's slice is shared
}

func firstParagraph(md string) string {
	for _, block := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		if b := strings.TrimSpace(block); b != "" && !strings.HasPrefix(b, "#") {
			return b
		}
	}
	return ""
}

// reachCard says how to read the kiosk on your own device: the ssh command,
// and the Embassy's website with its QR code beside the text, under it, or
// (on a small window) not at all.
func (m Model) reachCard(h int) []string {
	site := website(m.lib)
	text := func(w int, qr bool) []string {
		lines := []string{m.styles.Title.Render(ansi.Truncate(i18n.T(m.lang, "attract.reach"), w, m.styles.G.Ellipsis)), ""}
		if cmd := m.opt.SSHCommand; cmd != "" {
			lines = append(lines, styledLines(m.styles.Item, wrap(i18n.T(m.lang, "attract.type"), w))...)
			for _, part := range wrapURL(cmd, w) {
				lines = append(lines, m.styles.Selected.Render(part))
			}
			lines = append(lines, "")
		}
		if site != "" {
			say := i18n.T(m.lang, "attract.website")
			if qr {
				say = i18n.T(m.lang, "attract.scan")
			}
			lines = append(lines, styledLines(m.styles.Item, wrap(say, w))...)
			for _, part := range wrapURL(site, w) {
				lines = append(lines, m.styles.URL.Render(part))
			}
		}
		return lines
	}
	if site == "" {
		return text(m.cardWidth(), false)
	}
	// Beside the text, when the text keeps a column of 24 or more, and no
	// narrower than the command and the address: an address is never
	// broken where it can be shown whole.
	need := max(24, ansi.StringWidth(m.opt.SSHCommand), ansi.StringWidth(site))
	if code, ok := qrLines(site, m.width-4-3-need, h); ok {
		w := min(m.cardWidth(), m.width-4-3-lipgloss.Width(code[0]))
		block := lipgloss.JoinHorizontal(lipgloss.Center, strings.Join(text(w, true), "\n"), "   ", strings.Join(code, "\n"))
		return strings.Split(block, "\n")
	}
	// Under it.
	lines := text(m.cardWidth(), true)
	if code, ok := qrLines(site, m.width-4, h-len(lines)-1); ok {
		return append(append(lines, ""), code...)
	}
	return text(m.cardWidth(), false)
}

// website is the Embassy's website: the origin of the page the text comes
// from (Site.Source), or "" when there is none.
func website(lib *content.Library) string {
	u, err := url.Parse(lib.Site.Source)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}

// qrLines draws the QR code of url (qr.go) with a quiet zone of qrQuietMin
// modules, each module k cells wide with k as large as fits, up to
// qrMaxScale. It reports false when even k = 1 does not fit in
// maxWidth x maxHeight cells.
func qrLines(url string, maxWidth, maxHeight int) ([]string, bool) {
	code, err := encodeQR(url)
	if err != nil {
		return nil, false
	}
	k := 0
	for s := 1; s <= qrMaxScale; s++ {
		if w, h := code.scaledSize(qrQuietMin, s); w > maxWidth || h > maxHeight {
			break
		}
		k = s
	}
	if k == 0 {
		return nil, false
	}
	return code.scaledLines(qrQuietMin, k), true
}

// attractFooter is "Press any key" and where the loop is, centred.
func (m Model) attractFooter(n int) string {
	press := m.styles.Title.Render(i18n.T(m.lang, "attract.start"))
	dots := make([]string, n)
	for i := range dots {
		dots[i] = m.styles.Muted.Render("○")
		if i == m.booth.card%n {
			dots[i] = m.styles.Rule.Render("●")
		}
	}
	line := press + "   " + strings.Join(dots, " ")
	if lipgloss.Width(line) > m.width-2 {
		line = press
	}
	if lipgloss.Width(line) > m.width-2 {
		line = m.styles.Title.Render(ansi.Truncate(i18n.T(m.lang, "attract.short"), m.width-2, m.styles.G.Ellipsis))
	}
	return strings.Repeat(" ", max(1, (m.width-lipgloss.Width(line))/2)) + line
}

// centreLines centres each line in the width of the widest.
func centreLines(lines []string) []string {
	w := 0
	for _, l := range lines {
		w = max(w, lipgloss.Width(l))
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if l != "" {
			out[i] = strings.Repeat(" ", (w-lipgloss.Width(l))/2) + l
		}
	}
	return out
}

// placeBlock puts lines, as a block, in the middle of a w x h area: exactly
// h lines, none wider than w.
func placeBlock(lines []string, w, h int) string {
	if len(lines) > h {
		lines = lines[:h]
	}
	bw := 0
	for _, l := range lines {
		bw = max(bw, lipgloss.Width(l))
	}
	left := strings.Repeat(" ", max(0, (w-bw)/2))
	top := (h - len(lines)) / 2
	out := make([]string, h)
	for i, l := range lines {
		if l != "" {
			out[top+i] = ansi.Truncate(left+l, w, "")
		}
	}
	return strings.Join(out, "\n")
}
