package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// A QR code is drawn with half blocks: one terminal cell holds two modules,
// one above the other, so a cell is one module wide and two tall, which
// keeps the code square in a terminal's tall cells. Every cell is drawn in
// explicit black on explicit white, never in the terminal's own colours, so
// the code reads the same on dark and light terminals.
const (
	qrBoth   = "█" // both modules dark
	qrTop    = "▀" // top module dark
	qrBottom = "▄" // bottom module dark
	qrNone   = " " // both light

	// The standard asks for a quiet zone (a light margin) of 4 modules;
	// phones read 2 reliably, and on a screen the code has a margin of
	// terminal around it anyway. The entry screen uses the widest that fits
	// the window; the attract loop's card uses the narrowest.
	qrQuietMax = 4
	qrQuietMin = 2

	// qrMaxScale bounds the size of a module on a large window, in cells.
	qrMaxScale = 4
)

// qrStyle is the explicit black on white of every QR cell.
var qrStyle = lipgloss.NewStyle().Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#FFFFFF"))

// qrCode is an encoded QR code: dark[y][x] for each module, without the
// quiet zone.
type qrCode struct {
	dark [][]bool
}

// encodeQR encodes text at the highest error-correction level that does not
// make the code bigger than the lowest level would: more tolerance for free.
func encodeQR(text string) (code *qrCode, err error) {
	defer func() {
		// The encoder reports some internal errors by panicking; a bad
		// address must not take the visitor's session down with it.
		if r := recover(); r != nil {
			code, err = nil, fmt.Errorf("qr: %v", r)
		}
	}()
	var best *qrcode.QRCode
	for _, level := range []qrcode.RecoveryLevel{qrcode.Low, qrcode.Medium, qrcode.High, qrcode.Highest} {
		q, err := qrcode.New(text, level)
		if err != nil {
			if best == nil {
				return nil, fmt.Errorf("qr: %w", err)
			}
			break
		}
		if best != nil && q.VersionNumber > best.VersionNumber {
			break
		}
		best = q
	}
	best.DisableBorder = true
	return &qrCode{dark: best.Bitmap()}, nil
}

// modules is the number of modules on a side, without the quiet zone.
func (q *qrCode) modules() int { return len(q.dark) }

// size is the code's size in terminal cells with a quiet zone of quiet
// modules: width in columns, height in rows.
func (q *qrCode) size(quiet int) (w, h int) { return q.scaledSize(quiet, 1) }

// scaledSize is size with each module k cells wide and k half-cells tall.
func (q *qrCode) scaledSize(quiet, k int) (w, h int) {
	n := (q.modules() + 2*quiet) * k
	return n, (n + 1) / 2
}

// isDark reports module (x, y) counting the quiet zone, which is light.
func (q *qrCode) isDark(x, y, quiet int) bool {
	x, y = x-quiet, y-quiet
	n := q.modules()
	return x >= 0 && y >= 0 && x < n && y < n && q.dark[y][x]
}

// lines draws the code with a quiet zone of quiet modules, one module a
// cell wide and half a cell tall.
func (q *qrCode) lines(quiet int) []string { return q.scaledLines(quiet, 1) }

// scaledLines draws the code with a quiet zone of quiet modules, each
// module k cells wide and k half-cells tall (cells are about twice as tall
// as wide, so modules stay square), one string per terminal row, every cell
// black on white.
func (q *qrCode) scaledLines(quiet, k int) []string {
	rows := q.blocks(quiet, k, false)
	for i, r := range rows {
		rows[i] = qrStyle.Render(r)
	}
	return rows
}

// plainLines draws the code with no colour at all, for a visitor who asked
// for none (NO_COLOR): the blocks are in the terminal's own text colour.
// On a dark terminal that colour is light, so the blocks draw the light
// modules and the quiet zone, and the background shows the dark ones: the
// code reads as dark on light either way.
func (q *qrCode) plainLines(quiet int, darkTerminal bool) []string {
	return q.blocks(quiet, 1, darkTerminal)
}

// blocks is the one half-block painter: the code with a quiet zone of quiet
// modules, each k cells wide and k half-cells tall, one unstyled string per
// terminal row, a block where a module is dark (light, with invert). An odd
// number of half-cell rows leaves the bottom half of the last row light:
// one more row of quiet zone.
func (q *qrCode) blocks(quiet, k int, invert bool) []string {
	w, h := q.scaledSize(quiet, k)
	ink := func(x, y int) bool { return q.isDark(x/k, y/k, quiet) != invert }
	out := make([]string, h)
	var b strings.Builder
	for row := range h {
		b.Reset()
		for x := range w {
			top, bottom := ink(x, 2*row), ink(x, 2*row+1)
			switch {
			case top && bottom:
				b.WriteString(qrBoth)
			case top:
				b.WriteString(qrTop)
			case bottom:
				b.WriteString(qrBottom)
			default:
				b.WriteString(qrNone)
			}
		}
		out[row] = b.String()
	}
	return out
}

// QRLines is the QR code of text as the kiosk draws it: half blocks, black
// on white, with a quiet zone of quiet modules. The tests decode it.
func QRLines(text string, quiet int) ([]string, error) {
	q, err := encodeQR(text)
	if err != nil {
		return nil, err
	}
	return q.lines(quiet), nil
}
