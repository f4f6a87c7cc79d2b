package keys

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// seedKey is a fixed ed25519 key (seed 0x00..0x1f), so that fingerprints can
// be checked against values printed by OpenSSH's ssh-keygen.
func seedKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(i)
	}
	return ed25519.NewKeyFromSeed(seed)
}

func pemOf(t *testing.T, b *pem.Block, err error) []byte {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(b)
}

func openSSHPEM(t *testing.T, key any) []byte {
	t.Helper()
	b, err := gossh.MarshalPrivateKey(key, "")
	return pemOf(t, b, err)
}

func pkcs8PEM(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	return pemOf(t, &pem.Block{Type: "PRIVATE KEY", Bytes: der}, err)
}

func sameKey(a, b gossh.PublicKey) bool { return bytes.Equal(a.Marshal(), b.Marshal()) }

// assertNoKeyMaterial fails if err's message contains any run of 16 bytes of
// the base64 body of keyPEM.
func assertNoKeyMaterial(t *testing.T, err error, keyPEM []byte) {
	t.Helper()
	b, _ := pem.Decode(keyPEM)
	if b == nil {
		return
	}
	body := base64.StdEncoding.EncodeToString(b.Bytes)
	msg := err.Error()
	for i := 0; i+16 <= len(body); i++ {
		if strings.Contains(msg, body[i:i+16]) {
			t.Fatalf("error leaks key material: %q", msg)
		}
	}
	if bytes.Contains([]byte(msg), b.Bytes[:min(16, len(b.Bytes))]) {
		t.Fatalf("error leaks raw key bytes: %q", msg)
	}
}

func TestLoadOrCreateCreatesThenLoads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hostkeys") // does not exist yet
	path := filepath.Join(dir, KeyFile)

	s1, info, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Created || info.Path != path || len(info.Warnings) != 0 {
		t.Fatalf("first call: info = %+v, want Created at %s without warnings", info, path)
	}
	if s1.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("key type = %s, want ed25519", s1.PublicKey().Type())
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\n")) {
		t.Fatalf("key file is not OpenSSH PEM:\n%.40s", data)
	}
	pubData, err := os.ReadFile(filepath.Join(dir, PubFile))
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := gossh.ParseAuthorizedKey(pubData)
	if err != nil || !sameKey(pub, s1.PublicKey()) {
		t.Fatalf("%s does not hold the public key (err %v): %q", PubFile, err, pubData)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != want {
				t.Errorf("mode of %s = %04o, want %04o", p, st.Mode().Perm(), want)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("dir holds %d entries, want the key and .pub only (temp file left?)", len(entries))
	}

	s2, info, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Created || info.Path != path || len(info.Warnings) != 0 {
		t.Fatalf("second call: info = %+v, want Loaded from %s without warnings", info, path)
	}
	if Fingerprint(s1.PublicKey()) != Fingerprint(s2.PublicKey()) {
		t.Fatalf("second call loaded a different key: %s != %s", Fingerprint(s2.PublicKey()), Fingerprint(s1.PublicKey()))
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Fatal("loading rewrote the key file")
	}
}

func TestLoadOrCreateConcurrentCallsAgree(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	fps := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			s, _, err := LoadOrCreate(dir)
			if err != nil {
				t.Error(err)
				return
			}
			fps[i] = Fingerprint(s.PublicKey())
		})
	}
	wg.Wait()
	for i := range fps {
		if fps[i] != fps[0] {
			t.Fatalf("callers got different keys: %v", fps)
		}
	}
}

