package ui

import (
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/charset"
)

// TestASCIIFramesAndTextAgree: the full-screen view draws in ASCII exactly
// when the server sends its text in a set other than UTF-8 (charset.Of).
func TestASCIIFramesAndTextAgree(t *testing.T) {
	for _, env := range [][]string{
		nil, {"TERM=xterm-256color"}, {"TERM=vt100"}, {"TERM=linux", "LANG=C"}, {"TERM=xterm", "LANG=C"},
		{"TERM=xterm", "LANG=es_AR.UTF-8"}, {"TERM=xterm", "LANG=es_AR.ISO-8859-1"}, {"TERM=vt100", "LANG=es_AR.UTF-8"},
		{"TERM=xterm", "LANG=C", "LC_ALL=en_ZA.UTF-8"}, {"TERM=dumb"},
	} {
		vars := map[string]string{}
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = v
		}
		frames := needsASCII(func(k string) string { return vars[k] })
		text := !charset.Of(vars["TERM"], env).IsUTF8()
		if frames != text {
			t.Errorf("%q: ASCII frames %v, non-UTF-8 text %v", env, frames, text)
		}
	}
}
