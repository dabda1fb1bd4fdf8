package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Filters select and do not score: every hit, score and order is what
// bleve's own filter clause gives, on every page and in every sort order,
// with the same matches for the facets, whether the words or the filter
// is the narrower, on an index of several segments, and whether the
// filters on facet values are leapt to or checked on the words' matches.
func TestFiltersOnlySelect(t *testing.T) {
	wasBatch, wasSplit, wasCores, wasShare := batchSize, splitMin, cores, postFilterShare
	t.Cleanup(func() { batchSize, splitMin, cores, postFilterShare = wasBatch, wasSplit, wasCores, wasShare })
	batchSize = 400 // several segments
	docs := splitDocs(1500)
	// Facets splitDocs leaves empty: subjects in several cases (indexed in
	// lower case, listed as written), bodies, senders and recipients.
	rng := rand.New(rand.NewPCG(7, 11))
	for _, d := range docs {
		for _, s := range []string{"Oil", "oil", "OIL", "Grain trade", "Schools", ""} {
			if rng.IntN(4) == 0 && s != "" {
				d.Subjects = append(d.Subjects, s)
			}
		}
		if rng.IntN(3) == 0 {
			d.Organisations = []string{[]string{"presidium", "tudeh"}[rng.IntN(2)]}
		}
		if rng.IntN(2) == 0 {
			d.Senders = []string{[]string{"dubrov", "sarkisov"}[rng.IntN(2)]}
			d.Recipients = []string{[]string{"mehdi", "presidium"}[rng.IntN(2)]}
		}
	}
	ix, err := Open(context.Background(), docs, Options{Names: inventedNames{}, ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	found := 0
	for _, share := range []float64{wasShare, 0, math.Inf(1)} {
		// As the index chooses, then always checked on the words'
		// matches, then always leapt to by bleve.
		postFilterShare = share
		for _, split := range []bool{false, true} {
			// Searched in one pass, then split in three parts (collect.go).
			splitMin, cores = wasSplit, wasCores
			if split {
				splitMin, cores = 0, func() int { return 3 }
			}
			found += filtersOnlySelect(t, ix)
		}
	}
	if found < 300 {
		t.Errorf("only %d of the pages found anything: the queries test too little", found)
	}
}

// filtersOnlySelect runs TestFiltersOnlySelect's queries and returns the
// number of pages that found something.
func filtersOnlySelect(t *testing.T, ix *Index) int {
	t.Helper()
	found := 0
	for _, qs := range []string{
		"harvest person:varlamov",                            // a word and a narrow filter
		"treaty year:1945",                                   // a broad filter
		"council lang:ru",                                    // a filter most documents hold
		"railway from:1945-03 to:1946-02",                    // a date range, its many terms
		"grain -winter archive:ARCH-A",                       // a negated word
		"-harvest year:1945",                                 // a negation alone
		"person:dubrov",                                      // a filter alone
		"year:1946 lang:ru person:sarkisov",                  // filters alone
		"Varlamov place:ostrogor",                            // a name and its place
		"tele* person:mehdi",                                 // a prefix
		`"grain railway" from:1946`,                          // a phrase, a range open at one end
		"варламов OR нефть to:1945-06",                       // alternatives in Russian
		"harvest person:nobody",                              // a filter nothing holds
		"harvest year:1930",                                  // nor this one
		"grain subject:oil",                                  // a value written in several cases
		"treaty subject:oil year:1945 lang:ru sender:dubrov", // several facet filters
		"council org:presidium from:1945-06",                 // a facet filter and a range
		"harvest archive:arch-a",                             // a value in another case than the index's
		"recipient:presidium -winter",                        // a negation and a filter
		"subject:schools subject:oil",                        // two values of one facet, both held
		"river subject:none",                                 // a subject nobody has
	} {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		b := ix.build(q, &Result{})
		f, ok := b.q.(*filtered)
		if !ok {
			t.Fatalf("%s: searched as %T, not as a filtered query", qs, b.q)
		}
		oracle := bleve.NewBooleanQuery()
		if f.scored != nil {
			oracle.AddMust(f.scored)
		}
		oracle.AddFilter(query.NewConjunctionQuery(append(slices.Clip(f.tabled), f.filters...)))
		// The filters as scored clauses, as they were searched before: the
		// same documents match.
		scoredToo := bleve.NewBooleanQuery()
		if f.scored != nil {
			scoredToo.AddMust(f.scored)
		} else {
			scoredToo.AddMust(bleve.NewMatchAllQuery())
		}
		scoredToo.AddMust(append(slices.Clip(f.tabled), f.filters...)...)
		_, asBefore, totalBefore, err := ix.collect(context.Background(), scoredToo, []string{"-_score"}, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, order := range [][]string{{"-_score"}, {fieldDate, "_id"}, {"-" + fieldDate, "_id"}} {
			for _, skip := range []int{0, 10, 200} {
				got, gotSet, gotTotal, err := ix.collect(context.Background(), b.q, order, 10, skip)
				if err != nil {
					t.Fatal(err)
				}
				want, wantSet, wantTotal, err := ix.collect(context.Background(), oracle, order, 10, skip)
				if err != nil {
					t.Fatal(err)
				}
				if gotTotal != wantTotal || !reflect.DeepEqual(matchList(got), matchList(want)) || !slices.Equal(gotSet.match, wantSet.match) {
					t.Errorf("%s sorted %v from %d: %d matches, want %d; hits\n%v\nwant\n%v", qs, order, skip, gotTotal, wantTotal, matchList(got), matchList(want))
				}
				if gotTotal != totalBefore || !slices.Equal(gotSet.match, asBefore.match) {
					t.Errorf("%s: %d matches, %d with the filters scored", qs, gotTotal, totalBefore)
				}
				if gotTotal > 0 {
					found++
				}
			}
		}
	}
	return found
}

// A word read as one term is searched as that term, with the scores
// bleve's MatchQuery gives it.
func TestOneTermWordsScoreAsMatchQueries(t *testing.T) {
	ix, err := Open(context.Background(), splitDocs(800), Options{ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	terms := 0
	for _, qs := range []string{"harvest", "Councils", "TREATY", "совет", "Телеграммы", "oil", "harvest railway", "grain OR школа", "river -winter"} {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		got := ix.build(q, &Result{})
		// The query as MatchQueries make it: every word in every text
		// field through the field's analyzer.
		var must, mustNot []query.Query
		for _, c := range q.Clauses {
			var alts []query.Query
			for _, w := range c.Alternatives {
				if w.Phrase || w.Prefix {
					t.Fatalf("%s: %q is not a word", qs, w.Text)
				}
				var qs []query.Query
				for _, f := range textFields {
					mq := bleve.NewMatchQuery(w.Text)
					mq.SetField(f)
					mq.Analyzer = queryAnalyzer[f]
					mq.SetOperator(query.MatchQueryOperatorAnd)
					qs = append(qs, mq)
				}
				alts = append(alts, bleve.NewDisjunctionQuery(qs...))
			}
			var cq query.Query = bleve.NewDisjunctionQuery(alts...)
			if len(alts) == 1 {
				cq = alts[0]
			}
			if c.Negate {
				mustNot = append(mustNot, cq)
			} else {
				must = append(must, cq)
			}
		}
		want := bleve.NewBooleanQuery()
		want.AddMust(must...)
		want.AddMustNot(mustNot...)
		terms += countTermQueries(got.q)
		g, _, gotTotal, err := ix.collect(context.Background(), got.q, []string{"-_score"}, 1<<20, 0)
		if err != nil {
			t.Fatal(err)
		}
		w, _, wantTotal, err := ix.collect(context.Background(), want, []string{"-_score"}, 1<<20, 0)
		if err != nil {
			t.Fatal(err)
		}
		if gotTotal == 0 || gotTotal != wantTotal || !reflect.DeepEqual(matchList(g), matchList(w)) {
			t.Errorf("%s: %d matches, want %d, or other hits or scores", qs, gotTotal, wantTotal)
		}
	}
	if terms == 0 {
		t.Error("no word was searched as a term")
	}
}

// countTermQueries counts the term queries in q's disjunctions and
// boolean clauses.
func countTermQueries(q query.Query) int {
	switch q := q.(type) {
	case *query.TermQuery:
		return 1
	case *query.DisjunctionQuery:
		n := 0
		for _, d := range q.Disjuncts {
			n += countTermQueries(d)
		}
		return n
	case *query.ConjunctionQuery:
		n := 0
		for _, c := range q.Conjuncts {
			n += countTermQueries(c)
		}
		return n
	case *query.BooleanQuery:
		return countTermQueries(q.Must) + countTermQueries(q.MustNot)
	}
	return 0
}

// A filter on a facet value costs the same whatever the number of values
// the facet lists: its documents are looked up, not searched for among
// them, so a query of many subject filters on a collection of many
// subjects stays cheap. Subjects are found in any case.
func TestFacetFilterCostDoesNotGrowWithValues(t *testing.T) {
	col := columnOf(fieldSubject)
	table := func(distinct int) *facetTable {
		return makeFacetTable(2000, func(o int) [][]string {
			values := make([][]string, len(facetFields))
			values[col] = []string{fmt.Sprintf("Subject %d", o%distinct)}
			if o%3 == 0 {
				values[col] = append(values[col], []string{"Oil", "oil", "OIL"}[o%9/3])
			}
			return values
		})
	}
	small, large := table(10), table(2000)
	for _, tb := range []*facetTable{small, large} {
		if got := tb.docsWith(col, "oil").GetCardinality(); got != 667 {
			t.Errorf("subject oil in any case: %d documents, want 667", got)
		}
		if got := tb.docsWith(col, "Oil").GetCardinality(); got != 0 {
			t.Errorf("a subject filter names the lowered value: Oil found %d documents", got)
		}
	}
	allocs := func(tb *facetTable) float64 {
		return testing.AllocsPerRun(50, func() {
			for range 80 {
				tb.docsWith(col, "oil")
			}
		})
	}
	if a, b := allocs(small), allocs(large); b > a*1.5 {
		t.Errorf("80 subject filters: %.0f allocations with 10 values, %.0f with 2,000", a, b)
	}
}
