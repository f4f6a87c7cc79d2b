package shot

import (
	"image"
	"image/color"
	"math"
)

// Block elements and box-drawing characters are drawn as shapes, not taken
// from the font: a half block must fill exactly half a cell, to the pixel,
// so that a QR code drawn with them stays scannable, and lines must meet
// the lines of the next cell.

// fillRect paints r (clipped to the image) with c.
func fillRect(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
			i += 4
		}
	}
}

// blendPixel paints c over the pixel at (x, y) with the given coverage
// (0 to 1).
func blendPixel(img *image.RGBA, x, y int, c color.RGBA, coverage float64) {
	if !(image.Point{x, y}).In(img.Bounds()) || coverage <= 0 {
		return
	}
	i := img.PixOffset(x, y)
	under := color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], 0xff}
	m := mix(under, c, min(coverage, 1))
	img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = m.R, m.G, m.B, 0xff
}

// sub returns the part of cell between the fractions (x0, y0) and (x1, y1)
// of its width and height, rounded to whole pixels so that two halves
// always tile the cell.
func sub(cell image.Rectangle, x0, y0, x1, y1 float64) image.Rectangle {
	w, h := float64(cell.Dx()), float64(cell.Dy())
	at := func(o int, f, size float64) int { return o + int(math.Floor(f*size+0.5)) }
	return image.Rect(at(cell.Min.X, x0, w), at(cell.Min.Y, y0, h), at(cell.Min.X, x1, w), at(cell.Min.Y, y1, h))
}

// quadrants of U+2596 to U+259F: upper-left, upper-right, lower-left,
// lower-right.
var quadrants = map[rune][4]bool{
	'▖': {false, false, true, false},
	'▗': {false, false, false, true},
	'▘': {true, false, false, false},
	'▙': {true, false, true, true},
	'▚': {true, false, false, true},
	'▛': {true, true, true, false},
	'▜': {true, true, false, true},
	'▝': {false, true, false, false},
	'▞': {false, true, true, false},
	'▟': {false, true, true, true},
}

// drawBlock draws a block element (U+2580 to U+259F) in fg over a cell
// already painted with bg. It reports false for any other character.
func drawBlock(img *image.RGBA, r rune, cell image.Rectangle, fg, bg color.RGBA) bool {
	switch {
	case r == '▀':
		fillRect(img, sub(cell, 0, 0, 1, 0.5), fg)
	case r >= '▁' && r <= '█': // lower eighths up to the full block
		n := float64(r - '▀')
		fillRect(img, sub(cell, 0, 1-n/8, 1, 1), fg)
	case r >= '▉' && r <= '▏': // left seven eighths down to one eighth
		n := float64('▐' - r)
		fillRect(img, sub(cell, 0, 0, n/8, 1), fg)
	case r == '▐':
		fillRect(img, sub(cell, 0.5, 0, 1, 1), fg)
	case r >= '░' && r <= '▓':
		fillRect(img, cell, mix(bg, fg, float64(r-'░'+1)/4))
	case r == '▔':
		fillRect(img, sub(cell, 0, 0, 1, 1.0/8), fg)
	case r == '▕':
		fillRect(img, sub(cell, 7.0/8, 0, 1, 1), fg)
	default:
		q, ok := quadrants[r]
		if !ok {
			return false
		}
		for i, on := range q {
			if on {
				x, y := float64(i%2)/2, float64(i/2)/2
				fillRect(img, sub(cell, x, y, x+0.5, y+0.5), fg)
			}
		}
	}
	return true
}

// Line weights of the arms of a box-drawing character.
const (
	none   = 0
	light  = 1
	heavy  = 2
	double = 3
)

// arms of a box-drawing character: up, right, down, left.
type arms [4]uint8

