package entity

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pword is one word of a compiled form.
type pword struct {
	stem string
	// endings are what a Cyrillic word's stem may take; nil for a Latin
	// word, which must equal stem, or stem plus a possessive "'s" at the end
	// of the form.
	endings []string
}

// pattern is one form of a record, compiled for matching.
type pattern struct {
	rec     *Record
	form    string // as the curator wrote it
	words   []pword
	block   bool // a NotIn phrase: where it matches, rec is not mentioned
	order   int  // the record's place in name order, to break ties
	initial bool // a person's name, which may follow initials ("М.Д.")
}

// matcher finds the forms of all records in a text.
type matcher struct {
	byFirst map[string][]*pattern // by the stem of the first word
	// byLast indexes people's names of two or more words by the stem of
	// their last word, so that Resolve finds "Savari" in "Yahya Pur Savari".
	byLast map[string][]*pattern
	// ruEnds holds every Russian ending; ruEndLens their lengths in
	// bytes, longest first.
	ruEnds    map[string]bool
	ruEndLens []int
	// latin and russian hold the stems of one-word forms, on which
	// derived words are built (Iran: Iranian; иран: иранский).
	latin   map[string]bool
	russian map[string]bool
	// firsts is a filter of the stems in byFirst, which spares find the
	// look-ups of nearly every word of a text (firstsFilter).
	firsts firstsFilter
	// given holds each person's forenames and patronymics, word by word,
	// so that a mention takes them in: "Joseph Stalin", "Мир Джафар
	// Багиров".
	given map[*Record][]pword
}

// enDerivative are the English suffixes that turn a name into an adjective or
// a word for the inhabitants: Iran-ian, Azerbaijan-i(s), India-n, Egypt-ian.
// Such words are not mentions of the place.
var enDerivative = []string{"ians", "ian", "ans", "an", "ns", "n", "is", "i", "ese", "ites", "ite", "ists", "ist"}

func newMatcher(records []*Record) (*matcher, error) {
	m := &matcher{
		byFirst: map[string][]*pattern{},
		byLast:  map[string][]*pattern{},
		ruEnds:  map[string]bool{},
		latin:   map[string]bool{},
		russian: map[string]bool{},
		given:   map[*Record][]pword{},
	}
	for _, e := range ruEndings() { // longest first
		if e != "" && !m.ruEnds[e] {
			m.ruEnds[e] = true
			if n := len(m.ruEndLens); n == 0 || m.ruEndLens[n-1] != len(e) {
				m.ruEndLens = append(m.ruEndLens, len(e))
			}
		}
	}
	for i, r := range records {
		for _, f := range r.forms() {
			p, err := compile(f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.ID, err)
			}
			p.rec, p.order, p.initial = r, i, r.Kind == KindPerson
			m.add(p)
		}
		for _, n := range append(append([]string(nil), r.Forenames...), r.Patronymics...) {
			if p, err := compile(n); err == nil {
				m.given[r] = append(m.given[r], p.words...)
			}
		}
		for _, f := range r.NotIn {
			p, err := compile(f)
			if err != nil {
				return nil, fmt.Errorf("%s: not_in: %w", r.ID, err)
			}
			p.rec, p.order, p.block = r, i, true
			m.add(p)
		}
	}
	m.firsts.size(len(m.byFirst))
	for stem := range m.byFirst {
		m.firsts.add(stem)
	}
	return m, nil
}

func (m *matcher) add(p *pattern) {
	first := p.words[0].stem
	m.byFirst[first] = append(m.byFirst[first], p)
	if p.block {
		return
	}
	if n := len(p.words); n > 1 && p.rec.Kind == KindPerson {
		last := p.words[n-1].stem
		m.byLast[last] = append(m.byLast[last], p)
	}
	if len(p.words) == 1 {
		w := p.words[0]
		switch {
		case w.endings == nil && utf8.RuneCountInString(w.stem) >= 4:
			m.latin[w.stem] = true
		case len(w.endings) > 1:
			m.russian[w.stem] = true
		case w.endings != nil:
			// An indeclinable name ending in a vowel builds its
			// derivatives without it: Уску, Ускинские; Баку, бакинский.
			last, size := utf8.DecodeLastRuneInString(w.stem)
			if !isRuConsonant(last) && utf8.RuneCountInString(w.stem) >= 4 {
				m.russian[w.stem[:len(w.stem)-size]] = true
			}
		}
	}
}

