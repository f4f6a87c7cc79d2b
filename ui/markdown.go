package ui

import (
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"

	"github.com/embassy-kiosk/embassy/content"
)

// Style names the look a page is rendered in.
type Style int

const (
	StyleDark  Style = iota // colours for a dark background
	StyleLight              // colours for a light background
	StylePlain              // no escape codes at all: plain text output
)

type renderKey struct {
	slug  string
	width int
	style Style
}

// Renderer turns pages into wrapped lines. Rendering Markdown costs a few
// milliseconds, so the result is cached for every (page, width, style); one
// Renderer is shared by all sessions. The cache is bounded because widths
// are clamped to the reading column (see textWidth).
type Renderer struct {
	mu    sync.Mutex
	cache map[renderKey][]string
}

// NewRenderer returns an empty, shared page renderer.
func NewRenderer() *Renderer {
	return &Renderer{cache: make(map[renderKey][]string)}
}

// Lines returns the page body rendered at width columns, one string a line.
// The returned slice is shared: callers must not modify it.
func (r *Renderer) Lines(p content.Page, width int, style Style) []string {
	k := renderKey{p.Slug + "\x00" + p.File, width, style}
	r.mu.Lock()
	lines, ok := r.cache[k]
	r.mu.Unlock()
	if ok {
		return lines
	}
	lines = renderMarkdown(p.Body, width, style)
	r.mu.Lock()
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
	if err == nil {
		out, err = tr.Render(body)
	}
	if err != nil {
		// Content is validated at start-up, so this is unexpected; the
		// unrendered text is still readable.
		out = body
	}
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	if style != StylePlain {
		compactLines(lines)
	}
	return lines
}

func glamourStyle(style Style) ansi.StyleConfig {
	var cfg ansi.StyleConfig
	var heading, link, text string
	switch style {
	case StyleLight:
		cfg, heading, link, text = styles.LightStyleConfig, "#1F5F99", "#1F5F99", "#1A1A1A"
	case StylePlain:
		cfg = styles.NoTTYStyleConfig
	default:
		cfg, heading, link, text = styles.DarkStyleConfig, "#74ACDF", "#74ACDF", "#E8E8E8"
	}
	zero := uint(0)
	cfg.Document.Margin = &zero
	cfg.Document.BlockPrefix = ""
	cfg.Document.BlockSuffix = ""
	if style != StylePlain {
		cfg.Document.Color = &text
		cfg.Heading.Color = &heading
		cfg.H1.Color = &heading
		cfg.H1.BackgroundColor = nil
		cfg.H1.Prefix = ""
		cfg.H1.Suffix = ""
		cfg.Link.Color = &link
		cfg.LinkText.Color = &link
	}
	cfg.H2.Prefix = ""
	cfg.H3.Prefix = ""
	return cfg
}
