// Package slowvisit measures what a visitor waits for over an emulated slow
// link (package linkemu): the real OpenSSH client runs in a pseudo-terminal,
// as it does for a person, the kiosk is reached through the link, and every
// byte the client's terminal receives is timed where the terminal gets it.
//
// A step's wait runs from the key written into the terminal to the last byte
// of the answer, the answer being over once the terminal has received
// nothing for Quiet (longer than any pause within a frame or between paced
// frames on the link). Terminal queries are answered as a dark xterm does
// (sshterm.Responder).
package slowvisit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"

	"github.com/embassy-kiosk/embassy/tools/loadtest/linkemu"
	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// Config is one visitor's set-up.
type Config struct {
	SSH           string // the OpenSSH client to run ("ssh")
	Target        string // the kiosk's host:port, reached through the link
	Link          linkemu.Profile
	Width, Height int      // the terminal's size
	Term          string   // TERM
	Env           []string // more of the client's environment
	Expect        string   // text of the first screen
	Quiet         time.Duration
	Timeout       time.Duration // bound on one session
	Trace         io.Writer     // when set: every read of the terminal, timed
}

// QuietFor is a Quiet long enough for link p: two round trips and half a
// second, at least a second.
func QuietFor(p linkemu.Profile) time.Duration {
	return max(time.Second, 2*p.RTT+500*time.Millisecond)
}

// Wait is one measured step.
type Wait struct {
	Name     string
	Wait     time.Duration // key written → last byte of the answer
	Down, Up int64         // bytes on the link during the step
	Output   int64         // bytes the terminal received
}

// Session is one OpenSSH client in a pseudo-terminal, through its own link.
type Session struct {
	cfg   Config
	link  *linkemu.Link
	cmd   *exec.Cmd
	tty   *os.File
	start time.Time

	wmu sync.Mutex // writes to tty: keys and the terminal's answers

	mu     sync.Mutex
	n      int64     // bytes received
	last   time.Time // when the last byte came
	text   bytes.Buffer
	eof    bool
	notify chan struct{}
	done   chan struct{}
}

// Open starts the link and the client, and waits for the first screen: the
// returned Wait runs from the client's start.
func Open(cfg Config) (*Session, Wait, error) {
	link, err := linkemu.Listen("127.0.0.1:0", cfg.Target, cfg.Link)
	if err != nil {
		return nil, Wait{}, err
	}
	host, port, _ := strings.Cut(link.Addr(), ":")
	// -F /dev/null: no user or system configuration (no SendEnv, no
	// multiplexing), so every run is the same client.
	cmd := exec.Command(cfg.SSH, "-F", "/dev/null",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-tt", "-p", port, host)
	cmd.Env = append([]string{"TERM=" + cfg.Term, "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, cfg.Env...)
	s := &Session{cfg: cfg, link: link, cmd: cmd, notify: make(chan struct{}, 1), done: make(chan struct{})}
	s.start = time.Now()
	s.tty, err = pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cfg.Width), Rows: uint16(cfg.Height)})
	if err != nil {
		_ = link.Close()
		return nil, Wait{}, fmt.Errorf("start %s: %w", cfg.SSH, err)
	}
	go s.read()
	w, err := s.settle("home", mark{at: s.start}, cfg.Expect)
	if err != nil {
		s.Close()
		return nil, w, err
	}
	return s, w, nil
}

