package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// updatedIndex is splitDocs(n) indexed in batches of 300 (several
// segments), then updated: every seventh document removed, every
// eleventh rewritten, and a few added, so that the index holds deleted
// postings and documents whose internal numbers are not their ordinals.
func updatedIndex(t *testing.T, n int) *Index {
	t.Helper()
	was := batchSize
	t.Cleanup(func() { batchSize = was })
	batchSize = 200
	dir := t.TempDir()
	docs := splitDocs(n)
	open := func(docs []*Doc) *Index {
		entries := make([]Entry, len(docs))
		for i, d := range docs {
			entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
		}
		ix, _, err := Update(context.Background(), entries, func(i int) (*Doc, error) { return docs[i], nil },
			Options{Dir: dir, Names: inventedNames{}, ResultCache: -1})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	open(docs).Close()
	var next []*Doc
	for i, d := range docs {
		switch {
		case i%7 == 0:
			continue
		case i%11 == 0:
			c := *d
			c.Title = "Harvest harvest council " + d.Title
			c.Translation = append([]Para{{N: 0, Text: "The telegraph clerk wrote of harvest and oil."}}, d.Translation...)
			next = append(next, &c)
		default:
			next = append(next, d)
		}
	}
	extra := splitDocs(n + 40)[n:]
	for i, d := range extra {
		d.ID = fmt.Sprintf("inv-new-%03d", i)
		// Twelve words that share a prefix, more than a disjunction
		// bleve sums in a fixed order holds.
		if i < 12 {
			d.Translation = append(d.Translation, Para{N: 9, Text: fmt.Sprintf("The quill%c and the quill%c.", 'a'+i, 'b'+i)})
		}
	}
	ix := open(append(next, extra...))
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestTermAtATimeIsBleve compares every query answered a term at a time
// with bleve's own collection of it: the total, the set of matches, and
// every page of hits with their scores, to the last bit, in order.
func TestTermAtATimeIsBleve(t *testing.T) {
	updated := updatedIndex(t, 1000)
	// An index in memory does not merge its segments behind the test's
	// back: two searches see the same snapshot.
	was := batchSize
	batchSize = 200
	ix, err := Open(context.Background(), splitDocs(1000), Options{Names: inventedNames{}, ResultCache: -1})
	batchSize = was
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close(); termAtATime = true })
	// Queries that must be answered here, not left to bleve.
	answered := []string{
		"harvest", "Harvest", "harvest OR railway", "harvest OR railway OR oil OR школа", "tele*", "teleg*", "con*",
		"совет", "зерно OR нефть", "Varlamov", "варламов", "Ostrogor", "telegraph", "nothingatall",
		"harvest lang:en", "railway lang:en", "harvest OR council lang:en", "tele* lang:en",
		// Several clauses: all must match, the negated ones none.
		"council treaty", "Ostrogor envoy", "con* -oil", "harvest river -oil -школа", "tele* council",
		"совет зерно", "harvest OR railway council", "Varlamov envoy -river lang:en", "harvest nothingatall",
		"nothingatall -harvest", "harvest river council treaty", "совет зерно нефть граница", "tele* council harvest border -oil",
		"grain winter border garrison province",
		// Filters bleve searches: date ranges, wide and narrow, with
		// facet filters and without.
		"from:1945-03 to:1946-02 oil", "harvest from:1945-06 to:1945-06", "tele* council from:1944",
		"harvest OR river to:1945-01 lang:en", "council treaty -oil from:1946-01 to:1946-12",
		// Phrases, read through bleve's phrase searcher as one node among
		// the others: two words (a word pair in the long texts, a phrase
		// in the title), several, with stop words between them, in
		// Cyrillic, beside words, negations and filters of both kinds.
		// And a word the analyser cuts in two: a conjunction of both.
		`"grain railway"`, `harvest "grain railway"`, `"Varlamov reached Ostrogor"`, `"envoy from Varlamov reached"`,
		`"совет зерно"`, `"harvest river" -oil`, `"grain railway" lang:en`, `"grain railway" from:1945-03 to:1946-02`,
		`"telegraph clerk wrote" OR railway`, `oil -"grain railway"`, `"reached Ostrogor" from:1946-05 to:1946-06`,
		"grain-railway", "harvest-river oil",
		// Filters on facet values few and many beside the words' postings.
		"harvest year:1945", "council person:varlamov", "tele* lang:ru year:1946",
		// Filters alone: every document they hold, scoring 1.
		"person:varlamov", "from:1945-03 to:1946-02", "year:1946 lang:ru", "lang:ru from:1946-05",
	}
	// Queries of other shapes, left to bleve: the page must be the same
	// either way.
	others := []string{
		"-harvest", "-harvest -river",
	}
	run := func(qs string, mustAnswer bool) {
		t.Helper()
		q := mustParse(t, qs)
		b := ix.build(q, &Result{})
		if b.err != nil {
			t.Fatalf("%s: %v", qs, b.err)
		}
		if b.q == nil {
			t.Fatalf("%s: no query", qs)
		}
		compareWithBleve(t, ix, qs, b.q, mustAnswer)
		compareWithBleve(t, updated, qs+" (updated)", updated.build(q, &Result{}).q, mustAnswer)
		// The whole first page, snippets and facets included.
		for _, sort := range []string{SortRelevance, SortOldest} {
			sameResult(t, ix, Request{Query: q, Sort: sort, Page: 1}, fmt.Sprintf("%q sorted %q", qs, sort),
				func() { termAtATime = false }, func() { termAtATime = true })
		}
	}
	// Each conjunction's later clauses read whole, looked up at each
	// candidate, and as the counts decide.
	wasShare := probeShare
	t.Cleanup(func() { probeShare = wasShare })
	for _, qs := range answered {
		run(qs, true)
	}
	for _, share := range []int{0, 1 << 30} {
		probeShare = share
		for _, qs := range answered {
			// Only several clauses, or filters bleve searches, are
			// looked up at candidates.
			if strings.Contains(qs, " ") {
				compareWithBleve(t, updated, fmt.Sprintf("%s (updated, share %d)", qs, share), updated.build(mustParse(t, qs), &Result{}).q, true)
			}
		}
	}
	probeShare = wasShare
	for _, qs := range others {
		run(qs, false)
	}

	// Shapes the query parser does not make, built by hand: a term alone
	// (bleve weighs it 1, with no query norm), disjunctions within
	// disjunctions, a term the index lacks, a field with no terms.
	term := func(f, w string) *query.TermQuery {
		q := bleve.NewTermQuery(w)
		q.SetField(f)
		return q
	}
	prefix := func(f, p string) *query.PrefixQuery {
		q := bleve.NewPrefixQuery(p)
		q.SetField(f)
		return q
	}
	hand := map[string]query.Query{
		"a term alone": term(fieldBody, "harvest"),
		"nested": bleve.NewDisjunctionQuery(
			bleve.NewDisjunctionQuery(term(fieldBody, "harvest"), term(fieldTitle, "harvest")),
			term(fieldBody, "oil"),
			bleve.NewDisjunctionQuery(term(fieldBody, "railway"), prefix(fieldWords, "tele"), term(fieldBody, "absentword"))),
		"an absent term":      bleve.NewDisjunctionQuery(term(fieldBody, "absentword"), term(fieldBody, "council")),
		"a prefix alone":      prefix(fieldWords, "gar"),
		"an empty field":      bleve.NewDisjunctionQuery(term("nofield", "harvest"), term(fieldBody, "river")),
		"a prefix of nothing": bleve.NewDisjunctionQuery(prefix(fieldWords, "zzz"), term(fieldBody, "river")),
	}
	var eleven []query.Query
	for _, w := range strings.Fields("harvest river council treaty envoy grain railway winter border garrison telegram") {
		eleven = append(eleven, term(fieldBody, w))
	}
	compareWithBleve(t, ix, "eleven terms", bleve.NewDisjunctionQuery(eleven...), false)
	q, err := ParseQuery("quill*")
	if err != nil {
		t.Fatal(err)
	}
	compareWithBleve(t, updated, "quill*", updated.build(q, &Result{}).q, false)
	for name, q := range hand {
		compareWithBleve(t, ix, name, q, true)
		compareWithBleve(t, updated, name+" (updated)", q, true)
	}
}

