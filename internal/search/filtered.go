package search

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// A filter (a year, a person, a language, a date range) only selects:
// it says nothing of how well a document answers the words of a query.
// So filters are searched unscored, and a document's score is that of its
// words alone, as with bleve's own filter clause (BooleanQuery.AddFilter).
//
// bleve's filter clause reads every match of the words and then looks each
// one up in the filter: "government person:pishevari" scored every
// document that says "government" to keep the few that name Pishevari.
// Here the words and the filter are joined by bleve's conjunction, which
// leaps each to the other's next document, so a narrow filter skips the
// words' other matches and a narrow query skips the filter's. Unscored,
// the filter's postings are read without their frequencies and norms, and
// bleve folds several filters, and the many terms of a date range, into
// one bitmap of their documents (its "unadorned" postings).
//
// TestFiltersOnlySelect compares every hit, score and order with bleve's
// filter clause, and the matches with the filters searched as scored
// clauses, as they were. (Where the words can match nothing, bleve's filter
// clause drops them and returns all the filter holds; here, as before,
// nothing matches.)

// A filter on a facet's value (a year, a person, a language) has its
// documents in the facet table already, as a bitmap of ordinals. When
// those documents are many beside the words' matches, leaping between the
// two costs more than reading the words' matches alone and passing over
// those the bitmap does not hold (markingSearcher): both read nearly every
// match of the words, but a leap costs more than a step. When they are
// few, the leaps skip most of the words' matches. So the words' searcher
// is built first, and its count of postings, which is what reading it
// costs, decides (postFilterShare). Either way the same documents match
// with the same scores (TestFiltersOnlySelect runs both ways).

// postFilterShare is the share of the words' postings from which the
// facet filters' documents are many enough to be checked on the words'
// matches rather than leapt to. (A variable so that tests can force either
// way.)
var postFilterShare = 0.25

// filtered is a query whose filters select among the matches of scored
// (nil: every document) without changing their scores.
type filtered struct {
	scored query.Query
	// filters are searched by bleve: values the facet table does not
	// list, and date ranges when it keeps no dates.
	filters []query.Query
	// tabled are the filters on facet values and date ranges, docs their
	// documents by ordinal (all must hold), and dense the same as bits.
	tabled []query.Query
	docs   *roaring.Bitmap
	dense  func() []uint64
}

// newFiltered joins scored to the filters cs.
func (ix *Index) newFiltered(scored query.Query, cs []filterClause) *filtered {
	q := &filtered{scored: scored}
	for _, c := range cs {
		col := columnOf(c.field)
		dated := c.field == "" && (!c.from.IsZero() || !c.to.IsZero())
		if ix.facets == nil || (col < 0 && !(dated && ix.facets.dateColumns())) {
			q.filters = append(q.filters, c.q)
			continue
		}
		var docs *roaring.Bitmap
		if dated {
			docs = ix.facets.docsDated(c.from, c.to)
		} else {
			docs = ix.facets.docsWith(col, c.value)
		}
		if q.docs == nil {
			q.docs = docs
		} else {
			q.docs.And(docs)
		}
		q.tabled = append(q.tabled, c.q)
	}
	if q.docs != nil {
		// Made once, by the first searcher that checks: not at all for
		// a narrow filter, nor when the query is built only to mark a
		// document's words (Marker).
		q.dense = sync.OnceValue(func() []uint64 {
			if d := q.docs.ToDense(); d != nil {
				return d
			}
			return []uint64{} // no document: not every document
		})
	}
	return q
}

// Searcher searches every filter through bleve.
func (q *filtered) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, _, err := q.searcher(ctx, r, m, opts, math.Inf(1))
	return s, err
}

// searcher returns q's searcher and, when the filters on facet values are
// left to the caller to check, their documents by ordinal. share is
// postFilterShare.
func (q *filtered) searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions, share float64) (bsearch.Searcher, []uint64, error) {
	var scored bsearch.Searcher
	var err error
	if q.scored == nil {
		scored, err = searcher.NewMatchAllSearcher(ctx, r, 1, opts)
	} else {
		scored, err = q.scored.Searcher(ctx, r, m, opts)
	}
	if err != nil {
		return nil, nil, err
	}
	filters := q.filters
	var allow []uint64
	if q.docs != nil && float64(q.docs.GetCardinality()) >= share*float64(scored.Count()) {
		allow = q.dense()
	} else {
		filters = append(slices.Clip(q.tabled), q.filters...)
	}
	if len(filters) == 0 {
		return scored, allow, nil
	}
	var f query.Query = query.NewConjunctionQuery(filters)
	if len(filters) == 1 {
		f = filters[0]
	}
	filter, err := f.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		scored.Close()
		return nil, nil, err
	}
	both, err := searcher.NewConjunctionSearcher(ctx, r, []bsearch.Searcher{scored, unweighted{filter}}, opts)
	if err != nil {
		scored.Close()
		filter.Close()
		return nil, nil, err
	}
	return both, allow, nil
}

// unweighted is a searcher that adds nothing to the scores of the
// conjunction it is part of: its weight is nought, so the conjunction's
// query norm is its other part's own. (Searched unscored, its matches
// score nought.)
type unweighted struct {
	bsearch.Searcher
}

func (unweighted) Weight() float64 { return 0 }
