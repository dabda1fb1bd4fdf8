package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// domCanonical is dom for a URL that may first redirect to its canonical
// form: it follows one permanent redirect.
func domCanonical(t *testing.T, h http.Handler, target string, wantStatus int) *goquery.Document {
	t.Helper()
	if rec := get(t, h, http.MethodGet, target); rec.Code == http.StatusMovedPermanently {
		target = rec.Header().Get("Location")
	}
	return dom(t, h, target, wantStatus)
}

// distinctWords is a query of n different words.
func distinctWords(n int) string {
	var w []string
	for i := range n {
		w = append(w, "w"+strconv.Itoa(i))
	}
	return strings.Join(w, "+")
}

// Every ordering, repetition and spelling of a timeline's filters
// redirects to one canonical URL, which answers itself: the page cache
// keeps one page per timeline, not one per ordering (5,040 orderings of
// seven filters took 870 MB before).
func TestTimelineFiltersRedirectToOneCanonicalURL(t *testing.T) {
	h := newTestServer(t)
	canonical := "/timeline?person=bagirov&person=pishevari&recipient=stalin"
	for _, target := range []string{
		"/timeline?person=pishevari&person=bagirov&recipient=stalin",
		"/timeline?recipient=stalin&person=bagirov&person=pishevari",
		"/timeline?person=bagirov&person=pishevari&person=bagirov&recipient=stalin",
		"/timeline?person=Pishevari&person=bagirov&recipient=stalin&utm_source=x",
	} {
		rec := get(t, h, http.MethodGet, target)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != canonical {
			t.Errorf("%s: status %d to %q, want 301 to %s", target, rec.Code, rec.Header().Get("Location"), canonical)
		}
	}
	if rec := get(t, h, http.MethodGet, canonical); rec.Code != http.StatusOK {
		t.Errorf("the canonical URL answers %d", rec.Code)
	}
	// A month keeps its path; a timeline without filters loses its query.
	if rec := get(t, h, http.MethodGet, "/timeline/1946-12?person=pishevari&person=bagirov"); rec.Header().Get("Location") != "/timeline/1946-12?person=bagirov&person=pishevari" {
		t.Errorf("month: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(t, h, http.MethodGet, "/timeline?x=1"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/timeline" {
		t.Errorf("unknown parameter: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}
