package server

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/documents"
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
// the handler and what the library logged.
func loadWithLog(t *testing.T, dir, idx string) (http.Handler, Library, string) {
	t.Helper()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	fsys := os.DirFS(dir)
	lib, err := LoadLibrary(context.Background(), fsys, LibraryOptions{IndexDir: idx, Data: fsys, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return New(Config{BaseURL: base}, lib, slog.New(slog.DiscardHandler)), lib, logs.String()
}

// The second start with a persisted index reads the snapshot instead of
// the documents, and serves exactly the same pages.
func TestSnapshotServesTheSamePages(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	first, lib, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "library snapshot not used") || strings.Contains(logs, "library snapshot read") {
		t.Fatalf("first start should read every document:\n%s", logs)
	}
	pages := []string{
		"/", "/timeline", "/timeline/1946-12", "/timeline?person=pishevari", "/archives",
		reply, reply + "?show=original", memo + "?hl=Кавам", november + "/text.txt",
		"/people/qavam", "/places/tabriz", "/people", "/map",
		"/api/documents" + strings.TrimPrefix(april12, "/documents"),
		"/data/readingroom-collection.jsonl", "/feed.atom", "/sitemap.xml",
		"/search?q=Кавам", "/search?q=%22Security+Council%22&sort=oldest", "/search?q=переговоров&lang=ru",
		"/search?q=Pishevvari", "/api/search?q=Tabriz",
	}
	before := map[string]string{}
	for _, p := range pages {
		rec := get(t, first, http.MethodGet, p)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d on the first start", p, rec.Code)
		}
		before[p] = rec.Body.String()
	}
	lib.Close() // one process at a time holds the index
	second, lib, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "library snapshot read") || !strings.Contains(logs, "search index reopened") {
		t.Fatalf("second start should read the snapshot and reopen the index:\n%s", logs)
	}
	for _, d := range lib.Collection.Docs {
		if d.Outline == nil || len(d.Translation.Paragraphs) > 0 || len(d.Original.Paragraphs) > 0 {
			t.Errorf("%s is held with its texts after a start from the snapshot", d.ID)
		}
	}
	for _, p := range pages {
		rec := get(t, second, http.MethodGet, p)
		if rec.Code != http.StatusOK || rec.Body.String() != before[p] {
			t.Errorf("GET %s: status %d, and the page differs after a start from the snapshot", p, rec.Code)
		}
	}
}

// A document added, edited or removed since the snapshot makes the next
// start read the documents again, and the pages show the change.
func TestSnapshotNoticesChangedDocuments(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	_, lib, _ := loadWithLog(t, dir, idx)
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
	h, lib, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "changed since the snapshot") {
		t.Fatalf("an edited document should make the start read every document:\n%s", logs)
	}
	if rec := get(t, h, http.MethodGet, "/search?q=Qavam-Edited"); !strings.Contains(rec.Body.String(), "Edited") {
		t.Errorf("the search does not find the edited words")
	}

	lib.Close()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	_, lib, logs = loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "changed since the snapshot") || len(lib.Collection.Docs) != 4 {
		t.Fatalf("a removed document should make the start read every document (%d documents):\n%s", len(lib.Collection.Docs), logs)
	}
}

// A source file that changes under a running server gives an error page
// for its document, not a wrong text or a crash; the rest still serve.
func TestDocumentChangedWhileServing(t *testing.T) {
	dir := copyCorpus(t)
	h, lib, _ := loadWithLog(t, dir, "")
	var victim, other string
	for _, d := range lib.Collection.Docs {
		switch {
		case victim == "":
			victim = d.ID
			if err := os.WriteFile(filepath.Join(dir, d.File), []byte("**1 January 1950**\n\n**Something else entirely**\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		case other == "":
			other = d.ID
		}
	}
	rec := get(t, h, http.MethodGet, "/documents/"+victim)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "could not") {
		t.Errorf("changed document: status %d, want the 500 page saying so", rec.Code)
	}
	if rec := get(t, h, http.MethodGet, "/documents/"+other); rec.Code != http.StatusOK {
		t.Errorf("another document: status %d", rec.Code)
	}
}

// A second server started on an index another one holds open says so, and
// leaves that index alone.
func TestIndexInUse(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	first, _, _ := loadWithLog(t, dir, idx)
	fsys := os.DirFS(dir)
	_, err := LoadLibrary(context.Background(), fsys, LibraryOptions{IndexDir: idx, Data: fsys})
	if err == nil || !strings.Contains(err.Error(), "in use by another process") {
		t.Fatalf("second library on the same index: %v, want it refused as in use", err)
	}
	if rec := get(t, first, http.MethodGet, "/search?q=Tabriz"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Tabriz") {
		t.Errorf("the first server's search broke: status %d", rec.Code)
	}
}
