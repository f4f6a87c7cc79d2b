// Package linkemu emulates a slow network link on loopback: a TCP proxy
// whose every direction is a bounded queue drained at the link's rate, each
// packet then delayed by half the round trip before it is delivered.
//
// Kernel netem and tbf are not available on these machines, so the link is
// emulated in user space. Between the server and the proxy the connection
// is loopback: what the server writes and the link cannot carry yet waits
// in the server's own socket buffer once the queue is full, as it would on
// a real path.
package linkemu

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Profile is a link: its round trip and its rate each way.
type Profile struct {
	Name  string
	RTT   time.Duration
	Down  int64 // bits per second, server to client
	Up    int64 // bits per second, client to server
	Queue int   // bytes each direction's queue holds; 0: DefaultQueue
}

func (p Profile) String() string {
	return fmt.Sprintf("%s (%v, %s/%s)", p.Name, p.RTT, rate(p.Down), rate(p.Up))
}

func rate(bps int64) string {
	if bps >= 1_000_000 && bps%1_000_000 == 0 {
		return fmt.Sprintf("%dM", bps/1_000_000)
	}
	return fmt.Sprintf("%dk", bps/1000)
}

// DefaultQueue is the bytes a direction's queue holds, a small router's or
// modem's buffer. A smaller queue changes little: what does not fit waits
// in the sender's socket buffer instead.
const DefaultQueue = 16 << 10

// packet is the most a direction carries as one unit: a TCP segment's
// payload on an Ethernet-sized path.
const packet = 1448

// Profiles are the links of issue 15, slowest first.
var Profiles = []Profile{
	{Name: "gprs", RTT: 700 * time.Millisecond, Down: 50_000, Up: 25_000},
	{Name: "edge", RTT: 400 * time.Millisecond, Down: 200_000, Up: 100_000},
	{Name: "3g", RTT: 200 * time.Millisecond, Down: 1_000_000, Up: 400_000},
	{Name: "satellite", RTT: 650 * time.Millisecond, Down: 2_000_000, Up: 500_000},
	{Name: "wifi", RTT: 150 * time.Millisecond, Down: 500_000, Up: 250_000}, // a bad Wi-Fi
}

// Lookup returns the profile called name.
func Lookup(name string) (Profile, error) {
	var names []string
	for _, p := range Profiles {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Profile{}, fmt.Errorf("no link profile %q (want one of %s)", name, strings.Join(names, ", "))
}

// Link is a listening proxy: every connection accepted is carried to the
// target over an emulated link of its profile.
type Link struct {
	ln     net.Listener
	target string
	prof   Profile

	down, up atomic.Int64 // bytes delivered each way, all connections

	mu      sync.Mutex
	conns   map[net.Conn]struct{}
	closed  bool
	closing chan struct{}
	wg      sync.WaitGroup
}

// Listen starts a link on addr (use "127.0.0.1:0") to target.
func Listen(addr, target string, p Profile) (*Link, error) {
	if p.Down <= 0 || p.Up <= 0 {
		return nil, fmt.Errorf("link %s: rates must be positive", p.Name)
	}
	if p.Queue <= 0 {
		p.Queue = DefaultQueue
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("link %s: %w", p.Name, err)
	}
	l := &Link{ln: ln, target: target, prof: p, conns: map[net.Conn]struct{}{}, closing: make(chan struct{})}
	l.wg.Add(1)
	go l.accept()
	return l, nil
}

// Addr is the address clients dial.
func (l *Link) Addr() string { return l.ln.Addr().String() }

// Profile is the link's profile.
func (l *Link) Profile() Profile { return l.prof }

// Bytes returns the bytes delivered so far: down (to the client) and up
// (to the server), over all connections.
func (l *Link) Bytes() (down, up int64) { return l.down.Load(), l.up.Load() }

// Close stops listening, cuts every connection and waits for them.
func (l *Link) Close() error {
	l.mu.Lock()
	if !l.closed {
		close(l.closing)
	}
	l.closed = true
	for c := range l.conns {
		_ = c.Close()
	}
	l.mu.Unlock()
	err := l.ln.Close()
	l.wg.Wait()
	return err
}

func (l *Link) accept() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		l.wg.Add(1)
		go l.serve(c)
	}
}

