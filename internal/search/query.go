package search

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/failure"
)

// Limits on a query. Each keeps a hostile request bounded: the parser is
// linear, but every word becomes a set of term searchers in bleve.
const (
	// MaxQueryRunes fits a long pasted sentence; longer input is refused
	// before it is parsed.
	MaxQueryRunes = 500
	// MaxTerms bounds the words, phrases and filters of one query.
	MaxTerms = 24
	// MaxPhraseWords bounds the words of one phrase: each is a term read
	// in every document that has it, and its positions checked against
	// the others'; a quotation longer than this is better searched by its
	// distinctive part.
	MaxPhraseWords = 12
	// maxRepeat is how many times one word may follow itself in a phrase
	// ("very very"); longer runs are cut to it, and a word repeated as a
	// plain word is searched once.
	maxRepeat = 2
	// MinPrefix is the shortest stem a trailing * may expand: shorter ones
	// match most of the vocabulary.
	MinPrefix = 3
	// PageSize is the number of results per page.
	PageSize = 10
	// MaxPage bounds pagination: nobody reads the thousandth result, and deep
	// pages cost memory in bleve.
	MaxPage = 100
)

// Term is a word, a prefix or a phrase.
type Term struct {
	Text   string
	Phrase bool
	Prefix bool // Text is the stem before a trailing *
}

func (t Term) String() string {
	switch {
	case t.Phrase:
		return `"` + t.Text + `"`
	case t.Prefix:
		return t.Text + "*"
	}
	return t.Text
}

// Clause is one or more alternative terms (joined by OR); a document must
// match every positive clause and no negated one.
type Clause struct {
	Alternatives []Term
	Negate       bool
}

// Filters narrow the results by the facets; values of one kind must all
// match.
type Filters struct {
	Person, Place, Org, Year, Lang, Archive []string
	// Sender and Recipient are who wrote the document and to whom: record
	// IDs or names, resolved as person and org are.
	Sender, Recipient []string
	From, To          string // ISO dates: 1946, 1946-04 or 1946-04-12
	// Subject holds the archive's subject tags ("Agriculture").
	Subject []string
}

// IsZero reports whether no filter is set.
func (f Filters) IsZero() bool {
	return len(f.Person)+len(f.Place)+len(f.Org)+len(f.Year)+len(f.Lang)+len(f.Archive)+len(f.Subject)+len(f.Sender)+len(f.Recipient) == 0 && f.From == "" && f.To == ""
}

// Query is a parsed query: what the reader typed, as understood.
type Query struct {
	Clauses []Clause
	Filters Filters
	// Notices say what was changed or left out, so the reader knows how the
	// query was understood.
	Notices []string
	// Exact searches the words as typed: no word is read as the name of a
	// record, in the record's other spellings.
	Exact bool
}

// IsZero reports whether the query asks for nothing.
func (q Query) IsZero() bool { return len(q.Clauses) == 0 && q.Filters.IsZero() }

// filterNames maps the names a reader may type before a colon to a filter.
var filterNames = map[string]string{
	"person": "person", "people": "person", "who": "person",
	"place": "place", "where": "place",
	"org": "org", "organisation": "org", "organization": "org",
	"year": "year",
	"lang": "lang", "language": "lang",
	"archive": "archive", "repository": "archive",
	"from": "from", "to": "to",
	"subject": "subject", "topic": "subject", "tag": "subject",
	"sender": "sender", "recipient": "recipient", "addressee": "recipient",
}

