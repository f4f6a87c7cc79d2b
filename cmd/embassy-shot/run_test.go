package main

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/server"
)

func TestRunRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.png")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "10.0.0.1:22", "--out", out}, "--allow-remote"},
		{[]string{"--addr", "0.0.0.0:22", "--out", out}, "not loopback"},
		{[]string{"--size", "80", "--out", out}, "--size"},
		{[]string{"--size", "0x24", "--out", out}, "--size"},
		{[]string{"--size", "5000x24", "--out", out}, "--size"},
		{[]string{"--keys", "1,,q", "--out", out}, "--keys"},
		{[]string{"--keys", "nosuchkey", "--out", out}, "--keys"},
		{[]string{"--env", "NOEQUALS", "--out", out}, "env"},
		{[]string{"--settle", "0s", "--out", out}, "settle"},
		{[]string{}, "--out"},
		{[]string{"--out", filepath.Join(dir, "x.jpg")}, ".png"},
		{[]string{"--qr", "maybe", "--out", out}, "--qr"},
		{[]string{"--cell-width", "0", "--out", out}, "out of range"},
		{[]string{"--out", out, "stray"}, "unexpected"},
		{[]string{"--from", filepath.Join(dir, "missing.raw"), "--out", out}, "--from"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tt.args, os.Getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a refused run wrote %s", out)
	}
}

// startKiosk serves the embedded content on 127.0.0.1 with a fresh host key.
func startKiosk(t *testing.T) string {
	t.Helper()
	return kiosktest.Start(t, server.Config{Logger: slog.New(slog.DiscardHandler)}).Addr
}

func TestRunTakesAShotAndRedrawsItFromRaw(t *testing.T) {
	addr := startKiosk(t)
	dir := t.TempDir()
	live, raw, again := filepath.Join(dir, "page.png"), filepath.Join(dir, "page.raw"), filepath.Join(dir, "again.png")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{
		"--addr", addr, "--keys", "1", "--settle", "250ms", "--size", "100x30",
		"--out", live, "--raw", raw, "--text", "--qr", "auto",
	}, os.Getenv, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v (stderr %q)", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "100x30 cells, 1020x640 pixels") || !strings.Contains(stdout.String(), "Fostering human rights") {
		t.Errorf("stdout lacks the size or the page's text:\n%s", stdout.String())
	}
	f, err := os.Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 1020 || cfg.Height != 640 {
		t.Errorf("PNG config %+v, %v; want 1020x640", cfg, err)
	}

	// --from draws the same picture from the recorded output.
	stdout.Reset()
	if err := run(context.Background(), []string{"--from", raw, "--size", "100x30", "--out", again}, os.Getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run --from: %v", err)
	}
	a, _ := os.ReadFile(live)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Errorf("--from %s drew a different picture", raw)
	}

	// The page has no QR code: --qr require says so.
	err = run(context.Background(), []string{"--from", raw, "--size", "100x30", "--out", again, "--qr", "require"}, os.Getenv, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "no readable QR code") {
		t.Errorf("--qr require on a page without a code = %v, want no readable QR code", err)
	}
}

// qrOutput is terminal output that draws text's QR code in half blocks,
// black on white with a quiet zone, below a line of text.
func qrOutput(t *testing.T, text string) []byte {
	t.Helper()
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	code.DisableBorder = true
	bits := code.Bitmap()
	dark := func(x, y int) bool {
		x, y = x-4, y-4
		return x >= 0 && y >= 0 && x < len(bits) && y < len(bits) && bits[y][x]
	}
	var b strings.Builder
	b.WriteString("\x1b[2J\x1b[H Scan me\r\n\r\n")
	size := len(bits) + 8
	for y := 0; y < size; y += 2 {
		b.WriteString("  \x1b[30;107m")
		for x := range size {
			b.WriteString(map[[2]bool]string{{false, false}: " ", {true, false}: "▀", {false, true}: "▄", {true, true}: "█"}[[2]bool{dark(x, y), dark(x, y+1)}])
		}
		b.WriteString("\x1b[m\r\n")
	}
	return []byte(b.String())
}

func TestRunReadsTheQRCodeInAShot(t *testing.T) {
	const url = "https://www.argentina.gob.ar/derechoshumanos"
	dir := t.TempDir()
	raw := filepath.Join(dir, "entry.raw")
	if err := os.WriteFile(raw, qrOutput(t, url), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"auto", "require"} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"--from", raw, "--size", "80x30", "--out", filepath.Join(dir, "entry.png"), "--qr", mode}, os.Getenv, &stdout, &stderr)
		if err != nil {
			t.Fatalf("--qr %s: %v", mode, err)
		}
		if want := `QR code (dark on light) reads "` + url + `"`; !strings.Contains(stdout.String(), want) {
			t.Errorf("--qr %s: stdout %q lacks %q", mode, stdout.String(), want)
		}
	}
}
