package align

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// The fixtures below are invented: the people, places, events and wording
// exist only here. They take the shapes the archive's documents take.

// invented is an authority of invented people and places, in both scripts.
const inventedPeople = `
[[person]]
id = "ostrovsky"
name = "Ostrovsky"
description = "Invented addressee."
source = "Test fixture."
variants = [{ form = "Островский" }]

[[person]]
id = "karimov"
name = "Karimov"
description = "Invented detachment commander."
source = "Test fixture."
variants = [{ form = "Каримов" }]

[[person]]
id = "lebedev"
name = "Lebedev"
description = "Invented signatory."
source = "Test fixture."
variants = [{ form = "Лебедев" }]
`

const inventedPlaces = `
[[place]]
id = "zarinabad"
name = "Zarinabad"
kind = "town"
lat = 37.5
lon = 46.5
variants = [{ form = "Заринабад" }]
`

func inventedAuthority(t *testing.T) *entity.Authority {
	t.Helper()
	a, err := entity.Load(fstest.MapFS{
		"people.toml": {Data: []byte(inventedPeople)},
		"places.toml": {Data: []byte(inventedPlaces)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// text builds a text from paragraphs; one that starts with "~" is a page
// mark, and "\n" separates a paragraph's lines.
func text(lang string, paras []string) archive.Text {
	t := archive.Text{Code: lang}
	n := 0
	for _, p := range paras {
		kind, num := archive.KindText, 0
		if strings.HasPrefix(p, "~") {
			kind, p = archive.KindMark, p[1:]
		} else {
			n++
			num = n
		}
		t.Paragraphs = append(t.Paragraphs, archive.Paragraph{N: num, Kind: kind, Lines: strings.Split(p, "\n")})
	}
	return t
}

func fixture(en, ru []string) *archive.Document {
	return &archive.Document{ID: "fixture", Translation: text("en", en), Original: text("ru", ru)}
}

// render writes groups compactly: "1=1 2=2,3 -=4", translation first,
// without marking curated groups.
func render(gs []Group) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.compact()
	}
	return strings.Join(parts, " ")
}

// A letter whose paragraphs the translation merges and splits.
var (
	letterRU = []string{
		"Докладываю о положении в районе Заринабада на 10 мая.",
		"Урожай пшеницы в этом году ожидается ниже прошлогоднего почти вдвое. Крестьяне северных деревень жалуются на засуху и на отсутствие семян, которые им обещали ещё осенью.",
		"Местный губернатор вывез из города весь запас зерна, оставив лишь небольшую часть для армии.",
		"~- 2 -",
		"Железная дорога между Заринабадом и Кушабадом не работает с 2 мая: мост у станции Дарьян разрушен паводком, а ремонтная бригада до сих пор не прибыла. Грузы перевозят на верблюдах, и дорога занимает шесть суток вместо одних.",
		"Островский встретился с представителями рабочих табачной фабрики. Они требуют повышения заработной платы на 30 процентов и восьмичасового рабочего дня.",
		"Настроение населения в целом спокойное.",
		"Прошу ваших указаний о дальнейших действиях.",
		"Н. ЛЕБЕДЕВ",
	}
	letterEN = []string{
		"I report on the situation in the Zarinabad area as of 10 May.",
		"The wheat harvest this year is expected to be almost half of last year's. Peasants of the northern villages complain of the drought and of the lack of seed, which they were promised back in the autumn. The local governor has taken the whole stock of grain out of the city, leaving only a small part for the army.",
		"The railway between Zarinabad and Kushabad has not been working since 2 May: the bridge near Daryan station was destroyed by a flood, and the repair crew has still not arrived.",
		"Goods are being carried by camel, and the journey takes six days instead of one.",
		"Ostrovsky met with representatives of the workers of the tobacco factory. They demand a 30 percent raise in wages and an eight-hour working day.",
		"The mood of the population is calm on the whole.",
		"I request your instructions about further actions.",
		"N. Lebedev",
	}
)

func TestAlignFixtures(t *testing.T) {
	auth := inventedAuthority(t)
	cases := []struct {
		name   string
		en, ru []string
		want   string
	}{
		{
			name: "merged and split paragraphs",
			en:   letterEN, ru: letterRU,
			want: "1=1 2=2,3 3,4=4 5=5 6=6 7=7 8=8",
		},
		{
			name: "translation of the first part only (missing tail)",
			en:   letterEN[:5], ru: letterRU,
			want: "1=1 2=2,3 3,4=4 5=5 -=6 -=7 -=8",
		},
		{
			name: "translation without the opening paragraphs",
			en:   letterEN[2:], ru: letterRU,
			want: "-=1 -=2 -=3 1,2=4 3=5 4=6 5=7 6=8",
		},
		{
			name: "address lines and a registration stamp only in the original",
			en: []string{
				"To Cde. Ostrovsky",
				"I report that on 14 March 300 soldiers armed with rifles and two machine guns arrived in Zarinabad. The local authorities met them without resistance.",
				"Karimov told our representative that he would not permit the disarming of the detachments before 1 April.",
				"Request instructions.",
				"N. Lebedev",
				"15 March 1946",
			},
			ru: []string{
				"~Сов. секретно",
				"Экз. № 3",
				"МОСКВА, КРЕМЛЬ",
				"Товарищу ОСТРОВСКОМУ",
				"Сообщаю, что 14 марта в Заринабад прибыли 300 солдат, вооруженных винтовками и двумя пулеметами. Местные власти встретили их без сопротивления.",
				"Каримов заявил нашему представителю, что не допустит разоружения отрядов до 1 апреля.",
				"~- 2 -",
				"Прошу указаний.",
				"Н.ЛЕБЕДЕВ",
				"15 марта 1946 г.",
			},
			want: "-=1 -=2 1=3 2=4 3=5 4=6 5=7 6=8",
		},
		{
			name: "translator's brackets: a stamp described, a transliteration, a note on the back",
			en: []string{
				"[Stamp: Incoming No 512, 3 June 1946]",
				"To Zarinabad, to Cde. Ostrovsky",
				"The enemy is using harsh measures [zhestkiye mery] against the population of villages suspected of aiding the detachments. In the last week 46 people have been arrested.",
				"The detachment commander Karimov asks that cartridges and medicines be sent to him.",
				"Lebedev [signature]",
				"[On the back of the sheet, in pencil: To file.]",
			},
			ru: []string{
				"~Вх. № 512\n3.VI.46",
				"ЗАРИНАБАД, товарищу ОСТРОВСКОМУ",
				"Противник применяет жесткие меры против населения деревень, подозреваемых в помощи отрядам. За последнюю неделю арестовано 46 человек.",
				"Командир отряда Каримов просит прислать ему патроны и медикаменты.",
				"ЛЕБЕДЕВ",
			},
			want: "1=- 2=1 3=2 4=3 5=4 6=-",
		},
		{
			name: "transmission blocks: four-figure times against hours and minutes",
			en: []string{
				"Karimov asks for instructions.",
				"Sent 0940 7 May 1946",
				"Received 1125 7 May 1946",
			},
			ru: []string{
				"Каримов просит указаний.",
				"Отпр. 9 ч. 40 м. 7/V 1946 г.",
				"Пост. 11 ч. 25 м. 7/V 1946 г.",
			},
			want: "1=1 2=2 3=3",
		},
		{
			name: "a lead-in and its quotation in two paragraphs, one in the translation; an illegible line described",
			en: []string{
				"Karimov reported that the detachments had left the town at night.",
				"Even in the farthest villages the peasants ask us: \"Will nobody help us? Will they leave us alone against the gendarmes, as they did last winter?\"",
				"[Two lines illegible]",
				"Such is the mood of the people of Zarinabad today.",
			},
			ru: []string{
				"Каримов сообщил, что отряды покинули город ночью.",
				"Даже в самых дальних деревнях крестьяне спрашивают нас:",
				"«Неужели никто нам не поможет? Неужели нас оставят одних против жандармов, как прошлой зимой?»",
				"Таково сегодня настроение народа Заринабада.",
			},
			want: "1=1 2=2,3 3=- 4=4",
		},
		{
			name: "ugly input: CRLF remnants, odd spacing, no-break spaces, another script",
			en: []string{
				"TELEGRAM\r",
				"From  ZARINABAD\u00a0 10 May 1946",
				"The people shout \"Ölüm var, dönüş yoxdur!\" in the streets of Zarinabad, and the crowd grows every day.\r",
				"LEBEDEV",
			},
			ru: []string{
				"Т Е Л Е Г Р А М М А\r",
				"ИЗ  ЗАРИНАБАДА,\u00a010 мая 1946 г.",
				"~ 17 ",
				"Народ на улицах Заринабада кричит \"Ölüm var, dönüş yoxdur!\", и толпа растёт с каждым днём.\r",
				"ЛЕБЕДЕВ",
			},
			want: "1=1 2=2 3=3 4=4",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := fixture(c.en, c.ru)
			got := Align(d, auth.Mentions(d))
			if err := Complete(d, got); err != nil {
				t.Fatalf("not a whole alignment: %v", err)
			}
			if r := render(got); r != c.want {
				t.Errorf("got  %s\nwant %s\n%s", r, c.want, diff(got, nil))
			}
			for _, g := range got {
				if g.Confidence < 0 || g.Confidence > 1 {
					t.Errorf("confidence %v out of range in %s", g.Confidence, g)
				}
			}
		})
	}
}

// TestAlignNamesDecide shows that names, not lengths alone, place a
// passage: two paragraphs of equal length, the translation leaving out the
// first, are told apart by the person each names.
func TestAlignNamesDecide(t *testing.T) {
	auth := inventedAuthority(t)
	ru := []string{
		"Островский выехал в город вечером.",
		"Каримов остался в штабе до утра.",
	}
	for _, c := range []struct {
		en   string
		want string
	}{
		{"Ostrovsky left for the town in the evening.", "1=1 -=2"},
		{"Karimov stayed at headquarters until morning.", "-=1 1=2"},
	} {
		d := fixture([]string{c.en}, ru)
		if got := render(Align(d, auth.Mentions(d))); got != c.want {
			t.Errorf("%q: got %s, want %s", c.en, got, c.want)
		}
		// Without the names the aligner has only the lengths, which do
		// not tell the two apart; with them it is sure.
		gs := Align(d, auth.Mentions(d))
		for _, g := range gs {
			if len(g.Translation) == 1 && g.Confidence < 0.8 {
				t.Errorf("%q: confidence %.2f in %s, want it sure", c.en, g.Confidence, g)
			}
		}
	}
}

func TestAlignOneSideMissing(t *testing.T) {
	for _, d := range []*archive.Document{
		fixture(letterEN, nil),
		fixture(nil, letterRU),
		fixture([]string{"~[p. 3]"}, letterRU),
	} {
		if got := Align(d, nil); got != nil {
			t.Errorf("a document with one text got an alignment: %s", render(got))
		}
	}
}

// TestAlignAlwaysWhole aligns random documents of every size and shape:
// whatever the input, every numbered paragraph is in exactly one group, in
// order, marks in none.
func TestAlignAlwaysWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"слово", "word", "Заринабад", "Zarinabad", "12", "[note]", "ноября", "November", "Ölüm", "—", "\r", "  "}
	para := func() string {
		var b strings.Builder
		for range r.IntN(40) + 1 {
			b.WriteString(words[r.IntN(len(words))] + " ")
		}
		if r.IntN(8) == 0 {
			return "~" + b.String()
		}
		return b.String()
	}
	auth := inventedAuthority(t)
	for range 200 {
		var en, ru []string
		for range r.IntN(30) + 1 {
			en = append(en, para())
		}
		for range r.IntN(90) + 1 {
			ru = append(ru, para())
		}
		d := fixture(en, ru)
		got := Align(d, auth.Mentions(d))
		if d.Translation.Numbered() == 0 || d.Original.Numbered() == 0 {
			continue
		}
		if err := Complete(d, got); err != nil {
			t.Fatalf("%d×%d paragraphs: %v\n%s", len(en), len(ru), err, render(got))
		}
	}
}

