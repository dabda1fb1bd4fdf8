package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// inventedNames knows the invented people and places of splitDocs, in
// two scripts.
type inventedNames struct{}

func (inventedNames) Resolve(name string) []Ref {
	switch strings.ToLower(name) {
	case "varlamov", "варламов", "варламова":
		return []Ref{{Kind: "person", ID: "varlamov", Name: "Varlamov"}}
	case "ostrogor", "острогор":
		return []Ref{{Kind: "place", ID: "ostrogor", Name: "Ostrogor"}}
	}
	return nil
}

// splitDocs invents n documents from a small vocabulary, so that words
// match many documents and many documents score the same: a third are
// copies of a few texts under other IDs, dates and facets. Some have no
// date, no original, CRLF line ends or odd spacing.
func splitDocs(n int) []*Doc {
	rng := rand.New(rand.NewPCG(20, 3))
	en := strings.Fields("harvest river council treaty envoy grain railway winter border garrison telegram minister province delegation oil concession bread teacher school printing press")
	ru := strings.Fields("урожай река совет договор посланник зерно дорога зима граница гарнизон телеграмма министр провинция делегация нефть концессия хлеб учитель школа типография")
	sentence := func(words []string, k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteString([]string{" ", " ", "  ", ", ", "\r\n"}[rng.IntN(5)])
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String() + "."
	}
	var shared []*Doc
	for range 7 {
		shared = append(shared, &Doc{
			Title:       sentence(en, 3),
			Translation: []Para{{N: 1, Text: sentence(en, 12)}, {N: 2, Text: "The envoy from Varlamov reached Ostrogor. " + sentence(en, 6)}},
			Original:    []Para{{N: 1, Text: sentence(ru, 10)}},
		})
	}
	var docs []*Doc
	for i := range n {
		d := &Doc{ID: fmt.Sprintf("inv-%05d", i)}
		if i%3 == 0 {
			s := shared[rng.IntN(len(shared))]
			d.Title, d.Translation, d.Original = s.Title, s.Translation, s.Original
		} else {
			d.Title = sentence(en, 2+rng.IntN(4))
			for p := range 1 + rng.IntN(3) {
				d.Translation = append(d.Translation, Para{N: p + 1, Text: sentence(en, 4+rng.IntN(20))})
			}
			if rng.IntN(4) > 0 {
				d.Original = []Para{{N: 1, Text: sentence(ru, 4+rng.IntN(16))}}
			}
			if rng.IntN(5) == 0 {
				d.Translation[0].Text += " Varlamov wrote from Ostrogor."
			}
		}
		d.Languages = []string{"en"}
		if len(d.Original) > 0 {
			d.OriginalLang = "ru"
			d.Languages = append(d.Languages, "ru")
		}
		if rng.IntN(6) > 0 {
			d.Date = time.Date(1944+rng.IntN(4), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			d.DateEnd, d.HasDate = d.Date, true
		}
		if strings.Contains(d.Translation[0].Text+d.Translation[len(d.Translation)-1].Text, "Varlamov") {
			d.Persons = []string{"varlamov"}
			d.Places = []string{"ostrogor"}
		}
		if rng.IntN(3) == 0 {
			d.Persons = append(d.Persons, []string{"dubrov", "sarkisov", "mehdi"}[rng.IntN(3)])
		}
		d.Repository = []string{"ARCH-A", "ARCH-B", ""}[rng.IntN(3)]
		docs = append(docs, d)
	}
	return docs
}

// A search split across goroutines finds what a single pass finds: the
// same hits in the same order with the same scores, the same total and
// the same facet counts, on every page and in every order, whether the
// ranges fall inside segments or between them.
func TestSplitSearchIsASinglePass(t *testing.T) {
	was, wasBatch, wasCores := splitMin, batchSize, cores
	t.Cleanup(func() { splitMin, batchSize, cores, termAtATime = was, wasBatch, wasCores, true })
	// The queries a term at a time answers are split by bleve here.
	termAtATime = false
	batchSize = 300 // several segments
	ix, err := Open(context.Background(), splitDocs(1200), Options{Names: inventedNames{}, ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	queries := []string{
		"harvest", "council treaty", "harvest OR railway", `"grain railway"`, `"winter border garrison"`,
		"tele*", "con* -oil", "-harvest", "-harvest -river", "совет", "зерно OR нефть", `"нефть концессия"`,
		"Varlamov", "варламов", "Ostrogor envoy", "harvest year:1945", "railway lang:ru", "person:varlamov",
		"person:dubrov grain", "archive:ARCH-B winter", "from:1945-03 to:1946-02 oil", "year:1944 -bread",
		"teacher school printing press", "nothingatall", "harvest -harvest",
	}
	for _, qs := range queries {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatalf("%s: %v", qs, err)
		}
		// The whole first page, snippets and facets included.
		for _, order := range []string{SortRelevance, SortOldest, SortNewest} {
			req := Request{Query: q, Sort: order, Page: 1}
			sameResult(t, ix, req, fmt.Sprintf("%q sorted %q in two parts", qs, order),
				func() { splitMin = 1 << 30 }, func() { splitMin, cores = 0, func() int { return 2 } })
		}
		// Every page of the matches, in every order, in several parts.
		b := ix.build(q, &Result{})
		if b.q == nil {
			continue
		}
		for _, order := range [][]string{{"-_score"}, {fieldDate, "_id"}, {"-" + fieldDate, "_id"}} {
			splitMin = 1 << 30
			wantHits, wantCounter, wantTotal, err := ix.collect(context.Background(), b.q, order, 1<<20, 0)
			if err != nil {
				t.Fatalf("%s: %v", qs, err)
			}
			want := matchList(wantHits)
			for _, n := range []int{2, 5} {
				splitMin, cores = 0, func() int { return n }
				for skip := 0; skip <= len(want); skip = nextSkip(skip, len(want)) {
					hits, counter, total, err := ix.collect(context.Background(), b.q, order, PageSize, skip)
					if err != nil {
						t.Fatalf("%s in %d parts: %v", qs, n, err)
					}
					page := want[skip:min(len(want), skip+PageSize)]
					if got := matchList(hits); total != wantTotal || !reflect.DeepEqual(got, page) || !reflect.DeepEqual(counter.match, wantCounter.match) {
						t.Fatalf("%q sorted %v from %d, in %d parts: %d matches, hits\n%v\nwant %d\n%v", qs, order, skip, n, total, got, wantTotal, page)
					}
				}
			}
		}
	}
}

// nextSkip steps through the first pages, then about five more, the last
// pages and one past the end. (A dozen in between took the search tests
// a minute more under the race detector, for pages no mutation was caught
// on alone.)
func nextSkip(skip, n int) int {
	switch {
	case skip < 5*PageSize, skip >= n-2*PageSize:
		return skip + PageSize
	}
	return min(skip+PageSize*max(1, n/PageSize/5), n-2*PageSize)
}

// sameResult searches req with before done, then with after done, and
// fails unless both answers are the same but for the time they took.
func sameResult(t *testing.T, ix *Index, req Request, name string, before, after func()) {
	t.Helper()
	before()
	want, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	after()
	got, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got.Took = want.Took
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %d %s %v\nwant %d %s %v", name, got.Total, hitList(got), got.Facets, want.Total, hitList(want), want.Facets)
	}
}

// hit is what a page shows of a match, and the values it was sorted by
// (none for relevance: the score).
type hit struct {
	ID    string
	Score float64
	Sort  string
}

func matchList(ms []*bsearch.DocumentMatch) []hit {
	out := []hit{}
	for _, m := range ms {
		sort := strings.Join(m.Sort, "|")
		if sort == "_score" {
			sort = ""
		}
		out = append(out, hit{m.ID, m.Score, sort})
	}
	return out
}

func hitList(r *Result) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s:%.6f", h.ID, h.Score))
	}
	return strings.Join(out, " ")
}

