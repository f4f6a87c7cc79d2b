package teatimer

import (
	"testing"
	"time"
)

type tick struct{}

func TestAfterEndsWithDone(t *testing.T) {
	done := make(chan struct{})
	close(done)
	if msg := After(time.Hour, done, tick{})(); msg != nil {
		t.Errorf("a timer after done closed delivered %T", msg)
	}
	if msg := After(0, make(chan struct{}), tick{})(); msg != (tick{}) {
		t.Errorf("a timer that ran out delivered %#v", msg)
	}
	if msg := After(0, nil, tick{})(); msg != (tick{}) {
		t.Errorf("a timer with no done delivered %#v", msg)
	}
}
