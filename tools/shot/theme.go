package shot

import (
	"image/color"

	"github.com/charmbracelet/x/ansi"
)

// Theme is the terminal the screenshots pretend to be: its default colours
// and its 256-colour palette.
type Theme struct {
	Foreground color.RGBA // text drawn with the default colour
	Background color.RGBA // cells with the default background, and the frame
	Palette    [256]color.RGBA
}

// DarkTheme is a dark terminal: #d0d0d0 on #1e1e1e with xterm's palette.
func DarkTheme() Theme {
	return Theme{
		Foreground: rgb(0xd0, 0xd0, 0xd0),
		Background: rgb(0x1e, 0x1e, 0x1e),
		Palette:    xtermPalette(),
	}
}

// X11 returns the colour as an X11 colour spec (rgb:RRRR/GGGG/BBBB), the
// form a terminal answers OSC 10 and OSC 11 queries with.
func X11(c color.RGBA) string {
	return "rgb:" + hex16(c.R) + "/" + hex16(c.G) + "/" + hex16(c.B)
}

func hex16(v uint8) string {
	const digits = "0123456789abcdef"
	b := []byte{digits[v>>4], digits[v&15]}
	return string(b) + string(b)
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 0xff} }

// xtermPalette is xterm's default 256 colours: the 16 ANSI colours, a 6x6x6
// cube and a 24-step grey ramp.
func xtermPalette() [256]color.RGBA {
	var p [256]color.RGBA
	ansi16 := [16]uint32{
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	}
	for i, v := range ansi16 {
		p[i] = rgb(uint8(v>>16), uint8(v>>8), uint8(v))
	}
	levels := [6]uint8{0, 95, 135, 175, 215, 255}
	for i := range 216 {
		p[16+i] = rgb(levels[i/36], levels[i/6%6], levels[i%6])
	}
	for i := range 24 {
		v := uint8(8 + 10*i)
		p[232+i] = rgb(v, v, v)
	}
	return p
}

// resolve turns a cell's colour into the RGB the theme shows: nil is the
// default (def), ANSI and 256-colour indices go through the palette, and
// anything else (true colour) is taken as it is.
func (t *Theme) resolve(c color.Color, def color.RGBA) color.RGBA {
	switch c := c.(type) {
	case nil:
		return def
	case ansi.BasicColor:
		return t.Palette[c&15]
	case ansi.IndexedColor:
		return t.Palette[c]
	}
	r, g, b, a := c.RGBA()
	if a == 0 {
		return def // SGR 38:1 "transparent"
	}
	return rgb(uint8(r>>8), uint8(g>>8), uint8(b>>8))
}

// mix returns a blend of a and b: t=0 is a, t=1 is b.
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return rgb(f(a.R, b.R), f(a.G, b.G), f(a.B, b.B))
}
