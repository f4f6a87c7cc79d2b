package server_test

import (
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/server"
)

// TestKeyDatesEverywhere: the Key dates page (issue 13) is reached over SSH
// as every other page is: in the list of pages, by name, in the whole text
// of ssh -T, and in the linear mode's menu, in both languages.
func TestKeyDatesEverywhere(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	for _, c := range []struct {
		user, cmd string
		want      []string
	}{
		{"visitor", "pages", []string{"key-dates", "Key dates"}},
		{"visitor", "page key-dates", []string{"Key dates", "not a statement of the Embassy", "1985 ·", "Source: https://whc.unesco.org/en/list/1681/"}},
		{"es", "page key-dates", []string{"Fechas clave", "No es una declaración de la Embajada", "1985 ·", "Fuente: https://whc.unesco.org/en/list/1681/"}},
		{"visitor", "", []string{"Key dates", "1976 ·"}},
	} {
		r := k.commandAs(t, c.user, nil, c.cmd)
		for _, w := range c.want {
			if r.status != 0 || !strings.Contains(words(r.stdout), w) {
				t.Errorf("%s@ %q (exit %d) lacks %q:\n%s", c.user, c.cmd, r.status, w, r.stdout)
			}
		}
	}
	term := openLinear(t, k, "plain", "xterm-256color", 80, 24, "")
	term.waitWords(0, "3. Key dates", linearMenu)
	term.say("3\r", "Key dates", "A summary written for this kiosk", linearPrompt)
}
