package sshterm

import (
	"strings"
	"testing"
)

func TestResponderAnswers(t *testing.T) {
	tests := []struct {
		name, in, reply, kind string
	}{
		{"DA1", "\x1b[c", "\x1b[?62;22c", "DA1 CSI c"},
		{"DA1 with 0", "\x1b[0c", "\x1b[?62;22c", "DA1 CSI c"},
		{"DA2", "\x1b[>c", "\x1b[>1;10;0c", "DA2 CSI >c"},
		{"CPR", "\x1b[6n", "\x1b[1;1R", "CPR CSI 6n"},
		{"DSR", "\x1b[5n", "\x1b[0n", "DSR CSI 5n"},
		{"OSC 11 BEL", "\x1b]11;?\x07", "\x1b]11;rgb:0000/0000/0000\x07", "OSC 11;?"},
		{"OSC 11 ST", "\x1b]11;?\x1b\\", "\x1b]11;rgb:0000/0000/0000\x1b\\", "OSC 11;?"},
		{"OSC 10", "\x1b]10;?\x1b\\", "\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\", "OSC 10;?"},
		{"DECRQM 2026", "\x1b[?2026$p", "\x1b[?2026;2$y", "DECRQM CSI ?2026$p"},
		{"DECRQM 2027 unknown", "\x1b[?2027$p", "\x1b[?2027;0$y", "DECRQM CSI ?2027$p"},
		{"DECRQM ANSI", "\x1b[4$p", "\x1b[4;0$y", "DECRQM CSI 4$p"},
		{"kitty", "\x1b[?u", "\x1b[?0u", "kitty keyboard CSI ?u"},
		{"XTVERSION", "\x1b[>q", "\x1bP>|embassy-load(1)\x1b\\", "XTVERSION CSI >q"},
		{"text area size", "\x1b[18t", "\x1b[8;24;80t", "window size CSI 18t"},
		{"XTGETTCAP", "\x1bP+q524742\x1b\\", "\x1bP0+r524742\x1b\\", "XTGETTCAP DCS +q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewResponder(DefaultTerminal(80, 24))
			reply, _ := r.Feed([]byte(tt.in))
			if string(reply) != tt.reply {
				t.Errorf("reply %q, want %q", reply, tt.reply)
			}
			if r.Queries[tt.kind] != 1 {
				t.Errorf("queries %v, want one %q", r.Queries, tt.kind)
			}
		})
	}
}

// Every sequence must be recognised whichever way the output is split.
func TestResponderSplitAnywhere(t *testing.T) {
	in := "\x1b[?2026$p\x1b[?2027$p\x1b[>4m\x1b[?1049h\x1b]11;?\x07\x1b[38;5;110;1mEmbassy\x1b[m\x1b[c"
	want := "\x1b[?2026;2$y\x1b[?2027;0$y\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"
	for cut := 0; cut <= len(in); cut++ {
		for cut2 := cut; cut2 <= len(in); cut2++ {
			r := NewResponder(DefaultTerminal(80, 24))
			var reply, text []byte
			for _, part := range []string{in[:cut], in[cut:cut2], in[cut2:]} {
				rep, txt := r.Feed([]byte(part))
				reply = append(reply, rep...)
				text = append(text, txt...)
			}
			if string(reply) != want || string(text) != "Embassy" {
				t.Fatalf("cut at %d,%d: reply %q text %q", cut, cut2, reply, text)
			}
		}
	}
}

func TestResponderIgnoresOrdinaryOutput(t *testing.T) {
	r := NewResponder(DefaultTerminal(80, 24))
	// SGR, cursor moves, modes, a title, a hyperlink, modifyOtherKeys, kitty
	// push, bracketed paste, and UTF-8 whose continuation bytes include 0x9b
	// (the 8-bit CSI).
	in := "\x1b[1;31mred\x1b[m\x1b[2J\x1b[H\x1b[?25l\x1b]2;title\x07\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\" +
		"\x1b[>4;2m\x1b[>1u\x1b[?2004h\x1b7\x1b8\x1b(B" + "\u06db\u2190"
	reply, text := r.Feed([]byte(in))
	if reply != nil {
		t.Errorf("reply %q to ordinary output", reply)
	}
	if len(r.Queries) != 0 {
		t.Errorf("queries %v", r.Queries)
	}
	if got := string(text); got != "red\n\nlink\u06db\u2190" {
		t.Errorf("text %q", got)
	}
	if r.Clears != 1 {
		t.Errorf("clears %d, want 1", r.Clears)
	}
}

func TestResponderText(t *testing.T) {
	r := NewResponder(DefaultTerminal(80, 24))
	_, text := r.Feed([]byte("Embassy\x1b[1Cof\x1b[Cthe\r\nArgentine\x1b[5;5HRepublic x\x1b[3b"))
	if got := string(text); got != "Embassy of the\n\nArgentine\nRepublic xxxx" {
		t.Errorf("text %q", got)
	}
}

func TestResponderRobustness(t *testing.T) {
	r := NewResponder(DefaultTerminal(80, 24))
	// An overlong CSI is dropped, not answered.
	long := "\x1b[" + strings.Repeat("1;", 100) + "c"
	if reply, _ := r.Feed([]byte(long)); reply != nil {
		t.Errorf("answered an overlong CSI: %q", reply)
	}
	// An unterminated OSC cut short by a new escape sequence.
	reply, text := r.Feed([]byte("\x1b]11;?\x1b[6nok"))
	if string(reply) != "\x1b[1;1R" || string(text) != "ok" {
		t.Errorf("reply %q text %q", reply, text)
	}
	// An overlong OSC is dropped, and the parser recovers.
	reply, _ = r.Feed([]byte("\x1b]11;" + strings.Repeat("?", 5000) + "\x07\x1b[c"))
	if string(reply) != "\x1b[?62;22c" {
		t.Errorf("after overlong OSC: %q", reply)
	}
	// CAN aborts a sequence.
	reply, text = r.Feed([]byte("\x1b[6\x18n"))
	if reply != nil || string(text) != "n" {
		t.Errorf("CAN: reply %q text %q", reply, text)
	}
	// Unanswered queries are counted.
	r.Feed([]byte("\x1b]7501;?\x07\x1b]52;c;?\x07"))
	if r.Queries["OSC 7501;? (unanswered)"] != 1 || r.Queries["OSC 52;? (unanswered)"] != 1 {
		t.Errorf("queries %v", r.Queries)
	}
}

func FuzzResponder(f *testing.F) {
	f.Add([]byte("\x1b[?2026$p\x1b]11;?\x07\x1b[c"))
	f.Add([]byte("\x1bP+q\x1b\\\x1b_G\x1b\\"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewResponder(DefaultTerminal(80, 24))
		reply, text := r.Feed(b)
		if len(reply) > 64*len(b)+64 || len(text) > maxRepeat*len(b)+len(b) {
			t.Fatalf("output out of proportion: %d reply, %d text for %d in", len(reply), len(text), len(b))
		}
	})
}
