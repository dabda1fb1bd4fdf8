package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/readingroom/readingroom/internal/failure"
	"golang.org/x/sync/errgroup"
)

// Bounds on one search's cost.
const (
	// searchTimeout bounds a search, even when the client would wait longer.
	searchTimeout = 2 * time.Second
)

// maxTermSearchers bounds the terms a search may open: a prefix such as
// "the*" on a large collection expands to thousands of terms. (A variable
// so that tests can reach it with a few words.)
var maxTermSearchers = 4096

// ErrTooBroad means a query would expand to too many terms to answer fast.
var ErrTooBroad = failure.New(failure.TooBroad, "This query would match too many different words to answer quickly. Use longer beginnings before * (at least a few letters more), or fewer of them.")

// ErrTimeout means a search did not finish in time.
var ErrTimeout = failure.New(failure.Timeout, "The search took too long and was stopped. Try fewer words or a narrower filter.")

// Sort orders.
const (
	SortRelevance = ""
	SortOldest    = "oldest"
	SortNewest    = "newest"
)

// Request is one validated search.
type Request struct {
	Query Query
	Sort  string
	Page  int // 1-based, at most MaxPage
}

// Result is one page of results.
type Result struct {
	Total   int
	Hits    []Hit
	Facets  []Facet
	Notices []string
	// Names are the authority records the query's words resolved to.
	Names []NameMatch
	// Suggestions are close spellings that occur in the collection, for
	// queries without results.
	Suggestions []Suggestion
	Took        time.Duration
}

// Hit is a matching document with the passages that show why.
type Hit struct {
	ID       string
	Score    float64
	Snippets []Snippet
	// First is where the document first matches in a text, for the link
	// that opens it scrolled to the passage ("en-3"); empty if only the
	// title or summary matched.
	First string
}

// Snippet is a passage of one field with the matching words marked.
type Snippet struct {
	Field string // "title", "summary", "translation", "original", "notes"
	Para  int    // paragraph number for the texts
	Lang  string // language code of the passage
	Parts []Part
}

// Part is a run of snippet text, marked when it matched.
type Part struct {
	Text string `json:"text"`
	Mark bool   `json:"mark"`
}

// Facet is the count of matching documents per value of a field.
type Facet struct {
	Field  string // "year", "person", "place", "organisation", "repository", "language"
	Values []FacetValue
}

// FacetValue is one value of a facet.
type FacetValue struct {
	Value string
	Count int
}

// NameMatch says that a word of the query names a person or place.
type NameMatch struct {
	Query string `json:"query"` // as typed
	Ref   Ref    `json:"ref"`
}

// Suggestion is a word of the query respelled as the collection spells it,
// or as a record names someone or something.
type Suggestion struct {
	Word, Instead string
	// Ref is the record when Word is its name ("Pishevari, person").
	Ref *Ref
}

// facetFields lists the facets in the order pages show them; person and
// place exist only when names are known.
var facetFields = []struct {
	field string
	size  int
	names bool
}{
	{fieldYear, 50, false}, {fieldPerson, 30, true}, {fieldPlace, 30, true}, {fieldOrg, 30, true},
	{fieldRepository, 20, false}, {fieldLanguage, 10, false}, {fieldSubject, 30, false},
	{fieldSender, 30, true}, {fieldRecipient, 30, true},
}

