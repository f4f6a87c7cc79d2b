package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/internal/teatimer"
)

// after is a timer that ends with the session (done): teatimer.After.
func after(d time.Duration, done <-chan struct{}, msg tea.Msg) tea.Cmd {
	return teatimer.After(d, done, msg)
}

// countdown is what a countdown shows with left to go: whole seconds,
// rounded up, and how long until that number changes (or the time is up).
func countdown(left time.Duration) (seconds int, wake time.Duration) {
	seconds = int((left + time.Second - 1) / time.Second)
	return seconds, left - time.Duration(seconds-1)*time.Second
}
