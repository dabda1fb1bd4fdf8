package timeline

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/readingroom/readingroom/internal/archive"
)

// Roles of a numbered reference.
const (
	// RoleCites: the text refers to another document by its number ("in his
	// cipher telegram No 215 of 30 November").
	RoleCites = "cites"
	// RoleBears: the number is the document's own, written on it as a
	// registration or handwritten mark ("No 3691-3692/538").
	RoleBears = "bears"
)

// Reference is a numbered document that a document cites, or the number it
// bears itself, found in the texts of both languages and matched across the
// collection.
type Reference struct {
	Role string
	// Kind is "cipher telegram" or "telegram" for a citation, "number" for a
	// document's own mark.
	Kind string
	// Number as written, spaces removed: "215", "40-41,42,43",
	// "3691-3692/538".
	Number string
	// Date of the cited document when the text gives it, in English ("30
	// November"): the translation's words, or the original's with the
	// Russian month name put into English. Mentions keep the words as
	// written.
	Date string
	// Mentions are the places that say it, in each language.
	Mentions []Mention
	// Target is, for a citation, the document of the collection that bears
	// the number; nil when the cited document is not in the collection.
	Target *archive.Document
	// Also lists the other documents of the collection that cite the same
	// number (for a citation) or cite this document's number (for a number
	// it bears).
	Also []*archive.Document
}

// Mention is one place where a text gives a reference.
type Mention struct {
	Lang      string // "en", "ru"
	Paragraph int    // the numbered paragraph; 0 for a mark outside the numbering
	Text      string // the words as written: "cipher telegram No 215 of 30 November"
	Sentence  string // the sentence that holds them
}

// InCollection reports whether the cited document is in the collection.
func (r Reference) InCollection() bool { return r.Target != nil }

// String words the reference for a page: "refers to cipher telegram No 215
// of 30 November (not in the collection)".
func (r Reference) String() string {
	if r.Role == RoleBears {
		s := "bears the number " + r.Number
		if len(r.Also) > 0 {
			s += ", cited by " + titles(r.Also)
		}
		return s
	}
	s := "refers to " + r.Kind + " No " + r.Number
	if r.Date != "" {
		s += " of " + r.Date
	}
	if r.Target != nil {
		s += ": " + r.Target.Title
	} else {
		s += " (not in the collection)"
	}
	if len(r.Also) > 0 {
		s += "; also cited by " + titles(r.Also)
	}
	return s
}

func titles(docs []*archive.Document) string {
	t := make([]string, len(docs))
	for i, d := range docs {
		t[i] = d.Title
	}
	return strings.Join(t, "; ")
}

// The number sign is followed by digits, ranges, lists and a slash
// suffix: 215, 40-41,42,43, 3691-3692/538.
const numberPattern = `(\d+(?:\s*[-–/]\s*\d+)*(?:\s*,\s*\d+(?:\s*[-–/]\s*\d+)*)*)`

var (
	// "cipher telegram No 215 of 30 November"; the gap between the word and
	// the number stays within a clause.
	reCiteEN = regexp.MustCompile(`(?i)\b((?:cipher(?:ed)?\s+)?tele(?:gram|graph message))\b([^.;:\n]{0,80}?)(?:\b(?:No\.?|Nr\.?|N)|№)\s*` + numberPattern + `(?:\s+of\s+(\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?))?`)
	// "шифротелеграммой товарища Деканозова от 28 ноября за № 172"; "его
	// телеграмме от 30 ноября за № 215".
	reCiteRU = regexp.MustCompile(`(?i)((?:шифро)?телеграмм\p{L}*)([^.;:\n]{0,100}?)(?:№|\bN)\s*` + numberPattern)
	reDateRU = regexp.MustCompile(`от\s+(\d{1,2})\s+(\p{L}+)`)
	// A paragraph or mark that is only a number: "No 3691-3692/538",
	// "[handwritten below: N 40-41,42,43]".
	reOwn   = regexp.MustCompile(`^(?:No\.?|Nr\.?|N|№)\s*` + numberPattern + `$`)
	reLabel = regexp.MustCompile(`^[\p{L} ']{1,40}:\s*`)
)

