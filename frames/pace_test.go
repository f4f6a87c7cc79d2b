package frames

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// scroller is a page that j moves down one line, forever.
type scroller struct{ top int }

func (s *scroller) Init() tea.Cmd { return nil }

func (s *scroller) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "j" {
		s.top++
	}
	return s, nil
}

func (s *scroller) View() tea.View {
	var b strings.Builder
	for i := range 8 {
		fmt.Fprintf(&b, "line %d\n", s.top+i)
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

// link is a client that answers every question; the test decides when
// the answer (the ackMsg a question's command returns) reaches the model.
type link struct{ asked int }

func (l *link) Delivered() error {
	l.asked++
	return nil
}

// paced returns a Renderer paced by l, and its model.
func paced(t *testing.T, l *link) (*Renderer, tea.Model, *writes, *clock) {
	t.Helper()
	out := &writes{}
	c := &clock{now: time.Unix(1000, 0)}
	r := New(Options{
		Output: out, Env: []string{"TERM=xterm-256color"}, Profile: colorprofile.ANSI256,
		Width: 20, Height: 8, Now: c.Now, After: c.After, Delivered: l.Delivered,
	})
	r.unansweredAfter = func(_ time.Duration, msg tea.Msg, _ <-chan struct{}) tea.Cmd { return func() tea.Msg { return msg } }
	return r, r.Model(&scroller{}), out, c
}

// split runs cmd and its batch and returns the answer to the question
// (an ackMsg) and the overdue timer (an ackTimeoutMsg), each as a command
// that returns it, to be given to the model when the test chooses.
func split(cmd tea.Cmd) (ask, timeout tea.Cmd) {
	if cmd == nil {
		return nil, nil
	}
	msg := cmd()
	batch, ok := msg.(tea.BatchMsg)
	if !ok {
		return func() tea.Msg { return msg }, nil
	}
	for _, c := range batch {
		if c == nil {
			continue
		}
		c := c
		m := c()
		switch m.(type) {
		case ackTimeoutMsg:
			timeout = func() tea.Msg { return m }
		case tea.BatchMsg:
			a, t := split(func() tea.Msg { return m })
			if a != nil {
				ask = a
			}
			if t != nil {
				timeout = t
			}
		default:
			ask = func() tea.Msg { return m }
		}
	}
	return ask, timeout
}

// A held key on a slow link: while the client has not confirmed the last
// frame, keys change the model but write nothing; its answer draws the
// latest view once, and so on until the last frame shows the final view.
func TestHeldKeyWaitsForDeliveryAndDrawsTheLatest(t *testing.T) {
	l := &link{}
	_, m, out, c := paced(t, l)
	ask, _ := split(m.Init())
	if ask == nil {
		t.Fatal("the first frame asked the client nothing")
	}
	if got := out.take(); len(got) != 1 || !strings.Contains(got[0], "line 0") {
		t.Fatalf("first frame: %q", got)
	}
	frames, keys := 1, 0
	for round := range 5 {
		// Ten keys, 33 ms apart, before the client answers: no frame.
		for range 10 {
			c.now = c.now.Add(33 * time.Millisecond)
			_, cmd := m.Update(key("j"))
			keys++
			if cmd != nil && round > 0 {
				t.Fatalf("round %d: a key asked again while a question was out", round)
			}
		}
		if got := out.take(); len(got) != 0 {
			t.Fatalf("round %d: %d frames written before the client confirmed the last one", round, len(got))
		}
		// 300 ms later the answer comes: one frame, the latest view.
		c.now = c.now.Add(300 * time.Millisecond)
		var cmd tea.Cmd
		_, cmd = m.Update(ask())
		got := out.take()
		if len(got) != 1 {
			t.Fatalf("round %d: the answer wrote %d frames, want 1", round, len(got))
		}
		frames++
		if want := fmt.Sprintf("line %d", keys+7); !strings.Contains(got[0], want) {
			t.Errorf("round %d: the frame after the answer lacks %q (the latest view): %q", round, want, got[0])
		}
		if ask, _ = split(cmd); ask == nil {
			t.Fatalf("round %d: the new frame asked nothing", round)
		}
	}
	if frames >= keys {
		t.Errorf("%d frames for %d keys", frames, keys)
	}
	if got := m.(*model).r.last.Content; got != m.(*model).inner.View().Content {
		t.Errorf("the last frame is not the final view:\n%s\nwant\n%s", got, m.(*model).inner.View().Content)
	}
}

// On a fast link (answers within FastRTT) keys draw at once, as without
// pacing, and no question is asked for each frame.
func TestFastLinkDrawsAtOnce(t *testing.T) {
	l := &link{}
	_, m, out, c := paced(t, l)
	ask, _ := split(m.Init())
	out.take()
	c.now = c.now.Add(time.Millisecond)
	m.Update(ask())
	for i := range 20 {
		c.now = c.now.Add(30 * time.Millisecond)
		_, cmd := m.Update(key("j"))
		if cmd != nil {
			t.Fatalf("key %d on a fast link returned a command (a question or a timer)", i)
		}
		if got := out.take(); len(got) != 1 {
			t.Fatalf("key %d on a fast link: %d frames, want 1 at once", i, len(got))
		}
	}
	if l.asked != 1 {
		t.Errorf("%d questions on a fast link, want only the first frame's", l.asked)
	}
}

// A client that never answers does not freeze the screen: when the answer
// is overdue the latest view is drawn, and frames stop waiting.
func TestUnansweredQuestionDoesNotFreezeTheScreen(t *testing.T) {
	l := &link{}
	_, m, out, c := paced(t, l)
	_, timeout := split(m.Init())
	out.take()
	c.now = c.now.Add(time.Second)
	m.Update(key("j"))
	if got := out.take(); len(got) != 0 {
		t.Fatalf("a key wrote before the answer: %q", got)
	}
	m.Update(timeout())
	if got := out.take(); len(got) != 1 || !strings.Contains(got[0], "line 8") {
		t.Fatalf("the overdue answer drew %q, want the latest view", got)
	}
	c.now = c.now.Add(time.Second)
	m.Update(key("j"))
	if got := out.take(); len(got) != 1 {
		t.Errorf("after an unanswered question a key drew %d frames, want 1 at once", len(got))
	}
}
