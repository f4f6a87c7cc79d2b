package server

import (
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// What the kiosk keeps of a visitor's SSH client and terminal. A client's
// version string ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6") and TERM,
// beside a /24 and a time, narrow a visitor down far more than the /24
// alone; so by default the logs keep neither, and the metrics count only
// their family, from short fixed lists (bounded label values). The operator
// may log them whole with --log-client-details (Config.LogClientDetails).

// clientFamilies are the values of the "client" label: a version string's
// software is matched by prefix, case-insensitively; anything else is
// "other".
var clientFamilies = []struct{ prefix, family string }{
	{"openssh", "openssh"},
	{"putty", "putty"},
	{"plink", "putty"},
	{"dropbear", "dropbear"},
	{"paramiko", "paramiko"},
	{"asyncssh", "asyncssh"},
	{"libssh", "libssh"}, // libssh and libssh2
	{"go", "go"},         // golang.org/x/crypto/ssh: "SSH-2.0-Go"
	{"jsch", "java"},
	{"sshj", "java"},
	{"mina", "java"},
	{"winscp", "winscp"},
	{"russh", "russh"},
	{"thrussh", "russh"},
	{"securecrt", "securecrt"},
	{"termius", "termius"},
}

// clientFamily is the family of an SSH version string.
func clientFamily(version string) string {
	_, soft, ok := strings.Cut(version, "SSH-2.0-")
	if !ok {
		_, soft, ok = strings.Cut(version, "SSH-1.99-")
	}
	if !ok {
		return "other"
	}
	soft = strings.ToLower(soft)
	for _, f := range clientFamilies {
		if strings.HasPrefix(soft, f.prefix) {
			return f.family
		}
	}
	return "other"
}

// termFamilies are the values of the "term" label, matched by prefix:
// "xterm-256color" and "xterm-kitty" are xterm, "screen.xterm-256color" is
// screen. An empty TERM is "none" (the client did not say); no PTY is
// "no_pty".
var termFamilies = []string{"xterm", "screen", "tmux", "vt", "linux", "rxvt", "putty", "alacritty", "foot", "wezterm", "ansi", "dumb", "cygwin", "konsole", "gnome", "st", "eterm"}

// termFamily is the family of a TERM value.
func termFamily(term string, hasPty bool) string {
	if !hasPty {
		return "no_pty"
	}
	if term == "" {
		return "none"
	}
	term = strings.ToLower(term)
	for _, f := range termFamilies {
		if strings.HasPrefix(term, f) {
			return f
		}
	}
	return "other"
}

// clientMetrics counts sessions by client and terminal family.
type clientMetrics struct {
	clients *prometheus.CounterVec
	terms   *prometheus.CounterVec
}

func newClientMetrics(reg prometheus.Registerer) clientMetrics {
	m := clientMetrics{
		clients: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_sessions_by_client_total",
			Help: "Sessions started, by SSH client family (openssh, putty, dropbear, paramiko, ..., other); the version string itself is not kept.",
		}, []string{"client"}),
		terms: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embassy_sessions_by_term_total",
			Help: "Sessions started, by terminal family (xterm, screen, tmux, vt, linux, ..., none, no_pty, other); TERM itself is not kept.",
		}, []string{"term"}),
	}
	reg.MustRegister(m.clients, m.terms)
	seen := map[string]bool{}
	for _, f := range clientFamilies {
		if !seen[f.family] {
			seen[f.family] = true
			m.clients.WithLabelValues(f.family)
		}
	}
	m.clients.WithLabelValues("other")
	for _, f := range append(termFamilies, "none", "no_pty", "other") {
		m.terms.WithLabelValues(f)
	}
	return m
}

// sessionStarted counts one session's client and terminal families.
func (m clientMetrics) sessionStarted(version, term string, hasPty bool) {
	m.clients.WithLabelValues(clientFamily(version)).Inc()
	m.terms.WithLabelValues(termFamily(term, hasPty)).Inc()
}
