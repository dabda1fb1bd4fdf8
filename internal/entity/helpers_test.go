package entity

import (
	"sort"
	"sync"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

var shipped struct {
	once sync.Once
	auth *Authority
	coll *archive.Collection
	err  error
}

// loadShipped returns the authority and the collection as shipped in
// documents/, loaded once for all tests.
func loadShipped(t testing.TB) (*Authority, *archive.Collection) {
	t.Helper()
	shipped.once.Do(func() {
		shipped.auth, shipped.err = Load(documents.FS)
		if shipped.err == nil {
			shipped.coll, shipped.err = archive.Load(documents.FS)
		}
	})
	if shipped.err != nil {
		t.Fatalf("loading the shipped collection: %v", shipped.err)
	}
	return shipped.auth, shipped.coll
}

// doc returns the shipped document with the given ID.
func doc(t *testing.T, id string) *archive.Document {
	t.Helper()
	_, c := loadShipped(t)
	d, ok := c.Doc(id)
	if !ok {
		t.Fatalf("no document %q in the shipped collection", id)
	}
	return d
}

// english makes a document with an English translation of one paragraph
// per line given.
func english(id string, paragraphs ...string) *archive.Document {
	d := &archive.Document{ID: id, Translation: archive.Text{Language: "English", Code: "en"}}
	for i, p := range paragraphs {
		d.Translation.Paragraphs = append(d.Translation.Paragraphs, archive.Paragraph{N: i + 1, Kind: archive.KindText, Lines: []string{p}})
	}
	return d
}

// found returns "id:form" for each mention in s.
func found(a *Authority, s string) []string {
	var out []string
	for _, m := range a.Find(s) {
		out = append(out, m.ID+":"+m.Form)
	}
	return out
}

// IDs returns the distinct record IDs of mentions, sorted.
func IDs(ms []Mention) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m.ID)
		}
	}
	sort.Strings(out)
	return out
}
