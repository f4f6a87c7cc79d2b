package server

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// What a connection costs, measured with cmd/embassy-load on a 2-core
// machine (docs/operations.md, "Capacity"): the peak RSS of 200 sessions
// touring the kiosk at once (GC headroom included), divided by their
// number, medians of three to four runs: 381 KiB at 40x12, 558 KiB at
// 80x24, 1.3 MiB at 160x45, 7.2 MiB at 300x100 (highest 409 KiB, 745 KiB,
// 1.5 MiB, 7.8 MiB). The cost below is at or above the medians at every
// size. A visit (handshake, first frame, close) took about 1.3 ms of
// server CPU; handshakeCPU is rounded up.
const (
	sessionBaseCost = 256 << 10 // bytes a session holds whatever its size
	cellCost        = 256       // bytes per cell of its window, drawn
	handshakeCost   = 64 << 10  // bytes a connection holds before its session
	handshakeCPU    = 2 * time.Millisecond
)

// SessionCost is what the admission counts for a session whose window is
// w x h cells (clamped to MaxWidth x MaxHeight).
func SessionCost(w, h int) int64 {
	w, h = clampSize(w, h)
	return sessionBaseCost + cellCost*int64(w)*int64(h)
}

// typicalCost is what a new connection must find room for before its
// window size is known: a session at 80x24.
var typicalCost = SessionCost(defaultWidth, defaultHeight)

// Machine is what the kiosk is given to run on. ProbeMachine reads it;
// tests make their own.
type Machine struct {
	CPUs        int    // runtime.GOMAXPROCS: the container's CPU quota, or the machine's CPUs
	MemoryLimit int64  // bytes the process may use, 0 if nothing limits it
	LimitSource string // "cgroup", "GOMEMLIMIT" or ""
	MemoryTotal int64  // the machine's memory (MemTotal)
	FDs         int    // the open-files limit (RLIMIT_NOFILE)
}

// ProbeMachine reads the CPU count, the memory limits (the cgroup's, v2 or
// v1, and GOMEMLIMIT, the smaller when both are set), the machine's memory
// and the open-files limit.
func ProbeMachine() Machine {
	m := Machine{CPUs: runtime.GOMAXPROCS(0), MemoryTotal: memTotal()}
	if lim, ok := cgroupMemoryLimit(); ok {
		m.MemoryLimit, m.LimitSource = lim, "cgroup"
	}
	if lim := debug.SetMemoryLimit(-1); lim < math.MaxInt64 && (m.MemoryLimit == 0 || lim < m.MemoryLimit) {
		m.MemoryLimit, m.LimitSource = lim, "GOMEMLIMIT"
	}
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) == nil && rl.Cur < math.MaxInt32 {
		m.FDs = int(rl.Cur)
	}
	return m
}

// SoftMemoryLimit is the Go runtime's memory limit to set when a cgroup
// limits the process and GOMEMLIMIT does not: 9/10 of the cgroup's, so
// that the garbage collector works harder near it instead of letting the
// kernel kill the process. ok is false when there is nothing to set.
func (m Machine) SoftMemoryLimit() (limit int64, ok bool) {
	if m.LimitSource != "cgroup" || m.MemoryLimit <= 0 {
		return 0, false
	}
	return m.MemoryLimit / 10 * 9, true
}

// Limits are the admission limits in force, from the flags or, where they
// are left at zero, sized from the machine. Start-up logs them and /metrics
// shows them.
type Limits struct {
	MemoryBudget       int64  // bytes open connections may hold (0: no budget)
	BudgetSource       string // where the budget comes from
	BusyOverflow       int    // connections past the budget told "busy" after the handshake, at once
	MaxConns           int    // open connections (0: no count, only the budget)
	MaxHandshakes      int    // connections in the handshake
	HandshakeDropStart int    // from this many handshakes on, refuse at random
	CPUs               int
}

// Shares of the memory the sessions may take: the rest is the runtime, the
// content and its caches (about 26 MiB at start) and room for the rest of a
// machine that runs other things too.
const (
	limitShare   = 0.75 // of a cgroup limit or GOMEMLIMIT
	machineShare = 0.5  // of the machine's memory, when nothing limits the process
	baseMemory   = 32 << 20
	fdsReserved  = 64 // files the process needs besides its connections
)

