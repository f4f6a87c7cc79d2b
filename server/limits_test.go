package server

import (
	"container/list"
	"io"
	"net"
	"net/netip"
	"testing"
	"time"
)

func TestSourceOf(t *testing.T) {
	l := limiter{cfg: &Config{ExemptSources: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/28")}}}
	for addr, want := range map[string]string{
		"203.0.113.7":          "203.0.113.7/32",
		"::ffff:203.0.113.7":   "203.0.113.7/32",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
	} {
		got, exempt := l.sourceOf(&net.TCPAddr{IP: net.ParseIP(addr), Port: 1})
		if got.String() != want || exempt {
			t.Errorf("sourceOf(%s) = %s, %v", addr, got, exempt)
		}
	}
	if _, exempt := l.sourceOf(&net.TCPAddr{IP: net.ParseIP("192.0.2.9")}); !exempt {
		t.Error("192.0.2.9 is not exempt")
	}
}

func TestLimiter(t *testing.T) {
	cfg := Config{MaxConns: 6, MaxHandshakes: 4, MaxPerSource: 3, MaxHandshakesPerSource: 2}.withDefaults()
	cfg.HandshakeDropStart = 0
	l := newLimiter(&cfg)
	now := time.Now()
	a, b, c := netip.MustParsePrefix("10.0.0.1/32"), netip.MustParsePrefix("10.0.0.2/32"), netip.MustParsePrefix("10.0.0.3/32")
	must := func(src netip.Prefix, want string) {
		t.Helper()
		if got := l.acquire(src, false, now); got != want {
			t.Fatalf("acquire(%s) = %q, want %q", src, got, want)
		}
	}
	must(a, "")
	must(a, "")
	must(a, "per-source-handshakes")
	l.authenticated(a)
	must(a, "")
	must(a, "per-source")
	must(b, "")
	must(b, "")
	must(c, "handshakes") // 4 handshaking: a, b, b and one more of a
	l.authenticated(b)
	must(c, "")
	must(c, "full")
	l.release(c, false, 0, now)
	l.release(b, true, 0, now)
	l.release(b, false, 0, now)
	l.release(a, true, 0, now)
	l.release(a, false, 0, now)
	l.release(a, false, 0, now)
	if total, hs, sources, _ := l.counts(); total != 0 || hs != 0 || sources != 0 {
		t.Errorf("after releasing all: total %d, handshakes %d, sources %d", total, hs, sources)
	}
}

func TestPenaltyBox(t *testing.T) {
	p := penaltyBox{max: 3, ll: list.New(), m: map[netip.Prefix]*list.Element{}}
	now := time.Now()
	src := netip.MustParsePrefix("10.0.0.1/32")
	p.add(src, 10*time.Second, time.Minute, now)
	if p.blocked(src, 15*time.Second, now) {
		t.Error("one timeout blocks")
	}
	p.add(src, 10*time.Second, time.Minute, now)
	if !p.blocked(src, 15*time.Second, now) {
		t.Error("two timeouts do not block")
	}
	if p.blocked(src, 15*time.Second, now.Add(6*time.Second)) {
		t.Error("still blocked after the debt fell below the threshold")
	}
	for range 100 {
		p.add(src, 10*time.Second, time.Minute, now)
	}
	if d := p.m[src].Value.(*penalty).until.Sub(now); d != time.Minute {
		t.Errorf("debt %s, want the ceiling of 1m", d)
	}
	if p.blocked(src, 15*time.Second, now.Add(time.Minute)) || p.ll.Len() != 0 {
		t.Error("a paid-up source is not forgotten")
	}
	for i := range 10 {
		p.add(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, 1, byte(i)}), 32), time.Second, time.Minute, now)
	}
	if p.ll.Len() != 3 || len(p.m) != 3 {
		t.Errorf("box holds %d sources, max 3", p.ll.Len())
	}
}

func TestReadBudget(t *testing.T) {
	cfg := Config{ReadRate: 1 << 20, ReadBurst: 64 << 10}.withDefaults()
	s := &Server{cfg: cfg}
	s.limits = newLimiter(&s.cfg)
	client, server := net.Pipe()
	cs := &connState{Conn: server, srv: s, done: make(chan struct{}), tokens: float64(cfg.ReadBurst), last: time.Now()}
	const total = 576 << 10
	go func() {
		_, _ = client.Write(make([]byte, total))
		_ = client.Close()
	}()
	start := time.Now()
	n, _ := io.Copy(io.Discard, cs)
	d := time.Since(start)
	// 64 KiB at once, then 512 KiB at 1 MiB/s: about 500 ms.
	if n != total || d < 450*time.Millisecond || d > 900*time.Millisecond {
		t.Errorf("read %d bytes in %s, want %d in about 500 ms", n, d, total)
	}
	t.Logf("read budget 1 MiB/s, burst 64 KiB: %d KiB in %s", n>>10, d.Round(time.Millisecond))

	// Closing wakes a reader that waits for its budget.
	client, server = net.Pipe()
	cs = &connState{Conn: server, srv: s, done: make(chan struct{}), tokens: -float64(10 << 20), last: time.Now()}
	go func() { _, _ = client.Write([]byte("x")) }()
	done := make(chan struct{})
	go func() { _, _ = cs.Read(make([]byte, 1)); close(done) }()
	time.Sleep(50 * time.Millisecond)
	_ = cs.Close()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Close did not wake a throttled reader")
	}
}