// ParseQuery reads the reader's query language: plain words (all must
// match), "exact phrases", -exclusions, OR, prefix*, and the filters
// person:, place:, org:, year:, lang:, archive:, subject:, from: and to:
// (a date; a name is a sender or recipient, as sender: and recipient:). It never fails on
// odd syntax (unbalanced quotes, stray operators, wildcards in the wrong
// place); it drops what it cannot use and says so in Notices. It fails only
// on input it refuses to read: not UTF-8, or over the limits.
func ParseQuery(s string) (Query, error) {
	var q Query
	if !utf8.ValidString(s) {
		return q, failure.New(failure.Invalid, "The query contains bytes that are not UTF-8 text. Retype it, or paste it from a plain-text source.")
	}
	if n := utf8.RuneCountInString(s); n > MaxQueryRunes {
		return q, failure.Errorf(failure.Invalid, "The query is %d characters long; the reading room reads queries of up to %d characters. Shorten it to the words that matter.", n, MaxQueryRunes)
	}
	p := &queryParser{src: []rune(s), q: &q}
	p.parse()
	if n := p.terms(); n > MaxTerms {
		return Query{}, failure.Errorf(failure.Invalid, "The query has %d words, phrases and filters; the reading room reads up to %d. Leave out the common words.", n, MaxTerms)
	}
	for _, c := range q.Clauses {
		for _, t := range c.Alternatives {
			if n := len(strings.Fields(t.Text)); t.Phrase && n > MaxPhraseWords {
				return Query{}, failure.Errorf(failure.Invalid, "The phrase “%s” has %d words; the reading room searches phrases of up to %d. Quote its most distinctive words.", clipPhrase(t.Text), n, MaxPhraseWords)
			}
		}
	}
	return q, nil
}

type queryParser struct {
	seen    map[string]bool // the terms added, for repeats
	src     []rune
	pos     int
	q       *Query
	noticed map[string]bool
	pendOr  bool // the previous token was OR
	negNext bool // the previous token was NOT
}

func (p *queryParser) notice(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.noticed == nil {
		p.noticed = map[string]bool{}
	}
	if !p.noticed[msg] {
		p.noticed[msg] = true
		p.q.Notices = append(p.q.Notices, msg)
	}
}

func (p *queryParser) terms() int {
	n := len(p.q.Filters.Person) + len(p.q.Filters.Place) + len(p.q.Filters.Org) + len(p.q.Filters.Year) + len(p.q.Filters.Lang) + len(p.q.Filters.Archive)
	for _, c := range p.q.Clauses {
		n += len(c.Alternatives)
	}
	return n
}

func (p *queryParser) parse() {
	for p.pos < len(p.src) {
		r := p.src[p.pos]
		switch {
		case unicode.IsSpace(r):
			p.pos++
		case r == '(' || r == ')':
			p.pos++
			p.notice("Parentheses are not needed: all words must match, and OR joins the words on either side of it.")
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»':
			p.pos++
			p.phrase(false)
		default:
			p.word()
		}
	}
	if p.pendOr {
		p.notice("OR needs a word on each side; the last OR was left out.")
	}
}

// readQuoted reads up to the closing quote.
func (p *queryParser) readQuoted() string {
	start := p.pos
	for p.pos < len(p.src) && !isQuote(p.src[p.pos]) {
		p.pos++
	}
	text := string(p.src[start:p.pos])
	if p.pos < len(p.src) {
		p.pos++
	} else {
		p.notice("A quotation mark was not closed; the phrase runs to the end of the query.")
	}
	return text
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '«' || r == '»' }

func (p *queryParser) phrase(negate bool) {
	text := strings.Join(p.collapseRuns(strings.Fields(p.readQuoted())), " ")
	text = p.clean(text, true)
	if text == "" {
		return
	}
	t := Term{Text: text, Phrase: len(strings.Fields(text)) > 1}
	p.add(t, negate)
}

