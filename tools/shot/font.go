package shot

import (
	"fmt"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// faceStyle indexes the four Go Mono faces.
type faceStyle int

const (
	faceRegular faceStyle = iota
	faceBold
	faceItalic
	faceBoldItalic
)

// fonts are the four Go Mono faces at one size, with what is needed to
// tell whether a face has a glyph.
type fonts struct {
	faces [4]font.Face
	sfnts [4]*sfnt.Font
	buf   sfnt.Buffer
}

func loadFonts(size float64) (*fonts, error) {
	ttfs := [4][]byte{gomono.TTF, gomonobold.TTF, gomonoitalic.TTF, gomonobolditalic.TTF}
	f := &fonts{}
	for i, ttf := range ttfs {
		parsed, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("parse Go Mono: %w", err)
		}
		face, err := opentype.NewFace(parsed, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, fmt.Errorf("a face of Go Mono: %w", err)
		}
		f.sfnts[i], f.faces[i] = parsed, face
	}
	return f, nil
}

// has reports whether the faces have a glyph for r (all four Go Mono faces
// cover the same characters).
func (f *fonts) has(r rune) bool {
	i, err := f.sfnts[faceRegular].GlyphIndex(&f.buf, r)
	return err == nil && i != 0
}

// substitutes stand in for characters Go Mono lacks, by a look-alike it has.
var substitutes = map[rune]rune{
	'▹': '►', '▶': '►', '➤': '►', '❯': '>', '›': '>',
	'◀': '◄', '❮': '<', '‹': '<',
	'✗': 'x', '✘': 'x', '⏎': '↵',
}
