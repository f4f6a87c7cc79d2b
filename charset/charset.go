// Package charset sends a session's text in the bytes its terminal can
// show. Everything the kiosk writes is UTF-8; a terminal that is not (a
// vt100, the Linux console, a client whose locale is C or ISO-8859-1) gets
// the same text in its own character set, and what that set lacks
// transliterated to ASCII: "’" as "'", "ñ" as "n" in ASCII, "ñ" as the
// byte 0xF1 in Latin-1.
//
// Each character keeps the number of columns it takes, so that a
// full-screen renderer that counts cells in UTF-8 still puts every
// character where it meant to: "…" becomes ".", not "...".
package charset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Charset is the character set of a terminal. The zero value is UTF-8.
type Charset struct {
	ascii bool             // 7-bit ASCII
	cm    *charmap.Charmap // an 8-bit set whose first half is ASCII; nil for UTF-8 and ASCII
}

// UTF8 and ASCII are the two sets every other is between.
var (
	UTF8  = Charset{}
	ASCII = Charset{ascii: true}
)

// IsUTF8 reports whether text goes out as it is.
func (c Charset) IsUTF8() bool { return !c.ascii && c.cm == nil }

func (c Charset) String() string {
	switch {
	case c.ascii:
		return "ASCII"
	case c.cm != nil:
		return c.cm.String()
	}
	return "UTF-8"
}

// asciiTerminals are the terminal types that cannot show more than ASCII
// (or that the kiosk draws in ASCII for safety: the Linux console's font
// lacks most symbols).
var asciiTerminals = map[string]bool{
	"vt52": true, "vt100": true, "vt102": true, "vt220": true, "vt320": true,
	"linux": true, "ansi": true, "cons25": true, "dumb": true,
}

// Of is the character set of a session's terminal, from its TERM (a PTY's;
// "" without one) and the environment the client sent. The locale decides
// (LC_ALL, then LC_CTYPE, then LANG, the first that is set): a UTF-8 locale
// gives UTF-8, one naming an 8-bit set (es_AR.ISO-8859-1) that set, any
// other (C, POSIX, es_AR) ASCII. A terminal type that predates Unicode
// (vt100, linux) is ASCII unless the locale names an 8-bit set. A client
// that sends no locale (most do not) is taken to be UTF-8, as nearly every
// terminal now is. This is the rule by which the full-screen view draws in
// ASCII (ui), so that its frames and its text agree.
func Of(term string, env []string) Charset {
	vars := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	oldTerminal := asciiTerminals[strings.ToLower(term)]
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		locale := vars[name]
		if locale == "" {
			continue
		}
		switch cs := codeset(locale); {
		case cs == "utf8":
			if oldTerminal {
				return ASCII
			}
			return UTF8
		case eightBit[cs] != nil:
			return Charset{cm: eightBit[cs]}
		}
		return ASCII
	}
	if oldTerminal {
		return ASCII
	}
	return UTF8
}

// codeset is a locale's character set, lower case without punctuation:
// "es_AR.ISO-8859-1@euro" gives "iso88591", "C.UTF-8" "utf8", "es_AR" "".
func codeset(locale string) string {
	_, cs, ok := strings.Cut(locale, ".")
	if !ok {
		return ""
	}
	cs, _, _ = strings.Cut(cs, "@")
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return unicode.ToLower(r)
		}
		return -1
	}, cs)
}

// eightBit are the 8-bit sets a locale may name, by codeset: those of
// package charmap whose first half is ASCII, under their own names
// ("iso88591", "windows1252", "koi8r") and the usual aliases.
var eightBit = func() map[string]*charmap.Charmap {
	sets := make(map[string]*charmap.Charmap)
	for _, e := range charmap.All {
		cm, ok := e.(*charmap.Charmap)
		if !ok || !asciiCompatible(cm) {
			continue
		}
		sets[codeset("."+cm.String())] = cm
	}
	for alias, name := range map[string]string{
		"latin1": "iso88591", "latin9": "iso885915", "latin2": "iso88592", "l1": "iso88591",
		"cp1252": "windows1252", "cp1251": "windows1251", "cp1250": "windows1250", "ansi1252": "windows1252",
		"cp850": "ibmcodepage850", "cp437": "ibmcodepage437", "ibm850": "ibmcodepage850", "ibm437": "ibmcodepage437",
	} {
		if cm := sets[name]; cm != nil {
			sets[alias] = cm
		}
	}
	return sets
}()

func asciiCompatible(cm *charmap.Charmap) bool {
	for r := rune(0); r < 0x80; r++ {
		if b, ok := cm.EncodeRune(r); !ok || rune(b) != r {
			return false
		}
	}
	return true
}

// Shows reports whether every character of s goes out as itself in c,
// not transliterated.
func (c Charset) Shows(s string) bool {
	if c.IsUTF8() {
		return true
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if c.ascii || c.cm == nil || unicode.IsControl(r) {
			return false
		}
		if _, ok := c.cm.EncodeRune(r); !ok {
			return false
		}
	}
	return true
}
