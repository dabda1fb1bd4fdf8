package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func TestSearchFindsRussianInflectionsWithSnippets(t *testing.T) {
	d := dom(t, newTestServer(t), "/search?q="+url.QueryEscape("переговоров"), http.StatusOK)
	if got := strings.Join(strings.Fields(d.Find(".summaryline").Text()), " "); !strings.HasPrefix(got, "1 document matches") {
		t.Errorf("summary line %q", got)
	}
	hit := d.Find(".hit").First()
	link := hit.Find("h2 a").AttrOr("href", "")
	if link != "/documents/1946-04-20-letter-from-bagirov-to-stalin-and-molotov-about-qavam-delaying-talks-with-the-iranian-azerbaijani-government?hl="+url.QueryEscape("переговоров")+"#ru-6" {
		t.Errorf("result link %q", link)
	}
	if got := hit.Find(".snippet mark").Text(); got != "переговоры" {
		t.Errorf("marked %q", got)
	}
	if label := hit.Find(".snippet footer").Text(); label != "Russian original, paragraph 6" {
		t.Errorf("label %q", label)
	}
	if lang := hit.Find(".snippet").AttrOr("lang", ""); lang != "ru" {
		t.Errorf("snippet lang %q", lang)
	}
}

func TestSearchFacetsAddAndRemoveFilters(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/search?q=Bagirov", http.StatusOK)
	facets := map[string]string{}
	d.Find(".facets section").Each(func(_ int, s *goquery.Selection) {
		facets[s.Find("h2").Text()] = strings.Join(texts(s.Find("li")), "; ")
	})
	if facets["Year"] != "1945 1; 1946 3" || facets["Language"] != "English 4; Russian 3" || facets["Archive"] != "GAPPOD 3; RGASPI 1" {
		t.Errorf("facets %v", facets)
	}
	year := d.Find(".facets a:contains('1945')").AttrOr("href", "")
	if year != "/search?q=Bagirov&year=1945" {
		t.Fatalf("facet link %q", year)
	}
	d = dom(t, h, year, http.StatusOK)
	if n := d.Find(".hit").Length(); n != 1 {
		t.Errorf("%d hits with year 1945", n)
	}
	chip := d.Find(".chips a")
	if chip.Text() != "year: 1945 ✕" || chip.AttrOr("href", "") != "/search?q=Bagirov" {
		t.Errorf("chip %q -> %q", chip.Text(), chip.AttrOr("href", ""))
	}
	if sel := d.Find(".facets a[aria-current]").AttrOr("href", ""); sel != "/search?q=Bagirov" {
		t.Errorf("selected facet removes itself: %q", sel)
	}
	// Sorting keeps the filters; the form keeps them too.
	d = dom(t, h, "/search?q=Bagirov&sort=newest", http.StatusOK)
	var dates []string
	d.Find(".hit time").Each(func(_ int, s *goquery.Selection) { dates = append(dates, s.AttrOr("datetime", "")) })
	if strings.Join(dates, " ") != "1946-12-02 1946-04-20 1946-04-12 1945-11-24" {
		t.Errorf("newest first: %v", dates)
	}
	if v := d.Find("form.bigsearch input[name=sort]").AttrOr("value", ""); v != "newest" {
		t.Errorf("form drops the sort order")
	}
}

func TestSearchNoResultsSuggestsAndOffersToDropFilters(t *testing.T) {
	d := dom(t, newTestServer(t), "/search?q=Pishevar&year=1945", http.StatusOK)
	main := strings.Join(strings.Fields(d.Find("main").Text()), " ")
	if !strings.Contains(main, "No documents match") {
		t.Errorf("no-results page: %s", main)
	}
	// A record comes first, named as such.
	if a := d.Find(".noresults a").First(); a.Text() != "Pishevari, person" || a.AttrOr("href", "") != "/search?q=Pishevari&year=1945" {
		t.Errorf("suggestion %q -> %q", a.Text(), a.AttrOr("href", ""))
	}
	if a := d.Find(".noresults a:contains('without the filters')"); a.AttrOr("href", "") != "/search?q=Pishevar" {
		t.Errorf("drop filters: %q", a.AttrOr("href", ""))
	}
	if got := d.Find(".understood").Text(); got != "Pishevar year:1945" {
		t.Errorf("understood %q", got)
	}
}

func TestSearchPagination(t *testing.T) {
	d := dom(t, newTestServer(t), "/search?q=the+OR+Azerbaijan&page=1", http.StatusOK)
	if d.Find(".pager").Length() != 0 {
		t.Error("a pager for five results")
	}
	dom(t, newTestServer(t), "/search?q=Azerbaijan&page=2", http.StatusOK)
}

