package search

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/failure"
)

// fakeNames knows one person, as the authority records would.
type fakeNames struct{}

func (fakeNames) Resolve(name string) []Ref {
	switch strings.ToLower(name) {
	case "qavam", "кавам", "кавама", "кавем":
		return []Ref{{Kind: "person", ID: "qavam", Name: "Qavam"}}
	}
	return nil
}

func testIndex(t testing.TB, names Names) *Index {
	t.Helper()
	coll, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*Doc
	for _, d := range coll.Docs {
		sd := FromArchive(d)
		if names != nil {
			// Stand in for the authority records: Qavam by his English name.
			for _, p := range sd.Translation {
				if i := strings.Index(p.Text, "Qavam"); i >= 0 && !slices.Contains(sd.Persons, "qavam") {
					sd.Persons = append(sd.Persons, "qavam")
					sd.Mentions = append(sd.Mentions, Mention{Ref: "person:qavam", Field: fieldTranslation, Para: p.N, Start: i, End: i + 5})
				}
			}
		}
		docs = append(docs, sd)
	}
	ix, err := Open(context.Background(), docs, Options{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ids(r *Result) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID[:10])
	}
	return strings.Join(out, " ")
}

func mustSearch(t *testing.T, ix *Index, q string, sort string) *Result {
	t.Helper()
	pq, err := ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	r, err := ix.Search(context.Background(), Request{Query: pq, Sort: sort, Page: 1})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return r
}

func TestSearchFindsWordsInBothLanguages(t *testing.T) {
	ix := testIndex(t, nil)
	for _, tc := range []struct{ q, want string }{
		{"переговоров", "1946-04-20"},                   // the text says переговоры: Russian stemming
		{"соглашения", "1946-12-02"},                    // the text says соглашение
		{"Тавризе", "1945-11-24 1946-04-20 1946-12-02"}, // Тавриз, Тавриза, Тавризе
		{"negotiation", "1946-04-12 1946-12-09"},        // negotiations
		{"Atakishiyev", "1946-04-12"},                   // in the text and the footnote
		{"Molotov's deputies", "1946-12-02"},            // the translator's note
		{`"Security Council"`, "1946-04-12 1946-12-09"}, // phrase
		{`"Council Security"`, ""},                      // word order matters in a phrase
		{"Tabriz -Qavam", "1945-11-24 1946-04-12"},      // exclusion
		{"Greece OR Usku", "1945-11-24 1946-04-12 1946-12-09"},
		{"Maslenn*", "1945-11-24 1946-04-20"}, // Maslennikov in English
		{"Тавриз*", "1945-11-24 1946-04-20 1946-12-02"},
		{"fedai lang:ru", "1946-04-20 1946-12-02"}, // documents that have a Russian text
		{"федаи lang:ru", "1946-04-20"},
		{"Bagirov year:1945", "1945-11-24"},
		{"Bagirov from:1946-04 to:1946-04", "1946-04-12 1946-04-20"},
		{"archive:RGASPI", "1945-11-24"},
		{"Kupryazhina Korshunova", "1946-04-20"}, // every word must match
		{"Kupryazhina Atakishiyev", ""},
	} {
		r := mustSearch(t, ix, tc.q, SortOldest)
		if got := ids(r); got != tc.want {
			t.Errorf("%q found [%s], want [%s] (notices %v)", tc.q, got, tc.want, r.Notices)
		}
		if r.Total != len(r.Hits) {
			t.Errorf("%q: total %d but %d hits", tc.q, r.Total, len(r.Hits))
		}
	}
}

func TestSearchSnippetsShowWhyItMatched(t *testing.T) {
	ix := testIndex(t, nil)
	r := mustSearch(t, ix, "переговоров", "")
	if len(r.Hits) != 1 {
		t.Fatalf("hits: %v", ids(r))
	}
	h := r.Hits[0]
	if h.First != "ru-6" {
		t.Errorf("first matching paragraph %q, want ru-6", h.First)
	}
	s := h.Snippets[0]
	var marked []string
	for _, p := range s.Parts {
		if p.Mark {
			marked = append(marked, p.Text)
		}
	}
	if s.Field != fieldOriginal || s.Lang != "ru" || strings.Join(marked, ",") != "переговоры" {
		t.Errorf("snippet %+v", s)
	}
	r = mustSearch(t, ix, "Atakishiyev", "")
	fields := map[string]bool{}
	for _, s := range r.Hits[0].Snippets {
		fields[s.Field] = true
	}
	if !fields[fieldTranslation] || !fields[fieldNotes] {
		t.Errorf("want snippets from the translation and the notes, got %+v", r.Hits[0].Snippets)
	}
}

