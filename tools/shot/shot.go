package shot

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"

	"github.com/charmbracelet/x/vt"
)

// Shot is one screenshot: what the kiosk wrote, the screen it left and its
// picture.
type Shot struct {
	Output []byte
	Screen *vt.Emulator
	Image  *image.RGBA
}

// Take captures the session and draws the screen it leaves.
func Take(ctx context.Context, s Session, r *Renderer, warn io.Writer) (*Shot, error) {
	out, err := s.Capture(ctx, warn)
	if err != nil {
		return nil, err
	}
	return FromOutput(out, s.Width, s.Height, r), nil
}

// FromOutput draws the screen that a session's recorded output leaves on a
// w x h terminal.
func FromOutput(out []byte, w, h int, r *Renderer) *Shot {
	em := Replay(out, w, h, r.opts.Theme)
	return &Shot{Output: out, Screen: em, Image: r.Render(em)}
}

// PNG encodes the picture.
func (s *Shot) PNG() ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, s.Image); err != nil {
		return nil, fmt.Errorf("encode PNG: %w", err)
	}
	return b.Bytes(), nil
}

// Text returns the screen's text, one line per row, trailing blanks removed.
func Text(scr Screen) string {
	var b strings.Builder
	for y := range scr.Height() {
		var line strings.Builder
		for x := range scr.Width() {
			c := scr.CellAt(x, y)
			switch {
			case c == nil || c.Content == "":
				if c == nil || c.Width != 0 {
					line.WriteByte(' ')
				}
			default:
				line.WriteString(c.Content)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// HasHalfBlocks reports whether the screen shows enough half blocks (▀ ▄ █)
// to be drawing a QR code: the smallest QR code has 21x21 modules, which
// half blocks draw as 11 rows of 21 cells.
func HasHalfBlocks(scr Screen) bool {
	rows := 0
	for y := range scr.Height() {
		n := 0
		for x := range scr.Width() {
			if c := scr.CellAt(x, y); c != nil && strings.ContainsAny(c.Content, "▀▄█") {
				n++
			}
		}
		if n >= 5 {
			rows++
		}
	}
	// 11 rows, as the smallest code needs: the kiosk's block-letter title
	// on large windows (ui/bigtext.go) is 5 rows of █ and no code.
	return rows >= 11
}
