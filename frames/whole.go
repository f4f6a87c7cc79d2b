package frames

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// A frame of the alt screen that ultraviolet would repaint whole anyway (the
// first, one after a resize, or one where most rows changed, as when a page
// opens) is written directly: clear the screen, then the rows. ultraviolet's
// renderer spends about a millisecond on such a frame, comparing and
// emitting a cell at a time (BenchmarkFirstFrame). The screen model is then
// dropped, and the next frame that diffs rebuilds it from the view's text.
//
// When the view is plain (every line fits the window, nothing but text and
// SGR sequences) and its escape sequences are not most of its bytes, its
// text is written from the view's text, colours brought down to the
// session's profile, the pen kept across the frame (paintPlain, plain.go):
// a tenth of ultraviolet's time; and when the screen shows a plain view
// the renderer drew, the rows that stay the same (a header, a help line)
// are stepped over instead of cleared and written again, and the others
// erased only where the new row does not cover the old.
// Otherwise (lipgloss underlines a URL one
// letter at a time, in 25 bytes each) the view is drawn into cells and each
// row written with only the style changes between cells (ultraviolet's
// Line.Render, the cells its renderer would draw): half its time, and about
// its bytes. Either way the terminal shows what ultraviolet would have drawn
// (TestScreenFollowsViews and TestWholeFrameKeepsUnchangedRows check it in
// an emulator).

// shown is what the screen shows before a frame drawn whole.
type shown struct {
	content  string // the view the screen shows; "": not known (the frame clears the screen)
	exact    bool   // content was drawn by paintPlain: its cells are known
	penKnown bool   // the terminal's pen is at rest
}

// paintWhole returns the bytes that draw content on a w×h alt screen from
// scratch, or over on.content; plain says paintPlain drew them.
func paintWhole(content string, on shown, w, h int, p colorprofile.Profile) (out string, plain bool) {
	content = downsample(content, p)
	reset := ""
	if !on.penKnown {
		reset = ansi.ResetStyle
	}
	if rows, starts, ok := plainRows(content, w, h); ok {
		best := paintPlain(rows, nil, nil, w, h, on.penKnown)
		if on.content != "" {
			if was, same := shownRows(downsample(on.content, p), on.exact, content, starts, w, h); was != nil {
				best = shorter(best, paintPlain(rows, was, same, w, h, on.penKnown))
			}
		}
		return best, true
	}
	buf := getScratch(w, h)
	defer putScratch(buf)
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	rows := lineRows(buf)
	best := ansi.CursorHomePosition + reset + ansi.EraseEntireScreen + joinRows(rows)
	if on.content == "" {
		best = shorter(best, ansi.CursorHomePosition+reset+ansi.EraseEntireScreen+paintByStyle(buf, nil, cursor{}))
	} else if changed := changedLines(content, downsample(on.content, p), w, h); changed != nil {
		// Rows that show the same are stepped over (opening an entry of
		// the directory leaves its header alone).
		best = shorter(best, rowsOver(rows, changed))
		best = shorter(best, eraseRows(changed, w)+paintByStyle(buf, changed, cursor{lost: true}))
	}
	return best, false
}

// shownRows returns, for a plain view old that the screen shows, the cells
// of each of its h rows that show something (nil for a row whose cells are
// not known: exact is false and it is not empty) and which rows read the
// same in content, whose rows start with the pens starts; nil when old is
// not plain.
func shownRows(old string, exact bool, content string, starts []*uv.Style, w, h int) (was [][]bool, same []bool) {
	oldRows, oldStarts, ok := plainRows(old, w, h)
	if !ok {
		return nil, nil
	}
	oldLines, lines := strings.Split(old, "\n"), strings.Split(content, "\n")
	cells := make([]bool, w*(h+1)) // a row for each, and one blank
	blankRow := cells[w*h:]
	was, same = make([][]bool, h), make([]bool, h)
	for y := range h {
		switch {
		case y >= len(oldRows) || oldLines[y] == "":
			was[y] = blankRow
		case exact:
			was[y] = rowCells(oldRows[y], w, cells[w*y:w*(y+1)])
		}
		same[y] = y < len(oldLines) && y < len(lines) && oldLines[y] == lines[y] && oldStarts[y].Equal(starts[y])
	}
	return was, same
}

