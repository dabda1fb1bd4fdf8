package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
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

// /cite says how to cite a document (with a real citation from the
// collection), a passage, the collection and its data, and links to the
// data; every page's footer leads to it.
func TestCitePage(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/cite", http.StatusOK)
	if got := d.Find("h1").Text(); got != "How to cite" {
		t.Errorf("h1 %q", got)
	}
	note := d.Find("blockquote.citation").First().Text()
	if !strings.HasPrefix(note, "M. D. Bagirov and I. I. Maslennikov to ") || !strings.Contains(note, "record 119111") {
		t.Errorf("example citation %q", note)
	}
	forms := d.Find("dl.cite-forms dd").Text()
	if !strings.Contains(forms, "Soviet Documents on the Iranian Azerbaijan Crisis, 1945–1946") || !strings.Contains(forms, base+"/") {
		t.Errorf("collection citations %q", forms)
	}
	for _, href := range []string{"/data/readingroom-collection.jsonl", "/data/readingroom-collection.jsonl.sha256", "/api/documents", base + "/oai?verb=Identify"} {
		if d.Find(`a[href="`+href+`"]`).Length() == 0 {
			t.Errorf("no link to %s", href)
		}
	}
	if dom(t, h, "/timeline", http.StatusOK).Find(`footer a[href="/cite"]`).Length() != 1 {
		t.Error("the footer does not lead to /cite")
	}
}

// Browsers ask for /favicon.ico whatever the page says; it is there, and
// every page links the icon under its hashed, immutable address.
func TestFavicon(t *testing.T) {
	h := newTestServer(t)
	rec := get(t, h, http.MethodGet, "/favicon.ico")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/x-icon" || !bytes.HasPrefix(rec.Body.Bytes(), []byte{0, 0, 1, 0}) {
		t.Errorf("/favicon.ico: %d %s % x", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes()[:min(4, rec.Body.Len())])
	}
	href, _ := dom(t, h, "/", http.StatusOK).Find(`link[rel=icon]`).Attr("href")
	if rec := get(t, h, http.MethodGet, href); !strings.HasPrefix(href, "/static/favicon.") || rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("icon link %q: %d", href, rec.Code)
	}
}

// Every page type has a description for search engines and link previews,
// search results and error pages too.
func TestEveryPageHasADescription(t *testing.T) {
	h := newTestServer(t)
	for _, target := range []string{"/", "/timeline", "/timeline/1946-12", "/archives", "/people", "/people/qavam", "/places", "/places/tabriz",
		"/map", "/search?q=Tabriz", "/search?q=zzzzqqq", "/search/help", "/cite", reply, "/no/such/page"} {
		rec := get(t, h, http.MethodGet, target)
		d, err := goquery.NewDocumentFromReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		if desc := d.Find(`meta[name=description]`).AttrOr("content", ""); len(desc) < 20 {
			t.Errorf("%s (%d): description %q", target, rec.Code, desc)
		}
	}
}

// The stylesheet is served compressed to a client that accepts it, like
// every page: a reader on a slow line waits for a fifth of the bytes.
func TestStylesheetIsCompressed(t *testing.T) {
	h := newTestServer(t)
	href, _ := dom(t, h, "/", http.StatusOK).Find(`link[rel=stylesheet]`).Attr("href")
	plain := get(t, h, http.MethodGet, href)
	for _, enc := range []string{"br", "gzip"} {
		rec := get(t, h, http.MethodGet, href, "Accept-Encoding", enc)
		if rec.Header().Get("Content-Encoding") != enc || rec.Body.Len() >= plain.Body.Len()/2 || rec.Header().Get("Content-Type") != "text/css; charset=utf-8" {
			t.Errorf("%s: %q, %d bytes of %d", enc, rec.Header().Get("Content-Encoding"), rec.Body.Len(), plain.Body.Len())
		}
	}
}

// Every page the server pins at start-up is one the page cache keeps (a
// 200 marked public): a page that is not would be made again on every
// request, pinned or not.
func TestCollectionPagesArePinnable(t *testing.T) {
	h := newTestServer(t)
	for _, p := range collectionPages {
		rec := get(t, h, http.MethodGet, p)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Cache-Control"), "public") {
			t.Errorf("GET %s: %d, Cache-Control %q: not kept by the page cache", p, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
}

// A server opened with Open serves while its collection's pages are made:
// requests for them and for others, at the same time as warm, get the
// same pages as a server that made them first (run with -race).
func TestOpenServesWhileWarming(t *testing.T) {
	made := newTestServer(t)
	s := newTestServerValue(t, slog.New(slog.DiscardHandler))
	h := s.routes()
	s.pages.Pin(collectionPages...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.pinCollectionPages(h)
	}()
	for _, p := range append([]string{"/search?q=Tabriz"}, collectionPages...) {
		rec, want := get(t, h, http.MethodGet, p), get(t, made, http.MethodGet, p)
		if rec.Code != want.Code || rec.Body.Len() != want.Body.Len() {
			t.Errorf("GET %s while warming: %d, %d bytes; made first: %d, %d bytes", p, rec.Code, rec.Body.Len(), want.Code, want.Body.Len())
		}
	}
	<-done
}
