package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"
	"time"

	"github.com/embassy-kiosk/embassy/tools/sshterm"
)

var (
	errRunTimeout     = errors.New("run timed out (--timeout)")
	errSessionTimeout = errors.New("session timed out (--session-timeout)")
)

// runner holds what every session of one run shares.
type runner struct {
	cfg      *Config
	target   string
	key      []byte
	steps    []sshterm.Step
	progress io.Writer
}

// Run performs one bounded run and returns its report. Progress lines go to
// progress (io.Discard for none). The run stops by itself after cfg.N
// sessions or cfg.Timeout, whichever comes first, and closes every
// connection it opened before returning.
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, cfg.Timeout, errRunTimeout)
	defer cancel()

	target, err := sshterm.ResolveTarget(ctx, cfg.Addr, cfg.AllowRemote)
	if err != nil {
		return nil, err
	}
	if cfg.Sources > 1 && !(target.Addr().Is4() && sshterm.IsLoopback(target.Addr())) {
		return nil, fmt.Errorf("--sources %d needs an IPv4 loopback target, not %s", cfg.Sources, target.Addr())
	}
	steps, _ := sshterm.ParseKeyScript(cfg.TourKeys)
	key, _ := sshterm.KeyBytes(cfg.Key)
	r := &runner{cfg: &cfg, target: target.String(), key: key, steps: steps, progress: progress}

	rep := &Report{Config: reportConfig(cfg, target.String()), Started: time.Now()}
	probe := newProbe(cfg.PID)
	before, err := probe.sample()
	if err != nil {
		return nil, err
	}
	cpu0 := selfCPU()

	switch cfg.Mode {
	case ModeFirstFrame, ModeTour:
		results, started := r.visits(ctx)
		settled := probe.settle(context.WithoutCancel(ctx), before, cfg.Settle)
		after, _ := probe.sample()
		rep.addResults(results)
		if probe.on() {
			rep.Server = &ServerReport{
				PID: cfg.PID, CPUSource: cpuSource(before, after), CPUStatMS: ms(after.CPU - before.CPU),
				Before: memOf(before), AfterClose: memOf(after), SettledFDs: settled,
			}
			if started > 0 {
				rep.Server.CPUPerSessionMS = ms(CPUBetween(before, after)) / float64(started)
			}
		}
	case ModeIdle, ModeHold:
		r.holds(ctx, rep, probe, before)
	case ModeFlood:
		r.floods(ctx, rep, probe) // flood.go
	}

	rep.Elapsed = time.Since(rep.Started)
	rep.ElapsedMS = ms(rep.Elapsed)
	rep.ClientCPUMS = ms(selfCPU() - cpu0)
	if context.Cause(ctx) == errRunTimeout {
		rep.TimedOut = true
	}
	return rep, nil
}

func (r *runner) logf(format string, a ...any) {
	fmt.Fprintf(r.progress, format+"\n", a...)
}

// counter counts the sessions of a run that have got somewhere (done,
// opened) and says so at every tenth of them and at the last.
type counter struct {
	mu      sync.Mutex
	n, done int
	what    string
	logf    func(format string, a ...any)
}

// add counts one more; f, when not nil, runs first under the same lock.
func (c *counter) add(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f != nil {
		f()
	}
	c.done++
	if c.done%max(1, c.n/10) == 0 || c.done == c.n {
		c.logf("%d/%d sessions %s", c.done, c.n, c.what)
	}
}

// visits runs first-frame or tour sessions, cfg.Concurrency at a time.
func (r *runner) visits(ctx context.Context) ([]SessionResult, int) {
	n := r.cfg.N
	results := make([]SessionResult, n)
	idx := make(chan int)
	var wg sync.WaitGroup
	done := &counter{n: n, what: "done", logf: r.logf}
	for range min(r.cfg.Concurrency, n) {
		wg.Go(func() {
			for i := range idx {
				res := r.visit(ctx, i)
				done.add(func() { results[i] = res })
			}
		})
	}
	started := feed(ctx, idx, n)
	wg.Wait()
	for i := started; i < n; i++ {
		results[i].Err = "not started: " + context.Cause(ctx).Error()
	}
	return results, started
}

