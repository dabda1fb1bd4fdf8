package search

import (
	"context"
	"strings"
	"testing"
)

// nearNames is fakeNames that also reads "Ahmad Qavam" as a full name and
// offers Qavam for words close to his name.
type nearNames struct{ fakeNames }

func (n nearNames) Resolve(name string) []Ref {
	if strings.EqualFold(name, "Ahmad Qavam") || strings.EqualFold(name, "Qawam") {
		return []Ref{{Kind: "person", ID: "qavam", Name: "Qavam", As: "Ahmad Qavam"}}
	}
	return n.fakeNames.Resolve(name)
}

func (nearNames) Near(word string) []Ref {
	if strings.EqualFold(word, "Qavan") {
		return []Ref{{Kind: "person", ID: "qavam", Name: "Qavam", As: "Qavam"}}
	}
	return nil
}

// Suggestions offer records before words, and never respell a word of a
// name the query names.
func TestSuggestRecordsFirstAndKeepNames(t *testing.T) {
	ix := testIndex(t, nearNames{})
	search := func(q string) *Result {
		t.Helper()
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), Request{Query: pq, Page: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := search("Qavan negotiationz")
	if len(res.Suggestions) < 2 || res.Suggestions[0].Ref == nil || res.Suggestions[0].Word != "Qavam" || res.Suggestions[0].Instead != "Qavan" {
		t.Fatalf("suggestions %+v: want the record Qavam first", res.Suggestions)
	}
	if s := res.Suggestions[1]; s.Ref != nil || s.Instead != "negotiationz" {
		t.Errorf("then a word: %+v", s)
	}
	res = search("Ahmad Qavam zzyzx")
	for _, s := range res.Suggestions {
		if s.Instead == "Ahmad" || s.Instead == "Qavam" {
			t.Errorf("a word of the name is respelled: %+v", s)
		}
	}
	// A name read by sound finds what the name finds, and says how.
	want := search("Qavam").Total
	res = search("Qawam")
	if res.Total != want || len(res.Names) != 1 || res.Names[0].Ref.As != "Ahmad Qavam" {
		t.Errorf("Qawam: %d documents (Qavam: %d), names %+v", res.Total, want, res.Names)
	}
	// The exact words: no name is read.
	pq, _ := ParseQuery("Qawam")
	pq.Exact = true
	res, err := ix.Search(context.Background(), Request{Query: pq, Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || len(res.Names) != 0 {
		t.Errorf("exact Qawam: %d documents, names %+v", res.Total, res.Names)
	}
}

func TestParseOrgFilter(t *testing.T) {
	for q, want := range map[string]string{
		"Bagirov org:adp":                 "Bagirov org:adp",
		`organisation:"Tudeh Party"`:      `org:"Tudeh Party"`,
		"organization:tudeh person:qavam": "person:qavam org:tudeh",
	} {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := pq.String(); got != want {
			t.Errorf("ParseQuery(%q) = %q, want %q", q, got, want)
		}
	}
}
