// Package keys provides the server's SSH host key: loaded from disk or
// created on first start, injected as PEM for replicas that share one key,
// and described as fingerprints and SSHFP records for publishing.
package keys

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"

	gossh "golang.org/x/crypto/ssh"
)

// File names of the host key inside the directory given to LoadOrCreate.
const (
	KeyFile = "ssh_host_ed25519_key"     // private key, OpenSSH PEM, mode 0600
	PubFile = "ssh_host_ed25519_key.pub" // public key, authorized_keys format
)

// maxKeyFileSize bounds how much of a key file is read: the largest RSA key
// OpenSSH accepts (16384 bits) is about 12 KiB of PEM.
const maxKeyFileSize = 64 << 10

// Info describes where the host key came from.
type Info struct {
	// Path is the private key file that was loaded or created.
	Path string
	// Created is true when this call generated the key and wrote it to Path,
	// false when an existing key was loaded from Path.
	Created bool
	// Warnings are problems worth logging that did not stop the server, such
	// as a key file readable by group or others.
	Warnings []string
}

// LoadOrCreate returns the host key kept in dir/ssh_host_ed25519_key.
//
// If the file does not exist, dir is created (0700) and a new ed25519 key is
// written to it atomically with mode 0600, with its public half beside it in
// ssh_host_ed25519_key.pub. If it exists, it is loaded. A key file that cannot
// be read or parsed is an error naming the path, and the file is never
// overwritten or removed: a replaced host key makes every returning visitor's
// client warn about a man-in-the-middle attack.
func LoadOrCreate(dir string) (gossh.Signer, Info, error) {
	path := filepath.Join(dir, KeyFile)
	signer, info, err := LoadFile(path)
	switch {
	case err == nil:
		info.Warnings = append(info.Warnings, checkPubFile(filepath.Join(dir, PubFile), signer.PublicKey())...)
		return signer, info, nil
	case !errors.Is(err, fs.ErrNotExist):
		var perr *parseError
		if errors.As(err, &perr) {
			err = fmt.Errorf("%w (file left untouched; move it aside to have a new key generated)", err)
		}
		return nil, Info{Path: path}, err
	}
	// A dangling symlink also opens as "not exist": refuse to replace it.
	// A regular file here was created by another process since we looked:
	// create finds it and uses it.
	if st, lerr := os.Lstat(path); lerr == nil && !st.Mode().IsRegular() {
		return nil, Info{Path: path}, fmt.Errorf("read host key: %s exists but cannot be opened (dangling symlink?): %w", path, err)
	}
	return create(dir, path)
}

// Load returns the host key kept in dir/ssh_host_ed25519_key, as
// LoadOrCreate does, but never creates one: a missing key is an error naming
// its path (for `embassy fingerprint`, which must describe the key the
// running service uses, not a new one).
func Load(dir string) (gossh.Signer, Info, error) {
	path := filepath.Join(dir, KeyFile)
	signer, info, err := LoadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("no host key at %s (the server creates it on first start; check --data): %w", path, fs.ErrNotExist)
		}
		return nil, info, err
	}
	info.Warnings = append(info.Warnings, checkPubFile(filepath.Join(dir, PubFile), signer.PublicKey())...)
	return signer, info, nil
}

// LoadFile returns the host key in the PEM file at path, as Parse does. It
// never creates, changes or removes the file. The returned Info has Created
// false and warns when the file is readable by group or others.
func LoadFile(path string) (gossh.Signer, Info, error) {
	info := Info{Path: path}
	data, mode, err := readKeyFile(path)
	if err != nil {
		return nil, info, fmt.Errorf("read host key: %w", err)
	}
	signer, err := parse(data)
	if err != nil {
		return nil, info, &parseError{path: path, err: err}
	}
	if runtime.GOOS != "windows" && mode.IsRegular() && mode.Perm()&0o077 != 0 {
		info.Warnings = append(info.Warnings, fmt.Sprintf(
			"host key %s has mode %04o and is readable by group or others; run: chmod 600 %s",
			path, mode.Perm(), path))
	}
	return signer, info, nil
}

// parseError is a key file that was read but could not be used.
type parseError struct {
	path string
	err  error
}

