package search

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPackDocRoundTrip(t *testing.T) {
	day := time.Date(1946, 3, 5, 0, 0, 0, 0, time.UTC)
	docs := []*Doc{
		{ID: "empty"},
		{
			ID: "full", Title: "A telegram <sup>1</sup>", Summary: "On the \"oil\" talks & more",
			Translation:  []Para{{N: 1, Text: "First line\nsecond line"}, {N: 2, Text: strings.Repeat("word ", 500)}},
			Original:     []Para{{N: 1, Text: "Тегеран, 5 марта. Переговоры о нефти"}},
			OriginalLang: "ru", Notes: []string{"A note", ""}, Date: day, DateEnd: day.AddDate(0, 1, -1), HasDate: true,
			Persons: []string{"qavam"}, Places: []string{}, Subjects: []string{"Oil"},
			Mentions: []Mention{{Ref: "person:qavam", Field: "original", Para: 1, Start: 3, End: 9}},
		},
	}
	for _, d := range docs {
		p, hash := PackDoc(d)
		if hash != DocHash(d) {
			t.Errorf("%s: packed hash %s, DocHash %s: an index would take every packed document for changed", d.ID, hash, DocHash(d))
		}
		back, err := UnpackDoc(p)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if !reflect.DeepEqual(back, d) {
			t.Errorf("%s: unpacked %+v, want %+v", d.ID, back, d)
		}
		if DocHash(back) != hash {
			t.Errorf("%s: the unpacked document hashes differently", d.ID)
		}
	}
	if _, err := UnpackDoc([]byte("not snappy at all")); err == nil {
		t.Error("damaged bytes unpacked without an error")
	}
}

// TestPackDocIsSmaller checks what packing is for: a document's texts held
// in less memory than their own bytes.
func TestPackDocIsSmaller(t *testing.T) {
	var tr, ru []Para
	for i := range 40 {
		tr = append(tr, Para{N: i + 1, Text: strings.Repeat("The delegation of the government discussed the oil concession. ", 6)})
		ru = append(ru, Para{N: i + 1, Text: strings.Repeat("Делегация правительства обсуждала нефтяную концессию. ", 6)})
	}
	d := &Doc{ID: "long", Translation: tr, Original: ru}
	text := 0
	for i := range tr {
		text += len(tr[i].Text) + len(ru[i].Text)
	}
	p, _ := PackDoc(d)
	if len(p) > text/2 {
		t.Errorf("packed %d bytes for %d bytes of text: not worth holding packed", len(p), text)
	}
}
