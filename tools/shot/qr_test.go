package shot

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	qrcode "github.com/skip2/go-qrcode"
)

const qrText = "https://www.argentina.gob.ar/derechoshumanos"

// qrModules encodes text as a QR code's module matrix (true is dark).
func qrModules(t *testing.T, text string) [][]bool {
	t.Helper()
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	code.DisableBorder = true
	return code.Bitmap()
}

// onScreen puts a half-block drawing at (x, y) of an otherwise blank w x h
// screen with some text above it, as a kiosk screen would show it.
func onScreen(src *grid, w, h, x, y int) *grid {
	g := newGrid(w, h)
	for i, ch := range "Secretariat of Human Rights" {
		g.set(1+i, 0, string(ch), uv.Style{Attrs: uv.AttrBold})
	}
	for sy := range src.h {
		for sx := range src.w {
			*g.CellAt(x+sx, y+sy) = *src.CellAt(sx, sy)
		}
	}
	return g
}

func TestQRDrawnWithHalfBlocksDecodes(t *testing.T) {
	modules := qrModules(t, qrText)
	r := newRenderer(t)
	for _, tt := range []struct {
		name        string
		dark, light color.Color
		inverted    bool
	}{
		{"black on white", color.RGBA{0, 0, 0, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}, false},
		// The terminal's own colours, as a QR code drawn without colours
		// shows on a dark terminal: light modules on dark.
		{"default colours on a dark theme", nil, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Dark modules are drawn in the foreground: with the default
			// colours of a dark theme that is the light colour, and the
			// code comes out in negative.
			src := halfBlockGrid(modules, tt.dark, tt.light)
			img := r.Render(onScreen(src, 80, 30, 10, 2))
			got, err := DecodeQR(img)
			if err != nil {
				t.Fatalf("DecodeQR: %v", err)
			}
			if got.Text != qrText || got.Inverted != tt.inverted {
				t.Errorf("DecodeQR = %+v, want %q (inverted %v)", got, qrText, tt.inverted)
			}
			zbarCheck(t, img, tt.inverted)
		})
	}
}

// zbarCheck decodes the image with zbarimg (Debian's zbar-tools) too, where
// it is installed: a second, independent reader.
func zbarCheck(t *testing.T, img image.Image, inverted bool) {
	t.Helper()
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Log("zbarimg not installed (apt-get install zbar-tools): second reader skipped")
		return
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable"}
	if inverted {
		args = append(args, "-Stest-inverted") // zbar reads dark on light only, unless asked
	}
	out, err := exec.Command(zbar, append(args, file)...).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != qrText {
		t.Errorf("zbarimg read %q, want %q", got, qrText)
	}
}

func TestDecodeQRWithoutACode(t *testing.T) {
	r := newRenderer(t)
	g := newGrid(20, 5)
	for i, ch := range "no code here" {
		g.set(i, 1, string(ch), uv.Style{})
	}
	if got, err := DecodeQR(r.Render(g)); !errors.Is(err, ErrNoQR) {
		t.Errorf("DecodeQR = %+v, %v; want ErrNoQR", got, err)
	}
}
