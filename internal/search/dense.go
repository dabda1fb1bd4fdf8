package search

import (
	"cmp"
	"context"
	"log/slog"
	"maps"
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
// The commonest terms of the text fields, of the field prefixes are
// searched in, and of the records' fields (a word that names a person,
// place or organisation also finds the documents attached to its record)
// are therefore also kept decoded, segment by segment: a byte a document
// for the term's frequency there (0: not there), and for each field the
// length that gives the field's norm, the same for every term of a
// document. Reading such a term is a pass over its bytes, or a look-up at
// each document a conjunction still holds. Its scores are the postings'
// own, bleve's tf-idf of the same frequency and norm, so nothing a search
// answers changes.
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
// those a word or a prefix is searched in, and the records' fields, where
// a word that names someone, somewhere or something is searched too.
var decodedFields = append(slices.Clip(textFields), fieldWords, fieldPerson, fieldPlace, fieldOrg)

// decodeShare is how small a share of its segment's documents a term may
// be in and still be kept decoded: a byte a document against a posting
// of a few bytes. (A variable so that tests can keep every term.)
var decodeShare = 8

// decodeMin is the fewest postings a term kept decoded has in a segment:
// a few are read as fast as their bytes, and a small segment would
// otherwise keep every term. (A variable so that tests can keep every
// term.)
var decodeMin uint64 = 256

// denseTables keeps the decoded terms of the index's segments.
type denseTables struct {
	budget int64
	// segs maps the Id of each segment that has been looked at to its
	// tables; it is replaced whole, never changed, so searches read it
	// without a lock. (An Id, not the segment: scorch replaces a segment
	// it has just written to disk by the same segment read from the
	// file, under the same Id.)
	segs atomic.Pointer[map[uint64]*denseSeg]
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
	terms map[string]*denseTerm
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
	var have map[uint64]*denseSeg
	if p := dt.segs.Load(); p != nil {
		have = *p
	}
	out := make([]*denseSeg, len(segs))
	missing := false
	for i, s := range segs {
		d, ok := have[s.Id()]
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
	if dt.budget < 0 {
		return
	}
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
	var have map[uint64]*denseSeg
	if p := dt.segs.Load(); p != nil {
		have = *p
	}
	kept := make(map[uint64]*denseSeg, len(snap.Segments()))
	var used int64
	var fresh []*scorch.SegmentSnapshot
	for _, s := range snap.Segments() {
		if d, ok := have[s.Id()]; ok {
			kept[s.Id()] = d
			used += d.bytes
		} else {
			fresh = append(fresh, s)
		}
	}
	// The tables of segments gone are let go before new ones are made,
	// so that the bound holds while they are made too.
	dt.segs.Store(&kept)
	segs := make([]segment.Segment, len(fresh))
	for i, s := range fresh {
		segs[i] = s.Segment()
	}
	tables, err := makeDense(ctx, segs, dt.budget-used)
	if err != nil && ctx.Err() != nil {
		return 0, err
	}
	next := maps.Clone(kept)
	for i, s := range fresh {
		// Segments whose terms could not be read get empty tables, so
		// that searches do not try again and again: they read the
		// postings.
		next[s.Id()] = &denseSeg{}
		if err == nil {
			next[s.Id()] = tables[i]
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
			for n := 1; ; n++ {
				if n%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
				}
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
				if n := pl.Count(); n >= decodeMin && n*uint64(decodeShare) >= docs {
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
			f = &denseField{norms: make([]float32, c.docs), terms: make(map[string]*denseTerm)}
			d.fields[c.field] = f
			d.bytes += 4 * int64(c.docs)
			budget -= 4 * int64(c.docs)
		}
		if bad[f] {
			continue
		}
		t, ok, err := decodeTerm(ctx, segs[c.seg], c.field, c.term, f.norms)
		if err != nil {
			return nil, err
		}
		if !ok {
			bad[f] = true
			continue
		}
		f.terms[c.term] = t
		n := int64(len(t.tf)) + termCost(c.term) + overCost*int64(len(t.over))
		d.bytes += n
		budget -= n
	}
	for f := range bad {
		clear(f.terms)
	}
	return out, nil
}

// termCost is what a kept term takes besides its bytes: its text, and
// its entry in its field's map (about 64 bytes).
func termCost(term string) int64 { return int64(len(term)) + 64 }

// overCost is what a frequency of 255 or more takes, kept in a map
// beside the bytes.
const overCost = 16

// denseTerm is a term's frequency in each document of a segment, by its
// number there: 0 for none, 255 for 255 or more, the frequency then in
// over.
type denseTerm struct {
	tf   []uint8
	over map[uint32]uint64
}

// freq is the term's frequency in document d of the segment.
func (t *denseTerm) freq(d uint64) uint64 {
	f := t.tf[d]
	if f == 255 {
		return t.over[uint32(d)]
	}
	return uint64(f)
}

// decodeTerm reads a term's postings in one field of s: its frequency in
// each document, and each document's norm into norms. ok is false when a
// norm differs from one another term gave the same document.
func decodeTerm(ctx context.Context, s segment.Segment, field, term string, norms []float32) (t *denseTerm, ok bool, err error) {
	dict, err := s.Dictionary(field)
	if err != nil {
		return nil, false, err
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, false, err
	}
	t = &denseTerm{tf: make([]uint8, len(norms))}
	it := pl.Iterator(true, true, false, nil)
	n := 0
	for {
		p, err := it.Next()
		if err != nil {
			return nil, false, err
		}
		if p == nil {
			return t, true, nil
		}
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		d := p.Number()
		if d >= uint64(len(t.tf)) || p.Frequency() == 0 {
			return nil, false, nil
		}
		if f := p.Frequency(); f < 255 {
			t.tf[d] = uint8(f)
		} else {
			t.tf[d] = 255
			if t.over == nil {
				t.over = make(map[uint32]uint64)
			}
			t.over[uint32(d)] = f
		}
		norm := float32(p.Norm())
		switch {
		case norms[d] == 0:
			norms[d] = norm
		case norms[d] != norm:
			return nil, false, nil
		}
	}
}

// decodedTerm is a term's decoded frequencies in a segment and its
// field's norms there.
type decodedTerm struct {
	*denseTerm
	norms []float32
}

// term returns the decoded frequencies of term in field, and the field's
// norms; a nil denseTerm when it is not kept.
func (d *denseSeg) term(field string, term []byte) decodedTerm {
	if d == nil {
		return decodedTerm{}
	}
	f := d.fields[field]
	if f == nil {
		return decodedTerm{}
	}
	t := f.terms[string(term)]
	if t == nil {
		return decodedTerm{}
	}
	return decodedTerm{t, f.norms}
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
