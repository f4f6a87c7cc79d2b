package testkit

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/keys"
)

// HostKeyPEM is a fresh ed25519 private key in OpenSSH PEM form, as
// EMBASSY_HOST_KEY or a key file holds it.
func HostKeyPEM(t testing.TB) []byte {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}

// HostKey is a fresh ed25519 key as a signer: a server's host key, or a
// client's key.
func HostKey(t testing.TB) gossh.Signer {
	t.Helper()
	s, err := gossh.ParsePrivateKey(HostKeyPEM(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// HostKeySeen connects to the SSH server at addr and returns the
// fingerprint (keys.Fingerprint) of the host key it presents.
func HostKeySeen(t testing.TB, addr string) string {
	t.Helper()
	var seen string
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:    "visitor",
		Timeout: 5 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			seen = keys.Fingerprint(key)
			return nil
		},
	})
	if err != nil {
		t.Fatalf("ssh %s: %v", addr, err)
	}
	c.Close()
	return seen
}
