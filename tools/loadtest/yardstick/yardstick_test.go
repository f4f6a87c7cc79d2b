package yardstick

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestModelMovesAndQuits(t *testing.T) {
	var m tea.Model = NewModel()
	if v := m.View(); !strings.Contains(v.Content, "Embassy of the Argentine Republic in South Africa") || !v.AltScreen {
		t.Fatalf("home screen:\n%s", v.Content)
	}
	press := func(code rune, text string) tea.Cmd {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyPressMsg{Code: code, Text: text})
		return cmd
	}
	press('j', "j")
	press(tea.KeyDown, "")
	press(tea.KeyDown, "")
	if got := m.(Model).cursor; got != 2 {
		t.Errorf("cursor %d after three downs, want 2 (clamped)", got)
	}
	press('k', "k")
	if got := m.(Model).cursor; got != 1 {
		t.Errorf("cursor %d after k, want 1", got)
	}
	if cmd := press('q', "q"); cmd == nil {
		t.Error("q does not quit")
	}
}
