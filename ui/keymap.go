package ui

import "charm.land/bubbles/v2/key"

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
	Help     key.Binding
	Quit     key.Binding
}

// DefaultKeyMap returns the kiosk's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open:     key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", "open")),
		Back:     key.NewBinding(key.WithKeys("esc", "backspace", "left", "h"), key.WithHelp("esc", "back")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		Jump:     key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "jump")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "previous page")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("space", "next page")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// forScreen enables only the bindings that act on screen s.
func (k KeyMap) forScreen(s screen) KeyMap {
	scrolls := s == screenPage || s == screenLinks || s == screenLink
	k.Back.SetEnabled(s != screenHome)
	k.Jump.SetEnabled(s == screenHome)
	k.Open.SetEnabled(s == screenHome || s == screenLinks)
	k.Next.SetEnabled(s == screenHome || s == screenLinks)
	k.Prev.SetEnabled(s == screenHome || s == screenLinks)
	k.PageUp.SetEnabled(scrolls)
	k.PageDown.SetEnabled(scrolls)
	k.Top.SetEnabled(scrolls)
	k.Bottom.SetEnabled(scrolls)
	return k
}

// shortHelp is the one-line help under every screen, most useful first;
// it is cut from the end to fit, but help and quit always stay.
func (k KeyMap) shortHelp(s screen) []key.Binding {
	move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", "move"))
	if s == screenPage || s == screenLink {
		move.SetHelp("↑↓", "scroll")
	}
	if s == screenHome {
		return []key.Binding{move, k.Open, k.Jump}
	}
	// Away from home, the way back matters most on a narrow window.
	return []key.Binding{k.Back, move, k.Open, k.PageDown, k.Top, k.Bottom}
}

// FullHelp is shown when the visitor presses '?'.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Next, k.Prev},
		{k.Open, k.Back, k.Jump},
		{k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Help, k.Quit},
	}
}
