package search

import (
	"container/heap"
	"context"
	"encoding/binary"
	"iter"
	"math"
	"math/bits"
	"slices"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"golang.org/x/sync/errgroup"
)

// Most searches are a disjunction of terms: a word in each text field and
// the records it names, or the words a prefix stands for, perhaps with
// filters. bleve answers them a document at a time: every term's reader
// is a searcher, every match of every term a DocumentMatch passed up
// through a disjunction that compares the readers' current documents, and
// every match of the whole query is offered to a collector's heap, about
// 200 ns a match at 100,000 documents, most of it outside the reading of
// the postings themselves.
//
// Here such a query is answered a term at a time: each term's postings
// are read straight from each segment of the snapshot, in one loop, into
// an array of scores by internal document number, and the page is chosen
// from the array at the end. A large index is cut into ranges of internal
// numbers, one goroutine each, as collect.go cuts bleve's searches. The
// scores are
// bleve's, to the last bit: the same tf-idf of each posting, the same
// query norm, each document's sum taken in the order bleve's disjunction
// takes it (its searchers sorted by their counts, with the same sort), the
// same coordination factor; and ties keep bleve's order, the lower
// internal number first. TestTermAtATimeIsBleve compares every hit, score,
// order, total and match set with bleve's own collection, on invented
// collections of several segments, for every shape answered here.
//
// Filters on facet values are checked on the matches (as filtered.go
// does when they are many); the filters bleve searches (date ranges) are
// searched first, unscored, and the words are then read at each of their
// documents when they are few, or read whole and checked. Conjunctions of
// such disjunctions (several words), with negated ones or not, are
// answered the same way: the sum of the clauses' scores in
// bleve's order, for the documents every clause matches. A phrase is one
// node among the others, read through bleve's phrase searcher (which
// needs the words' places): its matches and scores are bleve's, read in
// its range or looked up at the candidates, and summed here with the
// rest. A search sorted by date finds its matches the same way, and
// chooses its page by their dates and IDs in the facet table (taatOrder).
// Filters alone match every document they hold, each scoring 1, as
// bleve's match-all searcher scores them. Anything else (a negation
// alone, a disjunction large enough for bleve's heap, whose order of
// summing is not fixed) is left to bleve: taatPlan says no.

// taatNode is one term, or a disjunction or conjunction of nodes, of a
// query answered a term at a time.
type taatNode struct {
	// A term: its postings in each segment of the snapshot, and what its
	// score is made of.
	lists []segment.PostingsList
	// decoded is the term's decoded frequencies and its field's norms
	// in each segment where they are kept (dense.go), else nil.
	decoded []decodedTerm
	idf     float64
	boost   float64
	weight  float64 // bleve's queryWeight: boost × idf × the query norm
	// A disjunction, or a conjunction when all is set: its nodes, in the
	// order bleve's searcher holds them.
	kids []*taatNode
	all  bool
	// not, on a conjunction, matches the documents it excludes (bleve's
	// boolean query's must-not clause).
	not *taatNode
	// count is bleve's Count: a term's documents, the sum of a
	// disjunction's or conjunction's nodes'.
	count uint64
	// searched is a query read through bleve's own searcher (a phrase),
	// as a leaf: its matches and their scores are bleve's, the rest is
	// done here. sqWeight is its searcher's Weight; norm is the query
	// norm it is given, 0 when it is the whole query (bleve sets none).
	searched query.Query
	sqWeight float64
	norm     float64
	// every matches every document, each scoring 1, as bleve's
	// match-all searcher does: the words of a query of filters alone.
	every bool
}

func (n *taatNode) leaf() bool { return n.kids == nil }

// taatSnap is the snapshot a query is answered in: its segments, each
// segment's first internal number, and each field's dictionary in each
// segment, opened once a query.
type taatSnap struct {
	// r and m are the snapshot and mapping bleve's searchers are made in.
	r       index.IndexReader
	m       mapping.IndexMapping
	segs    []*scorch.SegmentSnapshot
	offsets []uint64
	dicts   map[string][]segment.TermDictionary
	ords    []int32 // by internal number: -1 for no live document
	docs    uint64  // bleve's DocCount, for the idf
	terms   int     // the terms opened, against bleve's cap
	// dense is each segment's decoded terms, nil where none are kept.
	dense []*denseSeg
}

func newTaatSnap(snap *scorch.IndexSnapshot, m mapping.IndexMapping) (*taatSnap, error) {
	docs, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	t := &taatSnap{r: snap, m: m, segs: snap.Segments(), docs: docs, dicts: make(map[string][]segment.TermDictionary)}
	// scorch numbers a segment's documents on from the sum of the
	// segments' counts before it, deleted documents included.
	var running uint64
	for _, s := range t.segs {
		t.offsets = append(t.offsets, running)
		running += s.Segment().Count()
	}
	return t, nil
}

// dict returns field's dictionary in every segment.
func (t *taatSnap) dict(field string) ([]segment.TermDictionary, error) {
	if d, ok := t.dicts[field]; ok {
		return d, nil
	}
	d := make([]segment.TermDictionary, len(t.segs))
	for i, s := range t.segs {
		var err error
		if d[i], err = s.Segment().Dictionary(field); err != nil {
			return nil, err
		}
	}
	t.dicts[field] = d
	return d, nil
}

