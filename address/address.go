// Package address writes the web addresses the kiosk quotes for a person
// to read and type: decoded where the visitor's terminal shows the letters,
// escaped where it does not.
package address

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/content"
)

// Source is the address of the page the kiosk's text was published
// on, in lib's language, written for a person to read and type in a
// terminal of character set cs: percent-escaped where cs cannot show the
// letters (an address transliterated to ASCII would lead elsewhere).
func Source(lib *content.Library, cs charset.Charset) string {
	if s := Readable(lib.Site.Source); cs.Shows(s) {
		return s
	}
	return lib.Site.Source
}

// Readable is address with the percent-escapes of its non-ASCII
// letters decoded, as a browser's address bar shows it
// ("argentina´s-leadership", not "argentina%C2%B4s-leadership"); both open
// the same page. Escapes of ASCII characters ("%2F", "%20") mean something
// else unescaped and stay; so does the whole address when the escapes are
// not UTF-8 or decode to a space or a control character.
func Readable(address string) string {
	if !strings.Contains(address, "%") {
		return address
	}
	var b []byte
	for i := 0; i < len(address); i++ {
		if address[i] == '%' && i+2 < len(address) {
			if v, err := strconv.ParseUint(address[i+1:i+3], 16, 8); err == nil && v >= 0x80 {
				b = append(b, byte(v))
				i += 2
				continue
			}
		}
		b = append(b, address[i])
	}
	if !utf8.Valid(b) {
		return address
	}
	for _, r := range string(b) {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return address
		}
	}
	return string(b)
}
