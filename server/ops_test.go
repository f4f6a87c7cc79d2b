package server_test

// Tests of what the operator sees: metrics, readiness, the PROXY protocol,
// and a host key shared by replicas. Everything runs on loopback.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	proxyproto "github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"

	"github.com/embassy-kiosk/embassy/internal/testkit"
	"github.com/embassy-kiosk/embassy/keys"
	"github.com/embassy-kiosk/embassy/server"
)

// opsKiosk is a kiosk with its operations endpoints on an HTTP test server.
type opsKiosk struct {
	*kiosk
	ops *httptest.Server
}

// startOps serves cfg (startKiosk) and its operations endpoints on another
// loopback port, and waits until the server says it is ready.
func startOps(t *testing.T, cfg server.Config) *opsKiosk {
	t.Helper()
	k := startKiosk(t, cfg)
	o := &opsKiosk{kiosk: k, ops: httptest.NewServer(k.OpsHandler())}
	t.Cleanup(o.ops.Close)
	// Serve marks the server ready once it runs.
	o.waitStatus(t, "/readyz", http.StatusOK)
	return o
}

// get returns the status and body of an operations endpoint.
func (o *opsKiosk) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(o.ops.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

func (o *opsKiosk) waitStatus(t *testing.T, path string, want int) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		code, body := o.get(t, path)
		if code == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s = %d %q, want %d", path, code, body, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// scrape reads /metrics into a map from series ("name{labels}") to value.
func (o *opsKiosk) scrape(t *testing.T) metrics {
	t.Helper()
	code, body := o.get(t, "/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", code)
	}
	m := metrics{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		m[line[:i]] = v
	}
	return m
}

type metrics map[string]float64

// get is a series' value; a series that is not there is an error.
func (m metrics) get(t *testing.T, series string) float64 {
	t.Helper()
	v, ok := m[series]
	if !ok {
		t.Fatalf("no series %s in /metrics", series)
	}
	return v
}

// waitMetric waits until series has the value want.
func (o *opsKiosk) waitMetric(t *testing.T, series string, want float64) metrics {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		m := o.scrape(t)
		if v, ok := m[series]; ok && v == want {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %v, want %v", series, m[series], want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestMetricsFollowSessions(t *testing.T) {
	t.Parallel()
	o := startOps(t, server.Config{})
	before := o.scrape(t)
	for series, want := range map[string]float64{
		"embassy_sessions_active":                              0,
		`embassy_sessions_total{pty="yes"}`:                    0,
		`embassy_connections_refused_total{reason="capacity"}`: 0,
		`embassy_handshake_failures_total{reason="timeout"}`:   0,
		`embassy_content_reloads_total{result="ok"}`:           0,
		"embassy_bytes_sent_total":                             0,
	} {
		if got := before.get(t, series); got != want {
			t.Errorf("before any session, %s = %v, want %v", series, got, want)
		}
	}
	if _, ok := before["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics (go_goroutines)")
	}

	// A visitor opens the UI, reads the second page, and leaves.
	term := openTerminal(t, o.dial(t), 80, 24)
	term.waitHome(0)
	during := o.waitMetric(t, "embassy_sessions_active", 1)
	if got := during.get(t, `embassy_sessions_total{pty="yes"}`); got != 1 {
		t.Errorf(`during the session, sessions_total{pty="yes"} = %v, want 1`, got)
	}
	if got := during.get(t, `embassy_first_frame_seconds_count{pty="yes"}`); got != 1 {
		t.Errorf("first_frame_seconds_count = %v, want 1", got)
	}
	if got := during.get(t, "embassy_bytes_sent_total"); got <= 0 {
		t.Errorf("bytes_sent_total = %v after the home screen was drawn", got)
	}
	m := term.mark()
	term.send("2")
	term.waitFor(m, page2Text)
	slug := o.Lib.Pages[1].Slug
	o.waitMetric(t, fmt.Sprintf(`embassy_page_views_total{lang="en",page=%q}`, slug), 1)
	term.send("q")
	term.waitEnd(waitTimeout)
	after := o.waitMetric(t, "embassy_sessions_active", 0)
	if got := after.get(t, "embassy_session_duration_seconds_count"); got != 1 {
		t.Errorf("session_duration_seconds_count = %v, want 1", got)
	}

	// Plain text counts too, under its own label.
	if r := o.command(t, "links"); r.status != 0 {
		t.Fatalf("links: exit %d", r.status)
	}
	final := o.waitMetric(t, `embassy_page_views_total{lang="en",page="links"}`, 1)
	if got := final.get(t, `embassy_sessions_total{pty="no"}`); got != 1 {
		t.Errorf(`sessions_total{pty="no"} = %v, want 1`, got)
	}
	if got, min := final.get(t, "embassy_bytes_sent_total"), after.get(t, "embassy_bytes_sent_total")+100; got < min {
		t.Errorf("bytes_sent_total = %v after the directory was sent, want at least %v", got, min)
	}
}

