package content

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Name is the language's name in English, for messages to the content's
// editors.
func (l Lang) Name() string {
	switch l {
	case English:
		return "English"
	case Spanish:
		return "Spanish"
	}
	return string(l)
}

// languageList is "en (English) and es (Spanish)".
func languageList() string {
	var parts []string
	for _, l := range Languages {
		parts = append(parts, fmt.Sprintf("%s (%s)", l, l.Name()))
	}
	return strings.Join(parts, " and ")
}

// textDoc is a translatable field of links.yaml. It is written either as
// one line of English:
//
//	description: One line in English.
//
// or as one line per language:
//
//	description:
//	  en: One line in English.
//	  es: Una línea en castellano.
//
// Decoding never fails: what is wrong is kept in wrong and reported, with
// its line, by loader.local.
type textDoc struct {
	text  map[Lang]string
	line  map[Lang]int
	at    int    // line of the value
	wrong string // what is wrong with the field's shape; "" if nothing
}

func (t *textDoc) UnmarshalYAML(n *yaml.Node) error {
	*t = textDoc{text: make(map[Lang]string), line: make(map[Lang]int), at: n.Line}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	scalar := func(n *yaml.Node) string {
		if n.Tag == "!!null" {
			return ""
		}
		return n.Value
	}
	switch n.Kind {
	case yaml.ScalarNode:
		t.text[English], t.line[English] = scalar(n), n.Line
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			lang := Lang(k.Value)
			_, twice := t.line[lang]
			switch {
			case !lang.Valid():
				t.wrong, t.at = fmt.Sprintf("%q is not a language of the kiosk; use %s", k.Value, languageList()), k.Line
			case twice:
				t.wrong, t.at = fmt.Sprintf("%s: is written twice", lang), k.Line
			case v.Kind != yaml.ScalarNode:
				t.wrong, t.at = fmt.Sprintf("expected one line of text after %s:", lang), v.Line
			default:
				t.text[lang], t.line[lang] = scalar(v), v.Line
			}
			if t.wrong != "" {
				return nil
			}
		}
	case yaml.SequenceNode:
		t.wrong = "expected text here, found a list"
	default:
		t.wrong = "expected text here"
	}
	return nil
}

// lineOf is the line of lang's text, or else def.
func (t textDoc) lineOf(lang Lang, def int) int {
	if l := t.line[lang]; l > 0 {
		return l
	}
	if t.at > 0 {
		return t.at
	}
	return def
}

// localText is one checked text in every language, with English filled in
// where a translation is missing (and fallback set for that language).
type localText struct {
	by       map[Lang]string
	fallback map[Lang]bool
}

func (t localText) in(lang Lang) string {
	if v, ok := t.by[lang]; ok {
		return v
	}
	return t.by[English]
}

// englishOnly is a text that needs no translation, such as a default.
func englishOnly(s string) localText {
	t := localText{by: make(map[Lang]string)}
	for _, l := range Languages {
		t.by[l] = s
	}
	return t
}

func defaultLinksTitle() localText {
	t := englishOnly("Related websites")
	t.by[Spanish] = "Sitios relacionados"
	return t
}

// local checks a translatable one-line field in every language; line is
// where to point when the field is absent. English is required if required
// is; a missing translation of an English text is a warning, not a problem.
func (ld *loader) local(file string, line int, where, name string, t textDoc, required bool, limit int) localText {
	out := localText{by: make(map[Lang]string), fallback: make(map[Lang]bool)}
	if t.wrong != "" {
		ld.add(file, t.lineOf("", line), "%s: %s: %s", where, name, t.wrong)
		return out
	}
	_, hasEnglish := t.line[English]
	if !hasEnglish && len(t.line) > 0 {
		ld.add(file, t.lineOf("", line), "%s: %s has no English text (en:); English is shown wherever a translation is missing, so it is always needed", where, name)
		return out
	}
	en := ld.text(file, t.lineOf(English, line), where, name, t.text[English], required, limit)
	out.by[English] = en
	for _, lang := range Languages[1:] {
		v := ld.text(file, t.lineOf(lang, line), where, name+" ("+string(lang)+")", t.text[lang], false, limit)
		if v == "" && en != "" {
			v = en
			out.fallback[lang] = true
			ld.warn(file, t.lineOf(English, line), "%s: %s has no %s translation (add a line %s: under it)", where, name, lang.Name(), lang)
		}
		out.by[lang] = v
	}
	return out
}
