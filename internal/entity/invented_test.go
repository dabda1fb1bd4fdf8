package entity

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// syllables are invented sounds, each in a Latin romanization and in
// Cyrillic, from which inventedRecords builds names no record has.
var syllables = [][2]string{
	{"ka", "ка"}, {"ri", "ри"}, {"zad", "зад"}, {"mo", "мо"}, {"ham", "хам"},
	{"ja", "джа"}, {"far", "фар"}, {"sa", "са"}, {"lar", "лар"}, {"bo", "бо"},
	{"gi", "ги"}, {"rov", "ров"}, {"tu", "ту"}, {"bri", "бри"}, {"dar", "дар"},
	{"ni", "ни"}, {"khan", "хан"}, {"sha", "ша"}, {"gol", "гол"}, {"ab", "аб"},
	{"pur", "пур"}, {"ves", "вес"}, {"qe", "ке"}, {"li", "ли"}, {"me", "ме"},
	{"zo", "зо"}, {"yar", "яр"}, {"dzh", "дж"}, {"ush", "уш"}, {"vel", "вель"},
}

// inventedName returns a name of two to four syllables in both scripts,
// capitalised.
func inventedName(rng *rand.Rand) (latin, cyrillic string) {
	var l, c strings.Builder
	for range 2 + rng.IntN(3) {
		s := syllables[rng.IntN(len(syllables))]
		l.WriteString(s[0])
		c.WriteString(s[1])
	}
	return capitalise(l.String()), capitalise(c.String())
}

func capitalise(s string) string {
	for i := range s {
		if i > 0 {
			return strings.ToUpper(s[:i]) + s[i:]
		}
	}
	return strings.ToUpper(s)
}

// inventedRecords returns n records of people, places and organisations
// with invented names: a Latin name, a Cyrillic variant, another
// romanization, and for some a name of several words, forenames or a NotIn
// phrase. Two records may share a form, as real ones sometimes do.
func inventedRecords(n int, seed uint64) []*Record {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]*Record, n)
	for i := range out {
		lat, cyr := inventedName(rng)
		r := &Record{ID: fmt.Sprintf("invented-%05d", i), Name: lat}
		r.Variants = []Variant{
			{Form: cyr, Script: ScriptCyrillic},
			{Form: strings.NewReplacer("k", "q", "ov", "off", "dzh", "j").Replace(lat), Script: ScriptLatin},
		}
		switch i % 3 {
		case 0:
			r.Kind = KindPerson
			fl, fc := inventedName(rng)
			r.Forenames = []string{fl, fc}
			if rng.IntN(3) == 0 {
				r.FullName = fl + " " + lat
			}
		case 1:
			r.Kind = KindPlace
			if rng.IntN(4) == 0 {
				r.NotIn = []string{lat + " Society"}
			}
		default:
			r.Kind = KindOrganisation
			r.Variants = append(r.Variants, Variant{Form: lat + " Committee", Script: ScriptLatin},
				Variant{Form: cyr + "ский комитет", Script: ScriptCyrillic})
		}
		out[i] = r
	}
	return out
}

// withInvented returns an authority of the shipped records and the extra
// ones.
func withInvented(t testing.TB, extra []*Record) *Authority {
	t.Helper()
	a, _ := loadShipped(t)
	a2, err := newAuthority(append(a.Records(), extra...))
	if err != nil {
		t.Fatal(err)
	}
	return a2
}

// inventedLines returns n lines that name the records in the ugly ways a
// source does: Russian case endings, possessives, capitals, initials,
// forenames, markup inside a word, hyphens, brackets, Latin look-alikes in
// Cyrillic words, a carriage return, a Persian word, and plain words between.
func inventedLines(recs []*Record, n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 11))
	filler := []string{"and", "the", "met", "of", "и", "с", "в", "сказал", "—", ",", ";", ".", "1946", "(", ")", "«", "»", "\r", "تبریز", "Qavām", "Ёлкин", "ИРАН", "-"}
	endings := []string{"", "а", "у", "ом", "е", "ой", "ского", "цы", "ым"}
	lines := make([]string, n)
	for i := range lines {
		var b strings.Builder
		for range 20 + rng.IntN(60) {
			if rng.IntN(3) > 0 {
				b.WriteString(filler[rng.IntN(len(filler))])
				b.WriteByte(' ')
				continue
			}
			r := recs[rng.IntN(len(recs))]
			forms := r.forms()
			f := forms[rng.IntN(len(forms))]
			if rng.IntN(4) == 0 && len(r.Forenames) > 0 {
				b.WriteString(r.Forenames[rng.IntN(len(r.Forenames))] + " ")
			}
			if rng.IntN(5) == 0 {
				b.WriteString("M. D. ")
			}
			switch rng.IntN(7) {
			case 0:
				f = strings.ToUpper(f)
			case 1:
				f += "'s"
			case 2:
				f = strings.Replace(f, "о", "o", 1) // a Latin o in a Cyrillic word
			case 3:
				if k := len(f) / 2; k > 0 && f[k] < 0x80 {
					f = f[:k] + "<sup>" + f[k:] + "</sup>"
				}
			case 4:
				f = strings.Replace(f, " ", "-", 1)
			}
			b.WriteString(f + endings[rng.IntN(len(endings))])
			b.WriteString([]string{" ", ", ", ") ", "-", ". "}[rng.IntN(5)])
		}
		lines[i] = b.String()
	}
	return lines
}
