package search

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Marker finds the words of a query in text, the way the index matched
// them: by the analyzed (stemmed) form in each language, by prefix, and by
// the names the query resolved to. It cuts search snippets and highlights
// the terms on a document's page.
type Marker struct {
	ix *Index
	// en and ru are the analyzed terms of every word of the query, which
	// make a paragraph worth analyzing; words and enWords, ruWords those
	// marked wherever they stand, phrases those marked only together.
	en, ru           map[string]bool
	enWords, ruWords set
	phrases          []phrase
	prefixes         []string // lower-cased
	refs             set      // "person:qavam"
	exact            bool     // the query's words are not read as names

	// hints are what hintCount looks for in a text of each language, made
	// once (hintsOnce): the start of every term and prefix, in lower
	// case, capitalised and in capitals.
	hintsOnce        sync.Once
	enHints, ruHints hintSet

	// mentions is mentionsByPara's list, made again for each hit.
	mentions paraMentions
}

// phrase is a quoted phrase of the query as each language's analyzer reads
// it: its terms, each with its position relative to the first, so that
// the stop words between them ("die, but do not retreat") keep their
// places.
type phrase struct{ en, ru []posTerm }

type posTerm struct {
	term string
	pos  int
}

func phraseOf(ts analysis.TokenStream) []posTerm {
	var out []posTerm
	for _, t := range ts {
		out = append(out, posTerm{string(t.Term), t.Position - ts[0].Position})
	}
	return out
}

// Range is a marked span of text, in bytes.
type Range struct{ Start, End int }

func (ix *Index) newMarker() *Marker {
	return &Marker{ix: ix, en: map[string]bool{}, ru: map[string]bool{}}
}

// Marker returns the marker of a parsed query, for highlighting a
// document's page.
func (ix *Index) Marker(q Query) *Marker {
	return ix.build(q, &Result{}).marker
}

// IsZero reports whether the marker marks nothing.
func (m *Marker) IsZero() bool {
	return len(m.en) == 0 && len(m.ru) == 0 && len(m.prefixes) == 0 && len(m.refs.list) == 0
}

// Refs returns the names ("person:qavam") whose mentions should be marked.
func (m *Marker) Refs() map[string]bool { return m.refs.m }

type analyzerTerms struct {
	terms  []string
	tokens analysis.TokenStream
}

func (ix *Index) analyze(a analysis.Analyzer, text string) *analyzerTerms {
	out := &analyzerTerms{tokens: a.Analyze([]byte(text))}
	for _, t := range out.tokens {
		out.terms = append(out.terms, string(t.Term))
	}
	return out
}

// Ranges returns the spans of text that match, for text in the language
// with the given code ("en", "ru"; anything else is read as English).
func (m *Marker) Ranges(lang, text string) []Range {
	if m == nil || m.IsZero() || text == "" {
		return nil
	}
	a, kind, terms, words := m.ix.en, tokensEnglish, m.en, m.enWords
	if lang == "ru" {
		a, kind, terms, words = m.ix.ru, tokensRussian, m.ru, m.ruWords
	}
	// A paragraph analysed before is read again; another is analysed only
	// if it may match.
	if !m.ix.tokens.cached(kind, text) && !m.mayMatch(text, lang, terms) {
		return nil
	}
	var out []Range
	ts := m.ix.tokens.analyze(a, kind, text)
	if len(words.list) > 0 {
		for i, t := range ts.toks {
			if words.has(ts.term(i)) {
				out = append(out, Range{int(t.start), int(t.end)})
			}
		}
	}
	// A phrase is marked where all its words stand in order, from its
	// first word to its last, and nowhere else.
	for _, ph := range m.phrases {
		terms := ph.en
		if lang == "ru" {
			terms = ph.ru
		}
		out = append(out, phraseRanges(ts, terms)...)
	}
	if len(m.prefixes) > 0 && m.hasPrefixHint(text) {
		ws := m.ix.tokens.analyze(m.ix.words, tokensWords, text)
		for i, t := range ws.toks {
			term := ws.term(i)
			for _, p := range m.prefixes {
				if strings.HasPrefix(term, p) {
					out = append(out, Range{int(t.start), int(t.end)})
					break
				}
			}
		}
	}
	return merge(out)
}

