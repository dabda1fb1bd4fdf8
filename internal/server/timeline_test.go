package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestTimelineInterleavesDocumentsAndEvents(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/timeline", http.StatusOK)
	if n := d.Find(".items li.doc").Length(); n != 5 {
		t.Errorf("%d documents on the timeline", n)
	}
	if n := d.Find(".items li.event").Length(); n < 15 {
		t.Errorf("%d events on the timeline", n)
	}
	// Between the November 1945 telegram and the April 1946 letters come
	// the events of the winter: the Security Council, the Soviet-Iranian
	// agreement.
	var order []string
	d.Find(".items > li").Each(func(_ int, s *goquery.Selection) {
		order = append(order, s.AttrOr("class", "")+":"+s.Find("time").AttrOr("datetime", ""))
	})
	joined := strings.Join(order, " ")
	nov := strings.Index(joined, "doc:1945-11-24")
	apr := strings.Index(joined, "doc:1946-04-12")
	agreement := strings.Index(joined, "event:1946-04-04")
	if nov < 0 || apr < 0 || agreement < 0 || !(nov < agreement && agreement < apr) {
		t.Errorf("order: %s", joined)
	}
	bars := d.Find("svg.barchart a")
	if d.Find("svg.barchart rect.bar").Length() != 14 || bars.Length() < 3 {
		t.Errorf("chart: %d bars, %d links", d.Find("svg.barchart rect.bar").Length(), bars.Length())
	}
	if href := d.Find("svg.barchart a[aria-label^='December 1946']").AttrOr("href", ""); href != "/timeline/1946-12" {
		t.Errorf("December bar links to %q", href)
	}
	if !strings.Contains(d.Find("figcaption").Text(), "2 in December 1946") {
		t.Errorf("chart text alternative %q", d.Find("figcaption").Text())
	}
	if from := d.Find("li.doc:contains('Letter from Bagirov to Stalin and Molotov') .corr").Text(); !strings.Contains(from, "From Bagirov") || !strings.Contains(from, "Stalin, Molotov") {
		t.Errorf("sender and recipients %q", from)
	}
}

func TestTimelineFiltersByPerson(t *testing.T) {
	h := newTestServer(t)
	d := domCanonical(t, h, "/timeline?person=Pishevari", http.StatusOK)
	var dates []string
	d.Find(".items li.doc time").Each(func(_ int, s *goquery.Selection) { dates = append(dates, s.AttrOr("datetime", "")) })
	if strings.Join(dates, " ") != "1946-04-20 1946-12-02 1946-12-09" {
		t.Errorf("Pishevari's documents %v", dates)
	}
	if caption := d.Find("figcaption").Text(); !strings.HasPrefix(caption, "3 documents from April 1946 to December 1946") {
		t.Errorf("the chart does not count the filtered documents: %q", caption)
	}
	if chip := d.Find(".chips a"); chip.Text() != "person: Pishevari ✕" || chip.AttrOr("href", "") != "/timeline" {
		t.Errorf("chip %q", chip.Text())
	}
	dom(t, h, "/timeline?person=nobody", http.StatusNotFound)
	dom(t, h, "/timeline?lang=klingon", http.StatusBadRequest)
	// The timeline reads languages as search's lang: does, by code or name.
	for _, lang := range []string{"ru", "Russian", "az", "Persian"} {
		d := domCanonical(t, h, "/timeline?lang="+lang, http.StatusOK)
		s := dom(t, h, "/search?q=lang:"+lang, http.StatusOK)
		if tl, found := d.Find(".items li.doc").Length(), s.Find(".notices, .notice").Text(); strings.Contains(found, "left out") || (lang == "ru" && tl == 0) {
			t.Errorf("lang %s: %d documents on the timeline; search says %q", lang, tl, found)
		}
	}
	d = domCanonical(t, h, "/timeline?archive=rgaspi", http.StatusOK)
	if n := d.Find(".items li.doc").Length(); n != 1 {
		t.Errorf("RGASPI: %d documents", n)
	}
}

func TestMonthView(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/timeline/1946-04", http.StatusOK)
	if d.Find("h1").Text() != "April 1946" || d.Find(".items li.doc").Length() != 2 {
		t.Errorf("April 1946: %q, %d documents", d.Find("h1").Text(), d.Find(".items li.doc").Length())
	}
	if d.Find(".items li.doc blockquote[lang=ru]").Length() != 1 || d.Find(".items li.doc blockquote[lang=en]").Length() != 2 {
		t.Error("openings of the texts")
	}
	if prev := d.Find("a[rel=prev]").AttrOr("href", ""); prev != "/timeline/1945-11" {
		t.Errorf("previous month with documents %q", prev)
	}
	if next := d.Find("a[rel=next]").AttrOr("href", ""); next != "/timeline/1946-12" {
		t.Errorf("next month with documents %q", next)
	}
	for _, bad := range []string{"/timeline/1946-13", "/timeline/1950-01", "/timeline/april", "/timeline/1946-4"} {
		dom(t, h, bad, http.StatusNotFound)
	}
}

