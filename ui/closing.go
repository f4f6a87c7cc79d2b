package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/i18n"
)

// ClosingMsg tells the visitor, in their language, that the kiosk is about
// to close, or with TimeLimit that their session reaches its time limit:
// a countdown replaces the footer, they keep reading, and when In has
// passed (at once if it is 0) the program says goodbye and ends.
type ClosingMsg struct {
	In        time.Duration
	TimeLimit bool
}

// closing is the countdown's state; zero when the kiosk is not closing.
type closing struct {
	at    time.Time // when the program ends
	left  int       // seconds left, as shown
	limit bool      // the session's time limit is the reason
}

type closingTickMsg struct{}

// updateClosing starts and runs the countdown. It ticks once a second only
// while the countdown is on screen.
func (m *Model) updateClosing(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case ClosingMsg:
		if !m.closing.at.IsZero() && m.closing.at.Before(time.Now().Add(msg.In)) {
			return nil, true // a countdown that ends sooner is on
		}
		m.closing = closing{at: time.Now().Add(msg.In), limit: msg.TimeLimit}
	case closingTickMsg:
		if m.closing.at.IsZero() {
			return nil, true
		}
	default:
		return nil, false
	}
	left := time.Until(m.closing.at)
	if left <= 0 {
		m.goodbye = i18n.T(m.lang, "closing")
		if m.closing.limit {
			m.goodbye = i18n.T(m.lang, "limit")
		}
		return tea.Quit, true
	}
	var wait time.Duration
	m.closing.left, wait = countdown(left)
	return after(wait, m.opt.Done, closingTickMsg{}), true
}

// closingFooter is the countdown in place of the footer while it runs.
func (m Model) closingFooter(footer string) string {
	if m.closing.at.IsZero() {
		return footer
	}
	if m.closing.limit {
		return m.countdownLine("limit.countdown", m.closing.left)
	}
	return m.countdownLine("closing.countdown", m.closing.left)
}