func TestLoadOrCreateRefusesBadKeyAndLeavesIt(t *testing.T) {
	encrypted, err := gossh.MarshalPrivateKeyWithPassphrase(seedKey(t), "", []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	good := openSSHPEM(t, seedKey(t))
	tests := []struct {
		name     string
		content  []byte
		wantText string
	}{
		{"garbage", []byte("not a key at all\n"), "no PEM block"},
		{"empty", nil, "empty key"},
		{"truncated", good[:len(good)/2], "no PEM block"},
		{"corrupt body", corruptBody(t, good), "malformed \"OPENSSH PRIVATE KEY\""},
		{"encrypted", pem.EncodeToMemory(encrypted), "passphrase-protected keys are not supported"},
		{"public key", gossh.MarshalAuthorizedKey(mustSigner(t, seedKey(t)).PublicKey()), "public key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, KeyFile)
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, info, err := LoadOrCreate(dir)
			if err == nil {
				t.Fatalf("loaded %v, want an error", s.PublicKey().Type())
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q should name %s and say %q", err, path, tt.wantText)
			}
			if info.Path != path || info.Created {
				t.Errorf("info = %+v", info)
			}
			assertNoKeyMaterial(t, err, tt.content)
			after, rerr := os.ReadFile(path)
			if rerr != nil || !bytes.Equal(after, tt.content) {
				t.Fatalf("key file changed or vanished (err %v)", rerr)
			}
			if _, err := os.Stat(filepath.Join(dir, PubFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a .pub was written beside a bad key (stat err %v)", err)
			}
		})
	}
}

func corruptBody(t *testing.T, keyPEM []byte) []byte {
	t.Helper()
	b, _ := pem.Decode(keyPEM)
	b.Bytes = bytes.Clone(b.Bytes)
	// The private section is the last field, a length-prefixed string that
	// starts with two check integers; make them differ.
	for p := len(b.Bytes) - 8; p > 0; p-- {
		if int(binary.BigEndian.Uint32(b.Bytes[p:])) == len(b.Bytes)-p-4 {
			b.Bytes[p+4] ^= 0xff
			return pem.EncodeToMemory(b)
		}
	}
	t.Fatal("no private section found")
	return nil
}

func mustSigner(t *testing.T, key any) gossh.Signer {
	t.Helper()
	s, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadOrCreateUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("chmod 000 does not deny reading on Windows")
	}
	if os.Geteuid() == 0 {
		t.Skip("root can read a mode 000 file")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFile)
	content := openSSHPEM(t, seedKey(t))
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	_, _, err := LoadOrCreate(dir)
	if err == nil || !strings.Contains(err.Error(), path) || !errors.Is(err, os.ErrPermission) {
		t.Fatalf("err = %v, want permission denied naming %s", err, path)
	}
	os.Chmod(path, 0o600)
	if after, _ := os.ReadFile(path); !bytes.Equal(after, content) {
		t.Fatal("unreadable key file was replaced")
	}
}

func TestLoadOrCreateRefusesDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFile)
	target := filepath.Join(dir, "mounted-secret")
	if err := os.Symlink(target, path); err != nil {
		t.Skip("no symlinks:", err)
	}
	if _, _, err := LoadOrCreate(dir); err == nil || !strings.Contains(err.Error(), "dangling symlink") {
		t.Fatalf("err = %v, want a dangling symlink error", err)
	}
	if dst, err := os.Readlink(path); err != nil || dst != target {
		t.Fatalf("symlink replaced: %q, %v", dst, err)
	}
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a key was written through the dangling symlink")
	}
}

func TestLoadOrCreateWarns(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits on Windows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFile)
	key := seedKey(t)
	if err := os.WriteFile(path, openSSHPEM(t, key), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, _ := gossh.NewPublicKey(other)
	if err := os.WriteFile(filepath.Join(dir, PubFile), gossh.MarshalAuthorizedKey(otherPub), 0o644); err != nil {
		t.Fatal(err)
	}

	s, info, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Created || !sameKey(s.PublicKey(), mustSigner(t, key).PublicKey()) {
		t.Fatalf("info = %+v, want the existing key loaded", info)
	}
	all := strings.Join(info.Warnings, "\n")
	if len(info.Warnings) != 2 || !strings.Contains(all, "0644") || !strings.Contains(all, "does not match") {
		t.Fatalf("warnings = %q, want one for mode 0644 and one for the stale .pub", info.Warnings)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "injected.pem")
	key := seedKey(t)
	if err := os.WriteFile(path, pkcs8PEM(t, key), 0o600); err != nil {
		t.Fatal(err)
	}
	s, info, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Created || info.Path != path || len(info.Warnings) != 0 {
		t.Fatalf("info = %+v", info)
	}
	if !sameKey(s.PublicKey(), mustSigner(t, key).PublicKey()) {
		t.Fatal("wrong key loaded")
	}

	missing := filepath.Join(dir, "missing.pem")
	if _, _, err := LoadFile(missing); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("err = %v, want not-exist naming %s", err, missing)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("LoadFile created a file")
	}
	if _, _, err := LoadFile(dir); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("err = %v, want a directory error", err)
	}
}

