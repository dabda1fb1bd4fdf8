package entity

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/documents"
)

// soundVariants are spellings that no record lists, each what a
// romanization system's own rules make of a name the records hold, with the
// record it must reach. Run with -v to see recall and false matches.
var soundVariants = []struct{ word, id, rule string }{
	// Pishevari.
	{"Pishavari", "pishevari", "e/a of Persian romanizations"},
	{"Pīšavarī", "pishevari", "scholarly: háček, macrons"},
	{"Pišəvəri", "pishevari", "ISO š with Azerbaijani ə"},
	{"Pischewari", "pishevari", "German sch, w"},
	{"Piszewari", "pishevari", "Polish sz, w"},
	{"Pişevari", "pishevari", "Turkish ş"},
	{"Pisheveri", "pishevari", "e for a"},
	// Bagirov.
	{"Bagirow", "bagirov", "German and Polish -ow"},
	{"Bagyrov", "bagirov", "y for Azerbaijani ı"},
	{"Bagiroff", "bagirov", "old -off"},
	{"Bağirov", "bagirov", "Azerbaijani ğ"},
	// Tabriz.
	{"Tebriz", "tabriz", "Latin of modern Russian Тебриз"},
	{"Tabris", "tabriz", "German s"},
	{"Täbriz", "tabriz", "ä for ə"},
	{"Tabrīz", "tabriz", "macron"},
	{"Tavriz", "tabriz", "Latin of Тавриз"},
	// Zanjan.
	{"Zendzhan", "zanjan", "BGN/PCGN of Зенджан"},
	{"Zendžan", "zanjan", "ISO 9 of Зенджан"},
	{"Sendschan", "zanjan", "German dsch"},
	{"Zandżan", "zanjan", "Polish dż"},
	{"Zenjan", "zanjan", "English j, e"},
	{"Zanjān", "zanjan", "macron"},
	{"Zencan", "zanjan", "Azerbaijani c without ə"},
	// Azerbaijan.
	{"Azerbaidzhan", "iranian-azerbaijan", "BGN/PCGN of Азербайджан"},
	{"Azerbajdžan", "iranian-azerbaijan", "ISO 9, Czech"},
	{"Aserbaidschan", "iranian-azerbaijan", "German"},
	{"Azerbejdżan", "iranian-azerbaijan", "Polish"},
	{"Azarbayjan", "iranian-azerbaijan", "Persian romanization"},
	{"Āzarbāyjān", "iranian-azerbaijan", "Persian with macrons"},
	{"Azerbaycan", "iranian-azerbaijan", "Turkish"},
	// Beria.
	{"Beriya", "beria", "BGN/PCGN of Берия"},
	{"Berija", "beria", "German, Polish, ISO"},
	{"Beriia", "beria", "Library of Congress"},
	// Qavam.
	{"Qawam", "qavam", "w for v"},
	{"Ghawam", "qavam", "gh and w"},
	{"Kavam", "qavam", "Latin of Кавам"},
	{"Ghavām", "qavam", "macron"},
	// Soviet officials under the Russian romanizations.
	{"Molotow", "molotov", "German -ow"},
	{"Mołotow", "molotov", "Polish ł"},
	{"Molotoff", "molotov", "old -off"},
	{"Maslennikow", "maslennikov", "German"},
	{"Masliennikow", "maslennikov", "Polish"},
	{"Malenkow", "malenkov", "German"},
	{"Dekanosow", "dekanozov", "German s for z"},
	{"Emel'ianov", "yemelyanov", "Library of Congress"},
	{"Jemeljanow", "yemelyanov", "German"},
	{"Emel'janov", "yemelyanov", "ISO R9"},
	{"Sadtschikow", "sadchikov", "German tsch"},
	{"Sadczikow", "sadchikov", "Polish cz"},
	{"Sadčikov", "sadchikov", "ISO č"},
	{"Ibragimow", "ibragimov", "German"},
	{"Ibrahimov", "ibragimov", "Azerbaijani h for Russian г"},
	{"Hasanov", "gasanov", "Azerbaijani h for Russian г"},
	{"Həsənov", "gasanov", "Azerbaijani"},
	{"Gassanow", "gasanov", "German ss, -ow"},
	{"Atakişiyev", "atakishiyev", "Azerbaijani ş"},
	{"Atakischijew", "atakishiyev", "German"},
	{"Atakishiev", "atakishiyev", "Library of Congress"},
	{"Quliyev", "kuliyev", "Azerbaijani q"},
	{"Kulijew", "kuliyev", "German, Polish"},
	// Iranian Azerbaijanis.
	{"Dschawid", "javid", "German dsch"},
	{"Džavid", "javid", "ISO dž"},
	{"Šabestari", "shabestari", "ISO š"},
	{"Schabestari", "shabestari", "German sch"},
	{"Shabistari", "shabestari", "i for e"},
	{"Danishian", "daneshian", "i for e"},
	{"Daneşyan", "daneshian", "Azerbaijani ş"},
	{"Derachschani", "derakhshani", "German ch, sch"},
	{"Padeqan", "padegan", "Azerbaijani q"},
	// Places.
	{"Tahran", "tehran", "Turkish"},
	{"Tegeran", "tehran", "Latin of Тегеран"},
	{"Erdebil", "ardabil", "Turkish"},
	{"Ardabīl", "ardabil", "macron"},
	{"Maragha", "maragheh", "final -a for -eh"},
	{"Maragah", "maragheh", "final -ah"},
	{"Miyaneh", "mianeh", "y glide"},
	{"Kazvin", "qazvin", "Latin of Казвин"},
	{"Ghazvin", "qazvin", "gh for q"},
	{"Qazwin", "qazvin", "w"},
	{"Resht", "rasht", "old English"},
	{"Rascht", "rasht", "German sch"},
	{"Gilyan", "gilan", "BGN/PCGN of Гилян"},
	{"Gīlān", "gilan", "macrons"},
	{"Khamse", "khamseh", "no final h"},
	{"Hamseh", "khamseh", "h for kh"},
	{"Xəmsə", "khamseh", "Azerbaijani x, ə"},
	{"Kordestan", "kurdistan", "Persian o, e"},
	{"Saqqiz", "saqqez", "i for e"},
	{"Sakkyz", "saqqez", "Latin of Саккыз"},
	{"Serdasht", "sardasht", "e for a"},
	{"Boukan", "bukan", "French ou"},
	{"Tekab", "takab", "e for a"},
	{"Oskoo", "osku", "English oo"},
	{"Ahwaz", "ahvaz", "w"},
	{"Āstārā", "astara", "macrons"},
	{"Azarschahr", "azarshahr", "German sch"},
	{"Bakou", "baku", "French ou"},
	{"Moskva", "moscow", "Latin of Москва"},
	{"Moskwa", "moscow", "Polish"},
	{"Kashkai", "qashqai", "Latin of Кашкай"},
	{"Ghashghai", "qashqai", "gh for q"},
	{"Bachtiari", "bakhtiari", "German ch"},
	{"Bakhtiyari", "bakhtiari", "y glide"},
	// Azerbaijani in the Cyrillic alphabet of the Soviet republic.
	{"Бағыров", "bagirov", "Azerbaijani Cyrillic ғ, ы"},
	{"Пишәвәри", "pishevari", "Azerbaijani Cyrillic ә"},
	{"Тәбриз", "tabriz", "Azerbaijani Cyrillic ә"},
	{"Зәнҹан", "zanjan", "Azerbaijani Cyrillic ҹ"},
	{"Һәсәнов", "gasanov", "Azerbaijani Cyrillic һ"},
	// Persian script: Arabic letter forms, a space for the joiner.
	{"تبريز", "tabriz", "Arabic yeh"},
	{"پیشه وری", "pishevari", "space for the zero-width joiner"},
	{"پيشه\u200cوري", "pishevari", "Arabic yeh"},
	{"اردبيل", "ardabil", "Arabic yeh"},
	{"كردستان", "kurdistan", "Arabic kaf"},
	{"تبرىز", "tabriz", "alef maksura for yeh"},
}

