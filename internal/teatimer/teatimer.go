// Package teatimer is the Bubble Tea timer the kiosk's packages share: a
// command that delivers a message after a while, unless something ends
// first (the session, a question's answer).
package teatimer

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// After is a command that delivers msg when d has passed, or ends early, and
// silently, when done closes: no timer outlives what it was for, as
// tea.Tick's would. A nil done never closes.
func After(d time.Duration, done <-chan struct{}, msg tea.Msg) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return msg
		case <-done:
			return nil
		}
	}
}
