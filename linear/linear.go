// Package linear is the kiosk's plain, linear mode, for screen readers,
// braille displays and terminals that cannot move the cursor: a
// conversation in lines. It prints numbered choices and plain paragraphs,
// reads a line, and answers. It never sends an escape sequence: no alternate
// screen, no colour, no boxes, no cursor movement (the one exception is the
// "\b \b" that rubs out a typed character, as a shell prompt does).
//
// Long texts are printed a screenful at a time, cut between paragraphs, so
// that a braille display is not flooded and a screen reader reads whole
// paragraphs in order.
package linear

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/embassy-kiosk/embassy/address"
	"github.com/embassy-kiosk/embassy/charset"
	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/i18n"
	"github.com/embassy-kiosk/embassy/markdown"
)

// DefaultMaxInput is Options.MaxInput's default: 64 KB.
const DefaultMaxInput = 64 << 10

// ErrInputLimit is returned by Run when the visitor sent more than
// Options.MaxInput bytes.
var ErrInputLimit = errors.New("linear: input limit reached")

// Options configure one conversation.
type Options struct {
	// Terminal is true when the client has a PTY. It then sends raw keys
	// (the server's PTY is emulated and does no line editing), so Run echoes
	// what is typed and ends its lines with "\r\n". Without one, lines are
	// read as they come, nothing is echoed, and lines end with "\n".
	// (Were the server to allocate real PTYs, the kernel's line discipline
	// would echo and edit too: Run assumes the emulated one.)
	Terminal bool
	// Window returns the client's window size; it is asked before every
	// screenful, so a resized window is followed. Nil, or zeros, when the
	// size is unknown: 78 columns and 24 lines are assumed.
	Window func() (width, height int)
	// Start opens the directory ("links") or a page (its slug) first;
	// anything else starts at the menu.
	Start string
	// MaxInput ends the visit, with a polite line, once the client has sent
	// this many bytes (DefaultMaxInput when 0).
	MaxInput int
	// OnPageView is called each time a page (its slug) or the directory
	// ("links") is opened; the server counts these for its logs.
	OnPageView func(slug string)
	// OnLanguage is called when the visitor switches language (L), with
	// the new one, so that what the server says last is in it too.
	OnLanguage func(content.Lang)
	// Charset is the client's terminal's (the server writes in it): an
	// address it cannot show is given percent-escaped, as it is written.
	Charset charset.Charset
}

// Run holds the conversation until the visitor leaves (q, Ctrl+C, Ctrl+D or
// the end of the input: it returns nil), ctx is done (ctx.Err()), the
// input limit is reached (ErrInputLimit), or a write fails (that error).
//
// Reading cannot be interrupted, so when Run returns for any reason other
// than the end of the input, one goroutine stays blocked in in.Read until
// in is closed: the caller closes it (a server ends the session).
func Run(ctx context.Context, in io.Reader, out io.Writer, lib *content.Library, r *markdown.Cache, opt Options) error {
	if r == nil {
		r = markdown.NewCache()
	}
	if opt.MaxInput <= 0 {
		opt.MaxInput = DefaultMaxInput
	}
	c := newConversation(lib, r, opt)
	c.start()
	if err := c.flush(out); err != nil {
		return err
	}

	chunks := make(chan chunk)
	stop := make(chan struct{})
	defer close(stop)
	go read(in, chunks, stop)

	ed := editor{echo: opt.Terminal}
	total := 0
	for {
		var ch chunk
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ch = <-chunks:
		}
		for _, b := range ch.data {
			if total++; total > opt.MaxInput {
				return c.inputLimit(out)
			}
			if end, err := c.feed(&ed, b, out); end {
				return err
			}
		}
		if err := c.flush(out); err != nil {
			return err
		}
		if ch.err != nil {
			return c.endOfInput(&ed, ch.err, out)
		}
	}
}

// inputLimit says goodbye to a visitor past Options.MaxInput.
func (c *conversation) inputLimit(out io.Writer) error {
	c.newline()
	c.say(c.t("linear.inputlimit"))
	if err := c.flush(out); err != nil {
		return err
	}
	return ErrInputLimit
}

// feed hands one byte of input to the line editor and answers a whole
// line; end is true when Run must return err (the visitor left, or a
// write failed).
func (c *conversation) feed(ed *editor, b byte, out io.Writer) (end bool, err error) {
	var ev event
	ev, c.out = ed.feed(b, c.out)
	leave := false
	switch ev {
	case evLine:
		if !c.opt.Terminal {
			c.newline() // nothing echoed the Enter: the answer starts on a line of its own
		}
		line, tooLong := ed.take()
		leave = c.answer(line, tooLong)
	case evInterrupt, evEOF:
		c.newline()
		c.goodbye()
		leave = true
	}
	if leave {
		return true, c.flush(out)
	}
	if ev != evNone {
		// One answer at a time: what is buffered stays small
		// however many lines arrive at once.
		if err := c.flush(out); err != nil {
			return true, err
		}
	}
	return false, nil
}

