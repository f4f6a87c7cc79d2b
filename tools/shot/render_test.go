package shot

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// grid is a synthetic screen.
type grid struct {
	w, h  int
	cells []uv.Cell
}

func newGrid(w, h int) *grid {
	g := &grid{w: w, h: h, cells: make([]uv.Cell, w*h)}
	for i := range g.cells {
		g.cells[i] = uv.Cell{Content: " ", Width: 1}
	}
	return g
}

func (g *grid) Width() int  { return g.w }
func (g *grid) Height() int { return g.h }
func (g *grid) CellAt(x, y int) *uv.Cell {
	if x < 0 || y < 0 || x >= g.w || y >= g.h {
		return nil
	}
	return &g.cells[y*g.w+x]
}

func (g *grid) set(x, y int, content string, st uv.Style) {
	*g.CellAt(x, y) = uv.Cell{Content: content, Width: 1, Style: st}
}

func newRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := NewRenderer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func at(img *image.RGBA, x, y int) color.RGBA {
	return img.RGBAAt(x, y)
}

// countIn counts the pixels of rect that are exactly c.
func countIn(img *image.RGBA, rect image.Rectangle, c color.RGBA) int {
	n := 0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if img.RGBAAt(x, y) == c {
				n++
			}
		}
	}
	return n
}

// countWhere counts the pixels of rect for which ok is true.
func countWhere(img *image.RGBA, rect image.Rectangle, ok func(color.RGBA) bool) int {
	n := 0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if ok(img.RGBAAt(x, y)) {
				n++
			}
		}
	}
	return n
}

// assertFill checks that every pixel of rect is c.
func assertFill(t *testing.T, img *image.RGBA, rect image.Rectangle, c color.RGBA, what string) {
	t.Helper()
	if n := countIn(img, rect, c); n != rect.Dx()*rect.Dy() {
		t.Errorf("%s: %d of %d pixels of %v are %v (e.g. %v at %v)", what, n, rect.Dx()*rect.Dy(), rect, c, at(img, rect.Min.X, rect.Min.Y), rect.Min)
	}
}

var (
	white = rgb(0xff, 0xff, 0xff)
	black = rgb(0, 0, 0)
)

func TestRenderSizeFrameAndColours(t *testing.T) {
	r := newRenderer(t)
	theme := DarkTheme()
	g := newGrid(6, 3)
	g.set(0, 0, " ", uv.Style{Bg: ansi.BasicColor(4)})                                // blue from the 16
	g.set(1, 0, " ", uv.Style{Bg: ansi.IndexedColor(196)})                            // red from the cube
	g.set(2, 0, " ", uv.Style{Bg: ansi.IndexedColor(244)})                            // grey ramp
	g.set(3, 0, " ", uv.Style{Bg: color.RGBA{0x74, 0xac, 0xdf, 0xff}})                // true colour
	g.set(4, 0, " ", uv.Style{Fg: ansi.BasicColor(2), Attrs: uv.AttrReverse})         // reverse: green background
	g.set(5, 0, "W", uv.Style{Fg: color.RGBA{0xff, 0, 0, 0xff}, Bg: ansi.Black})      // text
	g.set(0, 1, "_", uv.Style{Underline: uv.UnderlineSingle, Fg: ansi.BasicColor(3)}) // underline in fg
	img := r.Render(g)

	if got, want := img.Bounds().Size(), image.Pt((6+2)*10, (3+2)*20); got != want {
		t.Fatalf("image size %v, want %v", got, want)
	}
	// The one-cell frame is the default background.
	assertFill(t, img, image.Rect(0, 0, 80, 20), theme.Background, "top frame")
	assertFill(t, img, image.Rect(0, 0, 10, 100), theme.Background, "left frame")
	assertFill(t, img, image.Rect(70, 0, 80, 100), theme.Background, "right frame")
	assertFill(t, img, image.Rect(0, 80, 80, 100), theme.Background, "bottom frame")

	for _, tt := range []struct {
		x    int
		want color.RGBA
	}{
		{0, rgb(0, 0, 0xee)},
		{1, rgb(0xff, 0, 0)},
		{2, rgb(128, 128, 128)},
		{3, rgb(0x74, 0xac, 0xdf)},
		{4, rgb(0, 0xcd, 0)},
	} {
		assertFill(t, img, r.CellRect(tt.x, 0), tt.want, "background of cell "+string(rune('0'+tt.x)))
	}
	// Default cells: default background.
	assertFill(t, img, r.CellRect(5, 2), theme.Background, "default cell")
	// The W: black background at the cell's corners, a solid red stroke inside.
	w := r.CellRect(5, 0)
	if c := at(img, w.Min.X, w.Min.Y); c != black {
		t.Errorf("corner of the W cell is %v, want black", c)
	}
	if n := countWhere(img, w, func(c color.RGBA) bool { return c.R >= 0xc0 && c.G < 0x40 && c.B < 0x40 }); n < 15 {
		t.Errorf("the W has %d red pixels, want at least 15", n)
	}
	// Underline: a full-width row of yellow (palette 3) below the baseline.
	u := r.CellRect(0, 1)
	row := image.Rect(u.Min.X, u.Min.Y+r.under, u.Max.X, u.Min.Y+r.under+1)
	assertFill(t, img, row, theme.Palette[3], "underline")
}

