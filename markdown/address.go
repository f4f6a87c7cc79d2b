package markdown

import (
	"fmt"
	"regexp"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Web addresses are kept whole. glamour's word wrap breaks a line at
// hyphens and cuts a word longer than the width, so an address came out
// in pieces ("…creacion-de-la-" / "conadep") that a visitor cannot copy.
// Before rendering, every address is swapped for a short stand-in with no
// place to break; after, the address comes back, on a line of its own
// when it does not fit beside its words. Plain text (linear and no-PTY
// sessions) leaves a longer address whole for the terminal to wrap, so
// that copying it gets all of it; the full screen, which cannot draw past
// its column, breaks it only where it must, after a "/" when it can.

// webAddress is an address in a page's Markdown: a link's target, an
// autolink or a bare address, without the punctuation that ends a sentence.
var webAddress = regexp.MustCompile(`https?://[^\s<>()\[\]*"]*[^\s<>()\[\]*".,;:!?']`)

// standIn is the stand-in for the i-th address: itself an address, so
// that glamour links and colours it as it does the real one, shorter than
// the narrowest text (20 columns), and of one fixed length, so that no
// stand-in is the start of another.
func standIn(i int) string { return fmt.Sprintf("https://a.io/%03d", i) }

// maxStandIns: addresses after the thousandth in a page are left as they are.
const maxStandIns = 1000

// withStandIns returns body with its addresses replaced by stand-ins, and
// the addresses in the stand-ins' order.
func withStandIns(body string) (string, []string) {
	var addrs []string
	seen := map[string]int{}
	out := webAddress.ReplaceAllStringFunc(body, func(a string) string {
		i, ok := seen[a]
		if !ok {
			if len(addrs) == maxStandIns {
				return a
			}
			i = len(addrs)
			seen[a] = i
			addrs = append(addrs, a)
		}
		return standIn(i)
	})
	return out, addrs
}

// restoreAddresses puts the addresses back into rendered lines; a line
// that no longer fits width has each address that makes it too wide moved
// to a line of its own, whole when whole is set, else broken to width.
func restoreAddresses(lines []string, addrs []string, width int, whole bool) []string {
	if len(addrs) == 0 {
		return lines
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		var here []string
		for i, a := range addrs {
			if s := standIn(i); strings.Contains(l, s) {
				l = strings.ReplaceAll(l, s, a)
				here = append(here, a)
			}
		}
		// glamour pads lines with coloured spaces: what counts is the text.
		if len(here) == 0 || len(trimBlank(lineCells(l))) <= width {
			out = append(out, l)
			continue
		}
		out = append(out, placeAddresses(l, here, width, whole)...)
	}
	return out
}

// placeAddresses splits line, too wide, into the words before an address,
// the address (whole, or in pieces of width) and what follows it.
func placeAddresses(line string, addrs []string, width int, whole bool) []string {
	cells := lineCells(line)
	text, at := cellText(cells)
	start, a := -1, ""
	for _, addr := range addrs {
		if i := strings.Index(text, addr); i >= 0 && (start < 0 || i < start) {
			start, a = i, addr
		}
	}
	if start < 0 {
		return []string{line}
	}
	from, to := at[start], at[start+len(a)]
	// The lines made keep the line's indentation (a list item's).
	indent := len(cells) - len(trimBlankLeft(cells))
	pad := strings.Repeat(" ", indent)
	room := max(width-indent, 1)
	var out []string
	if before := trimBlank(cells[:from]); len(before) > indent {
		out = append(out, before.Render())
	}
	addr := cells[from:to]
	for !whole && len(addr) > room {
		cut := breakAt(a[len(a)-len(addr):], room)
		out = append(out, pad+addr[:cut].Render())
		addr = addr[cut:]
	}
	out = append(out, pad+addr.Render())
	if after := trimBlankLeft(cells[to:]); len(after) > 0 {
		rest := pad + after.Render()
		if indent+len(after) > width {
			return append(out, placeAddresses(rest, addrs, width, whole)...)
		}
		out = append(out, rest)
	}
	return out
}

// breakAt is where to break an address (ASCII, one cell a byte) that is
// longer than width: after the last "/" that leaves at least half a line,
// else at width.
func breakAt(a string, width int) int {
	if i := strings.LastIndexByte(a[:width], '/'); i+1 >= width/2 {
		return i + 1
	}
	return width
}

// lineCells draws a rendered line into cells, which keep each character's
// colour and link, so that a line can be cut anywhere.
func lineCells(l string) uv.Line {
	w := ansi.StringWidth(l)
	if w == 0 {
		return nil
	}
	buf := uv.NewScreenBuffer(w, 1)
	uv.NewStyledString(l).Draw(buf, buf.Bounds())
	return buf.Line(0)
}

// cellText is the text of cells, and for each byte offset in it (and its
// end) the index of the cell it is in.
func cellText(cells uv.Line) (string, []int) {
	var b strings.Builder
	at := make([]int, 0, len(cells)+1)
	for i, c := range cells {
		for range len(c.Content) {
			at = append(at, i)
		}
		b.WriteString(c.Content)
	}
	return b.String(), append(at, len(cells))
}

func trimBlank(cells uv.Line) uv.Line {
	n := len(cells)
	for n > 0 && blankCell(&cells[n-1]) {
		n--
	}
	return cells[:n]
}

func trimBlankLeft(cells uv.Line) uv.Line {
	i := 0
	for i < len(cells) && blankCell(&cells[i]) {
		i++
	}
	return cells[i:]
}
