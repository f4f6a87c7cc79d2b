package testkit

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ColourCodes returns the SGR sequences of out that set a colour (text or
// background, 16, 256 or true colour), one after another: "" when a
// terminal was sent no colour.
func ColourCodes(out string) string {
	var found []string
	for s := out; len(s) > 0; {
		seq, _, n, _ := ansi.DecodeSequence(s, 0, nil)
		s = s[n:]
		if !strings.HasPrefix(seq, "\x1b[") || !strings.HasSuffix(seq, "m") {
			continue
		}
		for _, p := range strings.Split(seq[2:len(seq)-1], ";") {
			if len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] != '9' || len(p) == 3 && p[:2] == "10" {
				found = append(found, seq)
			}
		}
	}
	return strings.Join(found, "")
}
