// Package textsafe makes text that a client controls safe to show on a
// terminal or write to a log: escape sequences, control characters and
// bidirectional overrides are removed, invalid UTF-8 is dropped, and the
// length is capped.
package textsafe

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// MaxLog is the length, in bytes, of any field the server logs on a
// client's behalf.
const MaxLog = 128

// Clean returns s without escape sequences (CSI, OSC, DCS, ...), C0 and C1
// control characters, DEL, or bidirectional controls, without invalid UTF-8,
// cut to at most limit bytes on a character boundary.
// A limit of 0 or less means no cap.
func Clean(s string, limit int) string {
	if limit > 0 && len(s) > 4*limit+64 {
		// Do not parse megabytes to keep a hundred bytes; a few extra
		// bytes cover escape sequences that the cut splits.
		s = s[:4*limit+64]
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(min(len(s), max(limit, 0)+utf8.UTFMax))
	for _, r := range s { // invalid UTF-8 that Strip left arrives as U+FFFD
		if !Allowed(r) {
			continue
		}
		if limit > 0 && b.Len()+utf8.RuneLen(r) > limit {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Allowed reports whether r may be shown as it is: not a control character
// and not a bidirectional control that could reorder the text around it.
func Allowed(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f: // C0 and DEL
		return false
	case r >= 0x80 && r <= 0x9f: // C1
		return false
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return false
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return false
	case r == 0x200e, r == 0x200f, r == 0x061c: // LRM, RLM, ALM
		return false
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return false
	}
	return true
}

// Term returns term when it is a plausible terminal type: 1 to 64 printable
// ASCII characters without spaces or quotes. Anything else becomes
// fallback.
func Term(term, fallback string) string {
	if len(term) == 0 || len(term) > 64 {
		return fallback
	}
	for i := 0; i < len(term); i++ {
		c := term[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\' {
			return fallback
		}
	}
	return term
}
