// Package ui is the kiosk's Bubble Tea program: one Model per visitor. It does
// no I/O and keeps no package-level state but the styles it builds once;
// everything it shows comes from the content.Library and the shared Markdown cache
// it is given.
package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/embassy-kiosk/embassy/colour"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
)

// The smallest window the layout is designed for.
const (
	MinWidth  = 40
	MinHeight = 12
)

// readingWidth caps the text column: long lines are hard to read, and it
// bounds the number of widths the Markdown cache keeps.
const readingWidth = 76

type screen int

const (
	screenHome screen = iota
	screenPage
	screenLinks
	screenLink
)

// Options configure one visitor's program.
type Options struct {
	// Library is the content; the visitor sees it in Lang (English if
	// Lang is empty) and may switch language with L.
	Library  *content.Library
	Lang     content.Lang
	Markdown *markdown.Cache // the pages rendered, shared by all sessions
	// Start opens the program on a screen other than home: "links" or a
	// page slug. Unknown values start at home.
	Start string
	// OnPageView is called (on the program's goroutine) each time a page or
	// the directory is opened; the server counts these for its logs.
	OnPageView func(slug string)
	// Profile is the terminal's colour profile as far as it is known
	// before Bubble Tea says (colour.Profile of the client's
	// environment); Unknown: true colour.
	Profile colorprofile.Profile
	// Env is the client's environment with the PTY's TERM, as far as it
	// is known before the program starts: the glyphs are chosen from it
	// before the first frame (a vt100 must never be sent a Unicode one).
	Env []string

	// OnQuickExit is called when the visitor presses x: the program ends
	// with nothing left on screen, and the caller should also clear the
	// screen and its scrollback (the program cannot) and hang up.
	OnQuickExit func()

	// IdleTimeout: a visitor who presses no key for this long sees a
	// countdown and is said goodbye (idle.go). 0: never. Done is closed
	// when the session ends, so that no timer outlives it.
	IdleTimeout time.Duration
	Done        <-chan struct{}

	// At events (booth.go, attract.go). Booth: the kiosk runs on a booth's
	// own terminal (embassy local): quit keys only with AllowQuit, Ctrl+C
	// twice, and ResetAfter (0: never) after the last key it starts over
	// for the next visitor. AttractAfter (0: never) after the last key the
	// attract loop shows, which tells how to connect with SSHCommand
	// ("ssh embassy.example").
	Booth        bool
	AllowQuit    bool
	ResetAfter   time.Duration
	AttractAfter time.Duration
	SSHCommand   string
}

type menuEntry struct {
	label   string
	summary string
	page    string // the page's slug, for a page; "" otherwise
	open    func(m *Model)
}

// Model is one visitor's state.
type Model struct {
	opt    Options
	lang   content.Lang
	lib    *content.Library // the content in lang
	keys   KeyMap
	styles *Styles // shared (theme.go); a pointer, as Bubble Tea copies the Model at every call
	menu   []menuEntry

	width, height int
	screen        screen

	// What the terminal is, as far as the kiosk knows: TERM from the
	// client's environment (tea.EnvMsg) and the colour profile.
	term         string
	profile      colorprofile.Profile
	knowsProfile bool
	noColour     bool // the visitor asked for no colour (NO_COLOR)

	// The screens (component.go), each with its own state.
	home  homeScreen  // the menu (home.go)
	page  pageScreen  // a page (page.go)
	dir   directory   // the directory of links (links.go, filter.go)
	entry entryScreen // one entry of it, or the banner (entry.go)

	notice    string    // one line shown in the footer until the next key
	help      helpPanel // the full help (help.go)
	ascii     bool      // draw with ASCII only (theme.go Glyphs)
	quickExit bool      // x was pressed: end leaving nothing on screen
	closing   closing   // the server is stopping (closing.go)
	goodbye   string    // set when the program is about to end

	idle idleTimer // visitor-idle timer (idle.go)
	jump jumpState // a menu number being typed (jump.go)

	booth   booth       // booth mode, reset and the attract loop's clock (booth.go)
	attract attractLoop // the attract loop (attract.go)

	shared    *common    // the components' context, filled in when used (common.go); shared by copies
	views     *viewCache // the last view drawn (viewcache.go); shared by copies
	gen       uint64     // this model's generation: a view is reused for it
	unchanged bool       // set by update when the message changed nothing
	reuse     bool       // the last update changed nothing: the view drawn for gen stands
}

