package search

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2"

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

// TestBuiltIndexIsWholeOnDisk builds a persisted index in many batches
// (each returns before it is on disk) and opens what is on disk afresh:
// every document is there, in one segment, the index's description keeps
// none of the build's options, and searches find what an index built in
// memory finds.
func TestBuiltIndexIsWholeOnDisk(t *testing.T) {
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	// As many batches as a larger collection in bigger ones (a dozen),
	// at a fraction of the cost under the race detector.
	for name, data := range archive.Generate(seeds.Docs, 120, 3) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	coll, err := archive.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*Doc
	for _, d := range coll.Docs {
		docs = append(docs, FromArchive(d))
	}
	defer func(n int, merge bool) { batchSize, mergeAtEnd = n, merge }(batchSize, mergeAtEnd)
	batchSize = 10
	mem, err := Open(context.Background(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	for _, merge := range []bool{false, true} {
		mergeAtEnd = merge
		t.Run(fmt.Sprintf("mergeAtEnd=%v", merge), func(t *testing.T) { checkBuiltOnDisk(t, docs, mem) })
	}
}

// checkBuiltOnDisk builds docs on disk, then opens what is there afresh:
// every document, the build's options not kept, and, when the build
// merges at the end, one segment; and searches find in it what they find
// in mem, built in memory.
func checkBuiltOnDisk(t *testing.T, docs []*Doc, mem *Index) {
	dir := t.TempDir()
	ix, err := Open(context.Background(), docs, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	desc, err := os.ReadFile(filepath.Join(dir, "bleve", "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, option := range []string{"unsafe_batch", "scorchMergePlanOptions"} {
		if bytes.Contains(desc, []byte(option)) {
			t.Errorf("the index's description keeps the build's %s: %s", option, desc)
		}
	}
	disk, err := bleve.Open(filepath.Join(dir, "bleve"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := disk.DocCount(); err != nil || n != uint64(len(docs)) {
		t.Errorf("on disk: %d documents (%v), want %d", n, err, len(docs))
	}
	ondisk := &Index{bleve: disk}
	if n := segments(t, ondisk); mergeAtEnd && n != 1 {
		t.Errorf("on disk: %d segments, want 1", n)
	}
	for _, q := range []string{"government", `"Security Council"`, "negotiat*", "переговоров", "Tabriz -oil"} {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		req := bleve.NewSearchRequestOptions(mem.build(pq, &Result{}).q, 10000, 0, false)
		req.SortBy([]string{"-_score", "_id"})
		want, err := mem.bleve.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := disk.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || got.Total == 0 {
			t.Errorf("%s: %d on disk, %d in memory", q, got.Total, want.Total)
			continue
		}
		for i := range want.Hits {
			if got.Hits[i].ID != want.Hits[i].ID {
				t.Errorf("%s: hit %d is %s on disk, %s in memory", q, i, got.Hits[i].ID, want.Hits[i].ID)
				break
			}
		}
	}
	disk.Close()
}
