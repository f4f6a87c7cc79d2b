package i18n

import (
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/content"
)

// TestTextsComplete checks that every text the kiosk says exists in every
// language, with the same formatting verbs.
func TestTextsComplete(t *testing.T) {
	verbs := func(s string) string {
		var v []string
		for i := 0; i < len(s)-1; i++ {
			if s[i] == '%' {
				v = append(v, s[i:i+2])
				i++
			}
		}
		return strings.Join(v, " ")
	}
	for _, lang := range content.Languages {
		if texts[lang] == nil {
			t.Fatalf("no texts for %s", lang)
		}
		for key, en := range texts[content.English] {
			s, ok := texts[lang][key]
			switch {
			case !ok:
				t.Errorf("%s: %q is missing", lang, key)
			case s == "":
				t.Errorf("%s: %q is empty", lang, key)
			case verbs(s) != verbs(en):
				t.Errorf("%s: %q has verbs %q, English has %q", lang, key, verbs(s), verbs(en))
			}
		}
		for key := range texts[lang] {
			if _, ok := texts[content.English][key]; !ok {
				t.Errorf("%s: %q is not an English text", lang, key)
			}
		}
	}
}

func TestChooseLanguage(t *testing.T) {
	tests := []struct {
		user string
		env  []string
		want content.Lang
	}{
		{"visitor", nil, content.English},
		{"es", nil, content.Spanish},
		{"ES", []string{"LANG=en_GB.UTF-8"}, content.Spanish}, // the user name comes first
		{"en", []string{"LANG=es_AR.UTF-8"}, content.English},
		{"español", nil, content.Spanish},
		{"visitor", []string{"LANG=es_AR.UTF-8"}, content.Spanish},
		{"visitor", []string{"LANG=es"}, content.Spanish},
		{"visitor", []string{"LANG=es-419"}, content.Spanish},
		{"visitor", []string{"LANG=en_ZA.UTF-8"}, content.English},
		{"visitor", []string{"LANG=fr_FR.UTF-8"}, content.English},
		{"visitor", []string{"LANG=en_US.UTF-8", "LC_MESSAGES=es_AR.UTF-8"}, content.Spanish},
		{"visitor", []string{"LANG=es_AR.UTF-8", "LC_ALL=en_US.UTF-8"}, content.English},
		{"visitor", []string{"LC_ALL=C", "LANG=es_ES.UTF-8"}, content.Spanish}, // C says nothing
		{"visitor", []string{"LANG=C.UTF-8"}, content.English},
		{"visitor", []string{"LC_ALL=es_AR@euro"}, content.Spanish},
		{"visitor", []string{"TERM=xterm", "LANGUAGE=es"}, content.English}, // only LANG and LC_* count
	}
	for _, tt := range tests {
		if got := ChooseLanguage(tt.user, tt.env); got != tt.want {
			t.Errorf("ChooseLanguage(%q, %q) = %s, want %s", tt.user, tt.env, got, tt.want)
		}
	}
}

// TestPluralsComplete: every text with a count has both forms in every
// language, and each form says the count.
func TestPluralsComplete(t *testing.T) {
	for _, lang := range content.Languages {
		for key := range texts[lang] {
			base, ok := strings.CutSuffix(key, ".one")
			if !ok {
				base, ok = strings.CutSuffix(key, ".other")
			}
			if !ok {
				continue
			}
			for _, form := range []string{base + ".one", base + ".other"} {
				if s, ok := texts[lang][form]; !ok || !strings.Contains(s, "%d") && !strings.Contains(s, "%[1]d") {
					t.Errorf("%s: %q needs %q, saying the count (%%d)", lang, key, form)
				}
			}
		}
	}
}
