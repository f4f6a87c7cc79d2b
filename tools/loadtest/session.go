package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// countingConn counts the raw TCP bytes in each direction, SSH framing,
// encryption and handshake included.
type countingConn struct {
	net.Conn
	in, out atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.Add(int64(n))
	return n, err
}

// SessionResult is what one session measured. Byte counts of the session's
// output are of the channel's stdout (what a terminal would be given); wire
// counts are raw TCP bytes, in is server to client.
type SessionResult struct {
	Err  string
	Busy bool // the server said it was busy (Config.Busy), and nothing else

	Handshake       time.Duration // dial start → SSH handshake and auth done
	FirstFrameDial  time.Duration // dial start → first screen complete
	FirstFrameShell time.Duration // shell request → first screen complete
	HandshakeIn     int64
	HandshakeOut    int64
	FrameBytes      int64 // stdout bytes up to the first complete screen
	FrameWireIn     int64 // raw bytes up to then, handshake included
	FrameWireOut    int64
	NeverQuiet      bool // the first screen never went quiet within SettleMax

	KeyBytes   []int64
	KeyLatency []time.Duration // key sent → last byte of its answer
	KeySilent  int             // keys that got no answer within KeyWait

	TourBytes int64 // stdout bytes of the whole session (tour mode)
	IdleBytes int64 // stdout bytes during the idle window (idle, hold)

	WireIn, WireOut int64 // raw bytes of the whole connection
	StderrBytes     int64
	Queries         map[string]int
	Clears          int // erase-whole-screen sequences received in the session
}

const maxDump = 1 << 20

// ErrBusy is open's answer when the server said it was busy.
var ErrBusy = errors.New("the server said it was busy")

const maxHead = 4 << 10

// keepHead keeps the first maxHead bytes of text; s.mu is held.
func (s *session) keepHead(text []byte) {
	if room := maxHead - len(s.head); room > 0 {
		s.head = append(s.head, text[:min(room, len(text))]...)
	}
}

// saidBusy reports whether the session's first text holds Config.Busy.
func (s *session) saidBusy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.Busy != "" && bytes.Contains(s.head, []byte(s.cfg.Busy))
}

// session is one SSH connection with one PTY session on it.
type session struct {
	cfg  *Config
	conn *countingConn
	cli  *sshterm.Client
	ss   *sshterm.Session // writes to it are safe from the reader and the script

	mu      sync.Mutex
	n       int64
	last    time.Time
	found   bool
	tail    []byte
	eof     bool
	readErr error
	queries map[string]int
	clears  int
	stderr  bytes.Buffer
	nerr    int64
	head    []byte // the first text of stdout and stderr, for Config.Busy

	dump *bytes.Buffer // raw output, for Config.Dump; nil when not wanted

	notify     chan struct{}
	readerDone chan struct{}

	res SessionResult
}

// stderrSink keeps the first bytes of the session's stderr for error messages.
type stderrSink struct{ s *session }

