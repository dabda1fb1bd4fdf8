package search

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// datedDocs are invented documents dated every way the archive's pages
// date them, and some ways they should not: a day, a month, a year (their
// date ending on its last day), no date, an end before the start, dates
// on the very bounds of the ranges tested, and dates bleve cannot hold.
func datedDocs() []*Doc {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	type span struct{ start, end time.Time }
	spans := []span{
		{day(1945, 11, 20), day(1945, 11, 20)},
		{day(1945, 12, 1), day(1945, 12, 31)},  // a month
		{day(1946, 1, 1), day(1946, 12, 31)},   // a year
		{day(1946, 3, 31), day(1946, 3, 31)},   // the last day of a range
		{day(1946, 4, 1), day(1946, 4, 1)},     // the first day of the next
		{day(1946, 4, 30), day(1946, 4, 1)},    // its end before its start
		{day(1946, 5, 15), time.Time{}},        // no end: the day alone
		{day(1944, 1, 1), day(1947, 12, 31)},   // a span over every range
		{day(1600, 1, 1), day(1600, 12, 31)},   // before bleve's dates
		{day(1946, 6, 1), day(2300, 1, 1)},     // ends after them
		{day(1946, 12, 31), day(1946, 12, 31)}, // the last day of a year
		{day(1947, 1, 1), day(1947, 1, 31)},
	}
	var docs []*Doc
	for i := range 90 {
		d := &Doc{ID: fmt.Sprintf("dated-%02d", i), Title: "harvest council", Translation: []Para{{N: 1, Text: "The harvest reached the council."}}, Languages: []string{"en"}}
		if i%len(spans) != 0 || i < len(spans) { // a few without a date
			s := spans[i%len(spans)]
			d.Date, d.DateEnd, d.HasDate = s.start, s.end, true
		}
		if i%len(spans) == 0 && i >= len(spans) {
			d.Title = "harvest council undated"
		}
		docs = append(docs, d)
	}
	return docs
}

// A range of dates selects, from the facet table, the documents bleve's
// own range queries on the dates the index holds select: the same for
// every bound, day, month and year, inclusive at both ends, in an index
// built at once and in one updated since, and in an index whose table was
// made before it kept the dates (its ranges searched by bleve).
func TestDateRangesAsBleve(t *testing.T) {
	docs := datedDocs()
	ix, err := Open(context.Background(), docs, Options{Names: inventedNames{}, ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.facets.dateColumns() {
		t.Fatal("a new index's table keeps no dates")
	}
	// The same documents, updated: a few dates changed, a few documents
	// removed and added, so the table is patched, not made.
	dir := t.TempDir()
	entries := func(docs []*Doc) []Entry {
		out := make([]Entry, len(docs))
		for i, d := range docs {
			out[i] = Entry{ID: d.ID, Hash: DocHash(d)}
		}
		return out
	}
	update := func(docs []*Doc) *Index {
		u, _, err := Update(context.Background(), entries(docs), func(i int) (*Doc, error) { return docs[i], nil }, Options{Dir: filepath.Join(dir, "ix"), Names: inventedNames{}, ResultCache: -1})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	update(docs[:60]).Close()
	next := slices.Clone(docs[5:])
	for i, d := range next {
		if i%4 == 0 {
			c := *d
			c.Date, c.DateEnd, c.HasDate = c.Date.AddDate(0, 1, 0), c.DateEnd.AddDate(0, 1, 0), true
			next[i] = &c
		}
	}
	updated := update(next)
	defer updated.Close()

	ranges := []string{
		"from:1946-04", "to:1946-03", "from:1946-03 to:1946-03", "from:1946-03-31 to:1946-03-31",
		"from:1946-04-01 to:1946-04-01", "from:1945 to:1945", "from:1946", "to:1946", "from:1945-12-31",
		"from:1946-05-15 to:1946-05-15", "from:1947-02", "to:1944-12", "from:1946-06 to:1946-04",
		"from:1900 to:2100", "from:1946-04-30 to:1946-04-30", "from:1946-12-31",
	}
	check := func(ix *Index, name string, wantTable bool) {
		t.Helper()
		if ix.facets.dateColumns() != wantTable {
			t.Fatalf("%s: the table keeps dates: %v, want %v", name, !wantTable, wantTable)
		}
		matched := 0
		for _, r := range ranges {
			for _, words := range []string{"", "harvest "} {
				qs := words + r
				b := ix.build(mustParse(t, qs), &Result{})
				f, ok := b.q.(*filtered)
				if !ok {
					t.Fatalf("%s: searched as %T", qs, b.q)
				}
				if tabled := len(f.tabled) > 0; tabled != wantTable {
					t.Errorf("%s: %s: ranges from the table: %v, want %v", name, qs, tabled, wantTable)
				}
				// bleve's own range queries, as the filter clause.
				oracle := bleve.NewBooleanQuery()
				if f.scored != nil {
					oracle.AddMust(f.scored)
				} else {
					oracle.AddMust(bleve.NewMatchAllQuery())
				}
				oracle.AddFilter(query.NewConjunctionQuery(append(slices.Clip(f.tabled), f.filters...)))
				for _, order := range [][]string{{"-_score"}, {fieldDate, "_id"}, {"-" + fieldDate, "_id"}} {
					got, gotSet, gotTotal, err := ix.collect(context.Background(), b.q, order, 100, 0)
					if err != nil {
						t.Fatal(err)
					}
					want, wantSet, wantTotal, err := ix.collect(context.Background(), oracle, order, 100, 0)
					if err != nil {
						t.Fatal(err)
					}
					if gotTotal != wantTotal || !slices.Equal(matchList(got), matchList(want)) || !slices.Equal(gotSet.match, wantSet.match) {
						t.Errorf("%s: %s sorted %v: %d matches, want %d:\n%v\nwant\n%v", name, qs, order, gotTotal, wantTotal, matchList(got), matchList(want))
					}
				}
				if n, _ := ix.Search(context.Background(), Request{Query: mustParse(t, qs), Page: 1}); n.Total > 0 {
					matched++
				}
			}
		}
		if matched < len(ranges) {
			t.Errorf("%s: only %d of %d searches matched anything: the ranges test too little", name, matched, 2*len(ranges))
		}
	}
	check(ix, "built", true)
	check(updated, "updated", true)
	// A table made before the dates were kept: its ranges searched by
	// bleve, with the same matches.
	ix.facets.Columns = ix.facets.Columns[:len(facetFields)]
	ix.facets.index()
	check(ix, "an earlier table", false)
}
