package frames

import (
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// InputBudget bounds what one visitor's input may make the program do.
//
// Every event (a key, a click, a turn of the wheel, a paste, a terminal's
// answer) costs an Update and often a frame; a client can send tens of
// thousands a second (a key held down sends 30). Past the budget, events
// are dropped where they are read, at the cost of decoding them. A
// terminal's answers (escape sequences that are not keys or mouse reports)
// also cost their length in bytes, and one longer than MaxSequence is dropped
// with the rest of it, however long, unread by the decoder.
type InputBudget struct {
	Events      float64 // events a second, sustained; 0: no limit
	EventBurst  int     // events at once above that
	AnswerBytes float64 // bytes a second of terminal answers; 0: no limit
	AnswerBurst int     // bytes at once above that
	// OnOverspend is called once, the first time the visitor has gone far
	// over budget: EventBurst events or AnswerBurst bytes dropped. No
	// person typing gets there; the server counts it as abuse.
	OnOverspend func()
}

// DefaultInputBudget lets a visitor type, scroll and click faster than any
// person does (key repeat is about 30 a second) and costs at most 100 events
// a second after a burst of 200.
var DefaultInputBudget = InputBudget{Events: 100, EventBurst: 200, AnswerBytes: 1 << 10, AnswerBurst: 16 << 10}

// MaxSequence is the longest escape sequence decoded: a terminal's answers
// to the queries the kiosk sends are tens of bytes. (A bracketed paste is
// not a sequence: it is bounded by maxPending.)
const MaxSequence = 4 << 10

// bucket is a token bucket; rate 0 is no limit.
type bucket struct {
	rate, burst, tokens float64
	last                time.Time
}

func newBucket(rate float64, burst int) bucket {
	return bucket{rate: rate, burst: float64(max(burst, 1)), tokens: float64(max(burst, 1))}
}

func (b *bucket) take(now time.Time, n float64) bool {
	if b.rate <= 0 {
		return true
	}
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}

// spender keeps a reader's budget.
type spender struct {
	clock          func() time.Time // nil: time.Now (tests set it)
	budget         InputBudget
	events, answer bucket
	now            time.Time // of the read being decoded
	dropped        int       // events dropped
	droppedBytes   int       // bytes of answers dropped, sequences too long included
	overspent      bool
}

func newSpender(b InputBudget) spender {
	return spender{budget: b, events: newBucket(b.Events, b.EventBurst), answer: newBucket(b.AnswerBytes, b.AnswerBurst)}
}

// tick notes the time of the read being decoded.
func (s *spender) tick() {
	if s.clock != nil {
		s.now = s.clock()
	} else {
		s.now = time.Now()
	}
}

// allow reports whether ev, n bytes of input, is within budget.
func (s *spender) allow(ev tea.Msg, n int) bool {
	ok := s.events.take(s.now, 1)
	if ok && isAnswer(ev) {
		ok = s.answer.take(s.now, float64(n))
		if !ok {
			s.droppedBytes += n
		}
	}
	if !ok {
		s.dropped++
		s.check()
	}
	return ok
}

// skipped counts n bytes of an overlong sequence, dropped unread.
func (s *spender) skipped(n int) {
	s.droppedBytes += n
	s.answer.take(s.now, float64(n))
	s.check()
}

func (s *spender) check() {
	if s.overspent {
		return
	}
	if (s.budget.Events > 0 && s.dropped >= s.budget.EventBurst) ||
		(s.budget.AnswerBytes > 0 && s.droppedBytes >= s.budget.AnswerBurst) {
		s.overspent = true
		if s.budget.OnOverspend != nil {
			s.budget.OnOverspend()
		}
	}
}

// isAnswer reports whether ev is what a terminal sends of itself (an
// answer to a query, or a sequence nobody knows) rather than what the
// visitor did.
func isAnswer(ev tea.Msg) bool {
	switch ev.(type) {
	case uv.KeyPressEvent, uv.KeyReleaseEvent, uv.MouseClickEvent, uv.MouseReleaseEvent,
		uv.MouseWheelEvent, uv.MouseMotionEvent, uv.PasteEvent:
		return false
	}
	return true
}