// New returns the model for one visitor, sized 80x24 until the terminal
// reports its size.
func New(opt Options) Model {
	m := Model{
		opt:    opt,
		width:  80,
		height: 24,
		dir:    directory{filter: newFilter(), rows: &linkRowsCache{}},
		entry:  entryScreen{index: -1, cache: &linkViewCache{}},
		idle:   newIdleTimer(opt.IdleTimeout, opt.Done),
		booth:  newBooth(opt),
		home:   homeScreen{wraps: wrapCache{}},
		views:  &viewCache{},
		shared: &common{},
	}
	if opt.Env != nil {
		getenv := envLookup(opt.Env)
		m.term, m.ascii, m.noColour = getenv("TERM"), needsASCII(getenv), getenv("NO_COLOR") != ""
	}
	m.restyle(true)
	m.setLang(opt.Lang)
	m.directory(nil).setVisible()
	switch {
	case opt.Start == "links":
		m.openLinks()
	case opt.Start != "":
		if p, ok := m.lib.Page(opt.Start); ok {
			m.openPage(p)
		}
	}
	m.gen = m.views.next()
	return m
}

// setLang shows everything in lang from now on, on the same screen.
func (m *Model) setLang(lang content.Lang) {
	if !lang.Valid() {
		lang = content.English
	}
	m.lang = lang
	m.lib = m.opt.Library.In(lang)
	m.keys = NewKeyMap(lang)
	m.setupBooth() // booth.go: no quit keys in a booth
	toggle := m.keys.Help
	m.help.toggle = &toggle // the help panel's key, named in lang
	m.dir.filter.Prompt = i18n.T(lang, "filter.prompt")
	m.dir.filter.Placeholder = i18n.T(lang, "filter.typing")
	m.menu = nil
	for _, p := range m.lib.Pages {
		if !p.AtEnd {
			m.menu = append(m.menu, menuEntry{label: p.Title, summary: p.Summary, page: p.Slug, open: func(m *Model) { m.openPage(p) }})
		}
	}
	m.menu = append(m.menu, menuEntry{
		label:   m.lib.Site.LinksTitle,
		summary: i18n.Plural(lang, "home.links", len(m.lib.Links)),
		open:    (*Model).openLinks,
	})
	if b := m.lib.Site.Banner; b.URL != "" {
		m.menu = append(m.menu, menuEntry{label: b.Title, summary: b.Description, open: func(m *Model) { m.openLink(-1, screenHome) }})
	}
	for _, p := range m.lib.Pages {
		if p.AtEnd {
			m.menu = append(m.menu, menuEntry{label: p.Title, summary: p.Summary, page: p.Slug, open: func(m *Model) { m.openPage(p) }})
		}
	}
	m.home.cursor = clamp(m.home.cursor, 0, len(m.menu)-1)
	m.keys.Jump.SetHelp(jumpHelp(len(m.menu)), i18n.T(lang, "key.jump"))
}

// switchLang is the L key: the same screen, in the other language.
func (m *Model) switchLang() {
	m.setLang(i18n.OtherLanguage(m.lang))
	switch m.screen {
	case screenPage:
		m.pageScreen().Update(langMsg{})
	case screenLinks:
		m.directory(nil).Update(langMsg{})
	case screenLink:
		m.entryScreen(nil).Update(langMsg{})
	}
}

// Init asks the terminal for its background colour; until it answers (some
// never do) the dark palette is used.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.idle.start(), m.boothStart()) // boothStart: booth.go
}

// GoodbyeMsg asks the program to say Reason on screen and end.
type GoodbyeMsg struct{ Reason string }

// update handles one message (Update, viewcache.go, calls it). Where it
// knows the message changed nothing on screen it sets m.unchanged.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.updateBooth(msg); ok { // booth mode, reset, attract loop (booth.go)
		return m, cmd
	}
	if cmd, ok := m.updateIdle(msg); ok { // visitor-idle timer (idle.go)
		return m, cmd
	}
	if cmd, ok := m.updateClosing(msg); ok { // the server is stopping (closing.go)
		return m, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.reflow()
	case tea.BackgroundColorMsg:
		if m.restyle(msg.IsDark()) {
			m.reflow()
		}
	case GoodbyeMsg:
		m.goodbye = msg.Reason
		return m, tea.Quit
	case tea.EnvMsg:
		m.term = msg.Getenv("TERM")
		m.ascii = needsASCII(msg.Getenv)
		m.noColour = msg.Getenv("NO_COLOR") != ""
		m.restyle(m.styles.Dark)
		m.reflow() // the terminal's type decides hyperlinks too
	case tea.ColorProfileMsg:
		m.profile, m.knowsProfile = msg.Profile, true
		if colour.Colourless(m.term) {
			m.profile = min(m.profile, colorprofile.Ascii)
		}
		m.restyle(m.styles.Dark)
		m.reflow()
	case tea.PasteMsg:
		if m.typing() {
			return m, m.toDirectory(msg, nil)
		}
	case tea.MouseClickMsg:
		m.click(msg)
	case tea.MouseWheelMsg:
		m.route(msg, nil)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case jumpMsg:
		m.jumpDone(msg)
	default: // nothing here handles it: focus, key releases, mouse motion, ...
		m.unchanged = true
	}
	return m, nil
}

