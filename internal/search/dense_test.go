package search

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// decodedQueries are searches of every shape read a term at a time:
// words alone and together, common and rare, prefixes, negations,
// phrases beside words, filters of both kinds, in both scripts.
var decodedQueries = []string{
	"harvest", "council", "harvest OR railway OR oil OR школа", "tele*", "con*", "совет", "Varlamov",
	"council treaty", "harvest river -oil -школа", "tele* council harvest border -oil", "совет зерно нефть граница",
	"grain winter border garrison province", `harvest "grain railway"`, "harvest year:1945", "tele* lang:ru year:1946",
	"council treaty -oil from:1946-01 to:1946-12", "harvest OR council lang:en",
	// Words that name a person or a place, whose records' terms are
	// decoded too.
	"Varlamov council", "Ostrogor -harvest", "Varlamov OR Ostrogor OR grain", "варламов year:1946",
}

// The commonest terms kept decoded give every search the same hits,
// scores, order, total and facet counts as bleve's own collection, in an
// index of several segments and in one with deleted and rewritten
// documents, whether every term is decoded or only some, and whether a
// conjunction's later terms are read whole or looked up at candidates.
func TestDecodedTermsAreThePostings(t *testing.T) {
	wasShare, wasProbe := decodeShare, probeShare
	t.Cleanup(func() { decodeShare, probeShare = wasShare, wasProbe })
	// Every term of every segment, however rare, is decoded.
	decodeShare = 1 << 30
	keepEveryTerm(t)
	updated := updatedIndex(t, 600)
	was := batchSize
	batchSize = 200
	// One document says harvest and council 300 times: more than a byte
	// holds.
	docs := splitDocs(600)
	docs[18].Translation = append(docs[18].Translation, Para{N: 9, Text: strings.Repeat("harvest council ", 300)})
	ix, err := Open(context.Background(), docs, Options{Names: inventedNames{}, ResultCache: -1})
	batchSize = was
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	// Every seventh document deleted: its postings stay in its segment.
	// (The updated index's segments may be merged meanwhile, which drops
	// its deleted postings; an index in memory keeps them.)
	batch := ix.bleve.NewBatch()
	for i, d := range docs {
		if i%7 == 3 {
			batch.Delete(d.ID)
		}
	}
	if err := ix.bleve.Batch(batch); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		ix     *Index
		budget int64
	}{
		{"every term", ix, DefaultDenseTerms},
		{"every term (updated)", updated, DefaultDenseTerms},
		// About a third of the terms: the others are read from their
		// postings beside them.
		{"some terms (updated)", updated, 12_000},
	} {
		setDense(c.ix, c.budget)
		if _, err := c.ix.dense.refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		decoded, all := decodedLeaves(t, c.ix, "harvest river council treaty oil совет Varlamov")
		switch {
		case c.budget == DefaultDenseTerms && decoded != all:
			t.Fatalf("%s: %d of %d terms' segments decoded", c.name, decoded, all)
		case c.budget < DefaultDenseTerms && (decoded == 0 || decoded == all):
			t.Fatalf("%s: %d of %d terms' segments decoded, want some", c.name, decoded, all)
		}
		if got := c.ix.dense.bytes(); got > c.budget || got == 0 {
			t.Fatalf("%s: %d bytes decoded within %d", c.name, got, c.budget)
		}
		for _, share := range []int{wasProbe, 0, 1 << 30} {
			probeShare = share
			for _, qs := range decodedQueries {
				b := c.ix.build(mustParse(t, qs), &Result{})
				if b.err != nil {
					t.Fatalf("%s: %v", qs, b.err)
				}
				name := fmt.Sprintf("%s, %s, probe share %d", qs, c.name, share)
				compareOrder(t, c.ix, name, b.q, []string{"-_score"}, true)
			}
		}
		probeShare = wasProbe
	}
}

// keepEveryTerm lets a term be decoded however few its postings, for the
// test's small indexes.
func keepEveryTerm(t *testing.T) {
	was := decodeMin
	t.Cleanup(func() { decodeMin = was })
	decodeMin = 0
}

// setDense gives ix new, empty tables of decoded terms within budget
// bytes, its earlier ones stopped.
func setDense(ix *Index, budget int64) {
	ix.dense.stop()
	ix.dense = newDenseTables(budget, ix.reader, nil)
}

