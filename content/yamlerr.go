package content

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// addYAML turns a yaml.v3 error into problems; offset is added to its lines
// (front matter starts on line 2 of a page).
func (ld *loader) addYAML(file string, offset int, err error) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, msg := range te.Errors {
			line, text := splitLine(msg)
			ld.add(file, shift(line, offset), "%s", friendlyYAML(text))
		}
		return
	}
	line, text := splitLine(strings.TrimPrefix(err.Error(), "yaml: "))
	ld.add(file, shift(line, offset), "is not valid YAML: %s", text)
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
