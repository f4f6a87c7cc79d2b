package frames

import (
	"io"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// benchView is a screen like the kiosk's home: styled lines, 80x24.
func benchView(sel int) tea.View {
	var s string
	for i := range 22 {
		style := "\x1b[38;2;232;232;232m"
		if i == sel {
			style = "\x1b[1;38;2;116;172;223m"
		}
		s += " " + style + "Line number something of the home screen, with words\x1b[m\n"
	}
	s += " \x1b[38;2;154;154;154m↑↓ move • enter open • q quit\x1b[m"
	v := tea.NewView(s)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

type viewModel struct{ v tea.View }

func (m *viewModel) Init() tea.Cmd                       { return nil }
func (m *viewModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }
func (m *viewModel) View() tea.View                      { return m.v }

func newBench() (*Renderer, *viewModel) {
	r := New(Options{Output: io.Discard, Env: []string{"TERM=xterm-256color"}, Profile: colorprofile.ANSI256, Width: 80, Height: 24})
	m := &viewModel{v: benchView(0)}
	r.Model(m)
	return r, m
}

// BenchmarkFirstFrame is a whole 80x24 screen drawn on a new session.
func BenchmarkFirstFrame(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, m := newBench()
		r.draw(m)
	}
}

// BenchmarkKeyFrame is the frame after a key that moves a selection.
func BenchmarkKeyFrame(b *testing.B) {
	r, m := newBench()
	r.draw(m)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		m.v = benchView(i % 20)
		r.draw(m)
	}
}

// BenchmarkUnchanged is an update that changes nothing on screen.
func BenchmarkUnchanged(b *testing.B) {
	r, m := newBench()
	r.draw(m)
	b.ReportAllocs()
	for b.Loop() {
		r.draw(m)
	}
}

// BenchmarkKeyFrameParked is a key after the screen model was parked: the
// model is first rebuilt from the last view.
func BenchmarkKeyFrameParked(b *testing.B) {
	r, m := newBench()
	r.draw(m)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.parkNow()
		i++
		m.v = benchView(i % 20)
		r.draw(m)
	}
}