func TestRenderBold(t *testing.T) {
	r := newRenderer(t)
	g := newGrid(2, 1)
	g.set(0, 0, "M", uv.Style{Fg: white, Bg: black})
	g.set(1, 0, "M", uv.Style{Fg: white, Bg: black, Attrs: uv.AttrBold})
	img := r.Render(g)
	plain, bold := countIn(img, r.CellRect(0, 0), white), countIn(img, r.CellRect(1, 0), white)
	if bold <= plain {
		t.Errorf("bold M has %d solid pixels, plain M %d: want more in bold", bold, plain)
	}
}

func TestRenderGlyphsStayInsideTheirRow(t *testing.T) {
	// Ascenders, descenders and accents of one row do not reach into the
	// rows above and below: the baseline leaves room for both.
	r := newRenderer(t)
	chars := []string{"É", "g", "j", "y", "|", "Å", "✓", "▸", "ÿ"}
	g := newGrid(len(chars), 3)
	for x, s := range chars {
		g.set(x, 1, s, uv.Style{Fg: white, Bg: black})
	}
	img := r.Render(g)
	for x := range chars {
		assertFill(t, img, r.CellRect(x, 0), DarkTheme().Background, "row above")
		assertFill(t, img, r.CellRect(x, 2), DarkTheme().Background, "row below")
	}
}

