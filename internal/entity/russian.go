package entity

import (
	"unicode/utf8"
)

// ruParadigm says how a Russian word that ends in nominative declines: that
// ending is cut to give the stem, and the stem then takes any of endings (the
// nominative ending among them). The table overgenerates on purpose (it does
// not know gender or animacy): a form it allows that Russian does not have
// never occurs in a text, so it costs nothing, while a missing form would
// lose a mention.
type ruParadigm struct {
	nominative string
	endings    []string
}

// ruParadigms is the declension of names, looked up by the ending of the
// nominative form; the first row whose ending fits wins, so longer endings
// come first. A word that ends in a consonant takes ruConsonant; a word that
// ends in any other vowel (Баку, Уску, Миане, Пишевари) does not decline.
var ruParadigms = []ruParadigm{
	// Adjectives in names and nouns in -ий: Иранский, Северный, Ближний.
	{"ий", []string{"ий", "его", "ого", "ему", "ому", "им", "ем", "ом", "ие", "их", "ими", "ия", "ию", "ии", "ием"}},
	{"ый", []string{"ый", "ого", "ому", "ым", "ом", "ые", "ых", "ыми"}},
	{"ой", []string{"ой", "ого", "ому", "ым", "ом", "ые", "ых", "ыми"}},
	// Feminine adjectives: Иранская Астара, Гилянская провинция.
	{"ая", []string{"ая", "ой", "ую", "ою", "ые", "ых"}},
	{"яя", []string{"яя", "ей", "юю", "ею"}},
	// Nouns in -ия: Индия, Берия, провинция.
	{"ия", []string{"ия", "ии", "ию", "ией", "иею"}},
	{"я", []string{"я", "и", "е", "ю", "ей", "ею"}},
	// Neuter adjectives and nouns, for the names of organisations:
	// Национальное правительство, Советское правительство.
	{"ое", []string{"ое", "ого", "ому", "ым", "ом", "ые", "ых", "ыми"}},
	{"ее", []string{"ее", "его", "ему", "им", "ем", "ие", "их", "ими"}},
	{"ство", []string{"ство", "ства", "ству", "ством", "стве", "ств", "ствам", "ствами", "ствах"}},
	// Москва, Марага, Астара, Купряжина.
	{"а", []string{"а", "ы", "и", "е", "у", "ой", "ою"}},
	// Ардебиль.
	{"ь", []string{"ь", "я", "ю", "ем", "е", "и", "ей", "ью"}},
	// Кашкай.
	{"й", []string{"й", "я", "ю", "ем", "е"}},
}

// ruConsonant are the endings of a word that ends in a consonant: Кавам,
// Кавама, Каваму, Кавамом, Каваме; Багиров, Багировым; Шахиндеджем.
var ruConsonant = []string{"", "а", "у", "ом", "ем", "ым", "е"}

// ruAcronymMax is the longest all-capital word that is read as an
// abbreviation (СССР, ССР) and so does not decline.
const ruAcronymMax = 4

// ruDecline returns the stem of a nominative Russian word and the endings it
// takes. word is folded (lower case); acronym says the data wrote it in
// capitals.
func ruDecline(word string, acronym bool) (stem string, endings []string) {
	if acronym {
		return word, []string{""}
	}
	for _, p := range ruParadigms {
		if len(word) > len(p.nominative) && word[len(word)-len(p.nominative):] == p.nominative {
			stem = word[:len(word)-len(p.nominative)]
			// A stem of one letter is too short to tell a name from a word.
			if utf8.RuneCountInString(stem) >= 2 {
				return stem, p.endings
			}
		}
	}
	last, _ := utf8.DecodeLastRuneInString(word)
	if isRuConsonant(last) {
		return word, ruConsonant
	}
	return word, []string{""}
}

func isRuConsonant(r rune) bool {
	switch r {
	case 'а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'ь', 'ъ', 'й':
		return false
	}
	return r >= 'а' && r <= 'я'
}

// ruEndings returns every ending of the table, longest first, for cutting a
// word of a text back to the stems it may have.
func ruEndings() []string {
	seen := map[string]bool{}
	var out []string
	add := func(e string) {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, p := range ruParadigms {
		for _, e := range p.endings {
			add(e)
		}
	}
	for _, e := range ruConsonant {
		add(e)
	}
	// Longest first, so that a lookup tries the shortest stem last.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ruDerivative matches what follows a name's stem in a word derived from it
// rather than naming it: adjectives (Иранский, Азербайджанской, тавризской,
// Ускинские) and nouns for the inhabitants (азербайджанцы). Such words are not
// mentions, and the curator's list of uncovered words leaves them out.
// maxRuDerivative is the longest rest, in bytes, that ruDerivative accepts:
// "ин" + "ск" + "ими", seven Cyrillic letters.
const maxRuDerivative = 7 * 2

func ruDerivative(rest string) bool {
	for _, pre := range []string{"ин", "ан", "ен", ""} {
		if len(rest) < len(pre) || rest[:len(pre)] != pre {
			continue
		}
		r := rest[len(pre):]
		for _, mid := range []string{"ск", "цк"} {
			if len(r) > len(mid) && r[:len(mid)] == mid {
				switch r[len(mid):] {
				case "ий", "ая", "ое", "ие", "ого", "ому", "им", "ом", "ой", "ую", "ими", "их":
					return true
				}
			}
		}
	}
	switch rest {
	case "ец", "цы", "ца", "цу", "цем", "це", "цев", "цам", "цами", "цах":
		return true
	}
	return false
}
