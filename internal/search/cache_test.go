package search

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// invented makes n documents of invented text: every one names Tabriz,
// every third Qavam, half are from 1946 and half have a Russian text.
func invented(n int) []*Doc {
	var docs []*Doc
	for i := range n {
		d := &Doc{
			ID:          fmt.Sprintf("doc-%03d", i),
			Title:       fmt.Sprintf("Report %d from Tabriz", i),
			Translation: []Para{{N: 1, Text: fmt.Sprintf("The consul in Tabriz wrote about grain number %d.\r\nNothing else.", i)}},
			Languages:   []string{"en"},
			// Some undated; the others a day each, from 1945-11-01.
			HasDate: i%5 != 4,
			Date:    time.Date(1945, 11, 1+i, 0, 0, 0, 0, time.UTC),
			DateEnd: time.Date(1945, 11, 1+i, 0, 0, 0, 0, time.UTC),
		}
		if i%3 == 0 {
			d.Translation = append(d.Translation, Para{N: 2, Text: "Qavam   answered  the  telegram."})
		}
		if i%2 == 0 {
			d.Original = []Para{{N: 1, Text: "Консул в Тавризе писал о зерне."}}
			d.OriginalLang = "ru"
			d.Languages = append(d.Languages, "ru")
		}
		docs = append(docs, d)
	}
	return docs
}

// openCounting opens docs in an index that stores none of them, as an
// earlier program wrote it, so that every document a search reads for its
// snippets is counted as the source reads it.
func openCounting(t *testing.T, docs []*Doc, cache int64) (*Index, *atomic.Int64) {
	t.Helper()
	withoutStoredDocs(t)
	byID := map[string]*Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	var reads atomic.Int64
	ix, err := Open(context.Background(), docs, Options{ResultCache: cache, Source: func(id string) (*Doc, error) {
		reads.Add(1)
		return byID[id], nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, &reads
}

func search(t *testing.T, ix *Index, q, sort string, page int) *Result {
	t.Helper()
	pq, err := ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Request{Query: pq, Sort: sort, Page: page})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

// A repeated search gives the same answer without reading a document
// again; another page, order or filter is another answer.
func TestRepeatedSearchIsServedFromTheCache(t *testing.T) {
	ix, reads := openCounting(t, invented(25), 0)
	first := search(t, ix, "Tabriz", SortRelevance, 1)
	if reads.Load() == 0 || len(first.Hits) == 0 {
		t.Fatalf("the first search read %d documents and found %d", reads.Load(), len(first.Hits))
	}
	before := reads.Load()
	again := search(t, ix, "Tabriz", SortRelevance, 1)
	if reads.Load() != before {
		t.Errorf("the repeated search read %d documents again", reads.Load()-before)
	}
	first.Took, again.Took = 0, 0
	if !reflect.DeepEqual(first, again) {
		t.Errorf("the repeated search differs:\n%+v\n%+v", first, again)
	}
	page2 := search(t, ix, "Tabriz", SortRelevance, 2)
	if len(page2.Hits) == 0 || page2.Hits[0].ID == first.Hits[0].ID {
		t.Errorf("page 2 starts with %v, like page 1", page2.Hits)
	}
	oldest := search(t, ix, "Tabriz", SortOldest, 1)
	newest := search(t, ix, "Tabriz", SortNewest, 1)
	if oldest.Hits[0].ID == newest.Hits[0].ID {
		t.Errorf("oldest and newest first both start with %s", oldest.Hits[0].ID)
	}
	ru := search(t, ix, "Tabriz lang:ru", SortRelevance, 1)
	if ru.Total >= first.Total || ru.Total == 0 {
		t.Errorf("Tabriz lang:ru: %d of %d", ru.Total, first.Total)
	}
	// Filters in another order are the same request.
	a := search(t, ix, "Tabriz lang:ru lang:en", SortRelevance, 1)
	before = reads.Load()
	b := search(t, ix, "Tabriz lang:en lang:ru", SortRelevance, 1)
	if reads.Load() != before || a.Total != b.Total {
		t.Errorf("filters in another order: %d documents read, totals %d and %d", reads.Load()-before, a.Total, b.Total)
	}
}

// What a caller does with its result does not change another caller's.
func TestCachedResultIsTheCallersOwn(t *testing.T) {
	ix, _ := openCounting(t, invented(12), 0)
	one := search(t, ix, "Tabriz", SortRelevance, 1)
	two := search(t, ix, "Tabriz", SortRelevance, 1)
	hits := len(one.Hits)
	one.Hits = append(one.Hits, Hit{ID: "added by one"})
	two.Hits = append(two.Hits, Hit{ID: "added by two"})
	one.Notices = append(one.Notices, "added by one")
	two.Notices = append(two.Notices, "added by two")
	if one.Hits[hits].ID != "added by one" || one.Notices[len(one.Notices)-1] != "added by one" {
		t.Errorf("one caller's additions changed another's: %q, %q", one.Hits[hits].ID, one.Notices)
	}
	three := search(t, ix, "Tabriz", SortRelevance, 1)
	if len(three.Hits) != hits || len(three.Notices) != len(one.Notices)-1 {
		t.Errorf("a caller's additions reached the next caller: %d hits, notices %q", len(three.Hits), three.Notices)
	}
}

// The cache keeps at most its bound in bytes, however many searches.
func TestResultCacheIsBoundedInBytes(t *testing.T) {
	const bound = 48 << 10
	ix, reads := openCounting(t, invented(60), bound)
	for i := range 60 {
		search(t, ix, fmt.Sprintf("grain %d", i), SortRelevance, 1)
		if n, size := ix.cached(); size > bound || n == 0 {
			t.Fatalf("after %d searches: %d results, %d bytes kept; bound %d", i+1, n, size, bound)
		}
	}
	n, _ := ix.cached()
	if n >= 60 {
		t.Errorf("all %d results kept under a bound of %d bytes", n, bound)
	}
	// The latest is kept, the first evicted.
	before := reads.Load()
	search(t, ix, "grain 59", SortRelevance, 1)
	if reads.Load() != before {
		t.Error("the latest search was not kept")
	}
	search(t, ix, "grain 0", SortRelevance, 1)
	if reads.Load() == before {
		t.Error("the first search was still kept")
	}
}

// A request too long to key (filters from many facet links) is answered,
// not kept.
func TestLongRequestIsNotKept(t *testing.T) {
	ix, _ := openCounting(t, invented(5), 0)
	pq, err := ParseQuery("grain")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 { // some 3 KB of filters
		pq.AddFilter("subject", fmt.Sprintf("subject %d %s", i, strings.Repeat("x", 20)))
	}
	if _, err := ix.Search(context.Background(), Request{Query: pq, Page: 1}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.cached(); n > 0 {
		t.Error("a request longer than the key's bound was kept")
	}
	search(t, ix, "grain", SortRelevance, 1)
	if n, _ := ix.cached(); n != 1 {
		t.Errorf("%d results kept after a short request", n)
	}
}

// With no cache, every search is made afresh.
func TestNoResultCache(t *testing.T) {
	ix, reads := openCounting(t, invented(5), -1)
	search(t, ix, "Tabriz", SortRelevance, 1)
	before := reads.Load()
	search(t, ix, "Tabriz", SortRelevance, 1)
	if reads.Load() == before {
		t.Error("a search was kept with the cache off")
	}
}
