package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Organisations have their own index and pages, a facet and a filter, and
// their mentions link to them, never to a place their name holds.
func TestOrganisations(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/organisations", http.StatusOK)
	rows := strings.Join(texts(d.Find("table.entities td a")), "|")
	for _, name := range []string{"Central Committee of the CP(b) of Azerbaijan", "Azerbaijan Democratic Party", "Tudeh Party", "UN Security Council", "NKVD (MVD)"} {
		if !strings.Contains(rows, name) {
			t.Errorf("/organisations lacks %q: %s", name, rows)
		}
	}
	d = dom(t, h, "/organisations/adp", http.StatusOK)
	if got := d.Find("h1").Text(); got != "Azerbaijan Democratic Party" {
		t.Errorf("h1 %q", got)
	}
	forms := strings.Join(texts(d.Find("main")), " ")
	for _, f := range []string{"Азербайджанская демократическая партия", "Azərbaycan Demokrat Firqəsi", "فرقه دموکرات آذربایجان"} {
		if !strings.Contains(forms, f) {
			t.Errorf("the page of the ADP lacks the form %q", f)
		}
	}
	dom(t, h, "/organisations/tabriz", http.StatusNotFound)
	dom(t, h, "/organisations/"+url.PathEscape("<script>"), http.StatusNotFound)

	// In the texts: the party links to its page; the place inside its
	// name does not link to the place.
	d = dom(t, h, reply, http.StatusOK)
	var adp, regionInParty int
	d.Find("section.text a.name, .passages a.name").Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		if href == "/organisations/adp" {
			adp++
		}
		if href == "/places/iranian-azerbaijan" && strings.Contains(a.Parent().Text(), "Democratic Party") &&
			strings.Contains(a.Parent().Text(), a.Text()+" Democratic Party") {
			regionInParty++
		}
	})
	if adp == 0 {
		t.Error("the reply does not link the Azerbaijani Democratic Party")
	}
	if regionInParty > 0 {
		t.Error("the region Azerbaijan is linked inside the party's name")
	}

	// The facet and the filter.
	d = dom(t, h, "/search?q=Bagirov", http.StatusOK)
	var orgFacet []string
	d.Find(".facets section").Each(func(_ int, s *goquery.Selection) {
		if s.Find("h2").Text() == "Organisations" {
			orgFacet = texts(s.Find("li a"))
		}
	})
	if len(orgFacet) == 0 {
		t.Error("no Organisations facet")
	}
	all := len(dom(t, h, "/search?q=Bagirov", http.StatusOK).Find(".hit").Nodes)
	for _, q := range []string{"Bagirov org:adp", `Bagirov org:"Azerbaijani Democratic Party"`, "Bagirov org:Азербайджанская демократическая партия"} {
		n := len(dom(t, h, "/search?q="+url.QueryEscape(q), http.StatusOK).Find(".hit").Nodes)
		if q == "Bagirov org:Азербайджанская демократическая партия" {
			continue // a value of several words needs quotes; only checked not to fail
		}
		if n == 0 || n >= all {
			t.Errorf("%q: %d of %d documents", q, n, all)
		}
	}
	if n := len(dom(t, h, "/search?q=Bagirov&org=adp", http.StatusOK).Find(".hit").Nodes); n == 0 || n >= all {
		t.Errorf("org=adp: %d of %d", n, all)
	}
	if got := dom(t, h, "/api/organisations", http.StatusOK); got == nil {
		t.Error("no /api/organisations")
	}
}

// The glossary lists every term with its definition and source; the texts
// mark the terms with their definition and a link, without JavaScript.
func TestGlossary(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/glossary", http.StatusOK)
	for _, id := range []string{"fond", "opis", "delo", "list", "cde", "vkpb", "cc", "cipher-telegram", "vch", "enjumen", "fedai", "majlis", "ostan"} {
		dt := d.Find("dt#" + id)
		if dt.Length() != 1 {
			t.Errorf("no entry %s", id)
			continue
		}
		dd := dt.Next()
		if !strings.Contains(dd.Text(), "Source:") || len(strings.TrimSpace(dd.Find("p").First().Text())) < 40 {
			t.Errorf("%s: definition or source missing: %q", id, dd.Text())
		}
	}
	// Terms the texts use link to their documents; those only citations
	// use (fond) do not.
	if d.Find("dt#fedai + dd a[href^='/search']").Length() != 1 || d.Find("dt#fond + dd a[href^='/search']").Length() != 0 {
		t.Error("the links to the documents that use a term are wrong")
	}
	if d.Find("dt#ostan span[lang=fa]").Length() == 0 || d.Find("dt#vch span[lang=ru]").Length() == 0 {
		t.Error("forms in other scripts are not marked with their language")
	}
	for _, tc := range []struct{ doc, term string }{{reply, "enjumen"}, {november, "vch"}, {reply, "cipher-telegram"}, {memo, "fedai"}} {
		page := dom(t, h, tc.doc, http.StatusOK)
		a := page.Find("section.text a.term[href='/glossary#" + tc.term + "'], .passages a.term[href='/glossary#" + tc.term + "']")
		if a.Length() == 0 {
			t.Errorf("%s: %s not marked", tc.doc, tc.term)
			continue
		}
		if title := a.Find("abbr").AttrOr("title", ""); len(title) < 40 {
			t.Errorf("%s: %s without its definition: %q", tc.doc, tc.term, title)
		}
	}
	if page := dom(t, h, reply, http.StatusOK); page.Find("script").Length() > 0 && page.Find("a.term").Length() == 0 {
		t.Error("terms depend on scripts")
	}
}
