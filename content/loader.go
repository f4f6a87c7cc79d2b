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
}

func (ld *loader) problem(file string, line int, format string, args ...any) Problem {
	if ld.dir != "" {
		file = filepath.Join(ld.dir, filepath.FromSlash(file))
	}
	return Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)}
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
