package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"golang.org/x/sync/errgroup"
)

// Builder builds a new persisted index from documents handed over while
// the collection is still being read. Add never waits for the indexing:
// each document goes, encoded as PackDoc would before compressing it, to a
// spool file in the index folder, so that reading the folder runs at its own speed and holds no
// document's text, and the site can serve its pages before the index is
// built. Finish then indexes the spool on every core and brings the index
// to the collection as loaded (docs/PERFORMANCE.md, "The site serves while
// the index is built").
//
// A document takes the next ordinal when it first comes; ordinals need not
// follow the collection's order (Update gives the same freedom). Finish
// deletes what the collection left out (a duplicate), and indexes again
// from the collection what came twice, with another hash, or not at all.
type Builder struct {
	b     bleve.Index
	dir   string
	path  string
	why   string
	start time.Time
	stop  <-chan struct{}
	// indexed counts the documents of the spool indexed so far.
	indexed atomic.Int64

	mu sync.Mutex
	// spool holds the packed documents handed over, one after the other;
	// queue says where each is, in the order they came.
	spool *os.File
	queue []spooled
	end   int64
	ords  map[string]int // by document ID
	// slots and values are by ordinal: the document and its hash, and its
	// facet values.
	slots  []slot
	values [][][]string
	// twice are the IDs added more than once: which of the two the index
	// holds depends on which batch was indexed last.
	twice map[string]bool
	err   error // the first document that could not be spooled
	done  bool
}

// spooled is where one packed document is in the spool, and its ordinal.
type spooled struct {
	off int64
	n   int
	ord int
}

// spoolFile is the Builder's spool in the index folder, removed when the
// build ends (and by the next start, if it was cut short).
const spoolFile = "readingroom-spool"

// NewBuilder starts building a new index in opts.Dir, unless the folder
// holds an index that Update can reopen: then it returns nil, and Update
// reopens it and indexes only what changed. Once ctx is done, Add spools
// nothing more and Finish fails.
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
	spool, err := os.OpenFile(filepath.Join(opts.Dir, spoolFile), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	m, err := newMapping()
	if err != nil {
		closeSpool(spool)
		return nil, err
	}
	b, err := newBleve(path, m)
	if err != nil {
		closeSpool(spool)
		return nil, err
	}
	return &Builder{b: b, stop: ctx.Done(), dir: opts.Dir, path: path, why: why, start: time.Now(),
		spool: spool, ords: map[string]int{}, twice: map[string]bool{}}, nil
}

// closeSpool closes and removes a spool.
func closeSpool(f *os.File) {
	if f != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
	}
}

// Add hands document d over to be indexed and returns its DocHash; it may
// be called from any goroutine until Finish, and never waits for the
// indexing. A document that cannot be spooled (a full disk) makes Finish
// fail.
func (bd *Builder) Add(d *Doc) (hash string) {
	// Not compressed: the spool is on disk for minutes, and compressing
	// (PackDoc) cost a first start 4.8 of the reading's 110 CPU-seconds
	// at 100,000 documents, for 0.5 GB of disk instead of 1.
	packed, hash := encodeDoc(d)
	values := tableValues(d)
	bd.mu.Lock()
	defer bd.mu.Unlock()
	if bd.done || bd.err != nil {
		return hash
	}
	select {
	case <-bd.stop:
		return hash // Finish reports it
	default:
	}
	if _, err := bd.spool.Write(packed); err != nil {
		bd.err = fmt.Errorf("indexing %s: %w", d.ID, err)
		return hash
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
	bd.queue = append(bd.queue, spooled{off: bd.end, n: len(packed), ord: o})
	bd.end += int64(len(packed))
	return hash
}

// Progress returns how many documents handed over are indexed, and how
// many were handed over.
func (bd *Builder) Progress() (indexed, handed int) {
	bd.mu.Lock()
	handed = len(bd.queue)
	bd.mu.Unlock()
	return int(bd.indexed.Load()), handed
}

// spoolBatch is the most documents of a batch indexed from the spool. A
// batch being analysed holds its words, their positions and word pairs:
// about 330 MB for 1,000 generated documents, a fifth of the live heap
// of a 100,000-document library whose site serves meanwhile, which every
// collection marks again. Batches of 250 took a first start's index at
// 100,000 documents from about 950 s to 450 s and its peak from 3.0 to
// 2.6 GB (docs/PERFORMANCE.md, "The site serves while the index is
// built"); the index is merged to one segment at the end either way.
const spoolBatch = 250

// drain ends the hand-overs and indexes the spool: batches of spoolBatch
// documents, concurrentBatches at a time (while one is turned into a
// segment, the words of the next are analysed), each read, unpacked and
// mapped by the worker that indexes it.
func (bd *Builder) drain(ctx context.Context) error {
	bd.mu.Lock()
	if bd.done {
		bd.mu.Unlock()
		return errors.New("search: the build was finished already")
	}
	bd.done = true
	queue, err := bd.queue, bd.err
	bd.mu.Unlock()
	defer func() {
		closeSpool(bd.spool)
		bd.spool = nil
	}()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	chunks := make(chan []spooled)
	g, gctx := errgroup.WithContext(ctx)
	size := min(batchSize, spoolBatch)
	g.Go(func() error {
		defer close(chunks)
		for i := 0; i < len(queue); i += size {
			select {
			case chunks <- queue[i:min(i+size, len(queue))]:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	for range concurrentBatches {
		g.Go(func() error {
			var buf []byte
			for chunk := range chunks {
				batch := bd.b.NewBatch()
				for _, e := range chunk {
					if cap(buf) < e.n {
						buf = make([]byte, e.n)
					}
					buf = buf[:e.n]
					if _, err := bd.spool.ReadAt(buf, e.off); err != nil {
						return fmt.Errorf("search: reading the spool: %w", err)
					}
					d, err := decodeDoc(buf)
					if err != nil {
						return err
					}
					doc := document.NewDocument(d.ID)
					if err := bd.b.Mapping().MapDocument(doc, body(d, e.ord)); err != nil {
						return fmt.Errorf("indexing %s: %w", d.ID, err)
					}
					addStored(doc, d)
					_ = batch.IndexAdvanced(doc) // the ID is never empty: d came from a document
				}
				if err := gctx.Err(); err != nil {
					return err
				}
				if err := bd.b.Batch(batch); err != nil {
					return err
				}
				bd.indexed.Add(int64(len(chunk)))
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
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
	bd.done = true
	bd.mu.Unlock()
	if done {
		return
	}
	closeSpool(bd.spool)
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
		if err := indexDoc(batch, ix.bleve.Mapping(), d, o); err != nil {
			return fmt.Errorf("indexing %s: %w", d.ID, err)
		}
		bd.slots[o], bd.values[o] = slot(e), tableValues(d)
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
	ix.facets.setIDs(slotIDs(bd.slots))
	bd.values = nil
	ix.corpus = entriesHash(entries)
	if err := ix.persist(bd.dir, bd.slots); err != nil {
		return err
	}
	return ix.ready()
}