func TestParseFormats(t *testing.T) {
	edKey := seedKey(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecDER, err := x509.MarshalECPrivateKey(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	ecParams := []byte("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n")
	oneLine := strings.ReplaceAll(strings.TrimSpace(string(openSSHPEM(t, edKey))), "\n", `\n`)

	tests := []struct {
		name string
		pem  []byte
		key  any
	}{
		{"openssh ed25519", openSSHPEM(t, edKey), edKey},
		{"pkcs8 ed25519", pkcs8PEM(t, edKey), edKey},
		{"pkcs8 rsa", pkcs8PEM(t, rsaKey), rsaKey},
		{"pkcs1 rsa", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}), rsaKey},
		{"openssh ecdsa", openSSHPEM(t, ecKey), ecKey},
		{"sec1 ecdsa after EC PARAMETERS", append(ecParams, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})...), ecKey},
		{"escaped newlines from an env file", []byte(oneLine), edKey},
		{"CRLF and surrounding blanks", []byte("\r\n  " + strings.ReplaceAll(string(pkcs8PEM(t, edKey)), "\n", "\r\n") + "\r\n"), edKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.pem)
			if err != nil {
				t.Fatal(err)
			}
			if want := mustSigner(t, tt.key).PublicKey(); !sameKey(s.PublicKey(), want) {
				t.Fatalf("parsed %s, want %s", Fingerprint(s.PublicKey()), Fingerprint(want))
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	edKey := seedKey(t)
	encOpenSSH, err := gossh.MarshalPrivateKeyWithPassphrase(edKey, "", []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	encPKCS8 := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: bytes.Repeat([]byte{0x30}, 64)})
	legacyEnc := pem.EncodeToMemory(&pem.Block{
		Type:    "RSA PRIVATE KEY",
		Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00112233445566778899AABBCCDDEEFF"},
		Bytes:   bytes.Repeat([]byte{0x42}, 64),
	})
	pkcs8 := pkcs8PEM(t, edKey)
	corruptPKCS8 := func() []byte {
		b, _ := pem.Decode(pkcs8)
		b.Bytes = b.Bytes[:len(b.Bytes)-3]
		return pem.EncodeToMemory(b)
	}()
	// An ed25519 key stores its public half beside the seed; a mismatched
	// one would sign with signatures nobody can verify.
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	mismatched := ed25519.PrivateKey(append(bytes.Clone(edKey[:32]), other...))
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	x25519DER, err := x509.MarshalPKCS8PrivateKey(x25519)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, wantText string
		pem            []byte
	}{
		{"openssh encrypted", "passphrase-protected keys are not supported", pem.EncodeToMemory(encOpenSSH)},
		{"pkcs8 encrypted", "passphrase-protected keys are not supported", encPKCS8},
		{"legacy pem encrypted", "passphrase-protected keys are not supported", legacyEnc},
		{"corrupt pkcs8", "malformed \"PRIVATE KEY\"", corruptPKCS8},
		{"mismatched ed25519 halves", "does not match", openSSHPEM(t, mismatched)},
		{"x25519 is not a signing key", "unsupported key type", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: x25519DER})},
		{"certificate", "unsupported PEM block \"CERTIFICATE\"", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1, 2, 3}})},
		{"two keys", "more than one PEM block", append(bytes.Clone(pkcs8), openSSHPEM(t, edKey)...)},
		{"not pem", "no PEM block", []byte("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ")},
		{"blank", "empty key", []byte(" \n\t")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.pem)
			if err == nil {
				t.Fatalf("parsed a %s key, want an error", s.PublicKey().Type())
			}
			if !strings.HasPrefix(err.Error(), "parse host key: ") || !strings.Contains(err.Error(), tt.wantText) {
				t.Fatalf("err = %q, want it to say %q", err, tt.wantText)
			}
			if strings.Contains(tt.wantText, "passphrase") && !errors.Is(err, ErrEncrypted) {
				t.Fatalf("err = %v, want ErrEncrypted", err)
			}
			assertNoKeyMaterial(t, err, tt.pem)
			if strings.Contains(err.Error(), "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ") {
				t.Fatalf("error echoes its input: %q", err)
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	pub := mustSigner(t, seedKey(t)).PublicKey()
	sum := sha256.Sum256(pub.Marshal())
	want := "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
	if got := Fingerprint(pub); got != want {
		t.Fatalf("Fingerprint = %s, want %s", got, want)
	}
	// As printed by `ssh-keygen -lf` for this key.
	if got := Fingerprint(pub); got != "SHA256:lbmsoA0yIEcEiVDRnMWuzm+nV+3ZEEpVIURqFoeSspg" {
		t.Fatalf("Fingerprint = %s, differs from ssh-keygen", got)
	}
}

