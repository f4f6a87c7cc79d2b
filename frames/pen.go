package frames

import (
	"strconv"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// A frame written a row at a time used to set its colour at the start of
// every row and reset it at the end: 14 bytes a row of text, and the
// footer reset and set the same colour again around every " • ". The
// frames written here (plain.go) keep track of the pen (the SGR state) they
// leave the terminal in and write only the changes. The pen is reset before
// anything that paints blanks in it (an erase) when it has something that
// shows on a blank (a background, an underline, reverse video, a
// strike-through, blinking: the Linux console shows blinking as a bright
// background); a colour of the text alone shows on no blank, and xterm,
// VTE, tmux, PuTTY, Windows Terminal and the Linux console erase in the
// background colour only (PuTTY and the console keep the text's colour on
// the blank, where it does not show). Newlines and cursor moves paint
// nothing; no frame writes a newline on the last row (that would scroll).

// pen is the terminal's SGR state as a frame is written.
type pen struct {
	style uv.Style
	known bool // false: nothing is assumed, the next change starts with a reset
}

// set writes the change from the pen to s.
func (p *pen) set(b *strings.Builder, s *uv.Style) {
	if p.known && p.style.Equal(s) {
		return
	}
	if p.known {
		b.WriteString(sgrChange(&p.style, s))
	} else {
		b.WriteString(sgrFrom0(s))
	}
	p.style, p.known = *s, true
}

// forErase makes the pen one that an erase may paint blanks with.
func (p *pen) forErase(b *strings.Builder) {
	if !p.known || paintsBlanks(&p.style) {
		p.set(b, &uv.Style{})
	}
}

// rest leaves the pen at the terminal's default, as a frame must end
// (ultraviolet's renderer, which draws the next frame when it is a small
// change, takes the pen to be at rest).
func (p *pen) rest(b *strings.Builder) {
	if !p.known || !p.style.IsZero() {
		b.WriteString(ansi.ResetStyle)
	}
	p.style, p.known = uv.Style{}, true
}

// paintsBlanks reports whether an erase or a space in s shows anything.
func paintsBlanks(s *uv.Style) bool {
	return s.Bg != nil || s.Underline != uv.UnderlineNone ||
		s.Attrs&(uv.AttrReverse|uv.AttrStrikethrough|uv.AttrBlink|uv.AttrRapidBlink) != 0
}

// sgrFrom0 is the SGR sequence that sets s from any pen: a reset and s's
// attributes in one sequence.
func sgrFrom0(s *uv.Style) string {
	if s.IsZero() {
		return ansi.ResetStyle
	}
	return "\x1b[0;" + s.String()[2:]
}

// sgrChange is the shortest SGR sequence from one pen to another: s's
// attributes after a reset, or only what changes when nothing is turned
// off but colours (attributes are turned off only by a reset: a VT100 and
// some other terminals know no SGR 22, 24 or 27).
func sgrChange(from, to *uv.Style) string {
	if to.IsZero() {
		return ansi.ResetStyle
	}
	full := sgrFrom0(to)
	if from.Attrs&^to.Attrs != 0 || (from.Underline != uv.UnderlineNone && from.Underline != to.Underline) {
		return full
	}
	if d := uv.StyleDiff(from, to); len(d) < len(full) {
		return d
	}
	return full
}

// cursor is where a frame's writing has left the cursor; x may be the
// width: after the last column, the terminal's wrap pending, where only a
// newline or an absolute move is right.
type cursor struct {
	x, y int
	lost bool // not known: the next move is absolute
	// unsure: text beyond ASCII was written on this row since the column
	// was last set (CR, CUP). A terminal may count its width otherwise
	// (East Asian ambiguous widths, emoji), so its column may not be x:
	// moves that keep the terminal's column (CUD, CUB) would take it to
	// the rows below or back along the row; a CUF forward shifts what
	// follows on this row only, as the rows' own text is shifted.
	unsure bool
}

// write writes text, w columns wide, at the cursor.
func (c *cursor) write(b *strings.Builder, text string, w int) {
	b.WriteString(text)
	c.x += w
	if !c.unsure {
		for i := 0; i < len(text); i++ {
			if text[i] >= 0x80 {
				c.unsure = true
				break
			}
		}
	}
}

// moveTo writes the shortest move of the cursor to (x, y), counting bytes
// as the visitor receives them (a newline is CR LF after the PTY). Only
// moves every terminal has: CR, LF, CUF, CUB, CUD and CUP.
func (c *cursor) moveTo(b *strings.Builder, x, y int, w int) {
	if c.x == x && c.y == y && !c.lost {
		return
	}
	best, absolute := cup(x, y), true // absolute: sets the column
	try := func(move string, abs bool) {
		if wireLen(move) < wireLen(best) {
			best, absolute = move, abs
		}
	}
	if c.lost {
		c.lost = false
	} else if y > c.y {
		try(strings.Repeat("\n", y-c.y)+cuf(x), true)
		if x == c.x && c.x < w && !c.unsure {
			try(csiN(y-c.y, 'B'), false)
		}
	} else if y == c.y {
		switch {
		case c.x < w && x > c.x:
			try(cuf(x-c.x), false)
		case c.x < w && x < c.x && !c.unsure:
			try(csiN(c.x-x, 'D'), false)
		}
		try("\r"+cuf(x), true)
	}
	b.WriteString(best)
	c.x, c.y = x, y
	if absolute {
		c.unsure = false
	}
}

// shorter returns the one of a and b the visitor receives fewer bytes of.
func shorter(a, b string) string {
	if wireLen(b) < wireLen(a) {
		return b
	}
	return a
}

// wireLen is how many bytes of s reach the visitor: the PTY sends a
// newline as CR LF.
func wireLen(s string) int {
	return len(s) + strings.Count(s, "\n")
}

// cup is an absolute move, the column left out when it is the first.
func cup(x, y int) string {
	if x == 0 {
		if y == 0 {
			return ansi.CursorHomePosition
		}
		return "\x1b[" + strconv.Itoa(y+1) + "H"
	}
	return "\x1b[" + strconv.Itoa(y+1) + ";" + strconv.Itoa(x+1) + "H"
}

// cuf moves n columns forward ("" for none).
func cuf(n int) string {
	if n <= 0 {
		return ""
	}
	return csiN(n, 'C')
}

// csiN is a cursor move of n (1 is left out).
func csiN(n int, final byte) string {
	if n == 1 {
		return "\x1b[" + string(final)
	}
	return "\x1b[" + strconv.Itoa(n) + string(final)
}
