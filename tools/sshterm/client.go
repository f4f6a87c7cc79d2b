// Package sshterm is the SSH client of the kiosk's tools and of its
// end-to-end tests (the load tool, the screenshot tool, the slow-link tool):
// it dials a kiosk (on loopback unless told otherwise, ResolveTarget), shakes
// hands with no authentication, opens a session with a PTY as a visitor's
// terminal does, answers the terminal queries the kiosk sends as a terminal
// would (Responder), and types key scripts (ParseKeyScript).
package sshterm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
)

// Options say who the visitor is and what terminal they have.
type Options struct {
	User          string
	Term          string   // TERM sent with the PTY request
	Width, Height int      // the PTY's size
	Env           []string // NAME=VALUE pairs sent as env requests
	// Source is the local address to dial from; nil lets the kernel choose.
	Source *net.TCPAddr
	// Wrap, when set, wraps the TCP connection before the handshake (the
	// load tool counts the bytes on the wire with it).
	Wrap func(net.Conn) net.Conn
}

// Client is one SSH connection to a kiosk.
type Client struct {
	*ssh.Client
	conn net.Conn
	stop func() bool // stops closing the connection when ctx ends
}

// Dial connects to target (an address ResolveTarget checked) and shakes
// hands, bounded by ctx alone. The connection is closed when ctx ends,
// which ends whatever is waiting on it; Close releases that.
func Dial(ctx context.Context, target string, opt Options) (*Client, error) {
	d := net.Dialer{}
	if opt.Source != nil {
		d.LocalAddr = opt.Source // only when set: a nil *TCPAddr is not a nil net.Addr
	}
	conn, err := d.DialContext(ctx, "tcp", target)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	if opt.Wrap != nil {
		conn = opt.Wrap(conn)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	cfg := &ssh.ClientConfig{
		User:            opt.User,
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), //nolint:gosec // the tools visit our own kiosk
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, target, cfg)
	if err != nil {
		stop()
		_ = conn.Close()
		return nil, fmt.Errorf("handshake: %w", Cause(ctx, err))
	}
	return &Client{Client: ssh.NewClient(c, chans, reqs), conn: conn, stop: stop}, nil
}

// Until hangs up when ctx ends instead of the context given to Dial (a
// connection opened under a short timeout, then held for a whole run). It
// reports false, and changes nothing, when that first context has already
// ended.
func (c *Client) Until(ctx context.Context) bool {
	if !c.stop() {
		return false
	}
	c.stop = context.AfterFunc(ctx, func() { _ = c.conn.Close() })
	return true
}

// Close hangs up.
func (c *Client) Close() error {
	c.stop()
	return c.Client.Close()
}

// Session is a session with a PTY, its shell not yet started: read Stdout
// (answering queries with a Responder), then call Shell.
type Session struct {
	*ssh.Session
	Stdout io.Reader

	mu    sync.Mutex // keys and a Responder's answers come from two goroutines
	stdin io.Writer
}

// OpenPTY opens a session, sends opt's environment and requests a PTY of
// opt's size and type. The session's stderr goes to stderr (nil: dropped).
func (c *Client) OpenPTY(ctx context.Context, opt Options, stderr io.Writer) (*Session, error) {
	ss, err := c.NewSession()
	if err != nil {
		return nil, fmt.Errorf("session: %w", Cause(ctx, err))
	}
	for _, kv := range opt.Env {
		k, v, _ := strings.Cut(kv, "=")
		if err := ss.Setenv(k, v); err != nil {
			return nil, fmt.Errorf("env %s: %w", k, Cause(ctx, err))
		}
	}
	modes := ssh.TerminalModes{ssh.ECHO: 1, ssh.TTY_OP_ISPEED: 38400, ssh.TTY_OP_OSPEED: 38400}
	if err := ss.RequestPty(opt.Term, opt.Height, opt.Width, modes); err != nil {
		return nil, fmt.Errorf("pty: %w", Cause(ctx, err))
	}
	stdin, err1 := ss.StdinPipe()
	stdout, err2 := ss.StdoutPipe()
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("pipes: %w", err)
	}
	ss.Stderr = stderr
	return &Session{Session: ss, Stdout: stdout, stdin: stdin}, nil
}

// Write sends p to the session's stdin: keys, or a terminal's answers.
// It is safe to call from several goroutines.
func (s *Session) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stdin.Write(p)
}

// Cause names the context's reason when the context ended the operation.
func Cause(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil && !errors.Is(err, cause) {
		return fmt.Errorf("%w (%w)", cause, err)
	}
	return err
}
