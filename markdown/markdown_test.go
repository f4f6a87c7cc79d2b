package markdown

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/internal/testkit"
)

// Item 12: a list item's wrapped lines hang under its text, not under its
// bullet, in colour and in plain text.
func TestBulletsHang(t *testing.T) {
	r := NewCache()
	for _, lang := range []content.Lang{content.English, content.Spanish} {
		p, _ := testkit.Library(t).In(lang).Page("about")
		for _, width := range []int{36, 50, 76} {
			for _, style := range []Style{Dark, Plain} {
				lines := r.Lines(p, width, style, colorprofile.TrueColor)
				items, inItem := 0, false
				for i, l := range lines {
					l = ansi.Strip(l)
					switch {
					case strings.HasPrefix(l, "• "):
						items++
						inItem = true
					case strings.TrimSpace(l) == "":
						inItem = false
					case inItem && !strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "  •"):
						t.Errorf("%s %d style %d: line %d does not hang under its item's text: %q", lang, width, style, i, l)
					}
				}
				if items < 3 {
					t.Errorf("%s %d: %d list items, want the contact details and the legend", lang, width, items)
				}
			}
		}
	}
}
