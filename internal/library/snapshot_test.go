package library

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/search"
)

// copyCorpus copies the shipped documents into a folder the test may edit.
func copyCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, documents.FS); err != nil {
		t.Fatal(err)
	}
	return dir
}

// loadWithLog opens the library on dir with the index in idx and returns
// it with what it logged.
func loadWithLog(t *testing.T, dir, idx string) (Library, string) {
	t.Helper()
	// The snapshot is written after Load returns, on a goroutine of its
	// own that logs too: the buffer is shared under a lock.
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	fsys := os.DirFS(dir)
	lib, err := Load(context.Background(), fsys, Options{IndexDir: idx, Data: fsys, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	if err := lib.WaitIndex(t.Context()); err != nil { // a first start builds it after Load
		t.Fatal(err)
	}
	return lib, logs.String()
}

// lockedBuffer is a log that a test reads while the library may still
// write to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// searchFor is the first page of a search for q.
func searchFor(t *testing.T, lib Library, q string) *search.Result {
	t.Helper()
	parsed, err := search.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := lib.Index().Search(context.Background(), search.Request{Query: parsed, Page: 1})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// searchJSON is what a search answers, as text to compare.
func searchJSON(t *testing.T, lib Library, q string) string {
	t.Helper()
	res := searchFor(t, lib, q)
	res.Took = 0 // the only field that may differ
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The second start with a persisted index reads the snapshot instead of
// the documents, holds them outlined, and answers exactly as the first:
// the same documents whole, the same facts, the same search results. (The
// server's tests check the pages too.)
func TestSnapshotGivesTheSameLibrary(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	first, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "library snapshot not used") || strings.Contains(logs, "library snapshot read") {
		t.Fatalf("first start should read every document:\n%s", logs)
	}
	queries := []string{"Кавам", `"Security Council"`, "переговоров lang:ru", "Pishevvari", "Tabriz from:1946-04"}
	type state struct {
		texts, facts map[string]string
		search       []string
	}
	snap := func(lib Library) state {
		st := state{texts: map[string]string{}, facts: map[string]string{}}
		for _, d := range lib.Collection.Docs {
			tx, err := lib.Text(d)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(struct {
				Doc any
				M   any
			}{tx.Doc, tx.Mentions})
			st.texts[d.ID] = string(b)
			f, _ := json.Marshal(struct{ F, R any }{lib.Facts(d), lib.References(d)})
			st.facts[d.ID] = string(f)
		}
		for _, q := range queries {
			st.search = append(st.search, searchJSON(t, lib, q))
		}
		return st
	}
	before := snap(first)
	first.Close() // one process at a time holds the index

	second, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "library snapshot read") || !strings.Contains(logs, "search index reopened") {
		t.Fatalf("second start should read the snapshot and reopen the index:\n%s", logs)
	}
	for _, d := range second.Collection.Docs {
		if d.Outline == nil || len(d.Translation.Paragraphs) > 0 || len(d.Original.Paragraphs) > 0 {
			t.Errorf("%s is held with its texts after a start from the snapshot", d.ID)
		}
	}
	after := snap(second)
	if !reflect.DeepEqual(before.texts, after.texts) {
		t.Error("the documents read whole differ after a start from the snapshot")
	}
	if !reflect.DeepEqual(before.facts, after.facts) {
		t.Error("the facts derived from the texts differ after a start from the snapshot")
	}
	for i, q := range queries {
		if before.search[i] != after.search[i] {
			t.Errorf("search %q answers differently after a start from the snapshot", q)
		}
	}
}

// A document edited or removed since the snapshot is read again, or
// dropped, at the next start, and the library holds the change.
func TestSnapshotNoticesChangedDocuments(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	lib, _ := loadWithLog(t, dir, idx)
	lib.Close()

	var name string
	_ = fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if b, _ := os.ReadFile(filepath.Join(dir, p)); name == "" && strings.HasSuffix(p, ".md") && bytes.Contains(b, []byte("Qavam")) {
			name = p
		}
		return err
	})
	if name == "" {
		t.Fatal("no Markdown document in the corpus names Qavam")
	}
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(data, []byte("Qavam"), []byte("Qavam-Edited"), 1)
	if bytes.Equal(edited, data) {
		t.Fatalf("%s does not name Qavam", name)
	}
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	lib, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "parsed=1 unchanged=4") {
		t.Fatalf("an edited document should be read again, the others not:\n%s", logs)
	}
	if got := searchJSON(t, lib, "Qavam-Edited"); !strings.Contains(got, "Edited") {
		t.Errorf("the search does not find the edited words")
	}

	lib.Close()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	lib, logs = loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "parsed=0 unchanged=4") || !strings.Contains(logs, "removed=1") || len(lib.Collection.Docs) != 4 {
		t.Fatalf("a removed document should leave the collection and the index (%d documents):\n%s", len(lib.Collection.Docs), logs)
	}
}

// A source file that changes or goes under a running library changes
// nothing it gives: the texts are parsed again from the bytes kept at
// loading, never from the folder.
func TestDocumentChangedAfterLoading(t *testing.T) {
	dir := copyCorpus(t)
	lib, _ := loadWithLog(t, dir, "")
	victim, gone := lib.Collection.Docs[0], lib.Collection.Docs[1]
	want, err := archive.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, victim.File), []byte("**1 January 1950**\n\n**Something else entirely**\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, gone.File)); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*archive.Document{victim, gone} {
		// Past the LRU of texts: a library with an empty one.
		lib.texts.Purge()
		got, err := lib.Text(d)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		w, _ := want.Doc(d.ID)
		if !reflect.DeepEqual(got.Doc, w) {
			t.Errorf("%s: the text differs from the one loaded", d.ID)
		}
	}
}

// A second library started on an index another one holds open says so, and
// leaves that index alone.
func TestIndexInUse(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	first, _ := loadWithLog(t, dir, idx)
	fsys := os.DirFS(dir)
	_, err := Load(context.Background(), fsys, Options{IndexDir: idx, Data: fsys})
	if err == nil || !strings.Contains(err.Error(), "in use by another process") {
		t.Fatalf("second library on the same index: %v, want it refused as in use", err)
	}
	if got := searchJSON(t, first, "Tabriz"); !strings.Contains(got, "Tabriz") {
		t.Errorf("the first library's search broke")
	}
}
