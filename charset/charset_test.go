package charset

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/charmbracelet/x/ansi"
)

func TestOf(t *testing.T) {
	for _, tt := range []struct {
		term string
		env  []string
		want string
	}{
		{"xterm-256color", nil, "UTF-8"},
		{"", nil, "UTF-8"},
		{"xterm", []string{"LANG=es_AR.UTF-8"}, "UTF-8"},
		{"xterm", []string{"LANG=C.utf8"}, "UTF-8"},
		{"vt100", nil, "ASCII"},
		{"linux", []string{"LANG=C"}, "ASCII"},
		{"vt100", []string{"LANG=en_US.UTF-8"}, "ASCII"},
		{"xterm", []string{"LANG=C"}, "ASCII"},
		{"", []string{"LANG=POSIX"}, "ASCII"},
		{"xterm", []string{"LANG=es_AR"}, "ASCII"}, // no codeset named: ASCII is safe in every one
		{"xterm", []string{"LANG=es_AR.ISO-8859-1"}, "ISO 8859-1"},
		{"xterm", []string{"LANG=es_AR.iso88591"}, "ISO 8859-1"},
		{"vt220", []string{"LANG=de_DE.ISO-8859-15@euro"}, "ISO 8859-15"},
		{"xterm", []string{"LANG=es_ES.CP1252"}, "Windows 1252"},
		{"xterm", []string{"LANG=ru_RU.KOI8-R"}, "KOI8-R"},
		{"xterm", []string{"LANG=ja_JP.EUC-JP"}, "ASCII"}, // not an 8-bit set: its ASCII half only
		{"xterm", []string{"LANG=es_AR.ISO-8859-1", "LC_ALL=en_ZA.UTF-8"}, "UTF-8"},
		{"xterm", []string{"LANG=en_ZA.UTF-8", "LC_CTYPE=C"}, "ASCII"},
	} {
		if got := Of(tt.term, tt.env).String(); got != tt.want {
			t.Errorf("Of(%q, %q) = %s, want %s", tt.term, tt.env, got, tt.want)
		}
	}
}

const sample = "Argentina´s “leadership” – Sudáfrica… ¿Qué? ¡Sí! ñandú º ▸ ✓ ─│┌ 日本 e\u0301"

func encode(t *testing.T, c Charset, s string) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := io.WriteString(NewWriter(&b, c), s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestASCII(t *testing.T) {
	got := encode(t, ASCII, sample+"\x1b[1mbold\x1b[m")
	want := "Argentina's \"leadership\" - Sudafrica. ?Que? !Si! nandu o > v -|+ ???? e\x1b[1mbold\x1b[m"
	if got != want {
		t.Errorf("ASCII:\n got %q\nwant %q", got, want)
	}
	// Each character keeps its columns, so a screen drawn in cells stays put.
	if w := ansi.StringWidth(sample); len(encode(t, ASCII, sample)) != w {
		t.Errorf("%d bytes of ASCII for %d columns", len(encode(t, ASCII, sample)), w)
	}
}

func TestLatin1(t *testing.T) {
	got := encode(t, Of("xterm", []string{"LANG=es_AR.ISO-8859-1"}), sample)
	want := "Argentina\xb4s \"leadership\" - Sud\xe1frica. \xbfQu\xe9? \xa1S\xed! \xf1and\xfa \xba > v -|+ ???? e"
	if got != want {
		t.Errorf("Latin-1:\n got %q\nwant %q", got, want)
	}
	if got := encode(t, Of("xterm", []string{"LANG=es_AR.ISO-8859-1"}), "\u0085"); strings.Contains(got, "\x85") {
		t.Errorf("a C1 control went out as %q; an 8-bit terminal would obey it", got)
	}
}

// A character cut between two writes is encoded whole.
func TestCharacterAcrossWrites(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b, ASCII)
	s := []byte("año “x”")
	for i := range s {
		if n, err := w.Write(s[i : i+1]); n != 1 || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if b.String() != "ano \"x\"" {
		t.Errorf("got %q", b.String())
	}
}

func TestUTF8IsUntouched(t *testing.T) {
	var b bytes.Buffer
	if NewWriter(&b, UTF8) != &b {
		t.Error("a UTF-8 terminal's writer should be the session itself")
	}
	if !UTF8.Shows(sample) || ASCII.Shows("´") || !ASCII.Shows("abc") || !Of("", []string{"LANG=es_AR.ISO-8859-1"}).Shows("´ñ") {
		t.Error("Shows is wrong")
	}
}

func TestReaderLatin1(t *testing.T) {
	r := NewReader(iotest.OneByteReader(strings.NewReader("a\xf1o\x1b[A\x9b")), Of("", []string{"LANG=es_AR.ISO-8859-1"}))
	got, err := io.ReadAll(iotest.OneByteReader(r))
	if err != nil || string(got) != "año\x1b[A\x9b" {
		t.Errorf("read %q, %v; want the ñ as UTF-8, the rest as it was", got, err)
	}
}
