package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The deploy/ files for Prometheus and Grafana, met by the real tools and a
// real kiosk.
const (
	alertRules = "../deploy/prometheus/alerts.yml"
	alertTests = "../deploy/prometheus/alerts_test.yml"
	promConfig = "../deploy/prometheus/prometheus.yml"
	dashboard  = "../deploy/grafana/embassy.json"
)

func promtool(t *testing.T, stdin io.Reader, args ...string) string {
	t.Helper()
	cmd := exec.Command("promtool", args...)
	cmd.Stdin = stdin
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestAlertRulesWithPromtool(t *testing.T) {
	need(t, "promtool")
	promtool(t, nil, "check", "rules", alertRules)
	promtool(t, nil, "check", "config", promConfig)
	// Each alert fires when it should and not before (alerts_test.yml).
	if out := promtool(t, nil, "test", "rules", alertTests); !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool test rules:\n%s", out)
	}
}

// scrape runs a kiosk with its metrics listener, visits it with and
// without a terminal, and returns its /metrics.
func scrape(t *testing.T) string {
	t.Helper()
	need(t, "ssh")
	metrics := freeAddr(t)
	p := startProcess(t, nil, append(dataFlags(t), "--metrics", metrics)...)
	if out, err := exec.Command("ssh", append(sshArgs(p.Port), "-T", "visitor@127.0.0.1", "links")...).CombinedOutput(); err != nil {
		t.Fatalf("ssh links: %v\n%s", err, out)
	}
	resp, err := http.Get("http://" + metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /metrics: %v %v", resp.Status, err)
	}
	return string(b)
}

func TestMetricsPassPromtool(t *testing.T) {
	need(t, "promtool")
	text := scrape(t)
	if out := promtool(t, strings.NewReader(text), "check", "metrics"); strings.TrimSpace(out) != "" {
		t.Errorf("promtool check metrics found problems:\n%s", out)
	}
}

// Every metric the alerts and the dashboard ask for is one the kiosk
// exports (a renamed metric would leave a silent alert, an empty panel).
func TestAlertsAndDashboardUseMetricsThatExist(t *testing.T) {
	text := scrape(t)
	exported := map[string]bool{"up": true} // Prometheus's own
	for _, line := range strings.Split(text, "\n") {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name = strings.Fields(name)[0]
			exported[name] = true
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				exported[name+suffix] = true
			}
		}
	}
	var exprs []string
	rules, err := os.ReadFile(alertRules)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^\s+expr: (.+)$`).FindAllStringSubmatch(string(rules), -1) {
		exprs = append(exprs, m[1])
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	b, err := os.ReadFile(dashboard)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("%s: %v", dashboard, err)
	}
	for _, p := range dash.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("dashboard panel %q has no query", p.Title)
		}
		for _, q := range p.Targets {
			exprs = append(exprs, q.Expr)
		}
	}
	if len(exprs) < 10 {
		t.Fatalf("only %d queries found", len(exprs))
	}
	metric := regexp.MustCompile(`\b(embassy|process|go)_[a-z_]+\b|\bup\b`)
	for _, e := range exprs {
		names := metric.FindAllString(e, -1)
		if len(names) == 0 {
			t.Errorf("no metric in %q", e)
		}
		for _, n := range names {
			if !exported[n] {
				t.Errorf("%q asks for %s, which the kiosk does not export", e, n)
			}
		}
	}
}