func TestMetricsHooksForOtherCode(t *testing.T) {
	t.Parallel()
	o := startOps(t, server.Config{})
	mt := o.Metrics()
	mt.Refused(server.RefusedPerSource)
	mt.Refused(server.RefusedPerSource)
	mt.Refused("made-up reason")
	mt.ContentReloaded(nil)
	mt.ContentReloaded(io.ErrUnexpectedEOF)
	mt.PageView("links", "es")
	got := o.scrape(t)
	for series, want := range map[string]float64{
		`embassy_connections_refused_total{reason="per_source"}`: 2,
		`embassy_connections_refused_total{reason="other"}`:      1,
		`embassy_content_reloads_total{result="ok"}`:             1,
		`embassy_content_reloads_total{result="error"}`:          1,
		`embassy_page_views_total{lang="es",page="links"}`:       1,
	} {
		if v := got.get(t, series); v != want {
			t.Errorf("%s = %v, want %v", series, v, want)
		}
	}
}

func TestHandshakeFailuresAreCounted(t *testing.T) {
	t.Parallel()
	o := startOps(t, server.Config{HandshakeTimeout: 200 * time.Millisecond})

	// A client that hangs up at once.
	c, err := net.Dial("tcp", o.Addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	o.waitMetric(t, `embassy_handshake_failures_total{reason="closed"}`, 1)

	// A client that breaks the protocol: a packet of 4 GiB.
	c, err = net.Dial("tcp", o.Addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "SSH-2.0-broken\r\n\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00")
	o.waitMetric(t, `embassy_handshake_failures_total{reason="protocol"}`, 1)
	c.Close()

	// A client that says nothing.
	c, err = net.Dial("tcp", o.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	o.waitMetric(t, `embassy_handshake_failures_total{reason="timeout"}`, 1)
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	o := startOps(t, server.Config{})
	if code, body := o.get(t, "/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}
	if code, body := o.get(t, "/readyz"); code != http.StatusOK || body != "ready\n" {
		t.Errorf("/readyz = %d %q, want 200 ready", code, body)
	}
	if code, _ := o.get(t, "/nothing"); code != http.StatusNotFound {
		t.Errorf("/nothing = %d, want 404", code)
	}
}

// Readiness turns false before the listener closes, so that a load
// balancer stops sending visitors while the server still takes them.
func TestReadinessFlipsBeforeListenerCloses(t *testing.T) {
	t.Parallel()
	o := startOps(t, server.Config{})
	term := openTerminal(t, o.dial(t), 80, 24)
	term.waitHome(0)

	o.Drain()
	if code, body := o.get(t, "/readyz"); code != http.StatusServiceUnavailable || body != "draining\n" {
		t.Errorf("after Drain, /readyz = %d %q, want 503 draining", code, body)
	}
	if code, _ := o.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("after Drain, /healthz = %d, want 200: the process is alive", code)
	}
	// Not ready, but still serving: a visitor who was already on the way
	// gets in.
	if r := o.command(t, "pages"); r.status != 0 {
		t.Errorf("after Drain, a new session ended with %d", r.status)
	}

	m := term.mark()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() { _ = o.Shutdown(ctx) }()
	// The open session is told how long is left.
	term.waitFor(m, "closing for maintenance in 5 s")
	// The visitor keeps reading during the countdown; the session ends
	// just before the drain deadline.
	term.waitEnd(5*time.Second + waitTimeout)
	select {
	case <-o.Serving.Done():
		if err := o.Serving.Err(); err != nil {
			t.Errorf("Serve = %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Serve did not return after Shutdown")
	}
	if conn, err := net.DialTimeout("tcp", o.Addr, time.Second); err == nil {
		conn.Close()
		t.Error("the listener still accepts connections after Shutdown")
	}
	if code, body := o.get(t, "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("after Shutdown, /readyz = %d %q, want 503", code, body)
	}
}

// proxyDial connects to addr, sends hdr (if any) as a load balancer would,
// and then speaks SSH on the connection.
func proxyDial(t *testing.T, addr string, hdr *proxyproto.Header) (*gossh.Client, error) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, waitTimeout)
	if err != nil {
		t.Fatal(err)
	}
	if hdr != nil {
		if _, err := hdr.WriteTo(conn); err != nil {
			t.Fatal(err)
		}
	}
	_ = conn.SetDeadline(time.Now().Add(waitTimeout))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, clientConfig())
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	client := gossh.NewClient(c, chans, reqs)
	t.Cleanup(func() { _ = client.Close() })
	return client, nil
}

