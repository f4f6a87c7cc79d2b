package frames

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Over a screen whose cells it knows, a row that covers the old one is
// not erased first, unless either has text beyond ASCII: the terminal may
// count its width otherwise (ambiguous East Asian widths, emoji, or a
// client that says Latin-1 and shows UTF-8), and a row narrower than
// counted would leave the old one's end on screen.
func TestRowsEraseOnlyWhatTheyDoNotCover(t *testing.T) {
	const w, h = 30, 3
	old := "\x1b[38;5;247mshort row\x1b[m\nsecond\nthird"
	draw := func(content, over string) string {
		first, plain := paintWhole(over, shown{penKnown: true}, w, h, colorprofile.ANSI256)
		if !plain {
			t.Fatalf("%q is not painted as plain text", over)
		}
		out, _ := paintWhole(content, shown{content: over, exact: true, penKnown: true}, w, h, colorprofile.ANSI256)
		if got, want := screenOf(first+out, w, h), screenOf(ansi.CursorHomePosition+ansi.EraseEntireScreen+content, w, h); got != want {
			t.Errorf("%q over %q shows\n%s\nwant\n%s", content, over, got, want)
		}
		return out
	}
	if out := draw("\x1b[38;5;247ma longer row\x1b[m\nsecond\nthird", old); strings.Contains(out, ansi.EraseLineRight) {
		t.Errorf("a row that covers the old one was erased first: %q", out)
	}
	if out := draw("\x1b[38;5;247ma longer row’\x1b[m\nsecond\nthird", old); !strings.Contains(out, ansi.EraseLineRight) {
		t.Errorf("a row beyond ASCII was not erased first: %q", out)
	}
	if out := draw("\x1b[38;5;247mshort\x1b[m\nsecond\nthird", old); !strings.Contains(out, ansi.EraseLineRight) {
		t.Errorf("a shorter row did not erase the old one's end: %q", out)
	}
	oldWide := "\x1b[38;5;247mshort’ row\x1b[m\nsecond\nthird"
	if out := draw("\x1b[38;5;247ma longer row\x1b[m\nsecond\nthird", oldWide); !strings.Contains(out, ansi.EraseLineRight) {
		t.Errorf("a row over one beyond ASCII was not erased first: %q", out)
	}
}