// phraseRanges returns where the terms of a phrase stand in ts at their
// relative positions.
func phraseRanges(ts *tokens, ph []posTerm) []Range {
	if len(ph) == 0 {
		return nil
	}
	var out []Range
	for i, t := range ts.toks {
		if ts.term(i) != ph[0].term {
			continue
		}
		end, ok := t.end, true
		j := i
		for _, want := range ph[1:] {
			at := t.pos + uint32(want.pos)
			// Find the token at the wanted position, after the last.
			for j < len(ts.toks) && ts.toks[j].pos < at {
				j++
			}
			if j == len(ts.toks) || ts.toks[j].pos != at || ts.term(j) != want.term {
				ok = false
				break
			}
			end = ts.toks[j].end
		}
		if ok {
			out = append(out, Range{int(t.start), int(end)})
		}
	}
	return out
}

// mayMatch is a quick test that spares the analyzer most paragraphs: the
// stemmers of both languages change only the end of a word, so a paragraph
// that can match holds the start of some term or prefix.
func (m *Marker) mayMatch(text, lang string, terms map[string]bool) bool {
	if len(text) < 4096 {
		// Short texts: reading them once a term in lower case, without
		// lower-casing a copy, is cheaper than three searches a term.
		for t := range terms {
			if containsLower(text, stemHint(t)) {
				return true
			}
		}
		for _, p := range m.prefixes {
			if containsLower(text, p) {
				return true
			}
		}
		return false
	}
	return m.hintCount(text, lang) > 0
}

// containsLower reports whether strings.ToLower(s) holds sub, without
// making the lower-cased copy: rune by rune, each rune of s lowered as
// strings.ToLower lowers it (unicode.ToLower; invalid bytes read as
// U+FFFD).
func containsLower(s, sub string) bool {
	if sub == "" {
		return true
	}
	first, size := utf8.DecodeRuneInString(sub)
	rest := sub[size:]
	srcs, n, ok := lowerSources(first)
	if !ok {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n
			if lowerRune(r) == first && hasPrefixLower(s[i:], rest) {
				return true
			}
		}
		return false
	}
	// Only the runes that lower to the first can start a match: find
	// each where it stands (a rune's bytes in valid or invalid UTF-8 are
	// read as that rune), then read on.
	for _, c := range srcs[:n] {
		var enc [utf8.UTFMax]byte
		k := utf8.EncodeRune(enc[:], c)
		needle := string(enc[:k])
		for i := 0; i < len(s); {
			j := strings.Index(s[i:], needle)
			if j < 0 {
				break
			}
			i += j + k
			if hasPrefixLower(s[i:], rest) {
				return true
			}
		}
	}
	return false
}

// lowerSources lists the n runes that unicode.ToLower turns into r, for
// ASCII and the Russian alphabet (a test reads every rune to check); ok is
// false for other runes.
func lowerSources(r rune) (srcs [3]rune, n int, ok bool) {
	switch {
	case r == 'i':
		return [3]rune{'i', 'I', 'İ'}, 3, true
	case r == 'k':
		return [3]rune{'k', 'K', '\u212a'}, 3, true // the Kelvin sign
	case 'a' <= r && r <= 'z':
		return [3]rune{r, r - ('a' - 'A')}, 2, true
	case 'A' <= r && r <= 'Z', 0x400 <= r && r <= 0x42f: // upper case
		return srcs, 0, true
	case r < utf8.RuneSelf:
		return [3]rune{r}, 1, true
	case 0x430 <= r && r <= 0x44f: // а-я
		return [3]rune{r, r - 0x20}, 2, true
	case 0x450 <= r && r <= 0x45f: // ѐ-џ
		return [3]rune{r, r - 0x50}, 2, true
	}
	return srcs, 0, false
}