// nearMisses are words that look or sound like a name in the records but
// are another place, a person's name derived from one, or an ordinary word:
// none may reach a record.
var nearMisses = []string{
	"Iraq", "Kazan", "Stalingrad", "Tabor", "Berlin", "Beirut", "Zagreb",
	"Iron", "Oran", "Baker", "Bacon", "Berry", "Bavaria", "Tiran", "Kazakh",
	"Qatar", "Tashkent", "Tiflis", "Erevan", "Ankara", "Kabul", "Basra", "Mosul",
	"Herat", "Mashhad", "Shiraz", "Isfahan", "Hamadan", "Urmia", "Marand", "Salmas",
	"Sarab", "Mahabad", "Stalino", "Stalinabad", "Molotovsk", "Bagration",
	"Malinovsky", "Iranian", "Azerbaijani", "Azerbaijanis", "Tabrizi", "Zanjani",
	"Gilani", "Persian", "Stalinist", "Stalins", "Mossadegh", "Razmara", "Zahedi",
	"avid", "David", "Daniel", "Danish", "garage", "marriage", "moral", "stolen",
	"balance", "million", "table", "travel", "tariff", "Cavalry", "Java", "Jamaica",
	"Kurdish", "Paris", "Cairo", "Delhi", "Bakery", "Moscowite", "Белград", "Казань",
	"Сталинград", "Ирак", "Табор", "Берлин", "Бейрут", "иранский", "Тегеранский",
	"بغداد", "تهرانی", "شیراز", "قزاق",
}