// boxes maps the box-drawing characters (U+2500 to U+257F) drawn as lines
// to their arms. Dashed lines are drawn solid; the rounded corners and the
// diagonals are handled apart.
var boxes = map[rune]arms{
	'─': {0, 1, 0, 1}, '━': {0, 2, 0, 2}, '│': {1, 0, 1, 0}, '┃': {2, 0, 2, 0},
	'┄': {0, 1, 0, 1}, '┅': {0, 2, 0, 2}, '┆': {1, 0, 1, 0}, '┇': {2, 0, 2, 0},
	'┈': {0, 1, 0, 1}, '┉': {0, 2, 0, 2}, '┊': {1, 0, 1, 0}, '┋': {2, 0, 2, 0},
	'┌': {0, 1, 1, 0}, '┍': {0, 2, 1, 0}, '┎': {0, 1, 2, 0}, '┏': {0, 2, 2, 0},
	'┐': {0, 0, 1, 1}, '┑': {0, 0, 1, 2}, '┒': {0, 0, 2, 1}, '┓': {0, 0, 2, 2},
	'└': {1, 1, 0, 0}, '┕': {1, 2, 0, 0}, '┖': {2, 1, 0, 0}, '┗': {2, 2, 0, 0},
	'┘': {1, 0, 0, 1}, '┙': {1, 0, 0, 2}, '┚': {2, 0, 0, 1}, '┛': {2, 0, 0, 2},
	'├': {1, 1, 1, 0}, '┝': {1, 2, 1, 0}, '┞': {2, 1, 1, 0}, '┟': {1, 1, 2, 0},
	'┠': {2, 1, 2, 0}, '┡': {2, 2, 1, 0}, '┢': {1, 2, 2, 0}, '┣': {2, 2, 2, 0},
	'┤': {1, 0, 1, 1}, '┥': {1, 0, 1, 2}, '┦': {2, 0, 1, 1}, '┧': {1, 0, 2, 1},
	'┨': {2, 0, 2, 1}, '┩': {2, 0, 1, 2}, '┪': {1, 0, 2, 2}, '┫': {2, 0, 2, 2},
	'┬': {0, 1, 1, 1}, '┭': {0, 1, 1, 2}, '┮': {0, 2, 1, 1}, '┯': {0, 2, 1, 2},
	'┰': {0, 1, 2, 1}, '┱': {0, 1, 2, 2}, '┲': {0, 2, 2, 1}, '┳': {0, 2, 2, 2},
	'┴': {1, 1, 0, 1}, '┵': {1, 1, 0, 2}, '┶': {1, 2, 0, 1}, '┷': {1, 2, 0, 2},
	'┸': {2, 1, 0, 1}, '┹': {2, 1, 0, 2}, '┺': {2, 2, 0, 1}, '┻': {2, 2, 0, 2},
	'┼': {1, 1, 1, 1}, '┽': {1, 1, 1, 2}, '┾': {1, 2, 1, 1}, '┿': {1, 2, 1, 2},
	'╀': {2, 1, 1, 1}, '╁': {1, 1, 2, 1}, '╂': {2, 1, 2, 1}, '╃': {2, 1, 1, 2},
	'╄': {2, 2, 1, 1}, '╅': {1, 1, 2, 2}, '╆': {1, 2, 2, 1}, '╇': {2, 2, 1, 2},
	'╈': {1, 2, 2, 2}, '╉': {2, 1, 2, 2}, '╊': {2, 2, 2, 1}, '╋': {2, 2, 2, 2},
	'╌': {0, 1, 0, 1}, '╍': {0, 2, 0, 2}, '╎': {1, 0, 1, 0}, '╏': {2, 0, 2, 0},
	'═': {0, 3, 0, 3}, '║': {3, 0, 3, 0},
	'╒': {0, 3, 1, 0}, '╓': {0, 1, 3, 0}, '╔': {0, 3, 3, 0},
	'╕': {0, 0, 1, 3}, '╖': {0, 0, 3, 1}, '╗': {0, 0, 3, 3},
	'╘': {1, 3, 0, 0}, '╙': {3, 1, 0, 0}, '╚': {3, 3, 0, 0},
	'╛': {1, 0, 0, 3}, '╜': {3, 0, 0, 1}, '╝': {3, 0, 0, 3},
	'╞': {1, 3, 1, 0}, '╟': {3, 1, 3, 0}, '╠': {3, 3, 3, 0},
	'╡': {1, 0, 1, 3}, '╢': {3, 0, 3, 1}, '╣': {3, 0, 3, 3},
	'╤': {0, 3, 1, 3}, '╥': {0, 1, 3, 1}, '╦': {0, 3, 3, 3},
	'╧': {1, 3, 0, 3}, '╨': {3, 1, 0, 1}, '╩': {3, 3, 0, 3},
	'╪': {1, 3, 1, 3}, '╫': {3, 1, 3, 1}, '╬': {3, 3, 3, 3},
	'╴': {0, 0, 0, 1}, '╵': {1, 0, 0, 0}, '╶': {0, 1, 0, 0}, '╷': {0, 0, 1, 0},
	'╸': {0, 0, 0, 2}, '╹': {2, 0, 0, 0}, '╺': {0, 2, 0, 0}, '╻': {0, 0, 2, 0},
	'╼': {0, 2, 0, 1}, '╽': {1, 0, 2, 0}, '╾': {0, 1, 0, 2}, '╿': {2, 0, 1, 0},
}

// lineGeometry is where the lines of a cell run: the light stroke's
// thickness, the heavy one's, the gap between the strokes of a double line,
// and the top-left of the light stroke through the middle of the cell.
type lineGeometry struct {
	thin, thick, gap int
	cx, cy           int // left column of a centred vertical stroke, top row of a horizontal one
}

