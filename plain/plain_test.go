package plain

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/markdown"
)

func words(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPlainText(t *testing.T) {
	lib := testkit.Library(t)
	es := lib.In(content.Spanish)
	r := markdown.NewCache()
	reach := ReachAs("ssh -p 2222 kiosk.example", "es")
	all := All(es, r, reach, charset.UTF8)
	for _, want := range []string{es.Site.Name, es.Pages[0].Title, "Sitios relacionados", "Instituciones argentinas", "dirección verificada", "Nota: ", "Contacto con la Embajada"} {
		if !strings.Contains(all, want) {
			t.Errorf("the Spanish plain text lacks %q", want)
		}
	}
	if strings.ContainsRune(all, 0x1b) {
		t.Errorf("plain text must have no escape codes")
	}
	// The About page comes after the directory, as in the menu.
	if strings.Index(all, "Contacto con la Embajada") < strings.Index(all, "Instituciones argentinas") {
		t.Errorf("the About page should come after the directory")
	}
	// Without a menu, the commands to type are named whole, with the host.
	if !strings.Contains(words(all), "Para la vista interactiva: ssh -t -p 2222 es@kiosk.example (con una terminal). Para los comandos: ssh -p 2222 es@kiosk.example help") {
		t.Errorf("the plain text should end with the whole commands:\n%s", all[max(0, len(all)-300):])
	}
	if h := Help(es, reach); !strings.Contains(h, "links --json") || !strings.Contains(h, "es@host") || !strings.Contains(words(h), "(ssh -t -p 2222 es@kiosk.example)") {
		t.Errorf("help should list links --json and say how to choose the language:\n%s", h)
	}
	var got []map[string]string
	if err := json.Unmarshal([]byte(LinksJSON(es)), &got); err != nil {
		t.Fatalf("links --json is not JSON: %v", err)
	}
	if len(got) != len(lib.Links) {
		t.Fatalf("links --json has %d entries, want %d", len(got), len(lib.Links))
	}
	for i, l := range got {
		for _, k := range []string{"title", "description", "url", "status", "group", "note"} {
			if _, ok := l[k]; !ok {
				t.Errorf("entry %d has no %q", i, k)
			}
		}
		if l["url"] != es.Links[i].URL || l["group"] != es.Links[i].Group || l["description"] != es.Links[i].Description || l["status"] != string(es.Links[i].Status) {
			t.Errorf("entry %d = %v", i, l)
		}
	}
}
