package loadtest_test

import (
	"testing"

	"github.com/embassy-kiosk/embassy/tools/loadtest"
	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

func TestDefaultTourKeysParse(t *testing.T) {
	steps, err := sshterm.ParseKeyScript(loadtest.DefaultTourKeys)
	if err != nil {
		t.Fatal(err)
	}
	if last := steps[len(steps)-1]; string(last.Bytes) != "q" {
		t.Errorf("default tour ends with %q, want q", last.Token)
	}
}
