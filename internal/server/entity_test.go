package server

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

func TestDocumentLinksNamesInBothScripts(t *testing.T) {
	d := dom(t, newTestServer(t), reply, http.StatusOK)
	en := d.Find(".cell[lang=en] a.name")
	ru := d.Find(".cell[lang=ru] a.name")
	if en.Length() == 0 || ru.Length() == 0 {
		t.Fatalf("%d English and %d Russian name links", en.Length(), ru.Length())
	}
	var pish []string
	d.Find("a.name[href='/people/pishevari']").Each(func(_ int, s *goquery.Selection) { pish = append(pish, s.Text()) })
	if strings.Join(pish, ",") != "Pishevvari,Пашевери" {
		t.Errorf("Pishevari is linked as %v", pish)
	}
	// The text as printed is unchanged: links only wrap it.
	if got := d.Find("#en-6 .pt").Text(); !strings.HasPrefix(got, "In spite of this, after a nine-month delay Qavam violated") {
		t.Errorf("en-6 reads %q", got)
	}
	panel := strings.Join(texts(d.Find(".namelist li")), "\n")
	for _, want := range []string{"Pishevari person; written “Pishevvari”, “Пашевери”", "Zanjan place; written “Zanzan”"} {
		if !strings.Contains(panel, want) {
			t.Errorf("names panel lacks %q:\n%s", want, panel)
		}
	}
}

func TestPeopleAndPlacesPages(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/people", http.StatusOK)
	if d.Find("table.entities tbody tr").Length() < 20 {
		t.Errorf("%d people listed", d.Find("table.entities tbody tr").Length())
	}
	d = dom(t, h, "/people?sort=count", http.StatusOK)
	first := d.Find("table.entities tbody tr").First()
	if name := first.Find("a").Text(); name != "Bagirov" {
		t.Errorf("most documents: %q", name)
	}
	dom(t, h, "/people?sort=%3Cx%3E", http.StatusBadRequest)

	d = dom(t, h, "/people/pishevari", http.StatusOK)
	if d.Find("h1").Text() != "Pishevari" {
		t.Errorf("h1 %q", d.Find("h1").Text())
	}
	variants := strings.Join(texts(d.Find("table.variants tbody tr")), "\n")
	for _, want := range []string{"Pishevvari", "ПИШЕВАРИ", "Пашевери"} {
		if !strings.Contains(variants, want) {
			t.Errorf("variants lack %q:\n%s", want, variants)
		}
	}
	if n := d.Find(".doclist .docitem").Length(); n != 3 {
		t.Errorf("Pishevari in %d documents, want 3", n)
	}
	if d.Find(".doclist mark").Length() == 0 {
		t.Error("no passage marks the name")
	}
	if href := d.Find("main a[href^='/search']").AttrOr("href", ""); href != "/search?q="+url.QueryEscape("person:pishevari") {
		t.Errorf("search link %q", href)
	}
	if d.Find(".together li").Length() == 0 {
		t.Error("no people or places alongside")
	}
	more := d.Find(".doclist a:contains('more mentions')").First().AttrOr("href", "")
	if m := dom(t, h, more, http.StatusOK); more == "" || m.Find(".cell[lang=ru] mark").Length() == 0 || m.Find(".cell[lang=en] mark").Length() == 0 {
		t.Errorf("the link to the other mentions (%q) does not mark them in both texts", more)
	}
	d = dom(t, h, "/places/zanjan", http.StatusOK)
	if !strings.Contains(d.Find("main").Text(), "Зенджан") || d.Find(".doclist .docitem").Length() != 3 {
		t.Errorf("Zanjan page: %d documents", d.Find(".doclist .docitem").Length())
	}
	// A spelling finds its record; an unknown ID is a 404; a place is not a person.
	if rec := get(t, h, http.MethodGet, "/people/"+url.PathEscape("Кавам")); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/people/qavam" {
		t.Errorf("Кавам: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	dom(t, h, "/people/nobody", http.StatusNotFound)
	dom(t, h, "/people/tabriz", http.StatusNotFound)
}

func TestSearchFindsNamesInEverySpellingAndScript(t *testing.T) {
	h := newTestServer(t)
	for _, tc := range []struct{ q, want string }{
		{"Pishevari", "1946-04-20 1946-12-02 1946-12-09"},
		{"Кавам", "1946-04-20 1946-12-02 1946-12-09"},
		{"Зенджан", "1945-11-24 1946-12-02 1946-12-09"},
		{"person:qavam", "1946-04-20 1946-12-02 1946-12-09"},
		{"place:zanjan", "1945-11-24 1946-12-02 1946-12-09"},
	} {
		d := dom(t, h, "/search?sort=oldest&q="+url.QueryEscape(tc.q), http.StatusOK)
		var got []string
		d.Find(".hit time").Each(func(_ int, s *goquery.Selection) { got = append(got, s.AttrOr("datetime", "")) })
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q found %v, want %s", tc.q, got, tc.want)
		}
	}
	d := dom(t, h, "/search?q="+url.QueryEscape("Pishevari"), http.StatusOK)
	if names := strings.Join(strings.Fields(d.Find(".results > p.readings").Text()), " "); !strings.Contains(names, "Read “Pishevari” as Pishevari (person)") {
		t.Errorf("names line %q", names)
	}
	var people []string
	d.Find(".facets section").Each(func(_ int, s *goquery.Selection) {
		if s.Find("h2").Text() == "People" {
			people = texts(s.Find("li a"))
		}
	})
	if len(people) == 0 || !strings.Contains(strings.Join(people, ","), "Qavam") {
		t.Errorf("people facet %v", people)
	}
	// The result opened from a name search marks the name in every script.
	d = dom(t, h, reply+"?hl="+url.QueryEscape("Кавам"), http.StatusOK)
	if d.Find(".cell[lang=en] mark").Length() == 0 || d.Find(".cell[lang=ru] mark").Length() == 0 {
		t.Error("Кавам not marked in both texts")
	}
}

