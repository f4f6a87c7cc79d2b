package slowvisit

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/embassy-kiosk/embassy/tools/loadtest/linkemu"
	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

// Step is one step of a visit: a name, and the key (a key script token).
type Step struct{ Name, Key string }

// VisitSteps is the short visit of issue 15: home, a page, its end, back,
// the directory (menu entry 4 since the Key dates page came), an entry
// (with its QR code), quit.
var VisitSteps = []Step{
	{"page", "1"},
	{"G", "G"},
	{"back", "esc"},
	{"directory", "4"},
	{"entry", "enter"},
	{"quit", "q"},
}

// Result is one run on one link: the short visit, then, in a second
// session, a key held on a page.
type Result struct {
	Link  string
	First Wait   // the first screen, from the client's start
	Steps []Wait // VisitSteps, in order
	Held  Wait   // from the last press; its bytes from the first
}

// Total is what the visit waited in all: first screen and every step.
func (r Result) Total() time.Duration {
	t := r.First.Wait
	for _, w := range r.Steps {
		t += w.Wait
	}
	return t
}

// Hold is how a key is held: Presses presses of Key at PerSecond, on the
// page that the key Page opens.
type Hold struct {
	Page      string
	Key       string
	Presses   int
	PerSecond float64
}

// DefaultHold is issue 15's: PgDn held 2 s at 30 presses a second, on the
// first page.
var DefaultHold = Hold{Page: "1", Key: "pgdown", Presses: 60, PerSecond: 30}

// Run measures one visit (steps) and one held key on cfg's link.
func Run(cfg Config, steps []Step, hold Hold, log io.Writer) (Result, error) {
	res := Result{Link: cfg.Link.Name}
	s, first, err := Open(cfg)
	if err != nil {
		return res, fmt.Errorf("%s: first screen: %w", cfg.Link.Name, err)
	}
	res.First = first
	fmt.Fprintf(log, "  %-9s home %v\n", cfg.Link.Name, first.Wait.Round(time.Millisecond))
	for _, st := range steps {
		keys, err := sshterm.KeyBytes(st.Key)
		if err != nil {
			s.Close()
			return res, err
		}
		w, err := s.Step(st.Name, keys)
		if err != nil {
			s.Close()
			return res, fmt.Errorf("%s: %w", cfg.Link.Name, err)
		}
		fmt.Fprintf(log, "  %-9s %s %v %d B\n", cfg.Link.Name, st.Name, w.Wait.Round(time.Millisecond), w.Down)
		res.Steps = append(res.Steps, w)
	}
	s.Ended(cfg.Timeout)
	s.Close()

	s, _, err = Open(cfg)
	if err != nil {
		return res, fmt.Errorf("%s: second session: %w", cfg.Link.Name, err)
	}
	defer s.Close()
	page, err := sshterm.KeyBytes(hold.Page)
	if err != nil {
		return res, err
	}
	if _, err := s.Step("page", page); err != nil {
		return res, fmt.Errorf("%s: %w", cfg.Link.Name, err)
	}
	key, err := sshterm.KeyBytes(hold.Key)
	if err != nil {
		return res, err
	}
	res.Held, err = s.Hold("held "+hold.Key, key, hold.Presses, hold.PerSecond)
	if err != nil {
		return res, fmt.Errorf("%s: %w", cfg.Link.Name, err)
	}
	fmt.Fprintf(log, "  %-9s held %v %d B\n", cfg.Link.Name, res.Held.Wait.Round(time.Millisecond), res.Held.Down)
	q, _ := sshterm.KeyBytes("q")
	s.write(q)
	s.Ended(cfg.Timeout)
	return res, nil
}

// Warm opens the page the key is held on once, unmeasured, over a fast
// link, so that no run pays for the kiosk's first rendering of it (which a
// kiosk that has run for a while has cached).
func Warm(cfg Config, hold Hold) error {
	cfg.Link = linkemu.Profile{Name: "warm-up", Down: 1e9, Up: 1e9}
	cfg.Quiet = QuietFor(cfg.Link)
	s, _, err := Open(cfg)
	if err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	defer s.Close()
	page, err := sshterm.KeyBytes(hold.Page)
	if err != nil {
		return err
	}
	if _, err := s.Step("page", page); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	return nil
}

// Median is the run whose value of f is the median (the lower of the two
// middle ones for an even count).
func Median(runs []Result, f func(Result) float64) float64 {
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	return v[(len(v)-1)/2]
}