// hasPrefixLower reports whether strings.ToLower(s) begins with sub.
func hasPrefixLower(s, sub string) bool {
	for _, want := range sub {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || lowerRune(r) != want {
			return false
		}
		s = s[n:]
	}
	return true
}

// lowerRune is unicode.ToLower, quick for ASCII and the Russian alphabet.
func lowerRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case 0x430 <= r && r <= 0x45f: // а-я, ѐ-џ: lower case already
		return r
	case 0x410 <= r && r <= 0x42f: // А-Я
		return r + 0x20
	}
	return unicode.ToLower(r)
}

// hasPrefixHint reports whether text may hold a word that begins with one
// of the prefixes, in any case.
func (m *Marker) hasPrefixHint(text string) bool {
	for _, p := range m.prefixes {
		if containsFold(text, p) {
			return true
		}
	}
	return false
}

// containsFold reports whether s holds lower (in lower case) in any case,
// without allocating.
func containsFold(s, lower string) bool {
	first, size := utf8.DecodeRuneInString(lower)
	if size == 0 {
		return true
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if foldsTo(r, first) && hasPrefixFold(s[i+n:], lower[size:]) {
			return true
		}
		i += n
	}
	return false
}

func hasPrefixFold(s, lower string) bool {
	for _, want := range lower {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || !foldsTo(r, want) {
			return false
		}
		s = s[n:]
	}
	return true
}

// foldsTo reports whether r is want in some case (Σ is σ, and ς at the end
// of a word).
func foldsTo(r, want rune) bool {
	if r == want {
		return true
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f == want {
			return true
		}
	}
	return false
}

// stemHint is the part of a stem that the word it came from begins with:
// its first four letters, or all but the last of a shorter stem (Porter
// writes "buy" as "bui").
func stemHint(stem string) string {
	r := []rune(stem)
	switch {
	case len(r) > 4:
		return string(r[:4])
	case len(r) > 2:
		return string(r[:len(r)-1])
	}
	return stem
}

