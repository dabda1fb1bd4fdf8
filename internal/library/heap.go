package library

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// While a first start builds the index, the Go heap grows, by the
// runtime's default (GOGC=100), to twice what is live before each
// collection: with a gigabyte and a half live at 100,000 documents (the
// outlined documents and their facts, the index's batches in flight),
// three gigabytes, and the process's peak with it. capHeap lowers that
// goal, only while the index is built, to the live heap plus a headroom
// of half of it and never less than heapHeadroom, by a soft memory limit
// (runtime/debug.SetMemoryLimit) that follows the live heap as it grows.
//
// It does not make the collector run all the time, as a fixed limit near
// the live heap did (GOMEMLIMIT=2560MiB: 690 s instead of about 200 for
// the index at 100,000 documents, docs/PERFORMANCE.md): the limit is
// always at least heapHeadroom above what was live at the last
// collection, so at least that much is allocated between two collections,
// which is what GOGC=100 allows at a live heap of heapHeadroom; a limit
// the environment set (GOMEMLIMIT) is never raised.

// heapHeadroom is the least allocation between two collections while the
// limit holds.
const heapHeadroom = 1 << 30

// buildGCPercent is the collector's GOGC while the heap is capped: the cap
// is what bounds the heap then. With the runtime's default of 100 a first
// start of 100,000 documents collected whenever the heap had doubled, at
// most a gigabyte above what was live: some 60 collections while the
// documents were read, each marking what the library holds of every
// document read so far. With 400, the heap grows to the cap (the live heap
// and a gigabyte) before a collection, as it does later in the build; a
// small collection's heap still stays within five times what is live.
const buildGCPercent = 400

// heapCapEvery is how often the limit follows the live heap: the live
// heap changes only when a collection ends, a few times a second at most.
const heapCapEvery = 200 * time.Millisecond

// readingHeadroom is the least headroom while the documents are read,
// before the index's batches take their share of the heap: at 100,000
// documents the heap is at most about 1.2 GB live then, and with a
// gigabyte and a half above it the collector runs a third less often
// while the site waits for the reading to end (widenHeap).
const readingHeadroom = 3 << 29

// heapLimit is the limit for a live heap of live bytes, least bytes at
// least above it, under the limit set before, prev.
func heapLimit(live, least, prev int64) int64 {
	return min(prev, live+max(least, live/2))
}

// heapCaps counts the builds capping the heap (tests may run several at
// once): the first one keeps the limit set before and the last one puts
// it back.
var heapCaps struct {
	sync.Mutex
	n      int
	prev   int64
	prevGC int
	// wide counts the callers of widenHeap not yet narrowed.
	wide int
	stop chan struct{}
}

// capHeap caps the heap as above until the function it returns is
// called (once). GOMEMLIMIT=off in the environment asks for no limit at
// all, and gets none: the cap costs time (at 100,000 documents a first
// start of 391 s instead of 230, for a peak of 3.1 GiB instead of 4.9;
// docs/PERFORMANCE.md), which a machine with memory to spare need not pay.
func capHeap() (release func()) {
	if os.Getenv("GOMEMLIMIT") == "off" {
		return func() {}
	}
	heapCaps.Lock()
	defer heapCaps.Unlock()
	heapCaps.n++
	if heapCaps.n == 1 {
		heapCaps.prev = debug.SetMemoryLimit(-1)
		heapCaps.prevGC = debug.SetGCPercent(buildGCPercent)
		if heapCaps.prevGC < 0 || heapCaps.prevGC > buildGCPercent {
			debug.SetGCPercent(heapCaps.prevGC) // GOGC=off, or more than this, stays
		}
		heapCaps.stop = make(chan struct{})
		go followLive(heapCaps.prev, heapCaps.stop)
	}
	return sync.OnceFunc(func() {
		heapCaps.Lock()
		defer heapCaps.Unlock()
		heapCaps.n--
		if heapCaps.n == 0 {
			close(heapCaps.stop)
			debug.SetMemoryLimit(heapCaps.prev)
			debug.SetGCPercent(heapCaps.prevGC)
		}
	})
}

// followLive sets the limit from the live heap until stop is closed.
func followLive(prev int64, stop <-chan struct{}) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	t := time.NewTicker(heapCapEvery)
	defer t.Stop()
	for {
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 {
			live := int64(min(s[0].Value.Uint64(), math.MaxInt64/2))
			heapCaps.Lock()
			select {
			case <-stop: // released: the limit is put back
			default:
				least := int64(heapHeadroom)
				if heapCaps.wide > 0 {
					least = readingHeadroom
				}
				debug.SetMemoryLimit(heapLimit(live, least, prev))
			}
			heapCaps.Unlock()
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// widenHeap gives a capped heap readingHeadroom above what is live, until
// the function it returns is called (once): while a first start reads the
// documents.
func widenHeap() (narrow func()) {
	heapCaps.Lock()
	heapCaps.wide++
	heapCaps.Unlock()
	return sync.OnceFunc(func() {
		heapCaps.Lock()
		heapCaps.wide--
		heapCaps.Unlock()
	})
}