// sortedToo are the queries compared by date as well, one of each
// shape: the page is chosen by date the same way whatever found the
// matches (a third of the test's time under the race detector when every
// query was).
var sortedToo = map[string]bool{
	"harvest": true, "tele*": true, "harvest OR railway OR oil OR школа": true, "Varlamov": true,
	"harvest river -oil -школа": true, "tele* council harvest border -oil": true, "tele* lang:en": true,
	"council treaty -oil from:1946-01 to:1946-12": true, `"grain railway" from:1945-03 to:1946-02`: true,
	`harvest "grain railway"`: true, "harvest year:1945": true, "person:varlamov": true,
	"from:1945-03 to:1946-02": true, "lang:ru from:1946-05": true, "nothingatall": true,
}

// compareWithBleve collects q both ways by relevance, every page, and for
// sortedToo in the updated index (whose internal numbers are not in the
// order of the IDs, which break ties of date) by date either way too.
func compareWithBleve(t *testing.T, ix *Index, name string, q query.Query, mustAnswer bool) {
	t.Helper()
	orders := [][]string{{"-_score"}}
	if qs, ok := strings.CutSuffix(name, " (updated)"); ok && sortedToo[qs] {
		orders = append(orders, []string{fieldDate, "_id"}, []string{"-" + fieldDate, "_id"})
	}
	for _, order := range orders {
		compareOrder(t, ix, fmt.Sprintf("%s by %v", name, order), q, order, mustAnswer)
	}
}

