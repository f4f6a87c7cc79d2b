package shot

import (
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

func TestHasHalfBlocks(t *testing.T) {
	// A QR code drawn in half blocks, as on the kiosk's screens.
	if !HasHalfBlocks(onScreen(halfBlockGrid(qrModules(t, qrText), nil, nil), 80, 30, 10, 2)) {
		t.Error("a QR code was not seen")
	}
	// The kiosk's title in block letters on a 160x45 window: 5 rows of █.
	g := newGrid(160, 45)
	for y := 3; y < 8; y++ {
		for x := 20; x < 140; x += 2 {
			g.set(x, y, "█", uv.Style{})
		}
	}
	if HasHalfBlocks(g) {
		t.Error("5 rows of block letters were taken for a QR code")
	}
}
