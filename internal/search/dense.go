package search

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A search a term at a time (taat.go) reads every posting of its terms.
// For a word in most documents, zap decodes each posting through its
// iterator, 30–40 ns each, and a query of three common words reads
// 300,000 of them at 100,000 documents: most of its time.
//
// The commonest terms of the text fields, and of the field prefixes are
// searched in, are therefore also kept decoded,
// segment by segment: a byte a document for the term's frequency there (0:
// not there), and for each field the length that gives the field's norm,
// the same for every term of a document. Reading such a term is a pass
// over its bytes. Its scores are the postings' own, bleve's tf-idf of the
// same frequency and norm, so nothing a search answers changes.
//
// A segment never changes, so neither do its tables. They are made in the
// background when the index is opened, and when a search meets a segment
// without one (after an update, or a merge of segments); the tables of
// segments no longer in the index are dropped then. Until they are made, the postings
// are read as before. All the tables together are bounded in bytes
// (Options.DenseTerms); the terms in the largest share of their segment's
// documents are kept first, as they save the most per byte.

// DefaultDenseTerms bounds the decoded terms kept by default: at 100,000
// documents, about 600 of the commonest terms, 640 bytes a document.
const DefaultDenseTerms = 128 << 20

// decodedFields are the fields whose commonest terms are kept decoded:
// those a word or a prefix is searched in.
var decodedFields = append(slices.Clip(textFields), fieldWords)

// decodeShare is how small a share of its segment's documents a term may
// be in and still be kept decoded: a byte a document against a posting
// of a few bytes. (A variable so that tests can keep every term.)
var decodeShare = 8

// denseTables keeps the decoded terms of the index's segments.
type denseTables struct {
	budget int64
	// segs maps each segment that has been looked at to its tables; it is
	// replaced whole, never changed, so searches read it without a lock.
	segs atomic.Pointer[map[segment.Segment]*denseSeg]
	// open gives a snapshot to build from.
	open func() (index.IndexReader, error)
	log  *slog.Logger

	mu       sync.Mutex // guards building, built and stopped
	building bool
	built    chan struct{} // closed when the making under way ends
	stopped  bool
	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// denseSeg is one segment's decoded terms, by field and term.
type denseSeg struct {
	fields map[string]*denseField
	bytes  int64
}

// denseField is the decoded terms of one field of a segment.
type denseField struct {
	// norms is each document's norm in the field, by its number in the
	// segment, where a kept term is in the document.
	norms []float32
	terms map[string][]uint8
}

// newDenseTables keeps at most budget bytes of decoded terms (none when
// budget is negative), made from the snapshots open gives; each making
// is logged to log (nil: not logged).
func newDenseTables(budget int64, open func() (index.IndexReader, error), log *slog.Logger) *denseTables {
	ctx, cancel := context.WithCancel(context.Background())
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &denseTables{budget: budget, open: open, log: log, ctx: ctx, cancel: cancel}
}

// lookup returns the tables of each of segs (nil where there are none
// yet) and starts making the missing ones in the background.
func (dt *denseTables) lookup(segs []*scorch.SegmentSnapshot) []*denseSeg {
	if dt == nil || dt.budget < 0 {
		return nil
	}
	var have map[segment.Segment]*denseSeg
	if p := dt.segs.Load(); p != nil {
		have = *p
	}
	out := make([]*denseSeg, len(segs))
	missing := false
	for i, s := range segs {
		d, ok := have[s.Segment()]
		out[i] = d
		missing = missing || !ok
	}
	if missing {
		dt.start()
	}
	return out
}

// start makes the missing tables in the background, unless they are
// being made already or the index is closed.
func (dt *denseTables) start() {
	dt.mu.Lock()
	defer dt.mu.Unlock()
	if dt.building || dt.stopped {
		return
	}
	dt.building = true
	built := make(chan struct{})
	dt.built = built
	dt.wg.Add(1)
	go func() {
		defer dt.wg.Done()
		defer close(built)
		// A table that cannot be made is not: its terms are read from
		// their postings, as without tables.
		start := time.Now()
		if made, err := dt.refresh(dt.ctx); err != nil {
			if dt.ctx.Err() == nil {
				dt.log.Warn("search terms not decoded; searches read their postings", "error", err)
			}
		} else if made > 0 {
			dt.log.Info("search terms decoded", "segments", made, "bytes", dt.bytes(), "took", time.Since(start).Round(time.Millisecond))
		}
		dt.mu.Lock()
		dt.building = false
		dt.mu.Unlock()
	}()
}

// wait waits for the making under way, if any, to end.
func (dt *denseTables) wait() {
	if dt == nil {
		return
	}
	dt.mu.Lock()
	built := dt.built
	dt.mu.Unlock()
	if built != nil {
		<-built
	}
}

// stop ends a build under way and waits for it: the index is closing.
func (dt *denseTables) stop() {
	if dt == nil {
		return
	}
	dt.mu.Lock()
	dt.stopped = true
	dt.mu.Unlock()
	dt.cancel()
	dt.wg.Wait()
	dt.segs.Store(nil)
}

// refresh makes the tables of the current snapshot's segments that have
// none, and drops those of segments no longer in it. made is the number
// of segments whose tables it made.
func (dt *denseTables) refresh(ctx context.Context) (made int, err error) {
	r, err := dt.open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, nil
	}
	var have map[segment.Segment]*denseSeg
	if p := dt.segs.Load(); p != nil {
		have = *p
	}
	next := make(map[segment.Segment]*denseSeg, len(snap.Segments()))
	var used int64
	var fresh []segment.Segment
	for _, s := range snap.Segments() {
		if d, ok := have[s.Segment()]; ok {
			next[s.Segment()] = d
			used += d.bytes
		} else {
			fresh = append(fresh, s.Segment())
		}
	}
	tables, err := makeDense(ctx, fresh, dt.budget-used)
	if err != nil && ctx.Err() != nil {
		return 0, err
	}
	for i, s := range fresh {
		// Segments whose terms could not be read get empty tables, so
		// that searches do not try again and again: they read the
		// postings.
		next[s] = &denseSeg{}
		if err == nil {
			next[s] = tables[i]
		}
	}
	dt.segs.Store(&next)
	return len(fresh), err
}

