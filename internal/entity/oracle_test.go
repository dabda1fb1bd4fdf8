package entity

// The name finder as it stood before it was made faster (issue #19), kept
// as the oracle that the fast one must agree with, mention for mention.

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/readingroom/readingroom/internal/archive"
	"golang.org/x/text/unicode/norm"
)

// oldMentions is Authority.Mentions as it was.
func (a *Authority) oldMentions(d *archive.Document) []Mention {
	var out []Mention
	add := func(s string, base Mention) {
		if s == "" {
			return
		}
		hs, _ := a.m.oldFind(s, oldTokenize(s))
		for _, h := range hs {
			m := base
			m.ID, m.Start, m.End = h.p.rec.ID, h.start, h.end
			m.Form, m.Variant = s[h.start:h.end], h.p.form
			out = append(out, m)
		}
	}
	add(d.Title, Mention{Field: FieldTitle})
	add(d.Summary, Mention{Field: FieldSummary})
	for _, t := range []struct {
		field string
		text  archive.Text
	}{{FieldTranslation, d.Translation}, {FieldOriginal, d.Original}} {
		for pi, p := range t.text.Paragraphs {
			for li, l := range p.Lines {
				add(l, Mention{Field: t.field, Paragraph: p.N, ParaIndex: pi, Line: li})
			}
		}
	}
	for ni, n := range d.Notes {
		add(n.Text, Mention{Field: FieldNote, Note: ni})
	}
	return out
}

func oldTokenize(s string) []token {
	var out []token
	var raw []rune // the letters of the current word, markup left out
	start, end := -1, -1
	flush := func() {
		if start >= 0 {
			out = append(out, oldMakeToken(raw, start, end))
		}
		raw, start, end = raw[:0], -1, -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case oldIsLetter(r):
			if start < 0 {
				start = i
			}
			raw = append(raw, r)
			end = i + size
		case start >= 0 && isApostrophe(r) && oldLetterAt(s, i+size):
			raw = append(raw, r)
		case start >= 0 && r == '\u200c' && oldLetterAt(s, i+size):
			// The zero-width non-joiner inside a Persian word (پیشه‌وری)
			// keeps it one word; folding drops it.
		case r == '<' && tagLen(s[i:]) > 0:
			n := 0
			for m := tagLen(s[i+n:]); m > 0; m = tagLen(s[i+n:]) {
				n += m
			}
			// A tag inside a word is invisible; between words it separates.
			if start >= 0 && !oldLetterAt(s, i+n) {
				flush()
			}
			i += n
			continue
		default:
			flush()
		}
		i += size
	}
	flush()
	return out
}

func oldIsLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

func oldLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return oldIsLetter(r)
}

func oldMakeToken(raw []rune, start, end int) token {
	t := token{start: start, end: end, upper: true, caps: true}
	word := string(raw)
	if !plainWord(word) {
		word = norm.NFC.String(word)
	}
	first := true
	for _, r := range word {
		if !unicode.IsLetter(r) {
			continue
		}
		t.letters++
		if first && !unicode.IsUpper(r) {
			t.upper = false
		}
		if !unicode.IsUpper(r) {
			t.caps = false
		}
		first = false
	}
	t.norm = fold(word)
	t.lower = t.norm
	if !plainWord(word) {
		t.lower = strings.ToLower(word)
	}
	t.script = oldScriptOf(t.norm)
	if t.script == ScriptArabic {
		t.norm = persianKey(t.norm)
	}
	if t.script == scriptMixed {
		t.norm = cyrillicLookalikes.Replace(t.norm)
		t.script = oldScriptOf(t.norm)
		t.lower = t.norm
	}
	return t
}

func oldScriptOf(s string) string {
	var latin, cyrillic, arabic bool
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic = true
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.Is(unicode.Arabic, r):
			arabic = true
		}
	}
	switch {
	case latin && cyrillic:
		return scriptMixed
	case arabic:
		if latin || cyrillic {
			return ""
		}
		return ScriptArabic
	case cyrillic:
		return ScriptCyrillic
	case latin:
		return ScriptLatin
	}
	return ""
}

func (m *matcher) oldStems(t token) []string {
	out := []string{t.norm}
	switch t.script {
	case ScriptLatin:
		for _, suf := range []string{"'s", "'"} {
			if s, ok := strings.CutSuffix(t.norm, suf); ok && s != "" {
				out = append(out, s)
			}
		}
	case ScriptCyrillic:
		for _, e := range oldRuEnds {
			if e != "" && len(t.norm) > len(e) && strings.HasSuffix(t.norm, e) {
				out = append(out, t.norm[:len(t.norm)-len(e)])
			}
		}
	}
	return out
}

func (m *matcher) oldFind(s string, toks []token) (mentions, all []hit) {
	for i := range toks {
		tried := map[*pattern]bool{}
		for _, stem := range m.oldStems(toks[i]) {
			for _, p := range m.byFirst[stem] {
				if tried[p] {
					continue
				}
				tried[p] = true
				if n := len(p.words); m.matchAt(s, toks, i, p) {
					all = append(all, hit{p: p, from: i, to: i + n, start: toks[i].start, end: toks[i+n-1].end})
				}
			}
		}
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
	var cands []hit
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
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if la, lb := a.to-a.from, b.to-b.from; la != lb {
			return la > lb
		}
		if a.from != b.from {
			return a.from < b.from
		}
		return a.p.order < b.p.order
	})
	used := make([]bool, len(toks))
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
	sort.Slice(mentions, func(i, j int) bool { return mentions[i].from < mentions[j].from })
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

var oldRuEnds = ruEndings()
