//go:build unix

package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mkfifo makes a named pipe at path, or skips the test.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
}

// runWithin calls run and fails the test unless it returns within d.
func runWithin(t *testing.T, d time.Duration, args []string, getenv func(string) string, stdout io.Writer) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- run(context.Background(), args, getenv, stdout, io.Discard) }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("embassy %q still running after %s", args, d)
		return nil
	}
}

// A host key that is a FIFO (or any special file) stops start-up at once
// with an error naming it; it used to hang start-up forever.
func TestSpecialHostKeyFileStopsStartUpAtOnce(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	inData := filepath.Join(data, "ssh_host_ed25519_key")
	mkfifo(t, inData)
	given := filepath.Join(t.TempDir(), "key.pem")
	mkfifo(t, given)
	for _, tc := range []struct {
		args []string
		path string
	}{
		{[]string{"--listen", "127.0.0.1:0", "--data", data}, inData},
		{[]string{"--listen", "127.0.0.1:0", "--host-key", given}, given},
		{[]string{"fingerprint", "--data", data}, inData},
		{[]string{"fingerprint", "--host-key", given}, given},
	} {
		var stdout syncBuffer
		start := time.Now()
		err := runWithin(t, time.Second, tc.args, noEnv, &stdout)
		if err == nil || !strings.Contains(err.Error(), tc.path) || !strings.Contains(err.Error(), "FIFO") {
			t.Errorf("embassy %q: err = %v, want an error naming the FIFO %s", tc.args, err, tc.path)
		}
		if readyLine.MatchString(stdout.String()) {
			t.Errorf("embassy %q listened with a FIFO for a host key", tc.args)
		}
		t.Logf("embassy %q: %v after %s", tc.args, err, time.Since(start).Round(time.Microsecond))
	}
}

// `embassy fingerprint` with a missing or mistyped --data says so, naming
// the path; it used to create a new key and print records for it, which the
// running service does not use.
func TestFingerprintNeverCreatesAKey(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "mistyped")
	var stdout syncBuffer
	err := runWithin(t, time.Second, []string{"fingerprint", "--data", data}, noEnv, &stdout)
	want := filepath.Join(data, "ssh_host_ed25519_key")
	if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want an error naming %s", err, want)
	}
	if stdout.Len() != 0 {
		t.Errorf("embassy fingerprint printed %q for a key that does not exist", stdout.String())
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("embassy fingerprint created %s", data)
	}
}

// SIGTERM ends the process in every phase of start-up, here while the
// content folder is being read from a file that never ends (a FIFO with no
// writer stands for a hung network mount).
func TestSignalDuringStartUpEndsTheProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "links.yaml")
	mkfifo(t, fifo)
	cmd := exec.Command(os.Args[0], "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--content", dir)
	cmd.Env = append(os.Environ(), "EMBASSY_TEST_RUN_MAIN=1")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	// Into start-up, stuck on links.yaml: a writer can open a FIFO only once
	// a reader has it open. The writer stays open and writes nothing.
	deadline := time.Now().Add(10 * time.Second)
	for {
		w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			defer w.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("start-up never opened links.yaml: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "interrupted during start-up") {
			t.Errorf("exit %v, stderr %q; want status 1 and the reason", err, stderr.String())
		}
		t.Logf("exited %s after SIGTERM: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(stderr.String()))
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not end a start-up stuck on reading the content folder")
	}
}
