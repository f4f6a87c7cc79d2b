package sshterm

import (
	"context"
	"net/netip"
	"strings"
	"testing"
)

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1":        true,
		"127.255.255.254":  true,
		"127.1.2.3":        true,
		"::1":              true,
		"::ffff:127.0.0.1": true,
		"0.0.0.0":          false,
		"::":               false,
		"10.0.0.1":         false,
		"192.168.1.1":      false,
		"128.0.0.1":        false,
		"8.8.8.8":          false,
		"::2":              false,
		"fe80::1":          false,
		"::ffff:10.0.0.1":  false,
	} {
		if got := IsLoopback(netip.MustParseAddr(addr)); got != want {
			t.Errorf("IsLoopback(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestResolveTarget(t *testing.T) {
	ctx := context.Background()
	got, err := ResolveTarget(ctx, "127.0.0.9:2222", false)
	if err != nil || got.String() != "127.0.0.9:2222" {
		t.Errorf("loopback v4: %v, %v", got, err)
	}
	got, err = ResolveTarget(ctx, "[::1]:22", false)
	if err != nil || got.String() != "[::1]:22" {
		t.Errorf("loopback v6: %v, %v", got, err)
	}
	got, err = ResolveTarget(ctx, "[::ffff:127.0.0.1]:22", false)
	if err != nil || got.String() != "127.0.0.1:22" {
		t.Errorf("mapped: %v, %v", got, err)
	}
	for _, addr := range []string{"10.1.2.3:22", "0.0.0.0:22", "[::]:22", "192.168.0.1:22", "93.184.216.34:22"} {
		_, err := ResolveTarget(ctx, addr, false)
		if err == nil || !strings.Contains(err.Error(), "--allow-remote") {
			t.Errorf("ResolveTarget(%s) = %v, want a refusal naming --allow-remote", addr, err)
		}
	}
	if got, err := ResolveTarget(ctx, "10.1.2.3:22", true); err != nil || got.String() != "10.1.2.3:22" {
		t.Errorf("allow-remote: %v, %v", got, err)
	}
	for _, addr := range []string{"127.0.0.1", "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:nope"} {
		if _, err := ResolveTarget(ctx, addr, false); err == nil {
			t.Errorf("ResolveTarget(%q) succeeded, want an error", addr)
		}
	}
}

func TestSourceAddr(t *testing.T) {
	if a := SourceAddr(5, 1); a != nil {
		t.Errorf("one source: %v, want nil", a)
	}
	for _, tt := range []struct {
		i, n int
		want string
	}{
		{0, 10, "127.0.0.1"}, {9, 10, "127.0.0.10"}, {10, 10, "127.0.0.1"},
		{254, 1000, "127.0.0.255"}, {255, 1000, "127.0.1.0"}, {999, 1000, "127.0.3.232"},
	} {
		if got := SourceAddr(tt.i, tt.n).IP.String(); got != tt.want {
			t.Errorf("SourceAddr(%d, %d) = %s, want %s", tt.i, tt.n, got, tt.want)
		}
	}
}
