package entity

import (
	"slices"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

// The shipped documents, by their stable IDs.
const (
	docNov1945 = "1945-11-24-telegram-from-baku-to-moscow-m-d-bagriov-and-i-i-maslennikov-to-cdes-stalin-molotov-beria-and-malenkov"
	docApr12   = "1946-04-12-telegram-from-the-cc-cp-of-azerbaijan-to-m-d-bagirov-on-the-soviet-iranian-agreement"
	docApr20   = "1946-04-20-letter-from-bagirov-to-stalin-and-molotov-about-qavam-delaying-talks-with-the-iranian-azerbaijani-government"
	docDec2    = "1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats"
	docDec9    = "1946-12-09-memo-via-a-telegraph-message-from-tabriz"
)

func TestMentionsPerDocument(t *testing.T) {
	a, c := loadShipped(t)
	want := map[string][]string{
		docNov1945: {"ardabil", "astara", "azarshahr", "bagirov", "baku", "beria", "derakhshani", "farzane",
			"founding-congress", "gilan", "humayun", "iran", "iranian-azerbaijan", "iranian-gendarmerie",
			"iranian-government", "iranian-majlis", "malenkov", "maragheh", "maslennikov", "mianeh",
			"mohammad-reza-pahlavi", "molotov", "moscow", "musin-azat", "osku", "rasht", "stalin", "tabriz", "tehran",
			"tudeh", "yahya-pur-savari", "zanjan"},
		docApr12: {"atakishiyev", "azerbaijan-ssr", "bagirov", "cc-cpb-azerbaijan", "egypt", "gasanov", "greece",
			"ibragimov", "india", "indonesia", "iran", "iranian-azerbaijan", "iranian-government", "moscow",
			"national-government", "nkgb-mgb", "soviet-government", "tabriz", "tehran", "un-security-council", "ussr"},
		// Iran is named here only in "правительство Ирана", the government.
		docApr20: {"bagirov", "bukan", "iranian-azerbaijan", "iranian-gendarmerie", "iranian-government",
			"korshunova", "kupryazhina", "maslennikov", "molotov", "national-government", "pishevari", "qavam", "qazvin", "sadchikov", "saqqez", "sardasht", "shahin-dezh", "sherif",
			"stalin", "tabriz", "takab", "tehran"},
		docDec2: {"adp", "aras", "azerbaijan-ssr", "bagirov", "cc-vkpb", "dekanozov", "iran", "iranian-azerbaijan",
			"iranian-gendarmerie", "iranian-government", "iranian-majlis", "javid", "khamseh", "kurdistan", "molotov",
			"moscow", "national-government", "national-majlis", "padegan", "pishevari", "qavam", "qazvin", "rasht", "sadchikov",
			"shabestari", "stalin", "tabriz", "tehran", "ussr", "zanjan"},
		docDec9: {"adp", "ahvaz", "azerbaijan-ssr", "bakhtiari", "britain", "daneshian", "emami", "eskandari", "greece",
			"indonesia", "iran", "iranian-azerbaijan", "iranian-government", "javid", "kuliyev", "national-government",
			"near-east", "nkgb-mgb", "padegan", "pishevari", "qashqai", "qavam", "reza-shah", "shabestari", "soviet-government",
			"tabriz", "tehran", "un-security-council", "ussr", "yemelyanov", "zanjan", "zolfaghari"},
	}
	if len(c.Docs) != len(want) {
		t.Fatalf("the collection has %d documents, the test knows %d", len(c.Docs), len(want))
	}
	for _, d := range c.Docs {
		w, ok := want[d.ID]
		if !ok {
			t.Errorf("unexpected document %s", d.ID)
			continue
		}
		if got := IDs(a.Mentions(d)); !slices.Equal(got, w) {
			t.Errorf("%s:\n got %v\nwant %v", d.ID, got, w)
		}
	}
	// Every person and place record names someone or something in the
	// collection; organisations are kept for the archive's further pages.
	seen := map[string]bool{}
	for _, ids := range want {
		for _, id := range ids {
			seen[id] = true
		}
	}
	for _, r := range a.Records() {
		if !seen[r.ID] && r.Kind != KindOrganisation {
			t.Errorf("record %s is mentioned in no document", r.ID)
		}
	}
}

// TestMentionForms pins the exact forms of a few mentions: the spellings that
// differ between the two texts of a document, OCR slips, initials, case
// endings and possessives.
func TestMentionForms(t *testing.T) {
	a, _ := loadShipped(t)
	tests := []struct {
		doc, field, id, form, variant string
	}{
		{docDec2, FieldTranslation, "pishevari", "Pishevvari", "Pishevvari"},
		{docDec2, FieldOriginal, "pishevari", "Пашевери", "Пашевери"},
		{docDec2, FieldOriginal, "bagirov", "Батиров", "Батиров"},
		{docDec2, FieldOriginal, "bagirov", "И. Д. Багиров", "Багиров"},
		{docDec2, FieldOriginal, "qavam", "Кавем", "Кавем"},
		{docDec2, FieldOriginal, "padegan", "Пале ган", "Пале ган"},
		{docDec2, FieldOriginal, "javid", "Джавил", "Джавил"},
		{docDec2, FieldOriginal, "tehran", "Тетераном", "Тетеран"},
		{docDec2, FieldOriginal, "sadchikov", "Саадиева", "Саадиев"},
		{docDec2, FieldOriginal, "azerbaijan-ssr", "северного Азербайджана", "Северный Азербайджан"},
		{docDec2, FieldOriginal, "ussr", "Советского Союза", "Советский Союз"},
		{docDec2, FieldOriginal, "khamseh", "Хансе", "Хансе"},
		{docDec2, FieldTranslation, "zanjan", "Zanzan", "Zanzan"},
		{docDec2, FieldTranslation, "molotov", "Molotov's", "Molotov"},
		{docDec2, FieldNote, "molotov", "Molotov's", "Molotov"},
		{docNov1945, FieldTitle, "bagirov", "M.D. Bagriov", "Bagriov"},
		{docNov1945, FieldOriginal, "bagirov", "М.Д.БАГИРОВ", "Багиров"},
		{docNov1945, FieldOriginal, "maslennikov", "И.И.МАСЛЕННИКОВ", "Масленников"},
		{docNov1945, FieldOriginal, "stalin", "СТАЛИНУ", "Сталин"},
		{docNov1945, FieldOriginal, "beria", "БЕРИЯ", "Берия"},
		{docNov1945, FieldOriginal, "tabriz", "Тавризе", "Тавриз"},
		{docNov1945, FieldOriginal, "gilan", "Гилянской провинции", "Гилянская провинция"},
		{docNov1945, FieldOriginal, "astara", "Иранская Астара", "Иранская Астара"},
		{docNov1945, FieldOriginal, "mohammad-reza-pahlavi", "шаху", "шах"},
		{docNov1945, FieldTranslation, "maragheh", "Margara", "Margara"},
		{docNov1945, FieldSummary, "derakhshani", "Darakhshami", "Darakhshami"},
		{docApr20, FieldOriginal, "qavam", "Кавама", "Кавам"},
		{docApr20, FieldOriginal, "maslennikov", "И.И.МАЗЕННИКОВ", "Мазенников"},
		{docApr20, FieldOriginal, "sherif", "О. Шериф", "Шериф"},
		{docApr20, FieldOriginal, "molotov", "Молотову", "Молотов"},
		{docApr20, FieldTranslation, "shahin-dezh", "Sha'in Dezh", "Sha'in Dezh"},
		{docApr20, FieldTranslation, "bukan", "Bokeran", "Bokeran"},
		{docApr12, FieldNote, "atakishiyev", "Atakishiyev", "Atakishiyev"},
		{docDec9, FieldTranslation, "qavam", "Qavam’s", "Qavam"},
		{docDec9, FieldTranslation, "reza-shah", "Reza Shah", "Reza Shah"},
		{docDec9, FieldTranslation, "zolfaghari", "Zul’fugari", "Zul'fugari"},
		{docDec9, FieldTranslation, "yemelyanov", "Yemel’yanov", "Yemel'yanov"},
	}
	for _, tt := range tests {
		ms := a.Mentions(doc(t, tt.doc))
		ok := slices.ContainsFunc(ms, func(m Mention) bool {
			return m.Field == tt.field && m.ID == tt.id && m.Form == tt.form && m.Variant == tt.variant
		})
		if !ok {
			t.Errorf("%s: no %s mention of %s as %q (variant %q)", tt.doc, tt.field, tt.id, tt.form, tt.variant)
		}
	}
}

// TestMentionPositions checks, on every shipped document, that each
// mention's offsets cut its form out of the string it names, that mentions
// are in field and text order, and that none overlap.
func TestMentionPositions(t *testing.T) {
	a, c := loadShipped(t)
	fieldOrder := map[string]int{FieldTitle: 0, FieldSummary: 1, FieldTranslation: 2, FieldOriginal: 3, FieldNote: 4}
	for _, d := range c.Docs {
		ms := a.Mentions(d)
		for i, m := range ms {
			var s string
			switch m.Field {
			case FieldTitle:
				s = d.Title
			case FieldSummary:
				s = d.Summary
			case FieldTranslation, FieldOriginal:
				text := d.Translation
				if m.Field == FieldOriginal {
					text = d.Original
				}
				p := text.Paragraphs[m.ParaIndex]
				if p.N != m.Paragraph {
					t.Errorf("%s: mention %d: Paragraph %d, but paragraph %d has N %d", d.ID, i, m.Paragraph, m.ParaIndex, p.N)
				}
				s = p.Lines[m.Line]
			case FieldNote:
				s = d.Notes[m.Note].Text
			default:
				t.Fatalf("%s: unknown field %q", d.ID, m.Field)
			}
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End || s[m.Start:m.End] != m.Form {
				t.Errorf("%s: mention %d (%s %q) does not cut [%d:%d] of %q", d.ID, i, m.ID, m.Form, m.Start, m.End, s)
			}
			if i == 0 {
				continue
			}
			p := ms[i-1]
			pos := func(m Mention) []int {
				return []int{fieldOrder[m.Field], m.ParaIndex, m.Line, m.Note, m.Start}
			}
			if slices.Compare(pos(p), pos(m)) >= 0 {
				t.Errorf("%s: mention %d (%s %q) is not after mention %d (%s %q)", d.ID, i, m.ID, m.Form, i-1, p.ID, p.Form)
			}
			same := p.Field == m.Field && p.ParaIndex == m.ParaIndex && p.Line == m.Line && p.Note == m.Note
			if same && p.End > m.Start {
				t.Errorf("%s: mentions %q and %q overlap", d.ID, p.Form, m.Form)
			}
		}
	}
}

// TestInflections runs the Russian case endings, capitals, initials and the
// English possessive through Find.
func TestInflections(t *testing.T) {
	a, _ := loadShipped(t)
	tests := []struct {
		text string
		want []string
	}{
		{"Кавам", []string{"qavam:Кавам"}},
		{"нажим на Кавама", []string{"qavam:Кавама"}},
		{"указания Каваму", []string{"qavam:Каваму"}},
		{"переговоры с Кавамом", []string{"qavam:Кавамом"}},
		{"о Каваме", []string{"qavam:Каваме"}},
		{"КАВАМ оттягивает", []string{"qavam:КАВАМ"}},
		{"Тавриз, Тавриза, Тавризе", []string{"tabriz:Тавриз", "tabriz:Тавриза", "tabriz:Тавризе"}},
		{"в Зенджан и в Зенджане", []string{"zanjan:Зенджан", "zanjan:Зенджане"}},
		{"ИЗ БАКУ в Баку", []string{"baku:БАКУ", "baku:Баку"}},
		{"т.т.СТАЛИНУ, МОЛОТОВУ, БЕРИЯ, МАЛЕНКОВУ", []string{"stalin:СТАЛИНУ", "molotov:МОЛОТОВУ", "beria:БЕРИЯ", "malenkov:МАЛЕНКОВУ"}},
		{"с Берией", []string{"beria:Берией"}},
		{"М.Д.БАГИРОВ", []string{"bagirov:М.Д.БАГИРОВ"}},
		{"И. И. Масленникову", []string{"maslennikov:И. И. Масленникову"}},
		{"товарищем Багировым", []string{"bagirov:Багировым"}},
		{"из Москвы в Москву", []string{"moscow:Москвы", "moscow:Москву"}},
		{"в Ардебиле", []string{"ardabil:Ардебиле"}},
		{"в Индии", []string{"india:Индии"}},
		{"из Египта", []string{"egypt:Египта"}},
		{"на Шахиндедж и Шахиндеджем", []string{"shahin-dezh:Шахиндедж", "shahin-dezh:Шахиндеджем"}},
		{"в Иранском Азербайджане", []string{"iranian-azerbaijan:Иранском Азербайджане"}},
		{"Ёжиков в Тавризе", []string{"tabriz:Тавризе"}},
		{"Qavam's agents and Qavam’s wishes", []string{"qavam:Qavam's", "qavam:Qavam’s"}},
		{"PISHEVARI, Pishevvari, pishevari", []string{"pishevari:PISHEVARI", "pishevari:Pishevvari", "pishevari:pishevari"}},
		{"Cde. M. D. Bagirov", []string{"bagirov:M. D. Bagirov"}},
		{"Dr. Javid", []string{"javid:Javid"}},
		{"Qavām", []string{"qavam:Qavām"}},
		{"С<sup>ъ</sup>ездом в Тав<sup></sup>ризе", []string{"tabriz:Тав<sup></sup>ризе"}},
		// A Latin "a" and "e" typed into a Cyrillic word, as OCR does.
		{"в Тaвризe", []string{"tabriz:Тaвризe"}},
	}
	for _, tt := range tests {
		if got := found(a, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q):\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

// TestNoFalseHits lists ordinary words, adjectives and look-alikes that must
// not be read as names.
func TestNoFalseHits(t *testing.T) {
	a, _ := loadShipped(t)
	for _, text := range []string{
		// Whole words only: a name inside a longer word is not a mention.
		"бакунин", "бакинский", "Бакунин", "шахта", "шахматы", "Сталинград", "сталь", "маленький",
		"Иранец", "ирано-советский", "Тавризов", "берег", "индиго", "Решетников", "Уськов",
		// Derived adjectives and words for inhabitants name no place.
		"Iranian", "Azerbaijani", "Azerbaijanis", "Indian", "Egyptian", "Indonesian", "Soviet", "British",
		"иранский", "тавризской",
		"Ускинские", "азербайджанцы", "Советского государства", "московский",
		// Part of a name only: Reza is Reza Shah, Dezh is Shahin Dezh.
		"Reza", "Dezh", "Pur", "Soviet-Iranian", "Union",
		// Words of several words must be adjacent.
		"Soviet. Union", "Near, East", "Пале. ган",
		// Initials are not names.
		"M. D.", "О.",
	} {
		if got := found(a, text); len(got) > 0 {
			t.Errorf("Find(%q) = %q, want nothing", text, got)
		}
	}
}

// TestLongestMatch checks that where forms overlap the longest wins, and
// that a NotIn phrase cancels only its own record.
func TestLongestMatch(t *testing.T) {
	a, _ := loadShipped(t)
	tests := []struct {
		text string
		want []string
	}{
		{"the dictatorship of Reza Shah", []string{"reza-shah:Reza Shah"}},
		{"sent to the Shah", []string{"mohammad-reza-pahlavi:Shah"}},
		{"Реза-шах и шах", []string{"reza-shah:Реза-шах", "mohammad-reza-pahlavi:шах"}},
		{"city of Astara, Iran", []string{"astara:Astara", "iran:Iran"}},
		{"Iranian Azerbaijan and Azerbaijan SSR", []string{"iranian-azerbaijan:Iranian Azerbaijan", "azerbaijan-ssr:Azerbaijan SSR"}},
		{"Gilan Province and Gilan", []string{"gilan:Gilan Province", "gilan:Gilan"}},
		// An organisation's name holds a place's name, which is no mention
		// of the place.
		{"CC CP of Azerbaijan in Baku", []string{"cc-cpb-azerbaijan:CC CP of Azerbaijan", "baku:Baku"}},
		{"the Azerbaijan Democratic Party in Azerbaijan", []string{"adp:Azerbaijan Democratic Party", "iranian-azerbaijan:Azerbaijan"}},
		{"CC CP(b) of Azerbaijan", []string{"cc-cpb-azerbaijan:CC CP(b) of Azerbaijan"}},
		// A mention takes in the forenames and patronymic before it, and
		// only the person's own.
		{"Joseph Stalin said", []string{"stalin:Joseph Stalin"}},
		{"Иосифу Виссарионовичу Сталину", []string{"stalin:Иосифу Виссарионовичу Сталину"}},
		{"wrote Mir Jafar Bagirov", []string{"bagirov:Mir Jafar Bagirov"}},
		{"Ivan Stalin", []string{"stalin:Stalin"}},
		{"Joseph, Stalin", []string{"stalin:Stalin"}},
		// A form that ends in a bracket takes the text's bracket.
		{"ЦК ВКП(б) товарищу", []string{"cc-vkpb:ЦК ВКП(б)"}},
		{"the CC VCP(b), and", []string{"cc-vkpb:CC VCP(b)"}},
		{"MVD Border Troops of the Azerbaijan District", []string{"azerbaijan-border-district:MVD Border Troops of the Azerbaijan District"}},
		{"the newspaper Azerbaijan wrote", []string{"newspaper-azerbaijan:newspaper Azerbaijan"}},
		{"в газете «Азербайджан»", []string{"newspaper-azerbaijan:газете «Азербайджан"}},
		{"ЦК КП(б) Азербайджана и Тавриз", []string{"cc-cpb-azerbaijan:ЦК КП(б) Азербайджана", "tabriz:Тавриз"}},
		{"Национальному правительству Иранского Азербайджана", []string{"national-government:Национальному правительству Иранского Азербайджана"}},
		{"иранскому правительству", []string{"iranian-government:иранскому правительству"}},
		{"правительство Ирана и Иран", []string{"iranian-government:правительство Ирана", "iran:Иран"}},
		{"Azerbaijani Democratic Party, Azərbaycan Demokrat Firqəsi", []string{"adp:Azerbaijani Democratic Party", "adp:Azərbaycan Demokrat Firqəsi"}},
	}
	for _, tt := range tests {
		if got := found(a, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q):\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

// TestMentionFields builds a document with every field and checks where each
// mention is reported.
func TestMentionFields(t *testing.T) {
	a, _ := loadShipped(t)
	d := &archive.Document{
		ID:      "test",
		Title:   "Bagirov to Stalin",
		Summary: "About Qavam.",
		Translation: archive.Text{Code: "en", Paragraphs: []archive.Paragraph{
			{N: 0, Kind: archive.KindMark, Lines: []string{"Tabriz stamp"}},
			{N: 1, Kind: archive.KindText, Lines: []string{"First line.", "From Tehran to Baku."}},
		}},
		Original: archive.Text{Code: "ru", Paragraphs: []archive.Paragraph{
			{N: 1, Kind: archive.KindText, Lines: []string{"Из Тегерана в Баку."}},
		}},
		Notes: []archive.Note{{Text: "See Moscow."}, {Text: "Nothing."}, {Text: "And Tabriz."}},
	}
	got := a.Mentions(d)
	want := []Mention{
		{ID: "bagirov", Field: FieldTitle, Start: 0, End: 7, Form: "Bagirov", Variant: "Bagirov"},
		{ID: "stalin", Field: FieldTitle, Start: 11, End: 17, Form: "Stalin", Variant: "Stalin"},
		{ID: "qavam", Field: FieldSummary, Start: 6, End: 11, Form: "Qavam", Variant: "Qavam"},
		{ID: "tabriz", Field: FieldTranslation, Paragraph: 0, ParaIndex: 0, Start: 0, End: 6, Form: "Tabriz", Variant: "Tabriz"},
		{ID: "tehran", Field: FieldTranslation, Paragraph: 1, ParaIndex: 1, Line: 1, Start: 5, End: 11, Form: "Tehran", Variant: "Tehran"},
		{ID: "baku", Field: FieldTranslation, Paragraph: 1, ParaIndex: 1, Line: 1, Start: 15, End: 19, Form: "Baku", Variant: "Baku"},
		{ID: "tehran", Field: FieldOriginal, Paragraph: 1, Start: 5, End: 21, Form: "Тегерана", Variant: "Тегеран"},
		{ID: "baku", Field: FieldOriginal, Paragraph: 1, Start: 25, End: 33, Form: "Баку", Variant: "Баку"},
		{ID: "moscow", Field: FieldNote, Note: 0, Start: 4, End: 10, Form: "Moscow", Variant: "Moscow"},
		{ID: "tabriz", Field: FieldNote, Note: 2, Start: 4, End: 10, Form: "Tabriz", Variant: "Tabriz"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Mentions:\n got %+v\nwant %+v", got, want)
	}
}

func TestIDs(t *testing.T) {
	ms := []Mention{{ID: "tabriz"}, {ID: "baku"}, {ID: "tabriz"}}
	if got := IDs(ms); strings.Join(got, ",") != "baku,tabriz" {
		t.Errorf("IDs = %v", got)
	}
	if got := IDs(nil); got != nil {
		t.Errorf("IDs(nil) = %v, want nil", got)
	}
}

// TestOrganisationFormsHoldNoPlace finds every form of every organisation
// in a sentence of its own: it is one mention of the organisation, and the
// place its name may hold (Azerbaijan, Iran, Tehran) is no mention.
func TestOrganisationFormsHoldNoPlace(t *testing.T) {
	a, _ := loadShipped(t)
	for _, r := range a.Organisations() {
		for _, f := range r.forms() {
			for _, text := range []string{f, "They wrote to the " + f + " at once.", "Сообщили " + f + "."} {
				got := a.Find(text)
				if len(got) != 1 || got[0].ID != r.ID {
					t.Errorf("Find(%q) = %v, want one mention of %s", text, got, r.ID)
				}
			}
		}
	}
}