// endOfInput answers a last line without Enter (it still counts), says
// goodbye, and returns Run's error: nil at the end of the input, else
// readErr.
func (c *conversation) endOfInput(ed *editor, readErr error, out io.Writer) error {
	leave := false
	if line, tooLong := ed.take(); line != "" {
		if !c.opt.Terminal {
			c.newline()
		}
		leave = c.answer(line, tooLong)
	}
	if !leave {
		c.newline()
		c.goodbye()
	}
	if err := c.flush(out); err != nil || errors.Is(readErr, io.EOF) {
		return err
	}
	return fmt.Errorf("linear: read: %w", readErr)
}

// docKind says what a document is, which decides its last prompt and
// what a number means while reading it.
type docKind int

const (
	docPage   docKind = iota
	docLinks          // the directory: numbers open links
	docLink           // a link from the directory: numbers open links
	docBanner         // the site's banner, from the menu
)

// doc is a text read a screenful at a time. It is laid out again when the
// window's width or the visitor's language changes.
type doc struct {
	kind   docKind
	build  func(width int) []block
	width  int
	lang   content.Lang
	blocks []block
	next   position // where the next screenful starts
	shown  position // where the last one started
}

func (d *doc) done() bool { return d.next.block >= len(d.blocks) }

type menuEntry struct {
	label string
	open  func()
}

// conversation is one visitor's state; what it says is buffered in out
// until Run writes it. Everything it says is in lib's language, from the
// kiosk's catalogue (i18n.T), and the visitor can switch it with L.
type conversation struct {
	lib  *content.Library // in the visitor's language
	r    *markdown.Cache
	opt  Options
	nl   string
	out  []byte
	menu []menuEntry

	reading   *doc // nil at the menu
	list      *doc // the directory, kept while one of its links is shown
	firstLink int  // the directory's block where its entries start
	menuShown bool
	menuNext  int // the first choice of the menu's next part; 0 when it was shown whole
}

func newConversation(lib *content.Library, r *markdown.Cache, opt Options) *conversation {
	c := &conversation{lib: lib, r: r, opt: opt, nl: "\n"}
	if opt.Terminal {
		c.nl = "\r\n"
	}
	c.buildMenu()
	return c
}

// t is the catalogue's text key in the visitor's language.
func (c *conversation) t(key string, args ...any) string { return i18n.T(c.lib.Lang, key, args...) }

// buildMenu lists the choices in the visitor's language, in the same order
// as the full-screen menu: pages, the directory, the banner, then pages
// marked "menu: end" (About).
func (c *conversation) buildMenu() {
	c.menu = c.menu[:0]
	var atEnd []menuEntry
	for i, p := range c.lib.Pages {
		e := menuEntry{p.Title, func() { c.openPage(i) }}
		if p.AtEnd {
			atEnd = append(atEnd, e)
		} else {
			c.menu = append(c.menu, e)
		}
	}
	c.menu = append(c.menu, menuEntry{i18n.Plural(c.lib.Lang, "linear.links", len(c.lib.Links), c.lib.Site.LinksTitle), c.openLinks})
	if b := c.lib.Site.Banner; b.URL != "" {
		c.menu = append(c.menu, menuEntry{b.Title, c.openBanner})
	}
	c.menu = append(c.menu, atEnd...)
}

// switchLanguage is L: the same place, in the other language. What is
// being read is shown again from the screenful last shown.
func (c *conversation) switchLanguage() {
	c.lib = c.lib.In(i18n.OtherLanguage(c.lib.Lang))
	c.buildMenu()
	if c.opt.OnLanguage != nil {
		c.opt.OnLanguage(c.lib.Lang)
	}
	c.say(c.title())
	if c.reading == nil {
		c.menuShown = false // the title was just said
		c.showMenu()
		return
	}
	c.reading.next = c.reading.shown
	c.more()
}

func (c *conversation) title() string {
	return fmt.Sprintf("%s: %s", c.lib.Site.Name, c.lib.Site.Title)
}

func (c *conversation) flush(w io.Writer) error {
	if len(c.out) == 0 {
		return nil
	}
	_, err := w.Write(c.out)
	c.out = c.out[:0]
	return err
}

func (c *conversation) size() (width, height int) {
	if c.opt.Window == nil {
		return 0, 0
	}
	return c.opt.Window()
}

func (c *conversation) width() int {
	w, _ := c.size()
	return textWidth(w)
}

// line writes lines as they are.
func (c *conversation) line(lines ...string) {
	for _, l := range lines {
		c.out = append(c.out, l...)
		c.out = append(c.out, c.nl...)
	}
}

