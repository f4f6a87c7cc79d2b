package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
)

// entryScreen is one entry of the directory (or the banner) as a component
// (component.go): its text, its address and its QR code, and its own reading
// position. The root gives it the common context and its size (the window's
// width and the body's rows) before it routes a message to it or draws it
// (Model.entryScreen).
type entryScreen struct {
	index  int     // in lib.Links; -1 for the banner
	from   screen  // where Back goes
	qr     *qrCode // the QR code of its address; nil if it has none
	offset int     // the first row shown
	cache  *linkViewCache

	area // the context and the size (common.go)
}

var _ component = (*entryScreen)(nil)

// Update scrolls the entry on a key or the wheel. On a tea.WindowSizeMsg or
// an areaMsg of its area, and on a langMsg, it keeps the reading position
// within the text.
func (e *entryScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		e.SetSize(msg.Width, msg.Height)
	case areaMsg:
		e.SetSize(msg.Width, msg.Height)
	case langMsg:
	default:
		delta, _, ok := scrollBy(msg, e.c.keys, e.height)
		if !ok {
			return nil
		}
		e.offset += delta
	}
	e.offset = clampScroll(e.offset, len(e.layout().rows), e.height)
	return nil
}

// ShortHelp is the entry's keys that work now (c.keys, set by the root),
// most useful first, as the help line lists them.
func (e *entryScreen) ShortHelp() []key.Binding { return e.c.keys.shortHelp(screenLink, e.c.lang) }

// open shows link i of lib.Links (-1: the banner), opened from screen from.
func (e *entryScreen) open(i int, from screen) {
	e.index, e.from, e.offset = i, from, 0
	e.qr, _ = encodeQR(e.link().URL)
}

// link is the entry's link in the visitor's language.
func (e *entryScreen) link() content.Link { return linkAt(e.c.lib, e.index) }

// linkAt is lib.Links[i], or the banner for -1.
func linkAt(lib *content.Library, i int) content.Link {
	if i < 0 || i >= len(lib.Links) {
		return lib.Site.Banner
	}
	return lib.Links[i]
}

// View is the entry from the reading position, with its QR code beside it
// when there is room; on a projector the two are centred as a whole.
func (e *entryScreen) View() string {
	return e.c.margin(e.body(e.height), e.c.columnLeft(e.columnWidth()))
}

// columnWidth is the width of the text and the QR code beside it.
func (e *entryScreen) columnWidth() int {
	v := e.layout()
	w := v.textWidth
	if v.side != nil {
		w += qrGap + ansi.StringWidth(v.side[0])
	}
	return w
}

// scrolls reports whether the entry is longer than the body with a
// one-line footer.
func (e *entryScreen) scrolls() bool { return len(e.layout().rows) > e.c.rows }

// position says how far through the entry the visitor is.
func (e *entryScreen) position() string {
	return position(e.offset, len(e.layout().rows), e.height)
}

// qrGap is the space between the text and a QR code beside it; qrMinText
// the narrowest text column worth putting beside one.
const (
	qrGap     = 3
	qrMinText = 30
)

// linkView is the entry screen laid out for the window.
type linkView struct {
	rows      []string // the rows that scroll: the text, and the QR code below it when it is not beside it
	side      []string // the QR code, pinned right of the text; nil if not there
	textWidth int
}

// linkViewKey is what the entry screen's layout depends on. The library,
// the styles and the QR code are replaced, never changed, so their
// pointers stand for them.
type linkViewKey struct {
	width, height, index          int
	lib                           *content.Library
	styles                        *Styles
	qr                            *qrCode
	colours, noColour, hyperlinks bool
}

type linkViewCache struct {
	key  linkViewKey
	view linkView
}

// layout is the entry screen laid out for the window. One key asks for it
// several times (which keys work, the body, the position), so the last one
// is kept until something it depends on changes.
func (e *entryScreen) layout() linkView {
	c := e.c
	key := linkViewKey{c.width, c.height, e.index, c.lib, c.styles, e.qr, c.colours, c.noColour, c.hyperlinks}
	if cached := e.cache; cached != nil && cached.key == key && cached.view.rows != nil {
		return cached.view
	}
	v := e.layoutLink()
	if e.cache != nil {
		*e.cache = linkViewCache{key, v}
	}
	return v
}

// qrPlace is where an entry's QR code goes.
type qrPlace int

const (
	noQR qrPlace = iota
	besideText
	underText
)

// layoutLink places the QR code: beside the text if the window is wide
// enough, else under it (scrolled to), else not at all, saying why. A code
// is only drawn where it fits whole, with the widest quiet zone that fits.
func (e *entryScreen) layoutLink() linkView {
	c := e.c
	// The help may be opened over the entry: the code is placed for the
	// window, and the help then takes the text's place (helpInBody).
	w, h := c.width-2, c.rows
	v := linkView{textWidth: c.textWidth()}
	place, quiet := e.placeQR(w, h)
	if place == besideText {
		qw, _ := e.qr.size(quiet)
		v.textWidth = min(readingWidth, w-qw-qrGap)
	}
	tw := v.textWidth
	rows := e.entryText(tw)
	rows = append(rows, styledLines(c.styles.Muted, wrap(e.qrNote(place), tw))...)
	rows = append(rows, styledLines(c.styles.Muted, wrap(i18n.T(c.lang, "link.copy"), tw))...)
	var code []string
	switch {
	case place == noQR:
	case c.colours:
		code = e.qr.lines(quiet)
	default:
		code = e.qr.plainLines(quiet, c.styles.Dark)
	}
	switch place {
	case besideText:
		v.side = code
	case underText:
		rows = append(rows, "")
		rows = append(rows, code...)
	}
	v.rows = rows
	return v
}

