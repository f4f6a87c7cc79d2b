package server

import (
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// memoryQuietAfter is how long the server must have had no connection
// before it gives memory back; memoryWorthReleasing is the least idle heap
// worth a forced collection (one visitor at a time never gets there).
const (
	memoryQuietAfter     = 10 * time.Second
	memoryWorthReleasing = 16 << 20
)

// memoryReleaser gives a burst's memory back to the system once the server
// has been quiet for a while. The Go runtime does it by itself, but over
// minutes (a collection at most every two minutes when nothing allocates,
// then a slow scavenger: 152 MB of RSS when 1,000 sessions closed, 51 MB
// 3.5 minutes later), and a container is charged for the burst's peak
// meanwhile.
type memoryReleaser struct {
	after   time.Duration
	connsUp func() int // connections open now
	release func()     // tests: count instead

	mu     sync.Mutex
	timer  *time.Timer
	closed bool
}

func newMemoryReleaser(connsUp func() int) *memoryReleaser {
	return &memoryReleaser{after: memoryQuietAfter, connsUp: connsUp, release: releaseIdleHeap}
}

// quiet says the last connection has closed: release later, unless one
// opens (and closes) meanwhile, which starts the wait again.
func (r *memoryReleaser) quiet() {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.closed:
	case r.timer == nil:
		r.timer = time.AfterFunc(r.after, r.fire)
	default:
		r.timer.Reset(r.after)
	}
}

func (r *memoryReleaser) fire() {
	if r.connsUp() == 0 {
		r.release()
	}
}

// stop cancels a pending release, for Shutdown.
func (r *memoryReleaser) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.timer != nil {
		r.timer.Stop()
	}
}

// releaseIdleHeap returns the heap's idle memory to the system when there
// is enough of it to be worth a forced collection.
func releaseIdleHeap() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapIdle-ms.HeapReleased >= memoryWorthReleasing {
		debug.FreeOSMemory()
	}
}
