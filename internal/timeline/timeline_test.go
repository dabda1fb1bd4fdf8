package timeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

func TestBuildShipped(t *testing.T) {
	c, events := shipped(t)
	tl := Build(c.Docs, events, Filter{}, nil)
	if tl.Docs != 5 || tl.Events != len(events) {
		t.Fatalf("placed %d documents and %d events, want 5 and %d", tl.Docs, tl.Events, len(events))
	}

	// Every document, in date order, in its year and month.
	var docs []string
	var months []string
	for _, y := range tl.Years {
		for _, m := range y.Months {
			if m.Year != y.Year {
				t.Errorf("month %s filed under %d", m.Key(), y.Year)
			}
			for _, it := range m.Docs() {
				docs = append(docs, it.Date.ISO())
				months = append(months, m.Key())
			}
		}
	}
	wantDocs := []string{"1945-11-24", "1946-04-12", "1946-04-20", "1946-12-02", "1946-12-09"}
	if !slices.Equal(docs, wantDocs) {
		t.Errorf("documents %v, want %v", docs, wantDocs)
	}
	if want := []string{"1945-11", "1946-04", "1946-04", "1946-12", "1946-12"}; !slices.Equal(months, want) {
		t.Errorf("months %v, want %v", months, want)
	}

	// Events interleaved by date, a month-precision event at the start of
	// its month. The chronology is the curator's to extend, so the test
	// checks the order of a few anchors rather than the whole sequence.
	pos := map[string]int{}
	for i, it := range tl.Items() {
		key := it.ID()
		if it.Kind == KindDocument {
			key = it.Date.ISO()
		}
		pos[key] = i
	}
	before := [][2]string{
		{"peoples-congress", "1945-11-24"},              // the congress, then the telegram reporting it
		{"1945-11-24", "national-government"},           // and the government it led to
		{"soviet-iranian-agreement", "1946-04-12"},      // the agreement, then the telegram welcoming it
		{"1946-04-20", "soviet-withdrawal"},             // May, known only to the month
		{"national-government-collapses", "1946-12-02"}, // December, known only to the month: first in its month
		{"1946-12-09", "mianeh-occupied"},               // 11 December
	}
	for _, b := range before {
		pa, oka := pos[b[0]]
		pb, okb := pos[b[1]]
		if !oka || !okb || pa >= pb {
			t.Errorf("%s (at %d) should come before %s (at %d)", b[0], pa, b[1], pb)
		}
	}
	for _, y := range tl.Years {
		for _, m := range y.Months {
			for i := 1; i < len(m.Items); i++ {
				if itemLess(m.Items[i], m.Items[i-1]) {
					t.Errorf("%s: %s placed after %s", m.Key(), m.Items[i-1].ID(), m.Items[i].ID())
				}
			}
		}
	}
	first, last := tl.Years[0], tl.Years[len(tl.Years)-1]
	if first.Year != 1941 || last.Year != 1947 {
		t.Errorf("years run %d..%d, want the chronology's 1941..1947", first.Year, last.Year)
	}
	for _, it := range tl.Items() {
		if it.Kind == KindEvent && it.Date.Precision == archive.PrecisionMonth && !it.Approximate() {
			t.Errorf("%s, known only to the month, is not marked approximate", it.ID())
		}
	}
}

func TestBuildPrecision(t *testing.T) {
	docs := []*archive.Document{
		doc(t, "day-late", "April 20, 1946", "Late in April", ""),
		doc(t, "month-only", "April 1946", "Sometime in April", ""),
		doc(t, "day-early", "April 1, 1946", "First of April", ""),
		doc(t, "year-only", "1946", "Sometime in 1946", ""),
		doc(t, "other-year", "December 1945", "Earlier", ""),
		{ID: "undated", Title: "No date at all"},
	}
	events := []Event{
		{ID: "event-month", Date: date(t, "April 1946"), Title: "Something in April"},
		{ID: "event-day", Date: date(t, "April 1, 1946"), Title: "On the first"},
		{ID: "event-year", Date: date(t, "1946"), Title: "In 1946"},
	}
	tl := Build(docs, events, Filter{}, nil)

	if len(tl.Undated) != 1 || tl.Undated[0].ID() != "undated" {
		t.Errorf("undated documents %v", ids(tl.Undated))
	}
	if len(tl.Years) != 2 || tl.Years[0].Year != 1945 || tl.Years[1].Year != 1946 {
		t.Fatalf("years %+v", tl.Years)
	}
	y := tl.Years[1]
	if got := ids(y.Undated); !slices.Equal(got, []string{"event-year", "year-only"}) {
		t.Errorf("%s of 1946: %v", UndatedWithinYear, got)
	}
	if len(y.Months) != 1 || y.Months[0].Month != 4 {
		t.Fatalf("months of 1946: %+v", y.Months)
	}
	april := y.Months[0]
	want := []string{"event-month", "month-only", "event-day", "day-early", "day-late"}
	if got := ids(april.Items); !slices.Equal(got, want) {
		t.Errorf("April 1946: %v, want %v", got, want)
	}
	for _, it := range april.Items {
		approx := strings.Contains(it.ID(), "month")
		if it.Approximate() != approx {
			t.Errorf("%s: Approximate() = %v", it.ID(), it.Approximate())
		}
		if approx && it.Date.Day != 0 {
			t.Errorf("%s: a day was made up: %+v", it.ID(), it.Date)
		}
	}
	if got := april.Label(); got != "April 1946" {
		t.Errorf("label %q", got)
	}
}

