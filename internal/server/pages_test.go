package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/static"
)

// TestPagesServedAgainAreTheSame checks that a page served again without
// the router (servePagesAgain) is the response the router gave: every
// header field but the request ID, the body, for GET and HEAD, each
// encoding, and a conditional request.
func TestPagesServedAgainAreTheSame(t *testing.T) {
	h := newTestServer(t)
	for _, target := range []string{reply, reply + "?show=original", "/", "/timeline", "/people", "/api" + reply, "/feed.atom", "/robots.txt"} {
		for _, tc := range []struct {
			method string
			header []string
		}{
			{http.MethodGet, nil},
			{http.MethodHead, nil},
			{http.MethodGet, []string{"Accept-Encoding", "gzip"}},
			{http.MethodGet, []string{"Accept-Encoding", "gzip, br"}},
		} {
			first := get(t, h, tc.method, target, tc.header...)
			again := get(t, h, tc.method, target, tc.header...)
			if first.Code != again.Code || !bytes.Equal(first.Body.Bytes(), again.Body.Bytes()) {
				t.Errorf("%s %s %v: %d, %d bytes the first time; %d, %d bytes again", tc.method, target, tc.header, first.Code, first.Body.Len(), again.Code, again.Body.Len())
			}
			a, b := first.Header().Clone(), again.Header().Clone()
			if a.Get("X-Request-Id") == b.Get("X-Request-Id") {
				t.Errorf("%s %s: the same request ID twice", tc.method, target)
			}
			a.Del("X-Request-Id")
			b.Del("X-Request-Id")
			if ha, hb := headerText(a), headerText(b); ha != hb {
				t.Errorf("%s %s %v: header fields differ:\n%s\nthen\n%s", tc.method, target, tc.header, ha, hb)
			}
			if etag := first.Header().Get("ETag"); etag != "" && first.Code == http.StatusOK {
				cond := get(t, h, tc.method, target, append([]string{"If-None-Match", etag}, tc.header...)...)
				if cond.Code != http.StatusNotModified || cond.Body.Len() != 0 {
					t.Errorf("%s %s %v with its ETag: %d, %d bytes", tc.method, target, tc.header, cond.Code, cond.Body.Len())
				}
			}
		}
	}
}

func headerText(h http.Header) string {
	var b strings.Builder
	_ = h.Write(&b)
	return b.String()
}

// TestServePagesAgain checks what servePagesAgain keeps: a page served
// alone skips the handler the second time; a response with header fields
// of its own, an error, or a page not from the cache asks the handler
// every time.
func TestServePagesAgain(t *testing.T) {
	s := &Server{cfg: Config{BaseURL: base}, log: slog.New(slog.NewTextHandler(io.Discard, nil)), assets: static.New()}
	calls := map[string]int{}
	mux := http.NewServeMux()
	cached := func(w http.ResponseWriter, r *http.Request) {
		calls[r.URL.Path]++
		_ = s.serveCachedBytes(w, r, r.URL.Path, "text/plain; charset=utf-8", func() ([]byte, error) { return []byte("page " + r.URL.Path), nil })
	}
	mux.HandleFunc("/plain", cached)
	mux.HandleFunc("/cors", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		cached(w, r)
	})
	mux.HandleFunc("/rendered", func(w http.ResponseWriter, r *http.Request) {
		calls[r.URL.Path]++
		_, _ = w.Write([]byte("made for this request"))
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		calls[r.URL.Path]++
		s.serveError(w, r, errNotFound("no"))
	})
	h := s.observe(securityHeaders(s.servePagesAgain(mux)))
	for _, path := range []string{"/plain", "/cors", "/rendered", "/missing"} {
		for range 3 {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if path == "/cors" && rec.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s lost its CORS header", path)
			}
		}
	}
	want := map[string]int{"/plain": 1, "/cors": 3, "/rendered": 3, "/missing": 3}
	for path, n := range want {
		if calls[path] != n {
			t.Errorf("%s: the handler ran %d times for 3 requests, want %d", path, calls[path], n)
		}
	}

	// A query makes another URI; one too long is not kept.
	long := "/plain?q=" + strings.Repeat("x", maxURIForAgain)
	for range 2 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/plain?a=1", nil))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, long, nil))
	}
	if calls["/plain"] != 1+1+2 {
		t.Errorf("the handler ran %d times, want 4", calls["/plain"])
	}
}
