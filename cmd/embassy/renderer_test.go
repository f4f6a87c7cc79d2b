package main

import (
	"io"
	"strings"
	"testing"
)

func TestRendererFlag(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"immediate", "bubbletea"} {
		cfg, _, err := parseConfig([]string{"--renderer", v}, env(nil), io.Discard)
		if err != nil || cfg.renderer != v {
			t.Errorf("--renderer %s: %v, renderer %q", v, err, cfg.renderer)
		}
	}
	cfg, _, err := parseConfig(nil, env(map[string]string{"EMBASSY_RENDERER": "bubbletea"}), io.Discard)
	if err != nil || cfg.renderer != "bubbletea" {
		t.Errorf("EMBASSY_RENDERER: %v, renderer %q", err, cfg.renderer)
	}
	if cfg, _, _ := parseConfig(nil, env(nil), io.Discard); cfg.renderer != "immediate" {
		t.Errorf("default renderer %q, want immediate", cfg.renderer)
	}
	_, _, err = parseConfig([]string{"--renderer", "fast"}, env(nil), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "fast") || exitCode(err) != 2 {
		t.Errorf("--renderer fast: %v, want a usage error naming it", err)
	}
}
