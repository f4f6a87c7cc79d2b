package shot

import (
	"image"
	"strings"
	"testing"
	"time"
)

func TestReplayDrawsWhatTheOutputLeaves(t *testing.T) {
	r := newRenderer(t)
	out := strings.Join([]string{
		"\x1b[?1049h\x1b[2J\x1b[H",                      // alternate screen, cleared
		"\x1b[?2026$p\x1b[?u\x1b]11;?\x07\x1b[c\x1b[6n", // queries the emulator answers into its pipe
		"\x1b[1;38;2;116;172;223mTitle\x1b[0m\r\n",
		"\x1b[41m  \x1b[0m\x1b[48;5;21m  \x1b[0m\r\n",
		"\x1b[3;5H\x1b[7mrev\x1b[0m",
		"\x1b[4;1H▀▄█",
	}, "")
	done := make(chan *Shot, 1)
	go func() { done <- FromOutput([]byte(out), 20, 5, r) }()
	var sh *Shot
	select {
	case sh = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Replay did not return: are the emulator's answers drained?")
	}
	wantText := "Title\n\n    rev\n▀▄█\n\n"
	if got := Text(sh.Screen); got != wantText {
		t.Errorf("Text = %q, want %q", got, wantText)
	}
	theme := DarkTheme()
	celeste := rgb(0x74, 0xac, 0xdf)
	title := image.Rect(r.CellRect(0, 0).Min.X, r.CellRect(0, 0).Min.Y, r.CellRect(4, 0).Max.X, r.CellRect(4, 0).Max.Y)
	if n := countIn(sh.Image, title, celeste); n < 20 {
		t.Errorf("the title has %d celeste pixels, want at least 20", n)
	}
	assertFill(t, sh.Image, r.CellRect(0, 1), theme.Palette[1], "SGR 41")
	assertFill(t, sh.Image, r.CellRect(2, 1), rgb(0, 0, 0xff), "SGR 48;5;21")
	// Reverse video: the default foreground becomes the background.
	if c := sh.Image.RGBAAt(r.CellRect(4, 2).Min.X, r.CellRect(4, 2).Min.Y); c != theme.Foreground {
		t.Errorf("reverse cell corner is %v, want the default foreground %v", c, theme.Foreground)
	}
	half := r.CellRect(0, 3)
	assertFill(t, sh.Image, image.Rect(half.Min.X, half.Min.Y, half.Max.X, half.Min.Y+10), theme.Foreground, "▀ top")
	assertFill(t, sh.Image, image.Rect(half.Min.X, half.Min.Y+10, half.Max.X, half.Max.Y), theme.Background, "▀ bottom")
}

func TestWideCharactersCoverTwoCells(t *testing.T) {
	r := newRenderer(t)
	sh := FromOutput([]byte("\x1b[41m\u4e16\x1b[mA"), 4, 1, r)
	red := DarkTheme().Palette[1]
	both := r.CellRect(0, 0).Union(r.CellRect(1, 0))
	// Go Mono has no CJK: a '?' is drawn, on the red of both cells.
	if n := countIn(sh.Image, both, red); n < both.Dx()*both.Dy()*3/4 {
		t.Errorf("%d of %d pixels of the wide character's two cells are red", n, both.Dx()*both.Dy())
	}
	if got := Text(sh.Screen); got != "\u4e16A\n" {
		t.Errorf("Text = %q", got)
	}
}
