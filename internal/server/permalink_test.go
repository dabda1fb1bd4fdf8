package server

import (
	"context"
	"github.com/readingroom/readingroom/internal/library"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

// TestFormerIDsRedirect serves the shipped documents with an ID file that
// records a former ID of one of them: every address under it redirects.
func TestFormerIDsRedirect(t *testing.T) {
	fsys := fstest.MapFS{}
	names, _ := fs.Glob(documents.FS, "*")
	for _, n := range names {
		data, _ := fs.ReadFile(documents.FS, n)
		fsys[n] = &fstest.MapFile{Data: data}
	}
	const cur = "1946-12-09-memo-via-a-telegraph-message-from-tabriz"
	fsys[archive.IDFile] = &fstest.MapFile{Data: []byte(`[[document]]
file = "1946-12-09-memo-telegraph-message-from-tabriz.txt"
id = "` + cur + `"
former = ["1946-12-09-memo-via-a-telegrpah-message"]
`)}
	coll, err := archive.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.Open(context.Background(), coll, library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	h := New(Config{BaseURL: base, DataDir: t.TempDir()}, lib, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for from, to := range map[string]string{
		"/documents/1946-12-09-memo-via-a-telegrpah-message":               "/documents/" + cur,
		"/documents/1946-12-09-memo-via-a-telegrpah-message?show=original": "/documents/" + cur + "?show=original",
		"/documents/1946-12-09-memo-via-a-telegrpah-message/cite.bib":      "/documents/" + cur + "/cite.bib",
		"/api/documents/1946-12-09-memo-via-a-telegrpah-message":           "/api/documents/" + cur,
	} {
		rec := get(t, h, http.MethodGet, from)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != to {
			t.Errorf("%s: %d to %q, want 301 to %q", from, rec.Code, rec.Header().Get("Location"), to)
		}
	}
	if rec := get(t, h, http.MethodGet, "/documents/1946-12-09-never-was"); rec.Code != http.StatusNotFound {
		t.Errorf("an ID never published: %d", rec.Code)
	}
}
