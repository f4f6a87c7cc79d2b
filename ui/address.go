package ui

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/content"
)

// SourceAddress is the address of the page the kiosk's text was published
// on, in lib's language, written for a person to read and type in a
// terminal of character set cs: percent-escaped where cs cannot show the
// letters (an address transliterated to ASCII would lead elsewhere).
func SourceAddress(lib *content.Library, cs charset.Charset) string {
	if s := ReadableAddress(lib.Site.Source); cs.Shows(s) {
		return s
	}
	return lib.Site.Source
}

// sourceAddress is SourceAddress for the visitor's terminal.
func (m Model) sourceAddress() string {
	cs := charset.UTF8
	if m.ascii {
		cs = charset.ASCII // the frames are ASCII; so is the text (server: charset.Of)
	}
	return SourceAddress(m.lib, cs)
}

// ReadableAddress is address with the percent-escapes of its non-ASCII
// letters decoded, as a browser's address bar shows it
// ("argentina´s-leadership", not "argentina%C2%B4s-leadership"); both open
// the same page. Escapes of ASCII characters ("%2F", "%20") mean something
// else unescaped and stay; so does the whole address when the escapes are
// not UTF-8 or decode to a space or a control character.
func ReadableAddress(address string) string {
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