func TestDocumentThreadsAndArchives(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/documents/1946-04-20-letter-from-bagirov-to-stalin-and-molotov-about-qavam-delaying-talks-with-the-iranian-azerbaijani-government", http.StatusOK)
	first := d.Find(".related li").First()
	if !strings.Contains(first.Find("a").Text(), "Message from Bagirov to Stalin with Reply") || !strings.Contains(first.Text(), "same file: GAPPOD, f.1, op.89, d.112") {
		t.Errorf("first related document: %q", first.Text())
	}
	d = dom(t, h, reply, http.StatusOK)
	refs := strings.Join(texts(d.Find(".refs li")), "\n")
	if !strings.Contains(refs, "215") || !strings.Contains(refs, "not in the collection") {
		t.Errorf("references %q", refs)
	}
	file := d.Find(".meta a[href^='/archives/']").AttrOr("href", "")
	a := dom(t, h, "/archives", http.StatusOK)
	id := "#" + strings.TrimPrefix(file, "/archives/")
	if file == "" || a.Find(id+" li a").Length() != 2 || a.Find(id+" > a").AttrOr("href", "") != file {
		t.Errorf("archival file %q lists %d documents on /archives", file, a.Find(id+" li a").Length())
	}
	if f := dom(t, h, file, http.StatusOK); f.Find("main ul.plain li a").Length() != 2 || f.Find("h1").Text() != "GAPPOD, f.1, op.89, d.112" {
		t.Errorf("the file's page %s: %q with %d documents", file, f.Find("h1").Text(), f.Find("main ul.plain li a").Length())
	}
	if !strings.Contains(a.Find("#unfiled ~ ul").Text(), "Memo via a Telegraph Message from Tabriz") {
		t.Error("the memo without a reference is not listed")
	}
}

func TestMonthViewKeepsTheFilters(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/timeline/1946-04?person=pishevari", http.StatusOK)
	if n := d.Find(".items li.doc").Length(); n != 1 {
		t.Errorf("April 1946 with Pishevari: %d documents, want 1", n)
	}
	if next := d.Find("a[rel=next]").AttrOr("href", ""); next != "/timeline/1946-12?person=pishevari" {
		t.Errorf("next month keeps the filter: %q", next)
	}
	if chip := d.Find(".chips a").AttrOr("href", ""); chip != "/timeline/1946-04" {
		t.Errorf("removing the filter stays in the month: %q", chip)
	}
	// A month without the person's documents still shows its events.
	if n := dom(t, h, "/timeline/1945-11?person=pishevari", http.StatusOK).Find(".items li.doc").Length(); n != 0 {
		t.Errorf("November 1945 with Pishevari: %d documents", n)
	}
	tl := dom(t, h, "/timeline?person=pishevari", http.StatusOK)
	if href := tl.Find("svg.barchart a").First().AttrOr("href", ""); !strings.HasSuffix(href, "?person=pishevari") {
		t.Errorf("chart bars drop the filter: %q", href)
	}
}

// The timeline follows letters: ?sender= and ?recipient= by record ID or
// any spelling, the chips say so, the side panel offers senders and
// recipients, and a name no record has is a 404 with a way on.
func TestTimelineFiltersBySenderAndRecipient(t *testing.T) {
	h := newTestServer(t)
	for target, want := range map[string]int{
		"/timeline?sender=bagirov": 3, "/timeline?sender=Baghirov": 3, "/timeline?recipient=bagirov": 1,
		"/timeline?recipient=stalin&sender=bagirov": 3, "/timeline?sender=gasanov": 1, "/timeline?recipient=maslennikov": 0,
	} {
		d := domCanonical(t, h, target, http.StatusOK)
		if n := d.Find(".items li.doc").Length(); n != want {
			t.Errorf("%s: %d documents, want %d", target, n, want)
		}
	}
	d := dom(t, h, "/timeline?recipient=stalin", http.StatusOK)
	if chips := d.Find(".chips").Text(); !strings.Contains(chips, "to: Stalin") {
		t.Errorf("chips %q", chips)
	}
	if from := d.Find("h2:contains('From'), h3:contains('From')").Parent().Text(); !strings.Contains(from, "Bagirov") {
		t.Errorf("the side panel offers no senders: %q", from)
	}
	if rec := get(t, h, http.MethodGet, "/timeline?sender=nobody-at-all"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "/organisations") {
		t.Errorf("an unknown sender: %d", rec.Code)
	}
}

// A person's page lists the letters they sent and received apart from
// the documents that merely name them, with the timeline of each.
func TestPersonPageListsLetters(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/people/bagirov", http.StatusOK)
	if n := d.Find("h2#sent + ol.letters li").Length(); n != 3 {
		t.Errorf("sent: %d", n)
	}
	if n := d.Find("h2#received + ol.letters li").Length(); n != 1 || !strings.Contains(d.Find("h2#received + ol.letters").Text(), "April 12, 1946") {
		t.Errorf("received: %d", n)
	}
	if href := d.Find(`a[href="/timeline?sender=bagirov"]`).Length(); href != 1 {
		t.Error("no link to the timeline of the letters sent")
	}
	if d := dom(t, h, "/people/qavam", http.StatusOK); d.Find("ol.letters").Length() != 0 {
		t.Error("Qavam, named but neither sender nor recipient, has letters")
	}
}
