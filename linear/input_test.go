package linear

import (
	"strings"
	"testing"
)

// typeKeys feeds keys to an editor and returns the lines it finished, the
// events other than lines, and everything it echoed.
func typeKeys(echo bool, keys string) (lines []string, events []event, echoed string) {
	e := editor{echo: echo}
	var out []byte
	for i := 0; i < len(keys); i++ {
		var ev event
		ev, out = e.feed(keys[i], out)
		switch ev {
		case evLine:
			line, tooLong := e.take()
			if tooLong {
				line += "(too long)"
			}
			lines = append(lines, line)
		case evNone:
		default:
			events = append(events, ev)
		}
	}
	return lines, events, string(out)
}

func TestEditorLines(t *testing.T) {
	tests := []struct {
		name, keys string
		want       []string
		echo       string
	}{
		{"CR ends a line", "12\r", []string{"12"}, "12\r\n"},
		{"LF ends a line", "12\n", []string{"12"}, "12\r\n"},
		{"CRLF is one Enter", "1\r\n2\r\n", []string{"1", "2"}, "1\r\n2\r\n"},
		{"CR CR is two", "\r\r", []string{"", ""}, "\r\n\r\n"},
		{"LF LF is two", "\n\n", []string{"", ""}, "\r\n\r\n"},
		{"DEL erases", "12\x7f3\r", []string{"13"}, "12\b \b3\r\n"},
		{"BS erases", "12\b\r", []string{"1"}, "12\b \b\r\n"},
		{"erasing nothing", "\x7f\x7f1\r", []string{"1"}, "1\r\n"},
		{"Ctrl+U erases the line", "abc\x15q\r", []string{"q"}, "abc\b \b\b \b\b \bq\r\n"},
		{"a two-byte character is erased whole", "ñ\x7f\r", []string{""}, "ñ\b \b\r\n"},
		{"a wide character takes two rub-outs", "日\x7f\r", []string{""}, "日\b \b\b \b\r\n"},
		{"arrow keys are dropped", "\x1b[A\x1b[B2\x1b[C\x1b[D\r", []string{"2"}, "2\r\n"},
		{"SS3 arrows are dropped", "\x1bOA3\x1bOB\r", []string{"3"}, "3\r\n"},
		{"keys with modifiers are dropped", "\x1b[1;5C\x1b[3~\x1b[5~4\r", []string{"4"}, "4\r\n"},
		{"Alt+key is dropped", "\x1bx5\r", []string{"5"}, "5\r\n"},
		{"Esc then Enter is an Enter", "6\x1b\r", []string{"6"}, "6\r\n"},
		{"Esc Esc then an arrow", "\x1b\x1b[A7\r", []string{"7"}, "7\r\n"},
		{"tab and other controls are ignored", "\t8\x01\x02\x0c\r", []string{"8"}, "8\r\n"},
		{"C1 controls are dropped", "\u009b9\u0085\r", []string{"9"}, "9\r\n"},
		{"invalid UTF-8 is dropped", "\xff\xfe1\xc3\r", []string{"1"}, "1\r\n"},
		{"bidi overrides are dropped", "\u202e1\r", []string{"1"}, "1\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, events, echoed := typeKeys(true, tt.keys)
			if strings.Join(lines, "|") != strings.Join(tt.want, "|") || len(events) != 0 {
				t.Errorf("lines %q, events %v; want %q", lines, events, tt.want)
			}
			if echoed != tt.echo {
				t.Errorf("echo %q, want %q", echoed, tt.echo)
			}
			if strings.Contains(echoed, "\x1b") {
				t.Errorf("echo contains an escape byte: %q", echoed)
			}
			lines, _, echoed = typeKeys(false, tt.keys)
			if strings.Join(lines, "|") != strings.Join(tt.want, "|") || echoed != "" {
				t.Errorf("without echo: lines %q, echo %q", lines, echoed)
			}
		})
	}
}

func TestEditorControlKeys(t *testing.T) {
	if _, events, _ := typeKeys(true, "1\x03"); len(events) != 1 || events[0] != evInterrupt {
		t.Errorf("Ctrl+C: events %v", events)
	}
	if _, events, _ := typeKeys(true, "\x04"); len(events) != 1 || events[0] != evEOF {
		t.Errorf("Ctrl+D: events %v", events)
	}
}

func TestEditorCapsLines(t *testing.T) {
	long := strings.Repeat("7", MaxLine+100)
	lines, _, echoed := typeKeys(true, long+"\r2\r")
	if len(lines) != 2 || lines[0] != strings.Repeat("7", MaxLine)+"(too long)" || lines[1] != "2" {
		t.Errorf("lines %q", lines)
	}
	if want := strings.Repeat("7", MaxLine) + "\r\n2\r\n"; echoed != want {
		t.Errorf("echoed %d bytes, want %d: only what is kept is echoed", len(echoed), len(want))
	}
	// Erasing makes room again, and the line is then not too long.
	lines, _, _ = typeKeys(true, strings.Repeat("1", MaxLine)+"\x7f\x7f23\r")
	if len(lines) != 1 || strings.HasSuffix(lines[0], "(too long)") || !strings.HasSuffix(lines[0], "123") {
		t.Errorf("after erasing: %q", lines)
	}
}
