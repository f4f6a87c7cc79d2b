package textsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  string
	}{
		{"visitor", 0, "visitor"},
		{"\x1b[31mred\x1b[0m", 0, "red"},
		{"\x1b]0;pwned\x07title", 0, "title"},
		{"\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\", 0, "link"},
		{"\x1bP+q\x1b\\dcs", 0, "dcs"},
		{"a\x00b\rc\nd\te\x7f", 0, "abcde"},
		{"c1\u009b31mx\u0085", 0, "c131mx"},
		{"\xff\xfebad", 0, "bad"},
		{"user\u202Egnp.exe", 0, "usergnp.exe"},
		{"\u2066iso\u2069\u200e\u200f", 0, "iso"},
		{"Señor Embajador", 0, "Señor Embajador"},
		{"abcdef", 3, "abc"},
		{"ñññ", 3, "ñ"}, // never half a character
		{strings.Repeat("\x1b[1m", 1000) + "x", 10, ""},
		// Invisible and zero-width characters, and the Arabic letter mark.
		{"a\u200bb\u200cc\u200dd\u2060e\ufefff\u00adg\u180eh", 0, "abcdefgh"},
		{"\u061cx\u2028y\u2029z", 0, "xyz"},
		{"tag\U000E0041\U000E007F", 0, "tag"},
		{"\u3164\u115f\u1160\uffa0blank", 0, "blank"},
		{"c\u034fgj", 0, "cgj"},
		// Combining marks: a few are language, a pile is an attack.
		{"Vie\u0302\u0303t", 0, "Vie\u0302\u0303t"},
		{"Z" + strings.Repeat("\u0301", 50) + "algo", 0, "Z" + strings.Repeat("\u0301", MaxCombining) + "algo"},
		{"a" + strings.Repeat("\u20dd", 9) + "b" + strings.Repeat("\u0300", 3), 0, "a" + strings.Repeat("\u20dd", MaxCombining) + "b" + strings.Repeat("\u0300", 3)},
		{"a\u0301\u0301\u200b\u0301\u0301\u0301", 0, "a" + strings.Repeat("\u0301", MaxCombining)}, // a removed character does not reset the count
	} {
		if got := Clean(c.in, c.limit); got != c.want {
			t.Errorf("Clean(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

func TestTerm(t *testing.T) {
	for in, want := range map[string]string{
		"xterm-256color":        "xterm-256color",
		"":                      "xterm",
		"xterm\x1b[31m":         "xterm",
		"a b":                   "xterm",
		strings.Repeat("x", 64): strings.Repeat("x", 64),
		strings.Repeat("x", 65): "xterm",
		"tmux\u202e":            "xterm",
		"screen.xterm-256color": "screen.xterm-256color",
	} {
		if got := Term(in, "xterm"); got != want {
			t.Errorf("Term(%q) = %q, want %q", in, got, want)
		}
	}
}

// check is the property every output of Clean must have.
func check(t *testing.T, in, out string, limit int) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Clean(%q) = %q: invalid UTF-8", in, out)
	}
	if limit > 0 && len(out) > limit {
		t.Fatalf("Clean(%q, %d) = %q: %d bytes", in, limit, out, len(out))
	}
	for _, r := range out {
		if !Allowed(r) {
			t.Fatalf("Clean(%q) = %q: contains %U", in, out, r)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	f.Add("\x1b[31mred\x1b[0m", 16)
	f.Add("\x1b]0;title\x07", 0)
	f.Add("\u202eevil\u2069", 8)
	f.Add("\xff\x9b1m", 3)
	f.Add("ñandú", 2)
	f.Fuzz(func(t *testing.T, in string, limit int) {
		limit %= 1024
		out := Clean(in, limit)
		check(t, in, out, limit)
		if again := Clean(out, limit); again != out {
			t.Fatalf("Clean is not idempotent: %q -> %q -> %q", in, out, again)
		}
		term := Term(in, "xterm")
		if term != "xterm" && term != in {
			t.Fatalf("Term(%q) = %q", in, term)
		}
	})
}
