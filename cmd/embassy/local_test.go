package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestBoothSettings(t *testing.T) {
	t.Parallel()
	cfg, _, err := parseConfig(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := boothConfig{resetAfter: 90 * time.Second, attractAfter: 60 * time.Second, publicAddress: "embassy.example", lang: "en"}
	if cfg.booth != want {
		t.Errorf("defaults %+v, want %+v", cfg.booth, want)
	}
	if sshAttractAfter(cfg) != 0 {
		t.Error("SSH sessions show the attract loop without --attract")
	}

	cfg, _, err = parseConfig([]string{"--attract", "--reset-after", "0"}, env(map[string]string{
		"EMBASSY_ALLOW_QUIT": "true", "EMBASSY_RESET_AFTER": "2m", "EMBASSY_ATTRACT_AFTER": "5s",
		"EMBASSY_PUBLIC_ADDRESS": "kiosk.example.org:2222", "EMBASSY_LANG": "es",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want = boothConfig{allowQuit: true, resetAfter: 0, attract: true, attractAfter: 5 * time.Second, publicAddress: "kiosk.example.org:2222", lang: "es"}
	if cfg.booth != want {
		t.Errorf("from the environment and flags: %+v, want %+v", cfg.booth, want)
	}
	if sshAttractAfter(cfg) != 5*time.Second {
		t.Errorf("with --attract SSH sessions wait %s", sshAttractAfter(cfg))
	}

	for _, args := range [][]string{
		{"--lang", "fr"},
		{"--reset-after", "-1s"},
		{"--attract-after", "-1s"},
		{"--public-address", "ssh embassy.example"},
		{"--public-address", "embassy.example:99999"},
		{"--public-address", "embassy.example:0"},
		{"--public-address", ""},
	} {
		_, _, err := parseConfig(args, env(nil), io.Discard)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%q: %v (exit %d), want a usage error naming the flag", args, err, exitCode(err))
		}
	}
}

func TestSSHCommand(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ public, listen, want string }{
		{"embassy.example", ":23234", "ssh -p 23234 embassy.example"},
		{"embassy.example", ":22", "ssh embassy.example"},
		{"embassy.example", "0.0.0.0:0", "ssh embassy.example"},
		{"embassy.example:22", ":23234", "ssh embassy.example"},
		{"embassy.example:2222", ":23234", "ssh -p 2222 embassy.example"},
		{"192.0.2.7", "[::]:22", "ssh 192.0.2.7"},
		{"[2001:db8::7]:2222", ":22", "ssh -p 2222 2001:db8::7"},
		{"2001:db8::7", ":2200", "ssh -p 2200 2001:db8::7"},
	} {
		if got := sshCommand(tt.public, tt.listen); got != tt.want {
			t.Errorf("sshCommand(%q, %q) = %q, want %q", tt.public, tt.listen, got, tt.want)
		}
	}
}

func TestLocalNeedsATerminal(t *testing.T) {
	t.Parallel()
	var stdout syncBuffer
	err := runFor(t, []string{"local"}, env(nil), &stdout, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "terminal") {
		t.Errorf("embassy local with output to a buffer: %v, want an error about the terminal", err)
	}
	if stdout.String() != "" {
		t.Errorf("it wrote %q", stdout.String())
	}
	// A bad setting is a usage error, found before the terminal is looked at.
	if err := runFor(t, []string{"local", "--lang", "xx"}, env(nil), &stdout, io.Discard); err == nil || exitCode(err) != 2 {
		t.Errorf("a bad --lang: %v", err)
	}
}
