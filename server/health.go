package server

import (
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"
)

// opsState is what readiness is made of.
type opsState struct {
	serving  atomic.Bool // Serve is accepting connections
	draining atomic.Bool // Drain or Shutdown was called
}

// Ready reports whether the server should get new visitors: its content is
// loaded, it is accepting connections, and it is not draining. When it is
// not, why says why.
func (s *Server) Ready() (ok bool, why string) {
	switch {
	case s.Library() == nil:
		return false, "no content loaded"
	case s.ops.draining.Load():
		return false, "draining"
	case !s.ops.serving.Load():
		return false, "not accepting connections"
	}
	return true, "ready"
}

// Drain turns readiness false, so that load balancers stop sending new
// visitors, without closing anything yet: Shutdown does that. Calling it
// more than once is harmless.
func (s *Server) Drain() {
	if !s.ops.draining.Swap(true) {
		s.log.Info("draining: readiness is now false")
	}
}

// Metrics are the server's metrics, for the hardening and content-reload
// code to report to and for the operations listener to serve.
func (s *Server) Metrics() *Metrics { return s.metrics }

// OpsHandler serves the operator's endpoints, meant for a listener that
// visitors cannot reach:
//
//	/metrics  Prometheus metrics
//	/healthz  200 while the process is alive
//	/readyz   200 when the server should get new visitors, else 503
func (s *Server) OpsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ok, why := s.Ready()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_, _ = io.WriteString(w, why+"\n")
	})
	return mux
}

// NewOpsServer is an HTTP server for OpsHandler with timeouts, so that a
// slow client cannot hold its connections open.
func (s *Server) NewOpsServer() *http.Server {
	return &http.Server{
		Handler:           s.OpsHandler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
		// net/http's own complaints go to the server's log, in its format,
		// not to the log package's plain text on stderr.
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}
