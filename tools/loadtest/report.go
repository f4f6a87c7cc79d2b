package loadtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// maxErrors is how many distinct error strings a report keeps.
const maxErrors = 5

// Report is the outcome of one run. Times are in milliseconds, sizes in
// bytes unless the name says otherwise. Latency and byte figures are taken
// over the sessions that succeeded.
type Report struct {
	Config    RunConfig     `json:"config"`
	Started   time.Time     `json:"started"`
	Elapsed   time.Duration `json:"-"`
	ElapsedMS float64       `json:"elapsed_ms"`
	TimedOut  bool          `json:"timed_out"`

	Sessions int          `json:"sessions"` // attempted
	OK       int          `json:"ok"`
	Failed   int          `json:"failed"` // including sessions never started
	Busy     int          `json:"busy"`   // told the server was busy (Config.Busy): neither ok nor failed
	Errors   []ErrorCount `json:"errors,omitempty"`

	HandshakeMS       Summary `json:"handshake_ms"`
	FirstFrameDialMS  Summary `json:"first_frame_from_dial_ms"`
	FirstFrameShellMS Summary `json:"first_frame_from_shell_ms"`
	FirstFrameBytes   Summary `json:"first_frame_bytes"`      // session stdout
	FirstFrameWire    Summary `json:"first_frame_wire_bytes"` // raw TCP both ways, handshake included
	HandshakeWire     Summary `json:"handshake_wire_bytes"`   // raw TCP both ways
	NeverQuiet        int     `json:"first_frame_never_quiet"`

	KeyBytes     Summary `json:"key_bytes"`
	KeyLatencyMS Summary `json:"key_latency_ms"`
	KeySilent    int     `json:"keys_unanswered"`

	TourBytes Summary `json:"tour_bytes"`      // session stdout, whole session (tour mode)
	TourWire  Summary `json:"tour_wire_bytes"` // raw TCP both ways, whole connection (tour mode)

	IdleWindowMS float64 `json:"idle_window_ms,omitempty"`
	IdleBytes    Summary `json:"idle_bytes"`
	OpenPhaseMS  float64 `json:"open_phase_ms,omitempty"`
	ClosePhaseMS float64 `json:"close_phase_ms,omitempty"`

	SessionWire Summary `json:"session_wire_bytes"` // raw TCP both ways, whole connection
	StderrBytes int64   `json:"stderr_bytes"`

	// Repainted counts sessions that cleared the whole screen more than once
	// (a full repaint, e.g. when a program handles its first window size
	// after it has already drawn).
	Repainted int `json:"sessions_repainted"`

	// Queries counts the terminal queries the server sent, over all sessions.
	Queries map[string]int `json:"terminal_queries"`

	Flood       *FloodReport  `json:"flood,omitempty"` // flood mode (flood.go)
	Server      *ServerReport `json:"server,omitempty"`
	ClientCPUMS float64       `json:"client_cpu_ms"`
}

// RunConfig is the part of Config a report repeats.
type RunConfig struct {
	Target      string `json:"target"`
	Mode        Mode   `json:"mode"`
	N           int    `json:"n"`
	Concurrency int    `json:"concurrency"`
	Sources     int    `json:"sources"`
	Size        string `json:"size"`
	Term        string `json:"term"`
	Expect      string `json:"expect"`
	QuietMS     int64  `json:"quiet_ms"`
	JitterMS    int64  `json:"jitter_ms"`
	Key         string `json:"key,omitempty"`
	TourKeys    string `json:"tour_keys,omitempty"`
}

func reportConfig(c Config, target string) RunConfig {
	rc := RunConfig{
		Target: target, Mode: c.Mode, N: c.N, Concurrency: c.Concurrency, Sources: c.Sources,
		Size: fmt.Sprintf("%dx%d", c.Width, c.Height), Term: c.Term, Expect: c.Expect,
		QuietMS: c.Quiet.Milliseconds(), JitterMS: c.Jitter.Milliseconds(),
	}
	switch c.Mode {
	case ModeFirstFrame:
		if c.Keys > 0 {
			rc.Key = c.Key
		}
	case ModeTour:
		rc.TourKeys = c.TourKeys
	}
	return rc
}

// ErrorCount is one distinct error and how many sessions ended with it.
type ErrorCount struct {
	Error string `json:"error"`
	Count int    `json:"count"`
}

