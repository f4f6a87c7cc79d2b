package shot_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/server"
	"github.com/embassy-kiosk/embassy/tools/shot"
	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// startKiosk serves the embedded content with a fresh ed25519 host key on
// 127.0.0.1 and returns its address; the server stops when the test ends.
func startKiosk(t *testing.T) string {
	t.Helper()
	return kiosktest.Start(t, server.Config{Logger: slog.New(slog.DiscardHandler)}).Addr
}

func session(t *testing.T, addr, keys string) shot.Session {
	t.Helper()
	s := shot.DefaultSession(addr)
	s.Settle = 250 * time.Millisecond
	steps, err := sshterm.ParseKeyScript(keys)
	if err != nil {
		t.Fatal(err)
	}
	s.Keys = steps
	return s
}

func renderer(t *testing.T) *shot.Renderer {
	t.Helper()
	r, err := shot.NewRenderer(shot.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func count(img image.Image, rect image.Rectangle, ok func(color.RGBA) bool) int {
	n := 0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if ok(color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}) {
				n++
			}
		}
	}
	return n
}

func TestTakeHomeScreen(t *testing.T) {
	addr := startKiosk(t)
	r := renderer(t)
	for _, tt := range []struct {
		name    string
		env     []string
		celeste color.RGBA
	}{
		// The flag's sky blue, #74ACDF, when the client says it shows true
		// colour; xterm's colour 110 otherwise, the kiosk's nearest of 256.
		{"true colour", []string{"COLORTERM=truecolor"}, color.RGBA{0x74, 0xac, 0xdf, 0xff}},
		{"256 colours", nil, color.RGBA{0x87, 0xaf, 0xd7, 0xff}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, addr, "")
			s.Env = tt.env
			var warn bytes.Buffer
			sh, err := shot.Take(context.Background(), s, r, &warn)
			if err != nil {
				t.Fatalf("Take: %v", err)
			}
			if warn.Len() > 0 {
				t.Errorf("warnings: %s", warn.String())
			}
			text := shot.Text(sh.Screen)
			for _, want := range []string{"Embassy of the Argentine Republic in South Africa", "Related websites", "q quit"} {
				if !strings.Contains(text, want) {
					t.Errorf("screen lacks %q:\n%s", want, text)
				}
			}

			// Through PNG and back, as a reader of the README gets it.
			b, err := sh.PNG()
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("decode PNG: %v", err)
			}
			if got, want := img.Bounds().Size(), image.Pt(82*10, 26*20); got != want {
				t.Fatalf("PNG is %v, want %v (80x24 cells of 10x20 and a one-cell frame)", got, want)
			}
			row := func(y int) image.Rectangle {
				return image.Rect(r.CellRect(0, y).Min.X, r.CellRect(0, y).Min.Y, r.CellRect(79, y).Max.X, r.CellRect(79, y).Max.Y)
			}
			isCeleste := func(c color.RGBA) bool { return c == tt.celeste }
			// The title, on the second row, is celeste; the Embassy's name
			// above it is not; the rows below the menu are blank.
			if n := count(img, row(1), isCeleste); n < 50 {
				t.Errorf("the title row has %d pixels of %v, want at least 50", n, tt.celeste)
			}
			if n := count(img, row(0), isCeleste); n > 0 {
				t.Errorf("the Embassy's name has %d pixels of %v, want none", n, tt.celeste)
			}
			bg := shot.DarkTheme().Background
			if n := count(img, row(21), func(c color.RGBA) bool { return c != bg }); n > 0 {
				t.Errorf("row 21 has %d pixels that are not the background, want a blank row", n)
			}
		})
	}
}

func TestTakeAfterKeys(t *testing.T) {
	addr := startKiosk(t)
	sh, err := shot.Take(context.Background(), session(t, addr, "4,enter"), renderer(t), io.Discard)
	if err != nil {
		t.Fatalf("Take: %v", err)
	}
	if text := shot.Text(sh.Screen); !strings.Contains(text, "Secretariat of Human Rights") || strings.Contains(text, "Press a number") {
		t.Errorf("after 4, enter the screen is not the first directory entry:\n%s", text)
	}
}

func TestTakeWideScreen(t *testing.T) {
	addr := startKiosk(t)
	s := session(t, addr, "")
	s.Width, s.Height = 160, 45
	sh, err := shot.Take(context.Background(), s, renderer(t), io.Discard)
	if err != nil {
		t.Fatalf("Take: %v", err)
	}
	if got, want := sh.Image.Bounds().Size(), image.Pt(162*10, 47*20); got != want {
		t.Errorf("image is %v, want %v", got, want)
	}
	lines := strings.Split(strings.TrimRight(shot.Text(sh.Screen), "\n"), "\n")
	if len(lines) != 45 || !strings.Contains(lines[44], "q quit") {
		t.Errorf("want the help line on row 45 of 45, got %d rows, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestCaptureRefusesRemoteAddresses(t *testing.T) {
	for _, addr := range []string{"192.0.2.1:22", "0.0.0.0:22", "[2001:db8::1]:22"} {
		s := shot.DefaultSession(addr)
		if _, err := s.Capture(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "--allow-remote") {
			t.Errorf("Capture(%s) = %v, want a refusal naming --allow-remote", addr, err)
		}
	}
}

func TestCaptureStopsAtTimeout(t *testing.T) {
	// A listener that accepts and never speaks SSH.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s := shot.DefaultSession(ln.Addr().String())
	s.Timeout = 300 * time.Millisecond
	start := time.Now()
	_, err = s.Capture(context.Background(), nil)
	if err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("Capture against a silent server = %v after %v, want an error within the timeout", err, time.Since(start))
	}
}
