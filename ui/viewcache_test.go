package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A key that does nothing on the screen (held down, or streamed in by a
// client) must not cost a redraw: the view is drawn once and reused.
func TestKeysThatChangeNothingDrawNothing(t *testing.T) {
	for _, sc := range []struct {
		name  string
		setup []string
		noop  tea.Msg
	}{
		{"home", nil, tea.KeyPressMsg{Code: 'a', Text: "a"}},
		{"page", []string{"1"}, tea.KeyPressMsg{Code: 'z', Text: "z"}},
		{"directory", []string{"3"}, tea.KeyPressMsg{Code: 'w', Text: "w"}},
		{"home, key release", nil, tea.KeyReleaseMsg{Code: 'a', Text: "a"}},
		{"home, focus", nil, tea.FocusMsg{}},
	} {
		m, before := screenAfter(t, 80, 24, press(sc.setup...)...)
		made := m.views.made
		var tm tea.Model = m
		for range 1000 {
			tm, _ = tm.Update(sc.noop)
			tm.View()
		}
		if n := tm.(Model).views.made - made; n > 1 {
			t.Errorf("%s: 1000 keys that change nothing drew %d views, want at most 1", sc.name, n)
		}
		if after := ansi.Strip(tm.View().Content); after != before {
			t.Errorf("%s: the screen changed:\n%s\nwant\n%s", sc.name, after, before)
		}
	}
}

// Keys that change something are drawn, and so is the first key after a
// notice, which any key clears.
func TestKeysThatChangeSomethingAreDrawn(t *testing.T) {
	m, home := screenAfter(t, 80, 24)
	var tm tea.Model = m
	tm, _ = tm.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	tm.View()
	tm, _ = tm.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	if ansi.Strip(tm.View().Content) == home {
		t.Fatal("down after a key that did nothing: the selection did not move on screen")
	}
	m = tm.(Model)
	m.notice = "Link copied"
	tm, _ = m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	if strings.Contains(tm.View().Content, "Link copied") {
		t.Error("a key after a notice left the notice on screen")
	}
}
