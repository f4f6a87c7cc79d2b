package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// needsASCII reports whether the visitor's terminal cannot show Unicode box
// drawing and symbols: a terminal type that predates it, or a locale that
// says it is not UTF-8. A client that sends no locale (most do not) is
// taken to be UTF-8, as nearly every terminal now is.
func needsASCII(getenv func(string) string) bool {
	switch strings.ToLower(getenv("TERM")) {
	case "vt52", "vt100", "vt102", "vt220", "vt320", "linux", "ansi", "cons25", "dumb":
		return true
	}
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(name); v != "" {
			v = strings.ToLower(v)
			return !strings.Contains(v, "utf-8") && !strings.Contains(v, "utf8")
		}
	}
	return false
}

// envLookup is getenv over an environment list ("NAME=value").
func envLookup(env []string) func(string) string {
	return func(name string) string {
		for i := len(env) - 1; i >= 0; i-- { // the last one wins, as in a shell
			if k, v, ok := strings.Cut(env[i], "="); ok && k == name {
				return v
			}
		}
		return ""
	}
}

// click opens what a left click lands on: a menu entry on the home screen,
// an entry of the directory.
func (m *Model) click(msg tea.MouseClickMsg) {
	if msg.Button != tea.MouseLeft || m.typing() {
		return
	}
	if x, end, ok := m.langHint(); ok && msg.Y == 1 && msg.X >= x && msg.X < end {
		m.switchLang() // the "L español" label says what a click on it does
		return
	}
	row := msg.Y - m.headerHeight()
	if row < 0 || row >= m.bodyHeight() {
		return
	}
	switch m.screen {
	case screenHome:
		if i, ok := m.homeScreen(nil).entryAt(row); ok {
			m.home.cursor = i
			m.menu[i].open(m)
		}
	case screenLinks:
		if i, ok := m.directory(nil).entryAt(row); ok {
			m.dir.cursor = i
			m.open()
		}
	}
}
