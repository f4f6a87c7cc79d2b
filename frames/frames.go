package frames

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// DefaultMinInterval is the shortest time between two frames: a burst of
// updates closer than this is drawn as one frame.
const DefaultMinInterval = 16 * time.Millisecond

// Options configure the Renderer of one program.
type Options struct {
	Output        io.Writer                   // the session; it must map \n to \r\n
	Env           []string                    // the client's environment, with TERM
	Profile       colorprofile.Profile        // colours are downsampled to this
	Width, Height int                         // the size the PTY request gave
	MinInterval   time.Duration               // 0: DefaultMinInterval
	ParkAfter     time.Duration               // 0: DefaultParkAfter (see screen)
	Now           func() time.Time            // nil: time.Now (tests)
	After         func(time.Duration) tea.Cmd // nil: tea.Tick (tests)

	// Delivered, when set, paces frames by delivery (pace.go): it asks
	// the client whether everything written so far has reached it, and
	// returns when the client has answered (an error: it never will).
	Delivered func() error
}

// Renderer draws one program's views. Its methods other than Close run on
// the program's event loop (through the model from Model and the filter
// from Filter); Close runs after the program has ended.
type Renderer struct {
	opt Options

	mu            sync.Mutex
	term          string
	sc            *screen // nil while parked (see screen)
	park          *time.Timer
	width, height int
	area          uv.Rectangle // the area the last frame covered
	last          *tea.View    // the last view drawn; nil before the first
	dirty         bool         // the next frame must be drawn even if the view is unchanged
	erase         bool         // the next frame must be drawn whole
	waiting       waitFor      // a timer or the client's answer will draw the next frame
	lastWrite     time.Time    // when the last frame that wrote bytes was drawn
	model         *model
	current       bool  // the last view drawn is the model's view now: no Update since
	plainShown    bool  // the screen shows the last view as paintPlain drew it (its cells are known)
	penAtRest     bool  // the terminal's pen is at rest: this package's output left it so
	err           error // the first write error; nothing is drawn after it
	closed        bool

	// Pacing by delivery (pace.go).
	written         int64                                                 // writes so far, frames and queries
	acked           int64                                                 // writes the client has answered for
	ackedBytes      int64                                                 // bytes the client has answered for
	inFlight        bool                                                  // a question is out
	askSeq          int64                                                 // written when it was asked
	askBytes        int64                                                 // bytes written when it was asked
	askFresh        bool                                                  // it was asked right after the only unanswered frame
	asked           time.Time                                             // when the last question was asked
	rtt             time.Duration                                         // how long the last answer took; 0: none yet
	minRTT          time.Duration                                         // the shortest answer to a question with nothing before it
	rate            float64                                               // bytes a second the link carries; 0: not known
	drained         time.Time                                             // when the link will have carried what was written
	unanswered      bool                                                  // a question went unanswered: frames do not wait
	unansweredAfter func(time.Duration, tea.Msg, <-chan struct{}) tea.Cmd // overdueAfter; tests replace it

	frames, bytes, primes, wholes, pings int64
	noWhole                              bool // tests: always draw with ultraviolet
}

// DefaultParkAfter is how long a Renderer keeps its screen model after a
// frame of the alt screen. A visitor who reads for longer costs no more
// memory than the last view's text; the next frame first rebuilds the
// model from that text (BenchmarkKeyFrameParked).
const DefaultParkAfter = time.Second

// New returns a Renderer for one program.
func New(opt Options) *Renderer {
	if opt.MinInterval <= 0 {
		opt.MinInterval = DefaultMinInterval
	}
	if opt.ParkAfter <= 0 {
		opt.ParkAfter = DefaultParkAfter
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.After == nil {
		opt.After = func(d time.Duration) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return frameMsg{} })
		}
	}
	return &Renderer{
		opt:             opt,
		term:            uv.Environ(opt.Env).Getenv("TERM"),
		width:           max(1, opt.Width),
		height:          max(1, opt.Height),
		unansweredAfter: overdueAfter,
	}
}

// screen returns the screen model, taking one from the spares if the
// Renderer was parked; prime says the next frame is a diff against the
// last one, which the model is then rebuilt from. r.mu is held.
func (r *Renderer) screen(prime bool) *uv.TerminalRenderer {
	if r.sc != nil {
		return r.sc.scr
	}
	r.sc = getScreen(r.term, r.opt.Env, r.opt.Profile, r.width, r.height)
	s := r.sc.scr
	if r.last == nil {
		return s
	}
	// Parked only on the alt screen, where moves are absolute: where the
	// last frame left the cursor need not be known.
	s.SetFullscreen(true)
	s.SetRelativeCursor(false)
	if prime {
		// The output is thrown away, so it is made without colours, which
		// is cheaper; the model keeps the cells as they are.
		r.primes++
		s.SetColorProfile(colorprofile.NoTTY)
		buf := getScratch(r.area.Dx(), r.area.Dy())
		uv.NewStyledString(r.last.Content).Draw(buf, buf.Bounds())
		s.Render(buf.RenderBuffer)
		putScratch(buf)
		s.MoveTo(0, 0)
		_ = s.Flush()
		r.sc.out.Reset()
		s.SetColorProfile(r.opt.Profile)
	}
	s.SetPosition(-1, -1)
	return s
}

