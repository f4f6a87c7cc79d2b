package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/embassy-kiosk/embassy/markdown"
)

// The projector layout begins at 160x45; every size around it fits exactly.
func TestProjectorSizesFit(t *testing.T) {
	sizes := [][2]int{{120, 40}, {159, 44}, {159, 45}, {160, 44}, {160, 45}, {200, 60}, {300, 100}}
	screens := [][]string{nil, {"1"}, {"1", "space"}, {"1", "G"}, {"2"}, {"4"}, {"4", "G"}, {"4", "G", "enter"}, {"5"}, {"?"}, {"1", "?"}}
	for _, size := range sizes {
		for _, keys := range screens {
			t.Run(fmt.Sprintf("%dx%d_%s", size[0], size[1], strings.Join(keys, "+")), func(t *testing.T) {
				_, v := screenAfter(t, size[0], size[1], press(keys...)...)
				checkFits(t, v, size[0], size[1])
			})
		}
	}
}

func TestProjectorHome(t *testing.T) {
	_, v := screenAfter(t, 160, 45)
	checkFits(t, v, 160, 45)
	golden.RequireEqual(t, v)
	if !strings.Contains(v, "█████") {
		t.Error("no block letters at 160x45")
	}
	for _, size := range [][2]int{{159, 45}, {160, 44}, {120, 40}} {
		if _, v := screenAfter(t, size[0], size[1]); strings.Contains(v, "█") || !strings.Contains(v, "Argentina´s Leadership") {
			t.Errorf("%dx%d is not a projector:\n%s", size[0], size[1], v)
		}
	}
	// The menu is centred: as much room left as right of the column.
	lines := strings.Split(v, "\n")
	for _, l := range lines {
		if strings.Contains(l, "▸ 1") {
			left := len(l) - len(strings.TrimLeft(l, " "))
			if left < (160-readingWidth)/2-2 || left > (160-readingWidth)/2+2 {
				t.Errorf("the menu starts at column %d, want the centred column at %d: %q", left, (160-readingWidth)/2, l)
			}
		}
	}
}

// Scrolling uses the projector's taller header: the end of a page is
// reachable and a page down moves by what is on screen.
func TestProjectorScrolling(t *testing.T) {
	for _, size := range [][2]int{{160, 45}, {200, 60}} {
		m, v := screenAfter(t, size[0], size[1], press("1", "G")...)
		if !strings.Contains(v, "Policy Institute") {
			t.Errorf("%dx%d: G should show the end of the page:\n%s", size[0], size[1], v)
		}
		if got := min(len(m.page.lines), m.page.offset+m.bodyHeight()); got != len(m.page.lines) {
			t.Errorf("%dx%d: at the end the last line shown is %d of %d", size[0], size[1], got, len(m.page.lines))
		}
		if len(m.page.lines) > m.bodyHeight() && !strings.Contains(v, "100%") {
			t.Errorf("%dx%d: at the end of a long page the position should say 100%%", size[0], size[1])
		}
		m, v = screenAfter(t, size[0], size[1], press("1")...)
		body := strings.Count(v, "\n") + 1 - 5 - 1 // header 5 lines, footer 1
		if m.bodyHeight() != body {
			t.Errorf("%dx%d: bodyHeight %d, but %d lines of body on screen", size[0], size[1], m.bodyHeight(), body)
		}
	}
	// The directory keeps its selection on screen to the last entry.
	keys := press("4")
	for range library(t).Links {
		keys = append(keys, press("down")...)
	}
	_, v := screenAfter(t, 160, 45, keys...)
	last := library(t).Links[len(library(t).Links)-1]
	if !strings.Contains(v, "▸ "+last.Title) {
		t.Errorf("the last entry should be selected and visible:\n%s", v)
	}
}

// The projector's margins must not reach the Markdown cache's cache, which every
// session shares: drawing a page again and again gives the same screen.
func TestProjectorLeavesTheSharedLinesAlone(t *testing.T) {
	m, first := screenAfter(t, 160, 45, press("1")...)
	want := strings.Join(markdown.NewCache().Lines(m.page.doc, m.textWidth(), m.style(), m.inkProfile()), "\n")
	for range 3 {
		if v := view(m); v != first {
			t.Fatalf("the page moved on its second drawing:\n%s", v)
		}
	}
	if got := strings.Join(m.opt.Markdown.Lines(m.page.doc, m.textWidth(), m.style(), m.inkProfile()), "\n"); got != want {
		t.Error("drawing the page changed the Markdown cache's cached lines")
	}
}

// Tiny and huge windows, whatever comes first, do not upset the layout.
func TestAnySizeIsSafe(t *testing.T) {
	for _, size := range [][2]int{{0, 0}, {1, 1}, {1, 100}, {300, 1}, {20000, 5}, {5, 20000}} {
		m, _ := screenAfter(t, size[0], size[1], press("1", "space", "?")...)
		_ = m.View()
	}
}

// view is what m shows, without colours.
func view(m Model) string { return ansi.Strip(m.View().Content) }
