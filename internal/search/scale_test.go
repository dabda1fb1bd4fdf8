package search

import (
	"context"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

// Phrases match words next to each other and in order, in either language,
// whether they are looked up as word pairs or checked by positions.
func TestPhrases(t *testing.T) {
	docs := []*Doc{
		{ID: "a", Title: "A", Translation: []Para{{N: 1, Text: "Then the Security Council decided to wait."}}},
		{ID: "b", Title: "B", Translation: []Para{{N: 1, Text: "The council took security measures."}}},
		{ID: "c", Title: "C", Translation: []Para{{N: 1, Text: "The Security Council met. The council decided nothing."}}},
		{ID: "d", Title: "D", Translation: []Para{{N: 1, Text: "He wrote to the Council of Ministers."}}},
		{ID: "e", Title: "E", Translation: []Para{{N: 1, Text: "The Council met; the Ministers of both sides did not."}}},
		{ID: "f", Title: "F", OriginalLang: "ru", Original: []Para{{N: 1, Text: "Вопрос рассмотрен в Совете Безопасности."}}},
		{ID: "g", Title: "G", OriginalLang: "ru", Original: []Para{{N: 1, Text: "Безопасность и совет."}}},
	}
	ix, err := Open(context.Background(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, tt := range []struct{ q, want string }{
		{`"Security Council"`, "a c"},
		{`"council security"`, ""},
		{`"council took security"`, "b"},
		{`"Security Council decided"`, "a"}, // c has both pairs, not the three words
		{`"Council of Ministers"`, "d"},
		{`"Совет Безопасности"`, "f"}, // another case of the same words
		{`"безопасности совета"`, ""},
		{`"security council" -"decided to wait"`, "c"},
	} {
		q, err := ParseQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), Request{Query: q, Page: 1})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		sort.Strings(got)
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s: found %q, want %q", tt.q, strings.Join(got, " "), tt.want)
		}
	}
}

// A prefix that stands for too many words, or for words in too many
// places, is refused before anything is searched, with a message saying
// why; a narrow one is searched.
func TestBroadPrefixRefused(t *testing.T) {
	ix := testIndex(t, nil)
	words, places := maxPrefixWords, maxPrefixPostings
	t.Cleanup(func() { maxPrefixWords, maxPrefixPostings = words, places })
	search := func(q string) (*Result, error) {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		return ix.Search(context.Background(), Request{Query: pq, Page: 1})
	}
	maxPrefixWords, maxPrefixPostings = 5, 1<<40
	if _, err := search("con*"); err == nil || !strings.Contains(err.Error(), "“con*” stands for too many words") {
		t.Errorf("con* with at most 5 words: %v, want it refused", err)
	}
	maxPrefixWords, maxPrefixPostings = 1<<20, 3
	if _, err := search("Тавриз*"); err == nil || !strings.Contains(err.Error(), "places") {
		t.Errorf("Тавриз* in at most 3 places: %v, want it refused", err)
	}
	maxPrefixWords, maxPrefixPostings = words, places
	if res, err := search("Тавриз*"); err != nil || res.Total == 0 {
		t.Errorf("Тавриз*: %v, %v; want documents", res, err)
	}
}

// Facet counts, counted from the table, are those of every matching
// document, whatever the page and the order shown.
func TestFacetCountsMatchTheDocuments(t *testing.T) {
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range archive.Generate(seeds.Docs, 400, 7) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	coll, err := archive.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*Doc{}
	var docs []*Doc
	for i, d := range coll.Docs {
		sd := FromArchive(d)
		// Names as the authority records would give them, varied.
		sd.Persons = []string{"qavam", "pishevari", "bagirov"}[:1+i%3]
		sd.Places = []string{[]string{"tabriz", "baku"}[i%2]}
		docs = append(docs, sd)
		byID[sd.ID] = sd
	}
	// Small batches make an index of several segments, in which bleve's
	// numbers of the documents are not their ordinals; the index is then
	// reopened, its segments merged or not, and counted again.
	defer func(n int, merge bool) { batchSize, mergeAtEnd = n, merge }(batchSize, mergeAtEnd)
	batchSize, mergeAtEnd = 37, false
	dir := t.TempDir()
	// No results cache: each way below counts afresh.
	ix, err := Open(context.Background(), docs, Options{Names: fakeNames{}, Dir: dir, ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	if n := segments(t, ix); n < 2 {
		t.Fatalf("the index has %d segment; the test needs several", n)
	}
	// Counted match by match and value by value here, and whichever reads
	// less in the reopened index below.
	defer func() { facetWay = countEither }()
	for _, facetWay = range []countWay{countByMatch, countByValue} {
		checkFacetCounts(t, ix, byID)
	}
	facetWay = countEither
	ix.Close()
	ix, err = Open(context.Background(), docs, Options{Names: fakeNames{}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	checkFacetCounts(t, ix, byID)
}

// segments returns the number of segments the index is made of now.
func segments(t *testing.T, ix *Index) int {
	t.Helper()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("the index is not scorch's: %T", r)
	}
	return len(snap.Segments())
}

func checkFacetCounts(t *testing.T, ix *Index, byID map[string]*Doc) {
	t.Helper()
	for _, q := range []string{"Qavam", "government", `"Security Council"`, "Tabriz lang:ru", "oil -Baku", "negotiat*"} {
		for _, order := range []string{SortRelevance, SortNewest} {
			pq, err := ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ix.Search(context.Background(), Request{Query: pq, Sort: order, Page: 2})
			if err != nil {
				t.Fatal(err)
			}
			// Every match, straight from bleve.
			all, err := ix.bleve.Search(bleve.NewSearchRequestOptions(ix.build(pq, &Result{}).q, 10000, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != int(all.Total) || got.Total == 0 {
				t.Errorf("%s: total %d, bleve says %d", q, got.Total, all.Total)
			}
			want := map[string]map[string]int{}
			for _, h := range all.Hits {
				for i, values := range facetValues(byID[h.ID]) {
					f := facetFields[i].field
					if want[f] == nil {
						want[f] = map[string]int{}
					}
					for _, v := range values {
						want[f][v]++
					}
				}
			}
			for _, f := range got.Facets {
				for _, v := range f.Values {
					if want[f.Field][v.Value] != v.Count {
						t.Errorf("%s (%s): %s=%s counted %d, documents say %d", q, order, f.Field, v.Value, v.Count, want[f.Field][v.Value])
					}
					delete(want[f.Field], v.Value)
				}
				if len(want[f.Field]) > 0 && len(f.Values) < 10 {
					t.Errorf("%s: %s facet leaves out %v", q, f.Field, want[f.Field])
				}
			}
		}
	}
}