func (p *queryParser) word() {
	start := p.pos
	for p.pos < len(p.src) && !unicode.IsSpace(p.src[p.pos]) && !isQuote(p.src[p.pos]) && p.src[p.pos] != '(' && p.src[p.pos] != ')' {
		p.pos++
	}
	w := string(p.src[start:p.pos])
	switch w {
	case "OR", "|", "||":
		if len(p.q.Clauses) == 0 || p.q.Clauses[len(p.q.Clauses)-1].Negate {
			p.notice("OR needs a word on each side; an OR was left out.")
			return
		}
		p.pendOr = true
		return
	case "AND", "&&", "+":
		return // every word must match anyway
	case "NOT":
		p.negNext = true
		return
	}
	negate := p.negNext
	p.negNext = false
	if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "!") {
		w, negate = w[1:], true
	}
	w = strings.TrimPrefix(w, "+")
	if w == "" {
		if negate && p.pos < len(p.src) && isQuote(p.src[p.pos]) {
			p.pos++
			p.phrase(true)
		}
		return
	}
	if i := strings.IndexRune(w, ':'); i > 0 {
		if kind, ok := filterNames[strings.ToLower(w[:i])]; ok {
			value := w[i+1:]
			if value == "" && p.pos < len(p.src) && isQuote(p.src[p.pos]) {
				p.pos++
				value = strings.Join(strings.Fields(p.readQuoted()), " ")
			}
			if negate {
				p.notice("Filters cannot be negated; “-%s” was used as a plain filter.", w)
			}
			p.filter(kind, value)
			return
		}
	}
	if strings.HasPrefix(w, "/") && strings.HasSuffix(w, "/") && len(w) > 2 {
		p.notice("Regular expressions are not supported; “%s” was searched as words.", w)
		w = w[1 : len(w)-1]
	}
	prefix := strings.HasSuffix(w, "*") && !strings.ContainsAny(strings.TrimRight(w, "*"), "*?")
	w = p.clean(w, false)
	if w == "" {
		return
	}
	// Words glued by punctuation ("Tabriz-Baku", "12:30") are searched
	// separately, as the analyzers would split them.
	parts := strings.FieldsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' })
	if len(parts) > 1 {
		p.add(Term{Text: strings.Join(parts, " "), Phrase: true}, negate)
		return
	}
	if len(parts) == 0 {
		return
	}
	t := Term{Text: parts[0]}
	if prefix {
		if utf8.RuneCountInString(t.Text) < MinPrefix {
			p.notice("“%s*” is too short to search as a beginning of words (at least %d letters before *); it was searched as a whole word.", t.Text, MinPrefix)
		} else {
			t.Prefix = true
		}
	}
	p.add(t, negate)
}

// clean removes the operators the reading room does not support, saying so.
func (p *queryParser) clean(w string, phrase bool) string {
	if strings.ContainsAny(w, "*?") {
		if !phrase && strings.HasSuffix(w, "*") && !strings.ContainsAny(strings.TrimRight(w, "*"), "*?") {
			w = strings.TrimRight(w, "*")
		} else {
			p.notice("Wildcards work only at the end of a word (Tabr*); other * and ? were left out.")
			w = strings.NewReplacer("*", "", "?", "").Replace(w)
		}
	}
	if strings.ContainsAny(w, "~^") {
		p.notice("Fuzzy (~) and boost (^) operators are not supported: names are matched in every spelling the collection knows, and close spellings are suggested when nothing matches.")
		w = strings.Map(func(r rune) rune {
			if r == '~' || r == '^' {
				return -1
			}
			return r
		}, w)
		w = strings.TrimRightFunc(w, unicode.IsDigit)
	}
	has := false
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			has = true
			break
		}
	}
	if !has {
		if strings.TrimSpace(w) != "" {
			p.notice("“%s” has no letters or digits and was left out.", w)
		}
		return ""
	}
	return strings.TrimSpace(w)
}

// collapseRuns cuts every run of one word (in any case) longer than
// maxRepeat to maxRepeat words, saying so.
func (p *queryParser) collapseRuns(words []string) []string {
	out := words[:0]
	run := 0
	for i, w := range words {
		if i > 0 && strings.EqualFold(w, words[i-1]) {
			run++
		} else {
			run = 1
		}
		if run > maxRepeat {
			p.notice("“%s” repeated more than %d times in a row was searched %d times.", w, maxRepeat, maxRepeat)
			continue
		}
		out = append(out, w)
	}
	return out
}

// clipPhrase shortens a phrase for a message.
func clipPhrase(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func (p *queryParser) add(t Term, negate bool) {
	// A word or phrase already asked for, the same way, adds nothing but
	// work: it is searched once.
	key := t.String()
	if negate {
		key = "-" + key
	}
	key = strings.ToLower(key)
	if p.seen[key] && !p.pendOr {
		p.notice("“%s” was given more than once and is searched once.", t)
		return
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[key] = true
	if p.pendOr && !negate && len(p.q.Clauses) > 0 {
		last := &p.q.Clauses[len(p.q.Clauses)-1]
		last.Alternatives = append(last.Alternatives, t)
		p.pendOr = false
		return
	}
	if p.pendOr && negate {
		p.notice("OR cannot join an excluded word; the OR was left out.")
	}
	p.pendOr = false
	p.q.Clauses = append(p.q.Clauses, Clause{Alternatives: []Term{t}, Negate: negate})
}

// Dates a range may name: the index stores times as nanoseconds since
// 1970, which reach back only to 1677; archival documents of this kind are
// later than 1800 anyway.
const (
	minYear = 1800
	maxYear = 2100
)

// ParseDate reads a from: or to: date: 1946, 1946-04 or 1946-04-12.
// The end of a range covers the whole year or month it names.
func ParseDate(s string, end bool) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		t, err := time.Parse(layout, s)
		if err != nil || t.Year() < minYear || t.Year() > maxYear {
			continue
		}
		if end {
			switch layout {
			case "2006":
				t = t.AddDate(1, 0, 0).Add(-time.Nanosecond)
			case "2006-01":
				t = t.AddDate(0, 1, 0).Add(-time.Nanosecond)
			default:
				t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
			}
		}
		return t, true
	}
	return time.Time{}, false
}

