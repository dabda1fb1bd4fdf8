package server

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/readingroom/readingroom/web"
)

// Tests of how results, facets and the timeline are shown to a reader
// (issue 18): the documents lead, the rest is one step away.

func TestFoldFacetOrdersByCountAndFoldsTheRest(t *testing.T) {
	var vals []web.FacetLink
	// Invented values in no order, with ties and a selected rare value.
	for i, c := range []int{1, 7, 1, 3, 3, 2, 1, 9, 1, 1} {
		vals = append(vals, web.FacetLink{Label: "v" + strconv.Itoa(i), Count: c, Selected: i == 9})
	}
	got := foldFacet(web.FacetView{Label: "People", Values: vals}, true)
	if len(got.Values) != facetShown+1 || len(got.More) != len(vals)-facetShown-1 {
		t.Fatalf("shown %d, folded %d", len(got.Values), len(got.More))
	}
	var counts []int
	for _, v := range append(append([]web.FacetLink(nil), got.Values[:facetShown]...), got.More...) {
		counts = append(counts, v.Count)
	}
	for i := 1; i < len(counts); i++ {
		if counts[i] > counts[i-1] {
			t.Errorf("not by count, most first: %v", counts)
		}
	}
	if last := got.Values[len(got.Values)-1]; !last.Selected {
		t.Errorf("the selected value is folded away: %+v", got)
	}
	// Ties go by label, so the order does not depend on the input's.
	if got.Values[2].Label != "v3" || got.Values[3].Label != "v4" {
		t.Errorf("ties out of label order: %+v", got.Values)
	}
	years := foldFacet(web.FacetView{Values: []web.FacetLink{{Label: "1945", Count: 1}, {Label: "1946", Count: 4}}}, false)
	if years.Values[0].Label != "1945" {
		t.Errorf("years lost their order of time: %+v", years.Values)
	}
}

func TestClipWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four", 10, "one two…"},
		{"one two, three four", 9, "one two…"},
		{"Телеграмма из Баку в Москву", 16, "Телеграмма из…"},
		{"nospacesatallinthisverylongword", 8, "nospaces…"},
		{"line one\r\nline two", 12, "line one…"},
		{"", 5, ""},
	} {
		got := clipWords(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("clipWords(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if utf8.RuneCountInString(got) > tc.n+1 {
			t.Errorf("clipWords(%q, %d) = %q: longer than asked", tc.in, tc.n, got)
		}
	}
}

// A facet folds where its values are: the first facetShown and every
// selected value shown, the rest folded, each in its order.
func TestFoldFacetKeepsTheOrders(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 500 {
		var vals []web.FacetLink
		for i := range r.IntN(3 * facetShown) {
			vals = append(vals, web.FacetLink{Label: "v" + strconv.Itoa(i), Count: 1, Selected: r.IntN(6) == 0})
		}
		var wantShown, wantMore []string
		for i, v := range vals {
			if i < facetShown || v.Selected {
				wantShown = append(wantShown, v.Label)
			} else {
				wantMore = append(wantMore, v.Label)
			}
		}
		got := foldFacet(web.FacetView{Values: slices.Clone(vals)}, false)
		labels := func(ls []web.FacetLink) []string {
			var out []string
			for _, l := range ls {
				out = append(out, l.Label)
			}
			return out
		}
		if !slices.Equal(labels(got.Values), wantShown) || !slices.Equal(labels(got.More), wantMore) || (len(wantMore) == 0) != (got.More == nil) {
			t.Fatalf("%v: shown %v more %v, want %v and %v", labels(vals), labels(got.Values), labels(got.More), wantShown, wantMore)
		}
	}
}

