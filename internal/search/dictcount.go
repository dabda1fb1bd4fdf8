package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// wordCounter counts the documents of a snapshot that hold a term in one
// field: the sum of each segment's postings list less its deleted
// documents, with one dictionary and one reused list a segment.
//
// The counts bleve's field dictionaries give are not used. zap's
// dictionary iterator reuses one postings list from term to term and
// does not clear what a term of a single document leaves in it, so in a
// merged segment, in a field without term vectors (the words field),
// every term after such a term is counted as held by one document
// (blevesearch/zapx#445, open); and bleve's fuzzy dictionary gives no
// counts at all.
type wordCounter struct {
	r     index.IndexReader
	field string
	segs  []*scorch.SegmentSnapshot
	dicts []segment.TermDictionary
	lists []segment.PostingsList
}

func newWordCounter(r index.IndexReader, field string) (*wordCounter, error) {
	c := &wordCounter{r: r, field: field}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return c, nil
	}
	c.segs = snap.Segments()
	c.dicts = make([]segment.TermDictionary, len(c.segs))
	c.lists = make([]segment.PostingsList, len(c.segs))
	for i, s := range c.segs {
		var err error
		if c.dicts[i], err = s.Segment().Dictionary(field); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// count is the number of documents holding term.
func (c *wordCounter) count(term string) (uint64, error) {
	if c.dicts == nil {
		tfr, err := c.r.TermFieldReader(context.Background(), []byte(term), c.field, false, false, false)
		if err != nil {
			return 0, err
		}
		defer tfr.Close()
		return tfr.Count(), nil
	}
	b := []byte(term)
	var n uint64
	for i, d := range c.dicts {
		pl, err := d.PostingsList(b, c.segs[i].Deleted(), c.lists[i])
		if err != nil {
			return 0, err
		}
		c.lists[i] = pl
		n += pl.Count()
	}
	return n, nil
}
