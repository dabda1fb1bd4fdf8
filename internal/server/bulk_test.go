package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestBulkDownloadResumesAndRevalidates asks for a part of the bulk file,
// as a client resuming a cut download does, and revalidates it with the
// forms of If-None-Match the RFC allows.
func TestBulkDownloadResumesAndRevalidates(t *testing.T) {
	h := newTestServer(t)
	whole := get(t, h, http.MethodGet, "/data/"+bulkName)
	body := whole.Body.Bytes()
	if whole.Header().Get("Accept-Ranges") != "bytes" || len(body) < 1000 {
		t.Fatalf("Accept-Ranges %q, %d bytes", whole.Header().Get("Accept-Ranges"), len(body))
	}
	part := get(t, h, http.MethodGet, "/data/"+bulkName, "Range", "bytes=500-")
	if part.Code != http.StatusPartialContent || !bytes.Equal(part.Body.Bytes(), body[500:]) {
		t.Errorf("Range bytes=500-: status %d, %d bytes, want the last %d", part.Code, part.Body.Len(), len(body)-500)
	}
	etag := whole.Header().Get("ETag")
	if rec := get(t, h, http.MethodGet, "/data/"+bulkName, "Range", "bytes=0-9", "If-Range", etag); rec.Code != http.StatusPartialContent || rec.Body.Len() != 10 {
		t.Errorf("If-Range with the current tag: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := get(t, h, http.MethodGet, "/data/"+bulkName, "Range", "bytes=0-9", "If-Range", `"old"`); rec.Code != http.StatusOK || rec.Body.Len() != len(body) {
		t.Errorf("If-Range with an old tag: status %d, want the whole file", rec.Code)
	}
	for _, inm := range []string{etag, `"x", ` + etag, "W/" + etag, "*"} {
		if rec := get(t, h, http.MethodGet, "/data/"+bulkName, "If-None-Match", inm); rec.Code != http.StatusNotModified {
			t.Errorf("If-None-Match %s: status %d, want 304", inm, rec.Code)
		}
	}
	// A tag holding the file's as a substring is another tag.
	for _, inm := range []string{`"x` + strings.Trim(etag, `"`) + `"`, `"x"`} {
		if rec := get(t, h, http.MethodGet, "/data/"+bulkName, "If-None-Match", inm); rec.Code != http.StatusOK {
			t.Errorf("If-None-Match %s: status %d, want 200", inm, rec.Code)
		}
	}
	// Refusing gzip with q=0 gets the plain file.
	if rec := get(t, h, http.MethodGet, "/data/"+bulkName, "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" || !bytes.Equal(rec.Body.Bytes(), body) {
		t.Errorf("gzip;q=0: Content-Encoding %q", rec.Header().Get("Content-Encoding"))
	}
}

// TestFollowReaderOutlivesWriteTimeout shows that a response paced by its
// reader is not cut by the server's WriteTimeout, while the same writes
// without it are.
func TestFollowReaderOutlivesWriteTimeout(t *testing.T) {
	const chunks = 6
	slowWriter := func(paced bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if paced {
				w = followReader(w)
			}
			chunk := bytes.Repeat([]byte("x"), 64<<10)
			for range chunks {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				http.NewResponseController(w).Flush()
				time.Sleep(60 * time.Millisecond) // a slow reader, in effect
			}
		}
	}
	for _, paced := range []bool{true, false} {
		srv := httptest.NewUnstartedServer(slowWriter(paced))
		srv.Config.WriteTimeout = 150 * time.Millisecond
		srv.Start()
		res, err := http.Get(srv.URL)
		n := 0
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			n = len(b)
		}
		srv.Close()
		if whole := n == chunks*64<<10; whole != paced {
			t.Errorf("paced %v: %d of %d bytes arrived", paced, n, chunks*64<<10)
		}
	}
}