// visitorHeader is a PROXY header for a visitor at 203.0.113.7.
func visitorHeader(version byte) *proxyproto.Header {
	return proxyproto.HeaderProxyFromAddrs(version,
		&net.TCPAddr{IP: net.ParseIP("203.0.113.7"), Port: 40000},
		&net.TCPAddr{IP: net.ParseIP("192.0.2.1"), Port: 22})
}

// runPages runs `pages` on c and waits for its "session end" log line.
func (k *kiosk) runPages(t *testing.T, c *gossh.Client) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if out, err := sess.Output("pages"); err != nil || len(out) == 0 {
		t.Fatalf("pages: %v", err)
	}
	c.Close()
}

// logsWait waits until the logs contain want.
func (k *kiosk) logsWait(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !strings.Contains(k.Logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the logs lack %s:\n%s", want, k.Logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestProxyProtocolFromTrustedNetwork(t *testing.T) {
	t.Parallel()
	for _, version := range []byte{1, 2} {
		t.Run(fmt.Sprintf("v%d", version), func(t *testing.T) {
			t.Parallel()
			trusted := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
			o := startOps(t, server.Config{ProxyFrom: trusted, LogFullIP: true})
			c, err := proxyDial(t, o.Addr, visitorHeader(version))
			if err != nil {
				t.Fatalf("SSH through a trusted PROXY header: %v", err)
			}
			o.runPages(t, c)
			// The server sees the visitor, not the load balancer.
			o.logsWait(t, `"client":"203.0.113.7"`)

			// The load balancer's own health checks send no header.
			c, err = proxyDial(t, o.Addr, nil)
			if err != nil {
				t.Fatalf("SSH from a trusted address without a header: %v", err)
			}
			o.runPages(t, c)
			o.logsWait(t, `"client":"127.0.0.1"`)
		})
	}
}

func TestProxyProtocolFromUntrustedAddressIsRefused(t *testing.T) {
	t.Parallel()
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	o := startOps(t, server.Config{ProxyFrom: trusted})
	for _, version := range []byte{1, 2} {
		if c, err := proxyDial(t, o.Addr, visitorHeader(version)); err == nil {
			c.Close()
			t.Fatalf("a v%d PROXY header from 127.0.0.1 (not in 10.0.0.0/8) was accepted", version)
		}
	}
	o.waitMetric(t, `embassy_connections_refused_total{reason="proxy_header"}`, 2)
	if strings.Contains(o.Logs.String(), "203.0.113") {
		t.Errorf("the forged address reached the logs:\n%s", o.Logs.String())
	}
	// The same address without a header is an ordinary visitor.
	c, err := proxyDial(t, o.Addr, nil)
	if err != nil {
		t.Fatalf("SSH without a header: %v", err)
	}
	o.runPages(t, c)
	o.logsWait(t, `"client":"127.0.0.0/24"`)
}

// Without --proxy-protocol-from nobody is trusted: a header is not believed.
func TestProxyHeaderIgnoredWhenProxyProtocolIsOff(t *testing.T) {
	t.Parallel()
	o := startOps(t, server.Config{LogFullIP: true})
	if c, err := proxyDial(t, o.Addr, visitorHeader(1)); err == nil {
		o.runPages(t, c)
	}
	time.Sleep(50 * time.Millisecond)
	if strings.Contains(o.Logs.String(), "203.0.113") {
		t.Errorf("a PROXY header was believed with the PROXY protocol off:\n%s", o.Logs.String())
	}
}

func TestParseNetworks(t *testing.T) {
	t.Parallel()
	got, err := server.ParseNetworks(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::ffff:10.1.0.0/112,")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "10.1.0.0/16"}
	if len(got) != len(want) {
		t.Fatalf("ParseNetworks = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("network %d = %s, want %s", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0/8"} {
		if _, err := server.ParseNetworks(bad); err == nil {
			t.Errorf("ParseNetworks(%q) succeeded", bad)
		}
	}
}

// Replicas given one injected key look like one server to a visitor's
// client: no "host key changed" warning behind a load balancer.
func TestReplicasShareTheInjectedKey(t *testing.T) {
	t.Parallel()
	injected := testkit.HostKeyPEM(t) // what EMBASSY_HOST_KEY holds
	replica := func() *opsKiosk {
		signer, err := keys.Parse(injected)
		if err != nil {
			t.Fatal(err)
		}
		return startOps(t, server.Config{HostKey: signer})
	}
	a, b := replica(), replica()
	fa, fb := testkit.HostKeySeen(t, a.Addr), testkit.HostKeySeen(t, b.Addr)
	if fa == "" || fa != fb {
		t.Errorf("replicas present %q and %q, want one fingerprint", fa, fb)
	}
	other := startOps(t, server.Config{})
	if fo := testkit.HostKeySeen(t, other.Addr); fo == fa {
		t.Errorf("a server with its own key presents the injected key's fingerprint %s", fo)
	}
}
