package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
)

// Builder builds a new persisted index while the documents are still
// being read: each is handed over (Add) on the core that read it, in any
// order, and goes into a batch at once, so that what waits to be indexed
// is a few batches, not the collection. Without it a first start held
// every document's search text from its parsing to the end of the
// indexing (docs/PERFORMANCE.md, "First start's peak memory").
//
// A document takes the next ordinal when it first comes; ordinals need not
// follow the collection's order (Update gives the same freedom). Finish
// then brings the index to the collection as loaded: it deletes what the
// collection left out (a duplicate), and indexes again from the
// collection what came twice, with another hash, or not at all.
type Builder struct {
	b      bleve.Index
	dir    string
	path   string
	why    string
	start  time.Time
	worked sync.WaitGroup
	// batches carries full batches to the workers; unbuffered, so that Add
	// waits while concurrentBatches batches are being indexed.
	batches chan *bleve.Batch
	errs    chan error
	stop    <-chan struct{}

	mu    sync.Mutex
	batch *bleve.Batch
	ords  map[string]int // by document ID
	// slots and values are by ordinal: the document and its hash, and its
	// facet values.
	slots  []slot
	values [][][]string
	// twice are the IDs added more than once: which of the two the index
	// holds depends on which batch was indexed last.
	twice map[string]bool
	err   error // the first document that could not be mapped
	done  bool
}

// NewBuilder starts building a new index in opts.Dir, unless the folder
// holds an index that Update can reopen: then it returns nil, and Update
// reopens it and indexes only what changed. Once ctx is done, Add no
// longer waits and Finish fails.
func NewBuilder(ctx context.Context, opts Options) (*Builder, error) {
	if opts.Dir == "" {
		return nil, errors.New("search: a Builder needs a folder")
	}
	_, why := readMeta(opts.Dir)
	if why == "" {
		return nil, nil
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log.Info("search index rebuilt", slog.String("dir", opts.Dir), slog.String("why", why), slog.Bool("streamed", true))
	removeTemporary(opts.Dir)
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, err
	}
	_ = os.Remove(filepath.Join(opts.Dir, metaFile))
	path := filepath.Join(opts.Dir, "bleve")
	if err := os.RemoveAll(path); err != nil {
		return nil, err
	}
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	b, err := newBleve(path, m)
	if err != nil {
		return nil, err
	}
	bd := &Builder{b: b, stop: ctx.Done(), dir: opts.Dir, path: path, why: why, start: time.Now(),
		batches: make(chan *bleve.Batch), errs: make(chan error, concurrentBatches),
		batch: b.NewBatch(), ords: map[string]int{}, twice: map[string]bool{}}
	// Two batches are indexed at a time, as add does: while one is turned
	// into a segment, on one core, the words of the next are analysed.
	for range concurrentBatches {
		bd.worked.Add(1)
		go func() {
			defer bd.worked.Done()
			var err error
			for batch := range bd.batches {
				if err == nil {
					err = b.Batch(batch)
				}
			}
			bd.errs <- err
		}()
	}
	return bd, nil
}

// Add indexes document d, whose DocHash is hash; it may be called from any
// goroutine until Finish, and waits while the batches before are indexed.
// A document that cannot be indexed makes Finish fail.
func (bd *Builder) Add(d *Doc, hash string) {
	values := facetValues(d)
	bd.mu.Lock()
	if bd.done {
		bd.mu.Unlock()
		return
	}
	o, again := bd.ords[d.ID]
	if again {
		bd.twice[d.ID] = true
	} else {
		o = len(bd.slots)
		bd.ords[d.ID] = o
		bd.slots = append(bd.slots, slot{})
		bd.values = append(bd.values, nil)
	}
	bd.slots[o], bd.values[o] = slot{ID: d.ID, Hash: hash}, values
	bd.mu.Unlock()

	// Mapped outside the lock, on the caller's core.
	doc := document.NewDocument(d.ID)
	err := bd.b.Mapping().MapDocument(doc, body(d, o))

	var full *bleve.Batch
	bd.mu.Lock()
	switch {
	case bd.done:
	case err != nil:
		if bd.err == nil {
			bd.err = fmt.Errorf("indexing %s: %w", d.ID, err)
		}
	default:
		_ = bd.batch.IndexAdvanced(doc) // the ID is never empty: d came from a document
		if bd.batch.Size() >= batchSize {
			full, bd.batch = bd.batch, bd.b.NewBatch()
		}
	}
	bd.mu.Unlock()
	if full != nil {
		select {
		case bd.batches <- full:
		case <-bd.stop: // Finish reports it
		}
	}
}