// TestHostileSearchesGetAPage sends every nasty input we could think of;
// each must get a page (never a 500 or a hang) with the user's text escaped.
func TestHostileSearchesGetAPage(t *testing.T) {
	h := newTestServer(t)
	for _, tc := range []struct {
		query  string
		status int
	}{
		{"", 200}, {"q=", 200}, {"q=*", 200}, {"q=%2Fa.*%2F", 200}, {"q=%22unbalanced", 200}, {"q=((((", 200},
		{"q=OR+AND+NOT", 200}, {"q=-", 200}, {"q=*zan", 200}, {"q=Qavam~2", 200}, {"q=a*", 200},
		{"q=" + strings.Repeat("x", 10000), 400}, {"q=%ff%fe", 400}, {"q=" + strings.Repeat("w+", 30), 200}, {"q=" + distinctWords(30), 400},
		{"q=Qavam&page=-1", 400}, {"q=Qavam&page=1000000000", 400}, {"q=Qavam&page=abc", 400},
		{"q=Qavam&sort=%3Cscript%3E", 400}, {"q=Qavam&year=abc", 200}, {"q=Qavam&from=yesterday&to=tomorrow", 200},
		{"q=" + url.QueryEscape("<script>alert(1)</script>"), 200}, {"year=1946", 200},
		{"q=x&person=" + strings.Repeat("a&person=", 11), 400}, {"q=" + strings.Repeat("(", 400), 200},
	} {
		start := time.Now()
		rec := get(t, h, http.MethodGet, "/search?"+tc.query)
		if rec.Code != tc.status {
			t.Errorf("/search?%.60s: status %d, want %d", tc.query, rec.Code, tc.status)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("/search?%.60s took %v", tc.query, d)
		}
		body := rec.Body.String()
		if strings.Contains(body, "<script>") {
			t.Errorf("/search?%.60s: unescaped input", tc.query)
		}
		if !strings.Contains(body, "</html>") {
			t.Errorf("/search?%.60s: not a whole page", tc.query)
		}
	}
}

func TestDocumentHighlightsSearchTerms(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, reply+"?hl=Qavam", http.StatusOK)
	marks := texts(d.Find(".cell[lang=en] mark"))
	if len(marks) < 5 || marks[0] != "Qavam" {
		t.Errorf("marks %v", marks)
	}
	if d.Find("#en-6 mark").Length() == 0 {
		t.Error("paragraph 6 not marked")
	}
	if href := d.Find(".notice a").AttrOr("href", ""); href != reply {
		t.Errorf("clear link %q", href)
	}
	if href := d.Find(".views a:contains('Russian only')").AttrOr("href", ""); href != reply+"?hl=Qavam&show=original" {
		t.Errorf("view link keeps the marks: %q", href)
	}
	// Unreadable highlighting is ignored, not an error.
	dom(t, h, reply+"?hl=%ff", http.StatusOK)
	dom(t, h, reply+"?hl="+strings.Repeat("x", 5000), http.StatusOK)
}

func TestSearchHelpExamplesFindDocuments(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/search/help", http.StatusOK)
	links := d.Find("main li a")
	if links.Length() != len(helpExamples) {
		t.Fatalf("%d examples shown", links.Length())
	}
	links.Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		r := dom(t, h, href, http.StatusOK)
		if r.Find(".hit").Length() == 0 {
			t.Errorf("example %s finds nothing", href)
		}
	})
	if d.Find("header form[role=search] input[name=q]").Length() != 1 {
		t.Error("no search box in the header")
	}
}

func TestNoResultsDropsTypedFiltersToo(t *testing.T) {
	d := dom(t, newTestServer(t), "/search?q="+url.QueryEscape("Qavam year:1945"), http.StatusOK)
	if a := d.Find(".noresults a:contains('without the filters')"); a.AttrOr("href", "") != "/search?q=Qavam" {
		t.Errorf("drop filters: %q", a.AttrOr("href", ""))
	}
}

// A search asked again is answered from the search pages' cache, whatever
// the order of its parameters: with the same ETag, and 304 to a client
// that has it. An error page is not kept.
func TestRepeatedSearchIsKept(t *testing.T) {
	h := newTestServer(t)
	first := get(t, h, http.MethodGet, "/search?q=Qavam&lang=en&sort=oldest")
	etag := first.Header().Get("ETag")
	if first.Code != http.StatusOK || etag == "" {
		t.Fatalf("first search: %d, ETag %q", first.Code, etag)
	}
	again := get(t, h, http.MethodGet, "/search?sort=oldest&lang=en&q=Qavam")
	if again.Header().Get("ETag") != etag || again.Body.String() != first.Body.String() {
		t.Errorf("the same search with its parameters in another order: ETag %q, want %q", again.Header().Get("ETag"), etag)
	}
	if cond := get(t, h, http.MethodGet, "/search?q=Qavam&lang=en&sort=oldest", "If-None-Match", etag); cond.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the search's ETag: %d", cond.Code)
	}
	for range 2 {
		if bad := get(t, h, http.MethodGet, "/search?q=Qavam&page=many"); bad.Code != http.StatusBadRequest || bad.Header().Get("ETag") != "" {
			t.Errorf("a search with a bad page number: %d, ETag %q", bad.Code, bad.Header().Get("ETag"))
		}
	}
}
