package frames

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/internal/teatimer"
)

// Frames paced by delivery, as mosh paces its screen states.
//
// Writes to an SSH channel do not block on a slow link: the client's window
// is megabytes and the kernel's socket buffer takes the rest, so every frame
// written is delivered, late. A key held on a page over GPRS queued sixty
// frames, and the screen went on changing for 15 s after the key was let go.
//
// With Options.Delivered set, the Renderer asks the client, after a frame,
// whether it has everything so far (an SSH global request with want-reply:
// the client answers it after reading all that was sent before it, and the
// answer crosses any TCP proxy on the way, whose buffers would otherwise
// hide the backlog). No frame is written while one is known to be still on
// its way, and when it has arrived the latest view is drawn, once, however
// many updates came between.
//
// Waiting for the answer leaves the link idle for a round trip after each
// frame. So the answers are also used to measure the link: a question
// asked with nothing on the way times the round trip, one asked right
// after a frame its rate. A frame whose bytes the link has had time to
// carry is then taken as gone, and another may follow before its answer,
// as long as what is unanswered fits in one round trip of the link.
//
// On a fast link nothing changes: when the first answer comes back within
// FastRTT, a frame written more than a few round trips ago is taken as
// delivered and no question is asked before drawing; one is asked at most
// every recheckFast, in case the link has become slow.

// FastRTT is the answer time under which a link counts as fast.
const FastRTT = 5 * time.Millisecond

// recheckFast is how often a fast link is asked again, while frames are
// written.
const recheckFast = 5 * time.Second

// minAckTimeout bounds how long a frame waits for an answer that does not
// come (a client that never answers global requests): the latest view is
// then drawn anyway, and frames are not held for answers until one comes.
const minAckTimeout = 3 * time.Second

// ackMsg is the client's answer to the question asked when written was seq.
type ackMsg struct {
	seq  int64
	sent time.Time
	err  error
}

// ackTimeoutMsg says the question asked when written was seq is overdue.
type ackTimeoutMsg struct{ seq int64 }

// waitFor is what a pending frame waits for.
type waitFor int

const (
	waitNone  waitFor = iota
	waitTimer         // the end of MinInterval: a frameMsg
	waitAck           // the client's answer: an ackMsg or ackTimeoutMsg
)

// paced reports whether frames wait for the client. r.mu is held.
func (r *Renderer) paced() bool {
	return r.opt.Delivered != nil && !r.unanswered
}

// fast reports whether the link answered quickly the last time. r.mu is held.
func (r *Renderer) fast() bool {
	return r.rtt > 0 && r.rtt < FastRTT
}

// delivered reports whether the next frame may be written: what was written
// has reached the client, as far as is known (answered; on a fast link,
// written a few round trips ago), or the link has had time to carry it and
// at most one frame is unanswered. r.mu is held.
func (r *Renderer) delivered(now time.Time) bool {
	if r.written == r.acked {
		return true
	}
	if r.fast() && now.Sub(r.lastWrite) >= 4*r.rtt+time.Millisecond {
		return true
	}
	return r.rate > 0 && r.inFlightOK() && !now.Before(r.drained)
}

// inFlightOK reports whether the bytes written and not yet answered are
// at most what the link holds in a round trip (its rate times its round
// trip): a frame on top of them leaves no backlog, if the rate measured is
// right, and little if not. r.mu is held.
func (r *Renderer) inFlightOK() bool {
	return r.bytes-r.ackedBytes <= int64(r.rate*r.minRTT.Seconds())+probeBytes
}

