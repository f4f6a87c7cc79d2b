package keys

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"

	gossh "golang.org/x/crypto/ssh"
)

// ErrEncrypted is returned (wrapped) for a private key that needs a passphrase.
var ErrEncrypted = errors.New("passphrase-protected keys are not supported; remove the passphrase first (ssh-keygen -p -N '' -f FILE)")

// Parse returns the host key in pemBytes, for a key injected through the
// environment so that replicas behind a load balancer share one host key.
//
// It accepts one unencrypted private key in OpenSSH ("OPENSSH PRIVATE KEY"),
// PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC 1 ("EC PRIVATE
// KEY") PEM, holding an ed25519, RSA or ECDSA key. An "EC PARAMETERS" block
// before the key, as openssl writes, is skipped. Literal "\n" sequences are
// read as newlines, since PEM squeezed into one line of an environment file
// often arrives that way. Encrypted keys are refused with ErrEncrypted.
//
// Errors describe the problem but never include any of the key material.
func Parse(pemBytes []byte) (gossh.Signer, error) {
	s, err := parse(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("parse host key: %w", err)
	}
	return s, nil
}

// parse is Parse without the "parse host key" prefix, for LoadFile to name
// the file instead.
func parse(data []byte) (gossh.Signer, error) {
	block, err := keyBlock(data)
	if err != nil {
		return nil, err
	}
	if block.Type == "ENCRYPTED PRIVATE KEY" {
		return nil, ErrEncrypted
	}
	switch block.Type {
	case "OPENSSH PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY":
	default:
		return nil, fmt.Errorf("unsupported PEM block %s (want an OpenSSH, PKCS#8, PKCS#1 or SEC 1 private key)", label(block.Type))
	}

	raw, err := gossh.ParseRawPrivateKey(pem.EncodeToMemory(block))
	if _, ok := errors.AsType[*gossh.PassphraseMissingError](err); ok {
		return nil, ErrEncrypted
	}
	if err != nil {
		// The errors of x/crypto/ssh and crypto/x509 name the fault (bad
		// length, bad padding, wrong ASN.1 tag), never the bytes.
		return nil, fmt.Errorf("malformed %s: %w", label(block.Type), err)
	}

	var key crypto.Signer
	switch k := raw.(type) {
	case ed25519.PrivateKey:
		key = k
	case *ed25519.PrivateKey:
		key = *k
	case *rsa.PrivateKey:
		key = k
	case *ecdsa.PrivateKey:
		key = k
	default:
		return nil, fmt.Errorf("unsupported key type %T in %s (want ed25519, RSA or ECDSA)", raw, label(block.Type))
	}
	signer, err := gossh.NewSignerFromSigner(key)
	if err != nil {
		return nil, fmt.Errorf("unsupported key in %s: %w", label(block.Type), err)
	}
	if err := selfTest(signer); err != nil {
		return nil, fmt.Errorf("unusable key in %s: %w", label(block.Type), err)
	}
	return signer, nil
}

// keyBlock finds the one private key PEM block in data.
func keyBlock(data []byte) (*pem.Block, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("empty key")
	}
	// Base64 and PEM armour never contain a backslash, so a literal `\n` can
	// only be an escaped newline.
	data = bytes.ReplaceAll(data, []byte(`\n`), []byte("\n"))

	var key *pem.Block
	for rest := data; ; {
		b, r := pem.Decode(rest)
		if b == nil {
			break
		}
		rest = r
		if b.Type == "EC PARAMETERS" {
			continue
		}
		if key != nil {
			return nil, fmt.Errorf("more than one PEM block (%s and %s); give exactly one private key", label(key.Type), label(b.Type))
		}
		key = b
	}
	if key != nil {
		return key, nil
	}
	for _, p := range []string{"ssh-", "ecdsa-", "sk-"} {
		if bytes.HasPrefix(data, []byte(p)) {
			return nil, errors.New("this is a public key; the server needs the private key")
		}
	}
	return nil, errors.New("no PEM block found (want a private key starting with -----BEGIN OPENSSH PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----)")
}

// label quotes a PEM block type for an error message, cut short in case it
// is not a type at all.
func label(t string) string {
	const maxLen = 40
	if len(t) > maxLen {
		t = t[:maxLen] + "..."
	}
	return fmt.Sprintf("%q", t)
}

// selfTest signs and verifies a message, catching keys whose halves do not
// match (an ed25519 key stores its public half separately) and keys the
// crypto library refuses to sign with (RSA under 1024 bits), at start-up
// instead of at every visitor's handshake.
func selfTest(s gossh.Signer) error {
	msg := []byte("embassy host key self-test")
	var (
		sig *gossh.Signature
		err error
	)
	if as, ok := s.(gossh.AlgorithmSigner); ok && s.PublicKey().Type() == gossh.KeyAlgoRSA {
		sig, err = as.SignWithAlgorithm(rand.Reader, msg, gossh.KeyAlgoRSASHA256)
	} else {
		sig, err = s.Sign(rand.Reader, msg)
	}
	if err != nil {
		return fmt.Errorf("signing failed: %w", err)
	}
	if err := s.PublicKey().Verify(msg, sig); err != nil {
		return errors.New("its public half does not match its private half")
	}
	return nil
}