// squaredWeight is bleve's Weight: a term's (boost × idf)², the sum of a
// disjunction's or conjunction's nodes'.
func (n *taatNode) squaredWeight() float64 {
	if n.searched != nil {
		return n.sqWeight
	}
	if n.leaf() {
		sum := n.boost * n.idf
		return sum * sum
	}
	var rv float64
	for _, k := range n.kids {
		rv += k.squaredWeight()
	}
	return rv
}

// setNorm is bleve's SetQueryNorm, down to every term.
func (n *taatNode) setNorm(norm float64) {
	if n.searched != nil {
		n.norm = norm
		return
	}
	if n.leaf() {
		n.weight = n.boost * n.idf * norm
		return
	}
	for _, k := range n.kids {
		k.setNorm(norm)
	}
}

// byCount sorts nodes as bleve's OrderedSearcherList sorts searchers: the
// same sort, so the same order for equal counts.
type byCount []*taatNode

func (l byCount) Len() int           { return len(l) }
func (l byCount) Less(i, j int) bool { return l[i].count < l[j].count }
func (l byCount) Swap(i, j int)      { l[i], l[j] = l[j], l[i] }

// errNotTaat says that a query is left to bleve.
type errNotTaat struct{}

func (errNotTaat) Error() string { return "not answered a term at a time" }

// taatPlan builds the nodes of q over r, as bleve would build its
// searchers; errNotTaat when q is not of a shape answered here, or opens
// more terms than bleve's cap allows (left to bleve, which refuses it).
func taatPlan(r index.IndexReader, t *taatSnap, q query.Query) (*taatNode, error) {
	switch q := q.(type) {
	case *query.MatchPhraseQuery, *query.PhraseQuery, *query.MultiPhraseQuery:
		return t.searchedBy(q)
	case *query.MatchQuery:
		// A word the analyser cuts in several terms: their conjunction.
		if q.Operator != query.MatchQueryOperatorAnd {
			return nil, errNotTaat{}
		}
		return t.searchedBy(q)
	case *query.TermQuery:
		return t.term([]byte(q.Term), q.FieldVal, q.BoostVal.Value())
	case *query.PrefixQuery:
		return taatPrefix(r, t, q)
	case *query.BooleanQuery:
		// What the query parser makes of several clauses: all must
		// match, none of the negated ones.
		must, ok := q.Must.(*query.ConjunctionQuery)
		if !ok || q.Should != nil || q.Filter != nil || len(must.Conjuncts) == 0 || len(must.Conjuncts) > maxConjuncts {
			return nil, errNotTaat{}
		}
		n, err := taatConjunction(r, t, must.Conjuncts)
		if err != nil {
			return nil, err
		}
		if not, ok := q.MustNot.(*query.DisjunctionQuery); ok && len(not.Disjuncts) > 0 {
			if n.not, err = taatPlan(r, t, not); err != nil {
				return nil, err
			}
		} else if q.MustNot != nil && !ok {
			return nil, errNotTaat{}
		}
		return n, nil
	case *query.ConjunctionQuery:
		if len(q.Conjuncts) == 0 || len(q.Conjuncts) > maxConjuncts {
			return nil, errNotTaat{}
		}
		return taatConjunction(r, t, q.Conjuncts)
	case *query.DisjunctionQuery:
		if q.Min > 1 || len(q.Disjuncts) == 0 || len(q.Disjuncts) > searcher.DisjunctionHeapTakeover {
			return nil, errNotTaat{}
		}
		n := &taatNode{kids: make([]*taatNode, 0, len(q.Disjuncts))}
		for _, d := range q.Disjuncts {
			k, err := taatPlan(r, t, d)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, k)
		}
		return n.sorted(), nil
	}
	return nil, errNotTaat{}
}

// maxConjuncts bounds the clauses of a conjunction answered here: a
// document's count of matching clauses is a byte.
const maxConjuncts = 200

