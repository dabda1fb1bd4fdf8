package search

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

func TestPersistedIndexIsReopenedOrRebuilt(t *testing.T) {
	coll, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*Doc
	for _, d := range coll.Docs {
		docs = append(docs, FromArchive(d))
	}
	dir := t.TempDir()
	open := func(docs []*Doc) string {
		t.Helper()
		var logs bytes.Buffer
		ix, err := Open(context.Background(), docs, Options{Dir: dir, Log: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := ix.Count(); n != uint64(len(docs)) {
			t.Errorf("index holds %d documents, want %d", n, len(docs))
		}
		r, err := ix.Search(context.Background(), Request{Query: Query{Clauses: []Clause{{Alternatives: []Term{{Text: "Bagirov"}}}}}, Page: 1})
		if err != nil || r.Total == 0 {
			t.Errorf("search after open: %v, %d", err, r.Total)
		}
		ix.Close()
		return logs.String()
	}
	if logs := open(docs); !strings.Contains(logs, "search index rebuilt") || !strings.Contains(logs, "no index there yet") {
		t.Errorf("first start: %s", logs)
	}
	if logs := open(docs); !strings.Contains(logs, "search index reopened") {
		t.Errorf("second start: %s", logs)
	}
	if logs := open(docs[1:]); !strings.Contains(logs, "search index updated") || !strings.Contains(logs, "removed=1") || !strings.Contains(logs, "kept=4") {
		t.Errorf("changed corpus: %s", logs)
	}
}