// merge sorts ranges and joins overlapping ones.
func merge(rs []Range) []Range {
	if len(rs) < 2 {
		return rs
	}
	slices.SortFunc(rs, func(a, b Range) int { return a.Start - b.Start })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.Start <= last.End {
			if r.End > last.End {
				last.End = r.End
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// snippetWindow is about how many bytes of context a snippet shows around
// its first match (a little over two lines of text).
const snippetWindow = 240

// snippets cuts the passages of d that show why it matched: the title and
// summary when they match, and the best paragraph of each text.
func (m *Marker) snippets(d *Doc) (out []Snippet, first string) {
	mentions := m.mentionsByPara(d)
	// field cuts a snippet from a paragraph of field name, whose
	// mentions are among ms.
	field := func(name, lang, text string, para int, ms paraMentions) (Snippet, int) {
		rs := m.Ranges(lang, text)
		for _, pm := range ms.of(name, para) {
			// A mention outside its text (a damaged stored Doc, or
			// paragraphs numbered twice) marks nothing.
			if r := pm.r; 0 <= r.Start && r.Start <= r.End && r.End <= len(text) {
				rs = append(rs, r)
			}
		}
		rs = merge(rs)
		if len(rs) == 0 {
			return Snippet{}, 0
		}
		return Snippet{Field: name, Para: para, Lang: lang, Parts: cut(text, rs, snippetWindow)}, len(rs)
	}
	if s, n := field(fieldTitle, "en", d.Title, 0, mentions); n > 0 {
		out = append(out, s)
	}
	texts := []struct {
		name, lang string
		paras      []Para
	}{{fieldTranslation, "en", d.Translation}, {fieldOriginal, d.OriginalLang, d.Original}}
	for _, t := range texts {
		inText := mentions.inField(t.name)
		// Rank the paragraphs by a cheap count of likely matches, and
		// analyze only the first that really matches and the likeliest
		// best: analysis is the cost of a search page.
		bestGuess, bestCount := -1, 0
		var best Snippet
		bestN := 0
		tried := -1 // the paragraphs cut so far are those up to tried
		for i, p := range t.paras {
			c := m.hintCount(p.Text, t.lang) + len(inText.inPara(p.N))
			if c == 0 {
				continue
			}
			if first == "" || bestN == 0 {
				tried = i
				if s, n := field(t.name, t.lang, p.Text, p.N, inText); n > 0 {
					if first == "" {
						first = anchor(t.lang, t.name, p.N)
					}
					if bestN == 0 {
						best, bestN = s, n
					}
				}
			}
			if c > bestCount {
				bestGuess, bestCount = i, c
			}
		}
		// The likeliest best, unless it was cut above: it is best then,
		// or matched nothing.
		if bestGuess > tried {
			p := t.paras[bestGuess]
			if s, n := field(t.name, t.lang, p.Text, p.N, inText); n > bestN {
				best, bestN = s, n
			}
		}
		if bestN > 0 {
			out = append(out, best)
		}
	}
	for _, n := range d.Notes {
		if s, k := field(fieldNotes, "en", n, 0, mentions); k > 0 {
			out = append(out, s)
			break
		}
	}
	if len(out) == 0 {
		if s, n := field(fieldSummary, "en", d.Summary, 0, mentions); n > 0 {
			out = append(out, s)
		}
	}
	return out, first
}

// paraKey addresses a paragraph of a field.
type paraKey struct {
	field string
	para  int
}

// mentionsByPara gathers, once per document, the mentions of the names the
// query resolved to, in the order of their paragraphs.
func (m *Marker) mentionsByPara(d *Doc) paraMentions {
	if len(m.refs.list) == 0 {
		return nil
	}
	// The list of the hit before is made again: snippets keeps no
	// mention past its hit (their ranges are copied where they are
	// merged).
	out := m.mentions[:0]
	for _, mn := range d.Mentions {
		if m.refs.has(mn.Ref) {
			out = append(out, paraMention{paraKey{mn.Field, mn.Para}, Range{mn.Start, mn.End}})
		}
	}
	// A document lists its mentions text by text, paragraph by
	// paragraph, as a rule: then they are in order already.
	byPara := func(a, b paraMention) int { return a.key.compare(b.key) }
	if !slices.IsSortedFunc(out, byPara) {
		slices.SortStableFunc(out, byPara)
	}
	m.mentions = out
	return out
}

// paraMentions are mentions sorted by paragraph.
type paraMentions []paraMention

type paraMention struct {
	key paraKey
	r   Range
}

func (k paraKey) compare(o paraKey) int {
	return cmp.Or(strings.Compare(k.field, o.field), cmp.Compare(k.para, o.para))
}

// of returns the mentions in a paragraph.
func (ms paraMentions) of(field string, para int) paraMentions {
	return ms.inField(field).inPara(para)
}

// inField returns the mentions in a field.
func (ms paraMentions) inField(field string) paraMentions {
	return ms.run(func(pm paraMention) int { return strings.Compare(pm.key.field, field) })
}

// inPara returns the mentions in a paragraph of mentions of one field.
func (ms paraMentions) inPara(para int) paraMentions {
	return ms.run(func(pm paraMention) int { return cmp.Compare(pm.key.para, para) })
}

// run returns the mentions that order compares equal (0), ms being sorted
// by what it compares.
func (ms paraMentions) run(order func(paraMention) int) paraMentions {
	i := sort.Search(len(ms), func(k int) bool { return order(ms[k]) >= 0 })
	j := i + sort.Search(len(ms)-i, func(k int) bool { return order(ms[i+k]) > 0 })
	return ms[i:j]
}

// set is a set of strings that a search compares many with: a query's
// words with every token of a paragraph, its names with every mention in a
// document. While it is small, each is compared with its few members,
// cheaper than hashing each.
type set struct {
	list []string
	m    map[string]bool
}

func (s *set) add(x string) {
	if s.has(x) {
		return
	}
	s.list = append(s.list, x)
	if s.m == nil {
		s.m = map[string]bool{}
	}
	s.m[x] = true
}

func (s *set) has(x string) bool {
	if len(s.list) <= 8 {
		return slices.Contains(s.list, x)
	}
	return s.m[x]
}

// hintCount counts, without allocating, the places where a term or prefix
// may start in text: its start written in lower case, capitalised or in
// capitals, as the telegrams write names.
func (m *Marker) hintCount(text, lang string) int {
	m.hintsOnce.Do(func() {
		m.enHints = m.hintsOf(m.en)
		m.ruHints = m.hintsOf(m.ru)
	})
	hints := &m.enHints
	if lang == "ru" {
		hints = &m.ruHints
	}
	n := 0
	for _, h := range hints.short {
		n += strings.Count(text, h)
	}
	for _, g := range hints.groups {
		n += g.count(text)
	}
	return n
}

// hintSet is the hints of one language: those of two bytes or more in
// groups by the byte they are looked for by, the shorter apart.
type hintSet struct {
	groups []hintGroup
	short  []string
}

// hintGroup is up to maxHintGroup hints looked for by the same byte, so
// that one search for it serves them all: a term's start in lower case
// and capitalised share most of their bytes. hintCount reads every
// paragraph of every hit, a search for a byte in each, and the searches'
// setting out costs more than their reading in paragraphs of a few
// hundred bytes.
type hintGroup struct {
	c     byte
	hints []hint
}

const maxHintGroup = 8

func newHintSet(hints []string) hintSet {
	var hs hintSet
	long := make([]hint, 0, len(hints))
	for _, s := range hints {
		if len(s) < 2 {
			hs.short = append(hs.short, s)
		} else {
			long = append(long, newHint(s))
		}
	}
	// Those of one byte next to each other, each group a part of long.
	slices.SortStableFunc(long, func(a, b hint) int { return cmp.Compare(a.s[a.at], b.s[b.at]) })
	hs.groups = make([]hintGroup, 0, len(long))
	for i := 0; i < len(long); {
		c, j := long[i].s[long[i].at], i+1
		for j < len(long) && j-i < maxHintGroup && long[j].s[long[j].at] == c {
			j++
		}
		hs.groups = append(hs.groups, hintGroup{c: c, hints: long[i:j:j]})
		i = j
	}
	return hs
}

// hint is a start of a term as hintCount looks for it, of two bytes or
// more, with the byte it looks for first.
type hint struct {
	s  string
	at int // the index in s of its rarest byte (rarity)
}

func newHint(s string) hint {
	h := hint{s: s}
	for i := 1; i < len(s); i++ {
		if rarity(s[i]) > rarity(s[h.at]) {
			h.at = i
		}
	}
	return h
}

// count is the sum of strings.Count(text, h.s) over the group's hints:
// for each, the places where it stands, none overlapping another of it
// counted before. strings.Count looks for a hint's first byte and reads
// on from each; in running text a hint that begins with a common letter
// ("tabr", "secu") stops it every few bytes. count looks for the hints'
// rarest byte instead, with the search for a byte of the standard
// library, and reads each hint around each place it stands.
func (g hintGroup) count(text string) int {
	var next [maxHintGroup]int // where an occurrence of each may begin
	n := 0
	for i := 0; i < len(text); i++ {
		j := strings.IndexByte(text[i:], g.c)
		if j < 0 {
			break
		}
		i += j
		for k, h := range g.hints {
			start := i - h.at
			if start >= next[k] && start+len(h.s) <= len(text) && text[start:start+len(h.s)] == h.s {
				n++
				next[k] = start + len(h.s)
			}
		}
	}
	return n
}

// rarity is how seldom byte c stands in the collection's texts, roughly:
// lower-case English letters, and Russian ones by the last byte of their
// UTF-8, in the order of their frequency, the first byte of a Russian
// letter and the space commonest of all; capitals, digits and the rest
// rarest. It chooses where a hint is looked for, never what is found.
func rarity(c byte) int { return int(rarities[c]) }

var rarities = func() (r [256]uint8) {
	for i := range r {
		r[i] = 100
	}
	// Commonest first; a byte that ends several letters keeps the rank
	// of the commonest.
	for _, letters := range []string{"etaoinsrhldcumfpgwybvkxjqz", "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё"} {
		for i, c := range []rune(letters) {
			var enc [utf8.UTFMax]byte
			last := enc[utf8.EncodeRune(enc[:], c)-1]
			r[last] = min(r[last], uint8(1+i))
		}
	}
	r[0xd0], r[0xd1], r[' '] = 0, 0, 0
	return r
}()

// hintsOf lists the starts of terms and of the prefixes, each as written
// in lower case, capitalised and in capitals, once each.
func (m *Marker) hintsOf(terms map[string]bool) hintSet {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	starts := make([]string, 0, len(terms)+len(m.prefixes))
	for t := range terms {
		starts = append(starts, stemHint(t))
	}
	starts = append(starts, m.prefixes...)
	for _, s := range starts {
		add(s)
		add(titleCase(s))
		add(strings.ToUpper(s))
	}
	return newHintSet(out)
}

func titleCase(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// anchor is the id of a paragraph on the document's page ("en-3").
func anchor(lang, field string, n int) string {
	if lang == "" {
		lang = field
	}
	return lang + "-" + strconv.Itoa(n)
}

// Excerpt returns the part of text around the first of the ranges, at
// most about window bytes, with the ranges marked: the same cut as search
// snippets, for passages shown elsewhere.
func Excerpt(text string, rs []Range, window int) []Part {
	if len(rs) == 0 {
		return []Part{{Text: clean(text)}}
	}
	return cut(text, merge(append([]Range(nil), rs...)), window)
}

// cut returns the part of text around its first marked range, at most
// about window bytes, split into marked and unmarked parts, starting and
// ending at word boundaries with an ellipsis where text was cut.
func cut(text string, rs []Range, window int) []Part {
	start, end := 0, len(text)
	if len(text) > window {
		start = rs[0].Start - window/3
		if start < 0 {
			start = 0
		}
		end = start + window
		if end > len(text) {
			end = len(text)
			start = max(0, end-window)
		}
		start = wordStart(text, start)
		end = wordEnd(text, end)
	}
	parts := make([]Part, 0, min(2*len(rs), 64)+3)
	if start > 0 {
		parts = append(parts, Part{Text: "… "})
	}
	pos := start
	for _, r := range rs {
		if r.End <= start || r.Start >= end {
			continue
		}
		s, e := max(r.Start, start), min(r.End, end)
		if s > pos {
			parts = append(parts, Part{Text: clean(text[pos:s])})
		}
		parts = append(parts, Part{Text: clean(text[s:e]), Mark: true})
		pos = e
	}
	if pos < end {
		parts = append(parts, Part{Text: clean(text[pos:end])})
	}
	if end < len(text) {
		parts = append(parts, Part{Text: " …"})
	}
	return parts
}

// markup is the source's inline markup, which snippets leave out.
var markup = strings.NewReplacer("<sup>", "", "</sup>", "", "*", "", "\n", " ")

// clean drops the source's inline markup from snippet text; most text has
// none, and is returned as it is. (Three searches for a byte, each
// reading many bytes at a time, are quicker than strings.ContainsAny,
// which reads one at a time.)
func clean(s string) string {
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '*') < 0 && strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return markup.Replace(s)
}

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	for i > 0 && i < len(s) {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= size
	}
	return i
}

// wordEnd moves i on to the end of the word it is in.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}
