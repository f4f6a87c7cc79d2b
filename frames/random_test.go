package frames

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// randomView is a view of at most h rows no wider than w: words, blanks
// and SGR sequences whose pens carry from row to row as a terminal
// carries them; with wide, text beyond ASCII too.
func randomView(rng *rand.Rand, w, h int, wide, colours bool) string {
	styles := []string{"", "\x1b[m", "\x1b[1m", "\x1b[31m", "\x1b[38;5;247m", "\x1b[4m", "\x1b[7m", "\x1b[44m",
		"\x1b[1;33;44m", "\x1b[9m", "\x1b[0;4;32m", "\x1b[22m", "\x1b[24m", "\x1b[39m", "\x1b[49m", "\x1b[5m",
		"\x1b[38;2;10;20;30m", "\x1b[48;5;17m", "\x1b[2;3m"}
	if !colours {
		// (colorprofile's Ascii writes a colour alone as a reset, which
		// ultraviolet's diff frames do not: no reference then.)
		styles = []string{"", "\x1b[m", "\x1b[1m", "\x1b[4m", "\x1b[7m", "\x1b[9m", "\x1b[0;4m", "\x1b[22m", "\x1b[24m", "\x1b[5m", "\x1b[2;3m"}
	}
	words := []string{"a", "bc", "def", " ", "  ", "      ", "xyz12"}
	if wide {
		words = append(words, "é", "•", "中", "ñandú")
	}
	rows := rng.IntN(h) + 1
	var b strings.Builder
	for y := range rows {
		if y > 0 {
			b.WriteByte('\n')
		}
		x := 0
		for n := rng.IntN(8); n > 0; n-- {
			if rng.IntN(3) == 0 {
				b.WriteString(styles[rng.IntN(len(styles))])
			}
			word := words[rng.IntN(len(words))]
			if x+ansi.StringWidth(word) > w {
				break
			}
			b.WriteString(word)
			x += ansi.StringWidth(word)
		}
	}
	return b.String()
}

// Random views, one after another through a Renderer (drawn whole, plain
// or from cells, over the last or from scratch, or by ultraviolet when
// little changed), leave the terminal showing each view as a fresh paint
// shows it: text, colours, and blanks that show (background, underline,
// reverse, strike-through).
func TestRandomFramesShowTheirViews(t *testing.T) {
	for seed := range uint64(500) {
		rng := rand.New(rand.NewPCG(seed, 7))
		w, h := 6+rng.IntN(14), 2+rng.IntN(5)
		wide := seed%2 == 1
		profile := []colorprofile.Profile{colorprofile.ANSI256, colorprofile.ANSI, colorprofile.Ascii, colorprofile.TrueColor}[rng.IntN(4)]
		colours := profile != colorprofile.Ascii
		term := newTerminal(w, h)
		var views []string
		m := &viewModel{}
		r := New(Options{Output: writerFunc(func(p []byte) (int, error) {
			term.write(string(p))
			return len(p), nil
		}), Env: []string{"TERM=xterm-256color"}, Profile: profile, Width: w, Height: h, MinInterval: time.Nanosecond})
		model := r.Model(m)
		for i := range 8 {
			v := randomView(rng, w, h, wide, colours)
			if i > 0 && rng.IntN(3) == 0 {
				// One row of the last view changed: a diff frame.
				lines := strings.Split(views[len(views)-1], "\n")
				lines[rng.IntN(len(lines))] = strings.Split(randomView(rng, w, 1, wide, colours), "\n")[0]
				v = strings.Join(lines, "\n")
			}
			views = append(views, v)
			m.v = tea.View{Content: v, AltScreen: true}
			if i == 0 {
				model.Init()
			} else {
				time.Sleep(time.Microsecond)
				model.Update(tea.FocusMsg{})
			}
			want := newTerminal(w, h)
			want.write(ansi.EraseEntireScreen + ansi.CursorHomePosition + downsample(v, profile))
			if got, exp := visible(term.vt), visible(want.vt); got != exp {
				t.Fatalf("seed %d %dx%d %v: after views %q the terminal shows\n%s\nwant\n%s", seed, w, h, profile, views, got, exp)
			}
		}
	}
}

// A row of a view drawn from cells that reads as the row before it did
// is drawn again when the pen it starts with, carried from a row above
// that changed, is another (seed 2602 of TestRandomFramesShowTheirViews
// found it: the second row stayed in the terminal's own colour).
func TestRowReadingTheSameFromAnotherPenIsDrawnAgain(t *testing.T) {
	const w, h = 20, 3
	link := "\x1b]8;;https://example.org\x07site\x1b]8;;\x07" // not plain: drawn from cells
	old := "\x1b[mfirst " + link + "\nsame\n\x1b[mlast"
	content := "\x1b[31mfirst " + link + "\nsame\n\x1b[mlast"
	first, _ := paintWhole(old, shown{}, w, h, colorprofile.ANSI256)
	over, plain := paintWhole(content, shown{content: old, penKnown: true}, w, h, colorprofile.ANSI256)
	if plain {
		t.Fatal("painted as plain text, not from cells")
	}
	got, want := newTerminal(w, h), newTerminal(w, h)
	got.write(first + over)
	want.write(ansi.EraseEntireScreen + ansi.CursorHomePosition + content)
	if g, e := visible(got.vt), visible(want.vt); g != e {
		t.Errorf("over %q, %q shows\n%s\nwant\n%s", old, content, g, e)
	}
}
