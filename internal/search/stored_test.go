package search

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// withoutStoredDocs makes the indexes the test writes store no documents,
// as an earlier program wrote them, until it ends.
func withoutStoredDocs(t *testing.T) {
	t.Helper()
	storeDocs = false
	t.Cleanup(func() { storeDocs = true })
}

// A stored document comes back exactly as it went: nil and empty lists,
// no date, dates at the parser's bounds, an end before the start, Cyrillic,
// bytes that are not UTF-8, and more paragraphs than a CBOR decoder
// allows by default.
func TestStoredDocComesBackAsItWent(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	many := make([]Para, 140_000)
	for i := range many {
		many[i] = Para{N: i + 1, Text: "x"}
	}
	docs := []*Doc{
		{},
		{ID: "empty-lists", Translation: []Para{}, Original: []Para{}, Notes: []string{}, Persons: []string{}, Mentions: []Mention{}},
		{ID: "bounds", HasDate: true, Date: day(1000, 1, 1), DateEnd: day(2999, 12, 31)},
		{ID: "end-first", HasDate: true, Date: day(1946, 5, 9), DateEnd: day(1946, 5, 1)},
		{ID: "cyrillic", Title: "Записка о хлебе", Original: []Para{{N: 3, Text: "Хлеб в Тавриз не прибыл."}}, OriginalLang: "ru",
			Mentions: []Mention{{Ref: "place:tabriz", Field: "original", Para: 3, Start: 16, End: 30}}},
		{ID: "not-utf8", Title: "bad \xff\xfe byte", Notes: []string{"\xc3"}},
		{ID: "many", Translation: many},
	}
	docs = append(docs, invented(12)...)
	docs = append(docs, generatedDocs(t, 30)...)
	for _, d := range docs {
		data, err := storedEnc.Marshal(d)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		var back Doc
		if err := storedDec.Unmarshal(data, &back); err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if !reflect.DeepEqual(&back, d) {
			got, want := reflect.ValueOf(back), reflect.ValueOf(*d)
			for i := range got.NumField() {
				if !reflect.DeepEqual(got.Field(i).Interface(), want.Field(i).Interface()) {
					t.Errorf("%s: %s came back otherwise", d.ID, got.Type().Field(i).Name)
				}
			}
		}
	}
}

// Damaged stored bytes are refused, never read past or allocated for
// beyond their length: a form cut short anywhere, and a list that claims
// two billion paragraphs in a few bytes.
func TestDamagedStoredDocIsRefused(t *testing.T) {
	data, err := storedEnc.Marshal(invented(3)[0])
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(data) {
		var d Doc
		if storedDec.Unmarshal(data[:n], &d) == nil {
			t.Errorf("the form cut at %d of %d bytes was read", n, len(data))
		}
	}
	// A map of one pair: "Translation", an array of 2^31-1 elements.
	huge := append([]byte{0xa1, 0x6b}, "Translation"...)
	huge = append(huge, 0x9a, 0x7f, 0xff, 0xff, 0xff, 0xa0)
	var d Doc
	if err := storedDec.Unmarshal(huge, &d); err == nil || len(d.Translation) > 0 {
		t.Errorf("a list claiming 2^31-1 paragraphs: %v, %d read", err, len(d.Translation))
	}
}

// storedQueries are searches whose hits' snippets come from many places
// in the documents: words, names, phrases, prefixes, filters, two orders,
// two pages.
var storedQueries = []struct {
	q, sort string
	page    int
}{
	{"Tabriz", SortRelevance, 1}, {"Tabriz", SortRelevance, 2}, {"Qavam", SortOldest, 1}, {"grain lang:ru", SortRelevance, 1},
	{`"answered the telegram"`, SortRelevance, 1}, {"Тавриз*", SortRelevance, 1}, {"consul -Qavam", SortNewest, 1},
}

// checkSnippets asks ix storedQueries and checks that each hit has the
// snippets cut from its document as byID holds it; it returns the number
// of hits.
func checkSnippets(t *testing.T, ix *Index, byID map[string]*Doc) int {
	t.Helper()
	n := 0
	for _, s := range storedQueries {
		res := search(t, ix, s.q, s.sort, s.page)
		b := ix.build(mustParse(t, s.q), &Result{})
		for _, h := range res.Hits {
			n++
			want, first := b.marker.snippets(byID[h.ID])
			if len(want) == 0 {
				t.Fatalf("%s: %s has no snippets to compare", s.q, h.ID)
			}
			if !reflect.DeepEqual(h.Snippets, want) || h.First != first {
				t.Errorf("%s: %s: snippets %+v (first %q), want those cut from its document, %+v (%q)", s.q, h.ID, h.Snippets, h.First, want, first)
			}
		}
	}
	return n
}

func docsByID(docs []*Doc) map[string]*Doc {
	m := make(map[string]*Doc, len(docs))
	for _, d := range docs {
		m[d.ID] = d
	}
	return m
}

