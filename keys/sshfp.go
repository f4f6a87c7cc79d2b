package keys

import (
	"crypto/sha1"
	"crypto/sha256"
	"fmt"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// Fingerprint returns the SHA-256 fingerprint of pub as OpenSSH prints it,
// "SHA256:" followed by unpadded base64: what a visitor's client shows on
// first connection.
func Fingerprint(pub gossh.PublicKey) string {
	return gossh.FingerprintSHA256(pub)
}

// SSHFP returns the SSHFP DNS records (RFC 4255, 6594, 7479) to publish for
// pub at host, SHA-1 then SHA-256, in the form `ssh-keygen -r` prints:
//
//	embassy.example. IN SSHFP 4 1 <sha1 hex>
//	embassy.example. IN SSHFP 4 2 <sha256 hex>
//
// host gets a trailing dot if it has none ("@" is left as is). A certificate
// is described by the key it certifies. It returns nil for an empty host or
// a key type SSHFP has no number for (only RSA, ECDSA and ed25519 have one
// here).
func SSHFP(host string, pub gossh.PublicKey) []string {
	if cert, ok := pub.(*gossh.Certificate); ok {
		pub = cert.Key
	}
	alg := sshfpAlgorithm(pub.Type())
	host = strings.TrimSpace(host)
	if alg == 0 || host == "" {
		return nil
	}
	if host != "@" && !strings.HasSuffix(host, ".") {
		host += "."
	}
	wire := pub.Marshal()
	return []string{
		fmt.Sprintf("%s IN SSHFP %d 1 %x", host, alg, sha1.Sum(wire)),
		fmt.Sprintf("%s IN SSHFP %d 2 %x", host, alg, sha256.Sum256(wire)),
	}
}

// sshfpAlgorithm is the SSHFP algorithm number of an SSH key type, 0 if none.
func sshfpAlgorithm(keyType string) int {
	switch keyType {
	case gossh.KeyAlgoRSA:
		return 1
	case gossh.KeyAlgoECDSA256, gossh.KeyAlgoECDSA384, gossh.KeyAlgoECDSA521:
		return 3
	case gossh.KeyAlgoED25519:
		return 4
	}
	return 0
}
