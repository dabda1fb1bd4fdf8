package entity

import (
	"sort"
	"strings"
	"unicode"
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
	// Close are the records whose names are close to the word (a
	// misspelling, another romanization), nearest first: a lead to a
	// variant rather than a new record.
	Close []Suggestion
}

// Uncovered lists the name-like words of the documents that no record
// covers, sorted by script (Latin first) and word.
//
// A word is name-like when it begins with a capital, has at least three
// letters (shorter ones are initials and abbreviations: ЦК, Dr) and is not a
// Roman numeral. It counts wherever it stands: inside a sentence, and also
// at the start of a sentence, a line or a paragraph, after an opening quote
// or bracket, and in a title. There a capital says little, so a word is left
// out as ordinary when the collection also writes it in lower case, or
// writes a word with the same stem so (Сообщаем: сообщение), or when it is
// a function word or section label (stopWords). A word is covered when it is
// part of a mention or of a NotIn phrase, a glossary term, or derived from a
// name (Iranian, Азербайджанской). Close gives the records the word may be a
// spelling of.
func (a *Authority) Uncovered(docs []*archive.Document) []Uncovered {
	type entry struct {
		u      Uncovered
		strong bool // met at least once where a capital means a name
		docs   map[string]bool
	}
	words := map[string]*entry{}
	var order []string
	// lower holds every word the collection writes in lower case, and
	// each of its beginnings of four letters or more, for stems.
	lower := map[string]bool{}
	given := map[string]bool{}
	for _, r := range a.records {
		for _, n := range append(append([]string(nil), r.Forenames...), r.Patronymics...) {
			for _, t := range tokenize(n) {
				given[t.norm] = true
			}
		}
	}
	for _, d := range docs {
		seen := func(t token, line string, strong bool) {
			if !t.upper {
				// Stemmed once per distinct word: the cost follows the
				// vocabulary, not the length of the collection.
				if !lower[t.norm] {
					lower[t.norm] = true
					lower["\x00"+stem(t.norm, t.script)] = true
				}
				return
			}
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
		e := words[k]
		switch {
		case given[k]:
			continue // a forename or patronymic of a record
		case e.strong && e.u.Script == ScriptCyrillic && isCaps(e.u.Word):
			// A surname as the telegrams write it.
		case ordinary(lower, k, e.u.Script):
			continue
		case !e.strong && commonWord(k, e.u.Script):
			continue
		}
		e.u.Close = a.Near(e.u.Word)
		out = append(out, e.u)
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
		_, all := a.m.find(line, toks, nil)
		covered := make([]bool, len(toks))
		for _, h := range all {
			for k := h.from; k < h.to; k++ {
				covered[k] = true
			}
		}
		if g := a.glossary; g != nil && g.m != nil {
			_, terms := g.m.find(line, toks, nil)
			for _, h := range terms {
				for k := h.from; k < h.to; k++ {
					covered[k] = true
				}
			}
		}
		for i, t := range toks {
			start := i == 0 || sentenceBreak(toks[i-1], line[toks[i-1].end:t.start])
			if !t.upper {
				seen(t, line, false) // a word in lower case: for telling ordinary words
				continue
			}
			if covered[i] || t.letters < 3 || romanNumeral(t.norm) ||
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

// ordinary reports whether a capitalised word is one the collection also
// writes in lower case, in this form or another of the same stem
// (Increased: increase; Руководство: руководства).
func ordinary(lower map[string]bool, w, script string) bool {
	return lower[w] || lower["\x00"+stem(w, script)]
}

// commonWord reports whether a word seen only where any word takes a
// capital (a sentence's start, a title) is an ordinary word of its
// language: an English word of the word list, or a Russian word whose
// ending only verbs, adjectives and abstract nouns take (Превратили,
// Сочувствие, Четвертые) or one of the function words that begin Russian
// sentences. Names of people and places rarely end so; those that do are
// caught where they stand inside a sentence.
func commonWord(w, script string) bool {
	switch script {
	case ScriptLatin:
		return englishWord(w)
	case ScriptCyrillic:
		if ruFunctionWords[w] {
			return true
		}
		for _, e := range ruOrdinaryEndings {
			if strings.HasSuffix(w, e) && utf8.RuneCountInString(w)-utf8.RuneCountInString(e) >= 3 {
				return true
			}
		}
	}
	return false
}

// ruOrdinaryEndings are endings of Russian verbs, participles, adjectives
// and abstract nouns.
var ruOrdinaryEndings = []string{
	"ться", "тся", "лся", "лась", "лись", "лось", "вшись", "вшихся", "вшийся", "ся", "сь",
	"ли", "ть", "ешь", "ете", "ите", "ает", "яет", "ует", "ают", "яют", "уют", "ит", "ат", "ят",
	"ство", "ства", "ству", "ством", "ствие", "ствия", "ние", "ния", "нию", "нием", "тие", "тия",
	"ость", "ости", "остью", "ция", "ции", "цию",
	"ный", "ная", "ное", "ные", "ных", "ным", "ними", "ним", "ней", "нее", "нюю", "ского", "ской", "ские", "ских",
	"ые", "ых", "ыми", "ого", "ому", "его", "ему",
}

// ruFunctionWords are Russian words that begin sentences: adverbs,
// conjunctions, pronouns, particles.
var ruFunctionWords = stopSet([]string{
	"всего", "зная", "несмотря", "неужели", "ныне", "одновременно", "помимо", "прошу", "просим",
	"сообщаем", "сообщаю", "кроме", "поэтому", "однако", "также", "тогда", "теперь", "сейчас",
	"здесь", "там", "где", "куда", "когда", "если", "хотя", "пока", "чтобы", "потому", "ибо",
	"итак", "далее", "затем", "наконец", "именно", "лишь", "только", "уже", "еще", "даже",
	"вместе", "вновь", "снова", "около", "среди", "согласно", "вследствие", "ввиду", "вопреки",
	"против", "через", "между", "перед", "после", "при", "под", "над", "без", "для", "ради",
	"как", "так", "что", "кто", "чем", "это", "этим", "эти", "этот", "эта", "тот", "та", "те",
	"мы", "нас", "нам", "нами", "они", "их", "им", "ими", "он", "она", "оно", "его", "ее", "её",
	"наш", "наша", "наше", "наши", "наших", "нашей", "нашим", "все", "всех", "всем", "всеми",
	"правда", "сегодня", "вчера", "завтра", "всегда", "никогда", "иногда", "часто", "очень", "много", "мало",
}, nil)

func isCaps(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
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
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	// Titles, ranks, address.
	"cde", "cdes", "cdr", "comrade", "comrades", "doctor", "general", "colonel", "major",
	"lieutenant", "captain", "governor", "minister", "deputy", "officer", "duty", "consul",
	"ambassador", "chairman", "president", "premier", "secretary", "commissar",
	// Nationality words.
	"soviet", "soviets", "british", "american", "americans", "russian", "russians",
	"english", "persian", "persians", "kurdish", "kurds", "turkish", "bolshevik", "bolsheviks",
	// Editors' words and the archive's section labels.
	"signature", "signed", "handwritten", "translator's", "illegible", "stamp",
	"summary", "citation", "credits", "contents", "original", "translation", "language",
	"scan", "note", "notes", "source", "document", "documents", "telegram", "letter", "memo",
	"message", "report", "copy", "top", "secret", "english", "russian",
	// Function words, which begin sentences.
	"the", "this", "that", "these", "those", "there", "then", "when", "what", "which", "who",
	"with", "without", "from", "for", "and", "but", "not", "after", "before", "during", "since",
	"also", "however", "moreover", "therefore", "thus", "here", "our", "your", "their", "they",
	"his", "her", "its", "all", "some", "any", "each", "every", "one", "two", "three", "first",
	"second", "third", "last", "next", "yesterday", "today", "tomorrow", "according", "having",
	"being", "other", "others", "such", "only", "both", "many", "most", "more", "very", "now",
	"into", "onto", "upon", "about", "under", "over", "between", "against", "toward", "towards",
	"если", "так", "как", "что", "это", "эти", "этот", "эта", "все", "вся", "всё", "наш", "наша",
	"наши", "они", "она", "оно", "его", "при", "для", "после", "перед", "кроме", "также", "однако",
	"поэтому", "вчера", "сегодня", "завтра", "здесь", "там", "тогда", "когда", "который", "которая",
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
