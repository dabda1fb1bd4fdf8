package search

import (
	"cmp"
	"encoding/gob"
	"errors"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// Facets are counted in memory rather than by bleve. bleve's terms facets
// read every facet term of every matching document from the index and
// count it in a map keyed by string: with a score of names per document,
// that was four fifths of a search's time at 100,000 documents. Here each
// document carries one doc value, its ordinal; a search marks the ordinals
// that match in a bit set, and each facet value's count is the number of
// bits its own set of documents shares with it, made from a table kept
// when the index is built.

// facetFile keeps the table beside a persisted index.
const facetFile = "readingroom-facets.gob"

// facetTable holds, for each facet (in facetFields order), the values of
// every document, by ordinal.
type facetTable struct {
	Columns []facetColumn
	// bits[i][v] is the set of documents with value v in column i.
	bits [][][]uint64
}

// facetColumn is one facet: its distinct values, and for document n the
// value numbers IDs[Start[n]:Start[n+1]].
type facetColumn struct {
	Field  string
	Values []string
	Start  []uint32
	IDs    []uint32
}

// facetValues returns the facet values of d, in facetFields order.
func facetValues(d *Doc) [][]string {
	var year, repo []string
	if d.HasDate {
		year = []string{d.Date.Format("2006")}
	}
	if d.Repository != "" {
		repo = []string{d.Repository}
	}
	return [][]string{year, d.Persons, d.Places, d.Organisations, repo, d.Languages, d.Subjects, d.Senders, d.Recipients}
}

// newFacetTable builds the table of docs, whose ordinals are their
// positions.
func newFacetTable(docs []*Doc) *facetTable {
	t := &facetTable{}
	index := make([]map[string]uint32, len(facetFields))
	for i, f := range facetFields {
		t.Columns = append(t.Columns, facetColumn{Field: f.field, Start: make([]uint32, 0, len(docs)+1)})
		index[i] = map[string]uint32{}
	}
	for _, d := range docs {
		for i, values := range facetValues(d) {
			c := &t.Columns[i]
			c.Start = append(c.Start, uint32(len(c.IDs)))
			for _, v := range values {
				id, ok := index[i][v]
				if !ok {
					id = uint32(len(c.Values))
					index[i][v] = id
					c.Values = append(c.Values, v)
				}
				c.IDs = append(c.IDs, id)
			}
		}
	}
	for i := range t.Columns {
		t.Columns[i].Start = append(t.Columns[i].Start, uint32(len(t.Columns[i].IDs)))
	}
	return t.index()
}

// index makes the bit sets of every value.
func (t *facetTable) index() *facetTable {
	words := (t.docs() + 63) / 64
	t.bits = make([][][]uint64, len(t.Columns))
	for i, c := range t.Columns {
		t.bits[i] = make([][]uint64, len(c.Values))
		for v := range c.Values {
			t.bits[i][v] = make([]uint64, words)
		}
		for n := 0; n+1 < len(c.Start); n++ {
			for _, v := range c.IDs[c.Start[n]:c.Start[n+1]] {
				t.bits[i][v][n/64] |= 1 << (n % 64)
			}
		}
	}
	return t
}

func (t *facetTable) docs() int {
	if len(t.Columns) == 0 {
		return 0
	}
	return len(t.Columns[0].Start) - 1
}

func (t *facetTable) write(dir string) error {
	f, err := os.Create(filepath.Join(dir, facetFile))
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(t); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readFacetTable(dir string, docs int) (*facetTable, error) {
	f, err := os.Open(filepath.Join(dir, facetFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var t facetTable
	if err := gob.NewDecoder(f).Decode(&t); err != nil {
		return nil, err
	}
	if len(t.Columns) != len(facetFields) || (docs >= 0 && t.docs() != docs) {
		return nil, errors.New("the facet table does not fit the index")
	}
	for _, c := range t.Columns {
		if len(c.Start) != t.docs()+1 || int(c.Start[len(c.Start)-1]) != len(c.IDs) {
			return nil, errors.New("the facet table is damaged")
		}
		for _, id := range c.IDs {
			if int(id) >= len(c.Values) {
				return nil, errors.New("the facet table is damaged")
			}
		}
	}
	return t.index(), nil
}

// facetCounter is a bleve facet builder that reads each matching
// document's ordinal and marks it.
type facetCounter struct {
	t     *facetTable
	match []uint64
	ord   int
}

var _ bsearch.FacetBuilder = (*facetCounter)(nil)

func newFacetCounter(t *facetTable) *facetCounter {
	return &facetCounter{t: t, match: make([]uint64, (t.docs()+63)/64)}
}

func (c *facetCounter) Field() string { return fieldOrd }
func (c *facetCounter) Size() int     { return 0 }
func (c *facetCounter) StartDoc()     { c.ord = -1 }

func (c *facetCounter) UpdateVisitor(term []byte) {
	n := 0
	for _, b := range term {
		if b < '0' || b > '9' {
			return
		}
		n = n*10 + int(b-'0')
	}
	c.ord = n
}

func (c *facetCounter) EndDoc() {
	if c.ord >= 0 && c.ord < c.t.docs() {
		c.match[c.ord/64] |= 1 << (c.ord % 64)
	}
}

func (c *facetCounter) Result() *bsearch.FacetResult {
	return &bsearch.FacetResult{Field: fieldOrd}
}

// facet returns the counted values of column i, the most frequent first
// (then by value), at most size of them.
func (c *facetCounter) facet(i, size int) Facet {
	col := c.t.Columns[i]
	f := Facet{Field: col.Field}
	for v, set := range c.t.bits[i] {
		n := 0
		for w, x := range set {
			n += bits.OnesCount64(x & c.match[w])
		}
		if n > 0 {
			f.Values = append(f.Values, FacetValue{Value: col.Values[v], Count: n})
		}
	}
	slices.SortFunc(f.Values, func(a, b FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value)) // most first
	})
	if len(f.Values) > size {
		f.Values = f.Values[:size]
	}
	return f
}

// ordinal is the doc value that numbers a document.
func ordinal(n int) string { return strconv.Itoa(n) }
