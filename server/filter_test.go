package server

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/internal/textsafe"
)

func ptyPayload(term string, w, h uint32, modes string) []byte {
	b := appendString(nil, term)
	b = window{w, h, 640, 480}.append(b)
	return appendString(b, modes)
}

func TestFilterPty(t *testing.T) {
	for _, c := range []struct {
		term         string
		w, h         uint32
		wantTerm     string
		wantW, wantH uint32
	}{
		{"xterm-256color", 120, 40, "xterm-256color", 120, 40},
		{"xterm", 0, 0, "xterm", defaultWidth, defaultHeight},
		{"xterm", 1<<32 - 1, 1<<32 - 1, "xterm", MaxWidth, MaxHeight},
		{"\x1b]0;pwned\x07", 1, 1, "xterm", 1, 1},
		{strings.Repeat("t", 65), 80, 24, "xterm", 80, 24},
	} {
		var f sessionFilter
		out, ok := f.filter("pty-req", ptyPayload(c.term, c.w, c.h, "\x00"))
		if !ok {
			t.Fatalf("pty-req %q %dx%d refused", c.term, c.w, c.h)
		}
		term, rest, _ := parseString(out)
		w, _ := parseWindow(rest[:16])
		if term != c.wantTerm || w.cols != c.wantW || w.rows != c.wantH {
			t.Errorf("pty-req %q %dx%d -> %q %dx%d", c.term, c.w, c.h, term, w.cols, w.rows)
		}
		if modes, _, _ := parseString(rest[16:]); modes != "\x00" {
			t.Errorf("modes lost: %q", modes)
		}
	}
	var f sessionFilter
	for _, bad := range [][]byte{nil, {0, 0, 0, 9, 'x'}, ptyPayload("xterm", 1, 1, "")[:20], append(ptyPayload("x", 1, 1, ""), 0)} {
		if _, ok := f.filter("pty-req", bad); ok {
			t.Errorf("malformed pty-req %q accepted", bad)
		}
	}
}

func TestFilterRequests(t *testing.T) {
	var f sessionFilter
	big := bytes.Repeat([]byte{'x'}, maxRequestPayload+1)
	for _, c := range []struct {
		typ     string
		payload []byte
		ok      bool
	}{
		{"shell", nil, true},
		{"exec", appendString(nil, "page 01-leadership"), true},
		{"exec", appendString(nil, "rm -rf /"), true}, // the kiosk answers it, exit 2
		{"exec", []byte{0, 0, 0, 9}, false},
		{"exec", append(appendString(nil, "x"), big...), false},
		{"signal", appendString(nil, "INT"), true},
		{"signal", appendString(nil, strings.Repeat("S", 100)), false},
		{"break", binary.BigEndian.AppendUint32(nil, 100), true},
		{"window-change", window{1, 1, 0, 0}.append(nil), true},
		{"window-change", []byte{1, 2, 3}, false},
		{"subsystem", appendString(nil, "sftp"), false},
		{"x11-req", nil, false},
		{"auth-agent-req@openssh.com", nil, false},
		{"env", appendString(appendString(nil, "PATH"), "/tmp"), false},
		{"env", appendString(appendString(nil, "LANG"), strings.Repeat("x", maxEnvValue+1)), false},
		{"unknown", nil, false},
	} {
		if _, ok := f.filter(c.typ, c.payload); ok != c.ok {
			t.Errorf("%s %q: ok = %v, want %v", c.typ, c.payload, ok, c.ok)
		}
	}
}

func TestFilterEnv(t *testing.T) {
	var f sessionFilter
	out, ok := f.filter("env", appendString(appendString(nil, "LANG"), "es_AR.UTF-8\x1b[31m\u202e"))
	if !ok {
		t.Fatal("LANG refused")
	}
	name, rest, _ := parseString(out)
	value, _, _ := parseString(rest)
	if name != "LANG" || value != "es_AR.UTF-8" {
		t.Errorf("env LANG -> %q=%q", name, value)
	}
	accepted := 1
	for _, name := range []string{"TERM", "NO_COLOR", "COLORTERM", "LC_ALL", "LC_CTYPE"} {
		if _, ok := f.filter("env", appendString(appendString(nil, name), "1")); ok {
			accepted++
		}
	}
	if accepted != 6 {
		t.Errorf("allowed names: %d of 6 accepted", accepted)
	}
	for range 100 {
		if _, ok := f.filter("env", appendString(appendString(nil, "LC_X"), "1")); ok {
			accepted++
		}
	}
	if accepted != maxEnvVars {
		t.Errorf("accepted %d env requests, want %d", accepted, maxEnvVars)
	}
}

// FuzzRequestFilter: no payload makes the filter panic, and whatever it
// passes on is within bounds.
func FuzzRequestFilter(f *testing.F) {
	f.Add("pty-req", ptyPayload("xterm", 80, 24, "\x00"))
	f.Add("pty-req", ptyPayload("\x1b[31m", 1<<31, 0, ""))
	f.Add("window-change", window{1 << 31, 0, 1 << 31, 7}.append(nil))
	f.Add("env", appendString(appendString(nil, "LANG"), "\u202ees"))
	f.Add("exec", appendString(nil, "page x"))
	f.Add("signal", appendString(nil, "TERM"))
	f.Fuzz(func(t *testing.T, typ string, payload []byte) {
		var sf sessionFilter
		for range 20 { // the same request many times: counters hold
			out, ok := sf.filter(typ, payload)
			if !ok {
				if out != nil {
					t.Fatalf("refused %s returned a payload", typ)
				}
				continue
			}
			if len(out) > maxRequestPayload+64 {
				t.Fatalf("%s: %d bytes passed on", typ, len(out))
			}
			switch typ {
			case "pty-req":
				term, rest, ok := parseString(out)
				if !ok || len(rest) < 16 || textsafe.Term(term, "") != term {
					t.Fatalf("pty-req passed on %q", out)
				}
				checkWindow(t, rest[:16])
			case "window-change":
				checkWindow(t, out)
			case "env":
				name, rest, _ := parseString(out)
				value, _, _ := parseString(rest)
				if !envAllowed(name) || len(value) > maxEnvValue || textsafe.Clean(value, 0) != value {
					t.Fatalf("env passed on %q=%q", name, value)
				}
			case "shell", "exec", "signal", "break":
			default:
				t.Fatalf("%s passed on", typ)
			}
		}
		if sf.env > maxEnvVars {
			t.Fatalf("%d env requests accepted", sf.env)
		}
	})
}

func checkWindow(t *testing.T, b []byte) {
	t.Helper()
	w, ok := parseWindow(b)
	if !ok || w.cols < 1 || w.cols > MaxWidth || w.rows < 1 || w.rows > MaxHeight || w.wpx > maxPixels || w.hpx > maxPixels {
		t.Fatalf("window passed on: %+v", w)
	}
}