// taatConjunction plans the conjunction of qs, as bleve's conjunction
// searcher is built.
func taatConjunction(r index.IndexReader, t *taatSnap, qs []query.Query) (*taatNode, error) {
	n := &taatNode{all: true, kids: make([]*taatNode, 0, len(qs))}
	for _, c := range qs {
		k, err := taatPlan(r, t, c)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	return n.sorted(), nil
}

// sorted orders the nodes of a disjunction or conjunction as bleve does,
// and counts them.
func (n *taatNode) sorted() *taatNode {
	sort.Sort(byCount(n.kids))
	for _, k := range n.kids {
		n.count += k.count
	}
	return n
}

// term finds one term's postings in every segment, as scorch's term
// reader does.
func (t *taatSnap) term(term []byte, field string, boost float64) (*taatNode, error) {
	t.terms++
	if t.terms > maxTermSearchers {
		return nil, errNotTaat{}
	}
	dicts, err := t.dict(field)
	if err != nil {
		return nil, err
	}
	n := &taatNode{
		lists: make([]segment.PostingsList, len(t.segs)),
		boost: boost,
		// Until a disjunction sets the query's norm: a term searched
		// alone is not weighted.
		weight: 1.0,
	}
	for i, s := range t.segs {
		if n.lists[i], err = dicts[i].PostingsList(term, s.Deleted(), nil); err != nil {
			return nil, err
		}
		n.count += n.lists[i].Count()
		if i < len(t.dense) {
			if dt := t.dense[i].term(field, term); dt.denseTerm != nil {
				if n.decoded == nil {
					n.decoded = make([]decodedTerm, len(t.segs))
				}
				n.decoded[i] = dt
			}
		}
	}
	// bleve's tf-idf (scorer.TermQueryScorer), the model searched here.
	n.idf = 1.0 + math.Log(float64(t.docs)/float64(n.count+1.0))
	return n, nil
}

// searchedBy plans q as a leaf read through bleve's searcher of it. Its
// score is bleve's whichever way it is reached, Next or Advance: the
// searchers of phrases and of words' conjunctions sum their terms in a
// fixed order.
func (t *taatSnap) searchedBy(q query.Query) (*taatNode, error) {
	se, err := q.Searcher(bsearch.ContextWithTermSearchersCounter(context.Background()), t.r, t.m, bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer se.Close()
	// Its terms count against bleve's cap, as a phrase's would.
	t.terms++
	if t.terms > maxTermSearchers {
		return nil, errNotTaat{}
	}
	return &taatNode{searched: q, count: se.Count(), sqWeight: se.Weight()}, nil
}

// taatPrefix finds a prefix's terms as bleve's prefix searcher does: a
// term alone when the prefix is the only one, else their disjunction.
func taatPrefix(r index.IndexReader, t *taatSnap, q *query.PrefixQuery) (*taatNode, error) {
	dict, err := r.FieldDictPrefix(q.FieldVal, []byte(q.Prefix))
	if err != nil {
		return nil, err
	}
	var words []string
	seen := make(map[string]bool)
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		if !seen[e.Term] {
			seen[e.Term] = true
			words = append(words, e.Term)
		}
		if len(words) > searcher.DisjunctionHeapTakeover {
			dict.Close()
			return nil, errNotTaat{}
		}
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	boost := q.BoostVal.Value()
	if len(words) == 0 || (len(words) == 1 && words[0] == q.Prefix) {
		return t.term([]byte(q.Prefix), q.FieldVal, boost)
	}
	n := &taatNode{kids: make([]*taatNode, 0, len(words))}
	for _, w := range words {
		k, err := t.term([]byte(w), q.FieldVal, boost)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	return n.sorted(), nil
}

// taatScratch is what one goroutine writes as it answers a query: for
// each level of the query, a score and a count of matching nodes by
// internal document number (entries are put back to nought after use, so
// a scratch is reused whole), and the norms of the field lengths met.
type taatScratch struct {
	levels []taatLevel
	// norms keeps each posting's norm by its field length (its norm
	// bits), as the segment computes it: a square root and a division a
	// posting, a quarter of the reading, become a look-up. 0: not yet met
	// in this search.
	norms [1024]float64
	// deadline is looked at as postings are read.
	deadline deadline
	// looked counts the documents looked at in decoded terms: what a
	// search's cost follows (a test bounds it).
	looked uint64
}

type taatLevel struct {
	score   []float64
	hits    []uint8
	touched []uint32
	// left is kept for a conjunction at this level to list its
	// candidates in (matching), reused from one search to the next.
	left []uint32
}

var taatScratchPool = sync.Pool{New: func() any { return new(taatScratch) }}

func (s *taatScratch) level(depth, docs int) *taatLevel {
	for len(s.levels) <= depth {
		s.levels = append(s.levels, taatLevel{})
	}
	l := &s.levels[depth]
	if len(l.score) < docs {
		l.score = make([]float64, docs)
		l.hits = make([]uint8, docs)
	}
	l.touched = l.touched[:0]
	return l
}

// clean puts every entry of every level back to nought, after a search
// that stopped half way.
func (s *taatScratch) clean() {
	for i := range s.levels {
		l := &s.levels[i]
		for _, d := range l.touched {
			l.score[d], l.hits[d] = 0, 0
		}
		l.touched = l.touched[:0]
	}
}

// normBits is a segment's posting that gives its norm's bits, the field's
// length, as zap's does.
type normBits interface{ NormUint64() uint64 }

// eval scores every document n matches, whose internal number runs from
// from up to to (excluded) and, when cands is not nil, is among cands
// (sorted), into s's level depth: for a term, its score;
// for a disjunction, bleve's: the sum of its matching nodes' scores in
// their order, times the share of its nodes that match. docs bounds the
// internal numbers (a posting past it is not a live document's).
//
// only, when not nil, are the only documents (sorted) whose scores the
// caller keeps: a conjunction's candidates still matching. A term kept
// decoded is looked up at each of them, which costs less than a pass over
// its segment however many they are; its scores elsewhere would be
// dropped. (A term read from its postings is looked up at cands only,
// as leaping costs more.)
func (n *taatNode) eval(t *taatSnap, s *taatScratch, depth int, from, to uint64, docs int, cands, only []uint32) (*taatLevel, error) {
	out := s.level(depth, docs)
	if n.every {
		return out, n.addEvery(t, s, out, from, to, cands)
	}
	if n.leaf() {
		return out, n.add(t, s, out, from, to, cands, only)
	}
	if n.all {
		return n.evalAll(t, s, depth, from, to, docs, cands, only)
	}
	for _, k := range n.kids {
		if k.leaf() {
			if err := k.add(t, s, out, from, to, cands, only); err != nil {
				return nil, err
			}
			continue
		}
		in, err := k.eval(t, s, depth+1, from, to, docs, cands, only)
		if err != nil {
			return nil, err
		}
		// out may have moved if a deeper level was added.
		out = &s.levels[depth]
		for _, d := range in.touched {
			if out.hits[d] == 0 {
				out.touched = append(out.touched, d)
			}
			out.score[d] += in.score[d]
			out.hits[d]++
			in.score[d], in.hits[d] = 0, 0
		}
		in.touched = in.touched[:0]
	}
	total := float64(len(n.kids))
	for _, d := range out.touched {
		out.score[d] *= float64(out.hits[d]) / total
	}
	return out, nil
}

// probeShare is how many times fewer than a node's postings a
// conjunction's candidates must be for the node to be looked up at each
// candidate (a posting list's Advance) rather than read whole. (A
// variable so that tests can force either way.)
var probeShare = 8

// evalAll scores a conjunction as bleve does: the sum of its nodes'
// scores in their order, for the documents every node matches and the
// node not does not. Its nodes come sorted by their counts, the fewest
// first, so the documents the first matches are the candidates; a later
// node with many more postings than there are candidates left is looked
// up at each candidate, as bleve's conjunction leaps, and read whole
// otherwise. A later node's terms kept decoded are looked up at each
// candidate left, however many (eval).
func (n *taatNode) evalAll(t *taatSnap, s *taatScratch, depth int, from, to uint64, docs int, cands, only []uint32) (*taatLevel, error) {
	out := s.level(depth, docs)
	// left are the candidates still matching, sorted, once made.
	var left []uint32
	probe := func(k *taatNode) []uint32 {
		if left == nil || uint64(len(left))*uint64(probeShare) >= k.count {
			return cands
		}
		return left
	}
	narrowest := func() []uint32 {
		if left != nil && (only == nil || len(left) < len(only)) {
			return left
		}
		return only
	}
	for i, k := range n.kids {
		if i > 0 && left == nil && (uint64(len(out.touched))*uint64(probeShare) < k.count || k.anyDecoded()) {
			left = out.matching(i, from, to)
		}
		in, err := k.eval(t, s, depth+1, from, to, docs, probe(k), narrowest())
		if err != nil {
			return nil, err
		}
		out = &s.levels[depth]
		for _, d := range in.touched {
			// A document counts only if every node before matched it.
			if int(out.hits[d]) == i {
				if i == 0 {
					out.touched = append(out.touched, d)
				}
				out.score[d] += in.score[d]
				out.hits[d]++
			}
			in.score[d], in.hits[d] = 0, 0
		}
		in.touched = in.touched[:0]
		if left != nil {
			left = out.still(left, i+1)
		}
	}
	if n.not != nil {
		in, err := n.not.eval(t, s, depth+1, from, to, docs, probe(n.not), narrowest())
		if err != nil {
			return nil, err
		}
		out = &s.levels[depth]
		for _, d := range in.touched {
			out.hits[d] = 0 // excluded
			in.score[d], in.hits[d] = 0, 0
		}
		in.touched = in.touched[:0]
	}
	kept := out.touched[:0]
	for _, d := range out.touched {
		if int(out.hits[d]) == len(n.kids) {
			kept = append(kept, d)
		} else {
			out.score[d], out.hits[d] = 0, 0
		}
	}
	out.touched = kept
	return out, nil
}

// matching returns, sorted, the documents from from up to to that i
// nodes match in l: those it has touched sorted when they are few, else
// found by a pass over the range. The list is l's own, valid until the
// next call.
func (l *taatLevel) matching(i int, from, to uint64) []uint32 {
	if l.left == nil {
		// Never nil: an empty list is candidates none, where nil is
		// none made.
		l.left = make([]uint32, 0, 64)
	}
	to = min(to, uint64(len(l.hits)))
	if from >= to {
		return l.left[:0]
	}
	if uint64(len(l.touched))*16 < to-from {
		left := l.left[:0]
		for _, d := range l.touched {
			if int(l.hits[d]) == i {
				left = append(left, d)
			}
		}
		slices.Sort(left)
		l.left = left
		return left
	}
	// Every number is written, and the count moves past those that
	// match: no branch to mispredict where about half do.
	left := slices.Grow(l.left[:0], int(to-from))[:to-from]
	n := 0
	for d, h := range l.hits[from:to] {
		left[n] = uint32(from) + uint32(d)
		if int(h) == i {
			n++
		}
	}
	l.left = left
	return left[:n]
}

// still keeps, in place, the documents of left that i nodes match in l.
func (l *taatLevel) still(left []uint32, i int) []uint32 {
	n := 0
	for _, d := range left {
		left[n] = d
		if int(l.hits[d]) == i {
			n++
		}
	}
	return left[:n]
}

// anyDecoded says whether some term of n is kept decoded in some segment.
func (n *taatNode) anyDecoded() bool {
	if n.leaf() {
		return n.decoded != nil
	}
	return slices.ContainsFunc(n.kids, (*taatNode).anyDecoded) || (n.not != nil && n.not.anyDecoded())
}

// add reads a term's postings from from up to to into l: each document's
// score added to its sum and its count of matching nodes raised. With
// cands (sorted), only the postings of those documents are read, each
// leapt to; a segment's decoded term is looked up at only (eval) when
// they are fewer.
func (n *taatNode) add(t *taatSnap, s *taatScratch, l *taatLevel, from, to uint64, cands, only []uint32) error {
	docs := uint64(len(l.score))
	if n.searched != nil {
		return n.addSearched(t, s, l, from, to, docs, cands)
	}
	for i, pl := range n.lists {
		off := t.offsets[i]
		end := min(off+t.segs[i].Segment().Count(), to)
		start := max(off, from)
		if end <= start || pl.Count() == 0 {
			continue
		}
		if n.decoded != nil && n.decoded[i].denseTerm != nil {
			at := cands
			if only != nil && (at == nil || len(only) < len(at)) {
				at = only
			}
			if err := n.addDecoded(s, l, n.decoded[i], t.segs[i].Deleted(), off, start, end, docs, at); err != nil {
				return err
			}
			continue
		}
		it := pl.Iterator(true, true, false, nil)
		var err error
		if cands != nil {
			err = n.probe(s, l, it, off, start, end, cands)
		} else {
			err = n.read(s, l, it, off, start, end, docs)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// read adds the postings of a segment's iterator it, whose documents are
// numbered from off, from start up to end.
func (n *taatNode) read(s *taatScratch, l *taatLevel, it segment.PostingsIterator, off, start, end, docs uint64) error {
	var p segment.Posting
	var err error
	if start > off {
		p, err = it.Advance(start - off)
	} else {
		p, err = it.Next()
	}
	for ; p != nil && err == nil; p, err = it.Next() {
		if err = s.deadline.expired(); err != nil {
			return err
		}
		d := p.Number() + off
		if d >= end {
			return nil
		}
		if d < docs {
			n.addPosting(s, l, p, d)
		}
	}
	return err
}

// addEvery adds every live document from from up to to, or each of
// cands, with a score of 1.
func (n *taatNode) addEvery(t *taatSnap, s *taatScratch, l *taatLevel, from, to uint64, cands []uint32) error {
	docs := uint64(min(len(t.ords), len(l.score)))
	every := func(yield func(uint64) bool) {
		for d := from; d < min(to, docs); d++ {
			if !yield(d) {
				return
			}
		}
	}
	if cands != nil {
		every = within(cands, from, to)
	}
	for d := range every {
		if err := s.deadline.expired(); err != nil {
			return err
		}
		if d >= docs || t.ords[d] < 0 {
			continue
		}
		if l.hits[d] == 0 {
			l.touched = append(l.touched, uint32(d))
		}
		l.score[d] += 1
		l.hits[d]++
	}
	return nil
}

// within yields the documents of cands (sorted) from start up to end.
func within(cands []uint32, start, end uint64) iter.Seq[uint64] {
	return func(yield func(uint64) bool) {
		i, _ := slices.BinarySearch(cands, uint32(start))
		for _, c := range cands[i:] {
			if uint64(c) >= end || !yield(uint64(c)) {
				return
			}
		}
	}
}

// probe adds the postings of it at the documents of cands from start up
// to end, leaping from one to the next.
func (n *taatNode) probe(s *taatScratch, l *taatLevel, it segment.PostingsIterator, off, start, end uint64, cands []uint32) error {
	var p segment.Posting
	for d := range within(cands, start, end) {
		if err := s.deadline.expired(); err != nil {
			return err
		}
		if p == nil || p.Number()+off < d {
			var err error
			if p, err = it.Advance(d - off); err != nil {
				return err
			}
			if p == nil {
				return nil
			}
		}
		if p.Number()+off == d {
			n.addPosting(s, l, p, d)
		}
	}
	return nil
}

// addSearched adds the matches of n's searcher from from up to to, or
// at the documents of cands, leaping from one to the next. Each part of a
// search makes a searcher of its own.
func (n *taatNode) addSearched(t *taatSnap, s *taatScratch, l *taatLevel, from, to, docs uint64, cands []uint32) error {
	ctx := s.deadline.ctx
	se, err := n.searched.Searcher(bsearch.ContextWithTermSearchersCounter(ctx), withDeadline(ctx, t.r), t.m, bsearch.SearcherOptions{})
	if err != nil {
		return err
	}
	defer se.Close()
	if n.norm != 0 {
		se.SetQueryNorm(n.norm)
	}
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(se.DocumentMatchPoolSize(), 0)}
	add := func(dm *bsearch.DocumentMatch) {
		d := dm.IndexInternalID.Value()
		if d >= docs {
			return
		}
		if l.hits[d] == 0 {
			l.touched = append(l.touched, uint32(d))
		}
		l.score[d] += dm.Score
		l.hits[d]++
	}
	if cands == nil {
		dm, err := se.Advance(sctx, index.NewIndexInternalID(nil, from))
		for ; dm != nil && err == nil; dm, err = se.Next(sctx) {
			if err := s.deadline.expired(); err != nil {
				return err
			}
			if dm.IndexInternalID.Value() >= to {
				return nil
			}
			add(dm)
			sctx.DocumentMatchPool.Put(dm)
		}
		return err
	}
	var dm *bsearch.DocumentMatch
	for d := range within(cands, from, to) {
		if err := s.deadline.expired(); err != nil {
			return err
		}
		if dm == nil || dm.IndexInternalID.Value() < d {
			if dm != nil {
				sctx.DocumentMatchPool.Put(dm)
			}
			if dm, err = se.Advance(sctx, index.NewIndexInternalID(nil, d)); err != nil {
				return err
			}
			if dm == nil {
				return nil
			}
		}
		if dm.IndexInternalID.Value() == d {
			add(dm)
		}
	}
	return nil
}

// addDecoded adds the term's scores in a segment whose documents are
// numbered from off, from start up to end, or at those of cands, from its
// decoded frequencies and norms t (dense.go), skipping the documents
// deleted. They are the postings' own scores: the same frequency and
// norm.
func (n *taatNode) addDecoded(s *taatScratch, l *taatLevel, t decodedTerm, deleted *roaring.Bitmap, off, start, end, docs uint64, cands []uint32) error {
	if deleted != nil && deleted.IsEmpty() {
		deleted = nil
	}
	tf := t.tf
	end = min(end, docs, off+uint64(len(tf)))
	// A byte costs far less than a posting: the deadline is counted once
	// every checkEvery candidates or checkEvery*8 bytes, so it is looked
	// at every 4,096 candidates or 32,768 bytes, some tens of microseconds.
	//
	// one adds document d's score where the term is in it.
	one := func(d uint64) {
		if local := d - off; tf[local] != 0 && (deleted == nil || !deleted.Contains(uint32(local))) {
			n.addScore(l, t.freq(local), float64(t.norms[local]), d)
		}
	}
	if cands != nil {
		looked := 0
		for d := range within(cands, start, end) {
			if looked%checkEvery == 0 {
				if err := s.deadline.expired(); err != nil {
					return err
				}
			}
			looked++
			one(d)
		}
		s.looked += uint64(looked)
		return nil
	}
	// A pass over the bytes, eight read at once, and of those only the
	// documents that hold the term visited.
	if end > start {
		s.looked += end - start
	}
	for from := start; from < end; from += checkEvery * 8 {
		if err := s.deadline.expired(); err != nil {
			return err
		}
		to := min(from+checkEvery*8, end)
		d := from
		for ; d+8 <= to; d += 8 {
			for w := binary.LittleEndian.Uint64(tf[d-off:]); w != 0; {
				k := uint64(bits.TrailingZeros64(w)) / 8
				one(d + k)
				w &^= 0xff << (8 * k)
			}
		}
		for ; d < to; d++ {
			one(d)
		}
	}
	return nil
}

// addPosting adds p's score, bleve's tf-idf, to document d's sum.
func (n *taatNode) addPosting(s *taatScratch, l *taatLevel, p segment.Posting, d uint64) {
	n.addScore(l, p.Frequency(), s.norm(p), d)
}

// addScore adds the score of a posting of frequency f and norm to
// document d's sum.
func (n *taatNode) addScore(l *taatLevel, f uint64, norm float64, d uint64) {
	var tf float64
	if f < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(f)]
	} else {
		tf = math.Sqrt(float64(f))
	}
	score := tf * norm * n.idf
	if n.weight != 1.0 {
		score = score * n.weight
	}
	if l.hits[d] == 0 {
		l.touched = append(l.touched, uint32(d))
	}
	l.score[d] += score
	l.hits[d]++
}

// norm is p's norm, as the segment gives it.
func (s *taatScratch) norm(p segment.Posting) float64 {
	nb, ok := p.(normBits)
	if !ok {
		return p.Norm()
	}
	b := nb.NormUint64()
	if b >= uint64(len(s.norms)) {
		return p.Norm()
	}
	v := s.norms[b]
	if v == 0 {
		v = p.Norm()
		s.norms[b] = v
	}
	return v
}

// taatHit is a match and its score, as the page is chosen, and in a
// search sorted by date its date (dated false: the index holds none) and
// the rank of its ID among the IDs.
type taatHit struct {
	doc   uint32
	score float64
	date  int64
	dated bool
	rank  uint32
}

// taatOrder is the order a page's hits are chosen in: by relevance, or
// by date and then ID as bleve's sort on the date field and _id orders
// them (documents without a date last, either way).
type taatOrder struct {
	byDate bool
	desc   bool // the latest date first
	// table gives each ordinal's date and rank its ID's place.
	table *facetTable
	rank  []uint32
}

// taatOrderOf returns the order of a search sorted by order, ok false
// when it is not one chosen here.
func (ix *Index) taatOrderOf(order []string) (o *taatOrder, ok bool) {
	switch {
	case len(order) == 1 && order[0] == "-_score":
		return &taatOrder{}, true
	case len(order) == 2 && order[1] == "_id" && (order[0] == fieldDate || order[0] == "-"+fieldDate) && ix.facets.sortsByDate():
		return &taatOrder{byDate: true, desc: order[0] != fieldDate, table: ix.facets, rank: ix.facets.rank()}, true
	}
	return nil, false
}

// better says whether a ranks before b. By relevance: the higher score,
// then the lower internal number, as bleve numbers its hits in the order
// it finds them.
func (o *taatOrder) better(a, b taatHit) bool {
	if !o.byDate {
		if a.score != b.score {
			return a.score > b.score
		}
		return a.doc < b.doc
	}
	if a.dated != b.dated {
		return a.dated
	}
	if a.dated && a.date != b.date {
		return (a.date < b.date) != o.desc
	}
	return a.rank < b.rank
}

// sortValues are what bleve's sort gives a hit h of ID id to compare.
func (o *taatOrder) sortValues(h taatHit, id string) []string {
	if !o.byDate {
		return nil
	}
	v := bsearch.HighTerm // no date: last
	if o.desc {
		v = bsearch.LowTerm
	}
	if h.dated {
		v = string(numeric.MustNewPrefixCodedInt64(h.date, 0))
	}
	return []string{v, id}
}

// termAtATime says whether the queries of the shapes above are answered
// here (a variable so that tests can compare with bleve's way).
var termAtATime = true

// taatCollect answers q over r a term at a time, in as many parts as
// collect would split it into: the hits from skip to skip+size by
// relevance, with their external IDs and scores, every match's ordinal
// marked in match, and the number of matches. ok is false when q is left
// to bleve, not being of a shape answered here.
func taatCollect(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, q query.Query, order *taatOrder, size, skip int, tbl *ordTable, dense *denseTables, parts int, match []uint64) (hits bsearch.DocumentMatchCollection, total uint64, ok bool, err error) {
	snap, isScorch := r.(*scorch.IndexSnapshot)
	if !termAtATime || !isScorch {
		return nil, 0, false, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, true, err
	}
	var f *filtered
	if fq, isF := q.(*filtered); isF {
		f, q = fq, fq.scored
	}
	t, err := newTaatSnap(snap, m)
	if err != nil {
		return nil, 0, false, err
	}
	t.ords = tbl.ords
	t.dense = dense.lookup(t.segs)
	var root *taatNode
	if q == nil {
		root = &taatNode{every: true, count: t.docs}
	} else {
		root, err = taatPlan(r, t, q)
	}
	if err != nil {
		if _, no := err.(errNotTaat); no {
			return nil, 0, false, nil
		}
		return nil, 0, false, err
	}
	var w taatWithin
	if f != nil {
		if len(f.filters) > 0 {
			if err := w.search(ctx, r, m, f.filters, root.count); err != nil {
				return nil, 0, true, err
			}
		}
		if f.docs != nil {
			if w.cands == nil && w.inside == nil && f.docs.GetCardinality()*uint64(probeShare) < root.count {
				// Few: the words are looked up at each of them.
				w.cands = tbl.numbers(f.dense())
			} else {
				w.allow = f.dense()
			}
		}
	}
	// bleve's top disjunction or conjunction sets the norm of the whole
	// query on every term; a term alone keeps its weight of 1.
	if !root.leaf() {
		root.setNorm(1.0 / math.Sqrt(root.squaredWeight()))
	}
	want := size + skip
	bounds := []uint64{0, math.MaxUint64}
	if parts > 1 {
		bounds = tbl.bounds(parts)
	}
	ps := make([]taatPart, len(bounds)-1)
	g, gctx := errgroup.WithContext(ctx)
	for k := range ps {
		p := &ps[k]
		p.match, p.top.order = match, order
		if k > 0 {
			p.match = make([]uint64, len(match))
		}
		g.Go(func() error {
			return p.collect(gctx, t, root, bounds[k], bounds[k+1], want, tbl.ords, &w)
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, true, err
	}
	var top []taatHit
	for _, p := range ps {
		top = append(top, p.top.hits...)
		total += p.total
	}
	for _, p := range ps[1:] {
		for i, w := range p.match {
			match[i] |= w
		}
	}
	sort.Slice(top, func(i, j int) bool { return order.better(top[i], top[j]) })
	if skip >= len(top) {
		return nil, total, true, nil
	}
	top = top[skip:min(len(top), skip+size)]
	hits = make(bsearch.DocumentMatchCollection, len(top))
	for i, h := range top {
		id := index.NewIndexInternalID(nil, uint64(h.doc))
		ext, err := r.ExternalID(id)
		if err != nil {
			return nil, 0, true, err
		}
		hits[i] = &bsearch.DocumentMatch{ID: ext, IndexInternalID: id, Score: h.score, Sort: order.sortValues(h, ext)}
	}
	return hits, total, true, nil
}

// taatPart is what one goroutine found in its range of internal numbers.
type taatPart struct {
	top   taatTop
	total uint64
	match []uint64
}

// taatWithin are the documents a filtered query's matches must be among.
type taatWithin struct {
	// allow holds the ordinals of the filters on facet values and dates
	// (nil: no such filter), when they are many beside the words'
	// postings.
	allow []uint64
	// The filters hold the internal numbers in cands, ascending, when
	// they are few enough beside the words' postings to look the words up
	// at each (probeShare): those of the facet table, or else those bleve
	// searches (values the table does not list); else, for the latter,
	// the same as bits, inside.
	cands  []uint32
	inside []uint64
}

// search finds the documents of filters, unscored, as bleve searches a
// filter clause. postings is what the words' nodes count.
func (w *taatWithin) search(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, filters []query.Query, postings uint64) error {
	var f query.Query = query.NewConjunctionQuery(filters)
	if len(filters) == 1 {
		f = filters[0]
	}
	fs, err := f.Searcher(ctx, withDeadline(ctx, r), m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return err
	}
	defer fs.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(fs.DocumentMatchPoolSize(), 0)}
	w.cands = []uint32{}
	for {
		dm, err := fs.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			break
		}
		if len(dm.IndexInternalID) == 8 {
			w.cands = append(w.cands, uint32(dm.IndexInternalID.Value()))
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	if uint64(len(w.cands))*uint64(probeShare) < postings {
		return nil
	}
	var most uint32
	if len(w.cands) > 0 {
		most = w.cands[len(w.cands)-1]
	}
	w.inside = make([]uint64, most/64+1)
	for _, d := range w.cands {
		w.inside[d/64] |= 1 << (d % 64)
	}
	w.cands = nil
	return nil
}

// numbers returns the internal numbers, ascending, of the documents whose
// ordinals are in the bits ords.
func (t *ordTable) numbers(ords []uint64) []uint32 {
	out := []uint32{}
	for d, o := range t.ords {
		if o >= 0 && int(o/64) < len(ords) && ords[o/64]&(1<<(o%64)) != 0 {
			out = append(out, uint32(d))
		}
	}
	return out
}

// holds says whether the filters hold document d, of ordinal o.
func (w *taatWithin) holds(d uint32, o int32) bool {
	if w.allow != nil && (o < 0 || int(o/64) >= len(w.allow) || w.allow[o/64]&(1<<(o%64)) == 0) {
		return false
	}
	return w.inside == nil || (int(d/64) < len(w.inside) && w.inside[d/64]&(1<<(d%64)) != 0)
}

// collect scores the documents from from up to to and keeps the want
// best of those w holds, marking each match's ordinal.
func (p *taatPart) collect(ctx context.Context, t *taatSnap, root *taatNode, from, to uint64, want int, ords []int32, w *taatWithin) error {
	s := taatScratchPool.Get().(*taatScratch)
	defer taatScratchPool.Put(s)
	s.deadline = deadline{ctx: ctx}
	// Norms are remembered for one search: its snapshot's segments.
	clear(s.norms[:])
	l, err := root.eval(t, s, 0, from, to, len(ords), w.cands, nil)
	if err != nil {
		s.clean()
		return err
	}
	for _, d := range l.touched {
		h := taatHit{doc: d, score: l.score[d]}
		l.score[d], l.hits[d] = 0, 0
		o := ords[d]
		if !w.holds(d, o) {
			continue
		}
		if o >= 0 {
			p.match[o/64] |= 1 << (o % 64)
		}
		p.total++
		if ord := p.top.order; ord.byDate {
			h.date, h.dated = ord.table.dateOf(o)
			h.rank = math.MaxUint32
			if o >= 0 && int(o) < len(ord.rank) {
				h.rank = ord.rank[o]
			}
		}
		// Most matches are worse than the worst hit kept: they are
		// turned away here, without a call.
		if len(p.top.hits) < want || (want > 0 && p.top.order.better(h, p.top.hits[0])) {
			p.top.keep(want, h)
		}
	}
	l.touched = l.touched[:0]
	return nil
}

// taatTop is a heap of the best hits kept in order, the worst at its
// root.
type taatTop struct {
	hits  []taatHit
	order *taatOrder
}

func (t *taatTop) Len() int           { return len(t.hits) }
func (t *taatTop) Less(i, j int) bool { return t.order.better(t.hits[j], t.hits[i]) }
func (t *taatTop) Swap(i, j int)      { t.hits[i], t.hits[j] = t.hits[j], t.hits[i] }
func (t *taatTop) Push(x any)         { t.hits = append(t.hits, x.(taatHit)) }
func (t *taatTop) Pop() any {
	h := t.hits[len(t.hits)-1]
	t.hits = t.hits[:len(t.hits)-1]
	return h
}

// keep offers h to the want best hits.
func (t *taatTop) keep(want int, h taatHit) {
	switch {
	case len(t.hits) < want:
		heap.Push(t, h)
	case want > 0 && t.order.better(h, t.hits[0]):
		t.hits[0] = h
		heap.Fix(t, 0)
	}
}
