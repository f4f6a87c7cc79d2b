package linear

import (
	"bytes"
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// MaxLine is the longest line kept, in bytes; what is typed beyond it is
// neither kept nor echoed, and the line is answered as too long.
const MaxLine = 256

// event is what one input byte completed.
type event int

const (
	evNone      event = iota
	evLine            // Enter: the line is in editor.line
	evInterrupt       // Ctrl+C
	evEOF             // Ctrl+D
)

// escState tracks an escape sequence being discarded.
type escState int

const (
	escNone  escState = iota
	escStart          // after ESC
	escCSI            // after ESC [ : parameters until a final byte
	escSS3            // after ESC O : one final byte
)

// editor turns the bytes a client sends into lines, as a Unix terminal in
// cooked mode would: with a PTY the client sends raw keys, so the editor
// echoes what it keeps and erases with "\b \b" (the only cursor movement
// the linear mode ever sends, and the one every terminal and screen reader
// knows from a shell prompt). Escape sequences (arrow and function keys,
// Alt+key) are discarded whole, never echoed. Only printable characters are
// kept: no control character, C1 code or invalid UTF-8 reaches the line or
// the echo.
type editor struct {
	echo    bool   // with a PTY: echo what is kept
	line    []byte // the line so far, at most MaxLine bytes
	tooLong bool   // something was dropped because the line was full
	esc     escState
	lastCR  bool   // the previous byte was CR, so a following LF is the same Enter
	pending []byte // the first bytes of a UTF-8 character
}

// feed takes one byte; what should be echoed is appended to echo.
func (e *editor) feed(b byte, echo []byte) (event, []byte) {
	lastCR := e.lastCR
	e.lastCR = false
	if e.esc != escNone && e.escape(b) {
		return evNone, echo
	}
	if len(e.pending) > 0 && (b < 0x80 || b >= 0xC0) {
		e.pending = e.pending[:0] // an incomplete character: dropped
	}
	switch {
	case b == 0x1b:
		e.esc = escStart
	case b == '\r':
		e.lastCR = true
		return evLine, e.newline(echo)
	case b == '\n':
		if lastCR {
			return evNone, echo
		}
		return evLine, e.newline(echo)
	case b == 0x03:
		return evInterrupt, echo
	case b == 0x04:
		return evEOF, echo
	case b == 0x7f || b == 0x08: // Backspace sends DEL, or BS
		echo = e.erase(echo)
	case b == 0x15: // Ctrl+U erases the line
		for len(e.line) > 0 {
			echo = e.erase(echo)
		}
	case b < 0x20:
		// Tab and the other control keys: ignored.
	default:
		echo = e.printable(b, echo)
	}
	return evNone, echo
}

// escape takes one byte of an escape sequence; it reports false when the
// byte ends the sequence without belonging to it (a control key typed right
// after Esc), and must be read as a key of its own.
func (e *editor) escape(b byte) bool {
	if b < 0x20 || b == 0x7f {
		e.esc = escNone
		return b == 0x1b && e.restart()
	}
	switch e.esc {
	case escStart:
		switch b {
		case '[':
			e.esc = escCSI
		case 'O':
			e.esc = escSS3
		default: // Alt+key: both dropped
			e.esc = escNone
		}
	case escCSI:
		if b >= 0x40 && b <= 0x7e {
			e.esc = escNone
		}
	case escSS3:
		e.esc = escNone
	}
	return true
}

// restart begins a new escape sequence (ESC ESC).
func (e *editor) restart() bool {
	e.esc = escStart
	return true
}

func (e *editor) printable(b byte, echo []byte) []byte {
	e.pending = append(e.pending, b)
	if !utf8.FullRune(e.pending) {
		if len(e.pending) >= utf8.UTFMax {
			e.pending = e.pending[:0]
		}
		return echo
	}
	r, size := utf8.DecodeRune(e.pending)
	ch := e.pending[:size]
	e.pending = e.pending[:0]
	if r == utf8.RuneError || !unicode.IsGraphic(r) {
		return echo
	}
	if len(e.line)+len(ch) > MaxLine {
		e.tooLong = true
		return echo
	}
	e.line = append(e.line, ch...)
	if e.echo {
		echo = append(echo, ch...)
	}
	return echo
}

// erase removes the last character and, with echo, rubs it out.
func (e *editor) erase(echo []byte) []byte {
	if len(e.line) == 0 {
		return echo
	}
	r, size := utf8.DecodeLastRune(e.line)
	e.line = e.line[:len(e.line)-size]
	if e.echo {
		for range ansi.StringWidth(string(r)) {
			echo = append(echo, "\b \b"...)
		}
	}
	return echo
}

func (e *editor) newline(echo []byte) []byte {
	if e.echo {
		echo = append(echo, '\r', '\n')
	}
	return echo
}

// take returns the finished line and starts a new one.
func (e *editor) take() (line string, tooLong bool) {
	line, tooLong = string(e.line), e.tooLong
	e.line, e.tooLong = e.line[:0], false
	return line, tooLong
}

// chunk is what one Read returned.
type chunk struct {
	data []byte
	err  error
}

// read passes what in gives to chunks until in fails or stop is closed.
func read(in io.Reader, chunks chan<- chunk, stop <-chan struct{}) {
	buf := make([]byte, 512)
	for {
		n, err := in.Read(buf)
		if n > 0 || err != nil {
			select {
			case chunks <- chunk{data: bytes.Clone(buf[:n]), err: err}:
			case <-stop:
				return
			}
		}
		if err != nil {
			return
		}
	}
}
