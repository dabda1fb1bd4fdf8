package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// hitDates returns the dates of the hits of a search, oldest first.
func hitDates(t *testing.T, h http.Handler, q string) []string {
	t.Helper()
	d := dom(t, h, "/search?sort=oldest&q="+url.QueryEscape(q), http.StatusOK)
	var got []string
	d.Find(".hit time").Each(func(_ int, s *goquery.Selection) { got = append(got, s.AttrOr("datetime", "")) })
	return got
}

// A name in a spelling or script no record lists, or a full name, finds
// what the record's own name finds, with the name marked in the snippets and
// on the document page the hit opens.
func TestSearchReadsNamesBySound(t *testing.T) {
	h := newTestServer(t)
	for _, tc := range []struct{ q, as string }{
		{"Pishavari", "Pishevari"},
		{"Pişəvəri", "Pishevari"},
		{"Tebriz", "Tabriz"},
		{"تبریز", "Tabriz"},
		{"Zendzhan", "Zanjan"},
		{"Azerbaidzhan", "Azerbaijan"},
		{"Beriya", "Beria"},
		{"Joseph Stalin", "Stalin"},
		{"I. V. Stalin", "Stalin"},
		{"Иосиф Сталин", "Stalin"},
		{"Mir Jafar Bagirov", "Bagirov"},
		{"Seyid Jafar Pishevari", "Pishevari"},
		{"Ahmad Ghavam", "Qavam"},
		{"Lavrenti Beria", "Beria"},
		{"Vyacheslav Molotov", "Molotov"},
	} {
		want := hitDates(t, h, tc.as)
		got := hitDates(t, h, tc.q)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%q finds %v; %q finds %v", tc.q, got, tc.as, want)
			continue
		}
		d := dom(t, h, "/search?q="+url.QueryEscape(tc.q), http.StatusOK)
		d.Find(".hit").Each(func(_ int, hit *goquery.Selection) {
			if hit.Find("mark").Length() == 0 {
				t.Errorf("%q: a hit without the name marked: %s", tc.q, hit.Find("h2").Text())
			}
		})
		reading := strings.Join(strings.Fields(d.Find("p.readings").Text()), " ")
		if !strings.HasPrefix(reading, "Read “") || !strings.Contains(reading, "” as ") {
			t.Errorf("%q: the page does not say how it read the name: %q", tc.q, reading)
		}
		exact := d.Find("p.readings a.exact").AttrOr("href", "")
		if !strings.Contains(exact, "exact=1") {
			t.Errorf("%q: no search for the exact words: %q", tc.q, exact)
		}
		// The documents open with the name marked (where it stands in the
		// text itself, not inside a translator's note).
		marked := 0
		d.Find(".hit h2 a").Each(func(_ int, a *goquery.Selection) {
			open, _, _ := strings.Cut(a.AttrOr("href", ""), "#")
			if dom(t, h, open, http.StatusOK).Find("section.text mark, .passages mark").Length() > 0 {
				marked++
			}
		})
		if marked == 0 {
			t.Errorf("%q: no document opens with the name marked", tc.q)
		}
	}
}

// The exact words are searched as typed: a spelling the documents do not
// use finds nothing, and the page offers to read names again.
func TestSearchExactWords(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/search?q=Tebriz&exact=1", http.StatusOK)
	if n := d.Find(".hit").Length(); n != 0 {
		t.Errorf("the exact word Tebriz finds %d documents", n)
	}
	if back := d.Find("p.readings a").AttrOr("href", ""); back != "/search?q=Tebriz" {
		t.Errorf("way back to names: %q", back)
	}
	if v := d.Find("form.bigsearch input[name=exact]").AttrOr("value", ""); v != "1" {
		t.Error("the form drops exact=1")
	}
	dom(t, h, "/search?q=Tebriz&exact=yes", http.StatusBadRequest)
}

// Spelling suggestions never respell a word of a recognised name, and
// offer records before words.
func TestSearchSuggestionsKeepNames(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/search?q="+url.QueryEscape("Joseph Stalin zzyzx"), http.StatusOK)
	for _, a := range texts(d.Find(".noresults a")) {
		if strings.Contains(strings.ToLower(a), "stain") || strings.Contains(strings.ToLower(a), "joseph") {
			t.Errorf("suggestion %q respells a name", a)
		}
	}
	d = dom(t, h, "/search?q="+url.QueryEscape("Shabestar negotiationz"), http.StatusOK)
	got := texts(d.Find(".noresults p a"))
	if len(got) < 2 || got[0] != "Shabestari, person" {
		t.Errorf("suggestions %q: want the record first", got)
	}
}

// Odd names get a page, never an error: marks of direction, joiners,
// tatweel, a long run of ambiguous letters, many initials.
func TestSearchOddNames(t *testing.T) {
	h := newTestServer(t)
	for _, q := range []string{"\u200f\u200c", "ـــ", strings.Repeat("ch", 240), strings.Repeat("J. ", 23) + "Stalin",
		"پیشه\u200cوری\u200c", "Cde. Cde. Cde.", "org:", "org:" + strings.Repeat("x", 400), "Ё Ё Ё"} {
		rec := dom(t, h, "/search?q="+url.QueryEscape(q)+"&exact=0", http.StatusOK)
		if rec.Find("main").Length() == 0 {
			t.Errorf("%q: no page", q)
		}
	}
}