// keyState is what decides, besides the screen, which keys work now.
func (m Model) keyState() keyState {
	st := keyState{filtered: m.dir.filter.Value() != "" || m.typing(), typing: m.typing()}
	if m.screen == screenHome {
		return st
	}
	// Copies with the context, not the accessors (m.pageScreen, ...): a
	// screen's size depends on the help, whose keys depend on this.
	c := m.ctx()
	switch m.screen {
	case screenPage:
		p := m.page
		p.c = c
		st.scrolls = p.scrolls()
	case screenLinks:
		d := m.dir
		d.c = c
		st.canCopy = len(d.visible) > 0
		st.scrolls = d.scrolls()
	case screenLink:
		e := m.entry
		e.c = c
		st.canCopy = true
		st.scrolls = e.scrolls()
	}
	return st
}

// typing reports whether keys go into the directory's filter.
func (m Model) typing() bool { return m.screen == screenLinks && m.dir.typing() }

// activeKeys are the bindings that work on the current screen.
func (m Model) activeKeys() KeyMap {
	k := m.keys.forScreen(m.screen, m.keyState())
	if m.styles.G != unicodeGlyphs {
		k = k.withGlyphs(m.styles.G)
	}
	return k
}

func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.activeKeys()
	// Named once: naming allocates, and the key is matched against most bindings.
	name := msg.String()
	quiet := m.notice == "" && m.jump.digits == "" // nothing that any key clears
	m.notice = ""
	if !matches(name, k.Jump) {
		m.jump.digits = "" // any other key ends a number
	}
	switch {
	case matches(name, k.QuickExit) && m.booth.on:
		// A booth's terminal stays: x hides the visit by starting over.
		m.startOver()
		return m, nil
	case matches(name, k.QuickExit):
		m.quickExit = true
		if m.opt.OnQuickExit != nil {
			m.opt.OnQuickExit()
		}
		return m, tea.Quit
	case matches(name, k.Quit):
		m.goodbye = i18n.T(m.lang, "thanks", m.lib.Site.Name, m.sourceAddress())
		return m, tea.Quit
	case m.typing() && matches(name, k.Open):
		m.dir.filter.Blur()
		m.open()
	case m.screen == screenLinks && m.dir.takes(name, k):
		return m, m.toDirectory(msg, &k) // the filter's keys (filter.go)
	case matches(name, k.Copy):
		return m, m.copyURL()
	case matches(name, k.Lang):
		m.switchLang()
	case matches(name, k.Help):
		m.help.Update(msg)
		// The help takes rows from the body: the screen keeps the
		// selected entry or the reading position in view.
		m.resized(areaMsg{})
	case matches(name, k.Filter, k.Up, k.Down, k.Next, k.Prev, k.PageUp, k.PageDown, k.Top, k.Bottom):
		m.route(msg, &k)
	case matches(name, k.Jump):
		return m, m.typeDigit(name)
	case matches(name, k.Open):
		m.open()
	case matches(name, k.Back):
		m.back()
	default: // no key of this screen: nothing changes (viewcache.go)
		m.unchanged = quiet
	}
	return m, nil
}

// route gives a key, or the wheel, to the screen on show; k are the keys
// that work now (nil for the wheel, which needs none).
func (m *Model) route(msg tea.Msg, k *KeyMap) {
	switch m.screen {
	case screenHome:
		m.homeScreen(k).Update(msg)
	case screenPage:
		p := m.pageScreen()
		if k != nil {
			p.c.keys = *k
		}
		p.Update(msg)
	case screenLinks:
		m.toDirectory(msg, k)
	case screenLink:
		m.entryScreen(k).Update(msg)
	}
}

// resized tells the screen on show that its area changed: msg is a
// tea.WindowSizeMsg (the window, the colours or the terminal changed) or
// an areaMsg (the full help took or gave back rows), sized here.
func (m *Model) resized(msg tea.Msg) {
	if _, ok := msg.(tea.WindowSizeMsg); ok {
		msg = tea.WindowSizeMsg{Width: m.width, Height: m.bodyHeight()}
	} else {
		msg = areaMsg{m.width, m.bodyHeight()}
	}
	switch m.screen {
	case screenPage:
		m.pageScreen().Update(msg)
	case screenLinks:
		m.directory(nil).Update(msg)
	case screenLink:
		m.entryScreen(nil).Update(msg)
	}
}

// restyle picks the styles for a dark or light terminal, with m.ascii's
// glyphs, in the colour profile known so far; it reports whether they
// changed (most terminals answer the background query with what was
// assumed).
func (m *Model) restyle(dark bool) bool {
	st := theme(dark, m.ascii, m.inkProfile())
	if st == m.styles {
		return false
	}
	m.styles = st
	m.dir.filter.SetStyles(filterStyles(st))
	return true
}

func (m *Model) style() markdown.Style { return markdownStyle(m.styles) }

// markdownStyle is the Markdown style that goes with st.
func markdownStyle(st *Styles) markdown.Style {
	if st.Dark {
		return markdown.Dark
	}
	return markdown.Light
}

func (m *Model) viewed(slug string) {
	if m.opt.OnPageView != nil {
		m.opt.OnPageView(slug)
	}
}
