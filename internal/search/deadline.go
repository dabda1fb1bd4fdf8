package search

import (
	"context"

	index "github.com/blevesearch/bleve_index_api"
)

// checkEvery is how many postings a term reader reads between two looks
// at the search's deadline: a look costs a channel poll, a posting far less.
const checkEvery = 64

// deadlineReader is an index reader whose term readers stop at the
// search's deadline. bleve's collector looks at the deadline only every
// 1,024 matches, so a query that reads every posting of common words and
// matches almost nothing (a long phrase of repeated words) ran for
// seconds past it; the term readers are where that work is done.
//
// It forwards the optional interfaces bleve's searchers look for on a
// scorch snapshot (scores, ranges, regexps, fuzzy terms), so that wrapping
// changes nothing but the deadline.
type deadlineReader struct {
	scorchReader
	ctx context.Context
}

// scorchReader is what a scorch snapshot offers bleve's searchers.
type scorchReader interface {
	index.IndexReader
	index.BM25Reader
	index.IndexReaderContains
	index.IndexReaderRegexp
	index.IndexReaderFuzzy
}

// withDeadline returns r, whose term readers fail with ctx's error once
// ctx is done. A reader that is not a scorch snapshot is returned as it
// is.
func withDeadline(ctx context.Context, r index.IndexReader) index.IndexReader {
	sr, ok := r.(scorchReader)
	if !ok || ctx.Done() == nil {
		return r
	}
	return &deadlineReader{scorchReader: sr, ctx: ctx}
}

func (r *deadlineReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (index.TermFieldReader, error) {
	tfr, err := r.scorchReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil {
		return nil, err
	}
	return &deadlineTermReader{TermFieldReader: tfr, deadline: deadline{ctx: r.ctx}}, nil
}

// deadline counts the reads of a reader and looks at its context every
// checkEvery of them.
type deadline struct {
	ctx context.Context
	n   uint32
}

func (d *deadline) expired() error {
	d.n++
	if d.n%checkEvery != 0 {
		return nil
	}
	return d.ctx.Err()
}

// deadlineTermReader is a term reader that fails once its context is done.
type deadlineTermReader struct {
	index.TermFieldReader
	deadline
}

func (t *deadlineTermReader) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if err := t.expired(); err != nil {
		return nil, err
	}
	return t.TermFieldReader.Next(pre)
}

func (t *deadlineTermReader) Advance(id index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if err := t.expired(); err != nil {
		return nil, err
	}
	return t.TermFieldReader.Advance(id, pre)
}

// DocIDReaderAll reads every document until the deadline: a search with
// no words (filters alone, a negation alone) steps through them, and its
// filters are read through bleve's bitmap of their documents, which scorch
// makes from the unwrapped term readers.
func (r *deadlineReader) DocIDReaderAll() (index.DocIDReader, error) {
	ids, err := r.scorchReader.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	return &deadlineIDReader{DocIDReader: ids, deadline: deadline{ctx: r.ctx}}, nil
}

// deadlineIDReader is a reader of document numbers that fails once its
// context is done.
type deadlineIDReader struct {
	index.DocIDReader
	deadline
}

func (d *deadlineIDReader) Next() (index.IndexInternalID, error) {
	if err := d.expired(); err != nil {
		return nil, err
	}
	return d.DocIDReader.Next()
}

func (d *deadlineIDReader) Advance(id index.IndexInternalID) (index.IndexInternalID, error) {
	if err := d.expired(); err != nil {
		return nil, err
	}
	return d.DocIDReader.Advance(id)
}

// Optimize lets scorch combine the postings of several terms as it would
// without the wrapper.
func (t *deadlineTermReader) Optimize(kind string, octx index.OptimizableContext) (index.OptimizableContext, error) {
	if o, ok := t.TermFieldReader.(index.Optimizable); ok {
		return o.Optimize(kind, octx)
	}
	return nil, nil
}
