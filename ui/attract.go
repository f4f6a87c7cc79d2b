package ui

import (
	"net/url"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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

// cards is the loop, in order, for the content lib.
func cards(lib *content.Library) []card {
	cs := []card{{kind: cardTitle}}
	for _, p := range lib.Pages {
		if !p.AtEnd { // the text's pages, not About
			cs = append(cs, card{kind: cardPage, page: p})
		}
	}
	return append(cs, card{kind: cardReach})
}

// attractLoop is the attract loop as a component (component.go): its state
// is whether it is on screen, the card showing and since when. booth.go's
// clock starts it and moves it on (tick); a visitor's key, click, wheel or
// paste ends it (Update). The root gives it the window above its footer,
// and the common context, when it draws (Model.attractScreen).
type attractLoop struct {
	on     bool      // the loop is on screen
	card   int       // its card on screen
	cardAt time.Time // when that card went up

	c             *common // set by the root when drawing
	width, height int     // the cards' area
}

var _ component = (*attractLoop)(nil)

func (a *attractLoop) Init() tea.Cmd { return nil }

// Update ends the loop on a visitor's key, click, wheel or paste.
func (a *attractLoop) Update(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg:
		a.on = false
	}
	return nil
}

func (a *attractLoop) SetSize(width, height int) { a.width, a.height = width, height }

// No key of its own: any key ends it.
func (a *attractLoop) ShortHelp() []key.Binding  { return nil }
func (a *attractLoop) FullHelp() [][]key.Binding { return nil }

// tick starts the loop when the keyboard has been quiet for after, moves
// it on to the card due at now (of n cards), and says how long until the
// next change is due.
func (a *attractLoop) tick(now time.Time, quiet, after time.Duration, n int) time.Duration {
	if !a.on && quiet >= after {
		a.on, a.card, a.cardAt = true, 0, now
	}
	if !a.on {
		return after - quiet
	}
	if shown := now.Sub(a.cardAt); shown >= attractCard {
		steps := shown / attractCard
		a.card = (a.card + int(steps)) % n
		a.cardAt = a.cardAt.Add(steps * attractCard)
	}
	return a.cardAt.Add(attractCard).Sub(now)
}

// attractScreen is the whole screen while the loop runs.
func (m Model) attractScreen() (string, bool) {
	if !m.attract.on {
		return "", false
	}
	a := m.attract
	a.c = m.common()
	footer := m.closingFooter(m.idleFooter(a.footer())) // the countdowns still show
	a.SetSize(m.width, max(1, m.height-lipgloss.Height(footer)))
	return a.View() + "\n" + footer, true
}

// View is the card on screen, in the middle of the component's area.
func (a *attractLoop) View() string {
	cs := cards(a.c.lib)
	h := a.height
	var lines []string
	switch c := cs[a.card%len(cs)]; c.kind {
	case cardTitle:
		lines = a.titleCard(h)
	case cardPage:
		lines = a.pageCard(c.page, h)
	case cardReach:
		lines = a.reachCard(h)
	}
	return placeBlock(lines, a.width, h)
}

