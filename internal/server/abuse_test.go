package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

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

// Past the bounded queue, a costly request is refused at once with 503
// and Retry-After, whatever the wait limit; highlighted documents and
// first renders of filtered pages wait in the same queue as searches,
// while cached pages and /healthz answer as ever.
func TestFullQueueRefusesAtOnce(t *testing.T) {
	s := newTestServerValue(t, slog.New(slog.DiscardHandler))
	s.searchWait = time.Minute // only the queue's bound can answer quickly
	h := s.routes()
	if rec := get(t, h, http.MethodGet, reply); rec.Code != http.StatusOK {
		t.Fatalf("document: %d", rec.Code) // now cached
	}
	for range cap(s.searching) {
		s.searching <- struct{}{} // every core busy
	}
	for range cap(s.queued) {
		s.queued <- struct{}{} // every place in the queue taken
	}
	for _, target := range []string{"/search?q=Qavam", "/api/search?q=Qavam", reply + "?hl=Qavam", "/timeline?person=pishevari", "/timeline/1946-12?person=pishevari"} {
		start := time.Now()
		rec := get(t, h, http.MethodGet, target)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s with the queue full: %d, Retry-After %q", target, rec.Code, rec.Header().Get("Retry-After"))
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s waited %v for its refusal", target, d)
		}
	}
	for _, target := range []string{reply, "/healthz", "/", "/timeline"} {
		if rec := get(t, h, http.MethodGet, target); rec.Code != http.StatusOK {
			t.Errorf("%s while the queue is full: %d", target, rec.Code)
		}
	}
	// A place in the queue frees: the request waits for a core, and gets
	// it when one frees.
	<-s.queued
	done := make(chan int)
	go func() { done <- get(t, h, http.MethodGet, reply+"?hl=Qavam").Code }()
	time.Sleep(50 * time.Millisecond)
	<-s.searching
	if code := <-done; code != http.StatusOK {
		t.Errorf("a queued highlighted document: %d", code)
	}
}

// A CORS preflight for the API or the bulk download is answered with the
// permissions a browser asks for; OPTIONS elsewhere says which methods a
// page takes, and other methods are still refused.
func TestPreflightAnswered(t *testing.T) {
	h := newTestServer(t)
	for _, target := range []string{"/api/documents", "/api/search?q=Qavam", "/data/" + bulkName} {
		rec := get(t, h, http.MethodOptions, target, "Origin", "https://elsewhere.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match, range")
		if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "GET") ||
			rec.Header().Get("Access-Control-Allow-Headers") != "if-none-match, range" {
			t.Errorf("preflight %s: %d %v", target, rec.Code, rec.Header())
		}
	}
	if rec := get(t, h, http.MethodOptions, "/"); rec.Code != http.StatusNoContent || rec.Header().Get("Allow") == "" || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("OPTIONS /: %d %v", rec.Code, rec.Header())
	}
	if rec := get(t, h, http.MethodDelete, "/api/documents"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: %d", rec.Code)
	}
}