// parkLater parks the screen model Options.ParkAfter from now, if the last frame is
// on the alt screen. r.mu is held.
func (r *Renderer) parkLater() {
	if r.last == nil || !r.last.AltScreen || r.sc == nil {
		return
	}
	if r.park == nil {
		r.park = time.AfterFunc(r.opt.ParkAfter, r.parkNow)
	} else {
		r.park.Reset(r.opt.ParkAfter)
	}
}

func (r *Renderer) parkNow() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.waiting != waitNone || r.last == nil || !r.last.AltScreen {
		return
	}
	putScreen(r.sc)
	r.sc = nil
}

// ProgramOptions are the options a program drawn by r must run with, after
// any other: no Bubble Tea renderer, its ticker slowed to once a second (it
// then has nothing left to flush), and no Bubble Tea input reader: run
// ReadInput with the program's Send instead. (Without its reader Bubble Tea
// would drop terminal queries; Filter writes them.)
func (r *Renderer) ProgramOptions() []tea.ProgramOption {
	return []tea.ProgramOption{tea.WithoutRenderer(), tea.WithFPS(1), tea.WithInput(nil)}
}

// Stats are counters for tests and measurements.
type Stats struct {
	Frames int64 // frames that wrote bytes
	Bytes  int64 // bytes written, queries included
	Asked  int64 // questions asked of the client (pace.go)
}

// Stats returns the counters so far.
func (r *Renderer) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Stats{Frames: r.frames, Bytes: r.bytes, Asked: r.pings}
}

// frameMsg asks for the pending frame to be drawn.
type frameMsg struct{}

// draw renders m's view and writes what changed; the command asks the
// client whether the frame has arrived, when frames are paced.
func (r *Renderer) draw(m tea.Model) tea.Cmd {
	v := m.View()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.current = true
	if r.err != nil || r.closed {
		return nil
	}
	written := r.written
	r.render(v)
	if r.written == written {
		return nil
	}
	return r.afterFrame(r.lastWrite)
}

// frameArea is the part of the screen view's frame covers, and the content
// drawn there.
func (r *Renderer) frameArea(view tea.View) (string, uv.Rectangle) {
	content := view.Content
	area := uv.Rect(0, 0, r.width, r.height)
	if content == "" {
		area.Max.Y = 0
	}
	if !view.AltScreen {
		// Inline, the frame is as tall as its content, and no taller than
		// the screen: the top lines scroll away.
		h := strings.Count(content, "\n") + 1
		if h > r.height {
			content = lastLines(content, r.height)
			h = r.height
		}
		if content != "" {
			area.Max.Y = h
		}
	}
	return content, area
}

// render is Bubble Tea's cursedRenderer.flush, without what this package
// does not support (frameArea and frameAround are parts of it). r.mu is
// held.
func (r *Renderer) render(view tea.View) {
	content, area := r.frameArea(view)
	if !r.dirty && r.last != nil && viewEquals(r.last, &view) && area == r.area {
		return
	}
	last := r.last
	switchScreen := (last == nil && view.AltScreen) || (last != nil && last.AltScreen != view.AltScreen)
	redraw := last == nil || switchScreen || r.erase || area != r.area
	if !r.noWhole && view.AltScreen && view.Cursor == nil && (redraw || mostChanged(last.Content, content)) {
		on := shown{penKnown: r.penAtRest} // what the terminal shows now, as far as it is known
		if !redraw {
			on.content, on.exact = last.Content, r.plainShown
		}
		body, plain := paintWhole(content, on, r.width, r.height, r.opt.Profile)
		r.writeWhole(view, area, switchScreen, body)
		r.plainShown, r.penAtRest = plain, true
		return
	}

	// A frame that is drawn whole, or leaves the alt screen, needs no model
	// of the last one.
	s := r.screen(view.AltScreen && !redraw)
	r.dirty = false
	if area != r.area || r.erase {
		s.Erase()
		r.area = area
		r.erase = false
	}
	if switchScreen {
		// The sequence is written in front of the frame, below.
		if view.AltScreen {
			s.SaveCursor()
			s.SetFullscreen(true)
			s.SetRelativeCursor(false)
		} else {
			s.SetRelativeCursor(true)
			s.SetFullscreen(false)
			s.RestoreCursor()
		}
		s.Erase()
	}
	_, _ = s.WriteString(modes(last, view))

	buf := getScratch(area.Dx(), area.Dy())
	if area.Dy() > 0 {
		uv.NewStyledString(content).Draw(buf, buf.Bounds())
	}
	s.Render(buf.RenderBuffer)
	putScratch(buf)
	if view.Cursor != nil {
		s.MoveTo(view.Cursor.X, view.Cursor.Y)
	} else if !view.AltScreen {
		// Do not leave the cursor dangling at the end of a line inline.
		if x, y := s.Position(); x >= r.width-1 {
			s.MoveTo(0, y)
		}
	}
	_ = s.Flush() // into r.sc.out

	f := &r.sc.frame
	frameAround(f, r.sc.out.Bytes(), last, view, switchScreen)
	r.sc.out.Reset()
	r.last = &view
	r.plainShown, r.penAtRest = false, true // ultraviolet leaves the pen at rest
	r.write(f)
	r.parkLater()
}