// drain sends the last batch, stops the workers and returns the first
// error met.
func (bd *Builder) drain(ctx context.Context) error {
	bd.mu.Lock()
	if bd.done {
		bd.mu.Unlock()
		return errors.New("search: the build was finished already")
	}
	bd.done = true
	last, err := bd.batch, bd.err
	bd.batch = nil
	bd.mu.Unlock()
	if err == nil && ctx.Err() == nil && last.Size() > 0 {
		bd.batches <- last
	}
	close(bd.batches)
	bd.worked.Wait()
	for range concurrentBatches {
		if e := <-bd.errs; err == nil {
			err = e
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// Abandon stops the build and closes the index, which is left without a
// description: the next start builds it again. Abandoning a finished
// build does nothing.
func (bd *Builder) Abandon() {
	if bd == nil {
		return
	}
	bd.mu.Lock()
	done := bd.done
	bd.mu.Unlock()
	if done {
		return
	}
	_ = bd.drain(context.Background())
	bd.close()
}

// Finish ends the build and brings the index to entries, the collection
// as loaded, asking get for the document of the i-th entry only when it
// indexes it here: a document added but not listed is deleted, and a
// listed one that was not added, was added with another hash or was added
// twice is indexed from get. The index is then settled on disk, and its
// facet table and description written; it answers queries as opts say
// (opts.Dir is the Builder's). The Builder is done with either way; on an
// error the index is closed.
func (bd *Builder) Finish(ctx context.Context, entries []Entry, get func(i int) (*Doc, error), opts Options) (*Index, Changes, error) {
	if err := bd.drain(ctx); err != nil {
		bd.close()
		return nil, Changes{}, err
	}
	ix := newIndex(opts)
	ix.bleve = bd.b
	err := bd.finish(ctx, ix, entries, get)
	if err != nil {
		bd.close()
		return nil, Changes{}, err
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log.Info("search index built", slog.String("dir", bd.dir), slog.Int("documents", len(entries)), slog.Duration("took", time.Since(bd.start)))
	return ix, Changes{Added: len(entries), Rebuilt: true, Why: bd.why, Took: time.Since(bd.start)}, nil
}

func (bd *Builder) close() {
	buildErrors.Delete(storePath(bd.path))
	bd.b.Close()
}

func (bd *Builder) finish(ctx context.Context, ix *Index, entries []Entry, get func(i int) (*Doc, error)) error {
	at, err := ix.listed(entries, get)
	if err != nil {
		return err
	}
	batch := ix.bleve.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		err := ix.bleve.Batch(batch)
		batch = ix.bleve.NewBatch()
		return err
	}
	for o, s := range bd.slots {
		if _, listed := at[s.ID]; !listed {
			batch.Delete(s.ID)
			bd.slots[o], bd.values[o] = slot{}, nil
			delete(bd.ords, s.ID)
		}
	}
	for i, e := range entries {
		o, added := bd.ords[e.ID]
		if added && bd.slots[o].Hash == e.Hash && !bd.twice[e.ID] {
			continue
		}
		if !added {
			o = len(bd.slots)
			bd.slots = append(bd.slots, slot{})
			bd.values = append(bd.values, nil)
		}
		d, err := get(i)
		if err != nil {
			return err
		}
		if err := batch.Index(d.ID, body(d, o)); err != nil {
			return fmt.Errorf("indexing %s: %w", d.ID, err)
		}
		bd.slots[o], bd.values[o] = slot(e), facetValues(d)
		if batch.Size() >= batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if bulk {
		if err := ix.settle(ctx, bd.path); err != nil {
			return err
		}
	}
	ix.facets = makeFacetTable(len(bd.slots), func(o int) [][]string { return bd.values[o] })
	bd.values = nil
	ix.corpus = entriesHash(entries)
	if err := ix.persist(bd.dir, bd.slots); err != nil {
		return err
	}
	return ix.analyzers()
}