func TestMapShowsEveryLocatedPlace(t *testing.T) {
	d := dom(t, newTestServer(t), "/map", http.StatusOK)
	markers := d.Find("svg.placemap.overview a")
	if markers.Length() < 15 {
		t.Fatalf("%d markers", markers.Length())
	}
	tabriz := d.Find("svg.placemap.overview a[href='/places/tabriz']")
	if tabriz.Length() != 1 || !strings.HasPrefix(tabriz.AttrOr("aria-label", ""), "Tabriz: 5 documents") {
		t.Errorf("Tabriz marker %q", tabriz.AttrOr("aria-label", ""))
	}
	r := func(id string) float64 {
		f, _ := strconv.ParseFloat(d.Find("svg.placemap.overview a[href='/places/"+id+"'] circle").AttrOr("r", ""), 64)
		return f
	}
	if r("tabriz") <= r("baku") || r("baku") == 0 {
		t.Errorf("Tabriz (5 documents) is not drawn larger than Baku: %v vs %v", r("tabriz"), r("baku"))
	}
	if !strings.Contains(d.Find("main").Text(), "Borders are modern") {
		t.Error("the map does not say its borders are modern")
	}
	// The countries are named from the map's data, and Iranian Azerbaijan
	// is enlarged with the names of its places.
	if !slices.Contains(texts(d.Find("svg.placemap.overview text.countrylabel")), "Iran") {
		t.Errorf("country names %v", texts(d.Find("svg.placemap.overview text.countrylabel")))
	}
	if !slices.Contains(texts(d.Find("svg.placemap.inset text.maplabel")), "Tabriz") {
		t.Errorf("the inset names %v", texts(d.Find("svg.placemap.inset text.maplabel")))
	}
	if !strings.Contains(d.Find("main").Text(), "In 1946") {
		t.Error("the map does not say what its borders were in 1946")
	}
	if d.Find("main a[href='/places/moscow']").Length() == 0 || d.Find("main a[href='/places/greece']").Length() == 0 {
		t.Error("places off the map or without a point are not listed")
	}
}

func TestSearchFullNamesWithoutQuotes(t *testing.T) {
	h := newTestServer(t)
	for _, q := range []string{"Ahmad Qavam", "Seyyed Ja'far Pishevari", "Qavam os-Saltaneh", "Ahmad Qavam Tabriz"} {
		d := dom(t, h, "/search?q="+url.QueryEscape(q), http.StatusOK)
		if n := d.Find(".hit").Length(); n == 0 {
			t.Errorf("%q finds nothing", q)
		}
	}
}

// A name in many documents lists them a page at a time, each spelling with
// its first documents and a count of the rest.
func TestEntityPages(t *testing.T) {
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range archive.Generate(seeds.Docs, 2*entityPageSize+7, 1) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h, lib := serveFolder(t, dir, "")
	total := len(lib.Entities["tabriz"].Docs)
	if total <= entityPageSize {
		t.Fatalf("only %d generated documents name Tabriz", total)
	}
	last := (total + entityPageSize - 1) / entityPageSize
	seen := map[string]bool{}
	for page := 1; page <= last; page++ {
		target := "/places/tabriz"
		if page > 1 {
			target += "?page=" + strconv.Itoa(page)
		}
		doc := dom(t, h, target, http.StatusOK)
		items := doc.Find("ol.doclist > li")
		want := min(entityPageSize, total-(page-1)*entityPageSize)
		if items.Length() != want {
			t.Errorf("%s: %d documents, want %d", target, items.Length(), want)
		}
		if start, _ := doc.Find("ol.doclist").Attr("start"); start != strconv.Itoa((page-1)*entityPageSize+1) {
			t.Errorf("%s: the list starts at %s", target, start)
		}
		items.Find("h3 a").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			if seen[href] {
				t.Errorf("%s lists %s again", target, href)
			}
			seen[href] = true
		})
		if doc.Find(`nav.pager a[aria-current="page"]`).Text() != strconv.Itoa(page) {
			t.Errorf("%s: the pager does not mark page %d", target, page)
		}
	}
	if len(seen) != total {
		t.Errorf("the pages list %d documents, want %d", len(seen), total)
	}
	// The spelling used everywhere shows its first documents and a count.
	more := dom(t, h, "/places/tabriz", http.StatusOK).Find("table.variants td").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "more")
	})
	if more.Length() == 0 || more.First().Find("a").Length() != maxFormDocs {
		t.Errorf("no spelling lists %d documents and a count of the others", maxFormDocs)
	}
	for _, bad := range []string{"0", "-1", strconv.Itoa(last + 1), "x", "99999999999999999999"} {
		rec := get(t, h, http.MethodGet, "/places/tabriz?page="+bad)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "fill pages 1 to") {
			t.Errorf("page=%s: status %d, want 400 with the page range", bad, rec.Code)
		}
	}
}
