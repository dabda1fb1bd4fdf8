package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// pairFilter adds to a token stream, after each word, the pair it makes
// with the word before it ("secur council"), for the phrase lookups the
// pair fields serve. Unlike bleve's shingle filter it makes no pair across
// a gap left by a stop word (no phrase query looks one up), and it
// allocates the pairs in two blocks rather than one by one: indexing speed
// is one of the targets, and every English and Russian word goes through
// here.
type pairFilter struct{}

func (pairFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	if len(in) < 2 {
		return in
	}
	size := 0
	for i := 1; i < len(in); i++ {
		if in[i].Position == in[i-1].Position+1 {
			size += len(in[i-1].Term) + len(pairSeparator) + len(in[i].Term)
		}
	}
	buf := make([]byte, 0, size)
	pairs := make([]analysis.Token, 0, len(in)-1)
	out := make(analysis.TokenStream, 0, 2*len(in))
	out = append(out, in[0])
	for i := 1; i < len(in); i++ {
		prev, t := in[i-1], in[i]
		out = append(out, t)
		if t.Position != prev.Position+1 {
			continue
		}
		start := len(buf)
		buf = append(buf, prev.Term...)
		buf = append(buf, pairSeparator...)
		buf = append(buf, t.Term...)
		pairs = append(pairs, analysis.Token{
			Term:     buf[start:len(buf):len(buf)],
			Start:    prev.Start,
			End:      t.End,
			Position: prev.Position,
			Type:     analysis.Shingle,
		})
		out = append(out, &pairs[len(pairs)-1])
	}
	return out
}

func init() {
	err := registry.RegisterTokenFilter(filterPairs, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return pairFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}
