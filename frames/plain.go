package frames

import (
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
	style *uv.Style // shared by the pieces between two SGR sequences
	kind  uint8
	end   int // where text ends in its line (when it is a slice of it)
}

// plainRows returns the rows of content as pieces, the pen carried from
// row to row as a terminal carries it, and the pen each row starts with;
// ok is false unless content is plain on a w×h screen (plainText) and has
// no SGR parameter whose effect this package does not follow (it is then
// drawn from cells). Text is read a run of ASCII at a time: this runs for
// every frame drawn whole.
func plainRows(content string, w, h int) (rows [][]piece, starts []*uv.Style, ok bool) {
	n := strings.Count(content, "\n") + 1
	if n > h {
		return nil, nil, false
	}
	// One array holds every row's pieces (a row has a few): rows are
	// cut from it at the end.
	p := rowParser{style: &uv.Style{}, pieces: make([]piece, 0, 4*n)}
	starts = make([]*uv.Style, 0, n)
	ends := make([]int, 0, n)
	for line := range strings.SplitSeq(content, "\n") {
		starts = append(starts, p.style)
		if !p.row(line, w) {
			return nil, nil, false
		}
		ends = append(ends, len(p.pieces))
	}
	if p.escapes*2 > len(content) {
		return nil, nil, false
	}
	rows = make([][]piece, len(ends))
	from := 0
	for y, end := range ends {
		rows[y] = p.pieces[from:end:end]
		from = end
	}
	return rows, starts, true
}

// rowParser reads a view's rows into pieces, the pen carried from row to
// row.
type rowParser struct {
	pieces  []piece
	style   *uv.Style // the pen
	escapes int       // bytes of SGR sequences read
	line    string    // the row being read
	from    int       // its first piece
}

// row appends the pieces of line, at most w cells wide, and reports false
// if it is not plain (see plainRows).
func (p *rowParser) row(line string, w int) bool {
	p.line, p.from = line, len(p.pieces)
	x := 0
	var state byte
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ':
			j := i + 1
			for j < len(line) && line[j] == ' ' {
				j++
			}
			p.add(piece{x: x, w: j - i, text: line[i:j], style: p.style, kind: p.blanksKind(i, j)}, i)
			x += j - i
			i = j
			continue
		case c > ' ' && c < 0x7f:
			j := i + 1
			for j < len(line) && line[j] > ' ' && line[j] < 0x7f {
				j++
			}
			p.add(piece{x: x, w: j - i, text: line[i:j], style: p.style, kind: drawn}, i)
			x += j - i
			i = j
		default:
			seq, cw, m, next := ansi.DecodeSequenceWc(line[i:], state, nil)
			state = next
			if cw > 0 {
				p.add(piece{x: x, w: cw, text: seq, style: p.style, kind: drawn}, i)
				x += cw
			} else if len(seq) < 3 || seq[0] != ansi.ESC || seq[1] != '[' || seq[len(seq)-1] != 'm' || !applySGR(seq[2:len(seq)-1], &p.style) {
				return false // a control, another sequence, a zero-width grapheme
			} else {
				p.escapes += len(seq)
			}
			i += m
		}
		if x > w {
			return false
		}
	}
	return true
}

// blanksKind says how the blanks line[i:j] are drawn in the pen.
func (p *rowParser) blanksKind(i, j int) uint8 {
	switch {
	case paintsBlanks(p.style):
		return drawn
	case j-i >= minMove || j == len(p.line):
		return moved
	case p.style.IsZero():
		if k := len(p.pieces) - 1; k >= p.from && p.pieces[k].kind == drawn && p.pieces[k].style.IsZero() {
			return drawn // between words in the terminal's own pen: written with them
		}
		return blank
	}
	return drawn
}

// add appends a piece whose text starts at byte at of the row, joining it
// to the last when both are drawn in one style.
func (p *rowParser) add(pc piece, at int) {
	if k := len(p.pieces) - 1; k >= p.from && pc.kind == drawn && p.pieces[k].kind == drawn &&
		(p.pieces[k].style == pc.style || p.pieces[k].style.Equal(pc.style)) {
		// (Text right after the last piece's has its pen.)
		last := &p.pieces[k]
		if last.end == at {
			last.text = p.line[at-len(last.text) : at+len(pc.text)]
			last.end = at + len(pc.text)
		} else {
			last.text += pc.text // across an SGR sequence that changed nothing
			last.end = -1
		}
		last.w += pc.w
		return
	}
	pc.end = at + len(pc.text)
	p.pieces = append(p.pieces, pc)
}

// applySGR points style at a new one, the parameters of an SGR sequence
// applied to it, if it knows them all: those ultraviolet's ReadStyle follows and blanksAsMoves tells
// apart, colours given with ';' only.
func applySGR(params string, style **uv.Style) bool {
	var buf [16]ansi.Param
	ps := buf[:0]
	colour := 0 // parameters of a colour still to come
	for f := range strings.SplitSeq(params, ";") {
		v := 0
		for i := 0; i < len(f); i++ {
			if f[i] < '0' || f[i] > '9' || v > 255 {
				return false // ':' or anything else
			}
			v = v*10 + int(f[i]-'0')
		}
		ps = append(ps, ansi.Param(v))
		switch {
		case colour == -1: // after 38, 48 or 58: 5;N or 2;R;G;B
			switch v {
			case 5:
				colour = 1
			case 2:
				colour = 3
			default:
				return false
			}
		case colour > 0:
			if v > 255 {
				return false
			}
			colour--
		case v <= 9, v >= 22 && v <= 37 && v != 26, v == 39, v >= 40 && v <= 47, v == 49, v == 59,
			v >= 90 && v <= 97, v >= 100 && v <= 107:
		case v == 38 || v == 48 || v == 58:
			colour = -1
		default:
			return false
		}
	}
	if colour != 0 {
		return false
	}
	next := **style // the pieces so far keep theirs
	uv.ReadStyle(ps, &next)
	*style = &next
	return true
}

// rowCells marks in shown (w cells, all false) the cells of a row that
// show something other than a blank in the terminal's own pen once the
// row is drawn over a cleared row: its drawn pieces. It returns nil for a
// row with text beyond ASCII, whose width the terminal may count
// otherwise (East Asian ambiguous widths, emoji, a client whose character
// set is not the one it says): which of its cells show is not known.
func rowCells(row []piece, w int, shown []bool) []bool {
	if !asciiRow(row) {
		return nil
	}
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
	if old != nil && !asciiRow(row) {
		// Its width may not be the terminal's: whether it covers the old
		// row is not known.
		eraseFirst = !covered(0, w)
	} else if old != nil {
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
					p.set(b, pc.style) // needed next: cheaper before the erase than a move after it
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
		p.set(b, pc.style)
		cur.write(b, pc.text, pc.w)
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

// asciiRow reports whether row's text is all ASCII, whose width every
// terminal counts as this package does.
func asciiRow(row []piece) bool {
	for _, p := range row {
		for i := 0; i < len(p.text); i++ {
			if p.text[i] >= 0x80 {
				return false
			}
		}
	}
	return true
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
