package loadtest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// ProcSample is one reading of a process's CPU time and memory from /proc.
type ProcSample struct {
	At  time.Time
	CPU time.Duration // user + system time from stat, in USER_HZ ticks (10 ms)
	// RunTime is the time on CPU summed over the process's threads from
	// /proc/PID/task/*/schedstat, in nanoseconds; 0 when unreadable. Threads
	// that have exited are missing from it (Go rarely ends its threads).
	RunTime time.Duration
	RSSKiB  int64 // VmRSS
	PSSKiB  int64 // Pss from smaps_rollup; 0 when unreadable
	Threads int
	FDs     int // open file descriptors; -1 when unreadable
}

// clockTicks is the kernel's USER_HZ, read from the auxiliary vector.
var clockTicks = readClockTicks()

func readClockTicks() int64 {
	const atClkTck = 17
	b, err := os.ReadFile("/proc/self/auxv")
	if err == nil {
		for i := 0; i+16 <= len(b); i += 16 {
			k := binary.NativeEndian.Uint64(b[i:])
			v := binary.NativeEndian.Uint64(b[i+8:])
			if k == atClkTck && v > 0 {
				return int64(v)
			}
		}
	}
	return 100
}

// SampleProc reads /proc/PID/stat, status, smaps_rollup and fd.
func SampleProc(pid int) (ProcSample, error) {
	s := ProcSample{At: time.Now(), FDs: -1}
	dir := "/proc/" + strconv.Itoa(pid)
	stat, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return s, fmt.Errorf("read server stat: %w", err)
	}
	cpu, threads, err := parseStat(stat)
	if err != nil {
		return s, err
	}
	s.CPU, s.Threads = cpu, threads
	status, err := os.ReadFile(dir + "/status")
	if err != nil {
		return s, fmt.Errorf("read server status: %w", err)
	}
	s.RSSKiB = kibField(status, "VmRSS:")
	if rollup, err := os.ReadFile(dir + "/smaps_rollup"); err == nil {
		s.PSSKiB = kibField(rollup, "Pss:")
	}
	if fds, err := os.ReadDir(dir + "/fd"); err == nil {
		s.FDs = len(fds)
	}
	s.RunTime = taskRunTime(dir)
	return s, nil
}

// taskRunTime sums the first field of every thread's schedstat.
func taskRunTime(dir string) time.Duration {
	tasks, err := os.ReadDir(dir + "/task")
	if err != nil {
		return 0
	}
	var total int64
	for _, t := range tasks {
		b, err := os.ReadFile(dir + "/task/" + t.Name() + "/schedstat")
		if err != nil {
			continue // the thread ended meanwhile
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			return 0
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0
		}
		total += n
	}
	return time.Duration(total)
}

// CPUBetween is the server's CPU time from a to b: from schedstat when both
// samples have it (nanoseconds), else from stat (10 ms ticks).
func CPUBetween(a, b ProcSample) time.Duration {
	if a.RunTime > 0 && b.RunTime > 0 && b.RunTime >= a.RunTime {
		return b.RunTime - a.RunTime
	}
	return b.CPU - a.CPU
}

// parseStat returns utime+stime and the thread count from /proc/PID/stat.
// The command name may contain spaces and parentheses, so fields are
// counted from the last ')'.
func parseStat(stat []byte) (time.Duration, int, error) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("parse server stat: no ')'")
	}
	f := strings.Fields(string(stat[i+1:]))
	// f[0] is field 3 (state); utime is field 14, stime 15, num_threads 20.
	if len(f) < 18 {
		return 0, 0, fmt.Errorf("parse server stat: %d fields", len(f))
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	th, err3 := strconv.Atoi(f[17])
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, 0, fmt.Errorf("parse server stat: bad number")
	}
	ticks := ut + st
	return time.Duration(ticks) * time.Second / time.Duration(clockTicks), th, nil
}

// kibField returns the value in kB of the first line starting with name.
func kibField(b []byte, name string) int64 {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, name); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