// frameAround puts the screen's output into f with what goes around it: the
// switch to or from the alt screen, and the cursor hidden or shown.
func frameAround(f *bytes.Buffer, out []byte, last *tea.View, view tea.View, switchScreen bool) {
	hasUpdates := len(out) > 0
	didShow := last != nil && last.Cursor != nil
	show := view.Cursor != nil
	updateVis := last == nil || didShow != show || switchScreen
	f.Reset()
	if switchScreen {
		if view.AltScreen {
			f.WriteString(ansi.SetModeAltScreenSaveCursor)
		} else {
			f.WriteString(ansi.ResetModeAltScreenSaveCursor)
		}
	}
	if (updateVis && !show) || (hasUpdates && show && didShow) {
		f.WriteString(ansi.ResetModeTextCursorEnable)
	}
	f.Write(out)
	if (updateVis && show) || (hasUpdates && show && didShow) {
		f.WriteString(ansi.SetModeTextCursorEnable)
	}
}

// writeWhole writes a frame of the alt screen drawn whole (see whole.go)
// and drops the screen model, which no longer matches. r.mu is held.
func (r *Renderer) writeWhole(view tea.View, area uv.Rectangle, switchScreen bool, body string) {
	if r.sc != nil {
		putScreen(r.sc)
		r.sc = nil
		if r.park != nil {
			r.park.Stop()
		}
	}
	var f bytes.Buffer
	f.Grow(len(body) + 64)
	if switchScreen {
		f.WriteString(ansi.SetModeAltScreenSaveCursor)
	}
	if switchScreen || r.last == nil || r.last.Cursor != nil {
		f.WriteString(ansi.ResetModeTextCursorEnable)
	}
	f.WriteString(modes(r.last, view))
	f.WriteString(body)
	r.area = area
	r.dirty, r.erase = false, false
	r.last = &view
	r.wholes++
	r.write(&f)
}

// write writes a whole frame in one write. r.mu is held.
func (r *Renderer) write(f *bytes.Buffer) {
	if f.Len() == 0 {
		return
	}
	n, err := r.opt.Output.Write(f.Bytes())
	r.bytes += int64(n)
	r.frames++
	r.lastWrite = r.opt.Now()
	r.wrote(n, r.lastWrite)
	if err != nil {
		r.err = err
	}
	f.Reset()
}

// resize is a new window size: the next frame is drawn whole. A size equal
// to the current one changes nothing (Bubble Tea sends the initial size
// again after the first frame).
func (r *Renderer) resize(w, h int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	w, h = max(1, w), max(1, h)
	if w == r.width && h == r.height {
		return
	}
	r.width, r.height = w, h
	if r.sc != nil {
		r.sc.scr.Resize(w, h)
		r.sc.w, r.sc.h = w, h
	}
	r.dirty, r.erase = true, true
}

// setProfile changes the colour profile; what is on screen is redrawn.
func (r *Renderer) setProfile(p colorprofile.Profile) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p == r.opt.Profile {
		return
	}
	r.opt.Profile = p
	if r.sc != nil {
		r.sc.scr.SetColorProfile(p)
	}
	r.dirty, r.erase = true, true
}

// clearScreen is tea.ClearScreen: the next frame is drawn whole.
func (r *Renderer) clearScreen() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sc != nil {
		r.sc.scr.MoveTo(0, 0)
	}
	r.dirty, r.erase = true, true
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	i := len(s)
	for range n {
		j := strings.LastIndexByte(s[:i], '\n')
		if j < 0 {
			return s
		}
		i = j
	}
	return s[i+1:]
}

// viewEquals reports whether two views draw the same, for the fields this
// package supports.
func viewEquals(a, b *tea.View) bool {
	if a.Content != b.Content ||
		a.AltScreen != b.AltScreen ||
		a.DisableBracketedPasteMode != b.DisableBracketedPasteMode ||
		a.ReportFocus != b.ReportFocus ||
		a.MouseMode != b.MouseMode ||
		a.WindowTitle != b.WindowTitle {
		return false
	}
	if (a.Cursor == nil) != (b.Cursor == nil) {
		return false
	}
	return a.Cursor == nil || a.Cursor.Position == b.Cursor.Position
}
