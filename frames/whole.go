package frames

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// A frame of the alt screen that ultraviolet would repaint whole anyway (the
// first, one after a resize, or one where most rows changed, as when a page
// opens) is written directly: clear the screen, then the view's text with
// its colours brought down to the session's profile. ultraviolet spends
// about a millisecond on such a frame (a cell at a time, BenchmarkFirstFrame);
// this takes a tenth of that. The screen model is then dropped, and the next
// frame that diffs rebuilds it from the view's text.
//
// Only views whose every line fits the window and which hold nothing but
// text and SGR sequences are written this way; anything else (tabs,
// cursor movement, hyperlinks, a line too wide) goes through ultraviolet,
// so what the terminal shows is the same either way (TestScreenFollowsViews
// checks it in an emulator).

// paintWhole returns the bytes that draw content on a w×h alt screen from
// scratch, and false when content is not plain enough to be sure of that.
func paintWhole(content string, w, h int, p colorprofile.Profile) (string, bool) {
	var state byte
	lines, width := 1, 0
	for s := content; len(s) > 0; {
		seq, cw, n, next := ansi.DecodeSequenceWc(s, state, nil)
		state = next
		s = s[n:]
		switch {
		case seq == "\n":
			lines++
			width = 0
			if lines > h {
				return "", false
			}
		case cw > 0:
			width += cw
			if width > w {
				return "", false
			}
		case len(seq) > 2 && seq[0] == ansi.ESC && seq[1] == '[' && seq[len(seq)-1] == 'm' && plainSGR(seq[2:len(seq)-1]):
		default:
			return "", false // a control, another sequence, a zero-width grapheme
		}
	}
	var b strings.Builder
	b.Grow(len(content) + 16)
	b.WriteString(ansi.CursorHomePosition + ansi.EraseEntireScreen)
	if p == colorprofile.TrueColor {
		b.WriteString(content)
	} else {
		w := colorprofile.Writer{Forward: &b, Profile: p}
		_, _ = w.Write([]byte(content))
	}
	b.WriteString(ansi.ResetStyle) // ultraviolet leaves the pen at rest
	return b.String(), true
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
