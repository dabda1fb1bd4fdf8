package search

import (
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
}

// ordCache keeps the table of the snapshot searched last: an index that
// is not being written keeps one snapshot, so the table is made once.
type ordCache struct {
	mu   sync.Mutex
	last *ordTable
}

// ords returns the table of r's snapshot, making it if r is not the
// snapshot of the last table. A reader that is not a scorch snapshot gets
// a table made afresh.
func (c *ordCache) ords(r index.IndexReader, docs int) ([]int32, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return makeOrds(r, docs)
	}
	key := weak.Make(snap)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != nil && c.last.snap == key {
		return c.last.ords, nil
	}
	ords, err := makeOrds(r, docs)
	if err != nil {
		return nil, err
	}
	c.last = &ordTable{snap: key, ords: ords}
	return ords, nil
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
// searcher returns: the set of all matches, whatever page is shown.
type markingSearcher struct {
	bsearch.Searcher
	ords  []int32
	match []uint64
}

func (s *markingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.mark(dm.IndexInternalID)
	}
	return dm, err
}

func (s *markingSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.mark(dm.IndexInternalID)
	}
	return dm, err
}

func (s *markingSearcher) mark(id index.IndexInternalID) {
	if len(id) != 8 {
		return
	}
	n := id.Value()
	if n >= uint64(len(s.ords)) || s.ords[n] < 0 {
		return
	}
	o := s.ords[n]
	s.match[o/64] |= 1 << (o % 64)
}
