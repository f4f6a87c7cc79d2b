// Package textsafe makes text that a client controls safe to show on a
// terminal or write to a log: escape sequences, control characters,
// bidirectional controls and invisible characters are removed, runs of
// combining marks are bounded, invalid UTF-8 is dropped, and the length is
// capped.
package textsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// MaxLog is the length, in bytes, of any field the server logs on a
// client's behalf.
const MaxLog = 128

// MaxCombining is how many combining marks may follow one another: enough
// for any language (Vietnamese stacks two, Hebrew with cantillation three),
// too few to pile marks over the lines above and below ("Zalgo" text).
const MaxCombining = 4

// Clean returns s without escape sequences (CSI, OSC, DCS, ...), C0 and C1
// control characters, DEL, bidirectional controls or invisible characters
// (see Allowed), with at most MaxCombining combining marks in a row, without
// invalid UTF-8, cut to at most limit bytes on a character boundary.
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
	marks := 0
	for _, r := range s { // invalid UTF-8 that Strip left arrives as U+FFFD
		if !Allowed(r) {
			continue
		}
		if unicode.In(r, unicode.Mn, unicode.Me) {
			if marks++; marks > MaxCombining {
				continue
			}
		} else {
			marks = 0
		}
		if limit > 0 && b.Len()+utf8.RuneLen(r) > limit {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Allowed reports whether r may be shown as it is: not a control character,
// not a bidirectional control that could reorder the text around it, and
// not an invisible character that changes what a reader sees without being
// seen (zero-width spaces and joiners, the byte-order mark, soft hyphens,
// tag characters: Unicode's format category Cf), nor a blank that is not a
// space (Hangul fillers).
func Allowed(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f: // C0 and DEL
		return false
	case r >= 0x80 && r <= 0x9f: // C1
		return false
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return false
	case r == 0x034f: // combining grapheme joiner: invisible, not Cf
		return false
	case r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0: // Hangul fillers
		return false
	case r < 0xad: // the rest of ASCII and Latin-1: the fast path
		return true
	}
	// Cf holds the bidi controls (U+202A-U+202E, U+2066-U+2069, LRM, RLM,
	// ALM), U+200B-U+200D, U+2060-U+2064, U+FEFF, U+00AD, U+180E and the
	// tags U+E0001-U+E007F.
	return !unicode.Is(unicode.Cf, r)
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