// denseCandidate is a term that may be kept decoded.
type denseCandidate struct {
	seg   int
	field string
	term  string
	count uint64
	docs  uint64
}

// makeDense makes the tables of segs within budget bytes: every segment
// gets one, empty when none of its terms is common enough or fits.
func makeDense(ctx context.Context, segs []segment.Segment, budget int64) ([]*denseSeg, error) {
	out := make([]*denseSeg, len(segs))
	var cands []denseCandidate
	for i, s := range segs {
		out[i] = &denseSeg{fields: make(map[string]*denseField)}
		docs := s.Count()
		for _, f := range decodedFields {
			dict, err := s.Dictionary(f)
			if err != nil {
				return nil, err
			}
			it := dict.AutomatonIterator(nil, nil, nil)
			for {
				e, err := it.Next()
				if err != nil {
					return nil, err
				}
				if e == nil {
					break
				}
				// The count the iterator gives is not used: zap's
				// iterator keeps the count of 1 of a term in one
				// document for every term after it. A postings list of
				// its own is counted right.
				pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
				if err != nil {
					return nil, err
				}
				if n := pl.Count(); n > 0 && n*uint64(decodeShare) >= docs {
					cands = append(cands, denseCandidate{seg: i, field: f, term: e.Term, count: n, docs: docs})
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	// The largest shares first: they save the most postings per byte.
	slices.SortFunc(cands, func(a, b denseCandidate) int {
		return cmp.Or(cmp.Compare(b.count*a.docs, a.count*b.docs), cmp.Compare(b.count, a.count), cmp.Compare(a.seg, b.seg), cmp.Compare(a.field, b.field), cmp.Compare(a.term, b.term))
	})
	// bad marks the fields whose norms disagree between two terms of a
	// document: they are kept in no table.
	bad := make(map[*denseField]bool)
	for _, c := range cands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := out[c.seg]
		f := d.fields[c.field]
		cost := int64(c.docs) + termCost(c.term)
		if f == nil {
			cost += 4 * int64(c.docs)
		}
		if cost > budget {
			continue
		}
		if f == nil {
			f = &denseField{norms: make([]float32, c.docs), terms: make(map[string][]uint8)}
			d.fields[c.field] = f
			d.bytes += 4 * int64(c.docs)
			budget -= 4 * int64(c.docs)
		}
		if bad[f] {
			continue
		}
		tf, ok, err := decodeTerm(ctx, segs[c.seg], c.field, c.term, f.norms)
		if err != nil {
			return nil, err
		}
		if !ok {
			bad[f] = true
			continue
		}
		if tf == nil {
			continue
		}
		f.terms[c.term] = tf
		d.bytes += int64(len(tf)) + termCost(c.term)
		budget -= int64(len(tf)) + termCost(c.term)
	}
	for f := range bad {
		clear(f.terms)
	}
	return out, nil
}

// termCost is what a kept term takes besides its bytes: its text, and
// its entry in its field's map (about 64 bytes).
func termCost(term string) int64 { return int64(len(term)) + 64 }

// decodeTerm reads a term's postings in one field of s: its frequency in
// each document, and each document's norm into norms. ok is false when a
// norm differs from one another term gave the same document; tf is nil
// when a frequency does not fit in a byte.
func decodeTerm(ctx context.Context, s segment.Segment, field, term string, norms []float32) (tf []uint8, ok bool, err error) {
	dict, err := s.Dictionary(field)
	if err != nil {
		return nil, false, err
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, false, err
	}
	tf = make([]uint8, len(norms))
	it := pl.Iterator(true, true, false, nil)
	n := 0
	for {
		p, err := it.Next()
		if err != nil {
			return nil, false, err
		}
		if p == nil {
			return tf, true, nil
		}
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		d := p.Number()
		if d >= uint64(len(tf)) || p.Frequency() == 0 {
			return nil, false, nil
		}
		if p.Frequency() > 255 {
			return nil, true, nil
		}
		tf[d] = uint8(p.Frequency())
		norm := float32(p.Norm())
		switch {
		case norms[d] == 0:
			norms[d] = norm
		case norms[d] != norm:
			return nil, false, nil
		}
	}
}

// decodedTerm is a term's decoded frequencies in a segment, a byte a
// document, and its field's norms there.
type decodedTerm struct {
	tf    []uint8
	norms []float32
}

// term returns the decoded frequencies of term in field, and the field's
// norms; nil when it is not kept.
func (d *denseSeg) term(field string, term []byte) ([]uint8, []float32) {
	if d == nil {
		return nil, nil
	}
	f := d.fields[field]
	if f == nil {
		return nil, nil
	}
	tf := f.terms[string(term)]
	if tf == nil {
		return nil, nil
	}
	return tf, f.norms
}

// bytes is what all the kept tables take.
func (dt *denseTables) bytes() int64 {
	var n int64
	if p := dt.segs.Load(); p != nil {
		for _, d := range *p {
			n += d.bytes
		}
	}
	return n
}

// termCount is the number of documents of r holding term in field, read
// from the term's own postings lists: zap's dictionary iterator counts
// every term after a term of one document as held by one document, in a
// merged segment and a field without term vectors (blevesearch/zapx#445).
func termCount(r index.IndexReader, field, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	return tfr.Count(), nil
}