// track adds c to the connections Close cuts; false when closed.
func (l *Link) track(cs ...net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	for _, c := range cs {
		l.conns[c] = struct{}{}
	}
	return true
}

func (l *Link) untrack(cs ...net.Conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range cs {
		delete(l.conns, c)
	}
}

func (l *Link) serve(client net.Conn) {
	defer l.wg.Done()
	// TCP's own handshake: the client's first bytes and the server's
	// greeting cross the link one round trip after the client dialled, as
	// they would after SYN and SYN-ACK.
	t := time.NewTimer(l.prof.RTT)
	select {
	case <-t.C:
	case <-l.closing:
		t.Stop()
		_ = client.Close()
		return
	}
	server, err := net.Dial("tcp", l.target)
	if err != nil {
		_ = client.Close()
		return
	}
	if !l.track(client, server) {
		_ = client.Close()
		_ = server.Close()
		return
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); carry(client, server, l.prof.Down, l.prof.RTT/2, l.prof.Queue, &l.down) }()
	go func() { defer wg.Done(); carry(server, client, l.prof.Up, l.prof.RTT/2, l.prof.Queue, &l.up) }()
	wg.Wait()
	_ = client.Close()
	_ = server.Close()
	l.untrack(client, server)
}

// carry moves src's bytes to dst as the link would: into a queue of at
// most limit bytes (src is not read while it is full), out of it one packet
// at a time at bps bits per second, each packet delivered delay after it
// left the queue. When src ends, dst's write side is closed once all is
// delivered; when dst fails, both are closed.
func carry(dst, src net.Conn, bps int64, delay time.Duration, limit int, delivered *atomic.Int64) {
	q := newQueue(limit)
	type timed struct {
		data []byte
		at   time.Time
	}
	// The packets in flight: at most the link's rate times its delay.
	flight := make(chan timed, 4096)

	go func() { // the sender's side: src into the queue
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf[:min(len(buf), q.room())])
			if n > 0 {
				q.put(buf[:n])
			}
			if err != nil {
				q.close()
				return
			}
		}
	}()

	go func() { // the link: the queue drained at its rate
		defer close(flight)
		var t time.Time // when the link is free again
		for {
			p, ok := q.take(packet)
			if !ok {
				return
			}
			if now := time.Now(); t.Before(now) {
				t = now
			}
			t = t.Add(time.Duration(int64(len(p)) * 8 * int64(time.Second) / bps))
			time.Sleep(time.Until(t))
			flight <- timed{p, t.Add(delay)}
		}
	}()

	// The receiver's side: each packet at its time.
	for p := range flight {
		time.Sleep(time.Until(p.at))
		delivered.Add(int64(len(p.data))) // before the receiver can see them
		if _, err := dst.Write(p.data); err != nil {
			_ = dst.Close()
			_ = src.Close()
			q.close()
			for range flight {
			}
			return
		}
	}
	if tc, ok := dst.(interface{ CloseWrite() error }); ok {
		_ = tc.CloseWrite()
	} else {
		_ = dst.Close()
	}
}

// queue is a bounded byte queue between a reader and the link.
type queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    []byte
	limit  int
	closed bool
}

func newQueue(limit int) *queue {
	q := &queue{limit: limit}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// room waits until the queue has room and says how much (at least 1);
// after close it returns 1 so that the reader's next read finds the end.
func (q *queue) room() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) >= q.limit && !q.closed {
		q.cond.Wait()
	}
	return max(1, q.limit-len(q.buf))
}

func (q *queue) put(p []byte) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.buf = append(q.buf, p...)
	q.cond.Broadcast()
}

// take waits for bytes and returns at most n of them; false when the queue
// is closed and empty.
func (q *queue) take(n int) ([]byte, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) == 0 {
		if q.closed {
			return nil, false
		}
		q.cond.Wait()
	}
	n = min(n, len(q.buf))
	p := make([]byte, n)
	copy(p, q.buf)
	q.buf = append(q.buf[:0], q.buf[n:]...)
	q.cond.Broadcast()
	return p, true
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Broadcast()
	q.mu.Unlock()
}
