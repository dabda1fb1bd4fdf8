package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

// TestDateRangeOverlapsIntervals checks that a date known only to the month
// or the year is an interval: a range matches it when they overlap, never
// by a day made up for it.
func TestDateRangeOverlapsIntervals(t *testing.T) {
	mk := func(id, date string) *Doc {
		d, ok := archive.ParseDate(date)
		if !ok {
			t.Fatalf("bad fixture date %q", date)
		}
		return FromArchive(&archive.Document{ID: id, Title: "Invented note " + id, Date: d,
			Translation: archive.Text{Code: "en", Paragraphs: []archive.Paragraph{{N: 1, Kind: archive.KindText, Lines: []string{"A courier carried the parcel."}}}}})
	}
	docs := []*Doc{
		mk("month", "December 1946"),
		mk("year", "1946"),
		mk("day", "December 4, 1946"),
		mk("leap", "February 1948"),
		mk("other", "March 1, 1945"),
	}
	ix, err := Open(context.Background(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for _, tc := range []struct{ from, to, want string }{
		{"1946-12-05", "1946-12-31", "month year"},     // inside the month, after the day
		{"1946-12-31", "1946-12-31", "month year"},     // the month's last day
		{"1946-12-04", "1946-12-04", "day month year"}, // the exact day
		{"", "1946-01-15", "other year"},               // the year begins before the 15th
		{"", "1945-12-31", "other"},                    // "1946" does not reach back into 1945
		{"1947-01-01", "", "leap"},                     // nothing of 1946 reaches 1947
		{"1948-02-29", "1948-02-29", "leap"},           // a leap day inside February 1948
		{"1946-11", "1946-11", "year"},                 // a month range: the year overlaps it, December does not
		{"1946-12-05", "", "month year leap"},
	} {
		q := Query{}
		if tc.from != "" {
			q.AddFilter("from", tc.from)
		}
		if tc.to != "" {
			q.AddFilter("to", tc.to)
		}
		r, err := ix.Search(context.Background(), Request{Query: q, Sort: SortOldest, Page: 1})
		if err != nil {
			t.Fatalf("from %s to %s: %v", tc.from, tc.to, err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, h.ID)
		}
		if strings.Join(sorted(got), " ") != strings.Join(sorted(strings.Fields(tc.want)), " ") {
			t.Errorf("from %q to %q found %v, want %s", tc.from, tc.to, got, tc.want)
		}
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// TestWordAcrossAPageBreak searches the shipped telegram whose word
// "правильно" is split by page 2's mark: it is found whole.
func TestWordAcrossAPageBreak(t *testing.T) {
	ix := testIndex(t, nil)
	for q, want := range map[string]string{"правильно": "1945-11-24", "правиль": ""} {
		if got := ids(mustSearch(t, ix, q, SortOldest)); got != want {
			t.Errorf("%q found [%s], want [%s]", q, got, want)
		}
	}
}
