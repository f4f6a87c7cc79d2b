package frames

import (
	"errors"
	"io"
	"reflect"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// EscTimeout is how long an escape byte waits for the rest of a sequence
// before it counts as the Esc key (ultraviolet's default); an escape byte
// read alone counts at once.
const EscTimeout = uv.DefaultEscTimeout

// answerWait is how long after the start a lone escape byte still waits
// EscTimeout, unless the terminal has answered the background-colour query
// (sent with the first frame) by then: an answer split after its ESC must
// not be read as Esc and typed keys ("]11;…" would open page 1).
const answerWait = 3 * time.Second

// maxPending bounds what is held while waiting for the end of a sequence or
// of a paste: a client that never finishes one cannot grow it further.
const maxPending = 32 << 10

// ReadInput reads what the visitor's terminal sends on in (keys, mouse,
// pastes and answers to queries) and gives it to send as events, which
// Bubble Tea turns into its messages, until in ends. It returns nil at the
// end of in.
//
// It replaces Bubble Tea's input reader for a program run with
// tea.WithInput(nil) (ProgramOptions does that): Bubble Tea's reader builds
// a table of key sequences of about 136 KB for every program and runs two
// goroutines. This one runs in the caller's goroutine, plus a timer while
// an escape sequence is incomplete, and decodes with ultraviolet's
// EventDecoder, the decoder Bubble Tea's reader uses (without the table:
// xterm's sequences are decoded all the same; terminfo and a few urxvt
// key sequences are not).
//
// What a visitor may send is bounded by DefaultInputBudget; ReadInputBudget
// takes another.
func ReadInput(in io.Reader, send func(tea.Msg)) error {
	return ReadInputBudget(in, send, DefaultInputBudget)
}

// ReadInputBudget is ReadInput within budget b (see InputBudget).
func ReadInputBudget(in io.Reader, send func(tea.Msg), b InputBudget) error {
	r := &reader{send: send, spend: newSpender(b), started: time.Now()}
	var buf [256]byte
	for {
		n, err := in.Read(buf[:])
		if n > 0 {
			r.feed(buf[:n])
		}
		if err != nil {
			r.flush()
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

type reader struct {
	mu      sync.Mutex // held while sending too, so events stay in order
	send    func(tea.Msg)
	dec     uv.EventDecoder
	pending []byte // the start of a sequence not complete yet
	paste   []byte // a bracketed paste being received; nil outside one
	timer   *time.Timer
	gen     int // counts reads, so a timer knows if more bytes came

	started  time.Time // when reading began; zero: long ago
	answered bool      // the terminal answered the background-colour query

	spend    spender // the input budget (budget.go)
	skipping bool    // dropping the rest of a sequence longer than MaxSequence
}

func (r *reader) feed(b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gen++
	r.spend.tick()
	if b = r.skip(b); len(b) == 0 {
		return
	}
	if len(b) == 1 && b[0] == ansi.ESC && len(r.pending) == 0 && r.paste == nil && r.noAnswerDue() {
		// A read of a lone Esc is the Esc key, at once: a terminal sends a
		// key's sequence in one write, which the client sends in one
		// packet, so nothing is coming to complete it. (Bubble Tea v1 read
		// keys so, key.go's canHaveMoreData.) Waiting EscTimeout for more
		// made Esc the one key a slow link showed late.
		r.pending = append(r.pending, b...)
		r.scan(true)
		return
	}
	r.pending = append(r.pending, b...)
	r.scan(len(r.pending) > maxPending)
	if len(r.pending) > 0 {
		gen := r.gen
		if r.timer != nil {
			r.timer.Stop()
		}
		r.timer = time.AfterFunc(EscTimeout, func() { r.expire(gen) })
	}
}

// noAnswerDue reports whether no answer to the start's query can still be
// on its way: it came, or answerWait has passed. r.mu is held.
func (r *reader) noAnswerDue() bool {
	return r.answered || time.Since(r.started) > answerWait
}

// expire is the timer: no byte came for EscTimeout, so what is pending is
// taken as it is (a lone Esc is the Esc key).
func (r *reader) expire(gen int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if gen != r.gen {
		return
	}
	r.spend.tick()
	r.scan(true)
	r.timer = nil
}

func (r *reader) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.timer != nil {
		r.timer.Stop()
	}
	r.spend.tick()
	r.scan(true)
}

// skip drops what is left of an overlong sequence at the start of b, up to
// the byte that ends it (BEL, CAN, SUB, ST or ESC \; a lone ESC starts
// what comes next), and returns the rest.
func (r *reader) skip(b []byte) []byte {
	if !r.skipping {
		return b
	}
	for i, c := range b {
		switch c {
		case ansi.BEL, ansi.CAN, ansi.SUB, ansi.ST:
			r.spend.skipped(i + 1)
			r.skipping = false
			return b[i+1:]
		case ansi.ESC:
			r.spend.skipped(i)
			r.skipping = false
			if i+1 < len(b) && b[i+1] == '\\' {
				return b[i+2:]
			}
			return b[i:]
		}
	}
	r.spend.skipped(len(b))
	return nil
}

// emit sends ev, n bytes of input, if the budget allows. r.mu is held.
func (r *reader) emit(ev tea.Msg, n int) {
	if _, ok := ev.(uv.BackgroundColorEvent); ok {
		r.answered = true
	}
	if r.spend.allow(ev, n) {
		r.send(ev)
	}
}

// uvPkg is ultraviolet's import path, to recognise its unexported
// ignoredEvent: sequences it decodes only to drop them.
var uvPkg = reflect.TypeFor[uv.UnknownEvent]().PkgPath()

// scan decodes r.pending and sends what it finds. Unless expired, an
// incomplete sequence at the end is kept for the next read. This is
// ultraviolet's eventScanner.scanEvents without the Windows console and the
// key table. r.mu is held.
func (r *reader) scan(expired bool) {
	buf := r.pending
	for len(buf) > 0 {
		n, ev, esc := r.decode(buf)
		if r.paste != nil {
			if _, end := ev.(uv.PasteEndEvent); !end {
				switch ev := ev.(type) {
				case uv.KeyPressEvent:
					if ev.Text != "" {
						r.addPaste([]byte(ev.Text))
					} else {
						if esc && n <= 2 && !expired {
							r.keep(buf)
							return
						}
						r.addPaste(buf[:n])
					}
				case uv.UnknownEvent:
					if !expired {
						r.keep(buf)
						return
					}
				}
				buf = buf[n:]
				continue
			}
		}
		switch e := ev.(type) {
		case nil:
		case uv.UnknownEvent:
			if n > MaxSequence {
				r.spend.skipped(n)
				if n == len(buf) && !expired {
					// Unended: the rest is dropped as it comes, unread.
					r.skipping = true
					r.keep(nil)
					return
				}
				break
			}
			if !expired {
				r.keep(buf)
				return
			}
			r.emit(e, n)
		case uv.PasteStartEvent:
			r.paste = []byte{}
		case uv.PasteEndEvent:
			r.emit(uv.PasteEvent{Content: string(r.paste)}, len(r.paste))
			r.paste = nil
		case uv.MultiEvent:
			for _, e := range e {
				r.emit(e, n)
			}
		default:
			if esc && n <= 2 && !expired {
				// Esc, or Alt and a key: wait for more of a sequence.
				r.keep(buf)
				return
			}
			if t := reflect.TypeOf(ev); t.Name() == "ignoredEvent" && t.PkgPath() == uvPkg {
				break
			}
			r.emit(ev, n)
		}
		buf = buf[n:]
	}
	r.keep(nil)
}

// decode reads the first event of buf: n bytes, at least one (never a loop
// on a byte the decoder does not take), and esc when they begin with an
// ESC that more bytes might still complete.
func (r *reader) decode(buf []byte) (n int, ev uv.Event, esc bool) {
	if buf[0] == ansi.ESC && len(buf) > 1 && buf[1] == ansi.ESC {
		// ESC ESC is two Esc presses come together (tmux and slow links
		// send quick presses in one burst), not Alt+Esc: the decoder would
		// fold "ESC ESC ESC" into a single alt+esc. The first is complete.
		return 1, uv.KeyPressEvent{Code: uv.KeyEscape}, false
	}
	n, ev = r.dec.Decode(buf)
	return max(n, 1), ev, buf[0] == ansi.ESC
}

// keep makes rest (a suffix of r.pending, or nil) what is pending.
func (r *reader) keep(rest []byte) {
	if len(rest) == 0 {
		r.pending = r.pending[:0]
		if cap(r.pending) > 1024 {
			r.pending = nil // do not hold on to a large paste's buffer
		}
		return
	}
	r.pending = append(r.pending[:0], rest...)
}

func (r *reader) addPaste(b []byte) {
	if len(r.paste)+len(b) <= maxPending {
		r.paste = append(r.paste, b...)
	}
}