func TestReadBySound(t *testing.T) {
	a, _ := loadShipped(t)
	if len(soundVariants) < 60 || len(nearMisses) < 40 {
		t.Fatalf("%d variants and %d near misses; the issue asks for 60 and 40", len(soundVariants), len(nearMisses))
	}
	reached := 0
	for _, v := range soundVariants {
		if listed(a, v.word) {
			t.Errorf("%q (%s) is a form a record lists; the table is for spellings they do not", v.word, v.rule)
		}
		got := a.Resolve(v.word)
		if len(got) == 1 && got[0].ID == v.id {
			reached++
			continue
		}
		var ids []string
		for _, r := range got {
			ids = append(ids, r.ID)
		}
		t.Errorf("%q (%s) reaches %v, want %s", v.word, v.rule, ids, v.id)
	}
	false_ := 0
	for _, w := range nearMisses {
		if got := a.Resolve(w); got != nil {
			false_++
			t.Errorf("near miss %q reaches %s", w, got[0].ID)
		}
	}
	t.Logf("recall %d/%d (%.1f%%); false matches %d/%d", reached, len(soundVariants), 100*float64(reached)/float64(len(soundVariants)), false_, len(nearMisses))
}

// listed reports whether word is written, case aside, as a record lists it.
func listed(a *Authority, word string) bool {
	for _, r := range a.Records() {
		for _, f := range r.forms() {
			if strings.EqualFold(f, word) {
				return true
			}
		}
	}
	return false
}

func TestReadFullNames(t *testing.T) {
	a, _ := loadShipped(t)
	tests := []struct {
		query string
		want  string // record ID, "" for none
		exact bool
	}{
		{"Joseph Stalin", "stalin", false},
		{"I. V. Stalin", "stalin", true},
		{"И. В. Сталин", "stalin", true},
		{"J. V. Stalin", "stalin", true},
		{"Иосиф Сталин", "stalin", false},
		{"Иосифа Сталина", "stalin", false},
		{"Stalin Joseph", "stalin", false},
		{"Cde. Stalin", "stalin", false},
		{"Comrade Joseph Stalin", "stalin", false},
		{"Mir Jafar Bagirov", "bagirov", false},
		{"Mir Cəfər Bağırov", "bagirov", false},
		{"Мир Джафар Багиров", "bagirov", false},
		{"Seyid Jafar Pishevari", "pishevari", false},
		{"Seyyed Ja'far Pishevari", "pishevari", true},
		{"Jafar Pishavari", "pishevari", false},
		{"Ahmad Ghavam", "qavam", false},
		{"Ahmed Qawam", "qavam", false},
		{"Lavrenti Beria", "beria", false},
		{"Lavrentij Berija", "beria", false},
		{"Vyacheslav Molotov", "molotov", false},
		{"Molotov Vyacheslav Mikhailovich", "molotov", false},
		{"Вячеслав Михайлович Молотов", "molotov", false},
		// Not the person: a wrong initial (Vasily Stalin was his son), a
		// forename of another, a forename alone, two names.
		{"X. Stalin", "", false},
		{"Vyacheslav Stalin", "", false},
		{"Joseph", "", false},
		{"Ahmad", "", false},
		{"Stalin Molotov", "", false},
		{"Tabriz Tehran", "", false},
		{"General", "", false},
	}
	for _, tt := range tests {
		rs := a.Read(tt.query)
		switch {
		case tt.want == "" && rs != nil:
			t.Errorf("Read(%q) = %s, want nothing", tt.query, rs[0].Record.ID)
		case tt.want != "" && (len(rs) != 1 || rs[0].Record.ID != tt.want):
			t.Errorf("Read(%q) = %v, want %s", tt.query, rs, tt.want)
		case tt.want != "" && rs[0].Exact != tt.exact:
			t.Errorf("Read(%q).Exact = %v, want %v", tt.query, rs[0].Exact, tt.exact)
		}
	}
}

