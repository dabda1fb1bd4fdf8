package search

import (
	"context"
	"strings"
	"testing"
)

// phraseIndex holds one invented report whose words of a slogan stand
// apart in early paragraphs and together, as the slogan, late.
func phraseIndex(t *testing.T) *Index {
	t.Helper()
	d := &Doc{
		ID:    "invented-report",
		Title: "An invented report",
		Translation: []Para{
			{1, "The river rose in spring and the bridge was lost."},
			{2, "Many would rather stand in the cold than go back home."},
			{3, "Some went back; others would not stand for it."},
			{4, "On the wall someone had written \"Stand and do not go back\" in large letters."},
		},
		Original: []Para{
			{1, "Весной река поднялась, и мост был потерян."},
			{2, "Многие предпочли стоять на холоде, чем вернуться домой."},
			{3, "На стене кто-то написал крупными буквами: «Стоять и не возвращаться»."},
		},
		OriginalLang: "ru",
		Languages:    []string{"en", "ru"},
	}
	ix, err := Open(context.Background(), []*Doc{d}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func marked(parts []Part) []string {
	var out []string
	for _, p := range parts {
		if p.Mark {
			out = append(out, p.Text)
		}
	}
	return out
}

// TestPhraseHitOpensItsPassage: the snippet, the link and the marks of a
// quoted phrase follow the phrase, not its words one by one.
func TestPhraseHitOpensItsPassage(t *testing.T) {
	ix := phraseIndex(t)
	for _, c := range []struct {
		q, first, field, mark string
	}{
		{`"stand and do not go back"`, "en-4", "translation", "Stand and do not go back"},
		{`"стоять и не возвращаться"`, "ru-3", "original", "Стоять и не возвращаться"},
	} {
		r := mustSearch(t, ix, c.q, "")
		if len(r.Hits) != 1 {
			t.Fatalf("%s: %d hits", c.q, len(r.Hits))
		}
		h := r.Hits[0]
		if h.First != c.first {
			t.Errorf("%s: links to %s, want %s", c.q, h.First, c.first)
		}
		for _, s := range h.Snippets {
			if s.Field != c.field {
				continue
			}
			if got := marked(s.Parts); strings.Join(got, "|") != c.mark {
				t.Errorf("%s: snippet marks %q, want the phrase whole", c.q, got)
			}
		}
		// The page marks the phrase where it stands, once, and not its
		// words elsewhere.
		m := ix.Marker(Query{Clauses: mustParse(t, c.q).Clauses})
		lang := "en"
		if c.field == "original" {
			lang = "ru"
		}
		total := 0
		for _, p := range []string{"Many would rather stand in the cold than go back home.", "Многие предпочли стоять на холоде, чем вернуться домой."} {
			total += len(m.Ranges(lang, p))
		}
		if total != 0 {
			t.Errorf("%s: the words are marked apart from the phrase", c.q)
		}
	}
	// Words without quotes are still marked wherever they stand.
	m := ix.Marker(Query{Clauses: mustParse(t, "stand back").Clauses})
	if n := len(m.Ranges("en", "Some went back; others would not stand for it.")); n != 2 {
		t.Errorf("unquoted words: %d marks, want 2", n)
	}
}

func mustParse(t *testing.T, q string) Query {
	t.Helper()
	p, err := ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
