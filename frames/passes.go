package frames

import (
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// A frame drawn from cells row by row sets and resets its pen on every row:
// a QR code beside a column of text costs 22 bytes of colour a row, the
// text 14 more. Painted one style at a time instead, each style is set once
// and the cursor is moved from one run of it to the next (a newline, or a
// few bytes of cursor movement). paintWhole sends whichever is shorter.

// styleRun is a run of cells of one style and link: where it starts, how
// wide it is, and where its text is.
type styleRun struct {
	x, y, w  int
	from, to int // its text in paintByStyle's buffer
	// Up to its last cell that is not a blank in the terminal's own pen:
	// the rows painted are cleared to those already, so such blanks at a
	// run's end (before another pen's text, a few cells on) need not be
	// written, and a run of them alone is not written at all.
	shownW, shownTo int
}

// paintByStyle returns the bytes that draw the rows of buf marked in rows
// (all when rows is nil), one style after another, over rows that are blank
// (cleared or erased in the terminal's own colours), the cursor where cur
// says; it is left anywhere, the pen at rest.
func paintByStyle(buf uv.ScreenBuffer, rows []bool, cur cursor) string {
	order, text := styleGroups(buf, rows)
	var b strings.Builder
	b.Grow(len(text) + 64*len(order))
	p := pen{known: true}
	for _, g := range order {
		opened := false
		for _, r := range g.runs {
			if r.shownW == 0 {
				continue
			}
			if !opened {
				// From one style to the next only what changes (pen.go).
				p.set(&b, &g.style)
				if g.link.URL != "" {
					b.WriteString(ansi.SetHyperlink(g.link.URL, g.link.Params))
				}
				opened = true
			}
			cur.moveTo(&b, r.x, r.y, buf.Width())
			cur.write(&b, string(text[r.from:r.shownTo]), r.shownW)
		}
		if opened && g.link.URL != "" {
			b.WriteString(ansi.ResetHyperlink())
		}
	}
	p.rest(&b)
	return b.String()
}

// styleGroup is every run of one style and link, in the order they come.
type styleGroup struct {
	style uv.Style
	link  uv.Link
	runs  []styleRun
}

// styleGroups sorts the cells of the rows of buf marked in rows (all when
// rows is nil) into runs grouped by style, the terminal's own pen first,
// and returns them with the runs' text, one after another.
func styleGroups(buf uv.ScreenBuffer, rows []bool) ([]*styleGroup, []byte) {
	var order []*styleGroup
	groups := map[string]*styleGroup{}
	var text []byte
	h, w := buf.Height(), buf.Width()
	for y := range h {
		if rows != nil && !rows[y] {
			continue
		}
		line := buf.Line(y)
		var run *styleRun
		var pen uv.Style
		var link uv.Link
		for x := 0; x < w; x++ {
			c := line.At(x)
			if blankCell(c) {
				// A long run of blanks, or blanks to the row's end, is
				// moved over; a few (between words) are written with
				// their own pen, as ultraviolet does.
				if n := blanksFrom(line, x, w); n >= minMove || x+n == w {
					run = nil
					x += n - 1
					continue
				}
			}
			if run == nil || !c.Style.Equal(&pen) || c.Link != link {
				k := keyOf(c)
				g := groups[k]
				if g == nil {
					g = &styleGroup{style: c.Style, link: c.Link}
					groups[k] = g
					if c.Style.IsZero() && c.Link.URL == "" {
						order = append([]*styleGroup{g}, order...) // the terminal's own pen first
					} else {
						order = append(order, g)
					}
				}
				g.runs = append(g.runs, styleRun{x: x, y: y, from: len(text), to: len(text)})
				run = &g.runs[len(g.runs)-1]
				pen, link = c.Style, c.Link
			}
			text = append(text, c.Content...)
			run.to = len(text)
			run.w += max(c.Width, 1)
			if !blankCell(c) || !c.Style.IsZero() {
				run.shownW, run.shownTo = run.w, run.to
			}
			x += max(c.Width, 1) - 1 // over the second half of a wide character
		}
	}
	return order, text
}

// keyOf is what tells runs of different pens apart: style and link.
func keyOf(c *uv.Cell) string {
	if c == nil {
		return ""
	}
	return c.Style.String() + "\x00" + c.Link.URL + "\x00" + c.Link.Params
}

// blanksFrom counts the blank cells of line from x on.
func blanksFrom(line uv.Line, x, w int) int {
	n := 0
	for ; x+n < w; n++ {
		if !blankCell(line.At(x + n)) {
			break
		}
	}
	return n
}

// blankCell reports whether c shows as a blank: never drawn, or a space
// with nothing that shows on one (background, underline, reverse,
// strike-through), no link.
func blankCell(c *uv.Cell) bool {
	if c == nil || c.IsZero() {
		return true
	}
	return c.Content == " " && c.Link.URL == "" && c.Style.Bg == nil &&
		c.Style.Underline == uv.UnderlineNone && c.Style.Attrs&(uv.AttrReverse|uv.AttrStrikethrough) == 0
}