func (w stderrSink) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	w.s.nerr += int64(len(p))
	w.s.keepHead(p)
	if room := 256 - w.s.stderr.Len(); room > 0 {
		w.s.stderr.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// open dials, shakes hands, requests a PTY and a shell, and waits for the
// first complete screen. The connection is closed when ctx ends.
func open(ctx context.Context, cfg *Config, target string, i int) (*session, error) {
	s := &session{
		cfg:        cfg,
		notify:     make(chan struct{}, 1),
		readerDone: make(chan struct{}),
		queries:    map[string]int{},
	}
	if i == 0 && cfg.Dump != nil {
		s.dump = new(bytes.Buffer)
	}
	// Until the reader runs, a failure must mark it done itself.
	fail := func(format string, a ...any) (*session, error) {
		close(s.readerDone)
		return s, fmt.Errorf(format, a...)
	}
	opt := sshterm.Options{
		User: cfg.User, Term: cfg.Term, Width: cfg.Width, Height: cfg.Height, Env: cfg.Env,
		Source: sshterm.SourceAddr(i, cfg.Sources),
		Wrap: func(c net.Conn) net.Conn {
			s.conn = &countingConn{Conn: c}
			return s.conn
		},
	}
	start := time.Now()
	var err error
	if s.cli, err = sshterm.Dial(ctx, target, opt); err != nil {
		return fail("%w", err)
	}
	s.res.Handshake = time.Since(start)
	s.res.HandshakeIn, s.res.HandshakeOut = s.conn.in.Load(), s.conn.out.Load()
	if s.ss, err = s.cli.OpenPTY(ctx, opt, stderrSink{s}); err != nil {
		return fail("%w", err)
	}
	go s.read(s.ss.Stdout, sshterm.NewResponder(sshterm.DefaultTerminal(cfg.Width, cfg.Height)))

	shellAt := time.Now()
	if err := s.ss.Shell(); err != nil {
		return s, fmt.Errorf("shell: %w", sshterm.Cause(ctx, err))
	}
	last, ok, neverQuiet, err := s.waitQuiet(ctx, 0, cfg.Expect, true, cfg.SessionTimeout)
	if s.saidBusy() {
		return s, ErrBusy
	}
	if err != nil || !ok {
		s.mu.Lock()
		n, errText := s.n, strings.TrimSpace(s.stderr.String())
		s.mu.Unlock()
		if err == nil {
			err = errors.New("timed out")
		}
		if errText != "" {
			err = fmt.Errorf("%w (stderr %q)", err, errText)
		}
		return s, fmt.Errorf("first frame after %d bytes: %w", n, sshterm.Cause(ctx, err))
	}
	s.res.FirstFrameDial = last.Sub(start)
	s.res.FirstFrameShell = last.Sub(shellAt)
	s.res.NeverQuiet = neverQuiet
	s.mu.Lock()
	s.res.FrameBytes = s.n
	s.mu.Unlock()
	s.res.FrameWireIn, s.res.FrameWireOut = s.conn.in.Load(), s.conn.out.Load()
	return s, nil
}

// read consumes the session's stdout, answers terminal queries and tracks
// the byte count, the time of the last byte and whether the expected text
// has been seen.
func (s *session) read(r io.Reader, resp *sshterm.Responder) {
	defer close(s.readerDone)
	buf := make([]byte, 8<<10)
	expect := []byte(s.cfg.Expect)
	for {
		n, err := r.Read(buf)
		now := time.Now()
		if n > 0 {
			reply, text := resp.Feed(buf[:n])
			if len(reply) > 0 {
				_ = s.write(reply)
			}
			s.mu.Lock()
			if s.dump != nil && s.dump.Len() < maxDump {
				s.dump.Write(buf[:min(n, maxDump-s.dump.Len())])
			}
			s.n += int64(n)
			s.last = now
			s.keepHead(text)
			if !s.found && len(expect) > 0 {
				s.tail = append(s.tail, text...)
				if bytes.Contains(s.tail, expect) {
					s.found, s.tail = true, nil
				} else if keep := len(expect) - 1; len(s.tail) > keep {
					s.tail = append(s.tail[:0], s.tail[len(s.tail)-keep:]...)
				}
			}
			s.mu.Unlock()
			s.signal()
		}
		if err != nil {
			s.mu.Lock()
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.readErr = err
			}
			for k, v := range resp.Queries {
				s.queries[k] += v
			}
			s.clears = resp.Clears
			s.mu.Unlock()
			s.signal()
			return
		}
	}
}

