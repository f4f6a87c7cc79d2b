package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/embassy-kiosk/embassy/markdown"
)

// Widths the benchmarks render at: narrowest supported, common, wide (the
// text column stops growing at readingWidth).
var benchWidths = []int{40, 80, 120}

// BenchmarkPageRender is Markdown to lines for every page: cold (a new
// Renderer, so glamour runs) and cached (the shared Markdown cache's hit).
func BenchmarkPageRender(b *testing.B) {
	lib := library(b)
	for _, p := range lib.Pages {
		for _, w := range benchWidths {
			tw := min(readingWidth, max(10, w-4))
			b.Run(fmt.Sprintf("%s/%d/cold", p.Slug, w), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					markdown.NewCache().Lines(p, tw, markdown.Dark, colorprofile.TrueColor)
				}
			})
			b.Run(fmt.Sprintf("%s/%d/cached", p.Slug, w), func(b *testing.B) {
				r := markdown.NewCache()
				r.Lines(p, tw, markdown.Dark, colorprofile.TrueColor)
				b.ReportAllocs()
				for b.Loop() {
					r.Lines(p, tw, markdown.Dark, colorprofile.TrueColor)
				}
			})
		}
	}
}

func sized(b *testing.B, w, h int, msgs ...tea.Msg) tea.Model {
	var m tea.Model = New(Options{Library: library(b), Markdown: markdown.NewCache()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, msg := range msgs {
		m, _ = m.Update(msg)
	}
	m.View() // pages rendered and cached before timing
	return m
}

// BenchmarkView draws each screen once its content is cached.
func BenchmarkView(b *testing.B) {
	for _, sc := range []struct {
		name string
		keys []string
	}{
		{"home", nil},
		{"page", []string{"1"}},
		{"links", []string{"4"}},
		{"help", []string{"?"}},
	} {
		for _, w := range benchWidths {
			b.Run(fmt.Sprintf("%s/%d", sc.name, w), func(b *testing.B) {
				m := sized(b, w, w*3/10, press(sc.keys...)...)
				b.ReportAllocs()
				for b.Loop() {
					m.View()
				}
			})
		}
	}
}

// BenchmarkKeypress is what one key costs the server in the model: Update
// then View, as Bubble Tea calls them.
func BenchmarkKeypress(b *testing.B) {
	for _, sc := range []struct {
		name  string
		setup []string
		keys  []string // pressed in turn
	}{
		{"home/down", nil, []string{"down", "up"}},
		{"page/scroll", []string{"1"}, []string{"down", "up"}},
		{"links/down", []string{"4"}, []string{"down", "up"}},
		{"open-page", nil, []string{"1", "esc"}},
	} {
		b.Run(sc.name, func(b *testing.B) {
			m := sized(b, 80, 24, press(sc.setup...)...)
			keys := press(sc.keys...)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m, _ = m.Update(keys[i%len(keys)])
				m.View()
				i++
			}
		})
	}
}
