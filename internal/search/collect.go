package search

import (
	"context"
	"runtime"
	"slices"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"
)

// A search of a large index runs on every core: the index's internal
// document numbers are cut into ranges of about as many documents, one
// goroutine searches each range with its own searcher over the same
// snapshot, and the parts are merged. A snapshot does not change, so each
// part scores a document as a single pass would (the same statistics), and
// bleve numbers the hits of a pass in the order it finds them, which is
// the order of the ranges: the merged page is the single pass's page.

// splitMin is the smallest index, in documents, whose searches are split
// across cores. A split costs a fixed 60-110 µs of CPU (a second searcher
// built, a goroutine woken and waited for); from 20,000 documents a query
// that matches a twentieth of them reads a thousand matches or more, at
// about 200 ns a match 200 µs or more, of which a split saves half on an
// idle core (docs/PERFORMANCE.md, "Both cores for one search"). A variable so that tests can split a
// small index.
var splitMin = 20_000

// maxParts bounds the goroutines of one search, whatever the cores.
const maxParts = 8

// cores is the number of goroutines a split search would use (a variable
// so that tests can split in more parts than the machine has cores).
var cores = func() int { return runtime.GOMAXPROCS(0) }

// collect runs q under ctx and returns the hits from skip to skip+size in
// the given order, the facet counts of every match, and the number of
// matches. It is bleve's SearchInContext without its facets: the
// searcher is wrapped to mark every match in the facetCounter's set.
func (ix *Index) collect(ctx context.Context, q query.Query, order []string, size, skip int) (bsearch.DocumentMatchCollection, *facetCounter, uint64, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, nil, 0, err
	}
	defer r.Close()
	return ix.collectIn(ctx, r, q, order, size, skip)
}

// collectIn is collect in the snapshot r.
func (ix *Index) collectIn(ctx context.Context, r index.IndexReader, q query.Query, order []string, size, skip int) (bsearch.DocumentMatchCollection, *facetCounter, uint64, error) {
	t, err := ix.ords.table(r, ix.facets.docs())
	if err != nil {
		return nil, nil, 0, err
	}
	parts := 1
	if ix.facets.docs() >= splitMin {
		parts = min(cores(), maxParts)
	}
	counter := newFacetCounter(ix.facets)
	if o, ok := ix.taatOrderOf(order); ok {
		hits, total, ok, err := taatCollect(ctx, r, ix.bleve.Mapping(), q, o, size, skip, t, ix.dense, parts, counter.match)
		if err != nil {
			return nil, nil, 0, err
		}
		if ok {
			return hits, counter, total, nil
		}
	}
	if parts == 1 {
		p := part{match: counter.match, to: ^uint64(0)}
		if err := ix.collectPart(ctx, r, q, order, size, skip, t.ords, &p); err != nil {
			return nil, nil, 0, err
		}
		return p.hits, counter, p.total, nil
	}
	bounds := t.bounds(parts)
	ps := make([]part, len(bounds)-1)
	g, gctx := errgroup.WithContext(ctx)
	for k := range ps {
		ps[k] = part{from: bounds[k], to: bounds[k+1], match: counter.match}
		if k > 0 {
			ps[k].match = make([]uint64, len(counter.match))
		}
		g.Go(func() error {
			// Each part keeps the first size+skip hits of its range: the
			// page is among them.
			return ix.collectPart(gctx, r, q, order, size+skip, 0, t.ords, &ps[k])
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, 0, err
	}
	hits, total := mergeParts(ps, order, size, skip)
	for _, p := range ps[1:] {
		for i, w := range p.match {
			counter.match[i] |= w
		}
	}
	return hits, counter, total, nil
}

// reader returns a reader of the index's current snapshot, to be closed.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// part is the range of internal document numbers one goroutine searches,
// and what it found there.
type part struct {
	from, to uint64
	match    []uint64 // the ordinals of its matches
	hits     bsearch.DocumentMatchCollection
	total    uint64
}

// collectPart searches the range of p with a searcher of its own.
func (ix *Index) collectPart(ctx context.Context, r index.IndexReader, q query.Query, order []string, size, skip int, ords []int32, p *part) error {
	// The deadline is enforced where the work is done, in the term
	// readers: the collector alone looks at it every 1,024 matches.
	r = withDeadline(ctx, r)
	// The terms a searcher may open are counted per searcher: each part
	// opens those of the whole query, as a single pass would.
	sctx := bsearch.ContextWithTermSearchersCounter(ctx)
	var searcher bsearch.Searcher
	var allow []uint64 // nil: every document
	var err error
	if f, ok := q.(*filtered); ok {
		searcher, allow, err = f.searcher(sctx, r, ix.bleve.Mapping(), bsearch.SearcherOptions{}, postFilterShare)
	} else {
		searcher, err = q.Searcher(sctx, r, ix.bleve.Mapping(), bsearch.SearcherOptions{})
	}
	if err != nil {
		return err
	}
	defer searcher.Close()
	// A sort order keeps the values of the hit being sorted: one each.
	coll := collector.NewTopNCollector(size, skip, bsearch.ParseSortOrderStrings(order))
	marking := &markingSearcher{Searcher: searcher, ords: ords, match: p.match, allow: allow, from: p.from, to: p.to}
	if err := coll.Collect(ctx, marking, r); err != nil {
		return err
	}
	p.hits, p.total = coll.Results(), coll.Total()
	return nil
}

// mergeParts returns the hits from skip to skip+size of the parts' hits
// in the given order, and the number of matches. A hit's number, which
// breaks ties, counts on from the matches of the parts before.
func mergeParts(ps []part, order []string, size, skip int) (bsearch.DocumentMatchCollection, uint64) {
	var all bsearch.DocumentMatchCollection
	var total uint64
	for _, p := range ps {
		for _, h := range p.hits {
			h.HitNumber += total
			all = append(all, h)
		}
		total += p.total
	}
	so := bsearch.ParseSortOrderStrings(order)
	scoring, desc := so.CacheIsScore(), so.CacheDescending()
	slices.SortFunc(all, func(a, b *bsearch.DocumentMatch) int { return so.Compare(scoring, desc, a, b) })
	if skip >= len(all) {
		return nil, total
	}
	return all[skip:min(len(all), skip+size)], total
}
