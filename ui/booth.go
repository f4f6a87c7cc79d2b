package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/i18n"
)

// Booth mode and the attract loop's clock.
//
// A booth is the kiosk on a laptop or a projector at an event (`embassy
// local`): passers-by touch a key and walk away. In booth mode the quit keys
// do nothing (unless Options.AllowQuit), Ctrl+C quits only when pressed twice
// within quitConfirm, and ResetAfter seconds after the last key the booth
// starts over for the next visitor: a fresh model, as New makes it, at the
// same size and in the same colours, so the last visitor's place, search and
// language are forgotten. For the last resetWarning of that time a countdown
// replaces the footer, and any key cancels it (and does nothing else).
//
// The attract loop (attract.go) starts AttractAfter after the last key, in a
// booth and, when the server is given --attract, in SSH sessions.
//
// Like the idle timer (idle.go), the clock keeps exactly one timer pending,
// set for the next moment something on screen changes: the loop starting, its
// next card, the countdown's next second, the reset. Keys only note the time;
// a timer that fires early (a key moved the moment) is set again. Between
// cards nothing wakes and nothing is written. Timers end with the session
// (Options.Done).

const (
	resetWarning = 10 * time.Second // the reset countdown (half of ResetAfter when that is shorter)
	attractCard  = 8 * time.Second  // how long each card of the attract loop shows
	quitConfirm  = 3 * time.Second  // the second Ctrl+C must come within this
)

// boothTickMsg is the clock's timer firing.
type boothTickMsg struct{}

// quitConfirmMsg says that quitConfirm has passed since a first Ctrl+C.
type quitConfirmMsg struct{}

type booth struct {
	on           bool          // booth mode: Options.Booth
	allowQuit    bool          // Options.AllowQuit
	resetAfter   time.Duration // 0: never start over
	attractAfter time.Duration // 0: no attract loop
	warn         time.Duration // length of the reset countdown
	done         <-chan struct{}
	now          func() time.Time

	last      time.Time // last key, click, wheel or paste
	wake      time.Time // when the pending timer fires (for tests)
	reset     bool      // the booth has started over since the last key
	counting  bool      // the reset countdown is on screen
	left      int       // its seconds left, as shown
	interrupt time.Time // the first Ctrl+C, while a second one would quit
}

func newBooth(opt Options) booth {
	reset := opt.ResetAfter
	if !opt.Booth {
		reset = 0 // only a booth starts over; SSH visitors are said goodbye (idle.go)
	}
	now := time.Now()
	return booth{
		on:           opt.Booth,
		allowQuit:    opt.AllowQuit,
		resetAfter:   max(reset, 0),
		attractAfter: max(opt.AttractAfter, 0),
		warn:         min(resetWarning, max(reset, 0)/2),
		done:         opt.Done,
		now:          time.Now,
		last:         now,
	}
}

// clocked reports whether the clock runs at all.
func (b booth) clocked() bool { return b.resetAfter > 0 || b.attractAfter > 0 }

// setupBooth takes the quit keys away from a booth's visitors: they neither
// work nor show in the help.
func (m *Model) setupBooth() {
	if !m.booth.on {
		return
	}
	if !m.booth.allowQuit {
		m.keys.Quit.SetEnabled(false)
	}
	// x starts over for the next visitor: the terminal stays.
	m.keys.QuickExit.SetHelp(m.keys.QuickExit.Help().Key, i18n.T(m.lang, "key.startover"))
}

// boothStart is the command Init returns: a first look at the clock, which
// sets the one timer.
func (m Model) boothStart() tea.Cmd {
	if !m.booth.clocked() {
		return nil
	}
	return func() tea.Msg { return boothTickMsg{} }
}

// after is a timer that ends with the session (timer.go).
func (b *booth) after(d time.Duration, msg tea.Msg) tea.Cmd {
	return after(d, b.done, msg)
}