// joinRows writes rows (from lineRows) down a cleared screen: empty rows
// are only stepped over.
func joinRows(rows []string) string {
	var b strings.Builder
	cur := 0 // the row the cursor is on
	for y, row := range rows {
		if row == "" {
			continue
		}
		for ; cur < y; cur++ {
			b.WriteByte('\n')
		}
		b.WriteString(row)
	}
	return b.String()
}

// eraseRows erases the rows marked, from the top left, the pen at rest:
// the last rows, when all of them are marked, at once.
func eraseRows(rows []bool, w int) string {
	tail := len(rows) // the rows from tail on are all marked
	for tail > 0 && rows[tail-1] {
		tail--
	}
	var b strings.Builder
	b.WriteString(ansi.CursorHomePosition + ansi.ResetStyle)
	cur := cursor{}
	for y, erase := range rows[:tail] {
		if erase {
			cur.moveTo(&b, 0, y, w)
			b.WriteString(ansi.EraseLineRight)
		}
	}
	if tail < len(rows) {
		cur.moveTo(&b, 0, tail, w)
		b.WriteString(ansi.EraseScreenBelow)
	}
	return b.String()
}

// downsample brings content's colours down to profile p, when it may hold
// colours p cannot show.
func downsample(content string, p colorprofile.Profile) string {
	if !mayExceed(content, p) {
		return content
	}
	var d strings.Builder
	cw := colorprofile.Writer{Forward: &d, Profile: p}
	_, _ = cw.Write([]byte(content))
	return d.String()
}

// cellRows draws content into cells and returns its rows (lineRows).
func cellRows(content string, w, h int) []string {
	buf := getScratch(w, h)
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	rows := lineRows(buf)
	putScratch(buf)
	return rows
}

// lineRows returns each row of buf as ultraviolet writes it (only the
// style changes between cells), blanks at its end dropped and runs of
// blanks as cursor moves.
func lineRows(buf uv.ScreenBuffer) []string {
	rows := make([]string, buf.Height())
	for y := range rows {
		rows[y] = blanksAsMoves(buf.Line(y).Render())
	}
	return rows
}

// rowsOver draws rows (from lineRows) over a screen whose rows marked in
// changed differ: the others are stepped over, these erased and written.
func rowsOver(rows []string, changed []bool) string {
	var b strings.Builder
	b.WriteString(ansi.CursorHomePosition + ansi.ResetStyle)
	for y, row := range rows {
		if y > 0 {
			b.WriteByte('\n')
		}
		if !changed[y] {
			continue
		}
		b.WriteString(ansi.EraseLineRight)
		b.WriteString(row)
		if strings.Contains(row, "\x1b[") && !strings.HasSuffix(row, ansi.ResetStyle) {
			b.WriteString(ansi.ResetStyle)
		}
	}
	return b.String()
}

// changedLines compares two views line by line and marks the rows of a
// w×h screen that differ; nil when a line of either is wider than w (it
// would not stay on its row, nor those below it) or either is taller
// than h. Lines that read
// the same draw the same row; lines that differ only in how their escape
// sequences are written are drawn again, which costs bytes, never a wrong
// screen.
func changedLines(content, was string, w, h int) []bool {
	a, b := strings.Split(content, "\n"), strings.Split(was, "\n")
	if len(a) > h || len(b) > h {
		return nil
	}
	changed := make([]bool, h)
	restA, restB := true, true // the pen each line starts with is at rest
	differ := false            // a line above reads otherwise
	for y := range h {
		var la, lb string
		if y < len(a) {
			la = a[y]
		}
		if y < len(b) {
			lb = b[y]
		}
		if tooWide(la, w) || (la != lb && tooWide(lb, w)) {
			return nil
		}
		// A line that reads the same draws the same row only from the
		// same pen: one carried from a line above that changed may not be.
		changed[y] = la != lb || differ && (!restA || !restB)
		differ = differ || la != lb
		restA, restB = endsAtRest(la, restA), endsAtRest(lb, restB)
	}
	return changed
}