func (s *session) signal() {
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

func (s *session) write(p []byte) error {
	_, err := s.ss.Write(p)
	return err
}

func (s *session) bytesSoFar() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// waitQuiet waits until the output has grown past from (when needBytes),
// contains expect (when not empty), and then has been quiet for cfg.Quiet.
// It returns the time of the last byte. ok is false when the condition was
// not met within maxWait; neverQuiet is true when the condition was met but
// bytes kept coming for cfg.SettleMax, in which case the last byte so far
// counts.
func (s *session) waitQuiet(ctx context.Context, from int64, expect string, needBytes bool, maxWait time.Duration) (last time.Time, ok, neverQuiet bool, err error) {
	deadline := time.Now().Add(maxWait)
	var readySince time.Time
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		s.mu.Lock()
		n, last, found, eof, rerr := s.n, s.last, s.found, s.eof, s.readErr
		s.mu.Unlock()
		ready := (!needBytes || n > from) && (expect == "" || found)
		now := time.Now()
		if ready {
			if readySince.IsZero() {
				readySince = now
			}
			if now.Sub(last) >= s.cfg.Quiet || eof {
				return last, true, false, nil
			}
			if now.Sub(readySince) >= s.cfg.SettleMax {
				return last, true, true, nil
			}
		} else if eof {
			if rerr == nil {
				rerr = errors.New("server closed the session")
			}
			return last, false, false, rerr
		} else if !now.Before(deadline) {
			return last, false, false, nil
		}
		wait := deadline.Sub(now)
		if ready {
			wait = s.cfg.Quiet - now.Sub(last)
		}
		timer.Reset(max(wait, time.Millisecond))
		select {
		case <-s.notify:
		case <-timer.C:
		case <-ctx.Done():
			return last, false, false, context.Cause(ctx)
		}
	}
}

// jitter sleeps a random time in [0, cfg.Jitter].
func (s *session) jitter(ctx context.Context) error {
	if s.cfg.Jitter <= 0 {
		return nil
	}
	return sshterm.Sleep(ctx, rand.N(s.cfg.Jitter+1))
}

// press sends one key and measures the bytes and time until the screen is
// quiet again. A key that gets no answer within KeyWait counts as silent.
func (s *session) press(ctx context.Context, key []byte) error {
	if err := s.jitter(ctx); err != nil {
		return err
	}
	before := s.bytesSoFar()
	sent := time.Now()
	if err := s.write(key); err != nil {
		return fmt.Errorf("send key %q: %w", key, err)
	}
	last, ok, _, err := s.waitQuiet(ctx, before, "", true, s.cfg.KeyWait)
	if err != nil {
		return fmt.Errorf("answer to key %q: %w", key, err)
	}
	if !ok {
		s.res.KeySilent++
		s.res.KeyBytes = append(s.res.KeyBytes, 0)
		return nil
	}
	s.res.KeyBytes = append(s.res.KeyBytes, s.bytesSoFar()-before)
	s.res.KeyLatency = append(s.res.KeyLatency, last.Sub(sent))
	return nil
}

// tour runs a key script. "wait" waits for the answer to the keys sent
// since the previous wait; a session the server ends (after "q") ends the
// script.
func (s *session) tour(ctx context.Context, steps []sshterm.Step) error {
	mark := s.bytesSoFar()
	for _, st := range steps {
		switch st.Kind {
		case sshterm.StepSend:
			if err := s.jitter(ctx); err != nil {
				return err
			}
			if err := s.write(st.Bytes); err != nil {
				if s.ended() {
					return nil
				}
				return fmt.Errorf("tour key %q: %w", st.Token, err)
			}
		case sshterm.StepWait:
			if _, _, _, err := s.waitQuiet(ctx, mark, "", true, s.cfg.KeyWait); err != nil && !s.ended() {
				return fmt.Errorf("tour wait: %w", err)
			}
			mark = s.bytesSoFar()
		case sshterm.StepSleep:
			if err := sshterm.Sleep(ctx, st.Duration); err != nil {
				return err
			}
		}
		if s.ended() {
			return nil
		}
	}
	// Give the server a moment to end the session after a final "q".
	t := time.NewTimer(2 * time.Second)
	defer t.Stop()
	for !s.ended() {
		select {
		case <-s.notify:
		case <-t.C:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	return nil
}

func (s *session) ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.eof
}

// close hangs up and waits for the reader to finish, then fills in the
// totals of the result.
func (s *session) close() {
	if s.cli != nil {
		_ = s.cli.Close()
	} else if s.conn != nil {
		_ = s.conn.Close()
	}
	<-s.readerDone
	if s.conn != nil {
		s.res.WireIn, s.res.WireOut = s.conn.in.Load(), s.conn.out.Load()
	}
	s.mu.Lock()
	s.res.StderrBytes = s.nerr
	s.res.Queries = s.queries
	s.res.Clears = s.clears
	if s.dump != nil {
		_, _ = s.cfg.Dump.Write(s.dump.Bytes())
		s.dump = nil
	}
	s.mu.Unlock()
}