func TestSearchSortsAndFacets(t *testing.T) {
	ix := testIndex(t, nil)
	if got := ids(mustSearch(t, ix, "Bagirov", SortNewest)); got != "1946-12-02 1946-04-20 1946-04-12 1945-11-24" {
		t.Errorf("newest first: %s", got)
	}
	r := mustSearch(t, ix, "Azerbaijan", SortRelevance)
	counts := map[string]string{}
	for _, f := range r.Facets {
		var vs []string
		for _, v := range f.Values {
			vs = append(vs, v.Value+"="+itoa(v.Count))
		}
		counts[f.Field] = strings.Join(vs, " ")
	}
	if counts[fieldYear] != "1945=1 1946=4" || counts[fieldLanguage] != "en=5 ru=3" || counts[fieldRepository] != "GAPPOD=3 RGASPI=1" {
		t.Errorf("facets %v", counts)
	}
	if _, ok := counts[fieldPerson]; ok {
		t.Error("person facet offered without authority records")
	}
}

func TestSearchNamesInEveryScript(t *testing.T) {
	ix := testIndex(t, fakeNames{})
	// Кавам is written in Cyrillic only in the two documents with a
	// Russian original; the name record finds the others too.
	r := mustSearch(t, ix, "Кавам", SortOldest)
	if got := ids(r); got != "1946-04-20 1946-12-02 1946-12-09" {
		t.Errorf("Кавам found %s", got)
	}
	if len(r.Names) != 1 || r.Names[0].Ref.ID != "qavam" {
		t.Errorf("names %+v", r.Names)
	}
	memo := r.Hits[2]
	if memo.First != "en-4" || len(memo.Snippets) == 0 {
		t.Errorf("memo snippet %+v", memo)
	}
	if f := facet(r, fieldPerson); f != "qavam=3" {
		t.Errorf("person facet %q", f)
	}
	if got := ids(mustSearch(t, ix, "person:qavam", SortOldest)); got != "1946-04-20 1946-12-02 1946-12-09" {
		t.Errorf("person:qavam found %s", got)
	}
}

