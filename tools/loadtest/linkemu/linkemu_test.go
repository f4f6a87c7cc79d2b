package linkemu

import (
	"bytes"
	"crypto/rand"
	"io"
	"net"
	"testing"
	"time"
)

// echo serves one echo server on loopback until the test ends.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(c, c); _ = c.Close() }()
		}
	}()
	return ln.Addr().String()
}

// Bytes cross the link intact, in order, both ways, and no sooner than
// the link allows: a round trip for TCP's handshake, then the serialisation
// of the data at each direction's rate plus a round trip. (Only a lower
// bound is checked: a busy machine may be slower, never faster.)
func TestLinkCarriesBytesNoFasterThanItsProfile(t *testing.T) {
	p := Profile{Name: "test", RTT: 60 * time.Millisecond, Down: 200_000, Up: 100_000, Queue: 4096}
	l, err := Listen("127.0.0.1:0", echo(t), p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	data := make([]byte, 10_000) // 0.8 s up at 100 kbit/s, 0.4 s down
	_, _ = rand.Read(data)
	start := time.Now()
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	go func() { _, _ = c.Write(data) }()
	got := make([]byte, len(data))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if !bytes.Equal(got, data) {
		t.Fatal("the echo came back changed")
	}
	// The up direction limits: all of it serialised up, the last packet
	// down, two round trips (the handshake's and the data's).
	floor := 2*p.RTT + time.Duration(len(data))*8*time.Second/time.Duration(p.Up)
	if took < floor {
		t.Errorf("10 KB echoed in %v over the link, want at least %v", took, floor)
	}
	down, up := l.Bytes()
	if down != int64(len(data)) || up != int64(len(data)) {
		t.Errorf("Bytes() = %d down, %d up; want %d each", down, up, len(data))
	}
}

// The end of one direction reaches the other side after the bytes before
// it, and Close cuts what is left.
func TestLinkHalfCloseAndClose(t *testing.T) {
	p := Profile{Name: "test", RTT: 10 * time.Millisecond, Down: 1_000_000, Up: 1_000_000}
	l, err := Listen("127.0.0.1:0", echo(t), p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	_ = c.(*net.TCPConn).CloseWrite()
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "hello" {
		t.Errorf("after a half-close: %q, %v; want hello and EOF", got, err)
	}

	c2, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if err := l.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	_ = c2.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := c2.Read(make([]byte, 1)); err == nil {
		t.Error("a connection outlived the link's Close")
	}
}

func TestLookup(t *testing.T) {
	p, err := Lookup("gprs")
	if err != nil || p.RTT != 700*time.Millisecond || p.Down != 50_000 || p.Up != 25_000 {
		t.Errorf("Lookup(gprs) = %v, %v", p, err)
	}
	if _, err := Lookup("5g"); err == nil {
		t.Error("Lookup(5g) found a profile")
	}
	if got := p.String(); got != "gprs (700ms, 50k/25k)" {
		t.Errorf("String() = %q", got)
	}
}
