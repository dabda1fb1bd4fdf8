package entity

import (
	"slices"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

// TestUncoveredShipped checks the curator's list on the shipped collection:
// no real person or place is left in it, and what is left are the
// organisations and institutions the records leave out by design.
func TestUncoveredShipped(t *testing.T) {
	a, c := loadShipped(t)
	got := a.Uncovered(c.Docs)
	words := map[string]Uncovered{}
	for _, u := range got {
		words[u.Word] = u
		if u.Count == 0 || len(u.Docs) == 0 {
			t.Errorf("%q: count %d in %v", u.Word, u.Count, u.Docs)
		}
		if rs := a.Read(u.Word); len(rs) > 0 && rs[0].Exact {
			t.Errorf("%q is listed but is a form of %s", u.Word, rs[0].Record.ID)
		}
	}
	// Real names of the documents, some only in odd forms or places.
	for _, name := range []string{
		"Pishevari", "Pishevvari", "Пашевери", "Qavam", "Кавам", "Кавем", "Bagirov", "Батиров", "Maslennikov",
		"Мазенников", "Stalin", "Beria", "Tabriz", "Тавризе", "Zanzan", "Usku", "Уску", "Margara", "Марага",
		"Humayun", "Хумаюн", "Darakhshami", "Дарахшани", "Farzane", "Savari", "Azat", "Kuliyev", "Kupryazhina",
		"Korshunova", "Шериф", "Шерифу", "Shabustari", "Padegan", "Пале", "Javid", "Джавил", "Daneshyan",
		"Iskandari", "Imami", "Zul’fugari", "Yemel’yanov", "Ibragimov", "Gasanov", "Atakishiyev", "Саадикову",
		"Qashqai", "Bakhtiaris", "Ahvaz", "Araks", "Аракса", "Khams", "Хансе", "Kurdistan", "Bokeran", "Бокан",
		"Serdesht", "Тикаба", "Шахиндедж", "Astara", "Астара", "Gilan", "Гилянской", "Greece", "Indonesia",
		"Egypt", "India", "Britain", "Near", "East", "Reza", "Shah", "Moscow", "МОСКВА", "Baku", "Тетераном",
		// Adjectives derived from names are not names.
		"Iranian", "Azerbaijani", "Azerbaijanis", "Иранскому", "Азербайджанской", "Ускинские", "Soviet",
	} {
		if u, ok := words[name]; ok {
			t.Errorf("%q is listed as uncovered, in %v", name, u.Docs)
		}
	}
	// What remains. A new word here is either a name that needs a record
	// (add it to documents/*.toml) or a word to judge for the stop list.
	// What is left are the fragments of handwritten marks and an OCR slip
	// at the start of lines of the Russian originals.
	want := []string{"Вел", "Мож", "Пер", "Проз", "Четирем"}
	var gotWords []string
	for _, u := range got {
		gotWords = append(gotWords, u.Word)
	}
	if !slices.Equal(gotWords, want) {
		t.Errorf("Uncovered:\n got %q\nwant %q", gotWords, want)
	}
	// Organisations and glossary terms are covered now: no Majlis,
	// Security Council, VCh or ОПС.
	for _, w := range []string{"Majlis", "Security", "Council", "VCh", "ОПС", "Учредительным", "Party", "The", "Summary"} {
		if _, ok := words[w]; ok {
			t.Errorf("%q is listed", w)
		}
	}
}

// TestUncoveredRules runs the rules on made-up documents.
func TestUncoveredRules(t *testing.T) {
	a, _ := loadShipped(t)
	docs := []*archive.Document{
		english("one",
			"Colonel Zarrinkafsh met Qavam in Tabriz on 3 May.",
			"Zarrinkafsh left. Ordinary words stay out, and so do the Iranian and Soviet officials.",
			"Sentence starts say nothing. Yesterday it rained! Tomorrow too? “Quoted” words and [Bracketed] ones.",
			"Initials are not sentence ends: Cde. M. D. Bagirov and Cde. Mirzoyan."),
		english("two", "The report names Zarrinkafsh again, and [Handwritten] notes."),
		{ID: "three", Title: "Letter From Nowhere", Original: archive.Text{Code: "ru", Paragraphs: []archive.Paragraph{
			{N: 1, Kind: archive.KindText, Lines: []string{"Товарищ ЗАРРИНКАФШ прибыл в Тавриз к Вашему представителю Гулямову."}},
			{N: 0, Kind: archive.KindMark, Lines: []string{"Штамп Канцелярии"}},
		}}},
	}
	got := map[string]Uncovered{}
	for _, u := range a.Uncovered(docs) {
		got[u.Word] = u
	}
	want := map[string]Uncovered{
		"Zarrinkafsh": {Word: "Zarrinkafsh", Script: ScriptLatin, Count: 3, Docs: []string{"one", "two"}},
		"Mirzoyan":    {Word: "Mirzoyan", Script: ScriptLatin, Count: 1, Docs: []string{"one"}},
		"ЗАРРИНКАФШ":  {Word: "ЗАРРИНКАФШ", Script: ScriptCyrillic, Count: 1, Docs: []string{"three"}},
		"Гулямову":    {Word: "Гулямову", Script: ScriptCyrillic, Count: 1, Docs: []string{"three"}},
	}
	for w, u := range want {
		if g, ok := got[w]; !ok || g.Script != u.Script || g.Count != u.Count || !slices.Equal(g.Docs, u.Docs) {
			t.Errorf("%q: got %+v, want %+v", w, g, u)
		}
	}
	for w := range got {
		if _, ok := want[w]; !ok {
			t.Errorf("%q is listed, and should not be", w)
		}
	}
}

// TestUncoveredWhereverTheyStand checks, on invented texts, that a name no
// record covers is listed at the start of a paragraph or a sentence, in a
// title and after a bracket, with the records it is close to, while the
// ordinary words that stand there are not.
func TestUncoveredWhereverTheyStand(t *testing.T) {
	a, _ := loadShipped(t)
	docs := []*archive.Document{
		english("one",
			"Zarrinkafsh arrived yesterday.",
			"Besides, the governor left. Kalantari met him. Increased patrols were seen.",
			"The council [Mahmudov] signed; “Pishavary” replied.",
			"Pishewarie wrote again."),
		{ID: "two", Title: "Letter of Gholamreza Niknam", Original: archive.Text{Code: "ru", Paragraphs: []archive.Paragraph{
			{N: 1, Kind: archive.KindText, Lines: []string{"Превратили Тавриз в крепость. Сочувствие растет. Мамедханлы прибыл."}},
		}}},
	}
	got := map[string]Uncovered{}
	for _, u := range a.Uncovered(docs) {
		got[u.Word] = u
	}
	for _, w := range []string{"Zarrinkafsh", "Kalantari", "Mahmudov", "Gholamreza", "Niknam", "Мамедханлы", "Pishewarie", "Pishavary"} {
		if _, ok := got[w]; !ok {
			t.Errorf("%q is not listed", w)
		}
	}
	for _, w := range []string{"Besides", "The", "Increased", "Letter", "Превратили", "Сочувствие"} {
		if _, ok := got[w]; ok {
			t.Errorf("%q is listed", w)
		}
	}
	// A spelling no record lists is no mention, even one that search
	// reads as the name: it is a lead for a variant.
	for _, w := range []string{"Pishewarie", "Pishavary"} {
		if u := got[w]; len(u.Close) == 0 || u.Close[0].Record.ID != "pishevari" {
			t.Errorf("%s is close to %v, want pishevari", w, u.Close)
		}
	}
	if u := got["Zarrinkafsh"]; len(u.Close) != 0 {
		t.Errorf("Zarrinkafsh is close to %v", u.Close)
	}
}