func (p *queryParser) filter(kind, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		p.notice("“%s:” needs a value after the colon and was left out.", kind)
		return
	}
	f := &p.q.Filters
	switch kind {
	case "person":
		f.Person = appendNew(f.Person, value)
	case "place":
		f.Place = appendNew(f.Place, value)
	case "org":
		f.Org = appendNew(f.Org, value)
	case "archive":
		f.Archive = appendNew(f.Archive, strings.ToUpper(archive.RepositoryKey(value))) // as the timeline reads archive=
	case "subject":
		f.Subject = appendNew(f.Subject, value)
	case "sender":
		f.Sender = appendNew(f.Sender, value)
	case "recipient":
		f.Recipient = appendNew(f.Recipient, value)
	case "year":
		if _, ok := ParseDate(value, false); !ok || len(value) != 4 {
			p.notice("“year:%s” is not a year such as 1946 and was left out.", value)
			return
		}
		f.Year = appendNew(f.Year, value)
	case "lang":
		l, ok := archive.LookupLanguage(value)
		if !ok {
			p.notice("“lang:%s” is not a language the reading room knows (lang:en or lang:ru, or the language’s name) and was left out.", value)
			return
		}
		f.Lang = appendNew(f.Lang, l.Code)
	case "from", "to":
		if _, ok := ParseDate(value, false); !ok && !looksLikeDate(value) {
			// from:bagirov is a sender, to:stalin a recipient.
			if kind == "from" {
				f.Sender = appendNew(f.Sender, value)
			} else {
				f.Recipient = appendNew(f.Recipient, value)
			}
			return
		}
		if _, ok := ParseDate(value, false); !ok {
			p.notice("“%s:%s” is not a date from %d to %d such as 1946, 1946-04 or 1946-04-12, and was left out.", kind, value, minYear, maxYear)
			return
		}
		if kind == "from" {
			f.From = value
		} else {
			f.To = value
		}
	}
}

// looksLikeDate reports whether a from: or to: value is meant as a date,
// however badly written (a digit leads it): such a value gets a notice,
// not a search for a sender named "1946-13".
func looksLikeDate(v string) bool { return v != "" && v[0] >= '0' && v[0] <= '9' }

func appendNew(list []string, v string) []string {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return list
		}
	}
	return append(list, v)
}

// String returns the query as understood, in the query language.
func (q Query) String() string {
	var parts []string
	for _, c := range q.Clauses {
		var alts []string
		for _, t := range c.Alternatives {
			alts = append(alts, t.String())
		}
		s := strings.Join(alts, " OR ")
		if c.Negate {
			s = "-" + s
		}
		parts = append(parts, s)
	}
	f := q.Filters
	for _, kv := range []struct {
		k  string
		vs []string
	}{{"person", f.Person}, {"place", f.Place}, {"org", f.Org}, {"year", f.Year}, {"lang", f.Lang}, {"archive", f.Archive}, {"subject", f.Subject}, {"sender", f.Sender}, {"recipient", f.Recipient}} {
		for _, v := range kv.vs {
			if strings.ContainsRune(v, ' ') {
				v = `"` + v + `"`
			}
			parts = append(parts, kv.k+":"+v)
		}
	}
	if f.From != "" {
		parts = append(parts, "from:"+f.From)
	}
	if f.To != "" {
		parts = append(parts, "to:"+f.To)
	}
	return strings.Join(parts, " ")
}
