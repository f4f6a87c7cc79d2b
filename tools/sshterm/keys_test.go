package sshterm

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestParseKeyScript(t *testing.T) {
	steps, err := ParseKeyScript("1, enter ,wait,G,esc,sleep:20ms,down,comma,space,é,q")
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		kind  StepKind
		bytes string
		dur   time.Duration
	}
	wants := []want{
		{StepSend, "1", 0}, {StepSend, "\r", 0}, {StepWait, "", 0}, {StepSend, "G", 0},
		{StepSend, "\x1b", 0}, {StepSleep, "", 20 * time.Millisecond}, {StepSend, "\x1b[B", 0},
		{StepSend, ",", 0}, {StepSend, " ", 0}, {StepSend, "é", 0}, {StepSend, "q", 0},
	}
	if len(steps) != len(wants) {
		t.Fatalf("got %d steps, want %d: %+v", len(steps), len(wants), steps)
	}
	for i, w := range wants {
		s := steps[i]
		if s.Kind != w.kind || !bytes.Equal(s.Bytes, []byte(w.bytes)) && w.kind == StepSend || s.Duration != w.dur {
			t.Errorf("step %d = %+v, want %+v", i, s, w)
		}
	}
}

func TestParseKeyScriptCaseOfLetters(t *testing.T) {
	steps, err := ParseKeyScript("g,G,ENTER")
	if err != nil {
		t.Fatal(err)
	}
	if string(steps[0].Bytes) != "g" || string(steps[1].Bytes) != "G" || string(steps[2].Bytes) != "\r" {
		t.Errorf("got %q %q %q", steps[0].Bytes, steps[1].Bytes, steps[2].Bytes)
	}
}

func TestParseKeyScriptErrors(t *testing.T) {
	for _, script := range []string{"1,,2", "enterr", "sleep:forever", "sleep:2h", "sleep:-1s", "ab", " , "} {
		if _, err := ParseKeyScript(script); err == nil {
			t.Errorf("ParseKeyScript(%q) succeeded, want an error", script)
		}
	}
	if steps, err := ParseKeyScript("  "); err != nil || steps != nil {
		t.Errorf("empty script = %v, %v; want no steps", steps, err)
	}
}

func TestKeyBytes(t *testing.T) {
	if b, err := KeyBytes("down"); err != nil || string(b) != "\x1b[B" {
		t.Errorf("KeyBytes(down) = %q, %v", b, err)
	}
	for _, bad := range []string{"wait", "j,k", "", "sleep:1s"} {
		if _, err := KeyBytes(bad); err == nil {
			t.Errorf("KeyBytes(%q) succeeded", bad)
		}
	}
	if _, err := KeyBytes("nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("error does not name the token: %v", err)
	}
}
