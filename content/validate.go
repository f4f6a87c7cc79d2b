package content

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong in the content folder.
type Problem struct {
	File    string // e.g. "links.yaml" or "pages/01-leadership.md"
	Line    int    // 0 when the problem is not on one line
	Message string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s: %s (line %d)", p.File, p.Message, p.Line)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// LoadError is returned by Load: every problem found, one per line, in the
// order the files were read (links.yaml, then the pages by name).
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// unsafeText says what is wrong with s for a terminal ("" if nothing): invalid
// UTF-8, control characters (C0, DEL, C1: ESC starts terminal commands) and the
// invisible bidirectional overrides and isolates (they can make text display
// differently from what it is). Newlines are allowed only if multiline.
func unsafeText(s string, multiline bool) string {
	msg, _ := unsafeTextAt(s, multiline)
	return msg
}

// unsafeTextAt is unsafeText that also gives the byte offset of the problem.
func unsafeTextAt(s string, multiline bool) (string, int) {
	n := 0
	for i, r := range s {
		n++
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return "is not valid UTF-8 text", i
			}
		case r == '\n' && multiline:
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return "contains a line break; it must be one line", i
		case r == '\x1b':
			return fmt.Sprintf("contains an escape character (U+001B) at character %d; it could send commands to a visitor's terminal", n), i
		case r == '\t':
			return fmt.Sprintf("contains a tab (U+0009) at character %d; use spaces", n), i
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return fmt.Sprintf("contains a control character (U+%04X) at character %d", r, n), i
		case (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			return fmt.Sprintf("contains an invisible text-direction control (U+%04X) at character %d", r, n), i
		}
	}
	return "", 0
}

// badURL says what is wrong with a web address ("" if nothing).
func badURL(raw string) string {
	if strings.ContainsAny(raw, " \u00a0") {
		return "contains a space"
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "is not a valid address"
	case u.Scheme != "http" && u.Scheme != "https":
		return "is not an http(s) address"
	case u.Hostname() == "":
		return "has no host name"
	case u.User != nil:
		return "must not contain a user name or password"
	}
	return ""
}

// urlKey is the form of an address used to find the same site listed twice:
// scheme, letter case of the host, a leading "www." and a trailing "/" do
// not count.
func urlKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	key := host + strings.TrimRight(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	return key
}