// TestAlignLinear shows the bound on work: the programme visits a strip of
// fixed width around the diagonal, so that a document of thousands of
// paragraphs costs a thousand times one of a few, not a million times.
func TestAlignLinear(t *testing.T) {
	for _, c := range []struct{ n, k int }{{10, 11}, {1000, 1100}, {100000, 110000}, {1, 5000}, {5000, 1}, {3, 300}} {
		l := newLattice(c.n, c.k)
		if cells, bound := len(l.grid(0)), (c.n+1)*(2*band+2)+c.k; cells > bound {
			t.Errorf("%d×%d paragraphs: %d cells, more than %d", c.n, c.k, cells, bound)
		}
	}
	// However unequal the sides, the alignment is whole.
	for _, c := range []struct{ n, k int }{{1, 500}, {500, 1}, {3, 300}, {200, 7}} {
		var en, ru []string
		for i := range c.n {
			en = append(en, fmt.Sprintf("English paragraph %d.", i))
		}
		for i := range c.k {
			ru = append(ru, fmt.Sprintf("Русский абзац %d.", i))
		}
		d := fixture(en, ru)
		if err := Complete(d, Align(d, nil)); err != nil {
			t.Errorf("%d×%d: %v", c.n, c.k, err)
		}
	}
	// And a long document aligns whole in reasonable time.
	var en, ru []string
	for i := range 3000 {
		s := fmt.Sprintf("Paragraph %d of a long report on Zarinabad and its surroundings.", i)
		en = append(en, s)
		ru = append(ru, fmt.Sprintf("Абзац %d длинного доклада о Заринабаде и его окрестностях.", i))
		if i%50 == 0 {
			ru = append(ru, fmt.Sprintf("~%d", i/50))
		}
	}
	d := fixture(en, ru)
	if got := Align(d, nil); Complete(d, got) != nil || len(got) != 3000 {
		t.Errorf("long document: %d groups", len(got))
	}
}
