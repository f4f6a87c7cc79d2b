package server

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"charm.land/ssh"
	proxyproto "github.com/pires/go-proxyproto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Reasons a connection is refused, the values of the "reason" label of
// embassy_connections_refused_total. Any other reason is counted as "other",
// so a label can never grow without bound.
const (
	RefusedCapacity    = "capacity"     // the server is full: refused before the handshake (a flood)
	RefusedBusy        = "busy"         // past the memory budget: told so after the handshake
	RefusedPerSource   = "per_source"   // one source has too many connections
	RefusedTimeout     = "timeout"      // closed for a timeout (handshake, keepalive, idle)
	RefusedBadRequest  = "bad_request"  // a request the kiosk does not serve
	RefusedProxyHeader = "proxy_header" // a PROXY header from an untrusted address, or a broken one
	refusedOther       = "other"
)

var refusedReasons = []string{RefusedCapacity, RefusedBusy, RefusedPerSource, RefusedTimeout, RefusedBadRequest, RefusedProxyHeader, refusedOther}

// Metrics are the server's Prometheus metrics, in a registry of their own (not
// the process-wide default one), so that several servers can run side by side
// in one process, as the tests do. All methods are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	sessionsActive    prometheus.Gauge
	sessionsTotal     *prometheus.CounterVec
	sessionDuration   prometheus.Histogram
	firstFrame        *prometheus.HistogramVec
	pageViews         *prometheus.CounterVec
	bytesSent         prometheus.Counter
	refused           *prometheus.CounterVec
	handshakeFailures *prometheus.CounterVec
	contentReloads    *prometheus.CounterVec
	sessionPanics     prometheus.Counter
	inputFloods       prometheus.Counter
	clientMetrics     // sessions by client and terminal family: clients.go

	admission atomic.Pointer[admission] // the server's limits and counters, once New has run
}

// admission is what the capacity gauges read.
type admission struct {
	limits  Limits
	limiter *limiter
}

// watchLimits makes the capacity gauges show lim and l's counters.
func (m *Metrics) watchLimits(lim Limits, l *limiter) {
	m.admission.Store(&admission{limits: lim, limiter: l})
}

// capacityGauges are the limits in force and how much of them is taken.
func (m *Metrics) capacityGauges() []prometheus.Collector {
	gauge := func(name, help string, f func(a *admission) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			if a := m.admission.Load(); a != nil {
				return f(a)
			}
			return 0
		})
	}
	return []prometheus.Collector{
		gauge("embassy_memory_budget_bytes", "Bytes open connections may hold, counted by window size (0: no budget).",
			func(a *admission) float64 { return float64(a.limits.MemoryBudget) }),
		gauge("embassy_memory_held_bytes", "Bytes counted against the memory budget now.",
			func(a *admission) float64 { held, _ := a.limiter.memory(); return float64(held) }),
		gauge("embassy_busy_overflow", "Most connections past the budget told busy after the handshake at once; past it they are refused before.",
			func(a *admission) float64 { return float64(a.limits.BusyOverflow) }),
		gauge("embassy_connections_busy", "Connections being told the kiosk is busy now.",
			func(a *admission) float64 { _, busy := a.limiter.memory(); return float64(busy) }),
		gauge("embassy_connections_max", "Most open connections (0: only the memory budget counts).",
			func(a *admission) float64 { return float64(a.limits.MaxConns) }),
		gauge("embassy_connections_open", "Open connections, in the handshake or not.",
			func(a *admission) float64 { total, _, _, _ := a.limiter.counts(); return float64(total) }),
		gauge("embassy_handshakes_max", "Most connections in the SSH handshake at once.",
			func(a *admission) float64 { return float64(a.limits.MaxHandshakes) }),
		gauge("embassy_handshakes_drop_start", "Handshakes in progress from which new connections are refused at random.",
			func(a *admission) float64 { return float64(a.limits.HandshakeDropStart) }),
		gauge("embassy_handshakes_in_progress", "Connections in the SSH handshake now.",
			func(a *admission) float64 { _, hs, _, _ := a.limiter.counts(); return float64(hs) }),
	}
}

