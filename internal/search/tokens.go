package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// Analysing a paragraph (cutting it into words, stemming them) was most of
// what a search page cost. A paragraph's analysis depends on nothing but
// its text and the analyzer, so it is kept, compactly, and every later
// query that shows or highlights the paragraph reads it from memory.

// DefaultTokenCache is the bound, in bytes, of the analysed paragraphs an
// Index keeps when Options.TokenCache is 0: a paragraph of a kilobyte
// takes about four, so some four thousand paragraphs.
const DefaultTokenCache = 16 << 20

// Analyzer kinds, part of a kept paragraph's key.
const (
	tokensEnglish = iota
	tokensRussian
	tokensWords
)

// tokens is a paragraph's analysis: its terms, concatenated, and for each
// token where its term ends in terms, where it stands in the text (bytes)
// and its position.
type tokens struct {
	terms string
	toks  []token
}

type token struct {
	termEnd, start, end, pos uint32
}

// term returns the term of token i.
func (ts *tokens) term(i int) string {
	start := uint32(0)
	if i > 0 {
		start = ts.toks[i-1].termEnd
	}
	return ts.terms[start:ts.toks[i].termEnd]
}

// size approximates the bytes that a paragraph's analysis and its key hold.
func (ts *tokens) size(text string) int64 {
	return int64(len(text)+len(ts.terms)+16*len(ts.toks)) + 128
}

func newTokens(ts analysis.TokenStream) *tokens {
	n := 0
	for _, t := range ts {
		n += len(t.Term)
	}
	buf := make([]byte, 0, n)
	out := &tokens{toks: make([]token, len(ts))}
	for i, t := range ts {
		buf = append(buf, t.Term...)
		out.toks[i] = token{termEnd: uint32(len(buf)), start: uint32(t.Start), end: uint32(t.End), pos: uint32(t.Position)}
	}
	out.terms = string(buf)
	return out
}

type tokenKey struct {
	kind int
	text string
}

// tokenCache keeps analysed paragraphs, within a bound in bytes; a nil
// cache analyses every time.
type tokenCache struct {
	kept *sizedLRU[tokenKey, *tokens]
}

func newTokenCache(maxBytes int64) *tokenCache {
	if maxBytes <= 0 {
		return nil
	}
	return &tokenCache{newSizedLRU[tokenKey, *tokens](maxBytes)}
}

// analyze returns the analysis of text by a (of the given kind), kept or
// made and kept.
func (c *tokenCache) analyze(a analysis.Analyzer, kind int, text string) *tokens {
	if c == nil {
		return newTokens(a.Analyze([]byte(text)))
	}
	key := tokenKey{kind, text}
	if ts, ok := c.kept.get(key); ok {
		return ts
	}
	ts := newTokens(a.Analyze([]byte(text)))
	c.kept.add(key, ts, ts.size(text))
	return ts
}

// cached reports whether the analysis of text by the given kind is kept.
func (c *tokenCache) cached(kind int, text string) bool {
	return c != nil && c.kept.contains(tokenKey{kind, text})
}
