package server

import (
	"io"

	"charm.land/ssh"

	"github.com/embassy-kiosk/embassy/charset"
)

// inCharset returns the session as the kiosk writes to it: in the
// character set of the visitor's terminal (package charset), decided from
// the PTY's TERM and the locale the client sent. Every mode (full screen,
// linear, plain text, the server's own last words) writes through it; for
// a UTF-8 terminal, nearly every one, it is sess itself.
func inCharset(sess ssh.Session) (ssh.Session, charset.Charset) {
	pty, _, _ := sess.Pty()
	cs := charset.Of(pty.Term, sess.Environ())
	if cs.IsUTF8() {
		return sess, cs
	}
	return &encodedSession{
		Session: sess,
		in:      charset.NewReader(sess, cs),
		out:     charset.NewWriter(sess, cs),
		stderr:  encodedStderr{sess.Stderr(), charset.NewWriter(sess.Stderr(), cs)},
	}, cs
}

// encodedSession is a session whose text is sent in its terminal's
// character set, and whose typed text is read as UTF-8.
type encodedSession struct {
	ssh.Session
	in     io.Reader
	out    io.Writer
	stderr io.ReadWriter
}

func (s *encodedSession) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s *encodedSession) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s *encodedSession) Stderr() io.ReadWriter       { return s.stderr }

type encodedStderr struct {
	io.Reader
	io.Writer
}
