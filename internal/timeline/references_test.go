package timeline

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

func TestReferencesShipped(t *testing.T) {
	c, _ := shipped(t)
	tests := []struct {
		iso  string
		want []string // Reference.String()
	}{
		{"1945-11-24", nil},
		{"1946-04-12", nil},
		{"1946-04-20", nil},
		{"1946-12-02", []string{
			// № 172 is only in the Russian: the translation drops the number.
			"refers to cipher telegram No 172 of 28 November (not in the collection)",
			"refers to cipher telegram No 215 of 30 November (not in the collection)",
			"bears the number 40-41,42,43",
		}},
		{"1946-12-09", []string{"bears the number 3691-3692/538"}},
	}
	for _, tt := range tests {
		t.Run(tt.iso, func(t *testing.T) {
			var got []string
			for _, r := range References(c.Docs, byDate(t, c, tt.iso)) {
				got = append(got, r.String())
				if r.InCollection() {
					t.Errorf("%s linked to %s", r.Number, r.Target.ID)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("references\n got %q\nwant %q", got, tt.want)
			}
		})
	}

	// No 215 is in both languages and merged into one reference.
	refs := References(c.Docs, byDate(t, c, "1946-12-02"))
	var r215 Reference
	for _, r := range refs {
		if r.Number == "215" {
			r215 = r
		}
	}
	var langs []string
	for _, m := range r215.Mentions {
		langs = append(langs, m.Lang)
	}
	if !slices.Equal(langs, []string{"en", "ru"}) {
		t.Fatalf("No 215 mentioned in %v, want en and ru", langs)
	}
	en, ru := r215.Mentions[0], r215.Mentions[1]
	if en.Text != "cipher telegram No 215 of 30 November" || en.Paragraph != 38 ||
		en.Sentence != "In this regard I completely share the point of view of Cde. Sadchikov laid out in his cipher telegram No 215 of 30 November." {
		t.Errorf("English mention %+v", en)
	}
	if ru.Text != "телеграмме от 30 ноября за № 215" || !strings.HasPrefix(ru.Sentence, "В этом отношении") {
		t.Errorf("Russian mention %+v", ru)
	}
}

func TestReferencesLink(t *testing.T) {
	bearer := doc(t, "bearer", "November 30, 1946", "Cipher telegram from Sadchikov", "",
		"We report that the talks have stopped for the time being.", "No 215")
	citer := doc(t, "citer", "December 2, 1946", "Message from Bagirov", "",
		"I share the view of Cde. Sadchikov laid out in his cipher telegram No 215 of 30 November.")
	other := doc(t, "other", "December 3, 1946", "Another message", "",
		"As the telegram No. 215 says, the danger is great.")
	listed := doc(t, "listed", "December 4, 1946", "A message sent in parts", "",
		"The text of the message runs over several cipher telegrams.", "[handwritten below: N 40-41,42,43]")
	part := doc(t, "part", "December 5, 1946", "A reply", "",
		"In reply to your telegram No 42 of 4 December we report the following.")
	russian := &archive.Document{ID: "russian", Title: "Russian", Date: date(t, "December 6, 1946"),
		Original: text("Russian", "ru", "В соответствии с шифротелеграммой товарища Деканозова от 28 ноября за № 215 мною были даны указания.")}
	docs := []*archive.Document{bearer, citer, other, listed, part, russian}

	get := func(d *archive.Document, number string) Reference {
		t.Helper()
		for _, r := range References(docs, d) {
			if r.Number == number {
				return r
			}
		}
		t.Fatalf("%s has no reference %s", d.ID, number)
		return Reference{}
	}
	r := get(citer, "215")
	if r.Target != bearer || r.Kind != "cipher telegram" || r.Date != "30 November" {
		t.Errorf("citation %+v", r)
	}
	if !strings.HasPrefix(r.String(), "refers to cipher telegram No 215 of 30 November: Cipher telegram from Sadchikov; also cited by Another message; Russian") {
		t.Errorf("String() = %q", r.String())
	}
	if b := get(bearer, "215"); b.Role != RoleBears || len(b.Also) != 3 {
		t.Errorf("the bearer is cited by %d documents, want 3: %+v", len(b.Also), b)
	}
	if rr := get(russian, "215"); rr.Date != "28 November" || rr.Target != bearer || rr.Mentions[0].Lang != "ru" {
		t.Errorf("Russian citation %+v", rr)
	}
	if p := get(part, "42"); p.Target != listed || p.Kind != "telegram" {
		t.Errorf("No 42 should find the document sent as N 40-41,42,43: %+v", p)
	}
	if l := get(listed, "40-41,42,43"); len(l.Also) != 1 || l.Also[0] != part {
		t.Errorf("listed is cited by %+v", l.Also)
	}
}

func TestNumberCovers(t *testing.T) {
	tests := []struct {
		own, cited string
		want       bool
	}{
		{"215", "215", true},
		{"215", "216", false},
		{"40-41,42,43", "41", true},
		{"40-41,42,43", "43", true},
		{"40-41,42,43", "44", false},
		{"3691-3692/538", "3692", true},
		{"3691-3692/538", "538", false},
		{"3691-3692/538", "3691-3692/538", true},
		{"40-41", "40-41,42", false},
	}
	for _, tt := range tests {
		if got := numberCovers(tt.own, tt.cited); got != tt.want {
			t.Errorf("numberCovers(%q, %q) = %v", tt.own, tt.cited, got)
		}
	}
}

func TestOwnNumber(t *testing.T) {
	tests := map[string]string{
		"No 3691-3692/538":                   "3691-3692/538",
		"[handwritten below: N 40-41,42,43]": "40-41,42,43",
		"№ 17.":                              "17",
		"✓ 40-41,42,43":                      "", // no number sign: a page or folio mark as much as a number
		"12 April 1946":                      "",
		"No one came.":                       "",
	}
	for in, want := range tests {
		got, ok := ownNumber(in)
		if got != want || ok != (want != "") {
			t.Errorf("ownNumber(%q) = %q, %v", in, got, ok)
		}
	}
}

// ownNumber turns a paragraph away by its last characters before running
// its expressions: never one that the expressions would take. Paragraphs
// are made of the pieces an own number is written with, labels, brackets,
// ticks, every kind of space and full stops, in random order.
func TestOwnNumberFirstTestKeepsEveryNumber(t *testing.T) {
	pieces := []string{"No", "No.", "Nr.", "N", "№", " ", "  ", "\t", "\u00a0", "\u2003", "\n", "[", "]", ".", "..", ",", "-", "–", "/",
		"3691", "17", "0", "40-41,42,43", "3691-3692/538", "✓", "√", "v ", "handwritten below:", "Telegram:", "Note: ", "a", "Б", "of 12 April", "1946"}
	rng := rand.New(rand.NewPCG(7, 19))
	found := 0
	for range 200000 {
		s := randomJoin(rng, pieces, 1, 7)
		want, wantOK := ownNumberOf(s)
		got, ok := ownNumber(s)
		if got != want || ok != wantOK {
			t.Fatalf("ownNumber(%q) = %q, %v; the expressions alone say %q, %v", s, got, ok, want, wantOK)
		}
		if ok {
			found++
		}
	}
	if found < 1000 {
		t.Errorf("only %d of the random paragraphs were own numbers: the test does not try the first test", found)
	}
}

// collapse gives what strings.Join(strings.Fields(s), " ") gives, for
// strings of every kind of space, letters and nothing.
func TestCollapseAsFieldsJoin(t *testing.T) {
	pieces := []string{"", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u0085", "a", "Б", "word", "два слова", ".", "\u200b"}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 100000 {
		s := randomJoin(rng, pieces, 0, 8)
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
}

// randomJoin joins from least up to below least+n of pieces, chosen at
// random.
func randomJoin(rng *rand.Rand, pieces []string, least, n int) string {
	var b strings.Builder
	for range least + rng.IntN(n) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}
