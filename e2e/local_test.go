package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embassy-kiosk/embassy/internal/testkit"
)

// embassy local in tmux: the booth shows the home screen in its own
// terminal, refuses q, goes to the attract loop when left alone, comes back
// home on a key without acting on it, and stops on Ctrl+C twice.
func TestBoothInTmux(t *testing.T) {
	need(t, "tmux")
	touchOnce.Do(touchSources)
	tm := runInTerminal(t, 80, 24, bin+" local --attract-after 3s --reset-after 0 --public-address kiosk.example:2222; echo booth ended: $?")
	home := tm.waitFor("Embassy of the Argentine Republic in South Africa", "Press a number", "? help")
	if strings.Contains(home, "quit") {
		t.Errorf("the booth offers a quit key:\n%s", home)
	}
	tm.keys("q")
	tm.keys("1")
	tm.waitFor("Fostering human rights is a central aspect")
	tm.keys("Escape")
	tm.waitFor("Press a number")

	// Left alone, the attract loop; a key there returns home and does not
	// open page 2.
	tm.waitFor("Press any key to start")
	tm.keys("2")
	back := tm.waitFor("Press a number")
	if strings.Contains(back, "model for the world") || strings.Contains(back, "Press any key to start") {
		t.Errorf("a key on the attract loop should only return home:\n%s", back)
	}

	// The loop's last card tells how to connect; wait for it.
	tm.waitForLong("ssh -p 2222 kiosk.example")
	tm.keys("x")
	tm.waitFor("Press a number")

	tm.keys("C-c")
	tm.waitFor("Press Ctrl+C again within 3 s to quit.")
	tm.keys("C-c")
	end := tm.waitFor("Thank you for visiting", "booth ended: 0")
	if strings.Contains(end, "Press a number") {
		t.Errorf("after Ctrl+C twice the booth's screen should be gone:\n%s", end)
	}
}

// The booth starts over for the next visitor, after a countdown.
func TestBoothStartsOverInTmux(t *testing.T) {
	need(t, "tmux")
	touchOnce.Do(touchSources)
	tm := runInTerminal(t, 40, 12, bin+" local --attract-after 0 --reset-after 4s")
	tm.waitFor("Embassy of Argentina, South Africa", "▸ 1", "? help")
	tm.keys("1")
	tm.waitFor("Fostering human")
	tm.waitFor("Starting over in ", "Press any key.")
	tm.waitFor("▸ 1", "Argentina´s Leadership")
}

// waitForLong is waitFor for what takes a whole attract loop to come round.
func (tm *terminal) waitForLong(text string) string {
	tm.t.Helper()
	for range 4 {
		s := tm.screen()
		if strings.Contains(s, text) {
			return s
		}
		tm.waitChange(s)
	}
	return tm.waitFor(text)
}

// A booth on a terminal that shows no colour (a vt100) is sent none, from
// its first frame on: the booth reads its own terminal's environment as
// the server reads a visitor's.
func TestBoothOnAVT100SendsNoColour(t *testing.T) {
	need(t, "tmux")
	need(t, "script")
	touchOnce.Do(touchSources)
	typescript := filepath.Join(t.TempDir(), "typescript")
	tm := runInTerminal(t, 80, 24, "TERM=vt100 script -q -f -c '"+bin+" local --attract-after 0 --reset-after 0' "+typescript)
	tm.waitFor("Press a number", "> 1")
	tm.keys("1")
	tm.waitFor("Fostering human rights is a central aspect")
	tm.keys("C-c")
	tm.keys("C-c")
	tm.waitFor("Thank you for visiting")
	out, err := os.ReadFile(typescript)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "Fostering human rights") {
		t.Fatalf("the typescript does not hold the booth's output:\n%q", out)
	}
	if sgr := testkit.ColourCodes(string(out)); sgr != "" {
		t.Fatalf("a vt100 booth was sent a colour: %q", sgr)
	}
}
