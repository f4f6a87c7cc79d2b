package server_test

// The linear mode in the visitor's language: every frame, the goodbye, and
// L to switch.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/server"
)

// say types keys and waits for wants in the answer; it returns where the
// answer starts.
func (term *terminal) say(keys string, wants ...string) int {
	term.t.Helper()
	m := term.mark()
	term.send(keys)
	term.waitWords(m, wants...)
	return m
}

// englishFrames are texts of the linear mode's own that a Spanish visitor
// must not meet.
var englishFrames = []string{"Menu:", "Type a number", "links", "More:", "End of", "Address:", "verified", "Press Enter", "Thank you", "Help."}

func TestLinearInTheVisitorsLanguage(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	term := openPTYWith(t, k.dialAs(t, "plain"), "xterm-256color", 80, 24, "", []string{"LANG=es_AR.UTF-8"})
	term.waitWords(0, "Embajada de la República Argentina en Sudáfrica", "Menú:", "4. Sitios relacionados, 21 sitios",
		"Escriba un número y presione Enter. h para la ayuda, q para salir.")
	for _, step := range []struct {
		keys  string
		wants []string
	}{
		{"2\r", []string{"Memoria, verdad y justicia en la Argentina", "modelo para el mundo", "Fin de la página. Presione Enter para el menú."}},
		{"3\r", []string{"Presione Enter para seguir, m para el menú, o q para salir."}},
		{"m\r", []string{"Menú:"}},
		{"4\r", []string{"Sitios relacionados", "Sigue: presione Enter. m para el menú."}},
		{"\r", []string{"Dirección:", "(verificada)."}},
		{"3\r", []string{"Dirección: https://eaaf.org/", "La dirección está verificada.", "Presione Enter para la lista, o escriba otro número."}},
		{"h\r", []string{"Ayuda.", "L y Enter: leer en inglés (in English)."}},
	} {
		term.say(step.keys, append(step.wants, linearPrompt)...)
	}
	spanish := words(term.screenSince(0))
	for _, en := range englishFrames {
		if strings.Contains(spanish, en) {
			t.Errorf("the Spanish linear mode says %q:\n%s", en, spanish)
		}
	}

	// L: the same entry, in English; L again: back in Spanish.
	term.say("L\r", "Embassy of the Argentine Republic in South Africa", "3. Argentine Forensic Anthropology Team (EAAF)",
		"Address: https://eaaf.org/ The address is verified.", "Press Enter for the list")
	term.say("m\r", "Menu:", "4. Related websites, 21 links", linearMenu)
	term.say("l\r", "Embajada de la República Argentina", "4. Sitios relacionados, 21 sitios", "Escriba un número")
	m := term.say("q\r")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status after q = %d, want 0", status)
	}
	if bye := words(term.screenSince(m)); !strings.Contains(bye, "Gracias por visitar la Embajada de la República Argentina en Sudáfrica. La Embajada en la web: https://esafr.cancilleria.gob.ar/") ||
		strings.Contains(bye, "/en/") {
		t.Errorf("the goodbye is not in Spanish, or sends a Spanish visitor to an English page: %q", bye)
	}
	checkLinear(t, term.out.String())
}

// TestLinearShutdownInTheVisitorsLanguage: the server's last words follow
// the language, switched or not.
func TestLinearShutdownInTheVisitorsLanguage(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	es := openPTY(t, k.dialAs(t, "es"), "xterm-256color", 80, 24, "plain")
	es.waitWords(0, "Escriba un número")
	switched := openPTY(t, k.dialAs(t, "es"), "xterm-256color", 80, 24, "plain")
	switched.waitWords(0, "Escriba un número")
	switched.say("L\r", linearMenu)
	mes, msw := es.mark(), switched.mark()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() { _ = k.Shutdown(ctx) }()
	es.waitWords(mes, "El quiosco de la Embajada cierra por mantenimiento.")
	switched.waitWords(msw, "The Embassy's kiosk is closing for maintenance.")
}

