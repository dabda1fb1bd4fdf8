package server

import (
	"context"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/library"
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
		s.rendering <- struct{}{}
	}
	for range cap(s.queued) {
		s.queued <- struct{}{} // every place in the queue taken
		s.renderQueue <- struct{}{}
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
	<-s.renderQueue
	done := make(chan int)
	go func() { done <- get(t, h, http.MethodGet, reply+"?hl=Qavam").Code }()
	time.Sleep(50 * time.Millisecond)
	<-s.rendering
	if code := <-done; code != http.StatusOK {
		t.Errorf("a queued highlighted document: %d", code)
	}
}

// A flood of costly pages does not refuse searches, nor a flood of
// searches costly pages: each waits in its own queue.
func TestRendersAndSearchesQueueApart(t *testing.T) {
	s := newTestServerValue(t, slog.New(slog.DiscardHandler))
	s.searchWait = 20 * time.Millisecond
	h := s.routes()
	for range cap(s.rendering) {
		s.rendering <- struct{}{}
	}
	if rec := get(t, h, http.MethodGet, reply+"?hl=Qavam"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("highlighted document with every render slot taken: %d", rec.Code)
	}
	if rec := get(t, h, http.MethodGet, "/search?q=Qavam"); rec.Code != http.StatusOK {
		t.Errorf("search while pages are saturated: %d", rec.Code)
	}
	for range cap(s.rendering) {
		<-s.rendering
	}
	for range cap(s.searching) {
		s.searching <- struct{}{}
	}
	if rec := get(t, h, http.MethodGet, reply+"?hl=Qavam"); rec.Code != http.StatusOK {
		t.Errorf("highlighted document while searches are saturated: %d", rec.Code)
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

// generatedServer serves n generated documents, with the server's bounds
// left for the test to shrink.
func generatedServer(t *testing.T, n int) *Server {
	t.Helper()
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range archive.Generate(seeds.Docs, n, 5) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	lib, err := library.Load(context.Background(), fsys, library.Options{Data: fsys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return newServer(Config{BaseURL: base, DataDir: t.TempDir()}, lib, slog.New(slog.DiscardHandler))
}

// At scale: the sitemap becomes an index of sitemaps of at most
// sitemapSize URLs that together list every page once; the feed holds the
// newest feedEntries documents; the home page lists a page of documents
// at a time, each page linked from the pager, each under its bound.
func TestLargeCollectionIsServedInParts(t *testing.T) {
	s := generatedServer(t, feedEntries+30)
	s.sitemapSize, s.homePageSize, s.timelineDocs, s.monthItems, s.archiveDocs = 40, 25, 20, 10, 10
	h := s.routes()
	all := s.sitemapPaths()

	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(get(t, h, http.MethodGet, "/sitemap.xml").Body.Bytes(), &index); err != nil {
		t.Fatal(err)
	}
	if want := (len(all) + 39) / 40; len(index.Sitemaps) != want {
		t.Fatalf("%d sitemaps in the index for %d pages, want %d", len(index.Sitemaps), len(all), want)
	}
	seen := map[string]bool{}
	for _, sm := range index.Sitemaps {
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		rec := get(t, h, http.MethodGet, strings.TrimPrefix(sm.Loc, base))
		if err := xml.Unmarshal(rec.Body.Bytes(), &set); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %v", sm.Loc, rec.Code, err)
		}
		if len(set.URLs) == 0 || len(set.URLs) > 40 {
			t.Errorf("%s lists %d URLs", sm.Loc, len(set.URLs))
		}
		for _, u := range set.URLs {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != len(all) {
		t.Errorf("the sitemaps list %d pages of %d", len(seen), len(all))
	}
	for _, bad := range []string{"/sitemap-0.xml", "/sitemap-" + strconv.Itoa(len(index.Sitemaps)+1) + ".xml", "/sitemap-01.xml", "/sitemap-1.txt"} {
		if rec := get(t, h, http.MethodGet, bad); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}

	var feed struct {
		Entries []struct {
			Published string `xml:"published"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(get(t, h, http.MethodGet, "/feed.atom").Body.Bytes(), &feed); err != nil || len(feed.Entries) != feedEntries {
		t.Fatalf("feed: %d entries, %v", len(feed.Entries), err)
	}
	if newest := atomTime(s.coll.Docs[len(s.coll.Docs)-1].Date); feed.Entries[0].Published != newest {
		t.Errorf("the feed starts at %s, not the newest document (%s)", feed.Entries[0].Published, newest)
	}

	// Every page of the home page, reached by its pager's Next links.
	listed := 0
	target := "/"
	for pages := 0; target != ""; pages++ {
		if pages > len(s.coll.Docs) {
			t.Fatal("the pager never ends")
		}
		d := dom(t, h, strings.TrimSuffix(target, "#documents"), http.StatusOK)
		n := d.Find("ol.doclist > li").Length()
		if n == 0 || n > 25 {
			t.Errorf("%s lists %d documents", target, n)
		}
		listed += n
		target = d.Find(`nav.pager a[rel="next"]`).AttrOr("href", "")
	}
	if listed != len(s.coll.Docs) {
		t.Errorf("the home pages list %d documents of %d", listed, len(s.coll.Docs))
	}
	for target, want := range map[string]int{"/?page=1": 301, "/?page=02": 301, "/?page=2&x=1": 301, "/?utm=x": 301, "/?page=0": 400, "/?page=x": 400, "/?page=99": 404} {
		if rec := get(t, h, http.MethodGet, target); rec.Code != want {
			t.Errorf("%s: %d, want %d", target, rec.Code, want)
		}
	}

	// The timeline lists the first documents of each month, within its
	// bound, and says how many more each month's pages hold; those pages,
	// followed by their pagers, list every one.
	tl := dom(t, h, "/timeline", http.StatusOK)
	shown := tl.Find(".timeline li.doc").Length()
	if months := tl.Find(".timeline h3 a").Length(); shown > max(20, months) {
		t.Errorf("the timeline lists %d documents, over its bound of 20 (or one a month, %d)", shown, months)
	}
	more := 0
	tl.Find("p.more a").Each(func(_ int, a *goquery.Selection) {
		var n int
		fmt.Sscanf(a.Text(), "%d", &n)
		more += n
	})
	undated := 0
	tl.Find(".timeline h3").Each(func(_ int, h3 *goquery.Selection) {
		if strings.HasPrefix(h3.Text(), "Dated only to") {
			undated += h3.Next().Find("li.doc").Length()
		}
	})
	if shown+more != len(s.coll.Docs) {
		t.Errorf("the timeline lists %d and counts %d more (%d undated), for %d documents", shown, more, undated, len(s.coll.Docs))
	}
	inMonths := 0
	tl.Find(".timeline h3 a").Each(func(_ int, a *goquery.Selection) {
		for target := a.AttrOr("href", ""); target != ""; {
			d := dom(t, h, target, http.StatusOK)
			n := d.Find("main li.doc, main li.event").Length() // events may be folded in a list of their own
			if n == 0 || n > 10 {
				t.Errorf("%s lists %d items", target, n)
			}
			inMonths += d.Find("main ol.items > li.doc").Length()
			target = d.Find(`nav.pager a[rel="next"]`).AttrOr("href", "")
		}
	})
	if inMonths+undated != len(s.coll.Docs) {
		t.Errorf("the month pages list %d documents (and %d undated), for %d", inMonths, undated, len(s.coll.Docs))
	}
	for target, want := range map[string]int{"/timeline/1946-03?page=1": 301, "/timeline/1946-03?page=0": 400, "/timeline/1946-03?page=999": 404} {
		if rec := get(t, h, http.MethodGet, target); rec.Code != want {
			t.Errorf("%s: %d, want %d", target, rec.Code, want)
		}
	}

	// The archives list the files with how many documents each holds, and
	// no document; each file's page, followed by its pager, lists its own,
	// so that together they list every document once.
	a := dom(t, h, "/archives", http.StatusOK)
	if n := a.Find(".tree ul.plain li").Length(); n != 0 {
		t.Errorf("/archives of %d documents lists %d of them, past its bound of 10", len(s.coll.Docs), n)
	}
	filed := map[string]bool{}
	a.Find(".tree li[id] > a").Each(func(_ int, link *goquery.Selection) {
		var want int
		text := link.Next().Text()
		fmt.Sscanf(text[strings.LastIndex(text, ";")+1:], "%d", &want)
		got := 0
		for target := link.AttrOr("href", ""); target != ""; {
			d := dom(t, h, target, http.StatusOK)
			n := d.Find("main ul.plain li a").Length()
			if n == 0 || n > 10 {
				t.Errorf("%s lists %d documents", target, n)
			}
			d.Find("main ul.plain li a").Each(func(_ int, x *goquery.Selection) {
				if filed[x.AttrOr("href", "")] {
					t.Errorf("%s listed twice", x.AttrOr("href", ""))
				}
				filed[x.AttrOr("href", "")] = true
			})
			got += n
			target = d.Find(`nav.pager a[rel="next"]`).AttrOr("href", "")
		}
		if got != want {
			t.Errorf("%s: its pages list %d documents, /archives says %d", link.AttrOr("href", ""), got, want)
		}
	})
	unfiled := 0
	if link := a.Find("#unfiled + p a"); link.Length() > 0 {
		unfiled = dom(t, h, link.AttrOr("href", ""), http.StatusOK).Find("main ul.plain li a").Length()
	} else if rec := get(t, h, http.MethodGet, "/archives/unfiled"); rec.Code != http.StatusNotFound {
		t.Errorf("/archives/unfiled without such documents: %d", rec.Code)
	}
	if len(filed)+unfiled != len(s.coll.Docs) {
		t.Errorf("the archival files list %d documents and %d without a reference, for %d", len(filed), unfiled, len(s.coll.Docs))
	}
	for target, want := range map[string]int{"/archives/file-gappod-f-1-op-89-d-120?page=1": 301, "/archives/file-gappod-f-1-op-89-d-120?page=0": 404,
		"/archives/file-gappod-f-1-op-89-d-120?page=999": 404, "/archives/file-nowhere": 404, "/archives/%00": 404} {
		if rec := get(t, h, http.MethodGet, target); rec.Code != want {
			t.Errorf("%s: %d, want %d", target, rec.Code, want)
		}
	}
}