// TestReadInvented checks the rules on records made up for the test, so
// that they hold beyond the shipped names: a person and a place under their
// English forms alone, found under other systems and scripts.
func TestReadInvented(t *testing.T) {
	a, err := Load(authorityFS(map[string]string{
		PeopleFile: `
[[person]]
id = "zhukovich"
name = "Zhukovich"
full_name = "Grigory Yefimovich Zhukovich"
forenames = ["Grigory", "Григорий"]
patronymics = ["Yefimovich", "Ефимович"]
variants = [{ form = "Жукович" }]

[[person]]
id = "khosravani"
name = "Khosravani"
variants = [{ form = "خسروانی" }]
`,
		PlacesFile: `
[[place]]
id = "qezelabad"
name = "Qezelabad"
kind = "town"
variants = [{ form = "Кызылабад" }]

[[place]]
id = "chaykend"
name = "Chaykend"
kind = "village"
`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string]string{
		"Shukowitsch":      "zhukovich", // German
		"Żukowicz":         "zhukovich", // Polish
		"Žukovič":          "zhukovich", // ISO 9
		"Grigorij Žukovič": "zhukovich",
		"Григорий Жукович": "zhukovich",
		"G. Y. Zhukovich":  "zhukovich",
		"Г. Е. Жукович":    "zhukovich",
		"Xosrovani":        "khosravani", // Azerbaijani x, o
		"Chosrawani":       "khosravani", // German ch, w
		"Khusravānī":       "khosravani",
		"خسروانى":          "khosravani", // alef maksura
		"Ghezelabad":       "qezelabad",
		"Kyzylabad":        "qezelabad", // BGN of Кызылабад
		"Qızılabad":        "qezelabad", // Azerbaijani
		"Çaykənd":          "chaykend",  // Azerbaijani
		"Tschaikend":       "chaykend",  // German
	} {
		if got := a.Resolve(word); len(got) != 1 || got[0].ID != want {
			t.Errorf("Resolve(%q) = %v, want %s", word, got, want)
		}
	}
	for _, miss := range []string{"Zhukov", "Zhukovsky", "Khosrow", "Qezel", "Kyzyl", "Chay", "P. Zhukovich", "Grigory Khosravani", "Kendal"} {
		if got := a.Resolve(miss); got != nil {
			t.Errorf("Resolve(%q) = %s, want nothing", miss, got[0].ID)
		}
	}
}

func TestNear(t *testing.T) {
	a, _ := loadShipped(t)
	for word, want := range map[string]string{
		"Pishevar":    "pishevari",
		"Maslinnikav": "maslennikov",
		"Shabestary":  "shabestari",
		"Derakhshan":  "derakhshani",
		"Azerbaijana": "iranian-azerbaijan",
	} {
		ns := a.Near(word)
		if len(ns) == 0 || ns[0].Record.ID != want {
			t.Errorf("Near(%q) = %v, want %s first", word, ns, want)
		}
	}
	for _, word := range []string{"Moscow", "The", "Committee", "Iranian", "Berlin", "x", strings.Repeat("a", 300)} {
		var ids []string
		for _, n := range a.Near(word) {
			ids = append(ids, n.Record.ID)
		}
		if slices.Contains(ids, "moscow") && word == "Moscow" {
			continue
		}
		if len(ids) > 0 && word != "Moscow" {
			t.Errorf("Near(%q) = %v, want nothing", word, ids)
		}
	}
}

// TestReadHostile checks that odd and long input gets an answer, fast.
func TestReadHostile(t *testing.T) {
	a, _ := loadShipped(t)
	for _, q := range []string{
		strings.Repeat("j", 199), strings.Repeat("Cde. ", 40), strings.Repeat("ch", 100),
		strings.Repeat("Пишевари ", 22), "\x00\xff", "\u200c\u200c", "ـــ", strings.Repeat("ی", 100),
		strings.Repeat("a b ", 50), strings.Repeat("Stalin", 40),
	} {
		start := time.Now()
		a.Read(q)
		a.Near(q)
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Errorf("Read(%.20q…) took %v", q, d)
		}
	}
}

// BenchmarkRead reads the names of a typical query, exact and by sound,
// and the runs of two and three words search reads as a name before
// reading them word by word (most name no one).
func BenchmarkRead(b *testing.B) {
	a, err := Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		qs   []string
	}{
		{"names", []string{"Qavam", "Pishavari", "Joseph Stalin", "Azerbaidzhan", "negotiations", "Mir Jafar Bagirov", "تبریز", "Stalingrad"}},
		{"runs", []string{"Soviet government", "government Tabriz", "Soviet government Tabriz", "Security Council", "Council Iran", "советское правительство", "national government"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				a.Read(c.qs[i%len(c.qs)])
			}
		})
	}
}

// TestReadNoEnglishWord reads every word of the English word list: none
// may reach a record by sound (areas is not Aras, chance not Khamseh,
// markers not Maragheh).
func TestReadNoEnglishWord(t *testing.T) {
	a, _ := loadShipped(t)
	n := 0
	for w := range englishWords() {
		if strings.HasPrefix(w, "\x00") {
			continue
		}
		n++
		for _, r := range a.Read(w) {
			if !r.Exact {
				t.Errorf("the English word %q reads as %s", w, r.Record.ID)
			}
		}
	}
	if n < 30000 {
		t.Errorf("only %d English words", n)
	}
}
