package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
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
