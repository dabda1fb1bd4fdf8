package pagecache

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// If-None-Match is read as RFC 9110 writes it: a list in one or more
// fields, weak comparison, and *; a tag that merely contains the page's
// is another tag.
func TestMatchesETag(t *testing.T) {
	const etag = `"abc-gz"`
	for _, tc := range []struct {
		fields []string
		want   bool
	}{
		{[]string{`"abc-gz"`}, true},
		{[]string{`W/"abc-gz"`}, true},
		{[]string{`"x", "abc-gz"`}, true},
		{[]string{`"x",W/"abc-gz" , "y"`}, true},
		{[]string{`"x"`, `"abc-gz"`}, true},
		{[]string{`*`}, true},
		{[]string{` * `}, true},
		{[]string{`"abc"`}, false},
		{[]string{`"xabc-gz"`}, false},
		{[]string{`"abc-gz` + "\u00a0" + `"`}, false},
		{[]string{`abc-gz`}, false},
		{[]string{`"abc-gz`}, false},
		{[]string{`"a,b", "abc-gz"`}, true}, // a comma inside a tag is the tag's
		{[]string{`"x", *`}, false},         // * stands alone
		{[]string{""}, false},
	} {
		if got := MatchesETag(tc.fields, etag); got != tc.want {
			t.Errorf("If-None-Match %q: %v, want %v", tc.fields, got, tc.want)
		}
	}
}

// Accept-Encoding is read with its q-values, in every field, with *.
func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		fields []string
		want   string
	}{
		{nil, ""},
		{[]string{"gzip"}, "gzip"},
		{[]string{"gzip; q=0"}, ""},
		{[]string{"gzip;q=0.000"}, ""},
		{[]string{"gzip;q=0.5, br;q=0.4"}, "gzip"},
		{[]string{"gzip;q=0.5, br;q=0.5"}, "br"},
		{[]string{"*"}, "br"},
		{[]string{"*;q=0"}, ""},
		{[]string{"*, br;q=0"}, "gzip"},
		{[]string{"deflate", "gzip"}, "gzip"}, // a second field
		{[]string{"gzip;q=nonsense"}, ""},
		{[]string{"gzip;q=2"}, ""},
		{[]string{"identity"}, ""},
		{[]string{"x-gzip"}, ""},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header["Accept-Encoding"] = tc.fields
		if got := Negotiate(r); got != tc.want {
			t.Errorf("Accept-Encoding %q: %q, want %q", tc.fields, got, tc.want)
		}
	}
}

// A cached page answers 304 to a list holding its tag, and to its weak form.
func TestCachedPageRevalidatesByList(t *testing.T) {
	s := &site{calls: map[string]int{}}
	h := New(1 << 20).Middleware(s)
	etag := serve(h, http.MethodGet, "/doc").Header().Get("ETag")
	for _, inm := range []string{`"old", ` + etag, "W/" + etag, "*"} {
		if rec := serve(h, http.MethodGet, "/doc", "If-None-Match", inm); rec.Code != http.StatusNotModified {
			t.Errorf("If-None-Match %s: %d, want 304", inm, rec.Code)
		}
	}
	if rec := serve(h, http.MethodGet, "/doc", "If-None-Match", `"old"`); rec.Code != http.StatusOK {
		t.Errorf("an old tag: %d, want 200", rec.Code)
	}
}
