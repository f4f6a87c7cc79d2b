package ui

import (
	"testing"
	"time"
)

func TestAfterEndsWithTheSession(t *testing.T) {
	done := make(chan struct{})
	close(done)
	if msg := after(time.Hour, done, closingTickMsg{})(); msg != nil {
		t.Errorf("a timer after the session ended delivered %T", msg)
	}
	if msg := after(0, make(chan struct{}), closingTickMsg{})(); msg != (closingTickMsg{}) {
		t.Errorf("a timer that ran out delivered %#v", msg)
	}
}

func TestCountdownShowsWholeSecondsRoundedUp(t *testing.T) {
	for _, tt := range []struct {
		left    time.Duration
		seconds int
		wake    time.Duration
	}{
		{30 * time.Second, 30, time.Second},
		{29*time.Second + 300*time.Millisecond, 30, 300 * time.Millisecond},
		{time.Millisecond, 1, time.Millisecond},
	} {
		s, w := countdown(tt.left)
		if s != tt.seconds || w != tt.wake {
			t.Errorf("countdown(%v) = %d, %v; want %d, %v", tt.left, s, w, tt.seconds, tt.wake)
		}
	}
}
