package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// addYAML turns a yaml.v3 error about data into problems; offset is added
// to its lines (front matter starts on line 2 of a page).
func (ld *loader) addYAML(file string, data []byte, offset int, err error) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, msg := range te.Errors {
			line, text := splitLine(msg)
			ld.add(file, shift(line, offset), "%s", friendlyYAML(text))
		}
		return
	}
	line, text := splitLine(strings.TrimPrefix(err.Error(), "yaml: "))
	line, text = explainSyntax(strings.Split(string(data), "\n"), line, text)
	ld.add(file, shift(line, offset), "%s", text)
}

// explainSyntax says in a plain sentence what a YAML syntax error at line
// (1-based; 0 if the parser gave none) of lines usually means, and on
// which line it really is.
func explainSyntax(lines []string, line int, msg string) (int, string) {
	// find is the first line from line on (from the top if line is 0)
	// that matches, or line itself.
	find := func(match func(string) bool) int {
		for n := max(line-1, 1); n <= len(lines); n++ {
			if match(lines[n-1]) {
				return n
			}
		}
		return line
	}
	switch {
	case strings.Contains(msg, "cannot start any token") && strings.Contains(lineOf(lines, line), "\t"):
		return line, "a tab: indent with spaces, never tabs"
	case strings.Contains(msg, "mapping values are not allowed"):
		if n := find(colonInValue); colonInValue(lineOf(lines, n)) {
			return n, `a colon inside a value: put the value in double quotes ("...")`
		}
		return misaligned(lines, line), "this line is not indented like the lines around it: check its spaces"
	case strings.Contains(msg, "unexpected end of stream"), strings.Contains(msg, "found unexpected end"):
		start := line
		if start == 0 { // no line given: the quote may be anywhere
			start = len(lines)
		}
		for n := start; n >= 1; n-- {
			if unclosedQuote(lineOf(lines, n)) {
				return n, "a quote that is not closed: end the value with the same quote mark it starts with"
			}
		}
		return line, "the file ends in the middle of a value: look for a quote that is not closed"
	case strings.Contains(msg, "unknown escape character"):
		return line, `a backslash that YAML reads as an escape: write \\ for a backslash, or \" for a quote mark`
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-'"):
		return misaligned(lines, line), "this line does not line up with the lines around it: check its spaces, and that every list entry starts with \"- \""
	case strings.Contains(msg, "did not find expected node content"), strings.Contains(msg, "did not find expected ',' or"):
		line = find(func(l string) bool {
			return strings.Count(l, "[") > strings.Count(l, "]") || strings.Count(l, "{") > strings.Count(l, "}")
		})
		return line, "a value or list is not finished: look for a [ or { without its closing ] or }, or a key with nothing after it"
	case strings.Contains(msg, "cannot start any token"):
		return line, "a value starts with a character YAML reserves (such as @, ` or %): put the value in double quotes"
	}
	return line, "is not valid YAML: " + msg
}

// lineOf is line n (1-based) of lines, or "".
func lineOf(lines []string, n int) string {
	if n >= 1 && n <= len(lines) {
		return lines[n-1]
	}
	return ""
}

// colonInValue reports a "key: value" line whose value, not in quotes,
// holds ": " too.
func colonInValue(l string) bool {
	_, v, ok := strings.Cut(strings.TrimLeft(l, " -"), ": ")
	v = strings.TrimSpace(v)
	return ok && v != "" && v[0] != '"' && v[0] != '\'' && strings.Contains(v, ": ")
}

// misaligned finds the first line, from the top, indented to a depth no
// line above it uses (nor one step deeper than the line before): YAML
// often reports such a mistake at the start of the block around it.
func misaligned(lines []string, def int) int {
	seen := map[int]bool{0: true}
	prev := 0
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		indent := len(l) - len(t)
		if indent <= prev && !seen[indent] {
			return i + 1
		}
		seen[indent] = true
		if strings.HasPrefix(t, "- ") {
			seen[indent+2] = true
		}
		prev = indent
	}
	return def
}

// unclosedQuote reports a line whose value opens a quote it does not close.
func unclosedQuote(l string) bool {
	_, v, ok := strings.Cut(l, ": ")
	if !ok {
		v = strings.TrimLeft(l, " -")
	}
	v = strings.TrimSpace(v)
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return false
	}
	q := v[0]
	rest := strings.ReplaceAll(v[1:], `\\`, "")
	if q == '"' {
		rest = strings.ReplaceAll(rest, `\"`, "")
	} else {
		rest = strings.ReplaceAll(rest, "''", "")
	}
	return strings.IndexByte(rest, q) < 0
}

