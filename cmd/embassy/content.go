package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/embassy-kiosk/embassy/content"
)

// loadContent loads the folder dir, or the built-in content if dir is "".
func loadContent(dir string) (*content.Library, error) {
	if dir == "" {
		return content.Load(content.Embedded())
	}
	return content.LoadDir(dir)
}

// problems lists what is wrong, one line each.
func problems(err error) []string {
	var le *content.LoadError
	if !errors.As(err, &le) {
		return []string{err.Error()}
	}
	out := make([]string, len(le.Problems))
	for i, p := range le.Problems {
		out[i] = p.String()
	}
	return out
}

// check is `embassy check [--content DIR]`: it reads the folder as the
// server would, prints every problem (file, line, what is wrong) and every
// warning, and fails if there is any problem.
func check(dir string, stdout io.Writer) error {
	name := dir
	if name == "" {
		name = "the built-in content"
	}
	lib, err := loadContent(dir)
	if err != nil {
		var le *content.LoadError
		if !errors.As(err, &le) {
			return err
		}
		for _, p := range problems(err) {
			fmt.Fprintln(stdout, p)
		}
		return fmt.Errorf("%s: %d %s; the kiosk would refuse this content", name, len(le.Problems), plural(len(le.Problems), "problem", "problems"))
	}
	for _, w := range lib.Warnings {
		fmt.Fprintln(stdout, "warning: "+w.String())
	}
	fmt.Fprintf(stdout, "%s is good: %d pages and %d links in %d groups", name, len(lib.Pages), len(lib.Links), len(lib.LinkGroups()))
	if n := len(lib.Warnings); n > 0 {
		fmt.Fprintf(stdout, "; %d %s (missing translations are shown in English)", n, plural(n, "warning", "warnings"))
	}
	fmt.Fprintln(stdout, ".")
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
