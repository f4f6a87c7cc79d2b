package content

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// loader collects problems while reading one content folder.
type loader struct {
	fsys     fs.FS
	dir      string // shown in front of file names; "" for Load
	problems []Problem
	warnings []Problem // missing translations: reported, but not refused
	review   reviewData
}

// name is a file's name as problems show it: with the folder in front.
func (ld *loader) name(file string) string {
	if ld.dir != "" {
		return filepath.Join(ld.dir, filepath.FromSlash(file))
	}
	return file
}

func (ld *loader) problem(file string, line int, format string, args ...any) Problem {
	return Problem{File: ld.name(file), Line: line, Message: fmt.Sprintf(format, args...)}
}

func (ld *loader) add(file string, line int, format string, args ...any) {
	ld.problems = append(ld.problems, ld.problem(file, line, format, args...))
}

func (ld *loader) warn(file string, line int, format string, args ...any) {
	ld.warnings = append(ld.warnings, ld.problem(file, line, format, args...))
}

// text checks one single-line text field and returns it without surrounding
// spaces. where says whose field it is ("site", `group "X", link 2 ("Y")`).
func (ld *loader) text(file string, line int, where, name, value string, required bool, limit int) string {
	v := strings.TrimSpace(value)
	if where != "" {
		name = where + ": " + name
	}
	switch {
	case v == "":
		if required {
			ld.add(file, line, "%s is missing", name)
		}
	case unsafeText(v, false) != "":
		ld.add(file, line, "%s %s", name, unsafeText(v, false))
	case utf8.RuneCountInString(v) > limit:
		ld.add(file, line, "%s is %d characters long; the limit is %d", name, utf8.RuneCountInString(v), limit)
	}
	return v
}

// address checks a field that must be a web address (if it is set at all).
func (ld *loader) address(file string, line int, where, name, value string, required bool) string {
	v := ld.text(file, line, where, name, value, required, 2000)
	if v == "" || unsafeText(v, false) != "" {
		return v
	}
	if msg := badURL(v); msg != "" {
		if where != "" {
			name = where + ": " + name
		}
		ld.add(file, line, "%s %q %s", name, v, msg)
	}
	return v
}

// localAddress checks an address that may differ per language (url: with
// en: and es: lines). A language without its own address uses the English
// one: unlike a text, that is no missing translation.
func (ld *loader) localAddress(file string, line int, where, name string, t textDoc, required bool) localText {
	out := localText{by: make(map[Lang]string)}
	if t.wrong != "" {
		ld.add(file, t.lineOf("", line), "%s: %s: %s", where, name, t.wrong)
		return out
	}
	if _, ok := t.line[English]; !ok && len(t.line) > 0 {
		ld.add(file, t.lineOf("", line), "%s: %s has no English address (en:); it is used wherever a language has none of its own", where, name)
		return out
	}
	en := ld.address(file, t.lineOf(English, line), where, name, t.text[English], required)
	for _, lang := range Languages {
		v := en
		if lang != English {
			if own := ld.address(file, t.lineOf(lang, line), where, name+" ("+string(lang)+")", t.text[lang], false); own != "" {
				v = own
			}
		}
		out.by[lang] = v
	}
	return out
}

// lineAt follows map keys (string) and list positions (int) down from the
// document root and returns the line of the node reached; if the path stops
// early (a key is absent) it returns the line of the last node found.
func lineAt(n *yaml.Node, path ...any) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, step := range path {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch k := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == k {
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && k < len(n.Content) {
				next = n.Content[k]
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return n.Line
}
