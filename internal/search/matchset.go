package search

import (
	"math"
	"sync"
	"weak"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// The match set of a search is gathered as bleve hands each match to the
// collector: the searcher is wrapped so that every document it returns is
// marked, by its ordinal, in a bit set. bleve numbers a document by its
// place in the index's segments (its internal number), which the table
// below turns into the document's ordinal. Reading the ordinal's doc value
// for every match instead cost about 180 ns a match, nearly half of a
// search at 100,000 documents.

// ordTable maps bleve's internal document numbers in one snapshot of the
// index to the documents' ordinals (-1: no document).
type ordTable struct {
	// snap is the snapshot the table was made from; a weak pointer, so that
	// the table keeps no snapshot alive, and never equal to a later
	// snapshot that happens to reuse the memory.
	snap weak.Pointer[scorch.IndexSnapshot]
	ords []int32
	// cuts keeps bounds' answers: every search of a split index asks for
	// them, and finding them reads the whole table (0.6 ms at 100,000
	// documents).
	mu   sync.Mutex
	cuts map[int][]uint64
}

// ordCache keeps the table of the snapshot searched last: an index that
// is not being written keeps one snapshot, so the table is made once.
type ordCache struct {
	mu   sync.Mutex
	last *ordTable
}

// table returns the table of r's snapshot, making it if r is not the
// snapshot of the last table. A reader that is not a scorch snapshot gets
// a table made afresh.
func (c *ordCache) table(r index.IndexReader, docs int) (*ordTable, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		ords, err := makeOrds(r, docs)
		return &ordTable{ords: ords}, err
	}
	key := weak.Make(snap)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != nil && c.last.snap == key {
		return c.last, nil
	}
	ords, err := makeOrds(r, docs)
	if err != nil {
		return nil, err
	}
	c.last = &ordTable{snap: key, ords: ords}
	return c.last, nil
}

// bounds cuts the snapshot's internal document numbers into at most parts
// ranges of about as many documents each: range k runs from out[k] up to
// out[k+1] (excluded), the last to the end. Fewer ranges come back when
// there are fewer documents than parts. The answer is kept and shared:
// callers only read it.
func (t *ordTable) bounds(parts int) []uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if cut, ok := t.cuts[parts]; ok {
		return cut
	}
	cut := t.cut(parts)
	if t.cuts == nil {
		t.cuts = make(map[int][]uint64)
	}
	t.cuts[parts] = cut
	return cut
}

// cut finds bounds' answer.
func (t *ordTable) cut(parts int) []uint64 {
	live := 0
	for _, o := range t.ords {
		if o >= 0 {
			live++
		}
	}
	parts = max(1, min(parts, live))
	out := make([]uint64, 1, parts+1)
	seen := 0
	for n, o := range t.ords {
		if o < 0 {
			continue
		}
		// The first live document of range k starts it.
		if seen > 0 && seen*parts/live != (seen-1)*parts/live {
			out = append(out, uint64(n))
		}
		seen++
	}
	return append(out, math.MaxUint64)
}

// makeOrds reads the ordinal of every document in r, once.
func makeOrds(r index.IndexReader, docs int) ([]int32, error) {
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer ids.Close()
	dv, err := r.DocValueReader([]string{fieldOrd})
	if err != nil {
		return nil, err
	}
	ords := make([]int32, 0, docs)
	for {
		id, err := ids.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			return ords, nil
		}
		n := id.Value()
		for uint64(len(ords)) <= n {
			ords = append(ords, -1)
		}
		ord := -1
		err = dv.VisitDocValues(id, func(_ string, term []byte) {
			if v, ok := parseOrdinal(term); ok {
				ord = v
			}
		})
		if err != nil {
			return nil, err
		}
		if ord >= 0 && ord < docs {
			ords[n] = int32(ord)
		}
	}
}

// parseOrdinal reads the decimal ordinal of a doc value.
func parseOrdinal(term []byte) (int, bool) {
	if len(term) == 0 || len(term) > 9 {
		return 0, false
	}
	n := 0
	for _, b := range term {
		if b < '0' || b > '9' {
			return 0, false
		}
		n = n*10 + int(b-'0')
	}
	return n, true
}

// markingSearcher marks, in match, the ordinal of every document its
// searcher returns: the set of all matches, whatever page is shown. It
// returns only the documents whose internal numbers run from from up to to
// (excluded), the part of the index one goroutine searches (collect.go):
// the first call advances its searcher to from, and the first document at
// or past to ends it. When allow is not nil, it also passes over every
// document whose ordinal allow does not hold: the documents of the filters
// the facet table answers (filtered.go).
type markingSearcher struct {
	bsearch.Searcher
	ords     []int32
	match    []uint64
	allow    []uint64 // nil: every document
	from, to uint64
	started  bool
}

func (s *markingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	var dm *bsearch.DocumentMatch
	var err error
	if !s.started && s.from > 0 {
		s.started = true
		dm, err = s.Searcher.Advance(ctx, index.NewIndexInternalID(nil, s.from))
	} else {
		s.started = true
		dm, err = s.Searcher.Next(ctx)
	}
	return s.keep(ctx, dm, err)
}

func (s *markingSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	s.started = true
	if len(id) == 8 && id.Value() < s.from {
		id = index.NewIndexInternalID(nil, s.from)
	}
	dm, err := s.Searcher.Advance(ctx, id)
	return s.keep(ctx, dm, err)
}

// keep marks dm, or ends the range when dm is past it, or passes over it
// to the next document allow holds.
func (s *markingSearcher) keep(ctx *bsearch.SearchContext, dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	for {
		if dm == nil || err != nil || len(dm.IndexInternalID) != 8 {
			return dm, err
		}
		n := dm.IndexInternalID.Value()
		if n >= s.to {
			ctx.DocumentMatchPool.Put(dm)
			return nil, nil
		}
		o := int32(-1)
		if n < uint64(len(s.ords)) {
			o = s.ords[n]
		}
		if s.allow == nil || (o >= 0 && int(o/64) < len(s.allow) && s.allow[o/64]&(1<<(o%64)) != 0) {
			if o >= 0 {
				s.match[o/64] |= 1 << (o % 64)
			}
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
		dm, err = s.Searcher.Next(ctx)
	}
}
