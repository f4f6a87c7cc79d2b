package ui

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// The palette: the Argentine flag's sky blue and the Sun of May's gold, each
// with a darker twin that stays readable on a light background.
var (
	celesteOnDark  = lipgloss.Color("#74ACDF")
	celesteOnLight = lipgloss.Color("#1F5F99")
	goldOnDark     = lipgloss.Color("#F6B40E")
	goldOnLight    = lipgloss.Color("#8A5A00")
	mutedOnDark    = lipgloss.Color("#9A9A9A")
	mutedOnLight   = lipgloss.Color("#5A5A5A")
)

// Styles are built once per session from whether its terminal is dark.
type Styles struct {
	G    Glyphs
	Dark bool

	Embassy   lipgloss.Style // the Embassy's name, above every title
	Title     lipgloss.Style // screen title
	Rule      lipgloss.Style // the line under the header
	Item      lipgloss.Style // menu entry
	Selected  lipgloss.Style // the entry under the cursor
	Number    lipgloss.Style // the digit in front of a menu entry
	Muted     lipgloss.Style // secondary text: descriptions, positions
	URL       lipgloss.Style
	Verified  lipgloss.Style
	Likely    lipgloss.Style
	Group     lipgloss.Style // heading of a group of links
	Help      lipgloss.Style // help text
	HelpKey   lipgloss.Style // the key in the help line
	Notice    lipgloss.Style // goodbye and warnings
	Highlight color.Color
}

// Glyphs are the symbols the layout draws with: Unicode by default, plain
// ASCII for terminals that cannot show it (a vt100, the Linux console, a
// locale that is not UTF-8). Each is one cell wide in both sets, so the
// layout does not change.
type Glyphs struct {
	Rule     string // the line under the header
	Pointer  string // marks the selected entry
	Verified string // an address seen as the body's own
	Likely   string // an address not yet confirmed
	Dot      string // separates the help line's items
	Ellipsis string // ends text cut to fit
	Up, Down string // arrow keys, in the help line
	Left     string
}

// keys writes a key's name (such as "↑/k") with g's arrows. Key names are
// written with the Unicode set, so only ASCII has anything to replace.
func (g Glyphs) keys(name string) string {
	if g == unicodeGlyphs {
		return name
	}
	return asciiArrows.Replace(name)
}

var asciiArrows = strings.NewReplacer("↑", asciiGlyphs.Up, "↓", asciiGlyphs.Down, "←", asciiGlyphs.Left)

var (
	unicodeGlyphs = Glyphs{Rule: "─", Pointer: "▸", Verified: "✓", Likely: "?", Dot: "•", Ellipsis: "…", Up: "↑", Down: "↓", Left: "←"}
	asciiGlyphs   = Glyphs{Rule: "-", Pointer: ">", Verified: "+", Likely: "?", Dot: "*", Ellipsis: "~", Up: "^", Down: "v", Left: "<"}
)

// newStyles returns the styles for a dark or a light terminal, drawing with
// ASCII symbols or Unicode ones.
func newStyles(dark, ascii bool) Styles {
	pick := lipgloss.LightDark(dark)
	celeste := pick(celesteOnLight, celesteOnDark)
	gold := pick(goldOnLight, goldOnDark)
	muted := pick(mutedOnLight, mutedOnDark)
	g := unicodeGlyphs
	if ascii {
		g = asciiGlyphs
	}
	return Styles{
		G:         g,
		Dark:      dark,
		Embassy:   lipgloss.NewStyle().Foreground(muted),
		Title:     lipgloss.NewStyle().Foreground(celeste).Bold(true),
		Rule:      lipgloss.NewStyle().Foreground(gold),
		Item:      lipgloss.NewStyle(), // the terminal's own text colour
		Selected:  lipgloss.NewStyle().Foreground(celeste).Bold(true),
		Number:    lipgloss.NewStyle().Foreground(gold),
		Muted:     lipgloss.NewStyle().Foreground(muted),
		URL:       lipgloss.NewStyle().Foreground(celeste).Underline(true),
		Verified:  lipgloss.NewStyle().Foreground(pick(lipgloss.Color("#1B7F3B"), lipgloss.Color("#7BC68F"))),
		Likely:    lipgloss.NewStyle().Foreground(gold),
		Group:     lipgloss.NewStyle().Foreground(gold).Bold(true),
		Help:      lipgloss.NewStyle().Foreground(muted),
		HelpKey:   lipgloss.NewStyle(),
		Notice:    lipgloss.NewStyle().Foreground(gold).Bold(true),
		Highlight: celeste,
	}
}
