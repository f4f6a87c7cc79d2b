//go:build unix

package keys

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A key path that is a FIFO is refused at once, naming it: opening one for
// reading would wait for a writer forever, and start-up with it.
func TestSpecialFilesAreRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFile)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	for name, load := range map[string]func() error{
		"LoadFile":     func() error { _, _, err := LoadFile(path); return err },
		"Load":         func() error { _, _, err := Load(dir); return err },
		"LoadOrCreate": func() error { _, _, err := LoadOrCreate(dir); return err },
	} {
		done := make(chan error, 1)
		go func() { done <- load() }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "FIFO") {
				t.Errorf("%s: err = %v, want a FIFO error naming %s", name, err, path)
			}
		case <-time.After(2 * time.Second):
			// Unblock the open so the goroutine can end.
			if w, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
				w.Close()
			}
			t.Fatalf("%s: still waiting on the FIFO after 2 s", name)
		}
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}
}