// ServerReport is what the server's /proc entry said.
type ServerReport struct {
	PID int `json:"pid"`
	// CPUSource says where CPU times come from: "schedstat" (nanoseconds,
	// summed over threads) or "stat" (utime+stime, 10 ms ticks).
	CPUSource string `json:"cpu_source"`
	// CPUStatMS is utime+stime over the whole run, as /proc/PID/stat has it.
	CPUStatMS float64 `json:"cpu_stat_total_ms"`

	// First-frame and tour modes: server CPU between the start of the run
	// and the server settling after the last close, divided by sessions.
	CPUPerSessionMS float64 `json:"cpu_per_session_ms,omitempty"`

	// Idle and hold modes.
	OpenCPUPerSessionMS       float64 `json:"open_cpu_per_session_ms,omitempty"`
	CloseCPUPerSessionMS      float64 `json:"close_cpu_per_session_ms,omitempty"`
	IdleCPUMSPerSecPerSession float64 `json:"idle_cpu_ms_per_s_per_session,omitempty"`
	RSSPerSessionKiB          float64 `json:"rss_per_held_session_kib,omitempty"`
	PSSPerSessionKiB          float64 `json:"pss_per_held_session_kib,omitempty"`

	Before     Mem  `json:"before"`
	Held       Mem  `json:"held,omitzero"`
	AfterClose Mem  `json:"after_close"`
	SettledFDs bool `json:"fds_back_to_baseline"`
}

// Mem is one memory reading of the server.
type Mem struct {
	RSSKiB  int64 `json:"rss_kib"`
	PSSKiB  int64 `json:"pss_kib"`
	Threads int   `json:"threads"`
	FDs     int   `json:"fds"`
}

func memOf(s ProcSample) Mem {
	return Mem{RSSKiB: s.RSSKiB, PSSKiB: s.PSSKiB, Threads: s.Threads, FDs: s.FDs}
}

// addResults folds per-session results into the report.
func (rep *Report) addResults(results []SessionResult) {
	rep.Sessions = len(results)
	rep.Queries = map[string]int{}
	var hs, ffd, ffs, fb, fw, hw, kb, kl, tb, tw, ib, sw []float64
	errIdx := map[string]int{}
	for _, r := range results {
		for k, v := range r.Queries {
			rep.Queries[k] += v
		}
		rep.StderrBytes += r.StderrBytes
		if r.Clears > 1 {
			rep.Repainted++
		}
		if r.Busy {
			rep.Busy++
			continue
		}
		if r.Err != "" {
			rep.Failed++
			if i, ok := errIdx[r.Err]; ok {
				rep.Errors[i].Count++
			} else if len(rep.Errors) < maxErrors {
				errIdx[r.Err] = len(rep.Errors)
				rep.Errors = append(rep.Errors, ErrorCount{Error: r.Err, Count: 1})
			}
			continue
		}
		rep.OK++
		hs = append(hs, ms(r.Handshake))
		ffd = append(ffd, ms(r.FirstFrameDial))
		ffs = append(ffs, ms(r.FirstFrameShell))
		fb = append(fb, float64(r.FrameBytes))
		fw = append(fw, float64(r.FrameWireIn+r.FrameWireOut))
		hw = append(hw, float64(r.HandshakeIn+r.HandshakeOut))
		sw = append(sw, float64(r.WireIn+r.WireOut))
		if r.NeverQuiet {
			rep.NeverQuiet++
		}
		for _, b := range r.KeyBytes {
			kb = append(kb, float64(b))
		}
		for _, d := range r.KeyLatency {
			kl = append(kl, ms(d))
		}
		rep.KeySilent += r.KeySilent
		if rep.Config.Mode == ModeTour {
			tb = append(tb, float64(r.TourBytes))
			tw = append(tw, float64(r.WireIn+r.WireOut))
		}
		if rep.Config.Mode == ModeIdle || rep.Config.Mode == ModeHold {
			ib = append(ib, float64(r.IdleBytes))
		}
	}
	rep.HandshakeMS, rep.FirstFrameDialMS, rep.FirstFrameShellMS = Summarize(hs), Summarize(ffd), Summarize(ffs)
	rep.FirstFrameBytes, rep.FirstFrameWire, rep.HandshakeWire = Summarize(fb), Summarize(fw), Summarize(hw)
	rep.KeyBytes, rep.KeyLatencyMS = Summarize(kb), Summarize(kl)
	rep.TourBytes, rep.TourWire = Summarize(tb), Summarize(tw)
	rep.IdleBytes, rep.SessionWire = Summarize(ib), Summarize(sw)
}