// The ranges of a split hold about as many documents each, skip the
// numbers of removed documents, and are never empty.
func TestSplitBounds(t *testing.T) {
	for _, tc := range []struct {
		ords  []int32
		parts int
		want  []uint64
	}{
		{[]int32{0, 1, 2, 3}, 2, []uint64{0, 2}},
		{[]int32{0, 1, 2, 3, 4}, 2, []uint64{0, 3}},
		{[]int32{0, -1, -1, 1, 2, -1, 3}, 2, []uint64{0, 4}},
		{[]int32{0, 1, 2, 3, 4, 5}, 3, []uint64{0, 2, 4}},
		{[]int32{-1, -1, 7}, 4, []uint64{0}},
		{[]int32{4, 5}, 8, []uint64{0, 1}},
		{nil, 2, []uint64{0}},
	} {
		got := (&ordTable{ords: tc.ords}).bounds(tc.parts)
		want := append(tc.want, ^uint64(0))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("bounds(%v, %d) = %v, want %v", tc.ords, tc.parts, got, want)
		}
	}
}

// A query that opens more term searchers than maxTermSearchers is refused
// with a message, split or not, and each part counts only its own.
func TestTermSearcherCap(t *testing.T) {
	was, wasCap, wasCores := splitMin, maxTermSearchers, cores
	t.Cleanup(func() { splitMin, maxTermSearchers, cores = was, wasCap, wasCores })
	ix, err := Open(context.Background(), splitDocs(300), Options{ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	search := func(s string) error {
		q, err := ParseQuery(s)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ix.Search(context.Background(), Request{Query: q, Page: 1})
		return err
	}
	for _, split := range []int{1 << 30, 0} {
		splitMin, cores = split, func() int { return 2 }
		// A word is looked up in each text field, a term searcher each.
		maxTermSearchers = len(textFields)
		if err := search("harvest"); err != nil {
			t.Errorf("one word under a cap of %d terms: %v", maxTermSearchers, err)
		}
		if err := search("harvest river"); !errors.Is(err, ErrTooBroad) {
			t.Errorf("two words under a cap of %d terms: %v, want it refused", maxTermSearchers, err)
		}
	}
}

// A query of one clause, searched without the conjunction bleve would put
// around it, scores every match as it did with it.
func TestOneClauseScoresAsAConjunction(t *testing.T) {
	ix, err := Open(context.Background(), splitDocs(600), Options{Names: inventedNames{}, ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	alone := 0
	for _, qs := range []string{"harvest", "harvest OR railway", `"grain railway"`, `"envoy from Varlamov reached"`, "tele*", "совет", "Varlamov", "варламов OR нефть"} {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		b := ix.build(q, &Result{})
		if _, ok := b.q.(*query.BooleanQuery); !ok {
			alone++
		}
		wrapped := bleve.NewBooleanQuery()
		wrapped.AddMust(b.q)
		for _, order := range [][]string{{"-_score"}, {fieldDate, "_id"}} {
			got, _, gotTotal, err := ix.collect(context.Background(), b.q, order, 1<<20, 0)
			if err != nil {
				t.Fatal(err)
			}
			want, _, wantTotal, err := ix.collect(context.Background(), wrapped, order, 1<<20, 0)
			if err != nil {
				t.Fatal(err)
			}
			if gotTotal != wantTotal || !reflect.DeepEqual(matchList(got), matchList(want)) || gotTotal == 0 {
				t.Errorf("%s sorted %v: %d matches, want %d, or other hits or scores", qs, order, gotTotal, wantTotal)
			}
		}
	}
	if alone == 0 {
		t.Error("every query was searched through a conjunction")
	}
}
