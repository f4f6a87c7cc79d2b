package frames

import (
	"time"

	tea "charm.land/bubbletea/v2"
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
// hide the backlog). Until the answer comes no frame is written; when it
// comes the latest view is drawn, once, however many updates came between.
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

// delivered reports whether what was written has reached the client, as far
// as is known: answered, or on a fast link written a few round trips ago.
// r.mu is held.
func (r *Renderer) delivered(now time.Time) bool {
	if r.written == r.acked {
		return true
	}
	return r.fast() && now.Sub(r.lastWrite) >= 4*r.rtt+time.Millisecond
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
	r.pings++
	seq, delivered := r.written, r.opt.Delivered
	timeout := max(minAckTimeout, 4*r.rtt)
	return tea.Batch(
		func() tea.Msg { return ackMsg{seq: seq, sent: now, err: delivered()} },
		r.afterMsg(timeout, ackTimeoutMsg{seq: seq}),
	)
}

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

// next draws m's view now if what was written before has been delivered
// and MinInterval has passed, or arranges for it to be drawn when they have.
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
// msg.seq. A frame that waited for it is drawn (or waits for the next).
func (r *Renderer) answered(m tea.Model, msg ackMsg) tea.Cmd {
	r.mu.Lock()
	now := r.opt.Now()
	r.inFlight = false
	if msg.err != nil {
		// The connection is gone or refuses: stop waiting for answers.
		r.unanswered = true
	} else {
		r.unanswered = false
		r.acked = max(r.acked, msg.seq)
		r.rtt = now.Sub(msg.sent)
	}
	return r.resume(m)
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
	return r.resume(m)
}

// resume draws the frame that waited for an answer, if one did. r.mu is
// held; resume releases it.
func (r *Renderer) resume(m tea.Model) tea.Cmd {
	if r.waiting != waitAck {
		r.mu.Unlock()
		return nil
	}
	r.waiting = waitNone
	r.mu.Unlock()
	return r.next(m)
}
