package ui

import (
	"strings"
	"testing"
	"testing/fstest"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
)

// oneOfEach is content with one page, untranslated, and one link: every
// count the home screen shows is 1.
func oneOfEach(t *testing.T) *content.Library {
	t.Helper()
	lib, err := content.Load(fstest.MapFS{
		"links.yaml": {Data: []byte("site:\n  name: {en: Embassy, es: Embajada}\n  title: {en: Title, es: Título}\n" +
			"groups:\n  - name: {en: G, es: G}\n    links:\n      - title: {en: Foo, es: Foo}\n        description: {en: A body., es: Un organismo.}\n        url: https://example.org/\n        status: verified\n")},
		"pages/01-one.md": {Data: []byte("---\ntitle: One\n---\n\nOnly English.\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// TestPluralForms: a count of one reads in the singular, in both languages.
func TestPluralForms(t *testing.T) {
	lib := oneOfEach(t)
	for lang, wants := range map[content.Lang][]string{
		content.English: {"1 website of a body these pages name"},
		content.Spanish: {"1 sitio de un organismo que nombran estas páginas", "1 texto aún no está traducido y se muestra en inglés."},
	} {
		var m tea.Model = New(Options{Library: lib.In(lang), Lang: lang, Markdown: markdown.NewCache()})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		home := words(ansi.Strip(m.View().Content))
		for _, want := range wants {
			if !strings.Contains(home, want) {
				t.Errorf("%s home lacks %q:\n%s", lang, want, home)
			}
		}
	}
	for _, tt := range []struct {
		lang content.Lang
		n    int
		want string
	}{
		{content.Spanish, 0, "0 textos"},
		{content.Spanish, 1, "1 texto aún no está traducido"},
		{content.Spanish, 2, "2 textos aún no están traducidos"},
		{content.English, 1, "1 text is not"},
		{content.English, 3, "3 texts are not"},
	} {
		if got := i18n.Plural(tt.lang, "home.untranslated", tt.n); !strings.HasPrefix(got, tt.want) {
			t.Errorf("i18n.Plural(%s, home.untranslated, %d) = %q, want it to start %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