// endsAtRest reports whether the pen is at rest after line, from a pen at
// rest or not (rest): its last CSI sequence is a reset. It may say no
// wrongly, never yes.
func endsAtRest(line string, rest bool) bool {
	i := strings.LastIndex(line, "\x1b[")
	if i < 0 {
		return rest
	}
	return strings.HasPrefix(line[i:], ansi.ResetStyle) || strings.HasPrefix(line[i:], "\x1b[0m")
}

// tooWide reports whether line is wider than w cells (a line is never
// wider than its bytes).
func tooWide(line string, w int) bool {
	return len(line) > w && ansi.StringWidth(line) > w
}

// minMove is the shortest run of blanks written as a cursor move: "\x1b[5C"
// is four bytes.
const minMove = 5

// blanksAsMoves returns row with its blank spaces (no background, no
// underline, reverse, strike-through or overline, outside a hyperlink)
// moved over instead of written, and dropped at its end. Over a cleared
// row, or one erased in the terminal's own colours, they show the same, as
// ultraviolet's renderer also assumes: the padding between a column of
// text and a QR code, or before a label on the right, costs a few bytes
// instead of one a cell.
func blanksAsMoves(row string) string {
	if !strings.Contains(row, "     ") && !strings.HasSuffix(row, " ") {
		return row // nothing worth a move
	}
	var b strings.Builder
	b.Grow(len(row))
	var pen showsOnBlank
	link := false // a hyperlink is open
	spaces := 0
	for i := 0; i < len(row); {
		c := row[i]
		if c == ' ' && pen == 0 && !link {
			spaces++
			i++
			continue
		}
		if spaces >= minMove {
			b.WriteString(ansi.CursorForward(spaces))
		} else {
			for ; spaces > 0; spaces-- {
				b.WriteByte(' ')
			}
		}
		spaces = 0
		if c != ansi.ESC || i+1 >= len(row) {
			b.WriteByte(c) // text, a byte at a time (UTF-8 needs no care here)
			i++
			continue
		}
		// An escape sequence: CSI up to its final byte, OSC up to BEL or ST.
		j := i + 2
		switch row[i+1] {
		case '[':
			for j < len(row) && (row[j] < 0x40 || row[j] > 0x7e) {
				j++
			}
			j = min(j+1, len(row))
			if row[j-1] == 'm' {
				pen = pen.after(row[i+2 : j-1])
			}
		case ']':
			for j < len(row) && row[j] != '\a' && !(row[j] == ansi.ESC && j+1 < len(row) && row[j+1] == '\\') {
				j++
			}
			body := row[i+2 : min(j, len(row))]
			if j < len(row) && row[j] == ansi.ESC {
				j++
			}
			j = min(j+1, len(row))
			if rest, ok := strings.CutPrefix(body, "8;"); ok {
				// 8 ; params ; URI: an empty URI closes the link.
				_, uri, _ := strings.Cut(rest, ";")
				link = uri != ""
			}
		}
		b.WriteString(row[i:j])
		i = j
	}
	return b.String()
}

// mayExceed reports whether content may hold colours that profile p
// cannot show, which must be brought down to it. It may say yes wrongly
// (";2;" is also bold, faint, italic), never no: a 24-bit colour has
// ";2;" or ":2:", a 256-colour one ";5;" or ":5:". Most frames of a
// 256-colour session need nothing done.
func mayExceed(content string, p colorprofile.Profile) bool {
	switch p {
	case colorprofile.TrueColor:
		return false
	case colorprofile.ANSI256:
		return strings.Contains(content, ";2;") || strings.Contains(content, ":2:")
	case colorprofile.ANSI:
		return strings.Contains(content, ";2;") || strings.Contains(content, ":2:") ||
			strings.Contains(content, ";5;") || strings.Contains(content, ":5:")
	}
	return true // no colours at all: every SGR colour goes
}

