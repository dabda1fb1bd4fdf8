package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/readingroom/readingroom/internal/failure"
	"github.com/readingroom/readingroom/internal/pagecache"
	"github.com/readingroom/readingroom/static"
)

// Every kind of failure gets its status from the one table, as an error
// page or as JSON; the reader sees the error's sentence, never the text of
// an internal error, and a 503 says when to come back.
func TestOneAdapterForEveryKind(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{cfg: Config{BaseURL: base}, log: slog.New(slog.NewJSONHandler(&logs, nil)), assets: static.New(), pages: pagecache.New(1 << 20)}
	for _, tc := range []struct {
		err        error
		status     int
		shows      string
		retryAfter bool
	}{
		{failure.New(failure.NotFound, "No such letter."), http.StatusNotFound, "No such letter.", false},
		{fmt.Errorf("deciding: %w", failure.New(failure.Invalid, "Bad <page> number.")), http.StatusBadRequest, "Bad <page> number.", false},
		{failure.New(failure.TooBroad, "Too many words."), http.StatusBadRequest, "Too many words.", false},
		{errBusy, http.StatusServiceUnavailable, "Try again in a few seconds.", true},
		{context.DeadlineExceeded, http.StatusServiceUnavailable, "took too long", true},
		{failure.New(failure.Gone, ""), http.StatusGone, "removed", false},
		{errMethod, http.StatusMethodNotAllowed, "GET and HEAD", false},
		{errors.New("open /secret/path: permission denied"), http.StatusInternalServerError, "could not show this page", false},
	} {
		h := func(http.ResponseWriter, *http.Request) error { return tc.err }
		page := get(t, s.handle(h), http.MethodGet, "/x")
		api := get(t, s.handleAPI(h), http.MethodGet, "/api/x")
		for _, rec := range []struct {
			name string
			code int
			ct   string
			text string
			ra   string
		}{
			{"page", page.Code, page.Header().Get("Content-Type"), pageMessage(t, page.Body), page.Header().Get("Retry-After")},
			{"api", api.Code, api.Header().Get("Content-Type"), apiMessage(t, api.Body.Bytes(), tc.status), api.Header().Get("Retry-After")},
		} {
			if rec.code != tc.status || !strings.Contains(rec.text, tc.shows) || strings.Contains(rec.text, "/secret") || (rec.ra != "") != tc.retryAfter {
				t.Errorf("%v as %s: %d %q, Retry-After %q; want %d showing %q", tc.err, rec.name, rec.code, rec.text, rec.ra, tc.status, tc.shows)
			}
		}
		if !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") || !strings.HasPrefix(api.Header().Get("Content-Type"), "application/json") {
			t.Errorf("%v: content types %q and %q", tc.err, page.Header().Get("Content-Type"), api.Header().Get("Content-Type"))
		}
	}
	// Only the internal error is logged, at error level, with its text.
	if n := strings.Count(logs.String(), `"level":"ERROR"`); n != 2 || !strings.Contains(logs.String(), "permission denied") {
		t.Errorf("%d error lines, want 2 (page and API) for the one internal error:\n%s", n, logs.String())
	}
}

func pageMessage(t *testing.T, body io.Reader) string {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(body)
	if err != nil {
		t.Fatal(err)
	}
	return d.Find("main").Text()
}

func apiMessage(t *testing.T, body []byte, status int) string {
	t.Helper()
	var e struct {
		Status  int
		Message string
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Status != status {
		t.Errorf("API error %s: %v", body, err)
	}
	return e.Message
}

// A search that waits longer than its bound for a free core is told the
// room is busy, with when to come back, on the page and in the API; the
// pages that need no search still answer.
func TestBusySearchAnswers503(t *testing.T) {
	s := newTestServerValue(t, slog.New(slog.DiscardHandler))
	s.searchWait = 20 * time.Millisecond
	for range cap(s.searching) {
		s.searching <- struct{}{} // every core busy
	}
	h := s.routes()
	page := get(t, h, http.MethodGet, "/search?q=Qavam")
	if page.Code != http.StatusServiceUnavailable || page.Header().Get("Retry-After") == "" || !strings.Contains(page.Body.String(), "Too many readers") {
		t.Errorf("search page while busy: %d, Retry-After %q", page.Code, page.Header().Get("Retry-After"))
	}
	api := get(t, h, http.MethodGet, "/api/search?q=Qavam")
	if api.Code != http.StatusServiceUnavailable || api.Header().Get("Retry-After") == "" || apiMessage(t, api.Body.Bytes(), http.StatusServiceUnavailable) == "" {
		t.Errorf("API search while busy: %d %s", api.Code, api.Body.String())
	}
	if rec := get(t, h, http.MethodGet, reply); rec.Code != http.StatusOK {
		t.Errorf("a document while searches are busy: %d", rec.Code)
	}
	<-s.searching // one core free again
	if rec := get(t, h, http.MethodGet, "/search?q=Qavam"); rec.Code != http.StatusOK {
		t.Errorf("search with a free core: %d", rec.Code)
	}
}