// NewMetrics creates the metrics and their registry, with the Go runtime and
// process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		sessionsActive: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embassy_sessions_active",
			Help: "Sessions open now.",
		}),
		sessionsTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_sessions_total",
			Help: "Sessions started, by whether the client asked for a terminal (pty=yes: the UI; no: plain text).",
		}, []string{"pty"}),
		sessionDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "embassy_session_duration_seconds",
			Help:    "How long sessions lasted.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600},
		}),
		firstFrame: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "embassy_first_frame_seconds",
			Help:    "Time from the start of a session to its first write to the client.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"pty"}),
		pageViews: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_page_views_total",
			Help: "Pages shown, by page (a page's name, \"links\" for the directory, \"all\" for the plain-text answer with everything) and language.",
		}, []string{"page", "lang"}),
		bytesSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_bytes_sent_total",
			Help: "Bytes written to sessions (before SSH encryption and framing).",
		}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_connections_refused_total",
			Help: "Connections refused or closed early, by reason: capacity (before the handshake), busy (told so after it), per_source, timeout, bad_request, proxy_header, other.",
		}, []string{"reason"}),
		handshakeFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_handshake_failures_total",
			Help: "Connections that did not complete the SSH handshake, by reason: timeout, closed (the client hung up), protocol.",
		}, []string{"reason"}),
		contentReloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_content_reloads_total",
			Help: "Content reloads, by result: ok, or error (the old content stays).",
		}, []string{"result"}),
		sessionPanics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_session_panics_total",
			Help: "Sessions that panicked: a bug, recovered; only that session ended.",
		}),
		inputFloods: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embassy_input_floods_total",
			Help: "Sessions that went far over their input budget (keys or terminal answers streamed in faster than anyone types): what was over was dropped, and the source penalised.",
		}),
	}
	m.reg.MustRegister(
		m.sessionsActive, m.sessionsTotal, m.sessionDuration, m.firstFrame, m.pageViews,
		m.bytesSent, m.refused, m.handshakeFailures, m.contentReloads, m.sessionPanics, m.inputFloods,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.clientMetrics = newClientMetrics(m.reg)

	m.reg.MustRegister(m.capacityGauges()...)
	// Every series of a bounded label exists from the start, at 0, so that
	// rate() and alerts see the first event.
	for _, r := range refusedReasons {
		m.refused.WithLabelValues(r)
	}
	for _, r := range []string{"timeout", "closed", "protocol"} {
		m.handshakeFailures.WithLabelValues(r)
	}
	for _, r := range []string{"ok", "error"} {
		m.contentReloads.WithLabelValues(r)
	}
	for _, p := range []string{"yes", "no"} {
		m.sessionsTotal.WithLabelValues(p)
		m.firstFrame.WithLabelValues(p)
	}
	return m
}

// Registry is where the metrics are registered, for a caller that wants to
// add its own or gather them.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// SessionPanicked counts a session that panicked.
func (m *Metrics) SessionPanicked() { m.sessionPanics.Inc() }

// Refused counts one connection refused for reason (one of the Refused*
// constants; anything else counts as "other"). The connection limits call it.
func (m *Metrics) Refused(reason string) {
	for _, r := range refusedReasons {
		if r == reason {
			m.refused.WithLabelValues(r).Inc()
			return
		}
	}
	m.refused.WithLabelValues(refusedOther).Inc()
}

// ContentReloaded counts one content reload; err is its result (nil: the new
// content is served).
func (m *Metrics) ContentReloaded(err error) {
	if err != nil {
		m.contentReloads.WithLabelValues("error").Inc()
		return
	}
	m.contentReloads.WithLabelValues("ok").Inc()
}