// MatchReferences returns the numbered references that d makes or bears,
// in the order the texts give them, each matched against the other
// documents of docs, whose own references refs gives (ExtractReferences,
// or what a caller holding outlined documents extracted before). A
// citation matches a document that bears the same number, or whose number
// is a list or range holding it (No 42 is in N 40-41,42,43).
func MatchReferences(docs []*archive.Document, d *archive.Document, refs func(*archive.Document) []Reference) []Reference {
	mine := append([]Reference(nil), refs(d)...)
	if len(mine) == 0 {
		return nil
	}
	type found struct {
		doc  *archive.Document
		refs []Reference
	}
	var others []found
	for _, o := range docs {
		if o == d || o.ID == d.ID {
			continue
		}
		if refs := refs(o); len(refs) > 0 {
			others = append(others, found{o, refs})
		}
	}
	for i := range mine {
		r := &mine[i]
		for _, o := range others {
			for _, x := range o.refs {
				switch {
				case r.Role == RoleCites && x.Role == RoleBears && numberCovers(x.Number, r.Number):
					if r.Target == nil {
						r.Target = o.doc
					}
				case r.Role == RoleCites && x.Role == RoleCites && x.Number == r.Number,
					r.Role == RoleBears && x.Role == RoleCites && numberCovers(r.Number, x.Number):
					r.Also = appendDoc(r.Also, o.doc)
				}
			}
		}
	}
	sort.SliceStable(mine, func(i, j int) bool {
		if mine[i].Role != mine[j].Role {
			return mine[i].Role == RoleCites
		}
		return naturalLess(mine[i].Number, mine[j].Number)
	})
	return mine
}

func appendDoc(list []*archive.Document, d *archive.Document) []*archive.Document {
	for _, x := range list {
		if x == d {
			return list
		}
	}
	return append(list, d)
}

// ExtractReferences finds the references in both texts of d and merges
// those that give the same number in the same role; they are not yet
// matched against other documents (Target and Also are empty).
func ExtractReferences(d *archive.Document) []Reference {
	var out []Reference
	index := map[string]int{}
	add := func(role, kind, number, date string, m Mention) {
		key := role + " " + number
		i, ok := index[key]
		if !ok {
			index[key] = len(out)
			out = append(out, Reference{Role: role, Kind: kind, Number: number})
			i = len(out) - 1
		}
		r := &out[i]
		if kind == "cipher telegram" {
			r.Kind = kind // the more specific word, whichever text has it
		}
		if r.Date == "" || (date != "" && m.Lang == "en") {
			if date != "" {
				r.Date = date
			}
		}
		r.Mentions = append(r.Mentions, m)
	}
	// English first, so that English wording leads where both have it.
	for _, t := range []archive.Text{d.Translation, d.Original} {
		ru := isRussian(t)
		for _, p := range t.Paragraphs {
			plain := p.Plain()
			// A number borne or cited has a digit, and collapsing spaces
			// makes none: most paragraphs have none, and skip the copy
			// (4% of a first start's CPU at 100,000 documents).
			if !strings.ContainsAny(plain, "0123456789") {
				continue
			}
			text := collapse(plain)
			if n, ok := ownNumber(text); ok {
				add(RoleBears, "number", n, "", Mention{Lang: t.Code, Paragraph: p.N, Text: text, Sentence: text})
				continue
			}
			re, word := reCiteEN, "tele"
			if ru {
				re, word = reCiteRU, "телеграмм"
			}
			// The expressions backtrack: skip the many paragraphs that
			// cannot hold a citation at all.
			if !strings.ContainsAny(text, "0123456789") || !strings.Contains(strings.ToLower(text), word) {
				continue
			}
			for _, loc := range re.FindAllStringSubmatchIndex(text, -1) {
				word := strings.ToLower(text[loc[2]:loc[3]])
				kind := "telegram"
				if strings.HasPrefix(word, "cipher") || strings.HasPrefix(word, "шифро") {
					kind = "cipher telegram"
				}
				number := normalizeNumber(text[loc[6]:loc[7]])
				date := ""
				if ru {
					if m := reDateRU.FindStringSubmatch(text[loc[4]:loc[5]]); m != nil {
						date = englishDate(m[1], m[2])
					}
				} else if len(loc) > 9 && loc[8] >= 0 {
					date = text[loc[8]:loc[9]]
				}
				add(RoleCites, kind, number, date, Mention{
					Lang: t.Code, Paragraph: p.N,
					Text:     text[loc[0]:loc[1]],
					Sentence: sentenceAround(text, loc[0], loc[1]),
				})
			}
		}
	}
	return out
}