func facet(r *Result, field string) string {
	for _, f := range r.Facets {
		if f.Field == field {
			var vs []string
			for _, v := range f.Values {
				vs = append(vs, v.Value+"="+itoa(v.Count))
			}
			return strings.Join(vs, " ")
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSearchSuggestsSpellings(t *testing.T) {
	ix := testIndex(t, nil)
	r := mustSearch(t, ix, "Pishevarri", "")
	if r.Total != 0 || len(r.Suggestions) == 0 || r.Suggestions[0].Word != "pishevari" {
		t.Errorf("suggestions %+v", r.Suggestions)
	}
}

func TestHostileQueriesAreBounded(t *testing.T) {
	ix := testIndex(t, nil)
	for _, q := range []string{
		"", "*", "**", "?", "a*", "*zan", "/.*/", "\"", "\"unclosed phrase", "((((", "))", "OR", "OR OR OR", "-", "- -",
		"-Tabriz", "NOT", "AND", "~", "Qavam~2", "Qavam^5", "person:", "year:abc", "year:19466", "from:yesterday",
		"to:1946-13", "lang:klingon", "the", "и", "a an the of", strings.Repeat("(", 400), "x:y", "http://example.org",
		"\x00", "<script>alert(1)</script>", "Tab*", "Ta*", "'", "’",
	} {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", q, err)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		start := time.Now()
		_, err = ix.Search(ctx, Request{Query: pq, Page: 1})
		cancel()
		if err != nil && !errors.Is(err, ErrTooBroad) {
			t.Errorf("Search(%q): %v", q, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Search(%q) took %v", q, d)
		}
	}
	var distinct []string
	for i := range MaxTerms + 1 {
		distinct = append(distinct, "word"+strconv.Itoa(i))
	}
	for _, q := range []string{strings.Repeat("x", MaxQueryRunes+1), "\xff\xfe", strings.Join(distinct, " "), `"` + strings.Join(distinct[:MaxPhraseWords+1], " ") + `"`} {
		if _, err := ParseQuery(q); !(failure.KindOf(err) == failure.Invalid) {
			t.Errorf("ParseQuery(%.20q) = %v, want a query error", q, err)
		}
	}
	pq, _ := ParseQuery("Bagirov")
	if _, err := ix.Search(context.Background(), Request{Query: pq, Page: MaxPage + 1}); !(failure.KindOf(err) == failure.Invalid) {
		t.Errorf("page beyond the limit: %v", err)
	}
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Qavam Tabriz", "Qavam Tabriz"},
		{`"Security Council" -oil`, `"Security Council" -oil`},
		{"Zanjan OR Зенджан Qavam", "Zanjan OR Зенджан Qavam"},
		{"negotiat* person:pishevari year:1946", "negotiat* person:pishevari year:1946"},
		{`person:"Reza Shah" from:1946-04 to:1946`, `person:"Reza Shah" from:1946-04 to:1946`},
		// A name after from: or to: is a sender or recipient, a date a range.
		{"from:bagirov to:stalin oil", "oil sender:bagirov recipient:stalin"},
		{"sender:qavam recipient:\"CC VKP(b)\" from:1945", `sender:qavam recipient:"CC VKP(b)" from:1945`},
		{"“Soviet troops”", `"Soviet troops"`},
		{"-\"Soviet troops\"", `-"Soviet troops"`},
		{"Sha'in-Dezh", `"Sha'in Dezh"`},
		{"*zan Ta* ???", "zan Ta"},
		{"(Qavam OR Pishevari) AND Tabriz", "Qavam OR Pishevari Tabriz"},
		{"OR Qavam OR", "Qavam"},
		{"lang:Russian LANG:en", "lang:ru lang:en"},
		{"\"unclosed words", `"unclosed words"`},
	} {
		q, err := ParseQuery(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("ParseQuery(%q) understood %q, want %q (notices %q)", tc.in, got, tc.want, q.Notices)
		}
	}
	q, _ := ParseQuery("*zan")
	if len(q.Notices) != 1 || !strings.Contains(q.Notices[0], "Wildcards work only at the end") {
		t.Errorf("notices %q", q.Notices)
	}
}

// A page's documents that the source reads slowly (parsed anew, in an
// index that stores none) are read at once, each hit still getting its own
// document's snippets, in order; a source that fails fails the search.
func TestSlowSourcesReadAtOnce(t *testing.T) {
	withoutStoredDocs(t)
	docs := splitDocs(300)
	byID := make(map[string]*Doc)
	for _, d := range docs {
		byID[d.ID] = d
	}
	var mu sync.Mutex
	inFlight, most := 0, 0
	fail := ""
	source := func(id string) (*Doc, error) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		broken := id == fail
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // a source read from disk and parsed
		mu.Lock()
		inFlight--
		mu.Unlock()
		if broken {
			return nil, errors.New("the source is damaged")
		}
		return byID[id], nil
	}
	slow, err := Open(context.Background(), docs, Options{Source: source, ResultCache: -1, TokenCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fast, err := Open(context.Background(), docs, Options{ResultCache: -1, TokenCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	q, err := ParseQuery("harvest OR river")
	if err != nil {
		t.Fatal(err)
	}
	req := Request{Query: q, Page: 2}
	want, err := fast.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := slow.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	got.Took = want.Took
	if len(want.Hits) != PageSize || !reflect.DeepEqual(got, want) {
		t.Fatalf("read slowly:\n got %s\nwant %s", hitList(got), hitList(want))
	}
	if most < 2 {
		t.Errorf("the slow source was read one document at a time (at most %d at once)", most)
	}
	fail = want.Hits[7].ID
	if _, err := slow.Search(context.Background(), req); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a hit whose source fails: %v", err)
	}
}
