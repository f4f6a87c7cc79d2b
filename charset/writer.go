package charset

import (
	"io"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"
)

// NewWriter returns a writer that writes UTF-8 text to w in charset c; w
// itself for UTF-8. Escape sequences are ASCII and pass unchanged.
func NewWriter(w io.Writer, c Charset) io.Writer {
	if c.IsUTF8() {
		return w
	}
	return &writer{w: w, c: c}
}

type writer struct {
	mu      sync.Mutex // a session's screen and its goodbye may be written from two goroutines
	w       io.Writer
	c       Charset
	pending []byte // the start of a character cut by the end of a Write
	out     []byte
}

// Write encodes p, keeping a character cut at its end for the next Write.
// It reports len(p) written once the encoded bytes are.
func (e *writer) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	in := p
	if len(e.pending) > 0 {
		in = append(e.pending, p...)
		e.pending = nil
	}
	out := e.out[:0]
	for len(in) > 0 {
		if in[0] < utf8.RuneSelf {
			out = append(out, in[0])
			in = in[1:]
			continue
		}
		if !utf8.FullRune(in) {
			e.pending = append([]byte(nil), in...)
			break
		}
		r, size := utf8.DecodeRune(in)
		in = in[size:]
		out = e.c.appendRune(out, r, size)
	}
	e.out = out
	if _, err := e.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// appendRune appends r (a non-ASCII character, or an invalid byte: size
// 1) in c, taking as many columns as r does.
func (c Charset) appendRune(out []byte, r rune, size int) []byte {
	if r == utf8.RuneError && size == 1 {
		return append(out, '?')
	}
	if c.cm != nil && !unicode.IsControl(r) {
		if b, ok := c.cm.EncodeRune(r); ok {
			return append(out, b)
		}
	}
	width := ansi.StringWidth(string(r))
	if width == 0 {
		return out // a combining mark, a joiner: nothing to see
	}
	a := Transliterate(r)
	out = append(out, a)
	for ; width > 1; width-- {
		out = append(out, a) // a wide character: as wide in ASCII
	}
	return out
}

// Transliterate is the ASCII character closest to r: a letter without its
// accents ("ñ" n, "É" E), typographic punctuation as a typewriter has it
// ("’" ', "“" ", "–" -), a box drawing character as - | +, or "?".
func Transliterate(r rune) byte {
	if r < utf8.RuneSelf {
		return byte(r)
	}
	if a, ok := ascii[r]; ok {
		return a
	}
	switch {
	case unicode.Is(unicode.Zs, r):
		return ' '
	case r >= 0x2500 && r <= 0x257F: // box drawing
		switch {
		case r == 0x2502 || r == 0x2503 || r == 0x2551:
			return '|'
		case r == 0x2500 || r == 0x2501 || r == 0x2550:
			return '-'
		}
		return '+'
	case unicode.Is(unicode.Pd, r):
		return '-'
	case unicode.Is(unicode.Pi, r) || unicode.Is(unicode.Pf, r):
		return '"'
	}
	// A letter with marks: its compatibility decomposition starts with the
	// bare letter ("ñ" is n and a tilde, "²" is 2).
	var buf [utf8.UTFMax * 4]byte
	if d := norm.NFKD.AppendString(buf[:0], string(r)); len(d) > 0 && d[0] < utf8.RuneSelf && d[0] >= ' ' {
		return d[0]
	}
	return '?'
}

// ascii is what the rules in Transliterate do not cover.
var ascii = map[rune]byte{
	'‘': '\'', '’': '\'', '‚': '\'', '‛': '\'', '′': '\'', '´': '\'', '`': '\'', 'ʼ': '\'',
	'“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"', '‹': '<', '›': '>',
	'…': '.', '·': '.', '•': '*', '∙': '*', '‣': '>', '▸': '>', '►': '>', '▶': '>', '◂': '<', '◀': '<',
	'¿': '?', '¡': '!', 'º': 'o', 'ª': 'a', '°': 'o', '×': 'x', '÷': '/', '−': '-', '±': '+',
	'©': 'C', '®': 'R', '™': 'T', '€': 'E', '£': 'L', '¢': 'c', '¥': 'Y', '§': 'S', '¶': 'P',
	'→': '>', '←': '<', '↑': '^', '↓': 'v', '↔': '-', '⇒': '>', '⇐': '<',
	'✓': 'v', '✔': 'v', '✗': 'x', '✘': 'x', '≈': '~', '≠': '#', '≤': '<', '≥': '>',
	'█': '#', '▀': '#', '▄': '#', '▌': '#', '▐': '#', '░': '#', '▒': '#', '▓': '#',
	'ß': 's', 'æ': 'a', 'Æ': 'A', 'œ': 'o', 'Œ': 'O', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D',
	'ł': 'l', 'Ł': 'L', 'ı': 'i', 'þ': 't', 'Þ': 'T', 'ð': 'd', 'Ð': 'D',
	'\u00ad': '-', // a soft hyphen is shown where a line breaks at it
}
