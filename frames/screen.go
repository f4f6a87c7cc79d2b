package frames

import (
	"bytes"
	"sync"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// screen is ultraviolet's model of what a terminal shows (a cell for every
// position, about 110 bytes each: 215 KB at 80x24), with the buffers it
// writes into. A session holds one only while it draws and for
// Options.ParkAfter after; then it is parked with the spares, and the
// session's next frame takes a spare (or a new one) and primes it with the
// last frame.
type screen struct {
	term  string
	w, h  int // the size it was last given
	scr   *uv.TerminalRenderer
	out   bytes.Buffer // what scr writes
	frame bytes.Buffer // a whole frame, written at once
}

// Parked screens wait in a free list per TERM (it decides the sequences
// ultraviolet may use) for the next session that draws: at most spareScreens
// of them, and none larger than spareCells, so a burst of sessions leaves
// little behind. A client chooses its TERM, so only the first maxTerms TERMs
// get a list. At most 4 × 16 × 850 KB are kept.
const (
	spareScreens = 16
	spareCells   = 4 * 80 * 24
	maxTerms     = 4
)

var spares = struct {
	sync.Mutex
	m map[string][]*screen
}{m: map[string][]*screen{}}

func takeSpare(term string) *screen {
	spares.Lock()
	defer spares.Unlock()
	l := spares.m[term]
	if len(l) == 0 {
		return nil
	}
	sc := l[len(l)-1]
	l[len(l)-1] = nil
	spares.m[term] = l[:len(l)-1]
	return sc
}

func putSpare(sc *screen) {
	spares.Lock()
	defer spares.Unlock()
	l, ok := spares.m[sc.term]
	if (!ok && len(spares.m) >= maxTerms) || sc.w*sc.h > spareCells {
		return
	}
	if len(l) < spareScreens {
		spares.m[sc.term] = append(l, sc)
	}
}

// getScreen returns a screen for term, set up as Bubble Tea sets up its
// renderer for a program whose input is not a TTY (cursed_renderer.go),
// knowing nothing of what the terminal shows: the cursor position is
// unknown and the next render draws everything.
func getScreen(term string, env []string, profile colorprofile.Profile, w, h int) *screen {
	sc := takeSpare(term)
	if sc == nil {
		sc = &screen{term: term}
		sc.scr = uv.NewTerminalRenderer(&sc.out, env)
		sc.scr.SetTabStops(-1)
		sc.scr.SetBackspace(false)
		sc.scr.SetMapNewline(true)
		sc.scr.SetScrollOptim(true)
	}
	s := sc.scr
	s.SetColorProfile(profile)
	// Forget where an earlier user left the cursor (and its pending wrap):
	// an absolute move clears both; what it writes is thrown away. (The pen
	// is left at the default by every render, and a render after Erase
	// resets it again.)
	s.SetFullscreen(true)
	s.SetRelativeCursor(false)
	s.MoveTo(0, 0)
	_ = s.Flush()
	sc.out.Reset()
	s.Resize(w, h)
	sc.w, sc.h = w, h
	// As new: inline, the cursor unknown, and that unknown cursor saved
	// (what entering the alt screen saves on a new renderer); the next
	// render draws everything.
	s.SetFullscreen(false)
	s.SetRelativeCursor(true)
	s.SetPosition(-1, -1)
	s.SaveCursor()
	s.Erase()
	return sc
}

func putScreen(sc *screen) {
	if sc == nil {
		return
	}
	sc.out.Reset()
	sc.frame.Reset()
	putSpare(sc)
}

// The buffers frames are drawn into, shared by all sessions: a session only
// needs one while it draws.
var scratch sync.Pool

func getScratch(w, h int) uv.ScreenBuffer {
	if b, ok := scratch.Get().(*uv.ScreenBuffer); ok {
		b.Resize(w, h)
		b.Clear()
		return *b
	}
	return uv.NewScreenBuffer(w, h)
}

func putScratch(b uv.ScreenBuffer) {
	scratch.Put(&b)
}
