package frames

import (
	"fmt"
	"io"
	"reflect"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// model wraps the program's model: it draws after Init and after every
// Update. It is a pointer, changed in place, as Bubble Tea calls it from
// one goroutine.
type model struct {
	r     *Renderer
	inner tea.Model
}

// Model returns the model to give tea.NewProgram in place of m. A Renderer
// draws one program: call Model once.
func (r *Renderer) Model(m tea.Model) tea.Model {
	w := &model{r: r, inner: m}
	r.model = w
	return w
}

// Init runs the model's Init, gives it the window size at once (so the first
// frame is drawn at the right size, and drawn once), and draws the first
// frame.
func (m *model) Init() tea.Cmd {
	initCmd := m.inner.Init()
	var sizeCmd tea.Cmd
	m.inner, sizeCmd = m.inner.Update(tea.WindowSizeMsg{Width: m.r.width, Height: m.r.height})
	return tea.Batch(initCmd, sizeCmd, m.r.draw(m.inner))
}

var clearScreenType = reflect.TypeOf(tea.ClearScreen())

// Update passes msg on and draws the result.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case frameMsg:
		// The end of MinInterval, or the time the link will have carried
		// the last frame (pace.go): either way, look again.
		m.r.mu.Lock()
		m.r.waiting = waitNone
		m.r.mu.Unlock()
		return m, m.r.next(m.inner)
	case ackMsg:
		return m, m.r.answered(m.inner, msg)
	case ackTimeoutMsg:
		return m, m.r.overdue(m.inner, msg)
	case tea.WindowSizeMsg:
		m.r.resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		m.r.setProfile(msg.Profile)
	}
	if reflect.TypeOf(msg) == clearScreenType {
		m.r.clearScreen()
	}
	m.r.mu.Lock()
	m.r.current = false
	m.r.mu.Unlock()
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, tea.Batch(cmd, m.r.next(m.inner))
}

// View returns the last view drawn. Bubble Tea calls it after every Update
// and throws the result away (its renderer is off); drawing happens in
// Update, so this must be cheap.
func (m *model) View() tea.View {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	if m.r.last != nil {
		return *m.r.last
	}
	return tea.View{}
}

// terminalCommands are the commands Bubble Tea turns into terminal output
// from its event loop (queries, the clipboard), to be flushed on its ticker,
// or, for queries, dropped when it reads no input (ours is ReadInput): Filter
// writes them at once instead. The message types are unexported, so they are
// told apart by the type of what the exported commands return; the text a
// message carries (the clipboard's, a termcap name) is its string value.
// TestEveryTerminalCommandIsHandled finds Bubble Tea's commands in its source
// and fails on one missing here.
var terminalCommands = map[reflect.Type]func(tea.Msg) string{
	typeOf(tea.RequestBackgroundColor()):      say(ansi.RequestBackgroundColor),
	typeOf(tea.RequestForegroundColor()):      say(ansi.RequestForegroundColor),
	typeOf(tea.RequestCursorColor()):          say(ansi.RequestCursorColor),
	typeOf(tea.RequestCursorPosition()):       say(ansi.RequestCursorPositionReport),
	typeOf(tea.RequestTerminalVersion()):      say(ansi.RequestNameVersion),
	typeOf(tea.RequestProgramStatusSupport()): say(ansi.RequestProgramStatusSupport),
	typeOf(tea.ReadClipboard()):               say(ansi.RequestSystemClipboard),
	typeOf(tea.ReadPrimaryClipboard()):        say(ansi.RequestPrimaryClipboard),
	typeOf(tea.SetClipboard("")()):            func(m tea.Msg) string { return ansi.SetSystemClipboard(text(m)) },
	typeOf(tea.SetPrimaryClipboard("")()):     func(m tea.Msg) string { return ansi.SetPrimaryClipboard(text(m)) },
	typeOf(tea.RequestCapability("")()):       func(m tea.Msg) string { return ansi.RequestTermcap(text(m)) },
	typeOf(tea.Raw("")()):                     func(m tea.Msg) string { return fmt.Sprint(m.(tea.RawMsg).Msg) },
}

func typeOf(m tea.Msg) reflect.Type { return reflect.TypeOf(m) }

// say is a command that always writes s.
func say(s string) func(tea.Msg) string { return func(tea.Msg) string { return s } }

// text is the string a message of a string type carries.
func text(m tea.Msg) string { return reflect.ValueOf(m).String() }

// Filter is a tea.WithFilter function: it writes terminal queries, the
// clipboard and raw output (tea.Raw) at once, where Bubble Tea would wait
// for its ticker, and passes every other message on to next (which may be
// nil).
func (r *Renderer) Filter(next func(tea.Model, tea.Msg) tea.Msg) func(tea.Model, tea.Msg) tea.Msg {
	return func(m tea.Model, msg tea.Msg) tea.Msg {
		if write, ok := terminalCommands[reflect.TypeOf(msg)]; ok {
			if out := write(msg); out != "" {
				_, raw := msg.(tea.RawMsg)
				r.writeNow(out, raw)
			}
			return nil
		}
		if next != nil {
			return next(m, msg)
		}
		return msg
	}
}

// writeNow writes s outside a frame; raw output (tea.Raw) may change the
// pen and the screen in ways the next frame must not assume known.
func (r *Renderer) writeNow(s string, raw bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil || r.closed {
		return
	}
	if raw {
		r.penAtRest, r.plainShown = false, false
	}
	n, err := io.WriteString(r.opt.Output, s)
	r.bytes += int64(n)
	r.wrote(n, r.opt.Now())
	if err != nil {
		r.err = err
	}
}