// cardWidth is the text column of a card.
func (a *attractLoop) cardWidth() int {
	return min(readingWidth, a.width-4)
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
func (a *attractLoop) titleCard(h int) []string {
	w := a.cardWidth()
	title := styledLines(a.c.styles.Title, wrap(a.c.lib.Site.Title, w))
	if big, ok := bigText(a.c.lib.Site.Title); ok && ansi.StringWidth(big[0]) <= a.width-4 && h >= bigHeight+6 {
		title = styledLines(a.c.styles.Title, strings.Join(big, "\n"))
	}
	ruleW := min(w, lipgloss.Width(strings.Join(title, "\n")))
	lines := []string{a.c.styles.Embassy.Render(a.c.siteName(a.width - 4)), ""}
	lines = append(lines, title...)
	lines = append(lines, "", a.c.styles.Rule.Render(strings.Repeat("─", ruleW)))
	return centreLines(lines)
}

// pageCard: the page's title and its opening paragraph, cut to fit.
func (a *attractLoop) pageCard(p content.Page, h int) []string {
	w := a.cardWidth()
	lines := []string{a.c.styles.Embassy.Render(a.c.siteName(w))}
	lines = append(lines, styledLines(a.c.styles.Title, wrap(p.Title, w))...)
	lines = append(lines, a.c.styles.Rule.Render(strings.Repeat("─", w)), "")
	room := h - len(lines)
	text := a.opening(p, w)
	if a.c.projector() {
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
func (a *attractLoop) opening(p content.Page, w int) []string {
	para := firstParagraph(p.Body)
	if para == "" {
		return nil
	}
	lines := a.c.markdown.Lines(content.Page{Slug: "opening:" + p.Slug, File: p.File, Body: para}, w, a.c.style(), a.c.ink)
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
func (a *attractLoop) reachCard(h int) []string {
	site := website(a.c.lib)
	text := func(w int, qr bool) []string {
		lines := []string{a.c.styles.Title.Render(ansi.Truncate(i18n.T(a.c.lang, "attract.reach"), w, a.c.styles.G.Ellipsis)), ""}
		if cmd := a.c.sshCommand; cmd != "" {
			lines = append(lines, styledLines(a.c.styles.Item, wrap(i18n.T(a.c.lang, "attract.type"), w))...)
			for _, part := range wrapURL(cmd, w) {
				lines = append(lines, a.c.styles.Selected.Render(part))
			}
			lines = append(lines, "")
		}
		if site != "" {
			say := i18n.T(a.c.lang, "attract.website")
			if qr {
				say = i18n.T(a.c.lang, "attract.scan")
			}
			lines = append(lines, styledLines(a.c.styles.Item, wrap(say, w))...)
			for _, part := range wrapURL(site, w) {
				lines = append(lines, a.c.styles.URL.Render(part))
			}
		}
		return lines
	}
	if site == "" {
		return text(a.cardWidth(), false)
	}
	// Beside the text, when the text keeps a column of 24 or more, and no
	// narrower than the command and the address: an address is never
	// broken where it can be shown whole.
	need := max(24, ansi.StringWidth(a.c.sshCommand), ansi.StringWidth(site))
	if code, ok := qrLines(site, a.width-4-3-need, h); ok {
		w := min(a.cardWidth(), a.width-4-3-lipgloss.Width(code[0]))
		block := lipgloss.JoinHorizontal(lipgloss.Center, strings.Join(text(w, true), "\n"), "   ", strings.Join(code, "\n"))
		return strings.Split(block, "\n")
	}
	// Under it.
	lines := text(a.cardWidth(), true)
	if code, ok := qrLines(site, a.width-4, h-len(lines)-1); ok {
		return append(append(lines, ""), code...)
	}
	return text(a.cardWidth(), false)
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

// footer is "Press any key" and where the loop is, centred in the window
// (the root puts the countdowns in its place while they run).
func (a *attractLoop) footer() string {
	n, w := len(cards(a.c.lib)), a.c.width
	press := a.c.styles.Title.Render(i18n.T(a.c.lang, "attract.start"))
	dots := make([]string, n)
	for i := range dots {
		dots[i] = a.c.styles.Muted.Render("○")
		if i == a.card%n {
			dots[i] = a.c.styles.Rule.Render("●")
		}
	}
	line := press + "   " + strings.Join(dots, " ")
	if lipgloss.Width(line) > w-2 {
		line = press
	}
	if lipgloss.Width(line) > w-2 {
		line = a.c.styles.Title.Render(ansi.Truncate(i18n.T(a.c.lang, "attract.short"), w-2, a.c.styles.G.Ellipsis))
	}
	return strings.Repeat(" ", max(1, (w-lipgloss.Width(line))/2)) + line
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
