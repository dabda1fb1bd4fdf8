package search

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/readingroom/readingroom/internal/failure"
)

// FuzzSearch drives the whole query path: parsing, building and running
// the search, snippets. It must not panic, fail with anything but a query
// error, or take long.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"Qavam", "переговоров", `"Security Council"`, "Tabriz -Qavam", "Greece OR Usku", "negotiat*",
		"person:qavam year:1946 from:1946-04 to:1946-12", "*", "/.*/", "((((", `"`, "a~2^3", "OR OR",
		"\xff", "-", "Кавам*", "lang:ru archive:RGASPI", "the of and", "x:y:z", "''''", "Sha'in-Dezh",
	} {
		f.Add(s)
	}
	ix := testIndex(f, fakeNames{})
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if !(failure.KindOf(err) == failure.Invalid) {
				t.Fatalf("ParseQuery(%q): %v", s, err)
			}
			return
		}
		_ = q.String()
		start := time.Now()
		_, err = ix.Search(context.Background(), Request{Query: q, Page: 1, Sort: SortNewest})
		if err != nil && !errors.Is(err, ErrTooBroad) && !(failure.KindOf(err) == failure.Invalid) {
			t.Fatalf("Search(%q): %v", s, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("Search(%q) took %v", s, d)
		}
		if err == nil {
			sameBothWays(t, ix, s, q)
		}
		m := ix.Marker(q)
		m.Ranges("en", "Qavam and Pishevari in Tabriz negotiations")
		m.Ranges("ru", "Кавам и переговоры в Тавризе")
	})
}

// sameBothWays checks that, by relevance, a term at a time answers q as
// bleve does: the first page, the total and the set of matches.
func sameBothWays(t *testing.T, ix *Index, s string, q Query) {
	t.Helper()
	b := ix.build(q, &Result{})
	if b.q == nil {
		return
	}
	defer func() { termAtATime = true }()
	termAtATime = false
	want, wantSet, wantTotal, err := ix.collect(context.Background(), b.q, []string{"-_score"}, PageSize, 0)
	if err != nil {
		t.Fatalf("Search(%q) by bleve: %v", s, err)
	}
	termAtATime = true
	got, gotSet, total, err := ix.collect(context.Background(), b.q, []string{"-_score"}, PageSize, 0)
	if err != nil {
		t.Fatalf("Search(%q) a term at a time: %v", s, err)
	}
	if total != wantTotal || !reflect.DeepEqual(matchList(got), matchList(want)) || !reflect.DeepEqual(gotSet.match, wantSet.match) {
		t.Fatalf("Search(%q): %d matches %v, bleve %d %v", s, total, matchList(got), wantTotal, matchList(want))
	}
}
