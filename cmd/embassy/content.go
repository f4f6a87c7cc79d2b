package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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