// compareOrder collects q both ways in the given order, every page.
func compareOrder(t *testing.T, ix *Index, name string, q query.Query, order []string, mustAnswer bool) {
	t.Helper()
	// One snapshot for both: the index may merge its segments meanwhile,
	// which numbers its documents anew, and so orders equal scores anew.
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	termAtATime = false
	wantHits, wantCounter, wantTotal, err := ix.collectIn(context.Background(), r, q, order, 1<<20, 0)
	termAtATime = true
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	want := matchList(wantHits)
	tbl, err := ix.ords.table(r, ix.facets.docs())
	if err != nil {
		t.Fatal(err)
	}
	o, ok := ix.taatOrderOf(order)
	if !ok {
		t.Fatalf("%s: not an order chosen a term at a time", name)
	}
	_, _, ok, err = taatCollect(context.Background(), r, ix.bleve.Mapping(), q, o, 10, 0, tbl, ix.dense, 1, make([]uint64, len(wantCounter.match)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if ok != mustAnswer {
		t.Errorf("%s: answered a term at a time: %v, want %v", name, ok, mustAnswer)
	}
	// In one part, and split in three as a large index is. (Split by
	// bleve, a disjunction of more than ten terms is not exact to the
	// last bit: its heap sums a document's scores in no fixed order.)
	wasMin, wasCores := splitMin, cores
	defer func() { splitMin, cores = wasMin, wasCores }()
	split := []int{1, 3}
	if !mustAnswer {
		split = split[:1]
	}
	for _, parts := range split {
		splitMin, cores = 0, func() int { return parts }
		for skip := 0; skip <= len(want); skip = nextSkip(skip, len(want)) {
			hits, counter, total, err := ix.collectIn(context.Background(), r, q, order, PageSize, skip)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			page := want[skip:min(len(want), skip+PageSize)]
			if got := matchList(hits); total != wantTotal || !reflect.DeepEqual(got, page) || !slices.Equal(counter.match, wantCounter.match) {
				t.Fatalf("%s from %d in %d parts: %d matches, want %d; hits\n%v\nwant\n%v", name, skip, parts, total, wantTotal, got, page)
			}
		}
	}
	// Every query finds something in the updated index ("telegraph" only
	// there), but those that ask for a word no document has.
	nothing := strings.Contains(name, "nothingatall")
	if (nothing && wantTotal != 0) || (!nothing && wantTotal == 0 && strings.HasSuffix(name, "(updated)")) {
		t.Errorf("%s: %d matches", name, wantTotal)
	}
}

// A search a term at a time stops at its deadline as it reads, and leaves
// nothing behind for the next search.
func TestTermAtATimeStopsAtTheDeadline(t *testing.T) {
	ix := updatedIndex(t, 600)
	q, err := ParseQuery("harvest OR council OR oil")
	if err != nil {
		t.Fatal(err)
	}
	b := ix.build(q, &Result{})
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tbl, err := ix.ords.table(r, ix.facets.docs())
	if err != nil {
		t.Fatal(err)
	}
	before, err := ix.Search(context.Background(), Request{Query: q, Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The plan is made; the reading then finds its context ended.
	snap := r.(*scorch.IndexSnapshot)
	ts, err := newTaatSnap(snap, ix.bleve.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	root, err := taatPlan(r, ts, b.q)
	if err != nil {
		t.Fatal(err)
	}
	if root.count < 3*checkEvery {
		t.Fatalf("the query reads %d postings, too few to be cut short", root.count)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var p taatPart
	p.match, p.top.order = make([]uint64, len(tbl.ords)), &taatOrder{}
	for range 20 {
		if err := p.collect(ctx, ts, root, 0, math.MaxUint64, 10, tbl.ords, &taatWithin{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("a reading whose context had ended: %v", err)
		}
		if p.total != 0 {
			t.Fatalf("a reading cut short counted %d matches", p.total)
		}
	}
	after, err := ix.Search(context.Background(), Request{Query: q, Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	after.Took = before.Took
	if !reflect.DeepEqual(after, before) {
		t.Errorf("after readings cut short:\n got %d %s\nwant %d %s", after.Total, hitList(after), before.Total, hitList(before))
	}
}
