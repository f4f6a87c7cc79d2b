package markdown

import (
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// compactLines rewrites rendered lines with as few escape sequences as show
// the same: glamour restates a line's colour around every word and pads it
// with coloured spaces, six times the bytes of the text (25 KB for the
// leadership page at 76 columns, 4 KB after). Pages are cached, so this is
// done once per page, width and style, and every frame that shows them is
// cheaper to draw and to send. The lines are changed in place.
func compactLines(lines []string) {
	for i, l := range lines {
		lines[i] = compactLine(l)
	}
}

func compactLine(l string) string {
	w := ansi.StringWidth(l)
	if w == 0 {
		return ""
	}
	buf := uv.NewScreenBuffer(w, 1)
	uv.NewStyledString(l).Draw(buf, buf.Bounds())
	line := buf.Line(0)
	n := len(line)
	for n > 0 && blankCell(&line[n-1]) {
		n--
	}
	return line[:n].Render()
}

// blankCell reports whether c shows the same as an empty cell: a space with
// no background, underline, reverse, strikethrough or link.
func blankCell(c *uv.Cell) bool {
	s := c.Style
	return c.Content == " " && s.Bg == nil && s.Underline == uv.UnderlineNone &&
		s.Attrs&(uv.AttrReverse|uv.AttrStrikethrough) == 0 && c.Link.URL == ""
}