// precheck finds, before the YAML parser, what it would report in its own
// words or without a line: a control character, or a tab in the
// indentation. It returns the first, with its line; "" if none.
func precheck(data []byte) (int, string) {
	for i, l := range strings.Split(string(data), "\n") {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if strings.Contains(indent, "\t") {
			return i + 1, "a tab in the indentation: indent with spaces, never tabs"
		}
		for _, r := range strings.TrimRight(l, "\r") {
			if r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f)) {
				return i + 1, fmt.Sprintf("a control character (U+%04X): delete it; it may come from copying text out of another program", r)
			}
		}
	}
	return 0, ""
}

// notUTF8 says where data stops being UTF-8 text ("" if it is). Files
// saved as Latin-1 or Windows-1252 are the usual cause.
func notUTF8(data []byte) (int, string) {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			guess := ""
			if b := data[i]; b >= 0xa0 {
				guess = fmt.Sprintf(" (in Latin-1 it would be %q)", string(rune(b)))
			}
			return line, fmt.Sprintf("is not UTF-8 text: byte 0x%02X%s; save the file as UTF-8 (in most editors: Save as, Encoding: UTF-8)", data[i], guess)
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return 0, ""
}

// readText reads a text file of the folder: a byte-order mark is dropped
// and Windows line ends become plain ones. Problems are reported.
func (ld *loader) readText(file string) ([]byte, bool) {
	data, err := fs.ReadFile(ld.fsys, file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ld.add(file, 0, "file is missing")
		return nil, false
	case err != nil:
		ld.add(file, 0, "cannot be read: %v", err)
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if line, msg := notUTF8(data); msg != "" {
		ld.add(file, line, "%s", msg)
		return nil, false
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), true
}

// decodeYAML decodes a whole YAML file into target (unknown keys are
// problems) and returns its node tree, to find the line of each value.
// ok is false when nothing more can be checked.
func (ld *loader) decodeYAML(file string, data []byte, target any) (root *yaml.Node, ok bool) {
	if line, msg := precheck(data); msg != "" {
		ld.add(file, line, "%s", msg)
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(target); err != nil {
		var te *yaml.TypeError
		switch {
		case errors.Is(err, io.EOF):
			ld.add(file, 0, "file is empty")
			return nil, false
		case errors.As(err, &te):
			// An unknown key or a list where text belongs: yaml.v3 decodes
			// the rest anyway, so check the rest too and report it all.
			ld.addYAML(file, data, 0, err)
		default:
			ld.addYAML(file, data, 0, err)
			return nil, false
		}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		ld.add(file, extra.Line, "holds more than one YAML document (a second --- line); keep everything in one")
		return nil, false
	}
	// A second, loose parse only to know on which line each value sits.
	root = new(yaml.Node)
	if err := yaml.Unmarshal(data, root); err != nil {
		ld.addYAML(file, data, 0, err)
		return nil, false
	}
	return root, true
}

func shift(line, offset int) int {
	if line == 0 {
		return 0
	}
	return line + offset
}

var (
	yamlLine     = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlUnknown  = regexp.MustCompile(`^field (.+) not found in type (\S+)$`)
	yamlWrong    = regexp.MustCompile(`^cannot unmarshal (!!\w+)(?: .*)? into (\S+)$`)
	yamlTwice    = regexp.MustCompile(`^mapping key (".*") already defined at line (\d+)$`)
	yamlAllowed  = allowedKeys(linksDoc{}, siteDoc{}, groupDoc{}, linkDoc{}, frontMatter{}, translationFrontMatter{})
	yamlFoundFor = map[string]string{"!!seq": "a list", "!!map": "keys (key: value lines)"}
)

// splitLine splits yaml.v3's "line N: message".
func splitLine(msg string) (int, string) {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, msg
}

// friendlyYAML rewrites yaml.v3's decoding messages, which name Go types,
// in terms of the file.
func friendlyYAML(msg string) string {
	if m := yamlUnknown.FindStringSubmatch(msg); m != nil {
		if keys, ok := yamlAllowed[m[2]]; ok {
			return fmt.Sprintf("unknown field %q (allowed here: %s)", m[1], keys)
		}
		return fmt.Sprintf("unknown field %q", m[1])
	}
	if m := yamlWrong.FindStringSubmatch(msg); m != nil {
		want := "keys (key: value lines)"
		switch {
		case m[2] == "string":
			want = "text"
		case strings.HasPrefix(m[2], "[]"):
			want = "a list"
		}
		found, ok := yamlFoundFor[m[1]]
		if !ok {
			found = "a single value"
		}
		return fmt.Sprintf("expected %s here, found %s", want, found)
	}
	if m := yamlTwice.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("key %s is written twice (first at line %s)", m[1], m[2])
	}
	return msg
}

// allowedKeys maps each type's name, as yaml.v3 prints it, to its keys.
func allowedKeys(docs ...any) map[string]string {
	out := make(map[string]string)
	for _, d := range docs {
		t := reflect.TypeOf(d)
		var keys []string
		for i := range t.NumField() {
			keys = append(keys, strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0])
		}
		out[t.String()] = strings.Join(keys, ", ")
	}
	return out
}