func (c *conversation) newline() { c.line("") }

// say writes sentences wrapped to the window.
func (c *conversation) say(s string) { c.line(wrap(s, c.width())...) }

// prompt says what to type and waits for it.
func (c *conversation) prompt(instruction string) {
	c.say(instruction)
	c.out = append(c.out, "> "...)
}

func (c *conversation) start() {
	c.say(c.title())
	switch c.opt.Start {
	case "links":
		c.openLinks()
		return
	case "":
	default:
		for i, p := range c.lib.Pages {
			if p.Slug == c.opt.Start {
				c.openPage(i)
				return
			}
		}
	}
	c.showMenu()
}

// showMenu shows the numbered choices. In a small window the blank line
// before them is left out, and the first time also the "Menu" heading
// (the title just said where the visitor is). A menu taller than the
// window comes a part at a time: its prompt says that Enter shows more,
// and every number can be typed at every part.
func (c *conversation) showMenu() { c.showMenuFrom(0) }

func (c *conversation) showMenuFrom(from int) {
	first := !c.menuShown
	c.reading, c.list, c.menuShown = nil, nil, true
	width := c.width()
	_, h := c.size()
	promptLines := max(len(wrap(c.t("linear.menu.prompt"), width)), len(wrap(c.t("linear.menu.more"), width)))
	room := screenful(h, promptLines)
	if first {
		room -= len(wrap(c.title(), width)) // said just before, on the same screen
	}
	if c.roomy() {
		c.newline()
		room--
	}
	if !first || c.roomy() {
		c.line(c.t("linear.menu"))
		room--
	}
	c.menuNext = 0
	for i := from; i < len(c.menu); i++ {
		lines := wrap(fmt.Sprintf("%d. %s", i+1, c.menu[i].label), width)
		if len(lines) > room && i > from {
			c.menuNext = i
			break
		}
		c.line(lines...)
		room -= len(lines)
	}
	if c.menuNext > 0 {
		c.prompt(c.t("linear.menu.more"))
	} else {
		c.prompt(c.t("linear.menu.prompt"))
	}
}

// roomy reports whether the window has room for blank lines that set texts
// apart.
func (c *conversation) roomy() bool {
	_, h := c.size()
	return h <= 0 || h >= roomyHeight
}

// answer acts on one line; it reports whether the visitor is leaving.
func (c *conversation) answer(line string, tooLong bool) bool {
	cmd := strings.ToLower(strings.TrimSpace(line))
	if tooLong {
		c.say(c.t("linear.toolong"))
		c.refuse()
		return false
	}
	switch cmd {
	case "q", "quit", "exit", "salir":
		c.goodbye()
		return true
	case "h", "help", "?", "ayuda":
		for _, key := range []string{"linear.help.1", "linear.help.2", "linear.help.3", "linear.help.4"} {
			c.say(c.t(key))
		}
		switch {
		case c.reading == nil && c.menuNext > 0:
			c.prompt(c.t("linear.menu.more"))
		case c.reading == nil:
			c.prompt(c.t("linear.menu.prompt"))
		default:
			c.prompt(c.readingPrompt())
		}
		return false
	case "m", "menu", "menú":
		c.showMenu()
		return false
	case "l":
		c.switchLanguage()
		return false
	}
	if c.reading == nil {
		switch n, ok := number(cmd, len(c.menu)); {
		case cmd == "":
			c.showMenuFrom(c.menuNext)
		case ok:
			c.menu[n-1].open()
		default:
			c.refuse()
		}
		return false
	}
	d := c.reading
	numbers := d.kind == docLinks || d.kind == docLink
	switch n, ok := number(cmd, len(c.lib.Links)); {
	case cmd == "" && !d.done():
		c.more()
	case cmd == "" && d.kind == docLink:
		c.backToList()
	case cmd == "":
		c.showMenu()
	case numbers && ok:
		c.openLink(n)
	default:
		c.refuse()
	}
	return false
}

// refuse answers a line that is not one of the choices.
func (c *conversation) refuse() {
	switch {
	case c.reading == nil:
		c.say(c.t("linear.badnumber", len(c.menu)))
	case c.reading.kind == docLinks || c.reading.kind == docLink:
		c.say(c.t("linear.badnumber", len(c.lib.Links)))
	default:
		c.say(c.t("linear.badreading"))
	}
	c.out = append(c.out, "> "...)
}

// number reads a choice from 1 to n ("2" or "2.").
func number(s string, n int) (int, bool) {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 4 {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 1 || i > n || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	return i, true
}

func (c *conversation) goodbye() {
	c.say(c.t("linear.thanks", c.lib.Site.Name))
	if src := address.Source(c.lib, c.opt.Charset); src != "" {
		c.say(c.t("linear.source", src))
	}
}