func TestSSHFP(t *testing.T) {
	pub := mustSigner(t, seedKey(t)).PublicKey()
	wire := pub.Marshal()
	sum1, sum256 := sha1.Sum(wire), sha256.Sum256(wire)
	want := []string{
		"embassy.example. IN SSHFP 4 1 " + hex.EncodeToString(sum1[:]),
		"embassy.example. IN SSHFP 4 2 " + hex.EncodeToString(sum256[:]),
	}
	// As printed by `ssh-keygen -r embassy.example` for this key.
	fromSSHKeygen := []string{
		"embassy.example. IN SSHFP 4 1 56a54386908f4478356ebe7c34f2c872a743a992",
		"embassy.example. IN SSHFP 4 2 95b9aca00d322047048950d19cc5aece6fa757edd9104a5521446a168792b298",
	}
	for _, host := range []string{"embassy.example", "embassy.example."} {
		got := SSHFP(host, pub)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("SSHFP(%q) =\n%s\nwant\n%s", host, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if strings.Join(got, "\n") != strings.Join(fromSSHKeygen, "\n") {
			t.Fatalf("SSHFP(%q) differs from ssh-keygen:\n%s", host, strings.Join(got, "\n"))
		}
	}

	format := regexp.MustCompile(`^embassy\.example\. IN SSHFP ([134]) ([12]) ([0-9a-f]+)$`)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	for alg, key := range map[string]any{"4": seedKey(t), "3": ecKey, "1": rsaKey} {
		recs := SSHFP("embassy.example", mustSigner(t, key).PublicKey())
		if len(recs) != 2 {
			t.Fatalf("algorithm %s: got %d records, want 2", alg, len(recs))
		}
		for i, rec := range recs {
			m := format.FindStringSubmatch(rec)
			if m == nil || m[1] != alg || m[2] != []string{"1", "2"}[i] || len(m[3]) != []int{40, 64}[i] {
				t.Errorf("record %q: want algorithm %s, type %d, %d hex digits", rec, alg, i+1, []int{40, 64}[i])
			}
		}
	}

	if got := SSHFP("", pub); got != nil {
		t.Errorf("SSHFP with no host = %q, want nil", got)
	}
}

// Load never creates a key: a missing one is an error naming its path.
func TestLoadNeverCreates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mistyped")
	_, _, err := Load(dir)
	want := filepath.Join(dir, KeyFile)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want not-exist naming %s", err, want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("Load created the data folder")
	}
	// An existing key loads as with LoadOrCreate.
	dir = t.TempDir()
	key := seedKey(t)
	if err := os.WriteFile(filepath.Join(dir, KeyFile), openSSHPEM(t, key), 0o600); err != nil {
		t.Fatal(err)
	}
	s, info, err := Load(dir)
	if err != nil || info.Created || !sameKey(s.PublicKey(), mustSigner(t, key).PublicKey()) {
		t.Fatalf("Load of an existing key: %v, %+v", err, info)
	}
}
