package ui

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// Ink draws what lipgloss draws: for every style of every theme, in every
// colour profile, a line styled by Ink is byte for byte the line lipgloss
// renders, brought down to the profile as a colorprofile.Writer (the way
// lipgloss prints) brings it. One exception, on purpose: lipgloss
// underlines rune by rune (a style's sequence and a reset around every
// character, 15 times the bytes), Ink underlines the whole run; for an
// underlined style the two must put the same cells on the screen, and Ink
// must be the shorter.
func TestInkDrawsWhatLipglossDraws(t *testing.T) {
	texts := []string{
		"Embassy",
		"Memoria, verdad y justicia: año, niñez, ¿qué?",
		"  padded text  ",
		"漢字 and emoji 🇦🇷",
		"https://www.argentina.gob.ar/derechoshumanos",
		"x",
		"two\nlines of different widths",
		"a\ttab",
		"carriage\rreturn",
	}
	if len(themes) == 0 {
		t.Fatal("no themes built")
	}
	for key, st := range themes {
		v := reflect.ValueOf(*st)
		for i := range v.NumField() {
			ink, ok := v.Field(i).Interface().(Ink)
			if !ok {
				continue
			}
			name := v.Type().Field(i).Name
			if ink.profile != key.profile {
				t.Errorf("%+v %s: ink in profile %v", key, name, ink.profile)
			}
			for _, s := range texts {
				want, got := lipglossDraws(ink, s, key.profile), ink.Render(s)
				switch {
				case !ink.style.GetUnderline() && got != want:
					t.Errorf("%+v %s.Render(%q)\n got %q\nwant %q", key, name, s, got, want)
				case ink.style.GetUnderline() && (!sameCells(got, want) || len(got) > len(want)):
					t.Errorf("%+v %s.Render(%q) draws other cells than lipgloss, or more bytes\n got %q\nwant %q", key, name, s, got, want)
				}
			}
		}
	}
}

// lipglossDraws is what lipgloss draws for s in ink's style, written
// through a colorprofile.Writer for profile p.
func lipglossDraws(ink Ink, s string, p colorprofile.Profile) string {
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: p}
	_, _ = io.WriteString(&w, ink.style.Render(s))
	return b.String()
}

// sameCells reports whether a and b put the same cells, styles and all,
// on a screen.
func sameCells(a, b string) bool {
	const w, h = 80, 4
	draw := func(s string) *uv.ScreenBuffer {
		buf := uv.NewScreenBuffer(w, h)
		uv.NewStyledString(s).Draw(buf, buf.Bounds())
		return &buf
	}
	ba, bb := draw(a), draw(b)
	for y := range h {
		for x := range w {
			ca, cb := ba.CellAt(x, y), bb.CellAt(x, y)
			if (ca == nil) != (cb == nil) || (ca != nil && !ca.Equal(cb)) {
				return false
			}
		}
	}
	return true
}
