package entity

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/readingroom/readingroom/internal/archive"
)

// Uncovered is a name-like word of the collection that no record covers: a
// lead for the curator, who either adds a record or a variant, or lets it be.
type Uncovered struct {
	Word   string   // as first met, without inline markup
	Script string   // ScriptLatin or ScriptCyrillic ("mixed" for a word OCR wrote in both)
	Count  int      // occurrences in the documents given
	Docs   []string // IDs of the documents it occurs in, in the order given
}

// Uncovered lists the name-like words of the documents that no record
// covers, sorted by script (Latin first) and word.
//
// A word is name-like when it begins with a capital, has at least three
// letters (shorter ones are initials and abbreviations: ЦК, ВЧ, Dr) and is not
// a Roman numeral. Capitals say little at the start of a sentence or a line
// (or after an opening quote or bracket) or anywhere in a title, which the
// archive writes in title case, so a word seen only there is left out; an
// all-capital Russian word counts anywhere, because the telegrams write
// surnames in capitals. A word is covered when it is part of a mention or of
// a NotIn phrase, or derived from a name (Iranian, Азербайджанской). Last,
// stopWords drops the capitalised words that are never names. What remains on
// a well-kept collection is organisations and institutions (Majlis, Security
// Council, Народной партии), which have no records by design.
func (a *Authority) Uncovered(docs []*archive.Document) []Uncovered {
	type entry struct {
		u      Uncovered
		strong bool // met at least once where a capital means a name
		docs   map[string]bool
	}
	words := map[string]*entry{}
	var order []string
	for _, d := range docs {
		seen := func(t token, line string, strong bool) {
			e := words[t.norm]
			if e == nil {
				e = &entry{u: Uncovered{Word: withoutTags(line[t.start:t.end]), Script: t.script}, docs: map[string]bool{}}
				words[t.norm] = e
				order = append(order, t.norm)
			}
			e.u.Count++
			e.strong = e.strong || strong
			if !e.docs[d.ID] {
				e.docs[d.ID] = true
				e.u.Docs = append(e.u.Docs, d.ID)
			}
		}
		a.nameLike([]string{d.Title}, true, seen)
		a.nameLike([]string{d.Summary}, false, seen)
		for _, t := range []archive.Text{d.Translation, d.Original} {
			for _, p := range t.Paragraphs {
				// Page numbers and stamps are not prose.
				if p.Kind != archive.KindMark {
					a.nameLike(p.Lines, false, seen)
				}
			}
		}
		for _, n := range d.Notes {
			a.nameLike([]string{n.Text}, false, seen)
		}
	}
	var out []Uncovered
	for _, k := range order {
		if e := words[k]; e.strong {
			out = append(out, e.u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Script != out[j].Script {
			return out[i].Script == ScriptLatin
		}
		return fold(out[i].Word) < fold(out[j].Word)
	})
	return out
}

// nameLike calls seen for each uncovered name-like word of a block of lines
// (a paragraph, a summary), saying whether its capital means a name.
func (a *Authority) nameLike(lines []string, titleCase bool, seen func(t token, line string, strong bool)) {
	for _, line := range lines {
		toks := tokenize(line)
		_, all := a.m.find(line, toks)
		covered := make([]bool, len(toks))
		for _, h := range all {
			for k := h.from; k < h.to; k++ {
				covered[k] = true
			}
		}
		for i, t := range toks {
			start := i == 0 || sentenceBreak(toks[i-1], line[toks[i-1].end:t.start])
			if covered[i] || !t.upper || t.letters < 3 || romanNumeral(t.norm) ||
				stopWords[t.norm] || a.m.derivative(t) {
				continue
			}
			strong := !titleCase && (!start || t.caps && t.script == ScriptCyrillic)
			seen(t, line, strong)
		}
	}
}

// sentenceBreak reports whether the text between two words starts a new
// sentence: a full stop, question or exclamation mark (but not the stop
// after an initial or an abbreviation such as "Cde."), or an opening quote
// or bracket, after which the sources capitalise too. A colon does not: what
// follows one in these documents is a list, of signatories say, whose
// capitals are names.
func sentenceBreak(prev token, gap string) bool {
	if strings.ContainsAny(gap, "\"«“„[") {
		return true
	}
	if strings.ContainsAny(gap, "!?…") {
		return true
	}
	if !strings.Contains(gap, ".") {
		return false
	}
	return prev.letters > 1 && !abbreviations[prev.norm]
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"cde": true, "cdes": true, "cdr": true, "dr": true, "mr": true, "mrs": true, "no": true,
	"gen": true, "col": true, "st": true, "тт": true, "тов": true, "гг": true, "др": true,
}

func romanNumeral(s string) bool {
	return strings.Trim(s, "ivxlcdm") == "" && utf8.RuneCountInString(s) <= 4
}

// stopWords are capitalised words that are never names of people or places,
// folded: months; titles, ranks and forms of address (the name that follows
// is what counts); nationality words, which the mention rules do not read as
// places (a Soviet official is not a mention of the Soviet Union); the
// editors' bracketed words; and the Russian polite pronoun, capitalised in
// letters (Вы, Ваш). Russian nouns and adjectives are given in the
// nominative and take their case forms from the table the names use.
var stopWords = stopSet([]string{
	// Months.
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
	// Titles, ranks, address.
	"cde", "cdes", "cdr", "comrade", "comrades", "doctor", "general", "colonel", "major",
	"lieutenant", "captain", "governor", "minister", "deputy", "officer", "duty", "consul",
	"ambassador", "chairman", "president", "premier", "secretary", "commissar",
	// Nationality words.
	"soviet", "soviets", "british", "american", "americans", "russian", "russians",
	"english", "persian", "persians", "kurdish", "kurds", "turkish", "bolshevik", "bolsheviks",
	// Editors' words.
	"signature", "signed", "handwritten", "translator's", "illegible", "stamp",
	// The polite pronoun, in all its forms.
	"вы", "вас", "вам", "вами", "ваш", "ваша", "ваше", "ваши", "вашего", "вашей",
	"вашему", "вашим", "вашими", "ваших", "вашу", "вашем",
}, []string{
	"товарищ", "генерал", "полковник", "губернатор", "посол", "министр",
	"советский", "великий", "английский", "американский",
})

// stopSet folds the words, and adds the case forms of the declined ones.
func stopSet(words, declined []string) map[string]bool {
	set := map[string]bool{}
	for _, w := range words {
		set[fold(w)] = true
	}
	for _, w := range declined {
		stem, endings := ruDecline(fold(w), false)
		for _, e := range endings {
			set[stem+e] = true
		}
	}
	return set
}

// withoutTags removes the inline tags from a word: "С<sup>ъ</sup>ездом" is
// "Съездом".
func withoutTags(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); {
		if n := tagLen(w[i:]); w[i] == '<' && n > 0 {
			i += n
			continue
		}
		b.WriteByte(w[i])
		i++
	}
	return b.String()
}
