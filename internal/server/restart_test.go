package server

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/library"
)

// serveCopy serves a copy of the shipped documents, which the test may
// edit, with the index in idx ("" for memory), as main does; it returns
// the copy's folder too.
func serveCopy(t *testing.T, idx string) (string, http.Handler, library.Library) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, documents.FS); err != nil {
		t.Fatal(err)
	}
	h, lib := serveFolder(t, dir, idx)
	return dir, h, lib
}

// serveFolder serves the documents in dir as main does.
func serveFolder(t *testing.T, dir, idx string) (http.Handler, library.Library) {
	t.Helper()
	fsys := os.DirFS(dir)
	lib, err := library.Load(context.Background(), fsys, library.Options{IndexDir: idx, Data: fsys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	if err := lib.WaitIndex(t.Context()); err != nil { // a first start builds it while serving
		t.Fatal(err)
	}
	return New(Config{BaseURL: base, DataDir: t.TempDir()}, lib, slog.New(slog.DiscardHandler)), lib
}

// A restart that reads the library's snapshot serves exactly the same
// pages as the start that wrote it.
func TestRestartServesTheSamePages(t *testing.T) {
	idx := t.TempDir()
	dir, first, lib := serveCopy(t, idx)
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
	second, _ := serveFolder(t, dir, idx)
	for _, p := range pages {
		rec := get(t, second, http.MethodGet, p)
		if rec.Code != http.StatusOK || rec.Body.String() != before[p] {
			t.Errorf("GET %s: status %d, and the page differs after a restart", p, rec.Code)
		}
	}
}

// A source file that changes or goes under a running server changes
// nothing the server answers: it serves the collection it loaded (the
// sources' bytes are kept), its pages, its searches and its bulk download,
// never a 500.
func TestDocumentChangedWhileServing(t *testing.T) {
	dir, h, lib := serveCopy(t, "")
	_, pristine, _ := serveCopy(t, "")
	victim, gone := lib.Collection.Docs[0], lib.Collection.Docs[1]
	// Changed before any request, so that no text was read or cached yet.
	if err := os.WriteFile(filepath.Join(dir, victim.File), []byte("**1 January 1950**\n\n**Something else entirely**\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, gone.File)); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"/documents/" + victim.ID, "/documents/" + gone.ID, "/search?q=Tabriz", "/search?q=Bagirov", "/data/" + bulkName} {
		rec, want := get(t, h, http.MethodGet, u), get(t, pristine, http.MethodGet, u)
		if rec.Code != http.StatusOK || rec.Body.String() != want.Body.String() {
			t.Errorf("GET %s after its file changed: status %d, and the answer differs from the loaded collection's", u, rec.Code)
		}
	}
}
