package frames

import (
	"io"
	"strings"
	"testing"

	"charm.land/ssh"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// A run in the terminal's own pen does not end in blanks, nor is a run of
// such blanks alone written: the rows painted are cleared already. An
// entry's help line sent "esc " before the next pen's "back", its text
// column " " on rows that are otherwise the QR code's: 70 bytes of the
// entry's frame on GPRS (docs/performance.md, Slow links).
func TestPaintByStyleWritesNoBlanksAtRunEnds(t *testing.T) {
	const w, h = 40, 4
	content := "\x1b]8;;https://example.org\x07https://example.org\x1b]8;;\x07\n" +
		" esc \x1b[38;5;247mback • \x1b[mc \x1b[38;5;247mcopy\x1b[m\n" +
		" \x1b[38;5;16;48;5;231m█▀ ▄\x1b[m\n" +
		" text   \x1b[38;5;16;48;5;231m▄▄  \x1b[m"
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	styled := paintByStyle(buf, nil, cursor{})
	for _, sent := range []string{"esc ", "c ", "text ", "\n \n", "\n \x1b"} {
		if strings.Contains(styled, sent) {
			t.Errorf("blanks in the terminal's own pen were written (%q): %q", sent, styled)
		}
	}
	// The terminal shows what the row-by-row frame (ultraviolet's) shows.
	show := func(out string) string {
		term := vt.NewEmulator(w, h)
		_, _ = io.WriteString(ssh.NewPtyWriter(term), ansi.CursorHomePosition+ansi.EraseEntireScreen+out)
		return term.Render()
	}
	if got, want := show(styled), show(joinRows(lineRows(buf))); got != want {
		t.Errorf("painted one style at a time the terminal shows\n%s\nnot\n%s", got, want)
	}
}
