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
// text is written as it is, colours brought down to the session's profile:
// a tenth of ultraviolet's time; and when the screen shows a plain view
// the renderer drew, the rows that stay the same (a header, a help line)
// are stepped over instead of cleared and written again (paintOver).
// Otherwise (lipgloss underlines a URL one
// letter at a time, in 25 bytes each) the view is drawn into cells and each
// row written with only the style changes between cells (ultraviolet's
// Line.Render, the cells its renderer would draw): half its time, and about
// its bytes. Either way the terminal shows what ultraviolet would have drawn
// (TestScreenFollowsViews and TestWholeFrameKeepsUnchangedRows check it in
// an emulator).

// paintWhole returns the bytes that draw content on a w×h alt screen from
// scratch, or over onScreen, the plain view the screen shows now (""
// when that is not known).
func paintWhole(content, onScreen string, w, h int, p colorprofile.Profile) string {
	raw := content
	if mayExceed(content, p) {
		var d strings.Builder
		cw := colorprofile.Writer{Forward: &d, Profile: p}
		_, _ = cw.Write([]byte(content))
		content = d.String()
	}
	if plainText(content, w, h) {
		whole := ansi.CursorHomePosition + ansi.EraseEntireScreen + content + ansi.ResetStyle // ultraviolet leaves the pen at rest
		if onScreen != "" && plainText(onScreen, w, h) {
			if over := paintOver(raw, content, onScreen); len(over) < len(whole) {
				return over
			}
		}
		return whole
	}
	var b strings.Builder
	b.Grow(len(content) + 16)
	b.WriteString(ansi.CursorHomePosition + ansi.EraseEntireScreen)
	buf := getScratch(w, h)
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	cur := 0 // the row the cursor is on
	for y := range h {
		row := strings.TrimRight(buf.Line(y).Render(), " ")
		if row == "" {
			continue
		}
		for ; cur < y; cur++ {
			b.WriteByte('\n')
		}
		b.WriteString(row)
	}
	putScratch(buf)
	return b.String()
}

// paintOver draws content (raw before its colours were brought down) over
// onScreen, both plain, row by row: a row that shows the same stays as it
// is, the others are erased and written. Opening a page leaves the header
// and the help line alone, a few hundred bytes at each change of screen.
func paintOver(raw, content, onScreen string) string {
	was, want, rows := strings.Split(onScreen, "\n"), strings.Split(raw, "\n"), strings.Split(content, "\n")
	var b strings.Builder
	b.Grow(len(content) + 64)
	b.WriteString(ansi.CursorHomePosition + ansi.ResetStyle)
	for y, row := range rows {
		if y > 0 {
			b.WriteByte('\n') // the PTY makes it \r\n: the next row's start
		}
		if y < len(was) && was[y] == want[y] {
			continue
		}
		// Erased from the first column, not after the text: after a row as
		// wide as the window the cursor sits on its last cell.
		b.WriteString(ansi.EraseLineRight)
		b.WriteString(row)
		if strings.Contains(row, "\x1b[") && !strings.HasSuffix(row, ansi.ResetStyle) {
			b.WriteString(ansi.ResetStyle) // the next row is erased in the terminal's own colours
		}
	}
	if len(was) > len(rows) {
		// Rows the new view does not reach: erased below its last row.
		b.WriteString(ansi.CursorPosition(1, len(rows)+1) + ansi.EraseScreenBelow)
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