// compile turns a form into its words: Latin words as they are, Russian words
// as a stem and the endings of their declension.
func compile(form string) (*pattern, error) {
	toks := tokenize(form)
	if len(toks) == 0 {
		return nil, fmt.Errorf("form %q has no letters", form)
	}
	p := &pattern{form: form}
	for _, t := range toks {
		switch t.script {
		case ScriptLatin, ScriptArabic:
			p.words = append(p.words, pword{stem: t.norm})
		case ScriptCyrillic:
			acronym := t.caps && t.letters >= 2 && t.letters <= ruAcronymMax
			stem, endings := ruDecline(t.norm, acronym)
			p.words = append(p.words, pword{stem: stem, endings: endings})
		default:
			return nil, fmt.Errorf("form %q: %q is not in Latin, Cyrillic or Persian letters", form, form[t.start:t.end])
		}
	}
	return p, nil
}

// matches reports whether a word of a text is this word of a form; last says
// it is the last word of the form, where English allows a possessive.
func (w pword) matches(t token, last bool) bool {
	if w.endings != nil {
		if !strings.HasPrefix(t.norm, w.stem) {
			return false
		}
		rest := t.norm[len(w.stem):]
		for _, e := range w.endings {
			if rest == e {
				return true
			}
		}
		return false
	}
	if t.norm == w.stem {
		return true
	}
	if !last {
		return false
	}
	return t.norm == w.stem+"'s" || strings.HasSuffix(w.stem, "s") && t.norm == w.stem+"'"
}

// stems appends to out[:0] the stems a word of a text may have: itself,
// itself without an English possessive, and itself without each Russian
// ending it ends in, longest ending first. They are distinct strings.
func (m *matcher) stems(t token, out []string) []string {
	out = append(out[:0], t.norm)
	switch t.script {
	case ScriptLatin:
		for _, suf := range []string{"'s", "'"} {
			if s, ok := strings.CutSuffix(t.norm, suf); ok && s != "" {
				out = append(out, s)
			}
		}
	case ScriptCyrillic:
		// A word has one ending of each length: a handful of look-ups,
		// not one comparison per ending of the table.
		for _, n := range m.ruEndLens {
			if k := len(t.norm) - n; k > 0 && m.ruEnds[t.norm[k:]] {
				out = append(out, t.norm[:k])
			}
		}
	}
	return out
}

// firstStems appends to out[:0] the stems of a word of a text, in the order
// of stems, that may be the stem of a form's first word: those the filter
// rules out are not looked up.
func (m *matcher) firstStems(t token, out []string) []string {
	out = out[:0]
	long := len(t.norm) >= filterPrefix && m.firsts.has(t.norm[:filterPrefix])
	maybe := func(stem string) bool {
		if len(stem) >= filterPrefix {
			return long
		}
		return m.firsts.has(stem)
	}
	if maybe(t.norm) {
		out = append(out, t.norm)
	}
	switch t.script {
	case ScriptLatin:
		for _, suf := range []string{"'s", "'"} {
			if s, ok := strings.CutSuffix(t.norm, suf); ok && s != "" && maybe(s) {
				out = append(out, s)
			}
		}
	case ScriptCyrillic:
		for _, n := range m.ruEndLens {
			if k := len(t.norm) - n; k > 0 && maybe(t.norm[:k]) && m.ruEnds[t.norm[k:]] {
				out = append(out, t.norm[:k])
			}
		}
	}
	return out
}

// filterPrefix is how many bytes of a stem the filter of first stems keeps:
// three Cyrillic letters or six Latin ones.
const filterPrefix = 6

// firstsFilter is a set of bits, one for the first filterPrefix bytes of
// each stem (the whole stem, when shorter), hashed. A stem whose bit is
// clear is in no form; one whose bit is set may be. Sixteen bits a stem
// or more keep false hits near one in sixteen, so that most words of a
// text cost no map look-up, however many the records; the set is sized
// when the matcher is built.
type firstsFilter struct {
	bits  []uint64
	shift uint // 64 minus the bits of a hash
}