// read takes the terminal's output, timing it, and answers its queries.
func (s *Session) read() {
	defer close(s.done)
	resp := sshterm.NewResponder(sshterm.DefaultTerminal(s.cfg.Width, s.cfg.Height))
	buf := make([]byte, 32<<10)
	for {
		n, err := s.tty.Read(buf)
		now := time.Now()
		if n > 0 && s.cfg.Trace != nil {
			fmt.Fprintf(s.cfg.Trace, "%9.3f s  %5d B  %q\n", now.Sub(s.start).Seconds(), n, buf[:min(n, 60)])
		}
		if n > 0 {
			reply, text := resp.Feed(buf[:n])
			s.mu.Lock()
			s.n += int64(n)
			s.last = now
			if s.text.Len() < 1<<20 {
				s.text.Write(text)
			}
			s.mu.Unlock()
			if len(reply) > 0 {
				s.write(reply)
			}
		}
		if err != nil {
			s.mu.Lock()
			s.eof = true
			s.mu.Unlock()
		}
		select {
		case s.notify <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

func (s *Session) write(p []byte) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, _ = s.tty.Write(p)
}

// mark is where a step starts: what has been received so far.
type mark struct {
	n        int64 // bytes the terminal received
	text     int   // length of the visible text
	down, up int64 // bytes on the link
	at       time.Time
}

func (s *Session) mark() mark {
	s.mu.Lock()
	defer s.mu.Unlock()
	down, up := s.link.Bytes()
	return mark{n: s.n, text: s.text.Len(), down: down, up: up, at: time.Now()}
}

// settle waits until the terminal has received bytes after m (and the text
// expect, when not "") and then nothing for Quiet, or the connection's
// end. The Wait runs from m.at.
func (s *Session) settle(name string, m mark, expect string) (Wait, error) {
	deadline := time.After(s.cfg.Timeout)
	for {
		s.mu.Lock()
		got := s.n > m.n
		seen := expect == "" || strings.Contains(s.text.String()[min(m.text, s.text.Len()):], expect)
		last, eof, n := s.last, s.eof, s.n
		s.mu.Unlock()
		if got && seen && (eof || time.Since(last) >= s.cfg.Quiet) {
			down, up := s.link.Bytes()
			return Wait{Name: name, Wait: last.Sub(m.at), Down: down - m.down, Up: up - m.up, Output: n - m.n}, nil
		}
		if eof {
			return Wait{Name: name}, fmt.Errorf("%s: the connection ended first", name)
		}
		wait := s.cfg.Quiet
		if got && seen {
			wait -= time.Since(last)
		}
		select {
		case <-s.notify:
		case <-time.After(max(wait, time.Millisecond)):
		case <-deadline:
			return Wait{Name: name}, fmt.Errorf("%s: no quiet screen within %v", name, s.cfg.Timeout)
		}
	}
}

// Step writes keys and waits for the answer to settle.
func (s *Session) Step(name string, keys []byte) (Wait, error) {
	m := s.mark()
	s.write(keys)
	return s.settle(name, m, "")
}

// Hold presses key times at perSecond presses a second, as a held key
// repeats, and waits for the screen to settle: the Wait runs from the last
// press, its bytes are counted from the first.
func (s *Session) Hold(name string, key []byte, times int, perSecond float64) (Wait, error) {
	m := s.mark()
	every := time.Duration(float64(time.Second) / perSecond)
	for i := range times {
		time.Sleep(time.Until(m.at.Add(time.Duration(i) * every)))
		s.write(key)
	}
	m.at = time.Now()
	w, err := s.settle(name, m, "")
	// A screen that settled before the last press (the page's end) waited
	// for nothing.
	w.Wait = max(w.Wait, 0)
	return w, err
}

// Close ends the client and the link.
func (s *Session) Close() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
	}
	_ = s.tty.Close()
	<-s.done
	_ = s.cmd.Wait()
	_ = s.link.Close()
}

// Ended waits up to d for the client to exit on its own (after "q").
func (s *Session) Ended(d time.Duration) bool {
	select {
	case <-s.done:
		return true
	case <-time.After(d):
		return false
	}
}

var errNoSSH = errors.New("no OpenSSH client")

// CheckClient returns the client's version line, or an error if it cannot
// be run.
func CheckClient(ssh string) (string, error) {
	out, err := exec.Command(ssh, "-V").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%w: %s -V: %v", errNoSSH, ssh, err)
	}
	return strings.TrimSpace(string(out)), nil
}
