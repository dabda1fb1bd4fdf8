package library

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/readingroom/readingroom/internal/search"
)

// searchIndex is a library's search index. A first start of a persisted
// collection builds it after the documents are read, while the site
// already serves every other page: at 100,000 documents the index takes
// minutes of both cores, the rest under a minute (docs/PERFORMANCE.md,
// "The site serves while the index is built"). Every other start has it
// ready when the library is.
type searchIndex struct {
	ix atomic.Pointer[search.Index]
	// ready is closed once the index is there, or could not be built;
	// err, persisted and finished are written before.
	ready     chan struct{}
	err       error
	persisted bool
	finished  time.Time
	// cancel stops a build still running (Close).
	cancel context.CancelFunc
	// progress says how many documents are indexed of how many, while
	// the index is built.
	progress func() (indexed, total int)
	start    time.Time
}

// progressEvery is how often the log says how far a build is.
const progressEvery = 30 * time.Second

// readyIndex is an index ready when the library is.
func readyIndex(ix *search.Index, persisted bool) *searchIndex {
	si := &searchIndex{ready: make(chan struct{}), persisted: persisted, cancel: func() {}, start: time.Now(), finished: time.Now()}
	si.ix.Store(ix)
	close(si.ready)
	return si
}

// buildIndex builds the index on a goroutine of its own: build returns
// it, or why it could not be built. cancel stops build through its
// context.
func buildIndex(cancel context.CancelFunc, progress func() (int, int), log *slog.Logger, build func() (*search.Index, bool, error)) *searchIndex {
	si := &searchIndex{ready: make(chan struct{}), cancel: cancel, progress: progress, start: time.Now()}
	go func() { // what an operator watching the log wants to know
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-si.ready:
				return
			case <-t.C:
				indexed, total := progress()
				log.Info("search index being built", slog.Int("indexed", indexed), slog.Int("documents", total), slog.Duration("elapsed", time.Since(si.start)))
			}
		}
	}()
	go func() {
		defer close(si.ready)
		ix, persisted, err := build()
		si.finished = time.Now()
		if err != nil {
			si.err = err
			if ix != nil {
				ix.Close()
			}
			// The site serves its pages; its search answers that it
			// cannot search until the next start.
			log.Error("search index not built", slog.String("error", err.Error()))
			return
		}
		si.persisted = persisted
		si.ix.Store(ix)
		log.Info("search index ready", slog.Duration("took", si.finished.Sub(si.start)))
	}()
	return si
}

// Index returns the search index, or nil while it is being built (or when
// it could not be built: IndexState says which).
func (l Library) Index() *search.Index {
	if l.index == nil {
		return nil
	}
	return l.index.ix.Load()
}

// IndexState is how far a library's search index is.
type IndexState struct {
	// Ready says the index answers searches.
	Ready bool
	// Failed says it could not be built: searches fail until the next
	// start (the error is logged).
	Failed bool
	// Indexed of Total documents are in the index so far, Since when the
	// build began; while the documents handed over are still waiting,
	// Indexed is 0.
	Indexed, Total int
	Since          time.Time
}

// Left estimates the time the build still needs, from its pace so far; 0
// when it cannot tell yet.
func (s IndexState) Left(now time.Time) time.Duration {
	if s.Ready || s.Failed || s.Indexed == 0 || s.Total <= s.Indexed {
		return 0
	}
	took := now.Sub(s.Since)
	return time.Duration(float64(took) * float64(s.Total-s.Indexed) / float64(s.Indexed))
}

// IndexState says whether the search index is ready, and if not, how far
// its build is.
func (l Library) IndexState() IndexState {
	si := l.index
	if si == nil {
		return IndexState{Failed: true}
	}
	select {
	case <-si.ready:
		return IndexState{Ready: si.err == nil, Failed: si.err != nil}
	default:
	}
	st := IndexState{Since: si.start}
	if si.progress != nil {
		st.Indexed, st.Total = si.progress()
	}
	return st
}

// WaitIndex waits until the search index is ready, and returns why it
// could not be built, if it could not.
func (l Library) WaitIndex(ctx context.Context) error {
	if l.index == nil {
		return nil
	}
	select {
	case <-l.index.ready:
		return l.index.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
