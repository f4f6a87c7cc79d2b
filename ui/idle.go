package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
)

// The visitor-idle timer. A visitor who presses nothing for IdleTimeout is
// said goodbye, whatever the keepalives and screen updates do; for the last
// idleWarning of it a countdown replaces the footer, and any key cancels it.
//
// It costs nothing while the visitor is active: exactly one timer is ever
// pending. It is set for the moment the countdown would start; when it
// fires early (because a key reset the clock meanwhile) it is set again for
// the new moment. Keys only note the time. Only during the countdown does
// it wake once a second. Timers end with the session (Options.Done), so
// none outlives it (tea.Tick's would, for up to IdleTimeout).

// idleWarning is how long the countdown lasts (half the timeout when that
// is shorter).
const idleWarning = 30 * time.Second

// idleCheckMsg is the timer firing.
type idleCheckMsg struct{}

type idleTimer struct {
	timeout  time.Duration // 0: off
	warn     time.Duration
	done     <-chan struct{}
	now      func() time.Time
	last     time.Time // last key, click or paste
	counting bool      // the countdown is on screen
	left     int       // seconds left, as shown
}

func newIdleTimer(timeout time.Duration, done <-chan struct{}) idleTimer {
	return idleTimer{
		timeout: max(timeout, 0),
		warn:    min(idleWarning, timeout/2),
		done:    done,
		now:     time.Now,
		last:    time.Now(),
	}
}

// start is the command Init returns: the one timer.
func (t idleTimer) start() tea.Cmd {
	return t.after(t.timeout - t.warn)
}

// after is the one timer, set for d from now (timer.go).
func (t idleTimer) after(d time.Duration) tea.Cmd {
	if t.timeout <= 0 {
		return nil
	}
	return after(d, t.done, idleCheckMsg{})
}

// updateIdle handles the timer and notes activity. It reports true when the
// message is its own: the timer, or a key that cancels the countdown (that
// key does nothing else, so "q" pressed to stay does not quit).
func (m *Model) updateIdle(msg tea.Msg) (tea.Cmd, bool) {
	t := &m.idle
	if t.timeout <= 0 {
		return nil, false
	}
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg:
		t.last = t.now()
		if t.counting {
			t.counting = false
			return nil, true
		}
		return nil, false
	case idleCheckMsg:
		quiet := t.now().Sub(t.last)
		if quiet < t.timeout-t.warn {
			t.counting = false
			return t.after(t.timeout - t.warn - quiet), true
		}
		left := t.timeout - quiet
		if left <= 0 {
			m.goodbye = i18n.T(m.lang, "idle.bye", idleMinutes(m.lang, t.timeout), i18n.T(m.lang, "thanks", m.lib.Site.Name, m.sourceAddress()))
			return tea.Quit, true
		}
		t.counting = true
		var wake time.Duration
		t.left, wake = countdown(left)
		return t.after(wake), true
	}
	return nil, false
}

func idleMinutes(lang content.Lang, d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		if d == time.Minute {
			return i18n.T(lang, "idle.minute")
		}
		return i18n.T(lang, "idle.minutes", int(d/time.Minute))
	}
	return d.Round(time.Second).String()
}

// idleFooter is the countdown in place of the footer while it runs.
func (m Model) idleFooter(footer string) string {
	if !m.idle.counting {
		return footer
	}
	return m.countdownLine("idle.countdown", m.idle.left)
}
