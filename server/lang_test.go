package server_test

import (
	"encoding/json"
	"net"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/server"
)

// commandAs runs cmd without a PTY as user, after sending env. Only LANG
// and LC_* are used: the variables OpenSSH sends by default.
func (k *kiosk) commandAs(t *testing.T, user string, env []string, cmd string) result {
	t.Helper()
	return k.session(t, noPTY{user: user, env: env, cmd: cmd})
}

func TestLanguageChoice(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	es := k.Lib.In(content.Spanish)
	const english, spanish = "Related websites", "Sitios relacionados"
	tests := []struct {
		name, user string
		env        []string
		want       string
	}{
		{"default", "visitor", nil, english},
		{"user es", "es", nil, spanish},
		{"user en", "en", nil, english},
		{"LANG", "visitor", []string{"LANG=es_AR.UTF-8"}, spanish},
		{"LC_ALL over LANG", "visitor", []string{"LANG=es_AR.UTF-8", "LC_ALL=en_ZA.UTF-8"}, english},
		{"LC_MESSAGES", "visitor", []string{"LANG=en_ZA.UTF-8", "LC_MESSAGES=es_ES.UTF-8"}, spanish},
		{"user name over LANG", "en", []string{"LANG=es_AR.UTF-8"}, english},
		{"a language the kiosk lacks", "visitor", []string{"LANG=fr_FR.UTF-8"}, english},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := k.commandAs(t, tt.user, tt.env, "links")
			if r.status != 0 || !strings.Contains(r.stdout, tt.want) {
				t.Errorf("links as %s with %q: status %d, output lacks %q:\n%.300s", tt.user, tt.env, r.status, tt.want, r.stdout)
			}
		})
	}
	t.Run("every command", func(t *testing.T) {
		t.Parallel()
		for cmd, want := range map[string]string{
			"":            es.Pages[0].Title,
			"pages":       es.Pages[1].Title,
			"page memory": "modelo para el mundo",
			"help":        "la lista de páginas",
			"links":       "Instituciones argentinas",
		} {
			r := k.commandAs(t, "es", nil, cmd)
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%q as es: output lacks %q:\n%.300s", cmd, want, r.stdout)
			}
		}
	})
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		r := k.commandAs(t, "es", nil, "frobnicate")
		_, port, _ := net.SplitHostPort(k.Addr)
		if r.status != 2 || r.stderr != "embassy: comando desconocido; para los comandos: ssh -p "+port+" es@127.0.0.1 help\n" {
			t.Errorf("an unknown command as es: status %d, stderr %q", r.status, r.stderr)
		}
	})
}

// TestLanguagePTY: the terminal UI follows the same choice, and L switches.
func TestLanguagePTY(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	cfg := clientConfig()
	cfg.User = "es"
	term := openTerminal(t, k.dialWith(t, cfg), 80, 24)
	term.waitFor(0, "Embajada de la República Argentina en Sudáfrica", "Sitios relacionados", "Presione un número")
	m := term.mark()
	term.send("L")
	// Only changed cells are redrawn: look for words the languages do not share.
	term.waitFor(m, linksTitle, "a number, or move with the arrows")
	m = term.mark()
	term.send("L")
	term.waitFor(m, "Sitios relacionados")
	term.send("q")
	if status := term.waitEnd(waitTimeout); status != 0 {
		t.Errorf("exit status = %d, want 0", status)
	}
	if !strings.Contains(words(term.screenSince(m)), "Gracias por visitar la Embajada") {
		t.Errorf("the goodbye should be in Spanish:\n%s", term.screenSince(m))
	}

	// LANG sent with the PTY session.
	c := k.dial(t)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Setenv("LANG", "es_AR.UTF-8"); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	sess.Stdout = &out
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitTimeout)
	for !strings.Contains(out.String(), "Sitios relacionados") {
		if time.Now().After(deadline) {
			t.Fatalf("LANG=es_AR.UTF-8 should give the Spanish UI; got %.400q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = sess.Close()
}

func TestLinksJSON(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	for _, user := range []string{"en", "es"} {
		r := k.commandAs(t, user, nil, "links --json")
		var links []map[string]string
		if err := json.Unmarshal([]byte(r.stdout), &links); err != nil || r.status != 0 {
			t.Fatalf("links --json as %s: status %d, %v:\n%.300s", user, r.status, err, r.stdout)
		}
		lib := k.Lib.In(content.Lang(user))
		if len(links) != len(lib.Links) {
			t.Fatalf("got %d links, want %d", len(links), len(lib.Links))
		}
		for i, l := range links {
			want := lib.Links[i]
			if l["title"] != want.Title || l["description"] != want.Description || l["url"] != want.URL ||
				l["status"] != string(want.Status) || l["group"] != want.Group || l["note"] != want.Note {
				t.Errorf("%s: entry %d = %v, want %+v", user, i, l, want)
			}
		}
	}
	// With a terminal, --json is still JSON.
	c := k.dial(t)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, _ := sess.Output("links --json")
	if !strings.HasPrefix(strings.TrimSpace(string(out)), "[") || !strings.Contains(string(out), `"url": "https://eaaf.org/"`) {
		t.Errorf("links --json with a PTY should print JSON, got %.200q", out)
	}
	if r := k.command(t, "links --xml"); r.status != 2 {
		t.Errorf("links --xml: status %d, want 2", r.status)
	}
}

// TestSetLibrary: new sessions get the new content; open sessions keep
// theirs.
func TestSetLibrary(t *testing.T) {
	t.Parallel()
	k := startKiosk(t, server.Config{})
	old := term80(t, k)
	old.waitHome(0)

	newLib, err := content.Load(fstest.MapFS{
		"links.yaml":         {Data: []byte("site:\n  name: New Embassy\n  title: New Title\ngroups:\n  - name: G\n    links:\n      - {title: Foo, description: Foo., url: \"https://example.org/\", status: verified}\n")},
		"pages/01-memory.md": {Data: []byte("---\ntitle: A new page\n---\n\nNew words.\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	k.SetLibrary(newLib)
	k.SetLibrary(nil) // ignored
	if k.Library() != newLib {
		t.Fatalf("Library() is not the new library")
	}

	if r := k.command(t, "page memory"); !strings.Contains(r.stdout, "New words.") {
		t.Errorf("a new session should get the new content:\n%s", r.stdout)
	}
	fresh := term80(t, k)
	fresh.waitFor(0, "New Embassy", "A new page")

	// The open session still shows the old page 2, in full.
	m := old.mark()
	old.send("2")
	old.waitFor(m, page2Title, page2Text)
	if strings.Contains(old.screenSince(0), "New Embassy") {
		t.Errorf("the open session was shown the new content")
	}
}

func term80(t *testing.T, k *kiosk) *terminal {
	t.Helper()
	return openTerminal(t, k.dial(t), 80, 24)
}
