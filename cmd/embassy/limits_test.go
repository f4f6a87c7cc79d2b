package main

import (
	"io"
	"net/netip"
	"testing"
	"time"
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
	got, _ := parsePrefixes(cfg.exempt)
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
