package ui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/embassy-kiosk/embassy/content"
)

// These tests read the QR codes back the way a phone would see them: the
// text the kiosk draws is put on a terminal screen (ultraviolet, the cell
// buffer Bubble Tea itself uses), each cell is turned into its two modules
// from its glyph and its explicit colours, the modules become an image on a
// dark or a light terminal background, and a QR decoder (gozxing, a port of
// ZXing) must read back the address.

// screenOf draws s (with its escape sequences) on a w x h screen.
func screenOf(s string, w, h int) uv.ScreenBuffer {
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(s).Draw(buf, buf.Bounds())
	return buf
}

// isQRCell reports whether a cell is part of a QR code: explicit black or
// white as its background.
func isQRCell(c *uv.Cell) bool {
	return c != nil && c.Style.Bg != nil && (luminance(c.Style.Bg) < 0.2 || luminance(c.Style.Bg) > 0.8)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// modulesOf turns the cells of area into QR modules, two per cell: the
// glyph says which half is drawn in the foreground colour, the rest is in
// the background colour, and a colour is dark or light by its luminance.
// Every cell must carry both colours explicitly.
func modulesOf(t *testing.T, buf uv.ScreenBuffer, area image.Rectangle) [][]bool {
	t.Helper()
	var rows [][]bool
	for y := area.Min.Y; y < area.Max.Y; y++ {
		top, bottom := make([]bool, area.Dx()), make([]bool, area.Dx())
		for x := area.Min.X; x < area.Max.X; x++ {
			c := buf.CellAt(x, y)
			if c == nil || c.Style.Fg == nil || c.Style.Bg == nil {
				t.Fatalf("cell (%d,%d) %+v does not set both its colours", x, y, c)
			}
			fg, bg := luminance(c.Style.Fg) < 0.5, luminance(c.Style.Bg) < 0.5
			if c.Style.Attrs&uv.AttrReverse != 0 {
				fg, bg = bg, fg
			}
			upper, lower := bg, bg
			// What the glyphs look like, not what the kiosk calls them.
			switch c.Content {
			case "█":
				upper, lower = fg, fg
			case "▀":
				upper = fg
			case "▄":
				lower = fg
			case " ", "":
			default:
				t.Fatalf("cell (%d,%d) holds %q, not a half block", x, y, c.Content)
			}
			top[x-area.Min.X], bottom[x-area.Min.X] = upper, lower
		}
		rows = append(rows, top, bottom)
	}
	return rows
}

// qrArea is the smallest rectangle holding every QR cell of buf.
func qrArea(buf uv.ScreenBuffer) image.Rectangle {
	var r image.Rectangle
	b := buf.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if isQRCell(buf.CellAt(x, y)) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// photo is the modules as an image, 6 pixels a module, with a margin of 6
// modules of terminal background around them (dark or light).
func photo(modules [][]bool, darkTerminal bool) image.Image {
	const scale, margin = 6, 6
	h, w := len(modules), len(modules[0])
	img := image.NewGray(image.Rect(0, 0, (w+2*margin)*scale, (h+2*margin)*scale))
	bg := color.Gray{Y: 255}
	if darkTerminal {
		bg = color.Gray{Y: 20}
	}
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			mx, my := x/scale-margin, y/scale-margin
			c := bg
			if mx >= 0 && my >= 0 && mx < w && my < h {
				c = color.Gray{Y: 255}
				if modules[my][mx] {
					c = color.Gray{Y: 0}
				}
			}
			img.SetGray(x, y, c)
		}
	}
	return img
}

func decode(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// readBack decodes the QR code drawn in s on a w x h screen, as a camera
// would see it on a dark and on a light terminal.
func readBack(t *testing.T, s string, w, h int) []string {
	t.Helper()
	buf := screenOf(s, w, h)
	area := qrArea(buf)
	if area.Empty() {
		t.Fatalf("no QR code on the screen:\n%s", s)
	}
	modules := modulesOf(t, buf, area)
	var got []string
	for _, dark := range []bool{true, false} {
		text, err := decode(photo(modules, dark))
		if err != nil {
			t.Errorf("decode (dark terminal %v): %v", dark, err)
		}
		got = append(got, text)
	}
	return got
}

// inProfile is s as a terminal with colour profile p receives it.
func inProfile(s string, p colorprofile.Profile) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	_, _ = w.WriteString(s)
	return b.String()
}

