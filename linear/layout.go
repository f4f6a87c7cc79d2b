package linear

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/plain"
)

// Text widths: the client's width less one column (a dumb terminal may wrap
// a line that fills the last column), between these bounds. The upper bound
// is also what keeps the shared Markdown cache small.
const (
	minTextWidth = 20
	maxTextWidth = plain.Width
)

// Heights: a screenful is the window's height less the prompt (its
// instruction and the line typed on); 24 lines are assumed when the height
// is unknown.
const (
	defaultHeight = 24
	minScreenful  = 4
	roomyHeight   = 16 // from this height on, a blank line sets a new text apart
)

func textWidth(width int) int {
	if width <= 0 {
		return maxTextWidth
	}
	return min(max(width-1, minTextWidth), maxTextWidth)
}

func screenful(height, promptLines int) int {
	if height <= 0 {
		height = defaultHeight
	}
	return max(height-1-promptLines, minScreenful)
}

// block is a paragraph: it is kept on one screenful when it fits, and
// screenfuls are separated by paragraphs, never inside one that fits.
type block struct {
	lines []string
	// glue keeps a heading on the same screenful as the start of the
	// paragraph after it.
	glue bool
}

// position is a place in a document: a block and a line in it.
type position struct{ block, line int }

// wrap word-wraps s to width at spaces only: a hyphen is not a place to
// break, and a word longer than the width (an address) is left whole for
// the terminal to wrap, so that it can still be copied.
func wrap(s string, width int) []string {
	var lines []string
	var line strings.Builder
	w := 0
	for _, word := range strings.Fields(s) {
		ww := ansi.StringWidth(word)
		if w > 0 && w+1+ww > width {
			lines = append(lines, line.String())
			line.Reset()
			w = 0
		}
		if w > 0 {
			line.WriteByte(' ')
			w++
		}
		line.WriteString(word)
		w += ww
	}
	return append(lines, line.String())
}

// paragraphs splits rendered lines into blocks at blank lines.
func paragraphs(lines []string) []block {
	var blocks []block
	var cur []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if len(cur) > 0 {
				blocks = append(blocks, block{lines: cur})
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		blocks = append(blocks, block{lines: cur})
	}
	return blocks
}

// page returns the next screenful of blocks from pos, at most room rows of
// a window cols wide (0: unknown, a line is a row), with a blank line
// between paragraphs, and the position after it. A line wider than the
// window (an address) takes the rows the terminal wraps it onto. A
// paragraph that would not fit whole starts the next screenful, unless it
// is longer than a screenful itself (then it fills what is left, when that
// is at least three rows, and goes on in the next) or follows a heading.
func page(blocks []block, pos position, room, cols int) ([]string, position) {
	rows := func(lines []string) int {
		n := 0
		for _, l := range lines {
			n++
			if w := ansi.StringWidth(l); cols > 0 && w > cols {
				n += (w - 1) / cols
			}
		}
		return n
	}
	var out []string
	used := 0
	follow := false // a heading was just placed: what it heads starts here
	for pos.block < len(blocks) {
		b := blocks[pos.block]
		rest := b.lines[pos.line:]
		gap := 0
		if used > 0 {
			gap = 1
		}
		need := gap + rows(rest)
		if b.glue && gap == 1 && pos.block+1 < len(blocks) {
			need += 1 + rows(blocks[pos.block+1].lines)
		}
		if used+need <= room {
			if gap == 1 {
				out = append(out, "")
			}
			out = append(out, rest...)
			used += gap + rows(rest)
			pos = position{pos.block + 1, 0}
			follow = b.glue
			continue
		}
		left := room - used - gap
		if used > 0 && !(follow && left >= 1) && (b.glue || rows(rest) <= room || left < 3) {
			break
		}
		if gap == 1 {
			out = append(out, "")
		}
		// As many lines as fit, and at least one.
		n := 1
		for n < len(rest) && rows(rest[:n+1]) <= left {
			n++
		}
		out = append(out, rest[:n]...)
		pos.line += n
		if pos.line >= len(b.lines) {
			pos = position{pos.block + 1, 0}
		}
		break
	}
	return out, pos
}

// rescale moves pos to the same place in the same document laid out again
// at another width: the same block, the line in proportion.
func rescale(pos position, old, blocks []block) position {
	if pos.block >= len(blocks) || pos.line == 0 || pos.block >= len(old) {
		return position{pos.block, 0}
	}
	l := pos.line * len(blocks[pos.block].lines) / max(1, len(old[pos.block].lines))
	if l >= len(blocks[pos.block].lines) {
		return position{pos.block + 1, 0}
	}
	return position{pos.block, l}
}
