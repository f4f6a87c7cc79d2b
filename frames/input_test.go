package frames

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// events collects what ReadInput sends, as strings.
type events struct {
	mu  sync.Mutex
	got []string
}

func (e *events) send(m tea.Msg) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch m := m.(type) {
	case uv.KeyPressEvent:
		e.got = append(e.got, "key "+uv.Key(m).String())
	case uv.MouseWheelEvent:
		e.got = append(e.got, "wheel "+uv.Mouse(m).String())
	case uv.PasteEvent:
		e.got = append(e.got, "paste "+m.Content)
	case uv.BackgroundColorEvent:
		e.got = append(e.got, "bg "+fmt.Sprint(m.IsDark()))
	default:
		e.got = append(e.got, fmt.Sprintf("%T", m))
	}
}

func (e *events) list() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.got...)
}

// chunks is a reader that returns its chunks one Read at a time, pausing
// before each.
type chunks struct {
	parts []string
	pause time.Duration
}

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.parts) == 0 {
		return 0, io.EOF
	}
	time.Sleep(c.pause)
	n := copy(p, c.parts[0])
	c.parts[0] = c.parts[0][n:]
	if c.parts[0] == "" {
		c.parts = c.parts[1:]
	}
	return n, nil
}

func TestReadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts []string
		pause time.Duration
		want  []string
	}{
		{"letters", []string{"jq"}, 0, []string{"key j", "key q"}},
		{"arrows and enter", []string{"\x1b[A\x1b[B\r"}, 0, []string{"key up", "key down", "key enter"}},
		{"sequence split across reads", []string{"\x1b[", "A"}, time.Millisecond, []string{"key up"}},
		{"lone esc after the timeout", []string{"\x1b", "j"}, 2 * EscTimeout, []string{"key esc", "key j"}},
		{"alt+j", []string{"\x1bj"}, 0, []string{"key alt+j"}},
		// tmux, and a slow link, deliver quick Escapes in one burst.
		{"three escs in one burst", []string{"\x1b\x1b\x1b"}, 0, []string{"key esc", "key esc", "key esc"}},
		{"esc then an arrow in one burst", []string{"\x1b\x1b[A"}, 0, []string{"key esc", "key up"}},
		{"esc esc then a letter", []string{"\x1b\x1bj"}, 0, []string{"key esc", "key alt+j"}},
		{"esc at the end of input", []string{"\x1b"}, 0, []string{"key esc"}},
		{"utf-8 split", []string{"\xc3", "\xb3"}, time.Millisecond, []string{"key ó"}},
		{"ctrl+c", []string{"\x03"}, 0, []string{"key ctrl+c"}},
		{"wheel", []string{"\x1b[<65;10;5M"}, 0, []string{"wheel wheeldown"}},
		{"background reply", []string{"\x1b]11;rgb:0000/0000/0000\x07"}, 0, []string{"bg true"}},
		{"paste", []string{"\x1b[200~hello\x1b[", "201~x"}, time.Millisecond, []string{"paste hello", "key x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ev events
			if err := ReadInput(&chunks{parts: tc.parts, pause: tc.pause}, ev.send); err != nil {
				t.Fatal(err)
			}
			got := ev.list()
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A lone Esc read alone is the Esc key at once, before any timer could
// fire: on a slow link the back key was 50 ms slower than the others. An
// escape byte that may start a sequence (read with more, or with a
// sequence pending, or inside a paste) still waits for the rest.
func TestReadInputLoneEscAtOnce(t *testing.T) {
	var ev events
	r := &reader{send: ev.send}
	r.feed([]byte("\x1b"))
	if got := ev.list(); len(got) != 1 || got[0] != "key esc" {
		t.Fatalf("right after a lone Esc: %q, want the Esc key", got)
	}
	r.feed([]byte("\x1b[A"))
	r.feed([]byte("\x1b["))
	r.feed([]byte("\x1b"))
	if got := ev.list(); len(got) != 2 || got[1] != "key up" {
		t.Errorf("an arrow, then an unfinished sequence and an Esc: %q, want only the arrow so far", got)
	}
	r.flush()
	var pasted events
	p := &reader{send: pasted.send}
	p.feed([]byte("\x1b[200~a"))
	p.feed([]byte("\x1b"))
	p.feed([]byte("b\x1b[201~"))
	p.flush()
	if got := pasted.list(); len(got) != 1 || !strings.Contains(got[0], "a\x1bb") {
		t.Errorf("a paste with an escape byte read alone: %q, want it pasted", got)
	}
}

// At the start the terminal's answer to the background-colour query may
// still come, and a client may split it after its ESC: a lone escape byte
// then waits as any other, so the answer is not read as Esc and typed keys
// ("1" would open page 1). Once the answer came, a lone Esc is at once.
func TestReadInputLoneEscWaitsWhileTheAnswerIsDue(t *testing.T) {
	var ev events
	r := &reader{send: ev.send, started: time.Now()}
	r.feed([]byte("\x1b"))
	if got := ev.list(); len(got) != 0 {
		t.Fatalf("a lone escape byte before the answer: %q, want it held", got)
	}
	r.feed([]byte("]11;rgb:0000/0000/0000\x1b\\"))
	if got := ev.list(); len(got) != 1 || got[0] != "bg true" {
		t.Fatalf("the answer split after its ESC: %q, want only the background colour", got)
	}
	r.feed([]byte("\x1b"))
	if got := ev.list(); len(got) != 2 || got[1] != "key esc" {
		t.Errorf("a lone Esc after the answer: %q, want the Esc key at once", got)
	}
	r.flush()
}

// A lone Esc that stays alone is the Esc key once EscTimeout has passed,
// while the connection stays open.
func TestReadInputEscTimeout(t *testing.T) {
	pr, pw := io.Pipe()
	var ev events
	done := make(chan error, 1)
	go func() { done <- ReadInput(pr, ev.send) }()
	_, _ = pw.Write([]byte("\x1b"))
	deadline := time.Now().Add(2 * time.Second)
	for len(ev.list()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := ev.list(); len(got) != 1 || got[0] != "key esc" {
		t.Errorf("after a lone Esc: %q", got)
	}
	_ = pw.Close()
	if err := <-done; err != nil {
		t.Error(err)
	}
}

// A client that starts a sequence and never ends it holds at most
// maxPending bytes.
func TestReadInputBounded(t *testing.T) {
	var ev events
	junk := "\x1b]11;" + strings.Repeat("x", 3*maxPending)
	r := &reader{send: ev.send}
	for i := 0; i < len(junk); i += 1000 {
		r.feed([]byte(junk[i:min(i+1000, len(junk))]))
		if len(r.pending) > maxPending+1000 {
			t.Fatalf("pending grew to %d bytes", len(r.pending))
		}
	}
	r.flush()
}
