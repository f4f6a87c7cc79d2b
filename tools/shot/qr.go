package shot

import (
	"errors"
	"fmt"
	"image"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// QR is a QR code found in an image.
type QR struct {
	Text string
	// Inverted is true when the code is light on dark: most phone cameras
	// read it, some older scanners do not.
	Inverted bool
}

// ErrNoQR means that no readable QR code was found.
var ErrNoQR = errors.New("no readable QR code")

// DecodeQR finds and decodes a QR code in img, dark on light first, then
// light on dark.
func DecodeQR(img image.Image) (QR, error) {
	src := gozxing.NewLuminanceSourceFromImage(img)
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	var errs []error
	for _, inverted := range []bool{false, true} {
		s := src
		if inverted {
			s = src.Invert()
		}
		bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(s))
		if err != nil {
			return QR{}, fmt.Errorf("binarize: %w", err)
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
		if err == nil {
			return QR{Text: res.GetText(), Inverted: inverted}, nil
		}
		errs = append(errs, err)
	}
	return QR{}, fmt.Errorf("%w: %w", ErrNoQR, errors.Join(errs...))
}
