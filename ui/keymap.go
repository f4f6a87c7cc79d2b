package ui

import (
	"charm.land/bubbles/v2/key"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
)

// KeyMap is every key the kiosk answers to. Bindings that do nothing on the
// current screen are disabled, so the help line only shows what works.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	Open     key.Binding
	Back     key.Binding
	Next     key.Binding
	Prev     key.Binding
	Jump     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Filter   key.Binding // directory: start typing a filter
	Clear    key.Binding // directory: clear the filter (Esc, shown in help only)
	Copy     key.Binding // an entry: copy its address (OSC 52)
	Lang     key.Binding // switch language
	Help     key.Binding
	Quit     key.Binding
	// QuickExit leaves at once and clears the screen and its scrollback,
	// for a visitor reading in a public place.
	QuickExit key.Binding
}

// NewKeyMap returns the kiosk's keys, described in lang. alt+esc is Esc
// too: Bubble Tea's own input reader (--renderer bubbletea) reads Escapes
// pressed quickly, which arrive in one burst, as one alt+esc.
func NewKeyMap(lang content.Lang) KeyMap {
	t := func(k string) string { return i18n.T(lang, k) }
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t("key.up"))),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t("key.down"))),
		Open:      key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", t("key.open"))),
		Back:      key.NewBinding(key.WithKeys("esc", "alt+esc", "backspace", "left", "h"), key.WithHelp("esc", t("key.back"))),
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("key.next"))),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t("key.prev"))),
		Jump:      key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", t("key.jump"))),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", t("key.pageup"))),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("space", t("key.pagedown"))),
		Top:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", t("key.top"))),
		Bottom:    key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", t("key.bottom"))),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", t("key.filter"))),
		Clear:     key.NewBinding(key.WithKeys("esc", "alt+esc"), key.WithHelp("esc", t("key.clear"))),
		Copy:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("key.copy"))),
		Lang:      key.NewBinding(key.WithKeys("L"), key.WithHelp("L", t("key.lang"))),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t("key.help"))),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", t("key.quit"))),
		QuickExit: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t("key.quickexit"))),
	}
}

// keyState is what, besides the screen, decides which keys work.
type keyState struct {
	filtered bool // the directory is filtered
	typing   bool // the visitor is typing the filter: letters go there
	canCopy  bool // there is an address to copy
	scrolls  bool // a page or an entry is longer than the window: scrolling keys do something
}

// forScreen enables only the bindings that act on screen s.
func (k KeyMap) forScreen(s screen, st keyState) KeyMap {
	// The directory's paging keys move the selection; on a page or an
	// entry that fits the window they would do nothing, so they are off.
	scrolls := s == screenLinks || (s == screenPage || s == screenLink) && st.scrolls
	k.Back.SetEnabled(s != screenHome)
	k.Clear.SetEnabled(s == screenLinks && st.filtered)
	if k.Clear.Enabled() {
		// Esc clears the filter first and Backspace edits it (model.go);
		// the other keys still go back.
		k.Back.SetKeys("left", "h")
		k.Back.SetHelp("←", k.Back.Help().Desc)
	}
	k.Jump.SetEnabled(s == screenHome)
	k.Open.SetEnabled(s == screenHome || s == screenLinks)
	k.Next.SetEnabled(s == screenHome || s == screenLinks)
	k.Prev.SetEnabled(s == screenHome || s == screenLinks)
	k.PageUp.SetEnabled(scrolls)
	k.PageDown.SetEnabled(scrolls)
	k.Top.SetEnabled(scrolls)
	k.Bottom.SetEnabled(scrolls)
	k.Filter.SetEnabled(s == screenLinks)
	k.Copy.SetEnabled(st.canCopy && (s == screenLink || s == screenLinks))
	if st.typing {
		// Letters, digits and space are typed into the filter; only keys
		// that type nothing keep working.
		k = KeyMap{Up: k.Up, Down: k.Down, Open: k.Open, Clear: k.Clear, Next: k.Next, Prev: k.Prev, Help: k.Help, Quit: k.Quit}
		k.Up.SetKeys("up")
		k.Down.SetKeys("down")
		k.Open.SetKeys("enter")
		k.PageUp = key.NewBinding(key.WithKeys("pgup"))
		k.PageDown = key.NewBinding(key.WithKeys("pgdown"))
		k.Clear.SetEnabled(true)
		k.Help.SetEnabled(false)
		k.Quit.SetKeys("ctrl+c")
		k.Quit.SetHelp("ctrl+c", k.Quit.Help().Desc)
	}
	return k
}

// withGlyphs describes the arrow keys with g's symbols (ASCII on terminals
// without Unicode).
func (k KeyMap) withGlyphs(g Glyphs) KeyMap {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Back, &k.Open, &k.Next, &k.Prev, &k.Jump, &k.PageUp,
		&k.PageDown, &k.Top, &k.Bottom, &k.Filter, &k.Clear, &k.Copy, &k.Lang, &k.Help, &k.Quit, &k.QuickExit} {
		b.SetHelp(g.keys(b.Help().Key), b.Help().Desc)
	}
	return k
}

// shortHelp is the one-line help under every screen, most useful first;
// it is cut from the end to fit, but help and quit always stay.
func (k KeyMap) shortHelp(s screen, lang content.Lang) []key.Binding {
	move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", i18n.T(lang, "key.move")))
	if s == screenPage || s == screenLink {
		move.SetHelp("↑↓", i18n.T(lang, "key.scroll"))
		// Up and down scroll what is longer than the window, or nothing.
		move.SetEnabled(k.PageDown.Enabled())
	}
	// The help line's space is short; the full help says it whole.
	k.PageDown.SetHelp(k.PageDown.Help().Key, i18n.T(lang, "key.pagedown.short"))
	switch s {
	case screenHome:
		// L is also shown on the title line.
		return []key.Binding{move, k.Open, k.Jump, k.Lang}
	case screenLinks:
		return []key.Binding{k.Clear, k.Back, move, k.Open, k.Filter, k.Copy, k.Lang, k.PageDown}
	case screenLink:
		return []key.Binding{k.Back, k.Copy, move, k.Lang, k.PageDown}
	}
	// Away from home, the way back matters most on a narrow window.
	return []key.Binding{k.Back, move, k.Lang, k.PageDown, k.Top, k.Bottom}
}

// FullHelp is shown when the visitor presses '?'.
func (k KeyMap) FullHelp() [][]key.Binding {
	// Most needed first: a small window shows the groups one under the
	// other and cuts what does not fit (Model.fullHelp). Clear and Jump
	// never work on the same screen, nor Filter and Jump.
	return [][]key.Binding{
		{k.Open, k.Back, k.Clear, k.Jump, k.Help},
		{k.Up, k.Down, k.Next, k.Prev},
		{k.Filter, k.Copy, k.Lang, k.Quit, k.QuickExit},
		{k.PageUp, k.PageDown, k.Top, k.Bottom},
	}
}