// size fills in the limits c leaves at zero from m. A negative value in c
// (off) stays off.
func size(c Config, m Machine) Limits {
	l := Limits{
		MemoryBudget:       c.MemoryBudget,
		BudgetSource:       "--memory-budget",
		MaxConns:           c.MaxConns,
		MaxHandshakes:      c.MaxHandshakes,
		HandshakeDropStart: c.HandshakeDropStart,
		CPUs:               max(1, m.CPUs),
	}
	if l.MemoryBudget == 0 {
		switch {
		case m.MemoryLimit > 0:
			l.MemoryBudget, l.BudgetSource = int64(float64(m.MemoryLimit)*limitShare)-baseMemory, m.LimitSource
		case m.MemoryTotal > 0:
			l.MemoryBudget, l.BudgetSource = int64(float64(m.MemoryTotal)*machineShare)-baseMemory, "machine"
		default:
			l.MemoryBudget, l.BudgetSource = DefaultMemoryBudget, "default"
		}
		l.MemoryBudget = max(l.MemoryBudget, 4*typicalCost)
	}
	if l.MemoryBudget < 0 {
		l.MemoryBudget, l.BudgetSource = 0, "off"
	}
	if l.MaxConns == 0 && m.FDs > 0 {
		l.MaxConns = max(1, m.FDs-fdsReserved)
	}
	l.MaxConns = max(l.MaxConns, 0)
	// A burst of handshakes queues (in the listen backlog and the
	// scheduler) as long as the CPUs can clear it within half the
	// handshake timeout; past that, random early drop, up to half as many
	// again.
	clearable := int(int64(l.CPUs) * int64(c.HandshakeTimeout/2) / int64(handshakeCPU))
	clearable = max(clearable, 16)
	if l.MaxHandshakes == 0 {
		l.MaxHandshakes = clearable * 3 / 2
		if l.HandshakeDropStart == 0 {
			l.HandshakeDropStart = clearable
		}
	}
	if l.HandshakeDropStart == 0 {
		l.HandshakeDropStart = max(1, l.MaxHandshakes/3)
	}
	l.MaxHandshakes, l.HandshakeDropStart = max(l.MaxHandshakes, 0), max(l.HandshakeDropStart, 0)
	// Visitors past the budget are told why after their handshake, while
	// that costs no more than a sixteenth of the budget again.
	l.BusyOverflow = c.BusyOverflow
	if l.BusyOverflow == 0 {
		l.BusyOverflow = 64
		if l.MemoryBudget > 0 {
			l.BusyOverflow = max(64, int(l.MemoryBudget/16/handshakeCost))
		}
		if l.MaxHandshakes > 0 {
			l.BusyOverflow = min(l.BusyOverflow, l.MaxHandshakes)
		}
	}
	l.BusyOverflow = max(l.BusyOverflow, 0)
	return l
}

// LogArgs are the limits as slog attributes, for the start-up line.
func (l Limits) LogArgs() []any {
	return []any{
		"memory_budget", FormatBytes(l.MemoryBudget), "budget_from", l.BudgetSource,
		"visitors_at_80x24", l.Visitors(80, 24), "visitors_at_300x100", l.Visitors(300, 100),
		"busy_overflow", l.BusyOverflow, "max_conns", l.MaxConns,
		"max_handshakes", l.MaxHandshakes, "handshake_drop_start", l.HandshakeDropStart, "cpus", l.CPUs,
	}
}

// Visitors is how many sessions of w x h the limits admit at once.
func (l Limits) Visitors(w, h int) int {
	n := math.MaxInt
	if l.MemoryBudget > 0 {
		n = int(l.MemoryBudget / SessionCost(w, h))
	}
	if l.MaxConns > 0 {
		n = min(n, l.MaxConns)
	}
	return n
}

// FormatBytes is n in MiB or GiB, for people.
func FormatBytes(n int64) string {
	if n >= 10<<30 {
		return fmt.Sprintf("%.0f GiB", float64(n)/(1<<30))
	}
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

// ParseBytes reads a size: a number of bytes, or one with a unit (KiB,
// MiB, GiB, or K, M, G, taken as the same powers of two).
func ParseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	num := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	unit := strings.ToLower(strings.TrimSpace(s[len(num):]))
	mult := map[string]int64{"": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gib": 1 << 30}[unit]
	n, err := strconv.ParseUint(num, 10, 63)
	if err != nil || mult == 0 || int64(n) > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is not a size (say 512MiB or 2GiB)", s)
	}
	return int64(n) * mult, nil
}

// cgroupMemoryLimit is the memory limit of the process's cgroup: v2's
// memory.max or v1's memory.limit_in_bytes, the smallest on the way from
// the cgroup up to the root of the mount (a limit set on a parent, as a
// systemd slice or a pod, binds too; inside a container the cgroup is the
// root).
func cgroupMemoryLimit() (int64, bool) {
	type hierarchy struct{ root, path, file string }
	var found []hierarchy
	if b, err := os.ReadFile("/proc/self/cgroup"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.SplitN(line, ":", 3)
			switch {
			case len(f) != 3:
			case f[0] == "0" && f[1] == "":
				found = append(found, hierarchy{"/sys/fs/cgroup", f[2], "memory.max"})
			case strings.Contains(","+f[1]+",", ",memory,"):
				found = append(found, hierarchy{"/sys/fs/cgroup/memory", f[2], "memory.limit_in_bytes"})
			}
		}
	}
	var limit int64
	for _, h := range found {
		for dir := filepath.Clean("/" + h.path); ; dir = filepath.Dir(dir) {
			if n, ok := readLimit(filepath.Join(h.root, dir, h.file)); ok && (limit == 0 || n < limit) {
				limit = n
			}
			if dir == "/" {
				break
			}
		}
	}
	return limit, limit > 0
}

// readLimit reads a cgroup memory limit file: "max" (v2) or a number near
// 2^63 (v1) is no limit.
func readLimit(path string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	v := strings.TrimSpace(string(b))
	n, err := strconv.ParseInt(v, 10, 64)
	if v == "max" || err != nil || n <= 0 || n >= 1<<60 {
		return 0, false
	}
	return n, true
}

// memTotal is the machine's memory from /proc/meminfo, 0 if unknown.
func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("MemTotal:")); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(rest)), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