// WriteJSON writes the report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// WriteText writes the report as a table for people.
func (rep *Report) WriteText(w io.Writer) error {
	c := rep.Config
	var b strings.Builder
	fmt.Fprintf(&b, "target %s  mode %s  n %d  c %d  sources %d  %s %s  expect %q\n",
		c.Target, c.Mode, c.N, c.Concurrency, c.Sources, c.Size, c.Term, c.Expect)
	fmt.Fprintf(&b, "sessions %d  ok %d  busy %d  failed %d  elapsed %s  client cpu %.0f ms",
		rep.Sessions, rep.OK, rep.Busy, rep.Failed, rep.Elapsed.Round(time.Millisecond), rep.ClientCPUMS)
	if rep.TimedOut {
		b.WriteString("  TIMED OUT")
	}
	b.WriteString("\n")
	for _, e := range rep.Errors {
		fmt.Fprintf(&b, "  error ×%d: %s\n", e.Count, e.Error)
	}
	b.WriteString("\n")

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	if rep.OK > 0 {
		fmt.Fprintln(tw, "metric\tcount\tmin\tmean\tp50\tp95\tp99\tmax\t")
	}
	row := func(name string, s Summary, format string) {
		if s.Count == 0 {
			return
		}
		f := func(v float64) string { return fmt.Sprintf(format, v) }
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, s.Count,
			f(s.Min), f(s.Mean), f(s.P50), f(s.P95), f(s.P99), f(s.Max))
	}
	row("handshake ms", rep.HandshakeMS, "%.1f")
	row("first frame from dial ms", rep.FirstFrameDialMS, "%.1f")
	row("first frame from shell ms", rep.FirstFrameShellMS, "%.1f")
	row("first frame bytes (stdout)", rep.FirstFrameBytes, "%.0f")
	row("first frame wire bytes (in+out)", rep.FirstFrameWire, "%.0f")
	row("handshake wire bytes (in+out)", rep.HandshakeWire, "%.0f")
	row("key bytes (stdout)", rep.KeyBytes, "%.0f")
	row("key latency ms", rep.KeyLatencyMS, "%.1f")
	row("tour bytes (stdout)", rep.TourBytes, "%.0f")
	row("tour wire bytes (in+out)", rep.TourWire, "%.0f")
	row("idle bytes (stdout)", rep.IdleBytes, "%.0f")
	row("session wire bytes (in+out)", rep.SessionWire, "%.0f")
	if err := tw.Flush(); err != nil {
		return err
	}
	if rep.NeverQuiet > 0 {
		fmt.Fprintf(&b, "first frames that never went quiet: %d\n", rep.NeverQuiet)
	}
	if rep.Repainted > 0 {
		fmt.Fprintf(&b, "sessions that cleared and repainted the whole screen more than once: %d\n", rep.Repainted)
	}
	if rep.KeySilent > 0 {
		fmt.Fprintf(&b, "keys without an answer: %d\n", rep.KeySilent)
	}
	if rep.IdleWindowMS > 0 {
		fmt.Fprintf(&b, "open phase %.0f ms, idle window %.0f ms, close phase %.0f ms\n",
			rep.OpenPhaseMS, rep.IdleWindowMS, rep.ClosePhaseMS)
	}
	if rep.Flood != nil {
		writeFloodText(&b, rep.Flood)
	}
	if rep.Server != nil {
		writeServerText(&b, rep.Server, c.Mode)
	}
	if len(rep.Queries) > 0 {
		b.WriteString("\nterminal queries from the server (all sessions):\n")
		keys := slices.SortedFunc(maps.Keys(rep.Queries), func(a, b string) int {
			return cmp.Or(cmp.Compare(rep.Queries[b], rep.Queries[a]), cmp.Compare(a, b))
		})
		for _, k := range keys {
			fmt.Fprintf(&b, "  %6d  %s\n", rep.Queries[k], k)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeServerText is the server's part of the table: its CPU and memory.
func writeServerText(b *strings.Builder, s *ServerReport, mode Mode) {
	fmt.Fprintf(b, "\nserver pid %d  (cpu from %s; stat utime+stime over the run %.0f ms)\n", s.PID, s.CPUSource, s.CPUStatMS)
	if s.CPUPerSessionMS > 0 {
		fmt.Fprintf(b, "  cpu per session (open, keys, close): %.2f ms\n", s.CPUPerSessionMS)
	}
	if mode == ModeIdle || mode == ModeHold {
		fmt.Fprintf(b, "  cpu per session: open %.2f ms, close %.2f ms\n", s.OpenCPUPerSessionMS, s.CloseCPUPerSessionMS)
		fmt.Fprintf(b, "  idle cpu: %.3f ms per second per session\n", s.IdleCPUMSPerSecPerSession)
		fmt.Fprintf(b, "  memory per held session: rss %.0f KiB, pss %.0f KiB\n", s.RSSPerSessionKiB, s.PSSPerSessionKiB)
		if s.RSSPerSessionKiB < 0 || s.PSSPerSessionKiB < 0 {
			b.WriteString("  (negative: the server was still returning memory from earlier runs; measure memory on a freshly started server)\n")
		}
	}
	mem := func(name string, m Mem) {
		fmt.Fprintf(b, "  %-12s rss %7.1f MiB  pss %7.1f MiB  threads %4d  fds %5d\n",
			name, float64(m.RSSKiB)/1024, float64(m.PSSKiB)/1024, m.Threads, m.FDs)
	}
	mem("before", s.Before)
	if s.Held != (Mem{}) {
		mem("held", s.Held)
	}
	mem("after close", s.AfterClose)
	if !s.SettledFDs {
		b.WriteString("  server fds did not return to their baseline within --settle\n")
	}
}
