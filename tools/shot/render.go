// Package shot takes screenshots of the kiosk: it opens an SSH session with
// a PTY, types a key script, replays the output through a terminal emulator
// (github.com/charmbracelet/x/vt) and draws the emulator's cells into an
// image with Go Mono.
package shot

import (
	"image"
	"image/color"
	"image/draw"
	"unicode/utf8"

	uv "github.com/charmbracelet/ultraviolet"
	"golang.org/x/image/math/fixed"
)

// Screen is a grid of terminal cells; *vt.Emulator is one.
type Screen interface {
	Width() int
	Height() int
	CellAt(x, y int) *uv.Cell
}

// Options are the look of a screenshot.
type Options struct {
	Theme      Theme
	FontSize   float64 // Go Mono's size in pixels
	CellWidth  int     // pixels
	CellHeight int     // pixels; twice CellWidth keeps half-block pixels square
	Padding    int     // cells of default background around the screen
}

// DefaultOptions draws Go Mono at 16 px in 10x20 cells, on a dark theme,
// with a frame one cell wide.
func DefaultOptions() Options {
	return Options{Theme: DarkTheme(), FontSize: 16, CellWidth: 10, CellHeight: 20, Padding: 1}
}

// Renderer draws screens into images. It is not safe for concurrent use.
type Renderer struct {
	opts     Options
	fonts    *fonts
	baseline int // from the top of a cell
	under    int // row of an underline, from the top of a cell
	capH     int // height of a capital letter
	xH       int // height of a lower-case x
}

// NewRenderer loads the fonts for opts.
func NewRenderer(opts Options) (*Renderer, error) {
	f, err := loadFonts(opts.FontSize)
	if err != nil {
		return nil, err
	}
	m := f.faces[faceRegular].Metrics()
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	baseline := (opts.CellHeight-asc-desc)/2 + asc
	capH := m.CapHeight.Round()
	if capH <= 0 {
		capH = asc * 3 / 4
	}
	xH := m.XHeight.Round()
	if xH <= 0 {
		xH = asc / 2
	}
	return &Renderer{
		capH:     capH,
		xH:       xH,
		opts:     opts,
		fonts:    f,
		baseline: baseline,
		under:    min(baseline+max(1, desc/2), opts.CellHeight-1),
	}, nil
}

// Size returns the size in pixels of the image of a w x h screen.
func (r *Renderer) Size(w, h int) image.Point {
	p := 2 * r.opts.Padding
	return image.Pt((w+p)*r.opts.CellWidth, (h+p)*r.opts.CellHeight)
}

// CellRect returns the pixels of cell (x, y) of the screen in the image.
func (r *Renderer) CellRect(x, y int) image.Rectangle {
	cw, ch := r.opts.CellWidth, r.opts.CellHeight
	x0, y0 := (x+r.opts.Padding)*cw, (y+r.opts.Padding)*ch
	return image.Rect(x0, y0, x0+cw, y0+ch)
}

// Render draws the screen.
func (r *Renderer) Render(s Screen) *image.RGBA {
	w, h := s.Width(), s.Height()
	img := image.NewRGBA(image.Rectangle{Max: r.Size(w, h)})
	fillRect(img, img.Bounds(), r.opts.Theme.Background)
	// Backgrounds first, so that a glyph reaching into the next cell (an
	// italic, a wide character) is not painted over.
	// The cell after a wide character is a placeholder of width 0: the wide
	// character covers it.
	for y := range h {
		for x := range w {
			if c := s.CellAt(x, y); c != nil && c.Width > 0 {
				_, bg := r.colours(c)
				fillRect(img, r.span(x, y, c), bg)
			}
		}
	}
	for y := range h {
		for x := range w {
			if c := s.CellAt(x, y); c != nil && c.Width > 0 {
				r.drawCell(img, x, y, c)
			}
		}
	}
	return img
}

