package markdown

import (
	"regexp"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// labelled is the start of a paragraph that begins with a short label and
// a middle dot, as each of Key dates' dates does ("1976 · On 24 March…"
// or "1986-1990 · …").
var labelled = regexp.MustCompile(`^(\S{1,12}) · \S`)

// hangLabelled rewraps, on the full screen, each paragraph that starts
// with a label and " · " so that its other lines hang under its text, and
// the label stands out in the margin:
//
//	1976 · On 24 March the armed forces overthrew the
//	       constitutional government.
func hangLabelled(lines []string, width int) []string {
	var out []string
	for i := 0; i < len(lines); {
		m := labelled.FindStringSubmatch(ansi.Strip(lines[i]))
		if m == nil || (i > 0 && strings.TrimSpace(ansi.Strip(lines[i-1])) != "") {
			out = append(out, lines[i])
			i++
			continue
		}
		end := i + 1
		for end < len(lines) && strings.TrimSpace(ansi.Strip(lines[end])) != "" {
			end++
		}
		indent := ansi.StringWidth(m[1]) + ansi.StringWidth(" · ")
		if width-indent < width/2 {
			out = append(out, lines[i:end]...)
		} else {
			out = append(out, hang(lines[i:end], width, indent)...)
		}
		i = end
	}
	return out
}

// hang joins a paragraph's lines and wraps them again at spaces, the first
// line to width and the others, indented, to width-indent.
func hang(par []string, width, indent int) []string {
	var cells uv.Line
	for _, l := range par {
		c := trimBlankLeft(trimBlank(lineCells(l)))
		if len(c) == 0 {
			continue
		}
		if len(cells) > 0 {
			cells = append(cells, uv.EmptyCell)
		}
		cells = append(cells, c...)
	}
	pad := strings.Repeat(" ", indent)
	var out []string
	room := width
	for len(cells) > 0 {
		if len(cells) <= room {
			out = append(out, cells.Render())
			break
		}
		cut := room
		for j := room; j > 0; j-- {
			if blankCell(&cells[j]) {
				cut = j
				break
			}
		}
		out = append(out, trimBlank(cells[:cut]).Render())
		cells = trimBlankLeft(cells[cut:])
		room = width - indent
	}
	for i := 1; i < len(out); i++ {
		out[i] = pad + out[i]
	}
	return out
}