// Search runs a request under ctx, bounded in time and in the terms it may
// expand to.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	var key string
	keep := false
	if ix.cache != nil {
		key, keep = cacheKey(ix.corpus, req)
	}
	if keep {
		if res, ok := ix.cache.get(key, start); ok {
			return res, nil
		}
	}
	res := &Result{Notices: append([]string(nil), req.Query.Notices...)}
	b := ix.build(req.Query, res)
	if b.err != nil {
		return nil, b.err
	}
	if b.q == nil {
		return res, nil
	}
	page := req.Page
	if page < 1 || page > MaxPage {
		return nil, failure.Errorf(failure.Invalid, "Pages run from 1 to %d.", MaxPage)
	}
	var order []string
	switch req.Sort {
	case SortOldest:
		order = []string{fieldDate, "_id"}
	case SortNewest:
		order = []string{"-" + fieldDate, "_id"}
	default:
		// Relevance alone: a tie-breaker field would make bleve read its
		// doc values for every matching document, the largest cost at scale.
		order = []string{"-_score"}
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	ctx = context.WithValue(ctx, bsearch.MaxTermSearchersKey, maxTermSearchers)
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	hits, counter, total, err := ix.collectIn(ctx, r, b.q, order, PageSize, (page-1)*PageSize)
	if err != nil {
		switch {
		case strings.Contains(err.Error(), "TooManyTermSearchers"):
			return nil, ErrTooBroad
		case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
			return nil, ErrTimeout
		case ctx.Err() != nil:
			return nil, ctx.Err()
		}
		return nil, err
	}
	res.Total = int(total)
	docs, err := ix.sources(r, hits)
	if err != nil {
		return nil, err
	}
	for i, h := range hits {
		d := docs[i]
		hit := Hit{ID: h.ID, Score: h.Score}
		hit.Snippets, hit.First = b.marker.snippets(d)
		res.Hits = append(res.Hits, hit)
	}
	for i, f := range facetFields {
		if f.names && ix.names == nil {
			continue
		}
		facet := counter.facet(i, f.size)
		if len(facet.Values) == 0 {
			continue
		}
		if f.field == fieldYear {
			sort.Slice(facet.Values, func(i, j int) bool { return facet.Values[i].Value < facet.Values[j].Value })
		}
		res.Facets = append(res.Facets, facet)
	}
	if res.Total == 0 {
		res.Suggestions = ix.suggest(req.Query)
	}
	res.Took = time.Since(start)
	if keep {
		ix.cache.add(key, res)
		// The caller gets its own copy, as later callers will.
		if own, ok := ix.cache.get(key, start); ok {
			return own, nil
		}
	}
	return res, nil
}

// slowSource is how long a hit's document may take to read from the
// source (Options.Source) before the others are read at once, one
// goroutine a core: a document the source keeps in memory takes a
// microsecond, and goroutines would cost more than they save; one it reads
// and parses anew (the library's, when its cache of texts misses) takes
// half a millisecond or more, ten times that for a page of hits.
const slowSource = 50 * time.Microsecond

// sources gives the documents of hits, for their snippets: each as the
// snapshot r stores it (stored.go), or, when it stores none, as the source
// reads it.
func (ix *Index) sources(r index.IndexReader, hits bsearch.DocumentMatchCollection) ([]*Doc, error) {
	docs := make([]*Doc, len(hits))
	stored := newStoredDocs(r, ix.docs)
	var missing []int
	for i, h := range hits {
		if docs[i] = stored.doc(h); docs[i] == nil {
			missing = append(missing, i)
		}
	}
	read := func(i int) error {
		d, err := ix.source(hits[i].ID)
		if err != nil {
			return fmt.Errorf("reading a hit: %w", err)
		}
		docs[i] = d
		return nil
	}
	for k, i := range missing {
		start := time.Now()
		if err := read(i); err != nil {
			return nil, err
		}
		if time.Since(start) < slowSource {
			continue
		}
		var g errgroup.Group
		g.SetLimit(runtime.GOMAXPROCS(0))
		for _, j := range missing[k+1:] {
			g.Go(func() error { return read(j) })
		}
		return docs, g.Wait()
	}
	return docs, nil
}

// builder turns a parsed Query into a bleve query and a Marker.
type builder struct {
	q      query.Query
	marker *Marker
	err    error
}

func (ix *Index) build(q Query, res *Result) builder {
	m := ix.newMarker()
	m.exact = q.Exact
	var must, mustNot []query.Query
	for _, c := range ix.joinNames(q.Clauses, q.Exact) {
		var alts []query.Query
		for _, t := range c.Alternatives {
			if t.Prefix {
				if err := ix.checkPrefix(t.Text); err != nil {
					return builder{err: err}
				}
			}
			tq, ok := ix.termQuery(t, m, res, !c.Negate)
			if ok {
				alts = append(alts, tq)
			}
		}
		if len(alts) == 0 {
			continue
		}
		var cq query.Query = alts[0]
		if len(alts) > 1 {
			cq = bleve.NewDisjunctionQuery(alts...)
		}
		if c.Negate {
			mustNot = append(mustNot, cq)
		} else {
			must = append(must, cq)
		}
	}
	filters := ix.filterQueries(q.Filters, res)
	if len(must) == 0 && len(mustNot) == 0 && len(filters) == 0 {
		return builder{marker: m}
	}
	var scored query.Query // nil: every document
	switch {
	case len(must) == 0 && len(mustNot) == 0:
	case len(must) == 1 && len(mustNot) == 0 && isDisjunction(must[0]):
		// One clause alone: bleve would search it through a conjunction of
		// one, a call and a score more per match, for the same scores (a
		// disjunction's query norm is the one the conjunction gives it).
		scored = must[0]
	default:
		if len(must) == 0 {
			must = append(must, bleve.NewMatchAllQuery())
		}
		bq := bleve.NewBooleanQuery()
		bq.AddMust(must...)
		if len(mustNot) > 0 {
			bq.AddMustNot(mustNot...)
		}
		scored = bq
	}
	if len(filters) == 0 {
		return builder{q: scored, marker: m}
	}
	return builder{q: ix.newFiltered(scored, filters), marker: m}
}

