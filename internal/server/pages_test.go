package server

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestPagesServedAgainAreTheSame checks that a page the page cache serves
// again is the response the handler gave: every header field but the
// request ID, the body, for GET and HEAD, each encoding, and a conditional
// request.
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