// plainText reports whether content can be written as it is on a w×h
// screen: every line fits, it holds only text and SGR sequences, and these
// are at most half its bytes.
func plainText(content string, w, h int) bool {
	var state byte
	lines, width, escapes := 1, 0, 0
	for s := content; len(s) > 0; {
		seq, cw, n, next := ansi.DecodeSequenceWc(s, state, nil)
		state = next
		s = s[n:]
		switch {
		case seq == "\n":
			lines++
			width = 0
			if lines > h {
				return false
			}
		case cw > 0:
			width += cw
			if width > w {
				return false
			}
		case len(seq) > 2 && seq[0] == ansi.ESC && seq[1] == '[' && seq[len(seq)-1] == 'm' && plainSGR(seq[2:len(seq)-1]):
			escapes += len(seq)
		default:
			return false // a control, another sequence, a zero-width grapheme
		}
	}
	return escapes*2 <= len(content)
}

// plainSGR reports whether params are those of a plain SGR sequence: digits,
// ';' and ':' only (no private marker).
func plainSGR(params string) bool {
	for i := 0; i < len(params); i++ {
		if c := params[i]; (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}

// mostChanged reports whether at least three rows in four differ between
// two views, and not because the text scrolled by a few rows (ultraviolet
// scrolls the terminal for that, which costs far fewer bytes).
func mostChanged(old, new string) bool {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	rows := max(len(a), len(b))
	at := func(l []string, i int) string {
		if i >= 0 && i < len(l) {
			return l[i]
		}
		return ""
	}
	changed := 0
	for i := range rows {
		if at(a, i) != at(b, i) {
			changed++
		}
	}
	if changed*4 < rows*3 {
		return false
	}
	for k := -3; k <= 3; k++ {
		if k == 0 {
			continue
		}
		same := 0
		for i := range b {
			if b[i] != "" && b[i] == at(a, i+k) {
				same++
			}
		}
		if same*2 >= rows {
			return false
		}
	}
	return true
}

// showsOnBlank is the set of a pen's attributes that show on a space.
type showsOnBlank uint8

const (
	blankBackground showsOnBlank = 1 << iota
	blankUnderline
	blankReverse
	blankStrike
	blankOverline
	blankUnknown // a parameter not understood: assume it shows
)

// after returns the set once the SGR parameters params are applied.
func (p showsOnBlank) after(params string) showsOnBlank {
	if params == "" {
		return 0
	}
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		code, sub, _ := strings.Cut(ps[i], ":")
		switch code {
		case "0", "":
			p = 0
		case "4", "21":
			p |= blankUnderline
			if sub == "0" {
				p &^= blankUnderline
			}
		case "24":
			p &^= blankUnderline
		case "7":
			p |= blankReverse
		case "27":
			p &^= blankReverse
		case "9":
			p |= blankStrike
		case "29":
			p &^= blankStrike
		case "53":
			p |= blankOverline
		case "55":
			p &^= blankOverline
		case "40", "41", "42", "43", "44", "45", "46", "47",
			"100", "101", "102", "103", "104", "105", "106", "107":
			p |= blankBackground
		case "49":
			p &^= blankBackground
		case "48", "38", "58":
			// An extended colour: 5;N or 2;R;G;B after it, unless given
			// with colons.
			if code == "48" {
				p |= blankBackground
			}
			if sub == "" && i+1 < len(ps) {
				switch ps[i+1] {
				case "5":
					i += 2
				case "2":
					i += 4
				}
			}
		case "1", "2", "3", "5", "6", "8", "22", "23", "25", "28", "39", "59",
			"30", "31", "32", "33", "34", "35", "36", "37",
			"90", "91", "92", "93", "94", "95", "96", "97":
			// Weight, slant, blinking, hiding and the text's colour do
			// not show on a space.
		default:
			p |= blankUnknown
		}
	}
	return p
}