func geometry(cell image.Rectangle) lineGeometry {
	thin := max(1, cell.Dx()/8)
	return lineGeometry{
		thin:  thin,
		thick: 2*thin + 1,
		gap:   thin + 1,
		cx:    cell.Min.X + (cell.Dx()-thin)/2,
		cy:    cell.Min.Y + (cell.Dy()-thin)/2,
	}
}

// strokes returns the offsets and thickness of the strokes of an arm of
// weight w, relative to the light stroke's position.
func (g lineGeometry) strokes(w uint8) (offsets []int, thickness int) {
	switch w {
	case light:
		return []int{0}, g.thin
	case heavy:
		return []int{-(g.thick - g.thin) / 2}, g.thick
	case double:
		return []int{-g.gap, g.gap}, g.thin
	}
	return nil, 0
}

// drawBox draws a box-drawing character in fg. It reports false for a
// character it does not draw.
func drawBox(img *image.RGBA, r rune, cell image.Rectangle, fg color.RGBA) bool {
	g := geometry(cell)
	if a, ok := boxes[r]; ok {
		for i, w := range a {
			offs, t := g.strokes(w)
			for _, o := range offs {
				lo, hi := g.reach(a, i, o)
				switch i {
				case 0: // up
					fillRect(img, image.Rect(g.cx+o, cell.Min.Y, g.cx+o+t, g.cy+hi), fg)
				case 1: // right
					fillRect(img, image.Rect(g.cx+lo, g.cy+o, cell.Max.X, g.cy+o+t), fg)
				case 2: // down
					fillRect(img, image.Rect(g.cx+o, g.cy+lo, g.cx+o+t, cell.Max.Y), fg)
				case 3: // left
					fillRect(img, image.Rect(cell.Min.X, g.cy+o, g.cx+hi, g.cy+o+t), fg)
				}
			}
		}
		return true
	}
	switch r {
	case '╭', '╮', '╯', '╰':
		drawRounded(img, r, cell, g, fg)
	case '╱':
		drawDiagonal(img, cell, g, fg, true)
	case '╲':
		drawDiagonal(img, cell, g, fg, false)
	case '╳':
		drawDiagonal(img, cell, g, fg, true)
		drawDiagonal(img, cell, g, fg, false)
	default:
		return false
	}
	return true
}

// reach says how far into the centre the stroke at offset o of arm i runs,
// relative to the light stroke's position: an arm going right or down
// starts at lo, one going left or up ends at hi. A single stroke covers the
// strokes it crosses, so corners and tees close without a notch. A stroke of
// a double line stops at the perpendicular stroke on its side, runs through
// the centre when the line goes on, or turns the outer corner.
func (g lineGeometry) reach(a arms, i int, o int) (lo, hi int) {
	type stroke struct{ off, t int }
	of := func(w uint8) []stroke {
		offs, t := g.strokes(w)
		var s []stroke
		for _, off := range offs {
			s = append(s, stroke{off, t})
		}
		return s
	}
	// The arms across this one: the one on the side of negative offsets
	// (up for a horizontal arm, left for a vertical one) and the other.
	neg, pos := a[0], a[2]
	if i%2 == 0 {
		neg, pos = a[3], a[1]
	}
	opposite := a[(i+2)%4]
	positive := i == 1 || i == 2 // runs towards the right or the bottom edge
	// nearest picks, of a double line's two strokes, the one on this arm's
	// side; farthest the other.
	pick := func(s []stroke, nearest bool) []stroke {
		if len(s) < 2 {
			return s
		}
		if nearest == positive {
			return s[1:]
		}
		return s[:1]
	}
	var target []stroke
	if w := a[i]; w != double {
		target = append(of(neg), of(pos)...)
	} else {
		side, other := pos, neg
		if o < 0 {
			side, other = neg, pos
		}
		switch {
		case side != none:
			target = pick(of(side), true)
		case opposite != none:
			target = nil // straight on through the centre
		case other != none:
			target = pick(of(other), false)
		}
	}
	if len(target) == 0 {
		target = []stroke{{0, g.thin}}
	}
	lo, hi = target[0].off, target[0].off+target[0].t
	for _, s := range target[1:] {
		lo, hi = min(lo, s.off), max(hi, s.off+s.t)
	}
	return lo, hi
}