// visit is one whole first-frame or tour session.
func (r *runner) visit(ctx context.Context, i int) SessionResult {
	sctx, cancel := context.WithTimeoutCause(ctx, r.cfg.SessionTimeout, errSessionTimeout)
	defer cancel()
	s, err := open(sctx, r.cfg, r.target, i)
	if errors.Is(err, ErrBusy) {
		s.close()
		s.res.Busy = true
		return s.res
	}
	if err == nil {
		switch r.cfg.Mode {
		case ModeFirstFrame:
			for range r.cfg.Keys {
				if err = s.press(sctx, r.key); err != nil {
					break
				}
			}
		case ModeTour:
			err = s.tour(sctx, r.steps)
		}
	}
	if err == nil {
		s.res.TourBytes = s.bytesSoFar()
	}
	s.close()
	if err != nil {
		s.res.Err = err.Error()
	}
	return s.res
}

// holds opens every session, keeps them all open and idle for the window,
// measuring idle bytes, server CPU and memory, then closes them.
func (r *runner) holds(ctx context.Context, rep *Report, probe *probe, before ProcSample) {
	n := r.cfg.N
	sessions, results, started := r.openAll(ctx)
	openedAt := time.Now()
	afterOpen, _ := probe.sample()

	var live []*session
	for _, s := range sessions {
		if s != nil {
			live = append(live, s)
		}
	}
	window := r.cfg.Idle
	if r.cfg.Mode == ModeHold {
		window = r.cfg.Hold
	}
	// Let the last screens finish before the window starts.
	sleepCtx(ctx, 250*time.Millisecond)
	r.logf("%d sessions open; holding them for %v", len(live), window)
	w0, _ := probe.sample()
	b0 := make([]int64, len(live))
	for i, s := range live {
		b0[i] = s.bytesSoFar()
	}
	sleepCtx(ctx, window)
	w1, _ := probe.sample()
	for i, s := range live {
		s.res.IdleBytes = s.bytesSoFar() - b0[i]
		if s.ended() && ctx.Err() == nil {
			s.res.Err = "server closed the session while it was held"
		}
	}
	windowLen := w1.At.Sub(w0.At)
	if !probe.on() {
		windowLen = window
	}

	r.logf("closing %d sessions", len(live))
	closeStart := time.Now()
	closeAll(sessions, r.cfg.Concurrency)
	closeTook := time.Since(closeStart)
	settled := probe.settle(context.WithoutCancel(ctx), before, r.cfg.Settle)
	after, _ := probe.sample()

	for i := range n {
		switch {
		case i >= started:
			results[i].Err = "not started: " + context.Cause(ctx).Error()
		case sessions[i] != nil:
			results[i] = sessions[i].res
		}
	}
	rep.addResults(results)
	rep.IdleWindowMS = ms(windowLen)
	rep.OpenPhaseMS = ms(openedAt.Sub(rep.Started))
	rep.ClosePhaseMS = ms(closeTook)
	if probe.on() {
		rep.Server = r.heldServer(heldSamples{before, afterOpen, w0, w1, after}, settled, started, len(live), windowLen)
	}
}

// openAll opens the run's sessions, Concurrency at a time, each bounded by
// SessionTimeout and then held until the run ends. sessions has the open
// ones (nil where one failed, its result in results); started is how many
// were begun before the run was stopped.
func (r *runner) openAll(ctx context.Context) (sessions []*session, results []SessionResult, started int) {
	n := r.cfg.N
	sessions = make([]*session, n) // open ones only
	results = make([]SessionResult, n)
	idx := make(chan int)
	var wg sync.WaitGroup
	opened := &counter{n: n, what: "opened", logf: r.logf}
	for range min(r.cfg.Concurrency, n) {
		wg.Go(func() {
			for i := range idx {
				octx, cancel := context.WithTimeoutCause(ctx, r.cfg.SessionTimeout, errSessionTimeout)
				s, err := open(octx, r.cfg, r.target, i)
				// Once open, only the end of the run closes it; one that
				// opened just as its timeout ended counts as failed.
				if err == nil && !s.cli.Until(ctx) {
					err = context.Cause(octx)
				}
				cancel()
				if errors.Is(err, ErrBusy) {
					s.close()
					s.res.Busy = true
					results[i] = s.res
					s = nil
				} else if err != nil {
					s.close()
					s.res.Err = err.Error()
					results[i] = s.res
					s = nil
				}
				opened.add(func() { sessions[i] = s })
			}
		})
	}
	started = feed(ctx, idx, n)
	wg.Wait()
	return sessions, results, started
}

