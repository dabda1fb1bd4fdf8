package search

import (
	"context"

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

// filtered is a query whose filters select among the matches of scored
// (nil: every document) without changing their scores.
type filtered struct {
	scored  query.Query
	filters []query.Query
}

func (q *filtered) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	var scored bsearch.Searcher
	var err error
	if q.scored == nil {
		scored, err = searcher.NewMatchAllSearcher(ctx, r, 1, opts)
	} else {
		scored, err = q.scored.Searcher(ctx, r, m, opts)
	}
	if err != nil {
		return nil, err
	}
	var f query.Query = query.NewConjunctionQuery(q.filters)
	if len(q.filters) == 1 {
		f = q.filters[0]
	}
	filter, err := f.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		scored.Close()
		return nil, err
	}
	both, err := searcher.NewConjunctionSearcher(ctx, r, []bsearch.Searcher{scored, unweighted{filter}}, opts)
	if err != nil {
		scored.Close()
		filter.Close()
		return nil, err
	}
	return both, nil
}

// unweighted is a searcher that adds nothing to the scores of the
// conjunction it is part of: its weight is nought, so the conjunction's
// query norm is its other part's own. (Searched unscored, its matches
// score nought.)
type unweighted struct {
	bsearch.Searcher
}

func (unweighted) Weight() float64 { return 0 }
