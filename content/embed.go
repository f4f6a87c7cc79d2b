package content

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
)

// files is the content folder built into the binary. Like every go:embed of
// a folder, it leaves out names starting with "." or "_"; Load skips those
// names too, so a folder read from disk behaves the same as the built-in one.
//
//go:embed links.yaml pages
var files embed.FS

// Embedded returns the content built into the binary: links.yaml and pages/.
func Embedded() fs.FS { return files }

const (
	linksFile = "links.yaml"
	pagesDir  = "pages"

	maxTitle       = 100 // page, link and site titles
	maxShortName   = 38  // fits a 40-column window
	maxDescription = 160 // link descriptions: one line in the directory
	maxNote        = 240
	maxIntro       = 400
)

// pageName is NN-slug.md: the number orders the menu, the slug names the
// page. A translation adds its language: NN-slug.es.md. NN-slug.yaml is a
// page built from a list of dates, in every language (see dates.go).
var pageName = regexp.MustCompile(`^([0-9]+-([a-z0-9]+(?:-[a-z0-9]+)*))(?:\.([a-z]{2}))?\.(md|yaml)$`)

// Load reads and validates a content folder: links.yaml and pages/*.md.
// It never returns a partial library: if anything is wrong the error is a
// *LoadError listing every problem found, each naming its file (and line,
// where known).
func Load(fsys fs.FS) (*Library, error) {
	return load(fsys, "")
}

// LoadDir is Load on a folder on disk. Problems name files with dir in front.
func LoadDir(dir string) (*Library, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("content folder %s does not exist", dir)
	case err != nil:
		return nil, fmt.Errorf("content folder: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("content folder %s is not a folder", dir)
	}
	return load(os.DirFS(dir), dir)
}

func load(fsys fs.FS, dir string) (*Library, error) {
	ld := &loader{fsys: fsys, dir: dir}
	site, links := ld.loadLinks()
	pages := ld.loadPages()
	if len(ld.problems) > 0 {
		return nil, &LoadError{Problems: ld.problems}
	}
	ld.review.contact = site.contact
	for _, l := range links {
		ld.review.links = append(ld.review.links, l.review)
	}
	if site.banner != nil {
		ld.review.links = append(ld.review.links, site.banner.review)
	}
	return build(site, links, pages, ld.warnings, &ld.review), nil
}
