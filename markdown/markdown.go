// Package markdown renders the kiosk's pages (Markdown) into lines for a
// width, a colour style and a colour profile, and caches them: one Cache is
// shared by every session, full-screen or linear, and the plain-text answers.
package markdown

import (
	"crypto/sha256"
	"regexp"
	"slices"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"

	"github.com/charmbracelet/colorprofile"
	xansi "github.com/charmbracelet/x/ansi"

	"github.com/embassy-kiosk/embassy/colour"
	"github.com/embassy-kiosk/embassy/content"
)

// Style names the look a page is rendered in.
type Style int

const (
	Dark  Style = iota // colours for a dark background
	Light              // colours for a light background
	Plain              // no escape codes at all: plain text output
)

// renderKey names one rendering. Pages are known by their text, not by
// their slug or file: after a content reload the same page may say
// something else, and sessions opened before it keep the old text.
type renderKey struct {
	body    [sha256.Size]byte
	width   int
	style   Style
	profile colorprofile.Profile
}

// maxRendered bounds the cache: every page (3) in both languages at every
// reading width (about 40), both colour styles and five profiles is about
// 2,400 entries; reloads add more, so when it is full it is emptied and
// filled again.
const maxRendered = 4096

// Cache turns pages into wrapped lines. Rendering Markdown costs a few
// milliseconds, so the result is cached for every (page text, width,
// style); one Cache is shared by all sessions. Widths are clamped to the
// reading column by its callers (ui's textWidth), and the cache is bounded
// by maxRendered.
type Cache struct {
	mu    sync.Mutex
	cache map[renderKey][]string
}

// NewCache returns an empty cache, to be shared.
func NewCache() *Cache {
	return &Cache{cache: make(map[renderKey][]string)}
}

// Lines returns the page body rendered at width columns, one string a line,
// its colours in profile (Plain has none; Unknown is true colour).
// The returned slice is shared: callers must not modify it.
func (r *Cache) Lines(p content.Page, width int, style Style, profile colorprofile.Profile) []string {
	profile = colour.Known(profile)
	if style == Plain {
		profile = colorprofile.TrueColor // no colours to bring down: one cache entry
	}
	k := renderKey{sha256.Sum256([]byte(p.Body)), width, style, profile}
	r.mu.Lock()
	lines, ok := r.cache[k]
	r.mu.Unlock()
	if ok {
		return lines
	}
	lines = renderMarkdown(p.Body, width, style)
	if profile < colorprofile.TrueColor {
		lines = slices.Clone(lines)
		for i, l := range lines {
			lines[i] = colour.Down(l, profile)
		}
	}
	r.mu.Lock()
	if len(r.cache) >= maxRendered {
		clear(r.cache)
	}
	r.cache[k] = lines
	r.mu.Unlock()
	return lines
}

func renderMarkdown(body string, width int, style Style) []string {
	tr, err := glamour.NewTermRenderer(
		glamour.WithStyles(glamourStyle(style)),
		glamour.WithWordWrap(width),
	)
	var out string
	text, addrs := withStandIns(body)
	if err == nil {
		out, err = tr.Render(text)
	}
	if err != nil {
		// Content is validated at start-up, so this is unexpected; the
		// unrendered text is still readable.
		out, addrs = body, nil
	}
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	lines = restoreAddresses(lines, addrs, width, style == Plain)
	for i, l := range lines {
		lines[i] = hangBullet(l)
	}
	if style == Plain {
		lines = WithoutHyperlinks(lines)
	} else {
		lines = hangLabelled(lines, width)
		compactLines(lines)
	}
	return lines
}

// osc8 is an OSC 8 hyperlink sequence, which glamour puts around every link.
var osc8 = regexp.MustCompile("\x1b\\]8;[^\x07\x1b]*(?:\x07|\x1b\\\\)")

// WithoutHyperlinks returns lines without OSC 8 sequences, for terminals
// that might print them (and plain text, which has no escapes at all). The
// result is a new slice when anything changed.
func WithoutHyperlinks(lines []string) []string {
	var out []string
	for i, l := range lines {
		if !strings.Contains(l, "\x1b]8;") {
			if out != nil {
				out[i] = l
			}
			continue
		}
		if out == nil {
			out = make([]string, len(lines))
			copy(out, lines[:i])
		}
		out[i] = osc8.ReplaceAllString(l, "")
	}
	if out == nil {
		return lines
	}
	return out
}

func glamourStyle(style Style) ansi.StyleConfig {
	var cfg ansi.StyleConfig
	var heading, link, text string
	switch style {
	case Light:
		cfg, heading, link, text = styles.LightStyleConfig, "#1F5F99", "#1F5F99", "#1A1A1A"
	case Plain:
		cfg = styles.NoTTYStyleConfig
	default:
		cfg, heading, link, text = styles.DarkStyleConfig, "#74ACDF", "#74ACDF", "#E8E8E8"
	}
	zero := uint(0)
	cfg.Document.Margin = &zero
	cfg.Document.BlockPrefix = ""
	cfg.Document.BlockSuffix = ""
	if style != Plain {
		cfg.Document.Color = &text
		cfg.Heading.Color = &heading
		cfg.H1.Color = &heading
		cfg.H1.BackgroundColor = nil
		cfg.H1.Prefix = ""
		cfg.H1.Suffix = ""
		cfg.Link.Color = &link
		cfg.LinkText.Color = &link
	}
	if style == Plain {
		// Plain text is read aloud by screen readers and pasted into
		// mail: no stars or backticks around emphasis and code.
		cfg.Emph.BlockPrefix, cfg.Emph.BlockSuffix = "", ""
		cfg.Strong.BlockPrefix, cfg.Strong.BlockSuffix = "", ""
		cfg.Code.BlockPrefix, cfg.Code.BlockSuffix = "", ""
	}
	// Lists are indented by the bullet's width, so that an item's wrapped
	// lines hang under its text; hangBullets takes the bullet back out.
	cfg.List.Indent = &bulletWidth
	cfg.List.IndentToken = nil
	cfg.H2.Prefix = ""
	cfg.H3.Prefix = ""
	return cfg
}

// bulletWidth is the width of a list item's bullet ("• ") and of the
// indentation of a list's lines.
var bulletWidth uint = 2

// itemStart is the start of a list item's first line, indented by
// bulletWidth: "  • " or "  1. ".
var itemStart = regexp.MustCompile(`^  +(• |\d+\. )`)

// hangBullet moves a list item's first line left by bulletWidth, over the
// indentation: its bullet stands out and the item's other lines hang
// under its text.
//
//   - Address: 200 Standard Plaza,
//     Hilda Street, Hatfield
func hangBullet(line string) string {
	if !itemStart.MatchString(xansi.Strip(line)) {
		return line
	}
	return xansi.TruncateLeft(line, int(bulletWidth), "")
}