func qrTargets(t *testing.T) []content.Link {
	lib := library(t)
	if lib.Site.Banner.URL == "" {
		t.Fatal("the embedded content has no banner")
	}
	return append(append([]content.Link(nil), lib.Links...), lib.Site.Banner)
}

// TestQRDecodes reads back every link's and the banner's QR code, with
// every quiet zone the UI may use, in true colour, 256 colours and 16
// colours.
func TestQRDecodes(t *testing.T) {
	for _, l := range qrTargets(t) {
		for quiet := qrQuietMin; quiet <= qrQuietMax; quiet++ {
			lines, err := QRLines(l.URL, quiet)
			if err != nil {
				t.Fatalf("%s: %v", l.URL, err)
			}
			for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI} {
				t.Run(fmt.Sprintf("%s/quiet%d/%s", l.URL, quiet, p), func(t *testing.T) {
					s := inProfile(strings.Join(lines, "\n"), p)
					w, h := len([]rune(strings.Split(ansiStrip(s), "\n")[0])), len(lines)
					for _, got := range readBack(t, s, w, h) {
						if got != l.URL {
							t.Errorf("decoded %q, want %q", got, l.URL)
						}
					}
				})
			}
		}
	}
}

// TestQRDecodesOnScreen opens each entry and reads the QR code back from
// the whole screen, as laid out beside or under the text.
func TestQRDecodesOnScreen(t *testing.T) {
	lib := library(t)
	for _, size := range [][2]int{{80, 24}, {60, 30}, {120, 40}} {
		for i, l := range qrTargets(t) {
			t.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], l.URL), func(t *testing.T) {
				m, _ := screenAfter(t, size[0], size[1], tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
				if i < len(lib.Links) {
					m.openLink(i, screenLinks)
				} else {
					m.openLink(-1, screenHome)
				}
				// A stacked code is under the text: scroll to the end.
				k := m.activeKeys()
				m.route(press("G")[0], &k)
				v := m.entryLayout()
				if v.side == nil && !strings.Contains(strings.Join(v.rows, "\n"), qrBoth) {
					t.Skipf("no room for the code at %dx%d", size[0], size[1])
				}
				for _, got := range readBack(t, m.View().Content, size[0], size[1]) {
					if got != l.URL {
						t.Errorf("decoded %q, want %q", got, l.URL)
					}
				}
			})
		}
	}
}

// TestQRRandomAddresses reads back codes of random addresses of every
// length up to 300 characters: staff may add any address.
func TestQRRandomAddresses(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/%?=&#"
	for n := 10; n <= 300; n += 7 {
		b := []byte("https://")
		for range n {
			b = append(b, chars[r.IntN(len(chars))])
		}
		url := string(b)
		lines, err := QRLines(url, qrQuietMin)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		s := strings.Join(lines, "\n")
		w := len([]rune(strings.Split(ansiStrip(s), "\n")[0]))
		for _, got := range readBack(t, s, w, len(lines)) {
			if got != url {
				t.Errorf("length %d: decoded %q, want %q", len(url), got, url)
			}
		}
	}
}

func TestQRLevel(t *testing.T) {
	// A short address gets more error correction in the same size.
	short, err := encodeQR("https://eaaf.org/")
	if err != nil {
		t.Fatal(err)
	}
	long, err := encodeQR("https://www.cancilleria.gob.ar/en/foreign-policy/international-cooperation")
	if err != nil {
		t.Fatal(err)
	}
	if short.modules() > 25 || long.modules() > 37 {
		t.Errorf("codes are bigger than needed: %d and %d modules", short.modules(), long.modules())
	}
	if _, err := encodeQR(strings.Repeat("x", 5000)); err == nil {
		t.Error("an address too long for any QR code should be an error, not a panic")
	}
}

func ansiStrip(s string) string { return ansi.Strip(s) }