// TestLinearListAfterAnEntry: Enter after an entry shows the list again,
// from its first entry, even when the list had been read to its end.
func TestLinearListAfterAnEntry(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	term := openLinear(t, k, "plain", "xterm-256color", 80, 24, "")
	term.waitWords(0, linearMenu)
	m := term.say("4\r", linksTitle, linearPrompt)
	for i := 0; !strings.Contains(words(term.screenSince(m)), "End of the list"); i++ {
		if i > 20 {
			t.Fatalf("the list never ended:\n%s", term.screenSince(0))
		}
		m = term.say("\r", linearPrompt)
	}
	term.say("3\r", "3. Argentine Forensic Anthropology Team (EAAF)", "Press Enter for the list")
	m = term.say("\r", "1. Under-Secretariat of Human Rights", "2. ", "More: press Enter.", linearPrompt)
	if list := words(term.screenSince(m)); strings.Contains(list, "End of the list") {
		t.Errorf("Enter for the list showed the end of the list again:\n%s", list)
	}
}

// TestNoPTYNamesTheWholeCommand: without a terminal there is no menu; the
// answers name the commands to type whole, with the kiosk's address.
func TestNoPTYNamesTheWholeCommand(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{SSHCommand: "ssh -p 2222 kiosk.example", MaxPerSource: -1})
	if r := k.command(t, ""); !strings.Contains(words(r.stdout), "For an interactive view: ssh -t -p 2222 kiosk.example (with a terminal). For the commands: ssh -p 2222 kiosk.example help") {
		t.Errorf("ssh -T host should end by naming the commands with the host:\n%s", r.stdout[max(0, len(r.stdout)-300):])
	}
	// No menu to open anything from.
	for _, user := range []string{"en", "es"} {
		for _, cmd := range []string{"", "help", "page memory", "links"} {
			if out := strings.ToLower(k.commandAs(t, user, nil, cmd).stdout); strings.Contains(out, "menu") || strings.Contains(out, "menú") {
				i := max(strings.Index(out, "menu"), strings.Index(out, "menú"))
				t.Errorf("ssh -T %s@host %s speaks of a menu, which it has not: %q", user, cmd, out[max(0, i-80):i+10])
			}
		}
	}
	if r := k.commandAs(t, "es", nil, "help"); !strings.Contains(words(r.stdout), "Sin una terminal (ssh -p 2222 es@kiosk.example COMANDO)") ||
		!strings.Contains(words(r.stdout), "Con una terminal (ssh -t -p 2222 es@kiosk.example)") {
		t.Errorf("help should name the commands with the host:\n%s", r.stdout)
	}
	for cmd, want := range map[string]string{
		"frobnicate":  "embassy: unknown command; for the commands: ssh -p 2222 kiosk.example help\n",
		"help me":     "embassy: \"help\" takes no arguments; for the commands: ssh -p 2222 kiosk.example help\n",
		"page nosuch": "embassy: no such page; for the list of pages: ssh -p 2222 kiosk.example pages\n",
	} {
		if r := k.command(t, cmd); r.stderr != want {
			t.Errorf("ssh -T host %s: stderr %q, want %q", cmd, r.stderr, want)
		}
	}
}

// TestGoodbyeAddressInTheVisitorsLanguage: the full-screen goodbye sends
// each visitor to the Embassy in their language, the address written as a
// browser shows it.
func TestGoodbyeAddressInTheVisitorsLanguage(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	for user, want := range map[string]string{
		"en": "Thank you for visiting the Embassy of the Argentine Republic in South Africa. https://esafr.cancilleria.gob.ar/en/argentina´s-leadership",
		"es": "Gracias por visitar la Embajada de la República Argentina en Sudáfrica. https://esafr.cancilleria.gob.ar/",
	} {
		term := openTerminal(t, k.dialAs(t, user), 80, 24)
		term.waitFor(0, map[string]string{"en": linksTitle, "es": "Sitios relacionados"}[user]) // home
		m := term.mark()
		term.send("q")
		term.waitEnd(waitTimeout)
		if bye := words(term.screenSince(m)); !strings.Contains(bye, want) || user == "es" && strings.Contains(bye, "/en/") {
			t.Errorf("%s: the goodbye %q lacks %q", user, bye, want)
		}
	}
}

// TestLinearWithoutPTYAnswersOnTheirOwnLine: without a terminal nothing
// echoes the visitor's Enter, so each answer starts a line of its own
// rather than running on from the prompt.
func TestLinearWithoutPTYAnswersOnTheirOwnLine(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	r := k.session(t, noPTY{user: "plain", stdin: "2\nm\nq"})
	if strings.Count(r.stdout, "> ") < 3 || strings.Contains(strings.ReplaceAll(r.stdout, "> \n", ""), "> ") {
		t.Errorf("an answer runs on from its prompt:\n%s", r.stdout)
	}
}