// ruMonths are the Russian month names in the genitive, as dates write
// them ("от 30 ноября").
var ruMonths = map[string]string{
	"января": "January", "февраля": "February", "марта": "March", "апреля": "April",
	"мая": "May", "июня": "June", "июля": "July", "августа": "August",
	"сентября": "September", "октября": "October", "ноября": "November", "декабря": "December",
}

// englishDate writes a Russian day and month in English; it gives "" for a
// word that is not a month, rather than a date it cannot vouch for.
func englishDate(day, month string) string {
	m, ok := ruMonths[strings.ToLower(month)]
	if !ok {
		return ""
	}
	return day + " " + m
}

func isRussian(t archive.Text) bool {
	if t.Code != "" {
		return t.Code == "ru"
	}
	return strings.EqualFold(t.Language, "Russian")
}

// ownNumber reads a paragraph that holds nothing but a number, once its
// brackets, a short label ("handwritten below:") and check marks are
// removed.
func ownNumber(text string) (string, bool) {
	// What reOwn matches ends with a digit, which ends text but for
	// spaces, brackets and full stops: most paragraphs end otherwise, and
	// are not made to run the expressions below.
	end := strings.TrimRightFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '[' || r == ']' || r == '.' })
	if end == "" || end[len(end)-1] < '0' || end[len(end)-1] > '9' {
		return "", false
	}
	return ownNumberOf(text)
}

// ownNumberOf is ownNumber without its first test.
func ownNumberOf(text string) (string, bool) {
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "[]"))
	s = reLabel.ReplaceAllString(s, "")
	s = strings.TrimSpace(strings.TrimLeft(s, "✓√v "))
	s = strings.TrimRight(s, ".")
	m := reOwn.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return normalizeNumber(m[1]), true
}

func normalizeNumber(s string) string {
	s = strings.ReplaceAll(s, "–", "-")
	return strings.Join(strings.Fields(s), "")
}

// numberCovers reports whether a document bearing number own is the one
// cited as cited: the same number, or a plain number inside own's list or
// range (the part before any slash).
func numberCovers(own, cited string) bool {
	if own == cited {
		return true
	}
	n, err := strconv.Atoi(cited)
	if err != nil {
		return false
	}
	head, _, _ := strings.Cut(own, "/")
	for _, part := range strings.Split(head, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, errA := strconv.Atoi(lo)
		if errA != nil {
			continue
		}
		b := a
		if isRange {
			if x, errB := strconv.Atoi(hi); errB == nil {
				b = x
			}
		}
		if n >= a && n <= b {
			return true
		}
	}
	return false
}

// sentenceAround returns the sentence of text that holds [start, end). A
// full stop after an abbreviation or an initial (Cde., Dr., M.) does not
// end a sentence.
func sentenceAround(text string, start, end int) string {
	from := 0
	for i := start - 1; i > 0; i-- {
		if isSentenceEnd(text, i) {
			from = i + 1
			break
		}
	}
	to := len(text)
	for i := end; i < len(text); i++ {
		if isSentenceEnd(text, i) {
			to = i + 1
			break
		}
	}
	return strings.TrimSpace(text[from:to])
}

func isSentenceEnd(text string, i int) bool {
	c := text[i]
	if c != '.' && c != '!' && c != '?' {
		return false
	}
	if i+1 < len(text) && text[i+1] != ' ' {
		return false
	}
	if c != '.' {
		return true
	}
	// The word before the full stop.
	j := i
	for j > 0 && text[j-1] != ' ' {
		j--
	}
	word := []rune(text[j:i])
	if len(word) > 0 && len(word) <= 3 && unicode.IsUpper(word[0]) {
		return false // Cde., Dr., No., an initial
	}
	return true
}