// drawRounded draws a rounded corner: straight light strokes from the two
// edges it joins, bent by a quarter circle, anti-aliased.
func drawRounded(img *image.RGBA, r rune, cell image.Rectangle, g lineGeometry, fg color.RGBA) {
	t := float64(g.thin)
	// Centre lines of the strokes, in pixels.
	vx := float64(g.cx) + t/2
	hy := float64(g.cy) + t/2
	rad := math.Min(float64(cell.Dx())/2, float64(cell.Dy())/2)
	var sx, sy float64 // which way the arms go: +1 right/down, -1 left/up
	switch r {
	case '╭':
		sx, sy = 1, 1
	case '╮':
		sx, sy = -1, 1
	case '╯':
		sx, sy = -1, -1
	case '╰':
		sx, sy = 1, -1
	}
	// The arc's centre is rad away from both centre lines, towards the arms.
	ax, ay := vx+sx*rad, hy+sy*rad
	cover := func(px, py float64) bool {
		dx, dy := (px-ax)*sx, (py-ay)*sy // both ≤ 0 in the arc's quadrant
		switch {
		case dx <= 0 && dy <= 0:
			return math.Abs(math.Hypot(dx, dy)-rad) <= t/2
		case dx > 0: // the horizontal arm, beyond the arc
			return math.Abs(py-hy) <= t/2
		default: // the vertical arm
			return math.Abs(px-vx) <= t/2
		}
	}
	supersample(img, cell, fg, cover)
}

// drawDiagonal draws ╱ (rising) or ╲ from corner to corner.
func drawDiagonal(img *image.RGBA, cell image.Rectangle, g lineGeometry, fg color.RGBA, rising bool) {
	x0, y0 := float64(cell.Min.X), float64(cell.Min.Y)
	w, h := float64(cell.Dx()), float64(cell.Dy())
	n := math.Hypot(w, h)
	cover := func(px, py float64) bool {
		u, v := (px-x0)/w, (py-y0)/h
		if rising {
			v = 1 - v
		}
		// Distance from the diagonal u = v, in pixels.
		return math.Abs(u-v)*w*h/n <= float64(g.thin)/2+0.25
	}
	supersample(img, cell, fg, cover)
}

// supersample paints fg over each pixel of cell in proportion to how many of
// its 4x4 sample points cover says are inside the shape.
func supersample(img *image.RGBA, cell image.Rectangle, fg color.RGBA, cover func(x, y float64) bool) {
	const n = 4
	for y := cell.Min.Y; y < cell.Max.Y; y++ {
		for x := cell.Min.X; x < cell.Max.X; x++ {
			hits := 0
			for j := range n {
				for i := range n {
					if cover(float64(x)+(float64(i)+0.5)/n, float64(y)+(float64(j)+0.5)/n) {
						hits++
					}
				}
			}
			blendPixel(img, x, y, fg, float64(hits)/(n*n))
		}
	}
}

// drawCheck draws ✓ (and the heavier ✔), which Go Mono lacks, as two
// strokes sitting on the baseline, about as tall as a capital letter.
func drawCheck(img *image.RGBA, cell image.Rectangle, baseline, capHeight int, fg color.RGBA, heavyStroke bool) {
	w := float64(cell.Dx())
	x0, base := float64(cell.Min.X), float64(cell.Min.Y+baseline)
	top := base - float64(capHeight)
	pts := [3][2]float64{
		{x0 + 0.12*w, base - 0.45*float64(capHeight)},
		{x0 + 0.40*w, base - 0.5},
		{x0 + 0.92*w, top},
	}
	half := math.Max(0.8, w/12)
	if heavyStroke {
		half *= 1.6
	}
	cover := func(px, py float64) bool {
		for i := range 2 {
			if distToSegment(px, py, pts[i], pts[i+1]) <= half {
				return true
			}
		}
		return false
	}
	supersample(img, cell, fg, cover)
}

// distToSegment is the distance from (px, py) to the segment from a to b.
func distToSegment(px, py float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((px-a[0])*dx + (py-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(px-(a[0]+t*dx), py-(a[1]+t*dy))
}

// drawSmallTriangle draws ▸ (pointing right) or ◂, which Go Mono lacks, as a
// solid triangle as tall as a lower-case x.
func drawSmallTriangle(img *image.RGBA, cell image.Rectangle, baseline, xHeight int, fg color.RGBA, right bool) {
	w := float64(cell.Dx())
	x0, base := float64(cell.Min.X), float64(cell.Min.Y+baseline)
	top := base - float64(xHeight) - 1
	l, r := x0+0.2*w, x0+0.85*w
	mid := (top + base) / 2
	cover := func(px, py float64) bool {
		if px < l || px > r {
			return false
		}
		f := (px - l) / (r - l) // 0 at the flat side, 1 at the point
		if !right {
			f = 1 - f
		}
		half := (base - top) / 2 * (1 - f)
		return math.Abs(py-mid) <= half
	}
	supersample(img, cell, fg, cover)
}