// PageView counts one page shown in language lang ("en", "es"). page must
// come from the content (a page's name, "links" or "all"), never from what a
// client typed, so that the label stays bounded.
func (m *Metrics) PageView(page, lang string) {
	m.pageViews.WithLabelValues(page, lang).Inc()
}

// handshakeFailed counts a connection that did not become an SSH
// connection. A PROXY header refused by the proxy listener shows up here too,
// as the error of the connection's first read or write.
func (m *Metrics) handshakeFailed(err error) string {
	var ne net.Error
	switch {
	case isProxyError(err):
		m.Refused(RefusedProxyHeader)
		return "proxy_header"
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		m.handshakeFailures.WithLabelValues("timeout").Inc()
		return "timeout"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		m.handshakeFailures.WithLabelValues("closed").Inc()
		return "closed"
	}
	m.handshakeFailures.WithLabelValues("protocol").Inc()
	return "protocol"
}

// isProxyError reports whether err comes from reading a PROXY header: one
// sent by an address not trusted to send it, or one that could not be parsed.
// The SSH library does not always wrap the error it got, so its text is
// checked too: every error of the proxyproto package starts "proxyproto: ".
func isProxyError(err error) bool {
	return errors.Is(err, proxyproto.ErrSuperfluousProxyHeader) ||
		errors.Is(err, proxyproto.ErrNoProxyProtocol) ||
		strings.Contains(err.Error(), "proxyproto: ")
}

// observe is the server option that reports handshake failures, keeping any
// ConnectionFailedCallback set by an option before it.
func (s *Server) observe(srv *ssh.Server) error {
	prev := srv.ConnectionFailedCallback
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		reason := s.metrics.handshakeFailed(err)
		if reason == "proxy_header" {
			s.log.Warn("refused a connection: PROXY header not allowed or malformed", "client", s.clientAddr(conn.RemoteAddr()), "error", err.Error())
		}
		if prev != nil {
			prev(conn, err)
		}
	}
	return nil
}

// measure is the middleware that counts sessions, their duration, the time
// to their first output and the bytes they are sent.
func (s *Server) measure(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, _, hasPty := sess.Pty()
		pty := "no"
		if hasPty {
			pty = "yes"
		}
		m := s.metrics
		m.sessionsTotal.WithLabelValues(pty).Inc()
		m.sessionsActive.Inc()
		ms := &measuredSession{Session: sess, m: m, start: time.Now(), firstFrame: m.firstFrame.WithLabelValues(pty)}
		defer func() {
			// Observed first: whoever sees the session gone from the
			// active count finds its duration counted.
			m.sessionDuration.Observe(time.Since(ms.start).Seconds())
			m.sessionsActive.Dec()
		}()
		next(ms)
	}
}

// measuredSession is a session whose output is counted: every write to
// the client, on stdout or stderr, goes through it.
type measuredSession struct {
	ssh.Session
	m          *Metrics
	start      time.Time
	firstFrame prometheus.Observer
	once       sync.Once
}

func (ms *measuredSession) Write(p []byte) (int, error) {
	n, err := ms.Session.Write(p)
	ms.sent(n)
	return n, err
}

func (ms *measuredSession) Stderr() io.ReadWriter {
	return measuredStderr{ReadWriter: ms.Session.Stderr(), ms: ms}
}

func (ms *measuredSession) sent(n int) {
	if n <= 0 {
		return
	}
	ms.once.Do(func() { ms.firstFrame.Observe(time.Since(ms.start).Seconds()) })
	ms.m.bytesSent.Add(float64(n))
}

type measuredStderr struct {
	io.ReadWriter
	ms *measuredSession
}

func (e measuredStderr) Write(p []byte) (int, error) {
	n, err := e.ReadWriter.Write(p)
	e.ms.sent(n)
	return n, err
}

// plainPageName is the page label of a plain-text answer.
func plainPageName(req request) string {
	switch req.name {
	case "links":
		return "links"
	case "page":
		return req.arg
	case "":
		return "all"
	}
	return ""
}