// size makes room for n stems, dropping what the filter held.
func (f *firstsFilter) size(n int) {
	lg := uint(10)
	for 1<<lg < 16*n {
		lg++
	}
	f.bits, f.shift = make([]uint64, 1<<lg/64), 64-lg
}

func (f *firstsFilter) bit(s string) uint64 {
	h := uint64(len(s))
	for i := 0; i < len(s) && i < filterPrefix; i++ {
		h = h<<8 | uint64(s[i])
	}
	return (h * 0x9E3779B97F4A7C15) >> f.shift // Fibonacci hashing
}

func (f *firstsFilter) add(stem string) {
	b := f.bit(stem[:min(len(stem), filterPrefix)])
	f.bits[b/64] |= 1 << (b % 64)
}

// has reports whether a stem, or the first filterPrefix bytes of one, may be
// in the set.
func (f *firstsFilter) has(s string) bool {
	b := f.bit(s)
	return f.bits[b/64]&(1<<(b%64)) != 0
}

// hit is one match of a pattern in a text.
type hit struct {
	p          *pattern
	from, to   int // token indexes, to exclusive
	start, end int // byte offsets into the text
}

// find returns the mentions in s, in text order, never overlapping, and all
// matches, including those of NotIn phrases and those that lost to a longer
// match: every word they cover is accounted for.
//
// sc, which may be nil, lends its buffers, and the slices returned are
// good until its next use. The cost is linear in the text:
// each word has at most one stem per length of ending, each stem is one
// look-up, and only the forms filed under it are tried; the number of
// records does not enter, as long as few forms share a first word.
func (m *matcher) find(s string, toks []token, sc *scratch) (mentions, all []hit) {
	if sc == nil {
		sc = new(scratch)
	}
	all = sc.all[:0]
	defer func() { sc.all, sc.mentions = all[:0], mentions[:0] }()
	for i := range toks {
		// A form is filed under the stem of its first word alone, and a
		// word's stems are distinct, so no form is tried twice.
		sc.stems = m.firstStems(toks[i], sc.stems)
		for _, stem := range sc.stems {
			for _, p := range m.byFirst[stem] {
				if n := len(p.words); m.matchAt(s, toks, i, p) {
					all = append(all, hit{p: p, from: i, to: i + n, start: toks[i].start, end: toks[i+n-1].end})
				}
			}
		}
	}
	if len(all) == 0 {
		return nil, all
	}
	// A NotIn phrase cancels its own record's matches inside it, and only
	// those: "Azerbaijan Democratic Party" is not the region, but a
	// person's name inside such a phrase would still count.
	//
	// all is in order of from, so one pass keeps, per record, the furthest
	// end of its NotIn phrases that start at or before the current word: a
	// match is inside one of them exactly when that end reaches its own.
	// Comparing every match with every phrase cost quadratic time on a long
	// line full of names.
	cands := sc.cands[:0]
	blockEnd := map[*Record]int{}
	for g := 0; g < len(all); {
		from := all[g].from
		next := g
		for ; next < len(all) && all[next].from == from; next++ {
			if h := all[next]; h.p.block && h.to > blockEnd[h.p.rec] {
				blockEnd[h.p.rec] = h.to
			}
		}
		for _, h := range all[g:next] {
			if h.p.block || h.to <= blockEnd[h.p.rec] {
				continue
			}
			cands = append(cands, h)
		}
		g = next
	}
	// The longest match wins ("Reza Shah" over "Shah"); among equals the
	// earlier, then the record first by name.
	slices.SortStableFunc(cands, func(a, b hit) int {
		if la, lb := a.to-a.from, b.to-b.from; la != lb {
			return lb - la
		}
		if a.from != b.from {
			return a.from - b.from
		}
		return a.p.order - b.p.order
	})
	sc.cands = cands
	used := sc.used[:0]
	for range toks {
		used = append(used, false)
	}
	sc.used = used
	mentions = sc.mentions[:0]
	for _, h := range cands {
		free := true
		for k := h.from; k < h.to; k++ {
			free = free && !used[k]
		}
		if !free {
			continue
		}
		for k := h.from; k < h.to; k++ {
			used[k] = true
		}
		mentions = append(mentions, h)
	}
	slices.SortFunc(mentions, func(a, b hit) int { return a.from - b.from })
	for i, h := range mentions {
		// A form that ends in a bracket (VKP(b)) takes the bracket of the
		// text, which the words leave out.
		if strings.HasSuffix(h.p.form, ")") && h.end < len(s) && s[h.end] == ')' {
			mentions[i].end++
		}
	}
	for i := range mentions {
		m.withGiven(s, toks, used, &mentions[i])
	}
	prevEnd := 0
	for i := range mentions {
		if mentions[i].p.initial {
			mentions[i].start = withInitials(s, mentions[i].start, prevEnd)
		}
		prevEnd = mentions[i].end
	}
	return mentions, all
}

