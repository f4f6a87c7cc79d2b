package server_test

import (
	"io"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/server"
)

// BenchmarkVisit is one visit end to end, client included: connect, the
// home screen, open a page, quit. With -cpuprofile it shows where a
// visit's server CPU goes (docs/performance.md).
func BenchmarkVisit(b *testing.B) {
	addr := kiosktest.Start(b, server.Config{MaxConns: 10000, MaxPerSource: 10000, MaxHandshakes: 1000}).Addr
	readUntil := func(out io.Reader, want string) {
		buf := make([]byte, 64<<10)
		got := ""
		deadline := time.Now().Add(3 * time.Second)
		for !strings.Contains(got, want) {
			if time.Now().After(deadline) {
				b.Fatalf("%q did not appear", want)
			}
			n, err := out.Read(buf)
			if err != nil {
				b.Fatal(err)
			}
			got += string(buf[:n])
		}
	}
	for b.Loop() {
		c, err := gossh.Dial("tcp", addr, clientConfig())
		if err != nil {
			b.Fatal(err)
		}
		s, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			b.Fatal(err)
		}
		in, _ := s.StdinPipe()
		out, _ := s.StdoutPipe()
		if err := s.Shell(); err != nil {
			b.Fatal(err)
		}
		readUntil(out, "quit")
		_, _ = io.WriteString(in, "1")
		readUntil(out, "Fostering")
		_, _ = io.WriteString(in, "q")
		_ = s.Wait()
		_ = c.Close()
	}
}
