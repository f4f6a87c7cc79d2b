package frames

import (
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// The pen changes only what differs, turns an attribute off only with a
// reset (a VT100 knows no SGR 22, 23, 24 or 27), and is reset before an
// erase only when its blanks would show.
func TestPenWritesOnlyChanges(t *testing.T) {
	grey := uv.Style{Fg: ansi.IndexedColor(247)}
	bold := uv.Style{Fg: ansi.IndexedColor(110), Attrs: uv.AttrBold}
	under := uv.Style{Fg: ansi.IndexedColor(110), Underline: uv.UnderlineSingle}
	onWhite := uv.Style{Fg: ansi.IndexedColor(16), Bg: ansi.IndexedColor(231)}
	for _, tc := range []struct {
		name     string
		from, to *uv.Style // nil from: the pen is not known
		want     string
	}{
		{"not known", nil, &grey, "\x1b[0;38;5;247m"},
		{"not known, to rest", nil, &uv.Style{}, "\x1b[m"},
		{"same", &grey, &grey, ""},
		{"to rest", &bold, &uv.Style{}, "\x1b[m"},
		{"colour only", &grey, &uv.Style{Fg: ansi.IndexedColor(254)}, "\x1b[38;5;254m"},
		{"bold added", &uv.Style{Fg: ansi.IndexedColor(110)}, &bold, "\x1b[1m"},
		{"bold taken off: a reset", &bold, &grey, "\x1b[0;38;5;247m"},
		{"underline taken off: a reset", &under, &uv.Style{Fg: ansi.IndexedColor(110)}, "\x1b[0;38;5;110m"},
		{"colour to default", &grey, &uv.Style{Attrs: uv.AttrItalic}, "\x1b[0;3m"},
	} {
		var b strings.Builder
		p := pen{}
		if tc.from != nil {
			p = pen{style: *tc.from, known: true}
		}
		p.set(&b, tc.to)
		if got := b.String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if !p.known || !p.style.Equal(tc.to) {
			t.Errorf("%s: the pen is not the one set", tc.name)
		}
	}
	for _, tc := range []struct {
		name string
		pen  uv.Style
		want string
	}{
		{"a text colour does not show on blanks", grey, ""},
		{"bold neither", bold, ""},
		{"a background does", onWhite, "\x1b[m"},
		{"an underline does", under, "\x1b[m"},
		{"blinking does (a bright background on the Linux console)", uv.Style{Attrs: uv.AttrBlink}, "\x1b[m"},
	} {
		var b strings.Builder
		p := pen{style: tc.pen, known: true}
		p.forErase(&b)
		if got := b.String(); got != tc.want {
			t.Errorf("before an erase, %s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Moves are the shortest in bytes received (a newline is CR LF), and from
// after the last column (the wrap pending) only a newline, CR or an
// absolute move.
func TestCursorMoves(t *testing.T) {
	for _, tc := range []struct {
		name    string
		from    cursor
		x, y, w int
		want    string
	}{
		{"not known", cursor{lost: true}, 0, 0, 80, "\x1b[H"},
		{"not known, first column", cursor{lost: true}, 0, 4, 80, "\x1b[5H"},
		{"not known", cursor{lost: true}, 1, 4, 80, "\x1b[5;2H"},
		{"forward", cursor{x: 2, y: 3}, 9, 3, 80, "\x1b[7C"},
		{"one forward", cursor{x: 2, y: 3}, 3, 3, 80, "\x1b[C"},
		{"back", cursor{x: 9, y: 3}, 7, 3, 80, "\x1b[2D"},
		{"next row", cursor{x: 9, y: 3}, 1, 4, 80, "\n\x1b[C"},
		{"next row, first column", cursor{x: 9, y: 3}, 0, 4, 80, "\n"},
		{"far down", cursor{x: 9, y: 3}, 0, 9, 80, "\x1b[10H"},
		{"down, same column", cursor{x: 9, y: 3}, 9, 6, 80, "\x1b[3B"},
		{"wrap pending, same row", cursor{x: 80, y: 3}, 2, 3, 80, "\r\x1b[2C"},
		{"wrap pending, down", cursor{x: 80, y: 3}, 79, 4, 80, "\x1b[5;80H"},
		// After text whose width the terminal may count otherwise, only
		// moves that set the column (widths_test.go).
		{"down, same column, unsure", cursor{x: 9, y: 3, unsure: true}, 9, 4, 80, "\n\x1b[9C"},
		{"back, unsure", cursor{x: 9, y: 3, unsure: true}, 7, 3, 80, "\r\x1b[7C"},
		{"forward, unsure", cursor{x: 2, y: 3, unsure: true}, 9, 3, 80, "\x1b[7C"},
	} {
		var b strings.Builder
		c := tc.from
		c.moveTo(&b, tc.x, tc.y, tc.w)
		if got := b.String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if c.x != tc.x || c.y != tc.y || c.lost || c.unsure && !strings.HasPrefix(tc.name, "forward") {
			t.Errorf("%s: the cursor is at %+v", tc.name, c)
		}
	}
}