// placeQR is where the entry's QR code fits whole in w x h, and with what
// quiet zone: beside the text first, else under it, the widest zone first.
func (e *entryScreen) placeQR(w, h int) (place qrPlace, quiet int) {
	if e.qr == nil || e.c.ascii {
		return noQR, 0
	}
	for _, where := range []qrPlace{besideText, underText} {
		for q := qrQuietMax; q >= qrQuietMin; q-- {
			qw, qh := e.qr.size(q)
			fits := qh <= h && qw <= w
			if where == besideText {
				fits = fits && qw+qrGap+qrMinText <= w
			}
			if fits {
				return where, q
			}
		}
	}
	return noQR, 0
}

// entryText is the entry's text in tw columns: its title when the header
// cut it, description, note, address and status, and a blank line.
func (e *entryScreen) entryText(tw int) []string {
	l, c, st := e.link(), e.c, e.c.styles
	var rows []string
	if ansi.StringWidth(l.Title) > c.titleWidth() {
		// The header cut the title: show it whole here.
		rows = append(rows, styledLines(st.Title, wrap(l.Title, tw))...)
	}
	rows = append(rows, "")
	rows = append(rows, strings.Split(wrap(l.Description, tw), "\n")...)
	if l.Note != "" {
		rows = append(rows, "")
		rows = append(rows, styledLines(st.Muted, wrap(l.Note, tw))...)
	}
	if l.Untranslated {
		rows = append(rows, "")
		rows = append(rows, styledLines(st.Muted, wrap(i18n.T(c.lang, "link.untranslated"), tw))...)
	}
	rows = append(rows, "")
	for _, part := range wrapURL(l.URL, tw) {
		s := st.URL.Render(part)
		if c.hyperlinks {
			s = ansi.SetHyperlink(l.URL) + s + ansi.ResetHyperlink()
		}
		rows = append(rows, s)
	}
	if l.Status == content.Verified {
		rows = append(rows, styledLines(st.Verified, wrap(i18n.T(c.lang, "link.verified", st.G.Verified), tw))...)
	} else {
		rows = append(rows, styledLines(st.Likely, wrap(i18n.T(c.lang, "link.likely", st.G.Likely), tw))...)
	}
	return append(rows, "")
}

// qrNote says where the QR code is, or why there is none.
func (e *entryScreen) qrNote(place qrPlace) string {
	c := e.c
	var say string
	switch {
	case place == besideText:
		say = i18n.T(c.lang, "link.scan")
	case place == underText:
		say = i18n.T(c.lang, "link.scan.below")
	case e.qr == nil:
		say = i18n.T(c.lang, "link.qr.error")
	case c.ascii:
		say = i18n.T(c.lang, "link.qr.noblocks")
	default:
		qw, qh := e.qr.size(qrQuietMin)
		say = i18n.T(c.lang, "link.qr.toosmall", qw+2, qh+4)
	}
	if place != noQR && !c.colours {
		// Drawn in the terminal's own colours (qr.go plainLines).
		plain := "link.qr.plain"
		if c.noColour {
			plain = "link.qr.nocolour"
		}
		say += " " + i18n.T(c.lang, plain)
	}
	return say
}

// body is the entry screen's body: the text from the reading position,
// with the QR code beside it when there is room.
func (e *entryScreen) body(height int) []string {
	v := e.layout()
	text := window(v.rows, e.offset, height)
	if e.c.help != nil && v.side != nil {
		// The help in the text's column, so that the code stays whole.
		text = e.c.help.lines(v.textWidth + 1)
		text = text[:min(len(text), height)]
		for i, l := range text {
			text[i] = strings.TrimPrefix(l, " ") // indent() adds the margin
		}
	}
	if v.side == nil {
		return text
	}
	out := make([]string, max(len(text), len(v.side)))
	for i := range out {
		left := ""
		if i < len(text) {
			left = text[i]
		}
		if i < len(v.side) {
			// Every row of the code in the same column, or a phone
			// cannot read it: nothing of the text may push it right.
			left = ansi.Truncate(left, v.textWidth, "")
			left += strings.Repeat(" ", max(0, v.textWidth-lipgloss.Width(left))+qrGap) + v.side[i]
		}
		out[i] = left
	}
	return out
}

// entryScreen is the entry component, with the context, the screen's keys
// k and its size: to route a message to, or to draw.
func (m *Model) entryScreen(k *KeyMap) *entryScreen {
	m.place(&m.entry.area, k)
	return &m.entry
}

// openLink shows link i of lib.Links (-1: the banner).
func (m *Model) openLink(i int, from screen) {
	m.screen = screenLink
	e := &m.entry
	e.c = m.ctx()
	e.open(i, from)
}

// shownLink is the link on the entry screen.
func (m Model) shownLink() content.Link { return linkAt(m.lib, m.entry.index) }
