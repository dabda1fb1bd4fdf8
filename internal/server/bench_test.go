package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/library"
)

// BenchmarkServe compares serving a document page through the whole stack
// (middleware, routing, cache, logging to a discarded JSON log) with a bare
// handler writing the same bytes; the load test (.ci/load.sh) measures the
// same over loopback.
func BenchmarkServe(b *testing.B) {
	h := newTestServer(b)
	body := get(b, h, http.MethodGet, reply).Body.Bytes()
	logged := newTestServerWithLog(b, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
	})
	for _, tc := range []struct {
		name string
		h    http.Handler
		path string
	}{{"bare", bare, reply}, {"document", h, reply}, {"document-jsonlog", logged, reply}, {"search", h, "/search?q=Qavam"}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest(http.MethodGet, tc.path, nil)
				for pb.Next() {
					w := httptest.NewRecorder()
					tc.h.ServeHTTP(w, req)
				}
			})
		})
	}
}

// BenchmarkSearchFirst is a search page made afresh, as for a query no one
// asked before: no page cache and no results cache in front of it, so the
// search, its snippets and facets and the page's making are all paid.
func BenchmarkSearchFirst(b *testing.B) {
	coll, err := archive.Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	lib, err := library.Open(context.Background(), coll, library.Options{ResultCache: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lib.Close() })
	// The index's terms decoded in the background first, as they are a
	// moment after a start: their making is not timed with the searches.
	if err := lib.WaitIndex(context.Background()); err != nil {
		b.Fatal(err)
	}
	lib.Index().Settle()
	s := newServer(Config{BaseURL: base, DataDir: b.TempDir()}, lib, slog.New(slog.DiscardHandler))
	h := s.handle(s.handleSearch)
	for _, q := range []string{"Tabriz", "Qavam", "%22Security+Council%22", "Tabriz&year=1946"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			req := httptest.NewRequest(http.MethodGet, "/search?q="+q, nil)
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", q, w.Code)
				}
			}
		})
	}
}
