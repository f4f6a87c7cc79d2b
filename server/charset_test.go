package server_test

// Every session's text arrives in its terminal's character set: ASCII for
// a vt100 or a C locale, Latin-1 bytes for an ISO-8859-1 locale.

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/server"
)

// nonASCII is the first byte of out above 0x7F, with its surroundings.
func nonASCII(out string) string {
	for i := 0; i < len(out); i++ {
		if out[i] >= 0x80 {
			return out[max(0, i-30):min(len(out), i+10)]
		}
	}
	return ""
}

// fromLatin1 is Latin-1 text as UTF-8, as a Latin-1 terminal shows it.
func fromLatin1(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// waitLatin1 waits until the output, read as Latin-1, shows every want.
func (term *terminal) waitLatin1(wants ...string) {
	term.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		screen := words(ansi.Strip(fromLatin1(term.out.String())))
		missing := ""
		for _, w := range wants {
			if !strings.Contains(screen, w) {
				missing = w
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("%q did not appear within %s; the screen, read as Latin-1:\n%s", missing, waitTimeout, screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTextInTheTerminalsCharset(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	latin1 := []string{"LANG=es_AR.ISO-8859-1"}

	t.Run("full screen, vt100 and LANG=C", func(t *testing.T) {
		t.Parallel()
		term := openPTYWith(t, k.dialAs(t, "es"), "vt100", 80, 24, "", []string{"LANG=C"})
		term.waitFor(0, "Sudafrica", "Sitios relacionados")
		term.send("L") // the English goodbye names the page, whose address has a ´
		term.waitFor(0, "South Africa")
		term.send("q")
		term.waitEnd(waitTimeout)
		if s := nonASCII(term.out.String()); s != "" {
			t.Errorf("a vt100 was sent a byte above 0x7F: %q", s)
		}
		if bye := words(term.screenSince(0)); !strings.Contains(bye, "argentina%C2%B4s-leadership") {
			t.Errorf("in ASCII the goodbye's address should stay percent-encoded (\"'\" would lead elsewhere):\n%s", bye)
		}
	})
	t.Run("full screen, ISO-8859-1", func(t *testing.T) {
		t.Parallel()
		term := openPTYWith(t, k.dialAs(t, "es"), "xterm", 80, 24, "", latin1)
		term.waitLatin1("Sudáfrica", "Sitios relacionados")
		term.send("q")
		term.waitEnd(waitTimeout)
		if out := term.out.String(); strings.Contains(out, "\xc3") {
			i := strings.Index(out, "\xc3")
			t.Errorf("a Latin-1 terminal was sent UTF-8: %q", out[max(0, i-30):min(len(out), i+10)])
		}
	})
	t.Run("linear, LANG=C", func(t *testing.T) {
		t.Parallel()
		term := openPTYWith(t, k.dialAs(t, "plain"), "xterm", 80, 24, "", []string{"LANG=C"})
		term.waitWords(0, "Argentina's Leadership", "1. Furthering Argentina's human rights leadership", linearMenu)
		term.say("1\r", "More: press Enter.")
		term.say("q\r")
		term.waitEnd(waitTimeout)
		if s := nonASCII(term.out.String()); s != "" {
			t.Errorf("a C locale was sent a byte above 0x7F: %q", s)
		}
	})
	t.Run("linear, ISO-8859-1", func(t *testing.T) {
		t.Parallel()
		term := openPTYWith(t, k.dialAs(t, "plain"), "xterm", 80, 24, "", latin1)
		term.waitLatin1("Menú:", "Embajada de la República Argentina en Sudáfrica", "5. FO.AR: Cooperación Sur-Sur")
		term.send("L\r")
		term.waitLatin1("Related websites")
		term.send("q\r")
		term.waitEnd(waitTimeout)
		term.waitLatin1("Thank you for visiting", "argentina´s-leadership")
		if strings.Contains(term.out.String(), "\xc3") {
			t.Errorf("a Latin-1 terminal was sent UTF-8")
		}
	})
	t.Run("without a terminal", func(t *testing.T) {
		t.Parallel()
		r := k.commandAs(t, "es", []string{"LANG=C"}, "")
		if s := nonASCII(r.stdout); s != "" || !strings.Contains(r.stdout, "Sudafrica") {
			t.Errorf("ssh -T with LANG=C: a byte above 0x7F (%q), or no transliterated text", s)
		}
		r = k.commandAs(t, "es", latin1, "")
		if !strings.Contains(r.stdout, "Sud\xe1frica") || strings.Contains(r.stdout, "\xc3") {
			t.Errorf("ssh -T with ISO-8859-1: want Latin-1 bytes, got %q", r.stdout[:min(300, len(r.stdout))])
		}
	})
}