func (e *parseError) Error() string { return "host key " + e.path + ": " + e.err.Error() }
func (e *parseError) Unwrap() error { return e.err }

// readKeyFile reads at most maxKeyFileSize bytes of path and reports the
// mode of the file it read (not of a symlink pointing to it). Only a regular
// file is read: opening a FIFO would wait for a writer forever and a device
// could be read without end, so anything else is refused at once, naming it.
func readKeyFile(path string) ([]byte, fs.FileMode, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if err := regularFile(path, st.Mode()); err != nil {
		return nil, 0, err
	}
	// Non-blocking, in case the file was swapped for a FIFO since Stat;
	// it changes nothing for a regular file.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, 0, err
	}
	if err := regularFile(path, st.Mode()); err != nil {
		return nil, 0, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if len(data) > maxKeyFileSize {
		return nil, 0, fmt.Errorf("%s is larger than %d KiB, not a key file", path, maxKeyFileSize>>10)
	}
	return data, st.Mode(), nil
}

// ErrNotRegular is returned (wrapped) for a key path that is a directory, a
// FIFO, a socket or a device instead of a regular file.
var ErrNotRegular = errors.New("not a regular file")

// regularFile says what path is when it is not a regular file.
func regularFile(path string, mode fs.FileMode) error {
	if mode.IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case mode.IsDir():
		what = "a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%s is %s, not a key file: %w", path, what, ErrNotRegular)
}

// create generates a new ed25519 key and publishes it at path without ever
// replacing a file there: if another process created the key first, that key
// is loaded instead.
func create(dir, path string) (gossh.Signer, Info, error) {
	info := Info{Path: path}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, info, fmt.Errorf("create host key directory: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, info, fmt.Errorf("generate host key: %w", err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, info, fmt.Errorf("generate host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		return nil, info, fmt.Errorf("encode host key: %w", err)
	}
	created, err := writeNew(path, pem.EncodeToMemory(block), 0o600)
	if err != nil {
		return nil, info, fmt.Errorf("write host key %s: %w", path, err)
	}
	if !created {
		// Another process won the race; use its key.
		return LoadFile(path)
	}
	info.Created = true

	pubPath := filepath.Join(dir, PubFile)
	if err := writeReplace(pubPath, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		// The private key is in place and the server can run; only the
		// convenience copy of the public key is missing.
		info.Warnings = append(info.Warnings, fmt.Sprintf("write public host key %s: %v", pubPath, err))
	}
	return signer, info, nil
}

// checkPubFile warns when the .pub file beside a loaded key does not hold its
// public half, since operators publish fingerprints from it. A missing file is
// fine: it is only a convenience.
func checkPubFile(path string, want gossh.PublicKey) []string {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return []string{fmt.Sprintf("read public host key: %v", err)}
	}
	got, _, _, _, err := gossh.ParseAuthorizedKey(data)
	if err != nil || !bytes.Equal(got.Marshal(), want.Marshal()) {
		return []string{fmt.Sprintf("public host key %s does not match the private key (%s); regenerate it with: ssh-keygen -y -f %s > %s",
			path, Fingerprint(want), filepath.Join(filepath.Dir(path), KeyFile), path)}
	}
	return nil
}

// writeNew atomically creates path holding data with mode perm, and reports
// false without touching path if it already exists. The data goes to a temp
// file in the same directory first, so a crash never leaves a partial key.
func writeNew(path string, data []byte, perm fs.FileMode) (bool, error) {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp)

	// A hard link fails if path exists, which rename would silently replace.
	err = os.Link(tmp, path)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrExist):
		return false, nil
	default:
		// Some file systems have no hard links: check, then rename.
		if _, err := os.Lstat(path); err == nil {
			return false, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		if err := os.Rename(tmp, path); err != nil {
			return false, err
		}
	}
	syncDir(filepath.Dir(path))
	return true, nil
}

// writeReplace atomically replaces path with data, with mode perm.
func writeReplace(path string, data []byte, perm fs.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// writeTemp writes data to a new temp file beside path, flushed to disk and
// with mode perm, and returns its name.
func writeTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// syncDir makes a rename in dir durable. It is best effort: not every
// platform can sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