// heldSamples are the server's samples around a hold: before the run,
// after opening, at the window's start and end, after closing.
type heldSamples struct {
	before, afterOpen, w0, w1, after ProcSample
}

// heldServer is what the server spent and held for the held sessions:
// live of them, over windowLen.
func (r *runner) heldServer(p heldSamples, settled bool, started, live int, windowLen time.Duration) *ServerReport {
	srv := &ServerReport{
		PID:        r.cfg.PID,
		CPUSource:  cpuSource(p.before, p.after),
		CPUStatMS:  ms(p.after.CPU - p.before.CPU),
		Before:     memOf(p.before),
		Held:       memOf(p.w1),
		AfterClose: memOf(p.after),
		SettledFDs: settled,
	}
	if started > 0 {
		srv.OpenCPUPerSessionMS = ms(CPUBetween(p.before, p.afterOpen)) / float64(started)
	}
	if live > 0 {
		srv.CloseCPUPerSessionMS = ms(CPUBetween(p.w1, p.after)) / float64(live)
		if windowLen > 0 {
			srv.IdleCPUMSPerSecPerSession = ms(CPUBetween(p.w0, p.w1)) / windowLen.Seconds() / float64(live)
		}
		srv.RSSPerSessionKiB = float64(p.w1.RSSKiB-p.before.RSSKiB) / float64(live)
		srv.PSSPerSessionKiB = float64(p.w1.PSSKiB-p.before.PSSKiB) / float64(live)
	}
	return srv
}

func cpuSource(a, b ProcSample) string {
	if a.RunTime > 0 && b.RunTime > 0 && b.RunTime >= a.RunTime {
		return "schedstat"
	}
	return "stat"
}

// closeAll closes sessions, concurrency at a time.
func closeAll(sessions []*session, concurrency int) {
	ch := make(chan *session)
	var wg sync.WaitGroup
	for range max(1, concurrency) {
		wg.Go(func() {
			for s := range ch {
				s.close()
			}
		})
	}
	for _, s := range sessions {
		if s != nil {
			ch <- s
		}
	}
	close(ch)
	wg.Wait()
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// selfCPU is this process's own user+system time, to show when the client
// rather than the server is the bottleneck.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// probe reads the server's /proc entry when a PID was given.
type probe struct{ pid int }

func newProbe(pid int) *probe { return &probe{pid: pid} }

func (p *probe) on() bool { return p.pid > 0 }

func (p *probe) sample() (ProcSample, error) {
	if !p.on() {
		return ProcSample{At: time.Now()}, nil
	}
	s, err := SampleProc(p.pid)
	if err != nil {
		return s, fmt.Errorf("server pid %d: %w", p.pid, err)
	}
	return s, nil
}

// settle waits up to d for the server's open file descriptors to come back
// to where they were before the run (its connections are gone). It reports
// whether they did.
func (p *probe) settle(ctx context.Context, before ProcSample, d time.Duration) bool {
	if !p.on() || before.FDs < 0 {
		return false
	}
	deadline := time.Now().Add(d)
	for {
		s, err := p.sample()
		if err != nil {
			return false
		}
		if s.FDs <= before.FDs {
			// A little longer, for goroutines that outlive their socket.
			sleepCtx(ctx, 100*time.Millisecond)
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		sleepCtx(ctx, 50*time.Millisecond)
	}
}

// feed hands the workers session numbers 0..n-1 until ctx ends, then closes
// idx; it returns how many were handed out.
func feed(ctx context.Context, idx chan<- int, n int) int {
	started := 0
	defer close(idx)
	for i := range n {
		select {
		case idx <- i:
			started++
		case <-ctx.Done():
			return started
		}
	}
	return started
}
