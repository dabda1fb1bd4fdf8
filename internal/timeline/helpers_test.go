package timeline

import (
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

// shipped loads the real collection and chronology, embedded as the binary
// embeds them.
func shipped(t *testing.T) (*archive.Collection, []Event) {
	t.Helper()
	c, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	if errs := c.Errors(); len(errs) > 0 {
		t.Fatalf("the collection does not load cleanly: %v", errs)
	}
	events, err := LoadChronology(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c, events
}

// byDate returns the shipped document whose ID starts with the ISO date; the
// five documents have five different dates.
func byDate(t *testing.T, c *archive.Collection, iso string) *archive.Document {
	t.Helper()
	var found *archive.Document
	for _, d := range c.Docs {
		if strings.HasPrefix(d.ID, iso+"-") {
			if found != nil {
				t.Fatalf("two documents dated %s", iso)
			}
			found = d
		}
	}
	if found == nil {
		t.Fatalf("no document dated %s", iso)
	}
	return found
}

func date(t *testing.T, s string) archive.Date {
	t.Helper()
	d, ok := archive.ParseDate(s)
	if !ok {
		t.Fatalf("bad test date %q", s)
	}
	return d
}

// doc builds a document by hand: an ID, a date as the archive writes it, a
// title, an archival reference and English paragraphs.
func doc(t *testing.T, id, when, title, ref string, english ...string) *archive.Document {
	t.Helper()
	d := &archive.Document{ID: id, Title: title, Date: date(t, when)}
	if ref != "" {
		r, ok := archive.ParseReference(ref)
		if !ok {
			t.Fatalf("bad test reference %q", ref)
		}
		d.Reference = r
	}
	d.Translation = text("English", "en", english...)
	return d
}

func text(lang, code string, paragraphs ...string) archive.Text {
	t := archive.Text{Language: lang, Code: code}
	for i, p := range paragraphs {
		t.Paragraphs = append(t.Paragraphs, archive.Paragraph{N: i + 1, Kind: archive.KindText, Lines: strings.Split(p, "\n")})
	}
	return t
}

// entities is a stand-in for internal/entity: who and where each shipped
// document mentions, by the date its ID starts with.
func entities(people, places map[string][]string) func(string) ([]string, []string) {
	return func(id string) ([]string, []string) {
		key := id
		if len(id) >= 10 {
			key = id[:10]
		}
		return people[key], places[key]
	}
}

func names(kind, id string) string {
	known := map[string]string{"qavam": "Qavam", "pishevari": "Pishevari", "tabriz": "Tabriz", "bagirov": "Bagirov", "stalin": "Stalin"}
	return known[id]
}

func ids(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID()
	}
	return out
}

// Key returns the month as "1946-12", the form used in URLs.
func (m Month) Key() string { return monthKey(m.Year, m.Month) }

// References returns the numbered references that d makes or bears, in the
// order the texts give them, each matched against the other documents of
// docs. A citation matches a document that bears the same number, or whose
// number is a list or range holding it (No 42 is in N 40-41,42,43).
func References(docs []*archive.Document, d *archive.Document) []Reference {
	return MatchReferences(docs, d, ExtractReferences)
}

// Events returns the events of the month in order.
func (m MonthGroup) Events() []Item { return m.ofKind(KindEvent) }

// Items returns every placed item of the timeline in order.
func (tl Timeline) Items() []Item {
	var out []Item
	for _, y := range tl.Years {
		out = append(out, y.Undated...)
		for _, m := range y.Months {
			out = append(out, m.Items...)
		}
	}
	return out
}