func TestFilter(t *testing.T) {
	c, events := shipped(t)
	ents := entities(
		map[string][]string{
			"1945-11-24": {"bagirov", "stalin"},
			"1946-04-20": {"bagirov", "stalin", "qavam", "pishevari"},
			"1946-12-02": {"bagirov", "stalin", "qavam", "pishevari"},
			"1946-12-09": {"qavam", "pishevari"},
		},
		map[string][]string{
			"1945-11-24": {"tabriz", "baku"},
			"1946-04-12": {"tabriz"},
			"1946-04-20": {"tabriz"},
			"1946-12-02": {"tabriz", "zanjan"},
			"1946-12-09": {"zanjan"},
		},
	)
	tests := []struct {
		name   string
		f      Filter
		docs   []string
		events bool
	}{
		{"none", Filter{}, []string{"1945-11-24", "1946-04-12", "1946-04-20", "1946-12-02", "1946-12-09"}, true},
		{"archive", Filter{Archive: "GAPPOD"}, []string{"1946-04-12", "1946-04-20", "1946-12-02"}, true},
		{"archive as written", Filter{Archive: "GAPPOD AzR"}, []string{"1946-04-12", "1946-04-20", "1946-12-02"}, true},
		{"other archive", Filter{Archive: "rgaspi"}, []string{"1945-11-24"}, true},
		{"Russian original", Filter{Lang: "ru"}, []string{"1945-11-24", "1946-04-20", "1946-12-02"}, true},
		{"English", Filter{Lang: "EN"}, []string{"1945-11-24", "1946-04-12", "1946-04-20", "1946-12-02", "1946-12-09"}, true},
		{"person", Filter{People: []string{"qavam"}, Entities: ents}, []string{"1946-04-20", "1946-12-02", "1946-12-09"}, true},
		{"two people", Filter{People: []string{"qavam", "stalin"}, Entities: ents}, []string{"1946-04-20", "1946-12-02"}, true},
		{"place", Filter{Places: []string{"zanjan"}, Entities: ents}, []string{"1946-12-02", "1946-12-09"}, true},
		{"person and place and language", Filter{People: []string{"pishevari"}, Places: []string{"zanjan"}, Lang: "ru", Entities: ents}, []string{"1946-12-02"}, true},
		{"people unknown", Filter{People: []string{"qavam"}}, nil, true},
		{"nobody", Filter{People: []string{"nobody"}, Entities: ents}, nil, true},
		{"events hidden", Filter{Archive: "RGASPI", HideEvents: true}, []string{"1945-11-24"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := Build(c.Docs, events, tt.f, nil)
			var got []string
			nEvents := 0
			for _, it := range tl.Items() {
				if it.Kind == KindDocument {
					got = append(got, it.Date.ISO())
				} else {
					nEvents++
				}
			}
			if !slices.Equal(got, tt.docs) {
				t.Errorf("documents %v, want %v", got, tt.docs)
			}
			if tt.events && nEvents != len(events) || !tt.events && nEvents != 0 {
				t.Errorf("%d events kept", nEvents)
			}
			if tl.Docs != len(tt.docs) {
				t.Errorf("Docs = %d", tl.Docs)
			}
		})
	}
}

// A sender or recipient filter keeps the documents whose parties include
// every one asked for, and none when the parties are unknown.
func TestFilterBySenderAndRecipient(t *testing.T) {
	a := &archive.Document{ID: "a"}
	b := &archive.Document{ID: "b"}
	parties := func(id string) (from, to []string) {
		if id == "a" {
			return []string{"orlov", "kerimi"}, []string{"petrov"}
		}
		return []string{"kerimi"}, nil
	}
	for _, tc := range []struct {
		f            Filter
		wantA, wantB bool
	}{
		{Filter{Senders: []string{"kerimi"}, Parties: parties}, true, true},
		{Filter{Senders: []string{"orlov", "kerimi"}, Parties: parties}, true, false},
		{Filter{Recipients: []string{"petrov"}, Parties: parties}, true, false},
		{Filter{Senders: []string{"kerimi"}}, false, false},
	} {
		if got := tc.f.Match(a); got != tc.wantA {
			t.Errorf("%+v on a: %v", tc.f, got)
		}
		if got := tc.f.Match(b); got != tc.wantB {
			t.Errorf("%+v on b: %v", tc.f, got)
		}
	}
}
