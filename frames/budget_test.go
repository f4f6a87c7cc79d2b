package frames

import (
	"strings"
	"testing"
	"time"
)

// feedAll gives r all of in, 256 bytes a read as ReadInput does.
func feedAll(r *reader, in string) {
	for i := 0; i < len(in); i += 256 {
		r.feed([]byte(in[i:min(i+256, len(in))]))
	}
}

// A client streaming keys gets a burst of them through, then no more than
// the budget's rate: what is over is dropped where it is read, and the
// server is told once.
func TestInputBudgetBoundsAFloodOfKeys(t *testing.T) {
	var ev events
	now := time.Unix(0, 0)
	overspent := 0
	b := InputBudget{Events: 100, EventBurst: 200, AnswerBytes: 1024, AnswerBurst: 16 << 10, OnOverspend: func() { overspent++ }}
	r := &reader{send: ev.send, spend: newSpender(b)}
	r.spend.clock = func() time.Time { return now }

	feedAll(r, strings.Repeat("a", 128<<10)) // 128 KiB at one instant
	if n := len(ev.list()); n != 200 {
		t.Errorf("128 KiB of keys at once: %d sent on, want the burst of 200", n)
	}
	if overspent != 1 {
		t.Errorf("OnOverspend called %d times, want once", overspent)
	}
	// A second later, 100 more get through; a person typing is never
	// held back.
	now = now.Add(time.Second)
	feedAll(r, strings.Repeat("b", 1000))
	if n := len(ev.list()); n != 300 {
		t.Errorf("a second later: %d keys in all, want 300", n)
	}
	now = now.Add(10 * time.Second)
	for range 50 {
		now = now.Add(20 * time.Millisecond) // 50 keys a second
		r.feed([]byte("j"))
	}
	if n := len(ev.list()); n != 350 || overspent != 1 {
		t.Errorf("50 keys a second: %d keys in all (want 350), OnOverspend %d times", n, overspent)
	}
}

// An answer to a terminal query that never ends (an OSC 11 reply streamed
// in) is dropped past MaxSequence, and the rest of it, however long, is
// neither decoded again and again nor taken for keys: it used to become
// tens of thousands of key presses ("q" among them quits).
func TestUnendedAnswerIsDroppedNotTyped(t *testing.T) {
	var ev events
	overspent := 0
	b := DefaultInputBudget
	b.OnOverspend = func() { overspent++ }
	r := &reader{send: ev.send, spend: newSpender(b)}
	feedAll(r, "\x1b]11;rgb:"+strings.Repeat("q", 128<<10))
	if got := ev.list(); len(got) != 0 {
		t.Errorf("an unended answer became %d events: %.80q", len(got), got)
	}
	if len(r.pending) > MaxSequence+256 {
		t.Errorf("%d bytes held", len(r.pending))
	}
	if overspent != 1 {
		t.Errorf("OnOverspend called %d times, want once", overspent)
	}
	// Its end, then keys: the keys arrive.
	feedAll(r, "qqq\x07jk")
	r.flush()
	if got := strings.Join(ev.list(), "|"); got != "key j|key k" {
		t.Errorf("after the answer ended: %q, want j and k", got)
	}
	// Ended with ESC \ too.
	r2 := &reader{send: ev.send, spend: newSpender(DefaultInputBudget)}
	feedAll(r2, "\x1b]11;"+strings.Repeat("x", 2*MaxSequence)+"\x1b\\l")
	r2.flush()
	if got := strings.Join(ev.list(), "|"); got != "key j|key k|key l" {
		t.Errorf("after ESC \\: %q", got)
	}
}
