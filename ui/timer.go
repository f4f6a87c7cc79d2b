package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// after is a command that delivers msg when d has passed, or ends early, and
// silently, when done closes (the session is over): no timer outlives its
// session, as tea.Tick's would. A nil done never closes.
func after(d time.Duration, done <-chan struct{}, msg tea.Msg) tea.Cmd {
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

// countdown is what a countdown shows with left to go: whole seconds,
// rounded up, and how long until that number changes (or the time is up).
func countdown(left time.Duration) (seconds int, wake time.Duration) {
	seconds = int((left + time.Second - 1) / time.Second)
	return seconds, left - time.Duration(seconds-1)*time.Second
}