// isDisjunction says whether q is a disjunction, which a query of one
// clause is (termQuery makes one).
func isDisjunction(q query.Query) bool {
	_, ok := q.(*query.DisjunctionQuery)
	return ok
}

// maxNameWords is the longest name, in words, that a query may give
// without quotes ("Seyyed Ja'far Pishevari").
const maxNameWords = 4

// joinNames reads runs of plain words that together name a person or place
// ("Ahmad Qavam", "Qavam os-Saltaneh") as that name, so that a full name
// need not be quoted: each word alone may not occur in a document that
// names the person otherwise.
func (ix *Index) joinNames(cs []Clause, exact bool) []Clause {
	if ix.names == nil || exact {
		return cs
	}
	plain := func(c Clause) bool {
		return !c.Negate && len(c.Alternatives) == 1 && !c.Alternatives[0].Prefix
	}
	var out []Clause
	for i := 0; i < len(cs); {
		joined := false
		for n := min(maxNameWords, len(cs)-i); n >= 2; n-- {
			words := make([]string, 0, n)
			for _, c := range cs[i : i+n] {
				if !plain(c) {
					break
				}
				words = append(words, c.Alternatives[0].Text)
			}
			if len(words) < n {
				continue
			}
			name := strings.Join(words, " ")
			if len(ix.names.Resolve(name)) > 0 {
				out = append(out, Clause{Alternatives: []Term{{Text: name, Phrase: true}}})
				i += n
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, cs[i])
			i++
		}
	}
	return out
}

// termQuery matches a term in every text field, each with its own analyzer,
// and, when the term names a person or place, every document that mentions
// them in any spelling.
func (ix *Index) termQuery(t Term, m *Marker, res *Result, positive bool) (query.Query, bool) {
	var qs []query.Query
	if t.Prefix {
		// Prefixes are looked up among the words as written (the text
		// fields also hold stems and word pairs).
		for _, p := range ix.prefixesOf(t.Text) {
			pq := bleve.NewPrefixQuery(p)
			pq.SetField(fieldWords)
			qs = append(qs, pq)
		}
		if positive {
			m.prefixes = append(m.prefixes, strings.ToLower(t.Text))
		}
		return bleve.NewDisjunctionQuery(qs...), true
	}
	en, ru := ix.analyze(ix.en, t.Text), ix.analyze(ix.ru, t.Text)
	useful := len(en.terms) > 0
	if isCyrillic(t.Text) {
		useful = len(ru.terms) > 0
	}
	var refs []Ref
	if !m.exact {
		refs = ix.resolve(t.Text)
	}
	if !useful && len(refs) == 0 {
		res.Notices = append(res.Notices, fmt.Sprintf("“%s” is too common a word to search for and was left out.", t.Text))
		return nil, false
	}
	for _, f := range textFields {
		if t.Phrase {
			qs = append(qs, ix.phraseQuery(t.Text, f))
		} else if term := oneTerm(f, en, ru); term != "" {
			// A word read as one term: bleve's MatchQuery would analyse it
			// again and search its one term through a conjunction of one,
			// a call more per match, for the same score.
			tq := bleve.NewTermQuery(term)
			tq.SetField(f)
			qs = append(qs, tq)
		} else {
			mq := bleve.NewMatchQuery(t.Text)
			mq.SetField(f)
			mq.Analyzer = queryAnalyzer[f]
			mq.SetOperator(query.MatchQueryOperatorAnd)
			qs = append(qs, mq)
		}
	}
	for _, r := range refs {
		tq := bleve.NewTermQuery(r.ID)
		tq.SetField(r.Kind)
		qs = append(qs, tq)
		if positive {
			res.Names = append(res.Names, NameMatch{Query: t.Text, Ref: r})
			m.refs.add(r.Kind + ":" + r.ID)
		}
	}
	if positive {
		for _, w := range en.terms {
			m.en[w] = true
		}
		for _, w := range ru.terms {
			m.ru[w] = true
		}
		if t.Phrase && (len(en.terms) > 1 || len(ru.terms) > 1) {
			m.phrases = append(m.phrases, phrase{en: phraseOf(en.tokens), ru: phraseOf(ru.tokens)})
		} else {
			for _, w := range en.terms {
				m.enWords.add(w)
			}
			for _, w := range ru.terms {
				m.ruWords.add(w)
			}
		}
	}
	return bleve.NewDisjunctionQuery(qs...), true
}

