package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBigGlyphs(t *testing.T) {
	for r := 'A'; r <= 'Z'; r++ {
		if _, ok := bigGlyphs[r]; !ok {
			t.Errorf("no glyph for %c", r)
		}
	}
	for r, g := range bigGlyphs {
		for y, row := range g {
			if utf8.RuneCountInString(row) != utf8.RuneCountInString(g[0]) || strings.Trim(row, "#.") != "" {
				t.Errorf("glyph %q row %d is %q: rows must be # and . and all as wide as the first", r, y, row)
			}
		}
	}
}

func TestBigText(t *testing.T) {
	lines, ok := bigText("Argentina´s Leadership")
	if !ok || len(lines) != bigHeight {
		t.Fatalf("the site's title cannot be set: %v, %d lines", ok, len(lines))
	}
	for _, l := range lines {
		if w := utf8.RuneCountInString(l); w != bigWidth("Argentina´s Leadership") {
			t.Errorf("line %q is %d wide, want all %d", l, w, bigWidth("Argentina´s Leadership"))
		}
		if strings.Trim(l, "█ ") != "" {
			t.Errorf("line %q has more than blocks and spaces", l)
		}
	}
	upper, _ := bigText("ARGENTINA´S LEADERSHIP")
	if strings.Join(upper, "\n") != strings.Join(lines, "\n") {
		t.Error("lower-case letters should be set as capitals")
	}
	for _, s := range []string{"Argentina's", "Argentina’s", "A, B. C-D"} {
		if _, ok := bigText(s); !ok {
			t.Errorf("bigText(%q) failed", s)
		}
	}
	for _, s := range []string{"", "   ", "Ñandú", "1983", "a\tb"} {
		if _, ok := bigText(s); ok {
			t.Errorf("bigText(%q) should refuse: the font lacks a character", s)
		}
	}
	// A wide title stays under 160 columns with room for margins.
	if w := bigWidth("Argentina´s Leadership"); w > 160-8 {
		t.Errorf("the site's title is %d wide in block letters", w)
	}
}