func TestSymbolsGoMonoLacksAreDrawn(t *testing.T) {
	// The kiosk's ✓ and ▸ are not in Go Mono: they are drawn as shapes, not
	// replaced by the '?' that stands for any other missing character.
	r := newRenderer(t)
	chars := []string{"?", "✓", "✔", "▸", "◂", "世"}
	g := newGrid(len(chars), 1)
	for x, s := range chars {
		g.set(x, 0, s, uv.Style{Fg: white, Bg: black})
	}
	img := r.Render(g)
	pixels := func(x int) []color.RGBA {
		c := r.CellRect(x, 0)
		var p []color.RGBA
		for y := c.Min.Y; y < c.Max.Y; y++ {
			for x := c.Min.X; x < c.Max.X; x++ {
				p = append(p, img.RGBAAt(x, y))
			}
		}
		return p
	}
	same := func(a, b []color.RGBA) bool {
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	question := pixels(0)
	for x := 1; x < 5; x++ {
		if p := pixels(x); same(p, question) {
			t.Errorf("%s is drawn as '?'", chars[x])
		} else if n := countWhere(img, r.CellRect(x, 0), func(c color.RGBA) bool { return c.R >= 0x80 }); n < 8 {
			t.Errorf("%s has %d lit pixels, want a visible mark", chars[x], n)
		}
	}
	if !same(pixels(5), question) {
		t.Errorf("a character Go Mono lacks is not drawn as '?'")
	}
}

func TestHalfBlocksAreExact(t *testing.T) {
	r := newRenderer(t)
	g := newGrid(8, 1)
	st := uv.Style{Fg: white, Bg: black}
	for x, s := range []string{"▀", "▄", "█", " ", "▌", "▐", "▚", "▞"} {
		g.set(x, 0, s, st)
	}
	img := r.Render(g)
	top := func(c image.Rectangle) image.Rectangle { return image.Rect(c.Min.X, c.Min.Y, c.Max.X, c.Min.Y+10) }
	bottom := func(c image.Rectangle) image.Rectangle { return image.Rect(c.Min.X, c.Min.Y+10, c.Max.X, c.Max.Y) }
	left := func(c image.Rectangle) image.Rectangle { return image.Rect(c.Min.X, c.Min.Y, c.Min.X+5, c.Max.Y) }
	right := func(c image.Rectangle) image.Rectangle { return image.Rect(c.Min.X+5, c.Min.Y, c.Max.X, c.Max.Y) }
	quad := func(c image.Rectangle, i int) image.Rectangle {
		x, y := c.Min.X+5*(i%2), c.Min.Y+10*(i/2)
		return image.Rect(x, y, x+5, y+10)
	}

	c := r.CellRect(0, 0)
	assertFill(t, img, top(c), white, "▀ top")
	assertFill(t, img, bottom(c), black, "▀ bottom")
	c = r.CellRect(1, 0)
	assertFill(t, img, top(c), black, "▄ top")
	assertFill(t, img, bottom(c), white, "▄ bottom")
	assertFill(t, img, r.CellRect(2, 0), white, "█")
	assertFill(t, img, r.CellRect(3, 0), black, "space")
	c = r.CellRect(4, 0)
	assertFill(t, img, left(c), white, "▌ left")
	assertFill(t, img, right(c), black, "▌ right")
	c = r.CellRect(5, 0)
	assertFill(t, img, left(c), black, "▐ left")
	assertFill(t, img, right(c), white, "▐ right")
	c = r.CellRect(6, 0) // ▚: upper left and lower right
	for i, want := range []color.RGBA{white, black, black, white} {
		assertFill(t, img, quad(c, i), want, "▚ quadrant")
	}
	c = r.CellRect(7, 0) // ▞: upper right and lower left
	for i, want := range []color.RGBA{black, white, white, black} {
		assertFill(t, img, quad(c, i), want, "▞ quadrant")
	}
}

// drawBoxGrid draws a 3x3 box of box-drawing characters in white on black.
func drawBoxGrid(t *testing.T, rows ...string) (*Renderer, *image.RGBA) {
	t.Helper()
	r := newRenderer(t)
	g := newGrid(3, 3)
	for y, row := range rows {
		for x, ch := range []rune(row) {
			g.set(x, y, string(ch), uv.Style{Fg: white, Bg: black})
		}
	}
	return r, r.Render(g)
}

// assertRing checks a one-pixel rectangle outline from (x0, y0) to (x1, y1)
// (inclusive) is unbroken.
func assertRing(t *testing.T, img *image.RGBA, x0, y0, x1, y1 int, what string) {
	t.Helper()
	assertFill(t, img, image.Rect(x0, y0, x1+1, y0+1), white, what+" top")
	assertFill(t, img, image.Rect(x0, y1, x1+1, y1+1), white, what+" bottom")
	assertFill(t, img, image.Rect(x0, y0, x0+1, y1+1), white, what+" left")
	assertFill(t, img, image.Rect(x1, y0, x1+1, y1+1), white, what+" right")
}

func TestBoxLinesJoin(t *testing.T) {
	r, img := drawBoxGrid(t, "┌─┐", "│ │", "└─┘")
	geo := geometry(r.CellRect(0, 0))
	// The line through the middle of the corner cells, and of the far ones.
	x0, y0 := geo.cx, geo.cy
	x1, y1 := x0+2*r.opts.CellWidth, y0+2*r.opts.CellHeight
	assertRing(t, img, x0, y0, x1, y1, "box")
	assertFill(t, img, image.Rect(x0+1, y0+1, x1, y1), black, "inside")
	first := r.CellRect(0, 0)
	assertFill(t, img, image.Rect(first.Min.X, first.Min.Y, x0, y0), black, "outside the corner")
}

func TestDoubleBoxLinesJoin(t *testing.T) {
	r, img := drawBoxGrid(t, "╔═╗", "║ ║", "╚═╝")
	geo := geometry(r.CellRect(0, 0))
	x0, y0 := geo.cx, geo.cy
	x1, y1 := x0+2*r.opts.CellWidth, y0+2*r.opts.CellHeight
	d := geo.gap
	assertRing(t, img, x0-d, y0-d, x1+d, y1+d, "outer line")
	assertRing(t, img, x0+d, y0+d, x1-d, y1-d, "inner line")
	// Between the two lines, and inside the inner one, nothing.
	assertFill(t, img, image.Rect(x0-d+1, y0-d+1, x1+d, y0+d), black, "between the top lines")
	assertFill(t, img, image.Rect(x0-d+1, y0+d+1, x0+d, y1-d), black, "between the left lines")
	assertFill(t, img, image.Rect(x0+d+1, y0+d+1, x1-d, y1-d), black, "inside")
}

func TestRoundedCornersAndDiagonalsDraw(t *testing.T) {
	r := newRenderer(t)
	g := newGrid(5, 1)
	for x, s := range []string{"╭", "╮", "╯", "╰", "╳"} {
		g.set(x, 0, s, uv.Style{Fg: white, Bg: black})
	}
	img := r.Render(g)
	for x := range 5 {
		c := r.CellRect(x, 0)
		lit := countWhere(img, c, func(c color.RGBA) bool { return c.R >= 0x80 })
		if lit < 10 || lit > c.Dx()*c.Dy()/2 {
			t.Errorf("cell %d: %d of %d pixels lit, want a thin line", x, lit, c.Dx()*c.Dy())
		}
	}
}

// halfBlockGrid draws a module matrix (true is dark) with half blocks, two
// module rows per cell row, with a quiet zone of four modules: the way a
// terminal QR code is drawn. dark and light are the colours of the modules.
func halfBlockGrid(modules [][]bool, dark, light color.Color) *grid {
	const quiet = 4
	n := len(modules)
	size := n + 2*quiet
	get := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return x >= 0 && y >= 0 && x < n && y < n && modules[y][x]
	}
	g := newGrid(size, (size+1)/2)
	for y := 0; y < size; y += 2 {
		for x := range size {
			top, bottom := get(x, y), get(x, y+1)
			ch := map[[2]bool]string{{false, false}: " ", {true, false}: "▀", {false, true}: "▄", {true, true}: "█"}[[2]bool{top, bottom}]
			g.set(x, y/2, ch, uv.Style{Fg: dark, Bg: light})
		}
	}
	return g
}

func TestHalfBlockPatternIsPixelExact(t *testing.T) {
	// A random QR-sized pattern drawn with half blocks comes out as a grid of
	// exact 10x10 squares, each the colour of its module.
	rnd := rand.New(rand.NewPCG(1, 2))
	const n = 33
	modules := make([][]bool, n)
	for y := range modules {
		modules[y] = make([]bool, n)
		for x := range modules[y] {
			modules[y][x] = rnd.IntN(2) == 0
		}
	}
	r := newRenderer(t)
	img := r.Render(halfBlockGrid(modules, black, white))
	origin := r.CellRect(4, 2).Min // module (0, 0): four modules of quiet zone, two cell rows
	for y := range n {
		for x := range n {
			want := white
			if modules[y][x] {
				want = black
			}
			sq := image.Rect(origin.X+10*x, origin.Y+10*y, origin.X+10*x+10, origin.Y+10*y+10)
			if got := countIn(img, sq, want); got != 100 {
				t.Fatalf("module (%d, %d): %d of 100 pixels are %v", x, y, got, want)
			}
		}
	}
}
