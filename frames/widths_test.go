package frames

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// wideE stands for a terminal that counts "é" two columns wide, as one set
// for East Asian ambiguous widths as wide does (PuTTY, iTerm2, GNOME
// Terminal and Windows Terminal have the setting; "á é í ó ú", "•", "…"
// and the QR code's "▀▄█" are all ambiguous): the emulator is given a
// character two columns wide in its place.
func wideE(s string) string { return strings.ReplaceAll(s, "é", "中") }

// On a terminal that counts a character wider than this package does, a
// row with it shows shifted after it, as with any painter; the rows below
// must not be: the painters move down with CR LF or absolute moves, never
// with a move relative to a column the terminal may not be in (CUD, CUB).
func TestRowsBelowTextOfUncertainWidthStayInPlace(t *testing.T) {
	const w, h = 30, 4
	check := func(name, out, content string) {
		t.Helper()
		got, want := newTerminal(w, h), newTerminal(w, h)
		got.write(wideE(out))
		want.write(wideE(ansi.CursorHomePosition + ansi.EraseEntireScreen + content))
		if g, e := visible(got.vt), visible(want.vt); g != e {
			t.Errorf("%s: %q shows\n%s\nwant\n%s", name, out, g, e)
		}
	}
	// The row below starts where "café" ends: a move down would keep the
	// terminal's column, one further right.
	content := "\x1b[31mun café solo\x1b[m\n            \x1b[31mcon leche\x1b[m\nsé que no\n         ya ves"
	out, plain := paintWhole(content, shown{}, w, h, colorprofile.ANSI256)
	if !plain {
		t.Fatal("not painted as plain text")
	}
	check("plain, from scratch", out, content)

	// The cell painter (the entry's screen) moves so from one run of a
	// style to the next.
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	check("cells", ansi.CursorHomePosition+ansi.EraseEntireScreen+paintByStyle(buf, nil, cursor{}), content)
}