// span is the pixels a cell covers: two cells for a wide character.
func (r *Renderer) span(x, y int, c *uv.Cell) image.Rectangle {
	rect := r.CellRect(x, y)
	if c.Width > 1 {
		rect.Max.X += (c.Width - 1) * r.opts.CellWidth
	}
	return rect
}

// colours resolves a cell's foreground and background, with reverse video,
// faint and concealed text applied.
func (r *Renderer) colours(c *uv.Cell) (fg, bg color.RGBA) {
	t := &r.opts.Theme
	fg = t.resolve(c.Style.Fg, t.Foreground)
	bg = t.resolve(c.Style.Bg, t.Background)
	if c.Style.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if c.Style.Attrs&uv.AttrFaint != 0 {
		fg = mix(fg, bg, 0.4)
	}
	if c.Style.Attrs&uv.AttrConceal != 0 {
		fg = bg
	}
	return fg, bg
}

func (r *Renderer) drawCell(img *image.RGBA, x, y int, c *uv.Cell) {
	fg, bg := r.colours(c)
	rect := r.span(x, y, c)
	ch, size := utf8.DecodeRuneInString(c.Content)
	switch {
	case size == 0 || ch == ' ':
	case ch == '✓' || ch == '✔':
		drawCheck(img, rect, r.baseline, r.capH, fg, ch == '✔' || c.Style.Attrs&uv.AttrBold != 0)
	case ch == '▸' || ch == '◂':
		drawSmallTriangle(img, rect, r.baseline, r.xH, fg, ch == '▸')
	case drawBlock(img, ch, rect, fg, bg), drawBox(img, ch, rect, fg):
	default:
		r.drawText(img, c.Content, rect, fg, c.Style.Attrs)
	}
	if c.Style.Underline != uv.UnderlineNone {
		ul := fg
		if c.Style.UnderlineColor != nil {
			ul = r.opts.Theme.resolve(c.Style.UnderlineColor, fg)
		}
		y0 := rect.Min.Y + r.under
		fillRect(img, image.Rect(rect.Min.X, y0, rect.Max.X, y0+1), ul)
		if c.Style.Underline == uv.UnderlineDouble && y0+2 < rect.Max.Y {
			fillRect(img, image.Rect(rect.Min.X, y0+2, rect.Max.X, y0+3), ul)
		}
	}
	if c.Style.Attrs&uv.AttrStrikethrough != 0 {
		y0 := rect.Min.Y + r.baseline - r.opts.CellHeight/4
		fillRect(img, image.Rect(rect.Min.X, y0, rect.Max.X, y0+1), fg)
	}
}

// drawText draws a cell's grapheme with Go Mono, centred in the cell. A
// character the font lacks is replaced by a look-alike, or by '?'.
func (r *Renderer) drawText(img *image.RGBA, text string, rect image.Rectangle, fg color.RGBA, attrs uint8) {
	style := faceRegular
	if attrs&uv.AttrBold != 0 {
		style |= faceBold
	}
	if attrs&uv.AttrItalic != 0 {
		style |= faceItalic
	}
	face := r.fonts.faces[style]
	src := image.NewUniform(fg)
	// The first rune is centred in the cell; combining marks follow it.
	first := true
	var dot fixed.Point26_6
	for _, ch := range text {
		if !r.fonts.has(ch) {
			if sub, ok := substitutes[ch]; ok && r.fonts.has(sub) {
				ch = sub
			} else if first {
				ch = '?'
			} else {
				continue
			}
		}
		if first {
			adv, _ := face.GlyphAdvance(ch)
			left := (fixed.I(rect.Dx()) - adv) / 2
			dot = fixed.Point26_6{X: fixed.I(rect.Min.X + left.Floor()), Y: fixed.I(rect.Min.Y + r.baseline)}
		}
		dr, mask, mp, adv, ok := face.Glyph(dot, ch)
		if ok {
			draw.DrawMask(img, dr, src, image.Point{}, mask, mp, draw.Over)
		}
		if first {
			dot.X += adv
			first = false
		}
	}
}
