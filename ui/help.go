package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// shown reports whether a key belongs in the help: it works here and has
// a name to show.
func shown(b key.Binding) bool { return b.Enabled() && b.Help().Key != "" }

// helpBlock is one group of keys in the full help: a line per key, the
// keys aligned; w is the widest line's width.
type helpBlock struct {
	lines []string
	w     int
}

// helpPanel is the full help: every key that works on the screen under
// it, in groups laid out side by side as many as fit the window, and the
// others below them, on a phone's narrow window too. (bubbles' help cut the
// groups that did not fit, with the language, quit and quick-exit keys
// last.) Its key (?) opens and closes it. On the smallest windows the help
// may take the body's place; what does not fit there is cut, the last group
// first.
type helpPanel struct {
	open bool
	// Pointers, as the root Model holds the panel and Bubble Tea copies
	// the Model at every message: its size is kept as it was.
	toggle *key.Binding // the key that opens and closes it
	keys   *KeyMap      // the screen's keys, to list (the root's activeKeys), while drawing
	styles *Styles
	width  int // columns for the groups, after the one-space margin
	height int // rows it may take
}

var _ component = (*helpPanel)(nil)

func (h *helpPanel) Init() tea.Cmd { return nil }

// Update opens or closes the panel on its key.
func (h *helpPanel) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && h.toggle != nil && key.Matches(k, *h.toggle) {
		h.open = !h.open
	}
	return nil
}

func (h *helpPanel) SetSize(width, height int) { h.width, h.height = width, height }

// View is the panel's lines for its size, each starting with a space.
func (h *helpPanel) View() string {
	out := h.lines(max(1, h.width))
	return strings.Join(out[:min(len(out), max(1, h.height))], "\n")
}

func (h *helpPanel) ShortHelp() []key.Binding  { return []key.Binding{*h.toggle} }
func (h *helpPanel) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// lines is the full help laid out in width columns, each line starting
// with a space.
func (h *helpPanel) lines(width int) []string {
	var blocks []helpBlock
	for _, group := range h.keys.FullHelp() {
		if b, ok := h.block(group); ok {
			blocks = append(blocks, b)
		}
	}
	return flowBlocks(blocks, width, h.styles.G.Ellipsis)
}

// helpPanel is the help panel for what is on screen: keys (the screen's)
// and the styles.
func (m Model) helpPanel(keys *KeyMap) helpPanel {
	h := m.help
	h.keys, h.styles = keys, m.styles
	return h
}

// fullHelp is the help panel in the window, under the header.
func (m Model) fullHelp() string {
	k := m.activeKeys()
	h := m.helpPanel(&k)
	h.SetSize(m.width-2, m.height-m.headerHeight())
	return h.View()
}

// helpInBody reports whether the full help is shown in the body rather
// than under it: on an entry whose QR code is beside the text, the help
// takes the text's column and leaves the code whole (under it, the help
// would take the rows the code needs).
func (m Model) helpInBody() bool {
	if !m.help.open || m.screen != screenLink {
		return false
	}
	e := m.entry
	e.c = m.ctx()
	return e.layout().side != nil
}

func (h *helpPanel) block(group []key.Binding) (helpBlock, bool) {
	var keys, descs []string
	kw, dw := 0, 0
	for _, b := range group {
		if h := b.Help(); shown(b) {
			keys, descs = append(keys, h.Key), append(descs, h.Desc)
			kw, dw = max(kw, ansi.StringWidth(h.Key)), max(dw, ansi.StringWidth(h.Desc))
		}
	}
	b := helpBlock{w: kw + 1 + dw}
	for i := range keys {
		pad := strings.Repeat(" ", kw-ansi.StringWidth(keys[i]))
		b.lines = append(b.lines, h.styles.HelpKey.Render(keys[i]+pad)+" "+h.styles.Help.Render(descs[i]))
	}
	return b, len(keys) > 0
}

// flowBlocks puts blocks side by side while they fit width, and starts a
// new row below when the next does not; each line is indented by one
// space and cut to width.
func flowBlocks(blocks []helpBlock, width int, ellipsis string) []string {
	const gap = 4 // spaces between blocks side by side
	var out []string
	flush := func(row []helpBlock) {
		height := 0
		for _, b := range row {
			height = max(height, len(b.lines))
		}
		for y := range height {
			line, pad := "", 0 // pad: the blank owed to the blocks on the left
			for _, b := range row {
				if y < len(b.lines) {
					line += strings.Repeat(" ", pad) + b.lines[y]
					pad = b.w - ansi.StringWidth(b.lines[y])
				} else {
					pad += b.w
				}
				pad += gap
			}
			out = append(out, " "+ansi.Truncate(line, width, ellipsis))
		}
	}
	var row []helpBlock
	used := 0
	for _, b := range blocks {
		if len(row) > 0 && used+gap+b.w > width {
			flush(row)
			row, used = nil, 0
		}
		if len(row) > 0 {
			used += gap
		}
		row, used = append(row, b), used+b.w
	}
	flush(row)
	return out
}
