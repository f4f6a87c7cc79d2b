package main

import (
	"io"
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/embassy-kiosk/embassy/server"
)

func TestLimitFlags(t *testing.T) {
	env := map[string]string{"EMBASSY_MAX_CONNS": "50", "EMBASSY_IDLE_TIMEOUT": "5m"}
	cfg, _, err := parseConfig([]string{"--max-per-source", "40", "--exempt", "192.0.2.7, 2001:db8::/48", "--memory-budget", "1536MiB"},
		func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.maxConns != 50 || cfg.maxPerSource != 40 || cfg.idleTimeout != 5*time.Minute || cfg.memoryBudget != 1536<<20 {
		t.Errorf("config = %+v", cfg)
	}
	got, _ := server.ParseNetworks(cfg.exempt)
	want := []netip.Prefix{netip.MustParsePrefix("192.0.2.7/32"), netip.MustParsePrefix("2001:db8::/48")}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("exempt = %v", got)
	}
	for _, bad := range [][]string{{"--max-conns", "-1"}, {"--max-handshakes", "-5"}, {"--memory-budget", "lots"}, {"--memory-budget", "0"}, {"--max-per-source", "-1"}, {"--idle-timeout", "0s"}, {"--exempt", "example.org"}} {
		if _, _, err := parseConfig(bad, func(string) string { return "" }, io.Discard); exitCode(err) != 2 {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
}

// The limits in force are told at start-up and on /metrics: sized from
// the machine where no flag says otherwise (here GOMEMLIMIT sets the
// budget: 3/4 of 512 MiB less 32 MiB), the flag's value where one does.
func TestLimitsReportedAtStartAndOnMetrics(t *testing.T) {
	p := startProcess(t, []string{"GOMEMLIMIT=512MiB"}, "--max-handshakes", "90")
	limits := regexp.MustCompile(`"msg":"limits".*`).FindString(p.Stderr.String())
	for _, want := range []string{`"memory_budget":"352 MiB"`, `"budget_from":"GOMEMLIMIT"`, `"max_handshakes":90`, `"handshake_drop_start":30`, `"visitors_at_80x24":489`} {
		if !strings.Contains(limits, want) {
			t.Errorf("start-up limits line lacks %s: %s", want, limits)
		}
	}
	resp, err := http.Get("http://" + p.opsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		"embassy_memory_budget_bytes " + strconv.FormatFloat(352<<20, 'g', -1, 64),
		"embassy_handshakes_max 90", "embassy_handshakes_drop_start 30",
		"embassy_memory_held_bytes 0", "embassy_connections_open 0",
	} {
		if !strings.Contains(string(body), "\n"+want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