// oneTerm is the term a word is read as in field f, given its English and
// Russian analyses; "" when it is read as none or as several.
func oneTerm(f string, en, ru *analyzerTerms) string {
	var a *analyzerTerms
	switch queryAnalyzer[f] {
	case analyzerEnglish:
		a = en
	case analyzerRussian:
		a = ru
	}
	if a == nil || len(a.terms) != 1 {
		return ""
	}
	return a.terms[0]
}

// phraseQuery matches the words of text in field f next to each other, in
// order. In a field indexed with word pairs, a phrase of two words is the
// pair's term; a longer one needs all its pairs, and its positions are
// checked only in the documents that have them. A phrase whose analysis
// leaves gaps (stop words) is checked by positions alone.
func (ix *Index) phraseQuery(text, f string) query.Query {
	pq := bleve.NewMatchPhraseQuery(text)
	pq.SetField(f)
	pq.Analyzer = queryAnalyzer[f]
	if !pairFields[f] {
		return pq
	}
	a := ix.en
	if f == fieldOriginal {
		a = ix.ru
	}
	tokens := a.Analyze([]byte(text))
	if len(tokens) < 2 {
		return pq
	}
	var pairs []query.Query
	for i := 1; i < len(tokens); i++ {
		if tokens[i].Position != tokens[i-1].Position+1 {
			return pq
		}
		tq := bleve.NewTermQuery(string(tokens[i-1].Term) + pairSeparator + string(tokens[i].Term))
		tq.SetField(f)
		pairs = append(pairs, tq)
	}
	if len(pairs) == 1 {
		return pairs[0]
	}
	return bleve.NewConjunctionQuery(append(pairs, pq)...)
}

// A prefix is refused, before anything is searched, when it stands for
// more words than maxPrefixWords or when those words occur in more than
// maxPrefixPostings places (documents, summed over the words): the cost of
// a prefix search grows with both. (Variables so that tests can reach them
// with a small collection.)
var (
	maxPrefixWords    = 300
	maxPrefixPostings = uint64(250_000)
)

// prefixesOf returns the prefixes searched for text typed before a *: as
// typed, in lower case, and as each language's analysis reads it.
func (ix *Index) prefixesOf(text string) []string {
	out := []string{strings.ToLower(text)}
	for _, a := range []*analyzerTerms{ix.analyze(ix.en, text), ix.analyze(ix.ru, text)} {
		if len(a.terms) == 1 && !slices.Contains(out, a.terms[0]) {
			out = append(out, a.terms[0])
		}
	}
	return out
}

// checkPrefix says whether text typed before a * is narrow enough to
// search.
func (ix *Index) checkPrefix(text string) error {
	r, err := ix.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	counter, err := newWordCounter(r, fieldWords)
	if err != nil {
		return err
	}
	words, places := 0, uint64(0)
	for _, p := range ix.prefixesOf(text) {
		dict, err := r.FieldDictPrefix(fieldWords, []byte(p))
		if err != nil {
			return err
		}
		for {
			e, err := dict.Next()
			if err != nil || e == nil {
				dict.Close()
				if err != nil {
					return err
				}
				break
			}
			words++
			if words > maxPrefixWords {
				dict.Close()
				return failure.Errorf(failure.Invalid, "“%s*” stands for too many words (%s so far, in %s places) to search quickly. Give a few more letters before the *.", text, thousands(uint64(words)), thousands(places))
			}
			// Not e.Count (wordCounter says why).
			n, err := counter.count(e.Term)
			if err != nil {
				dict.Close()
				return err
			}
			places += n
			if places > maxPrefixPostings {
				dict.Close()
				return failure.Errorf(failure.Invalid, "“%s*” stands for too many words (%s so far, in %s places) to search quickly. Give a few more letters before the *.", text, thousands(uint64(words)), thousands(places))
			}
		}
	}
	return nil
}