// unreadable is a source that must not be needed: it counts its reads and
// fails them.
func unreadable(reads *atomic.Int64) func(string) (*Doc, error) {
	return func(id string) (*Doc, error) {
		reads.Add(1)
		return nil, errors.New("the source was read for " + id)
	}
}

// However the index was written (at once in memory or on disk, while the
// documents were read, or updated in place), a hit's snippets are cut
// from the document the index stores, without the source, and they are
// those the source's documents give.
func TestHitsAreCutFromStoredDocs(t *testing.T) {
	docs := invented(40)
	byID := docsByID(docs)
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
	}
	get := func(i int) (*Doc, error) { return docs[i], nil }
	ways := map[string]func(opts Options) (*Index, error){
		"in memory": func(opts Options) (*Index, error) { return Open(context.Background(), docs, opts) },
		"on disk": func(opts Options) (*Index, error) {
			opts.Dir = t.TempDir()
			return Open(context.Background(), docs, opts)
		},
		"while read": func(opts Options) (*Index, error) {
			opts.Dir = t.TempDir()
			b, err := NewBuilder(context.Background(), opts)
			if err != nil {
				return nil, err
			}
			for _, d := range docs[:30] {
				b.Add(d)
			}
			ix, _, err := b.Finish(context.Background(), entries, get, opts)
			return ix, err
		},
		"updated": func(opts Options) (*Index, error) {
			opts.Dir = t.TempDir()
			old := invented(40)
			for _, d := range old[10:] {
				d.Title += " (draft)"
			}
			first, err := Open(context.Background(), old, opts)
			if err != nil {
				return nil, err
			}
			first.Close()
			ix, ch, err := Update(context.Background(), entries, get, opts)
			if err == nil && ch.Rebuilt {
				err = errors.New("rebuilt rather than updated")
			}
			return ix, err
		},
	}
	for name, open := range ways {
		t.Run(name, func(t *testing.T) {
			var reads atomic.Int64
			ix, err := open(Options{Source: unreadable(&reads), ResultCache: -1})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			for pass := range 2 { // read from the index, then from the cache
				if n := checkSnippets(t, ix, byID); n < 50 {
					t.Errorf("%d hits checked", n)
				}
				if kept, _ := ix.docs.kept(); pass == 0 && kept == 0 {
					t.Error("no Doc read from the index was kept")
				}
			}
			if reads.Load() != 0 {
				t.Errorf("the source was read %d times", reads.Load())
			}
		})
	}
}