// withGiven moves the start of a person's mention back over the forenames
// and patronymic that stand right before it, words no other mention took.
func (m *matcher) withGiven(s string, toks []token, used []bool, h *hit) {
	words := m.given[h.p.rec]
	if len(words) == 0 {
		return
	}
	for i := h.from - 1; i >= 0 && !used[i] && joins(s[toks[i].end:toks[h.from].start]); i-- {
		ok := false
		for _, w := range words {
			if w.matches(toks[i], false) {
				ok = true
				break
			}
		}
		if !ok {
			return
		}
		used[i] = true
		h.from, h.start = i, toks[i].start
	}
}

// matchAt reports whether p matches the words of a text from toks[i] on. The
// words of a form of several words may be separated in the text by spaces,
// hyphens (Реза-шах), brackets, quotation marks (газета «Азербайджан») or
// emphasis marks, but not by other
// punctuation: "Reza. Shah" is not Reza Shah.
func (m *matcher) matchAt(s string, toks []token, i int, p *pattern) bool {
	if i+len(p.words) > len(toks) {
		return false
	}
	for k, w := range p.words {
		t := toks[i+k]
		if k > 0 && !joins(s[toks[i+k-1].end:t.start]) {
			return false
		}
		if !w.matches(t, k == len(p.words)-1) {
			return false
		}
	}
	return true
}

func joins(gap string) bool {
	for _, r := range gap {
		if !unicode.IsSpace(r) && !strings.ContainsRune("-‐‑()*«»“”„\"", r) {
			return false
		}
	}
	return true
}

// withInitials moves the start of a person's name back over the initials
// before it, so that the mention is "М.Д.БАГИРОВ" or "M. D. Bagirov", not
// the surname alone. An initial is one capital letter and a full stop, not
// preceded by a letter (so "Cde." and "т.т." are not initials); floor is the
// end of the previous mention.
func withInitials(s string, start, floor int) int {
	for n := 0; n < 3; n++ {
		j := start
		for spaces := 0; spaces < 2 && j > floor && s[j-1] == ' '; spaces++ {
			j--
		}
		if j <= floor || s[j-1] != '.' {
			break
		}
		j--
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsUpper(r) || j-size < floor {
			break
		}
		k := j - size
		if k > 0 {
			if prev, _ := utf8.DecodeLastRuneInString(s[:k]); isLetter(prev) {
				break
			}
		}
		start = k
	}
	return start
}

// derivative reports whether a word is derived from a name (an adjective, a
// word for the inhabitants) rather than naming a record: "Iranian",
// "Azerbaijanis", "Иранскому", "Ускинские".
func (m *matcher) derivative(t token) bool {
	switch t.script {
	case ScriptLatin:
		for _, suf := range enDerivative {
			if base, ok := strings.CutSuffix(t.norm, suf); ok && m.latin[base] {
				return true
			}
		}
	case ScriptCyrillic:
		// Only the last few letters can be a derivative's ending: trying
		// every prefix of a long word as a stem cost quadratic time.
		for i := range t.norm {
			if len(t.norm)-i > maxRuDerivative {
				continue
			}
			if i > 0 && m.russian[t.norm[:i]] && ruDerivative(t.norm[i:]) {
				return true
			}
		}
	}
	return false
}