// wrote accounts for n bytes written at now: when the link's rate is known,
// when it will have carried them. r.mu is held.
func (r *Renderer) wrote(n int, now time.Time) {
	r.written++
	if r.rate > 0 {
		r.drained = later(r.drained, now).Add(time.Duration(float64(n) / r.rate * float64(time.Second)))
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// ask returns a command that asks the client whether it has everything
// written so far, or nil when a question is already out. r.mu is held.
func (r *Renderer) ask(now time.Time) tea.Cmd {
	if r.inFlight || r.opt.Delivered == nil {
		return nil
	}
	r.inFlight = true
	r.asked = now
	r.askSeq = r.written
	r.askBytes = r.bytes
	r.askFresh = r.written-r.acked <= 1 && now.Sub(r.lastWrite) < time.Millisecond
	r.pings++
	seq, delivered, clock := r.written, r.opt.Delivered, r.opt.Now
	var delay time.Duration
	if r.pings == 1 {
		// The first frame's question waits until the frame is out of the
		// way: on a fast link the visitor then has the first screen as
		// soon as before; on a slow one 10 ms are nothing.
		delay = firstAskDelay
	}
	timeout := max(minAckTimeout, 4*r.rtt) + delay
	answered := make(chan struct{})
	return tea.Batch(
		func() tea.Msg {
			defer close(answered)
			time.Sleep(delay)
			sent := clock()
			return ackMsg{seq: seq, sent: sent, err: delivered()}
		},
		r.unansweredAfter(timeout, ackTimeoutMsg{seq: seq}, answered),
	)
}

// overdueAfter returns a command that returns msg after d, or nothing as
// soon as answered is closed: no goroutine outlives the answer (which comes,
// or fails, when the connection closes).
func overdueAfter(d time.Duration, msg tea.Msg, answered <-chan struct{}) tea.Cmd {
	return teatimer.After(d, answered, msg)
}

// firstAskDelay is how long the first question waits after the first frame.
const firstAskDelay = 10 * time.Millisecond

// afterFrame is called once a frame has been written: on a link not known
// to be fast (or not checked for a while) the client is asked at once, so
// that its answer is likely back before the next key. r.mu is held.
func (r *Renderer) afterFrame(now time.Time) tea.Cmd {
	if !r.paced() {
		return nil
	}
	if r.fast() && now.Sub(r.asked) < recheckFast {
		return nil
	}
	return r.ask(now)
}

// next draws m's view now if the frames before it are delivered (or gone,
// see delivered) and MinInterval has passed, or arranges for it to be drawn
// when they are: at the client's answer, or when the link has carried the
// last frame.
func (r *Renderer) next(m tea.Model) tea.Cmd {
	r.mu.Lock()
	if r.waiting != waitNone {
		r.mu.Unlock()
		return nil // the timer or the answer draws the latest view
	}
	now := r.opt.Now()
	if r.paced() && !r.delivered(now) {
		r.waiting = waitAck
		cmd := r.ask(now) // nil when a question is out: its answer draws
		if r.rate > 0 && r.inFlightOK() && r.drained.After(now) {
			cmd = tea.Batch(cmd, r.opt.After(r.drained.Sub(now)))
		}
		r.mu.Unlock()
		return cmd
	}
	wait := r.opt.MinInterval - now.Sub(r.lastWrite)
	if wait > 0 && !r.lastWrite.IsZero() {
		r.waiting = waitTimer
		r.mu.Unlock()
		return r.opt.After(wait)
	}
	r.mu.Unlock()
	return r.draw(m)
}

// answered takes the client's answer: it covers everything written up to
// msg.seq. It measures the link (the round trip from a question asked with
// nothing on the way, the rate from one asked right after a frame), keeps
// a question out while anything written is unanswered on a slow link, and
// draws a frame that waited for it.
func (r *Renderer) answered(m tea.Model, msg ackMsg) tea.Cmd {
	r.mu.Lock()
	now := r.opt.Now()
	r.inFlight = false
	if msg.err != nil {
		// The connection is gone or refuses: stop waiting for answers.
		r.unanswered = true
		return r.resume(m, nil)
	}
	r.unanswered = false
	took := now.Sub(msg.sent)
	r.rtt = took
	carried := r.askBytes - r.ackedBytes // bytes the question followed
	if msg.seq > r.acked {
		r.acked, r.ackedBytes = msg.seq, r.askBytes
	}
	switch {
	case carried < probeBytes:
		r.minRTT = min(took, orMax(r.minRTT))
	case r.askFresh && r.minRTT > 0 && took > r.minRTT:
		r.rate = float64(carried) / (took - r.minRTT).Seconds()
	}
	var cmd tea.Cmd
	if !r.fast() && (r.written > r.acked || r.minRTT == 0) {
		// Frames still unanswered, or the round trip not yet measured
		// (a question with nothing on the way): ask again.
		cmd = r.ask(now)
	}
	return r.resume(m, cmd)
}

// probeBytes is the most a question may follow and still time the round
// trip alone.
const probeBytes = 200

func orMax(d time.Duration) time.Duration {
	if d == 0 {
		return time.Duration(1<<63 - 1)
	}
	return d
}

// overdue is an answer that has not come in time: the latest view is drawn
// anyway, and frames do not wait for answers until one comes.
func (r *Renderer) overdue(m tea.Model, msg ackTimeoutMsg) tea.Cmd {
	r.mu.Lock()
	if !r.inFlight || msg.seq != r.askSeq {
		r.mu.Unlock()
		return nil
	}
	r.unanswered = true
	return r.resume(m, nil)
}

// resume draws the frame that waited for an answer, if one did, and
// returns it with cmd. r.mu is held; resume releases it.
func (r *Renderer) resume(m tea.Model, cmd tea.Cmd) tea.Cmd {
	if r.waiting != waitAck {
		r.mu.Unlock()
		return cmd
	}
	r.waiting = waitNone
	r.mu.Unlock()
	return tea.Batch(cmd, r.next(m))
}
