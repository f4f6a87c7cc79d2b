// Command embassy-slowlink measures a kiosk over emulated slow links
// (package linkemu): for each link profile it runs the real OpenSSH client
// in a pseudo-terminal through the link, and reports the first screen, each
// step of a short visit (a page, G, back, the directory, an entry, quit) and
// a key held on a page: how long the screen takes to settle after the last
// press, and the bytes that went down. Medians of --runs runs.
//
//	embassy-slowlink --addr 127.0.0.1:23234
//	embassy-slowlink --addr 127.0.0.1:23234 --links gprs,edge --runs 1 --json
//
// The target must be on loopback: the links are emulated here, and a real
// network would add its own.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/embassy-kiosk/embassy/tools/loadtest/linkemu"
	"github.com/embassy-kiosk/embassy/tools/loadtest/slowvisit"
	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "embassy-slowlink:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("embassy-slowlink", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:23234", "the kiosk's host:port (loopback)")
	links := fs.String("links", "gprs,edge,3g,satellite,wifi", "link profiles, comma-separated")
	runs := fs.Int("runs", 3, "runs per link; the medians are reported")
	sshCmd := fs.String("ssh", "ssh", "the OpenSSH client")
	width := fs.Int("width", 80, "terminal width")
	height := fs.Int("height", 24, "terminal height")
	term := fs.String("term", "xterm-256color", "TERM")
	expect := fs.String("expect", "Press a number", "text of the first screen")
	directory := fs.String("directory", "4", "the key that opens the directory from home (3 before the Key dates page)")
	hold := slowvisit.DefaultHold
	fs.StringVar(&hold.Page, "hold-page", hold.Page, "the key that opens the page a key is held on")
	fs.StringVar(&hold.Key, "hold-key", hold.Key, "the key held (a key script token: pgdown, space, j)")
	fs.IntVar(&hold.Presses, "presses", hold.Presses, "presses of the held key")
	fs.Float64Var(&hold.PerSecond, "rate", hold.PerSecond, "presses a second")
	timeout := fs.Duration("session-timeout", 2*time.Minute, "bound on one session")
	asJSON := fs.Bool("json", false, "print every run as JSON instead of the table")
	trace := fs.Bool("trace", false, "log every read of the terminal, timed, on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *runs < 1 || *runs > 20 {
		return fmt.Errorf("--runs %d: want 1 to 20", *runs)
	}
	target, err := sshterm.ResolveTarget(context.Background(), *addr, false)
	if err != nil {
		return err
	}
	version, err := slowvisit.CheckClient(*sshCmd)
	if err != nil {
		return err
	}
	profiles, err := lookupProfiles(*links)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "client: %s; kiosk: %s; %d run(s) per link\n", version, target, *runs)

	steps := visitSteps(*directory)
	base := slowvisit.Config{
		SSH: *sshCmd, Target: target.String(),
		Width: *width, Height: *height, Term: *term,
		Env:     []string{"LANG=C.UTF-8"},
		Expect:  *expect,
		Timeout: *timeout,
	}
	if err := slowvisit.Warm(base, hold); err != nil {
		return err
	}
	all := map[string][]slowvisit.Result{}
	for _, p := range profiles {
		for i := range *runs {
			fmt.Fprintf(stderr, "%s, run %d\n", p, i+1)
			cfg := base
			cfg.Link, cfg.Quiet = p, slowvisit.QuietFor(p)
			if *trace {
				cfg.Trace = stderr
			}
			r, err := slowvisit.Run(cfg, steps, hold, stderr)
			if err != nil {
				return err
			}
			all[p.Name] = append(all[p.Name], r)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	printTable(stdout, profiles, all, steps, hold, *runs)
	return nil
}

// lookupProfiles is the link profiles named in a comma-separated list.
func lookupProfiles(list string) ([]linkemu.Profile, error) {
	var profiles []linkemu.Profile
	for _, name := range strings.Split(list, ",") {
		p, err := linkemu.Lookup(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		profiles = append(profiles, p)
	}
	return profiles, nil
}

// visitSteps is the visit's steps, the directory opened by key directory.
func visitSteps(directory string) []slowvisit.Step {
	steps := slices.Clone(slowvisit.VisitSteps)
	for i := range steps {
		if steps[i].Name == "directory" {
			steps[i].Key = directory
		}
	}
	return steps
}

func printTable(w io.Writer, profiles []linkemu.Profile, all map[string][]slowvisit.Result, steps []slowvisit.Step, hold slowvisit.Hold, runs int) {
	sec := func(d float64) string { return fmt.Sprintf("%.2f s", d/float64(time.Second)) }
	kb := func(b float64) string { return fmt.Sprintf("%.1f KB", b/1000) }
	fmt.Fprintf(w, "Medians of %d run(s). Times: key written into the terminal → last byte of the answer.\n\n", runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "link (RTT, down/up)\tfirst screen\tround trips\tdown/up before it")
	entry := 0
	for i, st := range steps {
		fmt.Fprintf(tw, "\t%s", st.Name)
		if st.Name == "entry" {
			entry = i
		}
	}
	fmt.Fprintf(tw, "\tvisit in all\tentry down\t%s held: settles\tdown\n", hold.Key)
	for _, p := range profiles {
		rs := all[p.Name]
		med := func(f func(slowvisit.Result) float64) float64 { return slowvisit.Median(rs, f) }
		first := med(func(r slowvisit.Result) float64 { return float64(r.First.Wait) })
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%s / %s", p, sec(first), first/float64(p.RTT),
			kb(med(func(r slowvisit.Result) float64 { return float64(r.First.Down) })),
			kb(med(func(r slowvisit.Result) float64 { return float64(r.First.Up) })))
		for i := range steps {
			fmt.Fprintf(tw, "\t%s", sec(med(func(r slowvisit.Result) float64 { return float64(r.Steps[i].Wait) })))
		}
		fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\n",
			sec(med(func(r slowvisit.Result) float64 { return float64(r.Total()) })),
			kb(med(func(r slowvisit.Result) float64 { return float64(r.Steps[entry].Down) })),
			sec(med(func(r slowvisit.Result) float64 { return float64(r.Held.Wait) })),
			kb(med(func(r slowvisit.Result) float64 { return float64(r.Held.Down) })))
	}
	_ = tw.Flush()
}