// An index written before documents were stored keeps answering: the
// documents it stores none of come from the source, and those updated
// since from the index.
func TestIndexWithoutStoredDocsReadsTheSource(t *testing.T) {
	dir := t.TempDir()
	old := invented(40)
	func() {
		withoutStoredDocs(t)
		ix, err := Open(context.Background(), old, Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
	}()
	storeDocs = true
	docs := invented(40)
	changed := map[string]bool{}
	for i, d := range docs {
		if i%2 == 0 {
			d.Translation[0].Text += " Changed since."
			changed[d.ID] = true
		}
	}
	byID := docsByID(docs)
	reads := make(chan string, 1000) // the source is read from several goroutines
	source := func(id string) (*Doc, error) {
		reads <- id
		return byID[id], nil
	}
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
	}
	ix, ch, err := Update(context.Background(), entries, func(i int) (*Doc, error) { return docs[i], nil }, Options{Dir: dir, Source: source, ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ch.Rebuilt || ch.Kept != 20 {
		t.Fatalf("changes %+v, want the 20 unchanged documents kept", ch)
	}
	checkSnippets(t, ix, byID)
	close(reads)
	n := 0
	for id := range reads {
		n++
		if changed[id] {
			t.Errorf("%s, stored when it changed, was read from the source", id)
		}
	}
	if n == 0 {
		t.Error("no document was read from the source, though 20 are stored nowhere")
	}
}

// A stored form that cannot be read (damaged bytes) is not a failed
// search: that hit's document comes from the source.
func TestUnreadableStoredDocReadsTheSource(t *testing.T) {
	docs := invented(25)
	byID := docsByID(docs)
	var reads []string
	ix, err := Open(context.Background(), docs, Options{ResultCache: -1, Source: func(id string) (*Doc, error) {
		reads = append(reads, id)
		return byID[id], nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	checkSnippets(t, ix, byID)
	if len(reads) > 0 {
		t.Fatalf("the source was read for %q, though the index stores every document", reads)
	}
	// doc-003 again, its stored form garbage.
	victim := docs[3]
	doc := document.NewDocument(victim.ID)
	if err := ix.bleve.Mapping().MapDocument(doc, body(victim, 3)); err != nil {
		t.Fatal(err)
	}
	doc.AddField(document.NewTextFieldWithIndexingOptions(fieldStored, nil, []byte("\xbf\x99garbage"), index.StoreField))
	b := ix.bleve.NewBatch()
	if err := b.IndexAdvanced(doc); err != nil {
		t.Fatal(err)
	}
	if err := ix.bleve.Batch(b); err != nil {
		t.Fatal(err)
	}
	checkSnippets(t, ix, byID)
	if len(reads) == 0 || strings.Join(reads, " ") != strings.Repeat(victim.ID+" ", len(reads)-1)+victim.ID {
		t.Errorf("read from the source: %q, want only %s", reads, victim.ID)
	}

	// doc-006 again, another document's Doc stored with it: its own
	// passages come from the source, not the other's.
	reads = nil
	victim = docs[6]
	other, err := storedEnc.Marshal(docs[9])
	if err != nil {
		t.Fatal(err)
	}
	doc = document.NewDocument(victim.ID)
	if err := ix.bleve.Mapping().MapDocument(doc, body(victim, 6)); err != nil {
		t.Fatal(err)
	}
	doc.AddField(document.NewTextFieldWithIndexingOptions(fieldStored, nil, other, index.StoreField))
	b = ix.bleve.NewBatch()
	if err := b.IndexAdvanced(doc); err != nil {
		t.Fatal(err)
	}
	if err := ix.bleve.Batch(b); err != nil {
		t.Fatal(err)
	}
	checkSnippets(t, ix, byID)
	if !slices.Contains(reads, victim.ID) {
		t.Errorf("read from the source: %q, want %s among them", reads, victim.ID)
	}
}

// A mention outside its text, as a damaged stored Doc could hold, marks
// nothing and breaks nothing: the hit keeps its other passages.
func TestMentionOutsideItsTextMarksNothing(t *testing.T) {
	for _, bad := range []Range{{9, 4}, {-3, 2}, {0, 999}, {40, 41}} {
		// Paragraph 2 holds the most mentions, so it is cut as the
		// likeliest best passage.
		d := &Doc{ID: "bad-mentions", Title: "Qavam wrote again", Languages: []string{"en"},
			Translation: []Para{{N: 1, Text: "Qavam answered."}, {N: 2, Text: "Nothing more."}},
			Mentions:    []Mention{{Ref: "person:qavam", Field: "title", Start: 0, End: 5}, {Ref: "person:qavam", Field: "translation", Para: 1, Start: 0, End: 5}}}
		for range 3 {
			d.Mentions = append(d.Mentions, Mention{Ref: "person:qavam", Field: "translation", Para: 2, Start: bad.Start, End: bad.End})
		}
		ix, err := Open(context.Background(), []*Doc{d}, Options{Names: fakeNames{}, ResultCache: -1})
		if err != nil {
			t.Fatal(err)
		}
		res := search(t, ix, "Qavam", SortRelevance, 1)
		ix.Close()
		if len(res.Hits) != 1 || len(res.Hits[0].Snippets) == 0 {
			t.Fatalf("%v: hits %+v", bad, res.Hits)
		}
		for _, sn := range res.Hits[0].Snippets {
			for _, p := range sn.Parts {
				if p.Mark && sn.Para == 2 {
					t.Errorf("%v: paragraph 2 marked: %+v", bad, sn.Parts)
				}
			}
		}
	}
}

// The documents read from the index are kept within their bound in bytes:
// the latest kept, the earliest let go, and one larger than a quarter of
// the bound never kept.
func TestDocCacheIsBoundedInBytes(t *testing.T) {
	docs := invented(60)
	const bound = 8 << 10
	c := newSizedLRU[docKey, *Doc](bound)
	for i, d := range docs {
		c.add(docKey{1, uint64(i)}, d, docSize(d, 200))
		if _, bytes := c.kept(); bytes > bound {
			t.Fatalf("after %d documents: %d bytes kept, bound %d", i+1, bytes, bound)
		}
	}
	if _, ok := c.get(docKey{1, 59}); !ok {
		t.Error("the latest document was not kept")
	}
	if _, ok := c.get(docKey{1, 0}); ok {
		t.Error("the first document was still kept")
	}
	if _, ok := c.get(docKey{2, 59}); ok {
		t.Error("a document of another segment was found under the same number")
	}
	c.add(docKey{3, 0}, docs[0], bound/4+1)
	if _, ok := c.get(docKey{3, 0}); ok {
		t.Error("a document larger than a quarter of the bound was kept")
	}

	// An index keeps the page's documents, and none with no cache.
	for _, bound := range []int64{0, -1} {
		ix, err := Open(context.Background(), docs, Options{ResultCache: -1, DocCache: bound})
		if err != nil {
			t.Fatal(err)
		}
		res := search(t, ix, "Tabriz", SortRelevance, 1)
		kept, _ := ix.docs.kept()
		if want := map[int64]int{0: len(res.Hits), -1: 0}[bound]; kept != want {
			t.Errorf("DocCache %d: %d documents kept after a page of %d hits, want %d", bound, kept, len(res.Hits), want)
		}
		ix.Close()
	}
}