// planned is qs planned a term at a time over ix's latest snapshot, with
// its decoded terms; the snapshot is closed when the test ends.
func planned(t *testing.T, ix *Index, qs string) (*taatSnap, *taatNode) {
	t.Helper()
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	ts, err := newTaatSnap(r.(*scorch.IndexSnapshot), ix.bleve.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	ts.dense = ix.dense.lookup(ts.segs)
	root, err := taatPlan(r, ts, ix.build(mustParse(t, qs), &Result{}).q)
	if err != nil {
		t.Fatal(err)
	}
	return ts, root
}

// decodedLeaves counts, for the terms of qs, the segments where a term
// is read from its decoded table, among those where it has postings.
func decodedLeaves(t *testing.T, ix *Index, qs string) (decoded, all int) {
	t.Helper()
	_, root := planned(t, ix, qs)
	var walk func(n *taatNode)
	walk = func(n *taatNode) {
		for i, pl := range n.lists {
			if pl.Count() > 0 {
				all++
				if n.decoded != nil && n.decoded[i].denseTerm != nil {
					decoded++
				}
			}
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(root)
	return decoded, all
}

// A conjunction looks a common term kept decoded up at the documents its
// rarer words left, not at every document: its cost follows the rarest
// word. ("wrote" is in about one document in seven, in the English
// text; "council" in most, in the title and the English text.)
func TestDecodedTermsAreReadAtTheCandidates(t *testing.T) {
	wasShare := decodeShare
	t.Cleanup(func() { decodeShare = wasShare })
	decodeShare = 1 << 30
	keepEveryTerm(t)
	was := batchSize
	batchSize = 200
	ix, err := Open(context.Background(), splitDocs(600), Options{ResultCache: -1})
	batchSize = was
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.dense.refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	rare, common := lookedAt(t, ix, "wrote"), lookedAt(t, ix, "council")
	both := lookedAt(t, ix, "wrote council")
	if rare.leaves == 0 || common.leaves == 0 || rare.matches == 0 || rare.matches*4 > common.looked/uint64(common.leaves) {
		t.Fatalf("the words are not as the test needs: %+v, %+v", rare, common)
	}
	// A word in no document leaves no candidate: the common one is not
	// read at all (an empty list of candidates once read as none made).
	if none := lookedAt(t, ix, "nowhereword council"); none.looked != 0 || none.matches != 0 {
		t.Errorf("nowhereword council: looked at %d documents, matched %d; want none", none.looked, none.matches)
	}
	// The rare word is read whole; the common one at its matches only.
	if most := rare.looked + uint64(common.leaves)*rare.matches; both.looked > most {
		t.Errorf("wrote council: looked at %d documents, want at most %d (wrote %d, at its %d matches in %d fields of council; council alone %d)",
			both.looked, most, rare.looked, rare.matches, common.leaves, common.looked)
	}
}

// looked is what a search read of its decoded terms.
type looked struct {
	looked  uint64 // documents looked at in decoded terms
	leaves  int    // terms decoded
	matches uint64 // documents matched
}

// lookedAt answers qs over the whole of ix's latest snapshot in one part
// and tells what it read of its decoded terms.
func lookedAt(t *testing.T, ix *Index, qs string) looked {
	t.Helper()
	ts, root := planned(t, ix, qs)
	var out looked
	var walk func(n *taatNode)
	walk = func(n *taatNode) {
		if n.leaf() && n.decoded != nil {
			out.leaves++
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(root)
	var docs uint64 // internal numbers, deleted documents' too
	for _, seg := range ts.segs {
		docs += seg.Segment().Count()
	}
	s := &taatScratch{deadline: deadline{ctx: context.Background()}}
	l, err := root.eval(ts, s, 0, 0, docs, int(docs), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	out.looked, out.matches = s.looked, uint64(len(l.touched))
	return out
}

// The decoded terms stay within their bound in bytes, keep no term in
// too small a share of its segment's documents, and follow the
// index's segments: those of segments merged away or replaced are
// dropped, and new segments get theirs.
func TestDecodedTermsAreBoundedAndFollowTheSegments(t *testing.T) {
	keepEveryTerm(t)
	ix := updatedIndex(t, 600)
	for _, budget := range []int64{0, 4_000, 40_000, 400_000} {
		setDense(ix, budget)
		if _, err := ix.dense.refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := ix.dense.bytes()
		if got > budget {
			t.Errorf("%d bytes decoded, over the bound of %d", got, budget)
		}
		// A term is kept only where it is in a large enough share of its
		// segment's documents to be worth a byte a document.
		r, err := ix.reader()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range r.(*scorch.IndexSnapshot).Segments() {
			d := (*ix.dense.segs.Load())[s.Id()]
			if d == nil {
				continue
			}
			for f, df := range d.fields {
				for term, dt := range df.terms {
					n := 0
					for _, v := range dt.tf {
						if v > 0 {
							n++
						}
					}
					if uint64(n)*uint64(decodeShare) < s.Segment().Count() {
						t.Errorf("%s %q decoded in %d of %d documents, under a share of 1/%d", f, term, n, s.Segment().Count(), decodeShare)
					}
				}
			}
		}
		r.Close()
	}
	if ix.dense.bytes() == 0 {
		t.Fatal("nothing decoded within 400,000 bytes")
	}
	// The index's segments merged into one: the tables follow.
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	before := len(*ix.dense.segs.Load())
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &opts); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.dense.refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if after := len(*ix.dense.segs.Load()); after >= before {
		t.Fatalf("%d segments with tables before merging, %d after", before, after)
	}
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	now := make(map[uint64]bool)
	for _, s := range r.(*scorch.IndexSnapshot).Segments() {
		now[s.Id()] = true
	}
	for s := range *ix.dense.segs.Load() {
		if !now[s] {
			t.Error("a segment no longer in the index keeps its decoded terms")
		}
	}
	for s := range now {
		if _, ok := (*ix.dense.segs.Load())[s]; !ok {
			t.Error("a segment of the index has no decoded terms made")
		}
	}
	if decoded, _ := decodedLeaves(t, ix, "council"); decoded == 0 {
		t.Error("after the update, no segment reads council decoded")
	}
}

// New segments get tables within what the bound leaves beside the tables
// kept, and an index opened with a negative bound decodes nothing, not
// even in the background, and still answers.
func TestDecodedTermsShareTheirBound(t *testing.T) {
	keepEveryTerm(t)
	was := batchSize
	batchSize = 200
	docs := splitDocs(800)
	ix, err := Open(context.Background(), docs[:600], Options{ResultCache: -1})
	batchSize = was
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	const budget = 30_000
	setDense(ix, budget)
	if _, err := ix.dense.refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := len(*ix.dense.segs.Load())
	if ix.dense.bytes() < budget/2 {
		t.Fatalf("%d bytes decoded of %d: too few to tell", ix.dense.bytes(), budget)
	}
	if err := ix.add(context.Background(), docs[600:], 600); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.dense.refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(*ix.dense.segs.Load()); n <= before {
		t.Fatalf("%d segments with tables after adding documents, %d before", n, before)
	}
	if got := ix.dense.bytes(); got > budget {
		t.Errorf("%d bytes decoded after a segment was added, over the bound of %d", got, budget)
	}

	off, err := Open(context.Background(), docs[:300], Options{ResultCache: -1, DenseTerms: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { off.Close() })
	res, err := off.Search(context.Background(), Request{Query: mustParse(t, "council"), Page: 1})
	if err != nil || res.Total == 0 {
		t.Fatalf("without decoded terms: %v, %+v", err, res)
	}
	off.Settle()
	if off.dense.segs.Load() != nil {
		t.Error("decoded terms made with a negative bound")
	}
}

// A search starts the tables' making in the background, and closing the
// index stops it: nothing is made after, nothing is left running.
func TestDecodedTermsAreMadeAfterASearchAndStopAtClose(t *testing.T) {
	keepEveryTerm(t)
	ix := updatedIndex(t, 300)
	setDense(ix, DefaultDenseTerms)
	if _, err := ix.Search(context.Background(), Request{Query: mustParse(t, "council"), Page: 1}); err != nil {
		t.Fatal(err)
	}
	ix.dense.wait()
	if ix.dense.bytes() == 0 {
		t.Fatal("no terms decoded after a search")
	}
	// Closing while a making is under way.
	ix.dense.segs.Store(nil)
	ix.dense.start()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix.dense.segs.Load() != nil {
		t.Error("decoded terms kept after the index closed")
	}
	ix.dense.start() // after Close: starts nothing
	ix.dense.wait()
	if ix.dense.segs.Load() != nil {
		t.Error("decoded terms made after the index closed")
	}
}
