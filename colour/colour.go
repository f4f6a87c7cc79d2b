// Package colour decides the colours a visitor's terminal shows and brings
// styled text down to them. It is shared by the full-screen view (ui), the
// Markdown cache (markdown) and the server, which tells the renderer.
package colour

import (
	"io"
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// Profile is the colour profile of the terminal an environment describes
// (colorprofile.Env), but none for a DEC video terminal: a vt100 or vt220
// shows bold and underline, no colour, while terminfo-less guesses give it
// 16 colours.
func Profile(env []string) colorprofile.Profile {
	p := colorprofile.Env(env)
	if Colourless(term(env)) && p > colorprofile.Ascii {
		return colorprofile.Ascii
	}
	return p
}

// term is the TERM an environment list sets; the last one wins, as in a
// shell.
func term(env []string) string {
	t := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "TERM="); ok {
			t = v
		}
	}
	return t
}

// Colourless reports whether a terminal type has no colour.
func Colourless(term string) bool {
	switch strings.ToLower(term) {
	case "vt52", "vt100", "vt102", "vt220", "vt320", "vt420":
		return true
	}
	return false
}

// Known is p, or true colour for a profile not known (the frames renderer
// brings that down).
func Known(p colorprofile.Profile) colorprofile.Profile {
	if p == colorprofile.Unknown || p > colorprofile.TrueColor {
		return colorprofile.TrueColor
	}
	return p
}

// Down brings s's colours down to profile p.
func Down(s string, p colorprofile.Profile) string {
	if p >= colorprofile.TrueColor || !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: p}
	_, _ = io.WriteString(&w, s)
	return b.String()
}
