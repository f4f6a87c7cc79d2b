package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
)

// The entry screen: one link of the directory, its address and its QR code.

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

// linkLayout is the entry screen laid out for the window. One key asks
// for it several times (which keys work, the body, the position), so the
// last one is kept until something it depends on changes.
func (m Model) linkLayout() linkView {
	key := linkViewKey{m.width, m.height, m.linkIndex, m.lib, m.styles, m.qr, m.colours(), m.noColour, m.hyperlinks()}
	if c := m.entryCache; c != nil && c.key == key && c.view.rows != nil {
		return c.view
	}
	v := m.layoutLink()
	if m.entryCache != nil {
		*m.entryCache = linkViewCache{key, v}
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
func (m Model) layoutLink() linkView {
	// The help may be opened over the entry: the code is placed for the
	// window, and the help then takes the text's place (helpInBody).
	w, h := m.width-2, m.scrollHeightWithoutHelp()
	v := linkView{textWidth: m.textWidth()}
	place, quiet := m.placeQR(w, h)
	if place == besideText {
		qw, _ := m.qr.size(quiet)
		v.textWidth = min(readingWidth, w-qw-qrGap)
	}
	tw := v.textWidth
	rows := m.entryText(tw)
	rows = append(rows, styledLines(m.styles.Muted, wrap(m.qrNote(place), tw))...)
	rows = append(rows, styledLines(m.styles.Muted, wrap(i18n.T(m.lang, "link.copy"), tw))...)
	var code []string
	switch {
	case place == noQR:
	case m.colours():
		code = m.qr.lines(quiet)
	default:
		code = m.qr.plainLines(quiet, m.styles.Dark)
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
func (m Model) placeQR(w, h int) (place qrPlace, quiet int) {
	if m.qr == nil || m.ascii {
		return noQR, 0
	}
	for _, where := range []qrPlace{besideText, underText} {
		for q := qrQuietMax; q >= qrQuietMin; q-- {
			qw, qh := m.qr.size(q)
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
func (m Model) entryText(tw int) []string {
	l := m.link
	var rows []string
	if ansi.StringWidth(l.Title) > m.titleWidth() {
		// The header cut the title: show it whole here.
		rows = append(rows, styledLines(m.styles.Title, wrap(l.Title, tw))...)
	}
	rows = append(rows, "")
	rows = append(rows, strings.Split(wrap(l.Description, tw), "\n")...)
	if l.Note != "" {
		rows = append(rows, "")
		rows = append(rows, styledLines(m.styles.Muted, wrap(l.Note, tw))...)
	}
	if l.Untranslated {
		rows = append(rows, "")
		rows = append(rows, styledLines(m.styles.Muted, wrap(i18n.T(m.lang, "link.untranslated"), tw))...)
	}
	rows = append(rows, "")
	for _, part := range wrapURL(l.URL, tw) {
		s := m.styles.URL.Render(part)
		if m.hyperlinks() {
			s = ansi.SetHyperlink(l.URL) + s + ansi.ResetHyperlink()
		}
		rows = append(rows, s)
	}
	if l.Status == content.Verified {
		rows = append(rows, styledLines(m.styles.Verified, wrap(i18n.T(m.lang, "link.verified", m.styles.G.Verified), tw))...)
	} else {
		rows = append(rows, styledLines(m.styles.Likely, wrap(i18n.T(m.lang, "link.likely", m.styles.G.Likely), tw))...)
	}
	return append(rows, "")
}

// qrNote says where the QR code is, or why there is none.
func (m Model) qrNote(place qrPlace) string {
	var say string
	switch {
	case place == besideText:
		say = i18n.T(m.lang, "link.scan")
	case place == underText:
		say = i18n.T(m.lang, "link.scan.below")
	case m.qr == nil:
		say = i18n.T(m.lang, "link.qr.error")
	case m.ascii:
		say = i18n.T(m.lang, "link.qr.noblocks")
	default:
		qw, qh := m.qr.size(qrQuietMin)
		say = i18n.T(m.lang, "link.qr.toosmall", qw+2, qh+4)
	}
	if place != noQR && !m.colours() {
		// Drawn in the terminal's own colours (qr.go plainLines).
		plain := "link.qr.plain"
		if m.noColour {
			plain = "link.qr.nocolour"
		}
		say += " " + i18n.T(m.lang, plain)
	}
	return say
}

// linkBody is the entry screen's body: the text from the reading position,
// with the QR code beside it when there is room.
func (m Model) linkBody(height int) []string {
	v := m.linkLayout()
	text := window(v.rows, m.offset, height)
	if m.help.open && v.side != nil {
		// The help in the text's column, so that the code stays whole.
		text = m.helpLines(v.textWidth + 1)
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
