package search

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/readingroom/readingroom/internal/failure"
)

// mergedIndex is splitDocs(n) and two documents of rare words, kept on
// disk and merged into one segment: the shape in which zap's dictionary
// iterator counts every term after a term of one document as held by
// one document (blevesearch/zapx#445).
func mergedIndex(t *testing.T, n int) (*Index, []*Doc) {
	t.Helper()
	docs := splitDocs(n)
	docs = append(docs,
		&Doc{ID: "inv-rare-1", Title: "An aardvark", Translation: []Para{{N: 1, Text: "The aardvark stayed by the garrisol."}}},
		&Doc{ID: "inv-rare-2", Title: "Nothing", Translation: []Para{{N: 1, Text: "Nothing more."}}})
	was := batchSize
	batchSize = 100
	ix, err := Open(context.Background(), docs, Options{Dir: t.TempDir(), ResultCache: -1})
	batchSize = was
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &opts); err != nil {
		t.Fatal(err)
	}
	return ix, docs
}

// A prefix that stands for words in too many places is refused however
// zap's dictionary counts them, and a spelling suggestion prefers the
// more frequent of two equally close words, in a merged index on disk.
func TestWordCountsAreTheDocumentsCounted(t *testing.T) {
	ix, docs := mergedIndex(t, 300)
	// The documents that say garrison, read from their texts.
	word := regexp.MustCompile(`(?i)\bgarrison\b`)
	var garrison uint64
	for _, d := range docs {
		texts := append([]string{d.Title, d.Summary}, d.Notes...)
		for _, p := range slices.Concat(d.Translation, d.Original) {
			texts = append(texts, p.Text)
		}
		if word.MatchString(strings.Join(texts, "\n")) {
			garrison++
		}
	}
	if garrison < 20 {
		t.Fatalf("garrison in %d documents: too few to tell", garrison)
	}
	words, places := maxPrefixWords, maxPrefixPostings
	t.Cleanup(func() { maxPrefixWords, maxPrefixPostings = words, places })
	// garri* is garrison and garrisol: garrison+1 places.
	maxPrefixPostings = garrison
	if _, err := ix.Search(context.Background(), Request{Query: mustParse(t, "garri*"), Page: 1}); failure.KindOf(err) != failure.Invalid {
		t.Errorf("garri* in %d places, over a bound of %d: %v, want refused", garrison+1, maxPrefixPostings, err)
	}
	maxPrefixPostings = garrison + 1
	if res, err := ix.Search(context.Background(), Request{Query: mustParse(t, "garri*"), Page: 1}); err != nil || res.Total == 0 {
		t.Errorf("garri* in %d places, within a bound of %d: %v", garrison+1, maxPrefixPostings, err)
	}
	// garrisob is one letter from garrison and from garrisol, which is
	// in one document.
	res, err := ix.Search(context.Background(), Request{Query: mustParse(t, "garrisob"), Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || len(res.Suggestions) == 0 || res.Suggestions[0].Word != "garrison" {
		t.Errorf("garrisob: %d matches, suggestions %+v, want garrison first", res.Total, res.Suggestions)
	}
}