// clipWords walks the bytes of s; it must cut where cutting its runes
// did, on any text.
func TestClipWordsCutsAsRunesDo(t *testing.T) {
	byRunes := func(s string, n int) string {
		if utf8.RuneCountInString(s) <= n {
			return s
		}
		r := []rune(s)
		cut := n
		for cut > n/2 && !unicode.IsSpace(r[cut]) {
			cut--
		}
		if cut <= n/2 {
			cut = n
		}
		return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) }) + "…"
	}
	pieces := []string{"a", "word", " ", "  ", ", ", ".", "Тебриз", "\r\n", "\u00a0", "\xff", "\xe2\x80", "…", "é", "\t", "—"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s, n := b.String(), r.IntN(25)
		if got, want := clipWords(s, n), byRunes(s, n); got != want {
			t.Errorf("clipWords(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}

func TestSearchResultsLeadWithTheDocuments(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/search?q=Tabriz", http.StatusOK)
	if d.Find(".hit").Length() == 0 {
		t.Fatal("no hits for Tabriz")
	}
	d.Find(".hit").Each(func(_ int, hit *goquery.Selection) {
		title := squash(hit.Find("h2").Text())
		hit.Find(".snippet").Each(func(_ int, sn *goquery.Selection) {
			if squash(sn.Find("p").Text()) == title || squash(sn.Find("footer").Text()) == "Title" {
				t.Errorf("%q: a snippet repeats the title", title)
			}
		})
		if hit.Find(".snippet").Length() > 0 {
			if n := utf8.RuneCountInString(squash(hit.Find(".hitsummary").Text())); n > hitSummaryChars+1 {
				t.Errorf("%q: a summary of %d characters above its snippets", title, n)
			}
		}
	})
	// The title that matched shows the word marked in the heading itself.
	if d.Find(".hit h2 mark").Length() == 0 {
		t.Error("no title marks the word that matched")
	}
	// No date field shows a value the reader did not type.
	d.Find("input").Each(func(_ int, in *goquery.Selection) {
		if p, ok := in.Attr("placeholder"); ok {
			t.Errorf("input %s has a placeholder %q", in.AttrOr("name", ""), p)
		}
	})
	if hint := d.Find("#" + d.Find("#from").AttrOr("aria-describedby", "none")).Text(); !strings.Contains(hint, "1946-04") {
		t.Errorf("the date fields' hint is %q", hint)
	}

	d = dom(t, h, "/search?q=Bagirov", http.StatusOK)
	d.Find(".facets section").Each(func(_ int, s *goquery.Selection) {
		shown := s.Find(":scope > ul > li")
		if shown.Length() > facetShown {
			t.Errorf("%s: %d values shown at once", s.Find("h2").Text(), shown.Length())
		}
		if folded := s.Find("details li").Length(); folded > 0 && !strings.Contains(s.Find("details summary").Text(), strconv.Itoa(folded)+" more") {
			t.Errorf("%s: %d folded values under %q", s.Find("h2").Text(), folded, s.Find("details summary").Text())
		}
	})
	if d.Find(".facets details").Length() == 0 {
		t.Error("a search naming 30 people folds none of them")
	}
}

func TestTimelineStatesItsSpanAndFoldsEvents(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/timeline", http.StatusOK)
	years := texts(d.Find("section.year > h2"))
	if len(years) < 2 {
		t.Fatalf("years %v", years)
	}
	want := "Timeline, " + years[0] + "–" + years[len(years)-1]
	if got := squash(d.Find("h1").Text()); got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	if d.Find(".items > li.doc").Length() == 0 {
		t.Fatal("no documents on the timeline")
	}
	// Every event is folded; no document is.
	if n := d.Find("li.event").Not("details li.event").Length(); n > 0 {
		t.Errorf("%d events outside a fold", n)
	}
	if n := d.Find("details li.doc").Length(); n > 0 {
		t.Errorf("%d documents folded away", n)
	}
	// The chart is as high as its tallest bar needs, not a fixed 240.
	hgt, _ := strconv.Atoi(d.Find("svg.barchart").AttrOr("height", "0"))
	if hgt == 0 || hgt >= 240 {
		t.Errorf("chart height %d", hgt)
	}
}

func TestTimelineRuns(t *testing.T) {
	ev := func(s string) web.TimelineItem { return web.TimelineItem{Event: true, Title: s, Date: "May 1946"} }
	doc := func(s string) web.TimelineItem { return web.TimelineItem{Title: s} }
	runs := web.Runs([]web.TimelineItem{ev("a"), ev("b"), doc("D"), ev("c"), doc("E"), doc("F")})
	var got []string
	for _, r := range runs {
		if r.Doc != nil {
			got = append(got, r.Doc.Title)
		} else {
			got = append(got, strconv.Itoa(len(r.Events)))
		}
	}
	if strings.Join(got, " ") != "2 D 1 E F" {
		t.Errorf("runs %v", got)
	}
	if s := runs[0].Summary(); s != "2 events, from May 1946: a" {
		t.Errorf("summary %q", s)
	}
	if len(web.Runs(nil)) != 0 {
		t.Error("runs of nothing")
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// A month's page folds its events between its documents too, as the
// timeline does: every event one step away, no document folded.
func TestMonthFoldsEvents(t *testing.T) {
	h := newTestServer(t)
	folded, docs := 0, 0
	for _, month := range []string{"/timeline/1945-11", "/timeline/1945-12", "/timeline/1946-04", "/timeline/1946-12"} {
		d := dom(t, h, month, http.StatusOK)
		docs += d.Find("li.doc").Length()
		if n := d.Find("li.event").Not("details li.event").Length(); n > 0 {
			t.Errorf("%s: %d events outside a fold", month, n)
		}
		if n := d.Find("details li.doc").Length(); n > 0 {
			t.Errorf("%s: %d documents folded away", month, n)
		}
		folded += d.Find("details li.event").Length()
	}
	if folded == 0 || docs == 0 {
		t.Errorf("%d events folded, %d documents shown: the test shows nothing", folded, docs)
	}
}
