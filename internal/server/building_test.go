package server

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/search"
)

// While a first start builds the search index, the site serves every
// page but search: a search, by page or API, is told how far the build is
// and when to come back (503, Retry-After), keeping the reader's query in
// the form; a document asked with words to mark is shown unmarked; the
// glossary is served without its links to searches and not kept, so that
// once the index is there it gets them.
func TestSiteServesWhileItsIndexIsBuilt(t *testing.T) {
	s := newTestServerValue(t, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ix := s.indexOf()
	var ready, failed atomic.Bool
	s.indexOf = func() *search.Index {
		if ready.Load() {
			return ix
		}
		return nil
	}
	s.indexState = func() library.IndexState {
		switch {
		case ready.Load():
			return library.IndexState{Ready: true}
		case failed.Load():
			return library.IndexState{Failed: true}
		}
		return library.IndexState{Indexed: 41200, Total: 100000, Since: time.Now().Add(-2 * time.Minute)}
	}
	h := s.routes()

	for _, target := range []string{"/", "/timeline", "/people", reply} {
		if rec := get(t, h, http.MethodGet, target); rec.Code != http.StatusOK {
			t.Errorf("%s while the index is built: %d", target, rec.Code)
		}
	}
	rec := get(t, h, http.MethodGet, "/search?q=Tabriz")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("search while the index is built: %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	d := dom(t, h, "/search?q=Tabriz", http.StatusServiceUnavailable)
	msg := d.Find(".notice.error").Text()
	// 41,200 in 2 minutes: 58,800 more in about 3.
	for _, want := range []string{"41,200 of 100,000 documents", "about 3 minutes to go", "Every other page is open"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the search page says %q, want it to say %q", strings.TrimSpace(msg), want)
		}
	}
	if v, _ := d.Find(`form input[name=q]`).Attr("value"); v != "Tabriz" {
		t.Errorf("the form lost the query: %q", v)
	}
	api := get(t, h, http.MethodGet, "/api/search?q=Tabriz")
	if api.Code != http.StatusServiceUnavailable || !strings.Contains(apiMessage(t, api.Body.Bytes(), http.StatusServiceUnavailable), "41,200 of 100,000") {
		t.Errorf("API search while the index is built: %d %s", api.Code, api.Body)
	}
	if doc := dom(t, h, reply+"?hl=Bagirov", http.StatusOK); doc.Find("mark").Length() != 0 {
		t.Error("a document marked words without an index")
	}
	gl := get(t, h, http.MethodGet, "/glossary")
	if gl.Code != http.StatusOK || strings.HasPrefix(gl.Header().Get("Cache-Control"), "public") || strings.Contains(gl.Body.String(), "Documents that use it") {
		t.Errorf("the glossary while the index is built: %d, Cache-Control %q, links to searches: %v", gl.Code, gl.Header().Get("Cache-Control"), strings.Contains(gl.Body.String(), "Documents that use it"))
	}

	failed.Store(true)
	d = dom(t, h, "/search?q=Tabriz", http.StatusServiceUnavailable)
	if msg := d.Find(".notice.error").Text(); !strings.Contains(msg, "could not be built") {
		t.Errorf("with the build failed, the search page says %q", strings.TrimSpace(msg))
	}

	failed.Store(false)
	ready.Store(true)
	if d := dom(t, h, "/search?q=Tabriz", http.StatusOK); d.Find(".notice.error").Length() != 0 {
		t.Error("the search still refused once the index is there")
	}
	if doc := dom(t, h, reply+"?hl=Bagirov", http.StatusOK); doc.Find("mark").Length() == 0 {
		t.Error("once the index is there, the document's words are not marked")
	}
	if gl := get(t, h, http.MethodGet, "/glossary"); !strings.Contains(gl.Body.String(), "Documents that use it") {
		t.Error("once the index is there, the glossary has no links to searches")
	}
}

// The time left is told from the pace so far, roughly.
func TestBuildingMessage(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		st   library.IndexState
		want string
	}{
		{library.IndexState{Total: 100000, Since: now}, "Search opens once the search index is built"},
		{library.IndexState{Indexed: 50000, Total: 100000, Since: now.Add(-40 * time.Second)}, "50,000 of 100,000 documents are indexed, about a minute to go."},
		{library.IndexState{Indexed: 1000, Total: 100000, Since: now.Add(-10 * time.Second)}, "1,000 of 100,000 documents are indexed, about 17 minutes to go."},
	} {
		if got := buildingMessage(c.st, now); !strings.Contains(got, c.want) {
			t.Errorf("%+v: %q, want it to contain %q", c.st, got, c.want)
		}
	}
}
