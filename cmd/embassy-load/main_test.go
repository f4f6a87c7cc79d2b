package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func TestRunRefusesBadInput(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "10.0.0.1:22"}, "--allow-remote"},
		{[]string{"--addr", "0.0.0.0:22"}, "not loopback"},
		{[]string{"--mode", "storm"}, "mode"},
		{[]string{"-n", "0"}, "-n"},
		{[]string{"-n", "1000000"}, "-n"},
		{[]string{"--timeout", "0s"}, "--timeout"},
		{[]string{"--tour-keys", "1,,q"}, "--tour-keys"},
		{[]string{"--env", "NOEQUALS"}, "--env"},
		{[]string{"--addr", "[::1]:22", "--sources", "4"}, "IPv4"},
		{[]string{"stray"}, "unexpected"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tt.args, os.Getenv, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
}