// thousands writes n with commas: 12,345.
func thousands(n uint64) string {
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (ix *Index) resolve(name string) []Ref {
	if ix.names == nil {
		return nil
	}
	return ix.names.Resolve(name)
}

// filterClause is one filter of a query: a value of a field, or a range
// of dates (field empty), open at one end: from or to.
type filterClause struct {
	q            query.Query
	field, value string
	from, to     time.Time
}

// filterQueries turns a query's filters into bleve queries.
func (ix *Index) filterQueries(f Filters, res *Result) []filterClause {
	var out []filterClause
	term := func(field, v string) {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		out = append(out, filterClause{q: tq, field: field, value: v})
	}
	for _, kind := range []struct {
		field  string
		values []string
	}{{fieldPerson, f.Person}, {fieldPlace, f.Place}, {fieldOrg, f.Org}, {fieldSender, f.Sender}, {fieldRecipient, f.Recipient}} {
		for _, v := range kind.values {
			id := v
			if ix.names != nil {
				for _, r := range ix.names.Resolve(v) {
					// A sender or recipient is a person or a body.
					party := (kind.field == fieldSender || kind.field == fieldRecipient) && (r.Kind == fieldPerson || r.Kind == fieldOrg)
					if r.Kind == kind.field || party {
						id = r.ID
						break
					}
				}
			}
			term(kind.field, id)
		}
	}
	for _, v := range f.Year {
		term(fieldYear, v)
	}
	for _, v := range f.Lang {
		term(fieldLanguage, v)
	}
	for _, v := range f.Archive {
		term(fieldRepository, v)
	}
	for _, v := range f.Subject {
		term(fieldSubject, strings.ToLower(v))
	}
	if f.From != "" || f.To != "" {
		var from, to time.Time
		if f.From != "" {
			from, _ = ParseDate(f.From, false)
		}
		if f.To != "" {
			to, _ = ParseDate(f.To, true)
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			res.Notices = append(res.Notices, "The “to” date is before the “from” date, so no document can match.")
		}
		// A document's date is an interval (a month, a year): it matches
		// when the interval overlaps the range, that is when it ends on or
		// after "from" and begins on or before "to".
		inclusive := true
		if !from.IsZero() {
			dq := bleve.NewDateRangeInclusiveQuery(from, time.Time{}, &inclusive, nil)
			dq.SetField(fieldDateEnd)
			out = append(out, filterClause{q: dq, from: from})
		}
		if !to.IsZero() {
			dq := bleve.NewDateRangeInclusiveQuery(time.Time{}, to, nil, &inclusive)
			dq.SetField(fieldDate)
			out = append(out, filterClause{q: dq, to: to})
		}
	}
	return out
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// maxSuggestions bounds the respellings offered for a query.
const maxSuggestions = 5

// suggest offers, for the query's words, first the records whose names are
// close to a word, then close spellings that occur in the collection. A
// word that is, or is part of, a name the records know is never respelled:
// Stalin is not a misspelt "stain".
func (ix *Index) suggest(q Query) []Suggestion {
	var words []string
	for _, c := range ix.joinNames(q.Clauses, q.Exact) {
		if c.Negate {
			continue
		}
		for _, t := range c.Alternatives {
			if t.Phrase || t.Prefix || len(ix.resolve(t.Text)) > 0 {
				continue
			}
			words = append(words, t.Text)
		}
	}
	var out []Suggestion
	offered := map[string]bool{}
	if near, ok := ix.names.(NearNames); ok {
		for _, w := range words {
			for _, r := range near.Near(w) {
				if len(out) >= maxSuggestions {
					break
				}
				r := r
				out = append(out, Suggestion{Word: r.Name, Instead: w, Ref: &r})
				offered[w] = true
			}
		}
	}
	var rest []string
	for _, w := range words {
		if !offered[w] {
			rest = append(rest, w)
		}
	}
	return append(out, ix.suggestWords(rest, maxSuggestions-len(out))...)
}

// suggestWords offers close spellings that occur in the collection, at most
// limit.
func (ix *Index) suggestWords(words []string, limit int) []Suggestion {
	if limit <= 0 || len(words) == 0 {
		return nil
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	counter, err := newWordCounter(r, fieldWords)
	if err != nil {
		return nil
	}
	var out []Suggestion
	for _, text := range words {
		if len(out) >= limit {
			break
		}
		word := strings.ToLower(text)
		fuzz := 1
		if len([]rune(word)) >= 6 {
			fuzz = 2
		}
		dict, err := fr.FieldDictFuzzy(fieldWords, word, fuzz, "")
		if err != nil {
			continue
		}
		// The closest spelling wins; among equals, the most frequent,
		// counted from its postings, not e.Count (wordCounter says why).
		best, bestCount, bestDist := "", uint64(0), uint8(255)
		for i := 0; i < 1000; i++ {
			e, err := dict.Next()
			if err != nil || e == nil {
				break
			}
			if e.Term == word || e.EditDistance > bestDist {
				continue
			}
			n, err := counter.count(e.Term)
			if err != nil {
				break
			}
			if e.EditDistance < bestDist || n > bestCount {
				best, bestCount, bestDist = e.Term, n, e.EditDistance
			}
		}
		dict.Close()
		if best == "" {
			continue
		}
		out = append(out, Suggestion{Word: best, Instead: text})
	}
	return out
}
