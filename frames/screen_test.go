package frames

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// page is a scrolling screen: a title, body lines from offset, a footer.
func page(offset, lines, h int, sel int) tea.View {
	var b strings.Builder
	b.WriteString("\x1b[1;38;2;116;172;223mTitle\x1b[m\n")
	for i := range h - 2 {
		n := offset + i
		if n >= lines {
			b.WriteString("\n")
			continue
		}
		style := "\x1b[38;2;232;232;232m"
		if n == sel {
			style = "\x1b[1;7m"
		}
		tail := "日本"
		if n%11 == 10 {
			// Too wide for the window: such frames go through ultraviolet.
			tail = "and a longer tail of words, too long for the window"
		}
		if n%5 == 4 {
			// As lipgloss underlines: a letter at a time.
			var u strings.Builder
			for _, r := range "https://example.org" {
				fmt.Fprintf(&u, "\x1b[4;38;2;116;172;223;4m%c\x1b[m", r)
			}
			tail = u.String()
		}
		fmt.Fprintf(&b, "%s line %d: ünïcode ─ %s\x1b[m\n", style, n, tail)
	}
	b.WriteString("\x1b[38;2;154;154;154m↑↓ scroll • q quit\x1b[m")
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

// expected is what a terminal shows for v at w×h: its text, cut to the
// window, with trailing spaces trimmed.
func expected(v tea.View, w, h int) string {
	lines := strings.Split(ansi.Strip(v.Content), "\n")
	var out []string
	for i := range h {
		l := ""
		if i < len(lines) {
			l = ansi.Truncate(lines[i], w, "")
		}
		out = append(out, strings.TrimRight(l, " "))
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n")
}

func trimScreen(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

type step struct {
	w, h int // a window size change, when not zero
	v    tea.View
}

// play draws the steps through a Renderer into a terminal emulator and
// checks the screen after each; park parks the screen model between
// frames. It returns the emulator's screen, styles included, after each
// step.
func play(t *testing.T, steps []step, park bool) []string {
	return playWith(t, steps, park, false)
}

func playWith(t *testing.T, steps []step, park, noWhole bool) []string {
	t.Helper()
	w, h := 40, 10
	term := vt.NewEmulator(w, h)
	// What Wish's emulated PTY does to output.
	out := ssh.NewPtyWriter(term)
	var cur tea.View
	m := &viewModel{}
	r := New(Options{Output: out, Env: []string{"TERM=xterm-256color"}, Profile: colorprofile.TrueColor,
		Width: w, Height: h, MinInterval: time.Nanosecond})
	r.noWhole = noWhole
	model := r.Model(m)
	var screens []string
	for i, st := range steps {
		if st.w != 0 {
			w, h = st.w, st.h
			term.Resize(w, h)
			model.Update(tea.WindowSizeMsg{Width: w, Height: h})
		}
		m.v, cur = st.v, st.v
		if i == 0 {
			model.Init()
		} else {
			time.Sleep(time.Microsecond)
			model.Update(tea.FocusMsg{}) // any message: the view is drawn after it
		}
		if got, want := trimScreen(term.String()), expected(cur, w, h); got != want {
			t.Fatalf("park=%v step %d: the terminal shows\n%s\nwant\n%s", park, i, got, want)
		}
		screens = append(screens, term.Render())
		if park {
			r.parkNow()
		}
	}
	t.Logf("park=%v noWhole=%v: %d frames, %d written whole, %d models rebuilt", park, noWhole, r.frames, r.wholes, r.primes)
	return screens
}

func TestScreenFollowsViews(t *testing.T) {
	steps := []step{
		{v: page(0, 30, 10, 0)},
		{v: page(0, 30, 10, 1)},  // the selection moves
		{v: page(1, 30, 10, 1)},  // scrolled by one line
		{v: page(8, 30, 10, 9)},  // by a page
		{v: page(25, 30, 10, 9)}, // near the end: short body
		{w: 50, h: 12, v: page(25, 30, 12, 26)},
		{w: 30, h: 8, v: page(0, 30, 8, 0)},
		{v: page(0, 3, 8, 2)},
	}
	uvOnly := playWith(t, steps, false, true)
	for _, v := range []struct {
		name          string
		park, noWhole bool
	}{{"parked", true, true}, {"whole frames", false, false}, {"whole frames, parked", true, false}} {
		got := playWith(t, steps, v.park, v.noWhole)
		for i := range uvOnly {
			if got[i] != uvOnly[i] {
				t.Errorf("%s, step %d: the terminal shows\n%s\nnot, as with ultraviolet alone,\n%s", v.name, i, got[i], uvOnly[i])
			}
		}
	}
}

func TestPaintWhole(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
		plain   bool
	}{
		{"styled lines", "\x1b[1mabcdefg\x1b[m\n─ ó▸", true},
		{"as tall as the window", "a\nb\nc", true},
		{"too tall", "a\nb\nc\nd", false},
		{"as wide as the window", "abcdefg", true},
		{"too wide", "abcdefgh", false},
		{"wide characters", "日本\nx", true},
		{"wide characters, too wide", "日本語日", false},
		{"tab", "a\tb", false},
		{"cursor move", "a\x1b[2Cb", false},
		{"hyperlink", "\x1b]8;;http://x\x07a\x1b]8;;\x07", false},
		{"carriage return", "a\rb", false},
		{"mostly escapes", "\x1b[4;38;2;1;2;3mh\x1b[m\x1b[4;38;2;1;2;3mt\x1b[m", false},
	} {
		if got := plainText(tc.content, 7, 3); got != tc.plain {
			t.Errorf("%s: plainText = %v, want %v", tc.name, got, tc.plain)
		}
	}
	got, _ := paintWhole("\x1b[38;2;116;172;223mthe Embassy of Argentina\x1b[m", shown{penKnown: true}, 40, 3, colorprofile.ANSI256)
	if got != "\x1b[H\x1b[2J\x1b[38;5;110mthe Embassy of Argentina\x1b[m" {
		t.Errorf("paintWhole of plain text: %q", got)
	}
	got, _ = paintWhole("\x1b[4mh\x1b[m\x1b[4mt\x1b[m\n\n  y   \n", shown{penKnown: true}, 5, 3, colorprofile.ANSI256)
	if want := "\x1b[H\x1b[2J\x1b[4mht\x1b[m\n\n  y"; got != want {
		t.Errorf("paintWhole row by row:\n%q, want\n%q", got, want)
	}
}

func TestWholeFramesAreUsed(t *testing.T) {
	r, m, _, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	if r.wholes != 1 {
		t.Errorf("the first frame was not written whole")
	}
	out.take()
	c.now = c.now.Add(time.Second)
	m.Update(key("j"))
	if r.wholes != 1 || r.primes != 1 {
		t.Errorf("a key: wholes %d primes %d, want a diff against a rebuilt model", r.wholes, r.primes)
	}
}

// The pooled screen models are shared: one used by a session of another
// size and content must leave nothing behind.
func TestPooledScreenStartsClean(t *testing.T) {
	play(t, []step{{v: page(0, 30, 10, 3)}, {w: 80, h: 24, v: page(5, 30, 24, 7)}}, true)
	play(t, []step{{v: page(2, 5, 10, 1)}, {v: page(0, 5, 10, 0)}}, true)
}

func TestParkedRendererHoldsNoScreen(t *testing.T) {
	r, m, _, out, c := newTest(t, colorprofile.TrueColor)
	m.Init()
	out.take()
	r.parkNow()
	if r.sc != nil {
		t.Fatal("parked, the renderer still holds its screen model")
	}
	c.now = c.now.Add(time.Second)
	m.Update(key("j"))
	got := strings.Join(out.take(), "")
	if !strings.Contains(got, ">") || strings.Contains(got, "Menu") {
		t.Errorf("the key after parking: %q, want only the selection redrawn", got)
	}
	if r.primes != 1 {
		t.Errorf("primes = %d, want 1", r.primes)
	}
}

// plainPage is a screen of plain styled text, as the kiosk's pages are: a
// title, a rule, body lines from a text, a help line.
func plainPage(title, body string, h int) tea.View {
	lines := []string{"\x1b[1;38;2;116;172;223m" + title + "\x1b[m", "\x1b[38;2;246;180;14m" + strings.Repeat("─", 30) + "\x1b[m"}
	for i := range h - 3 {
		if i < len(body) {
			lines = append(lines, fmt.Sprintf("\x1b[38;2;232;232;232m%c line %d of %s\x1b[m", body[i], i, body))
		} else {
			lines = append(lines, "")
		}
	}
	v := tea.NewView(strings.Join(append(lines, "\x1b[38;2;154;154;154m↑↓ scroll • q quit"), "\n"))
	v.AltScreen = true
	return v
}

// A whole frame over a screen whose rows are known steps over the rows
// that stay (the header, the help line) and shows what ultraviolet alone
// would, colours included.
func TestWholeFrameKeepsUnchangedRows(t *testing.T) {
	steps := []step{
		{w: 40, h: 20, v: plainPage("Home", "abcdefghijklmnopq", 20)},
		{v: plainPage("Home", "ABCDEFGHIJKLMNOPQ", 20)}, // the body changes, the header and help line stay
		{v: plainPage("Page", "xyz", 20)},               // the title changes too, rows go blank
		{v: func() tea.View { // a shorter view
			v := plainPage("Page", "xy", 20)
			v.Content = strings.Join(strings.Split(v.Content, "\n")[:4], "\n")
			return v
		}()},
	}
	uvOnly := playWith(t, steps, false, true)
	got := playWith(t, steps, false, false)
	for i := range uvOnly {
		if got[i] != uvOnly[i] {
			t.Errorf("step %d: the terminal shows\n%s\nnot, as with ultraviolet alone,\n%s", i, got[i], uvOnly[i])
		}
	}
	over, _ := paintWhole(steps[1].v.Content, shown{content: steps[0].v.Content, penKnown: true}, 40, 20, colorprofile.TrueColor)
	if strings.Contains(over, "Home") || strings.Contains(over, "scroll") || strings.Contains(over, ansi.EraseEntireScreen) {
		t.Errorf("the second frame repaints rows that stayed: %q", over)
	}
	// A view of fewer rows than the screen shows: the rows below it go.
	term := vt.NewEmulator(40, 20)
	out := ssh.NewPtyWriter(term)
	short := strings.Join(strings.Split(steps[2].v.Content, "\n")[:4], "\n")
	first, _ := paintWhole(steps[1].v.Content, shown{}, 40, 20, colorprofile.TrueColor)
	then, _ := paintWhole(short, shown{content: steps[1].v.Content, exact: true, penKnown: true}, 40, 20, colorprofile.TrueColor)
	_, _ = io.WriteString(out, first+then)
	if got, want := trimScreen(term.String()), expected(tea.NewView(short), 40, 20); got != want {
		t.Errorf("a shorter view over a known screen shows\n%s\nwant\n%s", got, want)
	}
}

// entryPage is a screen as the directory's entries are: a header, a column
// of text padded to a QR code drawn black on white, a hyperlink, a help
// line. It is not plain (the hyperlink), so it is drawn from cells.
func entryPage(title string, seed int) tea.View {
	const qr = "\x1b[38;5;16;48;5;231m"
	lines := []string{"\x1b[38;5;247mEmbassy\x1b[m", "\x1b[1;38;5;110m" + title + "\x1b[m", "\x1b[38;5;214m" + strings.Repeat("─", 40) + "\x1b[m"}
	for i := range 10 {
		text := fmt.Sprintf("text %d", (i*seed)%97)
		block := strings.Repeat([]string{"█▀ ▄", "  ▀█", "▄▄  "}[(i+seed)%3], 3)
		lines = append(lines, fmt.Sprintf(" %-20s%s  %s  \x1b[m", text, qr, block))
	}
	lines = append(lines, " \x1b[4m\x1b]8;;https://example.org/"+title+"\x07https://example.org/"+title+"\x1b[m\x1b]8;;\x07", "", "\x1b[38;5;247mesc back • q quit               20%\x1b[m")
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	return v
}

// Frames that are not plain, drawn whole, show what ultraviolet alone
// would: their blanks in the terminal's own colours moved over, the rows
// of a known screen that stay stepped over.
func TestWholeFrameFromCellsKeepsUnchangedRowsAndMovesOverBlanks(t *testing.T) {
	steps := []step{
		{w: 50, h: 16, v: entryPage("Secretariat", 1)},
		{v: entryPage("Secretariat", 2)}, // the header and help line stay
		{v: entryPage("Bank", 3)},
		{v: plainPage("Home", "abcdefghij", 16)}, // a plain view over one from cells
		{v: entryPage("Team", 4)},
	}
	uvOnly := playWith(t, steps, false, true)
	got := playWith(t, steps, false, false)
	for i := range uvOnly {
		if got[i] != uvOnly[i] {
			t.Errorf("step %d: the terminal shows\n%s\nnot, as with ultraviolet alone,\n%s", i, got[i], uvOnly[i])
		}
	}
	fresh, _ := paintWhole(steps[1].v.Content, shown{penKnown: true}, 50, 16, colorprofile.ANSI256)
	over, _ := paintWhole(steps[1].v.Content, shown{content: steps[0].v.Content, penKnown: true}, 50, 16, colorprofile.ANSI256)
	if strings.Contains(over, "Secretariat") || strings.Contains(over, "esc back") || len(over) >= len(fresh) {
		t.Errorf("over a known screen the header or help line was written again (%d bytes, %d from scratch): %q", len(over), len(fresh), over)
	}
	if strings.Contains(fresh, strings.Repeat(" ", minMove)+"20%") {
		t.Errorf("blanks in the terminal's own colours were written, not moved over: %q", fresh)
	}
	if byRow := ansi.CursorHomePosition + ansi.EraseEntireScreen + joinRows(cellRows(steps[1].v.Content, 50, 16)); len(fresh) >= len(byRow) {
		t.Errorf("painted one style at a time the frame is %d bytes, row by row %d: want fewer", len(fresh), len(byRow))
	}
}

func TestBlanksAsMoves(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a          b", "a\x1b[10Cb"},
		{"a    b", "a    b"}, // shorter than the move
		{"a       ", "a"},    // at the end: dropped
		{"\x1b[47m      x\x1b[m      y", "\x1b[47m      x\x1b[m\x1b[6Cy"}, // a background shows
		{"\x1b[38;5;1mred\x1b[0m        z", "\x1b[38;5;1mred\x1b[0m\x1b[8Cz"},
		{"\x1b[38;5;1mred        z", "\x1b[38;5;1mred\x1b[8Cz"},                  // a text colour does not show
		{"\x1b[4;38;5;1mu        \x1b[24mz", "\x1b[4;38;5;1mu        \x1b[24mz"}, // an underline does
		{"\x1b[38;2;1;4;7mx        \x1b[48;5;4my        ", "\x1b[38;2;1;4;7mx\x1b[8C\x1b[48;5;4my        "},
		{"\x1b]8;;http://x\x07a        b\x1b]8;;\x07        c", "\x1b]8;;http://x\x07a        b\x1b]8;;\x07\x1b[8Cc"}, // inside a link: kept
	} {
		if got := blanksAsMoves(tc.in); got != tc.want {
			t.Errorf("blanksAsMoves(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Rows are compared line by line only when every line stays on its row.
func TestChangedLines(t *testing.T) {
	got := changedLines("a\nb\nc", "a\nx\nc", 5, 4)
	if want := []bool{false, true, false, false}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("changedLines = %v, want %v", got, want)
	}
	if got := changedLines("abcdefgh\nb", "abcdefgh\nc", 5, 4); got != nil {
		t.Errorf("a line wider than the screen (the same in both): %v, want nil", got)
	}
	if got := changedLines("a\nb\nc\nd\ne", "a", 5, 4); got != nil {
		t.Errorf("a view taller than the screen: %v, want nil", got)
	}
}

// screenOf is what a w×h terminal shows after out (the query it holds, if
// any, left out: the emulator would answer it).
func screenOf(out string, w, h int) string {
	term := vt.NewEmulator(w, h)
	_, _ = io.WriteString(ssh.NewPtyWriter(term), strings.ReplaceAll(out, ansi.RequestBackgroundColor, ""))
	return term.String()
}
