package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/embassy-kiosk/embassy/content"
	"github.com/embassy-kiosk/embassy/server"
)

// defaultWatchEvery is how often --watch looks at the content folder.
const defaultWatchEvery = 2 * time.Second

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

// checkCommand is `embassy check [DIR]` or `embassy check --content DIR`
// (EMBASSY_CONTENT too); with neither it checks the built-in content.
func checkCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("embassy check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("content", getenv("EMBASSY_CONTENT"), "the content folder to check (or give it as an argument)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: embassy check [DIR]   check a content folder (or the built-in content)\n"+
			"       embassy check --content DIR\n")
	}
	if name := flagWithoutValue(fs, args); name != "" {
		return usageError{fmt.Errorf("check: --%s needs a folder: embassy check --%s DIR, or embassy check DIR", name, name)}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{fmt.Errorf("check: %v", err)}
	}
	switch rest := fs.Args(); {
	case len(rest) > 1:
		return usageError{fmt.Errorf("check: one folder at a time, not %d (%s)", len(rest), strings.Join(rest, ", "))}
	case len(rest) == 1 && *dir != "" && *dir != rest[0]:
		return usageError{fmt.Errorf("check: two folders, %s and %s: give one", *dir, rest[0])}
	case len(rest) == 1:
		*dir = rest[0]
	}
	_, err := interruptible(ctx, func() (struct{}, error) { return struct{}{}, check(*dir, time.Now(), stdout) })
	return err
}

// flagWithoutValue is the name of a flag of fs that args end with, or that
// another flag follows, when it needs a value: the flag package would take
// the next flag as the value, or print the whole help.
func flagWithoutValue(fs *flag.FlagSet, args []string) string {
	for i, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return ""
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 == len(args) || isFlag(fs, args[i+1]) {
			return name
		}
	}
	return ""
}

// isFlag reports whether a is one of fs's flags, or asks for help ("-5s"
// is a value).
func isFlag(fs *flag.FlagSet, a string) bool {
	if !strings.HasPrefix(a, "-") {
		return false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	return fs.Lookup(name) != nil || name == "h" || name == "help"
}

// check reads the folder as the server would and prints every problem
// (file, line, what is wrong), then the warnings and what waits for
// confirmation as of now. It fails if there is any problem; warnings and
// unconfirmed details are for the staff to look at, and do not stop the
// kiosk.
func check(dir string, now time.Time, stdout io.Writer) error {
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
	review := lib.Review(now)
	warnings := append(append([]content.Problem{}, lib.Warnings...), review.Warnings...)
	for _, w := range warnings {
		fmt.Fprintln(stdout, "warning: "+w.String())
	}
	for _, p := range review.Pending {
		fmt.Fprintln(stdout, "waiting for confirmation: "+p.String())
	}
	fmt.Fprintf(stdout, "%s is good: %d pages and %d links in %d groups", name, len(lib.Pages), len(lib.Links), len(lib.LinkGroups()))
	if n := len(warnings); n > 0 {
		fmt.Fprintf(stdout, "; %d %s", n, plural(n, "warning", "warnings"))
	}
	if n := len(review.Pending); n > 0 {
		fmt.Fprintf(stdout, "; %d %s for confirmation (visitors do not see unconfirmed contact details)", n, plural(n, "item waits", "items wait"))
	}
	fmt.Fprintln(stdout, ".")
	return nil
}

// logContentWarnings logs, when the kiosk starts or reloads, what check
// would warn about: missing translations first (visitors see English).
func logContentWarnings(log *slog.Logger, lib *content.Library) {
	for _, w := range lib.Warnings {
		log.Warn("content: "+w.Message, "file", w.File, "line", w.Line)
	}
	review := lib.Review(time.Now())
	if n := len(review.Warnings) + len(review.Pending); n > 0 {
		log.Info("content review: run embassy check for the list", "warnings", len(review.Warnings), "waiting_for_confirmation", len(review.Pending))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// reloader loads the content again into the server when asked: by SIGHUP,
// or by --watch when a file changes. Content with problems is refused and
// the last good content stays; sessions already open keep theirs.
type reloader struct {
	dir string // "" for the built-in content
	srv *server.Server
	log *slog.Logger
	mu  sync.Mutex // one reload at a time, so the logs tell them in order
}

func (r *reloader) reload(trigger string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	lib, err := loadContent(r.dir)
	r.srv.Metrics().ContentReloaded(err)
	if err != nil {
		r.log.Error("content reload refused; still serving the last good content", "trigger", trigger, "problems", problems(err))
		return false
	}
	r.srv.SetLibrary(lib)
	r.log.Info("content reloaded", "trigger", trigger, "pages", len(lib.Pages), "links", len(lib.Links), "warnings", len(lib.Warnings))
	logContentWarnings(r.log, lib)
	return true
}

// startReloads reloads the content into srv on SIGHUP, and when its files
// change if cfg.watch is set, until ctx ends or the returned stop is called.
func startReloads(ctx context.Context, cfg config, srv *server.Server, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	rl := &reloader{dir: cfg.contentDir, srv: srv, log: log}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				rl.reload("SIGHUP")
			}
		}
	}()
	if cfg.watch {
		go watch(ctx, cfg.contentDir, cfg.watchEvery, func() { rl.reload("files changed") })
	}
	return func() {
		signal.Stop(hup)
		cancel()
	}
}

// watch calls changed whenever a file in dir is added, removed or modified,
// looking every interval, until ctx ends. Polling needs no extra dependency
// and works on every file system, network mounts included.
func watch(ctx context.Context, dir string, every time.Duration, changed func()) {
	last := folderStamp(dir)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if now := folderStamp(dir); now != last {
			last = now
			changed()
		}
	}
}

// folderStamp sums up the names, sizes and modification times of the files
// the kiosk reads in dir (names starting with "." or "_", such as editors'
// swap files, are skipped, as Load skips them).
func folderStamp(dir string) string {
	h := sha256.New()
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "%s error %v\n", path, err)
			return nil
		}
		if path != dir && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		fmt.Fprintf(h, "%s %d %d %v\n", path, info.Size(), info.ModTime().UnixNano(), d.IsDir())
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}
