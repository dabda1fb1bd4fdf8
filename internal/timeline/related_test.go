package timeline

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

func TestRelatedShipped(t *testing.T) {
	c, _ := shipped(t)
	ents := entities(
		map[string][]string{
			"1946-04-20": {"bagirov", "stalin", "qavam", "pishevari"},
			"1946-12-02": {"bagirov", "stalin", "qavam", "pishevari"},
			"1946-12-09": {"qavam", "pishevari"},
		},
		map[string][]string{
			"1946-04-20": {"tabriz"},
			"1946-12-02": {"tabriz"},
			"1946-12-09": {"tabriz"},
		},
	)
	type rel struct{ iso, text string }
	tests := []struct {
		iso  string
		ents bool
		want []rel
	}{
		// Without entities: archival ties and dates only.
		{"1945-11-24", false, nil},
		{"1946-04-12", false, []rel{
			{"1946-04-20", "same series: GAPPOD, f.1, op.89 (another file: d.112); 8 days later"},
			{"1946-12-02", "same series: GAPPOD, f.1, op.89 (another file: d.112)"},
		}},
		{"1946-04-20", false, []rel{
			{"1946-12-02", "same file: GAPPOD, f.1, op.89, d.112"},
			{"1946-04-12", "same series: GAPPOD, f.1, op.89 (another file: d.113); 8 days earlier"},
		}},
		{"1946-12-02", false, []rel{
			{"1946-04-20", "same file: GAPPOD, f.1, op.89, d.112"},
			{"1946-12-09", "7 days later"},
			{"1946-04-12", "same series: GAPPOD, f.1, op.89 (another file: d.113)"},
		}},
		{"1946-12-09", false, []rel{
			{"1946-12-02", "7 days earlier"},
		}},
		// With the people and places they mention.
		{"1946-12-02", true, []rel{
			{"1946-04-20", "same file: GAPPOD, f.1, op.89, d.112; also mentions Bagirov, Stalin, Qavam, Pishevari, Tabriz"},
			{"1946-12-09", "also mentions Qavam, Pishevari, Tabriz; 7 days later"},
			{"1946-04-12", "same series: GAPPOD, f.1, op.89 (another file: d.113)"},
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.iso, tt.ents), func(t *testing.T) {
			d := byDate(t, c, tt.iso)
			var e func(string) ([]string, []string)
			if tt.ents {
				e = ents
			}
			var got []rel
			for _, r := range Related(c.Docs, d, e, names) {
				got = append(got, rel{r.Doc.Date.ISO(), r.Text()})
				if r.Doc == d {
					t.Error("a document is related to itself")
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("related\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestRelatedRanksAndBounds(t *testing.T) {
	base := doc(t, "base", "June 10, 1946", "Base", "GAPPOD, f.1, op.89, d.112")
	docs := []*archive.Document{base}
	// Twelve documents a day apart and one from the same file far away.
	for i := 1; i <= 12; i++ {
		docs = append(docs, doc(t, fmt.Sprintf("near-%02d", i), fmt.Sprintf("June %d, 1946", 10+i), "Near", ""))
	}
	docs = append(docs, doc(t, "same-file", "January 3, 1950", "Far", "GAPPOD AzR, f. 1, op. 89, d. 112"))
	docs = append(docs, doc(t, "month-only", "June 1946", "Vague", ""))

	got := Related(docs, base, nil, nil)
	if len(got) != MaxRelated {
		t.Fatalf("%d related, want at most %d", len(got), MaxRelated)
	}
	if got[0].Doc.ID != "same-file" || got[0].Reasons[0].Kind != ReasonFile {
		t.Errorf("first %s (%s), want the document from the same file", got[0].Doc.ID, got[0].Text())
	}
	for i, r := range got[1:] {
		if want := fmt.Sprintf("near-%02d", i+1); r.Doc.ID != want {
			t.Errorf("rank %d: %s, want %s (closest first)", i+2, r.Doc.ID, want)
		}
	}
	if got[1].Text() != "1 day later" || got[2].Text() != "2 days later" {
		t.Errorf("reasons %q, %q", got[1].Text(), got[2].Text())
	}
	for _, r := range got {
		if r.Doc.ID == "month-only" {
			t.Error("a document known only to the month counted as days away")
		}
	}

	// Names fall back to the ID; a person weighs more than a place.
	ents := func(id string) ([]string, []string) {
		switch id {
		case "base":
			return []string{"ghulam"}, []string{"mianeh", "zanjan"}
		case "near-12":
			return []string{"ghulam"}, nil
		case "near-11":
			return nil, []string{"mianeh"}
		}
		return nil, nil
	}
	few := []*archive.Document{base, docs[11], docs[12]} // near-11, near-12: beyond NearbyDays
	withNames := Related(few, base, ents, func(kind, id string) string { return "" })
	var texts []string
	for _, r := range withNames {
		texts = append(texts, r.Doc.ID+": "+r.Text())
	}
	joined := strings.Join(texts, " | ")
	if joined != "near-12: also mentions ghulam | near-11: also mentions mianeh" {
		t.Errorf("ranking with mentions: %s", joined)
	}
}

func TestRelatedMentions(t *testing.T) {
	a := doc(t, "a", "1946", "A", "")
	b := doc(t, "b", "1947", "B", "")
	c := doc(t, "c", "1948", "C", "")
	crowd := []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"}
	ents := func(id string) ([]string, []string) {
		switch id {
		case "a":
			return append([]string{"qavam"}, crowd...), []string{"iran", "tabriz"}
		case "b":
			return []string{"qavam"}, []string{"iran", "tabriz"}
		case "c":
			return append([]string{"qavam"}, crowd...), []string{"iran"}
		}
		return nil, nil
	}
	got := Related([]*archive.Document{a, b, c}, a, ents, nil)
	if len(got) != 2 {
		t.Fatalf("%d related", len(got))
	}
	// Qavam and Iran are in every document: they tie nothing.
	if got[0].Doc != c || got[0].Text() != "also mentions p1, p2, p3, p4, p5, p6 and 2 more" || got[0].Score != mentionCap {
		t.Errorf("first: %s (%d): %s", got[0].Doc.ID, got[0].Score, got[0].Text())
	}
	if got[1].Doc != b || got[1].Text() != "also mentions tabriz" || got[1].Score != weightPlace {
		t.Errorf("second: %s (%d): %s", got[1].Doc.ID, got[1].Score, got[1].Text())
	}
}