// updateBooth runs the clock, guards the quit keys and notes activity. It
// reports true when the message is its own: a timer, Ctrl+C in a booth, or a
// key that leaves the attract loop or cancels the reset countdown (that key
// does nothing else, so "q" or "2" pressed then neither quits nor opens a
// page). Keys it keeps are still shown to the idle timer, which notes them.
func (m *Model) updateBooth(msg tea.Msg) (tea.Cmd, bool) {
	b := &m.booth
	if !b.on && !b.clocked() {
		return nil, false
	}
	switch msg := msg.(type) {
	case boothTickMsg:
		return m.boothTick(), true
	case quitConfirmMsg:
		if !b.interrupt.IsZero() && b.now().Sub(b.interrupt) >= quitConfirm {
			b.interrupt = time.Time{}
		}
		return nil, true
	case tea.KeyPressMsg:
		if b.on && msg.String() == "ctrl+c" {
			return m.interrupted(msg), true
		}
		return nil, m.active(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg:
		return nil, m.active(msg)
	}
	return nil, false
}

// active notes a key, click, wheel or paste. It reports true when the
// message has done its job by being noticed: it ended the attract loop
// (which returns to the home screen) or the reset countdown.
func (m *Model) active(msg tea.Msg) bool {
	b := &m.booth
	b.last = b.now()
	b.reset = false
	used := m.attract.on || b.counting
	if m.attract.on {
		m.attract.Update(msg) // ends the loop
		m.screen = screenHome
		m.page.offset, m.dir.offset, m.entry.offset = 0, 0, 0
	}
	b.counting = false
	if used {
		m.updateIdle(msg) // the idle timer notes the key too (its result is ours)
	}
	return used
}

// interrupted is Ctrl+C in a booth: the first asks for a second within
// quitConfirm, the second quits.
func (m *Model) interrupted(msg tea.KeyPressMsg) tea.Cmd {
	b := &m.booth
	now := b.now()
	if !b.interrupt.IsZero() && now.Sub(b.interrupt) < quitConfirm {
		m.goodbye = i18n.T(m.lang, "thanks", m.lib.Site.Name, m.sourceAddress())
		return tea.Quit
	}
	if !m.active(msg) {
		m.updateIdle(msg)
	}
	b.interrupt = now
	return b.after(quitConfirm, quitConfirmMsg{})
}

// boothTick looks at the clock: it starts or advances the attract loop,
// runs the reset countdown or starts over, and sets the next timer.
func (m *Model) boothTick() tea.Cmd {
	b := &m.booth
	now := b.now()
	quiet := now.Sub(b.last)
	next := time.Duration(1<<63 - 1)

	if b.attractAfter > 0 { // the attract loop (attract.go)
		next = m.attract.tick(now, quiet, b.attractAfter, len(cards(m.lib)))
	}

	b.counting = false
	if b.resetAfter > 0 {
		left := b.resetAfter - quiet
		switch {
		case b.reset:
			// Nothing to forget until someone comes; look again now and
			// then, so that the clock never stops.
			next = min(next, b.resetAfter)
		case left <= 0:
			m.startOver()
			b = &m.booth
			b.reset = true
			next = min(next, b.resetAfter)
		case m.attract.on:
			// On the attract loop the booth starts over quietly, with no
			// countdown: nobody is reading.
			next = min(next, left)
		case left <= b.warn:
			b.counting = true
			var wake time.Duration
			b.left, wake = countdown(left)
			next = min(next, wake)
		default:
			next = min(next, left-b.warn)
		}
	}
	b.wake = now.Add(next)
	return b.after(next, boothTickMsg{})
}

// startOver replaces the model with a fresh one for the next visitor: home,
// nothing selected, the language of Options.Lang. It keeps what belongs to
// the terminal and the session, not the visitor: the size, the colours, the
// clocks.
func (m *Model) startOver() {
	opt := m.opt
	opt.Start = ""
	fresh := New(opt)
	fresh.booth = m.booth
	fresh.attract = m.attract
	fresh.idle = m.idle
	fresh.closing = m.closing
	fresh.term, fresh.ascii = m.term, m.ascii
	fresh.profile, fresh.knowsProfile = m.profile, m.knowsProfile
	fresh.restyle(m.styles.Dark)
	next, _ := fresh.Update(tea.WindowSizeMsg{Width: m.width, Height: m.height})
	*m = next.(Model)
}

// boothFooter is the Ctrl+C question or the reset countdown in place of the
// footer, while one is on.
func (m Model) boothFooter(footer string) string {
	var line string
	switch {
	case !m.booth.interrupt.IsZero():
		line = i18n.T(m.lang, "booth.ctrlc", int(quitConfirm/time.Second))
	case m.booth.counting:
		return m.countdownLine("booth.reset", m.booth.left)
	default:
		return footer
	}
	return m.noticeLine(line)
}
