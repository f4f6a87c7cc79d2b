package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/embassy-kiosk/embassy/internal/textsafe"
)

// What a visitor types or pastes into the directory's filter is shown back
// on their screen (and, at a booth, on the next visitor's): no bidi control,
// invisible character or pile of combining marks survives into it.
func TestFilterShowsNoInvisibleCharacters(t *testing.T) {
	hidden := []string{"\u202e", "\u2066", "\u061c", "\u2028", "\u200b", "\ufeff"}
	typed := "co\u202eu\u2066r\u061c\u2028t\u200b\ufeff"
	zalgo := "x" + strings.Repeat("\u0301", 40)
	for name, msgs := range map[string][]tea.Msg{
		"typed":  append(press("4", "/"), typeText(typed+zalgo)...),
		"pasted": append(press("4", "/"), tea.PasteMsg{Content: typed + zalgo}),
	} {
		m, view := screenAfter(t, 80, 24, msgs...)
		want := "court" + "x" + strings.Repeat("\u0301", textsafe.MaxCombining)
		if got := m.dir.filter.Value(); got != want {
			t.Errorf("%s: the filter holds %q, want %q", name, got, want)
		}
		for _, h := range hidden {
			if strings.Contains(view, h) {
				t.Errorf("%s: the screen shows %+q", name, h)
			}
		}
		if strings.Contains(view, strings.Repeat("\u0301", textsafe.MaxCombining+1)) {
			t.Errorf("%s: the screen shows more than %d combining marks in a row", name, textsafe.MaxCombining)
		}
	}
}
