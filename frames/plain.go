package frames

import (
	"strconv"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// A plain view (plainText) drawn whole is written from its text, a row at
// a time, with the pen kept across the frame (pen.go): its SGR sequences
// become only the changes the terminal needs. Blanks are moved over where
// blanksAsMoves would move over them (and spaces in the terminal's own pen
// where the cells are blank already), so every cell ends as the row-by-row
// painter this replaced left it, style included; the tests compare both
// in a terminal emulator. Over a screen this package drew from a plain view
// (its cells are known), a row is erased only where the new row does not
// cover what the old one showed.

// Kinds of piece.
const (
	drawn = iota // written in its style
	blank        // spaces in the terminal's own pen: blank cells, written or moved over
	moved        // blanks moved over (blanksAsMoves' rule): the cells stay as they were cleared
)

// piece is a run of a row's cells: where, how wide, its text and style.
type piece struct {
	x, w  int
	text  string
	style uv.Style
	kind  uint8
}

// plainRows returns content's rows as pieces, the pen carried from row to
// row as a terminal carries it, and the pen each row starts with; ok is false when content has an SGR
// parameter whose effect this package does not follow (it is then written
// as ultraviolet would).
func plainRows(content string) (rows [][]piece, starts []uv.Style, ok bool) {
	var style uv.Style
	lines := strings.Split(content, "\n")
	rows, starts = make([][]piece, len(lines)), make([]uv.Style, len(lines))
	for y, line := range lines {
		starts[y] = style
		var row []piece
		x := 0
		add := func(p piece) {
			if n := len(row); n > 0 && row[n-1].kind == p.kind && p.kind == drawn && row[n-1].style.Equal(&p.style) {
				row[n-1].text += p.text
				row[n-1].w += p.w
				return
			}
			row = append(row, p)
		}
		var state byte
		for s := line; len(s) > 0; {
			if s[0] == ' ' {
				n := len(s) - len(strings.TrimLeft(s, " "))
				kind := uint8(drawn)
				switch {
				case paintsBlanks(&style):
				case n >= minMove || n == len(s):
					kind = moved
				case style.IsZero():
					kind = blank
				}
				add(piece{x: x, w: n, text: s[:n], style: style, kind: kind})
				x += n
				s = s[n:]
				continue
			}
			seq, cw, n, next := ansi.DecodeSequenceWc(s, state, nil)
			state = next
			s = s[n:]
			if cw > 0 {
				add(piece{x: x, w: cw, text: seq, style: style, kind: drawn})
				x += cw
				continue
			}
			if len(seq) < 3 || seq[0] != ansi.ESC || seq[1] != '[' || seq[len(seq)-1] != 'm' || !applySGR(seq[2:len(seq)-1], &style) {
				return nil, nil, false
			}
		}
		rows[y] = row
	}
	return rows, starts, true
}

// applySGR applies the parameters of an SGR sequence to style, if it knows
// them all: those ultraviolet's ReadStyle follows and blanksAsMoves tells
// apart, colours with ';' only.
func applySGR(params string, style *uv.Style) bool {
	fields := strings.Split(params, ";")
	ps := make(ansi.Params, 0, len(fields))
	for i := 0; i < len(fields); i++ {
		if fields[i] == "" {
			ps = append(ps, ansi.Param(ansi.Parameter(0, false)))
			continue
		}
		v, err := strconv.Atoi(fields[i])
		if err != nil {
			return false // ':' or anything else
		}
		ps = append(ps, ansi.Param(v))
		switch {
		case v <= 9, v >= 22 && v <= 37 && v != 26, v == 39, v >= 40 && v <= 47, v == 49, v == 59,
			v >= 90 && v <= 97, v >= 100 && v <= 107:
		case v == 38 || v == 48 || v == 58:
			n := 0
			if i+1 < len(fields) {
				switch fields[i+1] {
				case "5":
					n = 2
				case "2":
					n = 4
				}
			}
			if n == 0 || i+n >= len(fields) {
				return false
			}
			for _, f := range fields[i+1 : i+1+n] {
				c, err := strconv.Atoi(f)
				if err != nil || c > 255 {
					return false
				}
				ps = append(ps, ansi.Param(c))
			}
			i += n
		default:
			return false
		}
	}
	uv.ReadStyle(ps, style)
	return true
}

// rowCells marks the cells of a w-wide row that show something other than
// a blank in the terminal's own pen once the row is drawn over a cleared
// row: its drawn pieces.
func rowCells(row []piece, w int) []bool {
	shown := make([]bool, w)
	for _, p := range row {
		if p.kind == drawn {
			for x := p.x; x < min(p.x+p.w, w); x++ {
				shown[x] = true
			}
		}
	}
	return shown
}

// paintPlain returns the bytes that draw rows (from plainRows) on a w×h
// alt screen. was is what the screen shows, row by row: nil when it is
// cleared first (the frame then starts by clearing it); its rows are nil
// where only whether they read the same is known (same is then set for
// each row that does), which are erased when they change. penKnown says
// the terminal's pen is at rest. The cursor is left anywhere, the pen at
// rest.
func paintPlain(rows [][]piece, was [][]bool, same []bool, w, h int, penKnown bool) string {
	var b strings.Builder
	b.Grow(64 * len(rows))
	var p pen
	p.known = penKnown
	cur := cursor{lost: true}
	if was == nil {
		cur.moveTo(&b, 0, 0, w)
		p.forErase(&b)
		b.WriteString(ansi.EraseEntireScreen)
	}
	// The rows from tail on have nothing drawn and are not the same as
	// before: what is left there is erased at once, at the end.
	tail := min(len(rows), h)
	for tail > 0 && !rowDrawn(rows[tail-1]) && (same == nil || !same[tail-1]) {
		tail--
	}
	for y := range tail {
		if same != nil && same[y] {
			continue
		}
		var old []bool
		if was != nil {
			old = was[y]
			if old == nil {
				old = make([]bool, w)
				for x := range old {
					old[x] = true // not known: all of it goes
				}
			}
		}
		paintRow(&b, &p, &cur, rows[y], old, y, w)
	}
	if was != nil {
		// Anything left below the last row drawn.
		left := false
		for y := tail; y < h && !left; y++ {
			left = y < len(was) && (was[y] == nil || anyTrue(was[y]))
		}
		if left {
			cur.moveTo(&b, 0, tail, w)
			p.forErase(&b)
			b.WriteString(ansi.EraseScreenBelow)
		}
	}
	p.rest(&b)
	return b.String()
}

// paintRow draws row y over old (the cells showing something there; nil:
// a cleared row).
func paintRow(b *strings.Builder, p *pen, cur *cursor, row []piece, old []bool, y, w int) {
	// Where the old row shows something the new one does not draw, the row
	// is erased first, from its start: that empties the row in tmux,
	// whose captures (capture-pane -e) then read as before; erased from
	// the middle, its cells would stay there, blank.
	end := 0 // the end of the last drawn piece
	for _, pc := range row {
		if pc.kind == drawn {
			end = pc.x + pc.w
		}
	}
	covered := func(from, to int) bool {
		for x := from; x < min(to, w); x++ {
			if old[x] {
				return false
			}
		}
		return true
	}
	eraseFirst := false
	if old != nil {
		eraseFirst = !covered(end, w)
		for _, pc := range row {
			if pc.kind != drawn && pc.x < end && !covered(pc.x, pc.x+pc.w) {
				eraseFirst = true
			}
		}
	}
	first := true
	for _, pc := range row {
		if pc.kind != drawn {
			continue
		}
		if first {
			first = false
			if eraseFirst {
				cur.moveTo(b, 0, y, w)
				if pc.style.IsZero() {
					p.set(b, &pc.style) // needed next: cheaper before the erase than a move after it
				}
				p.forErase(b)
				b.WriteString(ansi.EraseLineRight)
			}
		}
		if n := pc.x - cur.x; cur.y == y && !cur.lost && n > 0 && n <= 3 && cur.x < w && (pc.style.IsZero() || p.known && p.style.IsZero()) {
			// A few blanks before a piece in the terminal's own pen, or
			// with the pen at rest: as cheap as a move.
			p.set(b, &uv.Style{})
			b.WriteString(strings.Repeat(" ", n))
			cur.x = pc.x
		}
		cur.moveTo(b, pc.x, y, w)
		p.set(b, &pc.style)
		b.WriteString(pc.text)
		cur.x += pc.w
	}
	if first {
		// Nothing drawn: what the row showed is erased.
		if old != nil && !covered(0, w) {
			cur.moveTo(b, 0, y, w)
			p.forErase(b)
			b.WriteString(ansi.EraseLineRight)
		}
		return
	}
}

func rowDrawn(row []piece) bool {
	for _, p := range row {
		if p.kind == drawn {
			return true
		}
	}
	return false
}

func anyTrue(v []bool) bool {
	for _, b := range v {
		if b {
			return true
		}
	}
	return false
}
