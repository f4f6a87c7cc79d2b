package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/embassy-kiosk/embassy/colour"
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

	Embassy  Ink // the Embassy's name, above every title
	Title    Ink // screen title
	Rule     Ink // the line under the header
	Item     Ink // menu entry
	Selected Ink // the entry under the cursor
	Number   Ink // the digit in front of a menu entry
	Muted    Ink // secondary text: descriptions, positions
	URL      Ink
	Verified Ink
	Likely   Ink
	Group    Ink // heading of a group of links
	Help     Ink // help text
	HelpKey  Ink // the key in the help line
	Notice   Ink // goodbye and warnings
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

// themes are the sets of styles, by background, glyphs and colour
// profile, built once and shared by all sessions. Their colours are
// written in the profile already, so the frames of a 256-colour session
// (OpenSSH's usual) need no colour brought down before they are sent.
var themes = map[themeKey]*Styles{}

type themeKey struct {
	dark, ascii bool
	profile     colorprofile.Profile
}

func init() {
	for _, dark := range []bool{false, true} {
		for _, ascii := range []bool{false, true} {
			for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI, colorprofile.ASCII, colorprofile.NoTTY} {
				st := newStyles(dark, ascii, p)
				themes[themeKey{dark, ascii, p}] = &st
			}
		}
	}
}

// theme returns the shared styles.
func theme(dark, ascii bool, p colorprofile.Profile) *Styles {
	return themes[themeKey{dark, ascii, colour.Known(p)}]
}

// newStyles returns the styles for a dark or a light terminal, drawing with
// ASCII symbols or Unicode ones, in colour profile p.
func newStyles(dark, ascii bool, p colorprofile.Profile) Styles {
	inkOf := func(st lipgloss.Style) Ink { return inkIn(st, p) }
	pick := lipgloss.LightDark(dark)
	celeste := pick(celesteOnLight, celesteOnDark)
	gold := pick(goldOnLight, goldOnDark)
	muted := pick(mutedOnLight, mutedOnDark)
	green := pick(lipgloss.Color("#1B7F3B"), lipgloss.Color("#7BC68F"))
	if p <= colorprofile.ANSI {
		// The nearest of 16 colours to the gold is red, which reads as an
		// error (PuTTY's default TERM=xterm gets 16): the terminal's own
		// named colours instead.
		celeste = pick(lipgloss.Blue, lipgloss.BrightBlue)
		gold = pick(lipgloss.Yellow, lipgloss.BrightYellow)
		muted = pick(lipgloss.BrightBlack, lipgloss.White)
		green = pick(lipgloss.Green, lipgloss.BrightGreen)
	}
	g := unicodeGlyphs
	if ascii {
		g = asciiGlyphs
	}
	return Styles{
		G:        g,
		Dark:     dark,
		Embassy:  inkOf(lipgloss.NewStyle().Foreground(muted)),
		Title:    inkOf(lipgloss.NewStyle().Foreground(celeste).Bold(true)),
		Rule:     inkOf(lipgloss.NewStyle().Foreground(gold)),
		Item:     inkOf(lipgloss.NewStyle()), // the terminal's own text colour
		Selected: inkOf(lipgloss.NewStyle().Foreground(celeste).Bold(true)),
		Number:   inkOf(lipgloss.NewStyle().Foreground(gold)),
		Muted:    inkOf(lipgloss.NewStyle().Foreground(muted)),
		URL:      inkOf(lipgloss.NewStyle().Foreground(celeste).Underline(true)),
		Verified: inkOf(lipgloss.NewStyle().Foreground(green)),
		Likely:   inkOf(lipgloss.NewStyle().Foreground(gold)),
		Group:    inkOf(lipgloss.NewStyle().Foreground(gold).Bold(true)),
		Help:     inkOf(lipgloss.NewStyle().Foreground(muted)),
		HelpKey:  inkOf(lipgloss.NewStyle()),
		Notice:   inkOf(lipgloss.NewStyle().Foreground(gold).Bold(true)),
	}
}

// Ink is a style that only colours and weights text, as all of Styles'
// are. Rendering one line with it is a prefix and a suffix, the same bytes
// lipgloss writes without its layout work: a frame renders some forty
// pieces of text, and lipgloss.Style.Render was most of a frame's CPU.
// (Underlined text is the one difference: lipgloss underlines rune by rune,
// Ink the whole run, which puts the same cells on the screen;
// TestInkDrawsWhatLipglossDraws checks both.)
type Ink struct {
	style     lipgloss.Style
	profile   colorprofile.Profile
	pre, post string
}

func inkIn(st lipgloss.Style, p colorprofile.Profile) Ink {
	const mark = "x"
	out := colour.Down(st.Render(mark), p)
	i := strings.Index(out, mark)
	return Ink{style: st, profile: p, pre: out[:i], post: out[i+len(mark):]}
}

// Render styles s. Text of several lines, tabs or carriage returns goes
// through lipgloss, which pads lines to one width and expands tabs.
func (k Ink) Render(s string) string {
	if strings.ContainsAny(s, "\n\t\r") {
		return colour.Down(k.style.Render(s), k.profile)
	}
	return k.pre + s + k.post
}
