package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
)

// Facets are counted in memory rather than by bleve. bleve's terms facets
// read every facet term of every matching document from the index and
// count it in a map keyed by string: with a score of names per document,
// that was four fifths of a search's time at 100,000 documents. Here each
// document has an ordinal; a search marks the ordinals of its matches in a
// bit set (matchset.go), and each facet value's count is the size of the
// intersection of that set with the value's own set of documents, made
// from a table kept when the index is built: counted value by value (a
// word of 64 documents at a time for the common values), or, for few
// matches, match by match from the values the table lists for each
// (facetCounter.facet).

// facetFile keeps the table beside a persisted index.
const facetFile = "readingroom-facets.gob"

// facetTable holds, for each facet (in facetFields order), the values of
// every document, by ordinal.
type facetTable struct {
	Columns []facetColumn
	// sets[i][v] is the set of documents (ordinals) with value v in
	// column i: a compressed bitmap, which filters select documents by
	// and rare values are counted by, member by member (common ones by
	// dense).
	sets [][]*roaring.Bitmap
	// byValue[i] finds the values of column i as a filter names them: as
	// written, but subjects, which are indexed in lower case, lowered,
	// each standing for every value that lowers to it.
	byValue []map[string][]uint32
	// dates[i] are the values of the date columns as numbers (nil for the
	// other columns, and for a table made before they were kept).
	dates [][]int64
	// ids are the documents' IDs by ordinal ("" for a free ordinal), and
	// rank their order (setIDs): what bleve's sort by _id compares, for
	// documents of the same date.
	ids  []string
	rank func() []uint32
	// dense[i][v] is sets[i][v] as one bit per ordinal, for a facet's
	// value held by at least 1/denseShare of the documents (else nil):
	// counted against a search's matches a word at a time.
	dense [][][]uint64
	// byValueCost[i] is what counting column i value by value reads: the
	// words of its dense sets and the members of the others.
	byValueCost []int
}

// denseShare is the smallest share of the documents (its inverse) whose
// facet value keeps its set dense. A column has at most denseShare such
// values for each value a document holds on average, each a bit per
// document, so its dense sets take at most half the bytes of its value
// numbers (four bytes each): about 1.2 MB at 100,000 generated documents.
const denseShare = 16

// setIDs gives the table the documents' IDs by ordinal, and ranks them
// at once in the background: at 100,000 documents ranking takes some 70 ms,
// which the first search sorted by date would otherwise wait for.
func (t *facetTable) setIDs(ids []string) {
	t.ids = ids
	t.rank = sync.OnceValue(func() []uint32 {
		byID := make([]uint32, len(ids))
		for o := range byID {
			byID[o] = uint32(o)
		}
		slices.SortFunc(byID, func(a, b uint32) int { return strings.Compare(ids[a], ids[b]) })
		rank := make([]uint32, len(ids))
		for r, o := range byID {
			rank[o] = uint32(r)
		}
		return rank
	})
	go t.rank()
}

// slotIDs returns the IDs of slots.
func slotIDs(slots []slot) []string {
	ids := make([]string, len(slots))
	for o, s := range slots {
		ids[o] = s.ID
	}
	return ids
}

// sortsByDate says whether the table can order documents by date and ID
// as bleve's sort does: it keeps the dates and every ordinal's ID.
func (t *facetTable) sortsByDate() bool {
	return t.dateColumns() && t.rank != nil && len(t.ids) == t.docs()
}

// dateOf returns the date the index holds of the document of ordinal o,
// in nanoseconds; ok is false when it holds none.
func (t *facetTable) dateOf(o int32) (date int64, ok bool) {
	c := &t.Columns[dateColumn]
	if o < 0 || int(o)+1 >= len(c.Start) || c.Start[o] == c.Start[o+1] {
		return 0, false
	}
	return t.dates[dateColumn][c.IDs[c.Start[o]]], true
}

// facetColumn is one facet: its distinct values, and for document n the
// value numbers IDs[Start[n]:Start[n+1]].
type facetColumn struct {
	Field  string
	Values []string
	Start  []uint32
	IDs    []uint32
}

// The table holds two columns more than the facets shown: each
// document's date and the last day of its date (a month's, a year's), as
// the index holds them (nanoseconds since 1970, in decimal), so that a
// range of dates selects its documents as a value does, from the values'
// sets, rather than by bleve's search of the range's many terms (at
// 100,000 documents, two and a half milliseconds of the ten a search of a
// name within a quarter took). A table made before has no such columns:
// its ranges are still searched by bleve (dateColumns).
var (
	dateColumn    = len(facetFields)
	dateEndColumn = len(facetFields) + 1
	tableColumns  = len(facetFields) + 2
)

// tableValues returns the values the table holds of d, in facetFields
// order, then its dates as the index holds them (docFields): its date
// and, when its end is before it, the date again as its end. bleve leaves
// out of the index each date it cannot represent, and the table each
// such date with it.
func tableValues(d *Doc) [][]string {
	v := append(facetValues(d), nil, nil)
	if !d.HasDate {
		return v
	}
	end := d.DateEnd
	if end.Before(d.Date) {
		end = d.Date
	}
	// The date's column, then its end's.
	for i, t := range [2]time.Time{d.Date, end} {
		if !t.Before(document.MinTimeRepresentable) && !t.After(document.MaxTimeRepresentable) {
			v[dateColumn+i] = []string{strconv.FormatInt(t.UnixNano(), 10)}
		}
	}
	return v
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

// makeFacetTable builds the table of n ordinals, valuesOf giving the
// values of each (tableValues; nil: no document has the ordinal).
func makeFacetTable(n int, valuesOf func(n int) [][]string) *facetTable {
	t := &facetTable{}
	index := make([]map[string]uint32, tableColumns)
	for i := range tableColumns {
		field := fieldDate
		switch {
		case i < len(facetFields):
			field = facetFields[i].field
		case i == dateEndColumn:
			field = fieldDateEnd
		}
		t.Columns = append(t.Columns, facetColumn{Field: field, Start: make([]uint32, 0, n+1)})
		index[i] = map[string]uint32{}
	}
	for ord := range n {
		values := valuesOf(ord)
		for i := range t.Columns {
			c := &t.Columns[i]
			c.Start = append(c.Start, uint32(len(c.IDs)))
			if i >= len(values) {
				continue
			}
			for _, v := range values[i] {
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

// columnOf is the column of the facet table that holds field's values,
// or -1.
func columnOf(field string) int {
	for i, f := range facetFields {
		if f.field == field {
			return i
		}
	}
	return -1
}

// docsWith returns the ordinals of the documents that hold value in
// column col, as a filter names it (byValue): a new bitmap, the caller's
// to change.
func (t *facetTable) docsWith(col int, value string) *roaring.Bitmap {
	out := roaring.New()
	for _, v := range t.byValue[col][value] {
		out.Or(t.sets[col][v])
	}
	return out
}

// index makes the set of documents of every value.
func (t *facetTable) index() *facetTable {
	t.sets = make([][]*roaring.Bitmap, len(t.Columns))
	t.byValue = make([]map[string][]uint32, len(t.Columns))
	t.dates = make([][]int64, len(t.Columns))
	for i, c := range t.Columns {
		if i >= len(facetFields) {
			t.dates[i] = make([]int64, len(c.Values))
			for v, s := range c.Values {
				// readTables has checked them.
				t.dates[i][v], _ = strconv.ParseInt(s, 10, 64)
			}
		}
		t.sets[i] = make([]*roaring.Bitmap, len(c.Values))
		t.byValue[i] = make(map[string][]uint32, len(c.Values))
		for v, s := range c.Values {
			t.sets[i][v] = roaring.New()
			if c.Field == fieldSubject {
				s = strings.ToLower(s)
			}
			t.byValue[i][s] = append(t.byValue[i][s], uint32(v))
		}
		for n := 0; n+1 < len(c.Start); n++ {
			for _, v := range c.IDs[c.Start[n]:c.Start[n+1]] {
				t.sets[i][v].Add(uint32(n))
			}
		}
		for _, set := range t.sets[i] {
			set.RunOptimize()
		}
	}
	t.countByValue()
	return t
}

// countByValue makes the dense sets of the facets' common values, and
// reckons what counting each facet value by value reads.
func (t *facetTable) countByValue() {
	n := t.docs()
	words := (n + 63) / 64
	t.dense = make([][][]uint64, len(facetFields))
	t.byValueCost = make([]int, len(facetFields))
	for i := range facetFields {
		t.dense[i] = make([][]uint64, len(t.sets[i]))
		for v, set := range t.sets[i] {
			card := int(set.GetCardinality())
			if card*denseShare < n || n == 0 {
				t.byValueCost[i] += card
				continue
			}
			d := make([]uint64, words)
			copy(d, set.ToDense())
			t.dense[i][v] = d
			t.byValueCost[i] += words
		}
	}
}

func (t *facetTable) docs() int {
	if len(t.Columns) == 0 {
		return 0
	}
	return len(t.Columns[0].Start) - 1
}

// tables is what the facet file holds: the documents by ordinal and
// their facet table.
type tables struct {
	Slots  []slot
	Facets *facetTable
}

// tableFile is tables as the facet file holds them: the slots' IDs and
// hashes as two lists of strings, which gob reads and writes as lists,
// rather than as 100,000 structs, each by reflection (at 100,000
// documents: read in 50 ms instead of 450-625, written in a third of the
// time; docs/PERFORMANCE.md). A file of the earlier layout has no IDs and
// does not fit its index: the index is built again, once.
type tableFile struct {
	IDs, Hashes []string
	Facets      *facetTable
}

// slot is an ordinal's document and the DocHash of what the index was
// told of it; an empty ID is a free ordinal, left by a document removed.
type slot struct {
	ID, Hash string
}

// writeTables writes the facet file into dir, through a temporary file
// renamed into place, and returns its SHA-256, which the index's
// description records.
func writeTables(dir string, tb tables) (string, error) {
	f := tableFile{IDs: make([]string, len(tb.Slots)), Hashes: make([]string, len(tb.Slots)), Facets: tb.Facets}
	for n, s := range tb.Slots {
		f.IDs[n], f.Hashes[n] = s.ID, s.Hash
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(f); err != nil {
		return "", err
	}
	sum := sha256.Sum256(b.Bytes())
	if err := writeAtomic(dir, facetFile, b.Bytes()); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum[:]), nil
}

// readTables reads the facet file of dir, which must have the SHA-256 sum.
func readTables(dir, sum string) (tables, error) {
	data, err := os.ReadFile(filepath.Join(dir, facetFile))
	if err != nil {
		return tables{}, err
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum {
		return tables{}, errors.New("the facet table is not the one the index was left with")
	}
	var f tableFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return tables{}, err
	}
	t := f.Facets
	// A table made before the dates were kept has the facets alone.
	if t == nil || (len(t.Columns) != len(facetFields) && len(t.Columns) != tableColumns) || t.docs() != len(f.IDs) || len(f.Hashes) != len(f.IDs) {
		return tables{}, errors.New("the facet table does not fit the index")
	}
	for i, c := range t.Columns {
		if i >= len(facetFields) {
			for _, v := range c.Values {
				if _, err := strconv.ParseInt(v, 10, 64); err != nil {
					return tables{}, errors.New("the facet table is damaged")
				}
			}
		}
		if len(c.Start) != t.docs()+1 || int(c.Start[len(c.Start)-1]) != len(c.IDs) {
			return tables{}, errors.New("the facet table is damaged")
		}
		for n := 0; n+1 < len(c.Start); n++ {
			if c.Start[n] > c.Start[n+1] {
				return tables{}, errors.New("the facet table is damaged")
			}
		}
		for _, id := range c.IDs {
			if int(id) >= len(c.Values) {
				return tables{}, errors.New("the facet table is damaged")
			}
		}
	}
	t.index()
	tb := tables{Slots: make([]slot, len(f.IDs)), Facets: t}
	for n := range tb.Slots {
		tb.Slots[n] = slot{ID: f.IDs[n], Hash: f.Hashes[n]}
	}
	return tb, nil
}

// writeAtomic writes data to the file name in dir through a temporary file
// synced and renamed into place: a reader finds the old file or the whole
// new one.
func writeAtomic(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // nothing by that name once renamed
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// dateColumns says whether the table keeps the documents' dates.
func (t *facetTable) dateColumns() bool {
	return len(t.Columns) == tableColumns
}

// docsDated returns the ordinals of the documents whose date the index
// holds and whose date ends on or after from and begins on or before to,
// each bound inclusive and left out when zero: what bleve's inclusive
// date ranges on the end and the start of the date match (filterQueries).
// The table must keep the dates (dateColumns). The bounds are of the years
// ParseDate accepts, all of which a time in nanoseconds can hold.
func (t *facetTable) docsDated(from, to time.Time) *roaring.Bitmap {
	var sets []*roaring.Bitmap
	pick := func(col int, keep func(int64) bool) {
		sets = sets[:0]
		for v, n := range t.dates[col] {
			if keep(n) {
				sets = append(sets, t.sets[col][v])
			}
		}
	}
	var out *roaring.Bitmap
	if !from.IsZero() {
		f := from.UnixNano()
		pick(dateEndColumn, func(n int64) bool { return n >= f })
		out = roaring.FastOr(sets...)
	}
	if !to.IsZero() {
		e := to.UnixNano()
		pick(dateColumn, func(n int64) bool { return n <= e })
		before := roaring.FastOr(sets...)
		if out == nil {
			out = before
		} else {
			out.And(before)
		}
	}
	if out == nil {
		return roaring.New()
	}
	return out
}

// facetCounter counts the facet values of a search's matches, marked by
// ordinal in match (a markingSearcher fills it).
type facetCounter struct {
	t       *facetTable
	match   []uint64
	matches int // set bits of match, counted on the first facet (-1 before)
	// counts and values are where each facet's values are counted, then
	// sorted before the first size of them are copied out.
	counts []int
	last   []int32
	values []FacetValue
}

func newFacetCounter(t *facetTable) *facetCounter {
	return &facetCounter{t: t, match: make([]uint64, (t.docs()+63)/64), matches: -1}
}

// matchCost is what counting one match's values costs, as many words of
// two dense sets ANDed: the match's place in the table and its values are
// read from memory far from the last match's, where the words are read in
// turn. At 100,000 generated documents a column took about 38 ns a match
// and a word 1.1 ns (docs/PERFORMANCE.md, "The hits' documents stored").
const matchCost = 32

// facetWay, when not zero, makes every count go one way (tests).
var facetWay countWay

type countWay int

const (
	countEither countWay = iota
	countByMatch
	countByValue
)

// facet returns the counted values of facet i (a column of facetFields),
// the most frequent first (then by value), at most size of them. The
// values are counted whichever way reads less: match by match, each
// match's values from the table (few matches), or value by value, each
// value's documents against the matches (many).
func (c *facetCounter) facet(i, size int) Facet {
	col := c.t.Columns[i]
	f := Facet{Field: col.Field}
	if c.matches < 0 {
		c.matches = 0
		for _, w := range c.match {
			c.matches += bits.OnesCount64(w)
		}
	}
	counts := c.counts[:0]
	counts = append(counts, make([]int, len(col.Values))...)
	c.counts = counts
	way := facetWay
	if way == countEither {
		way = countByValue
		if docs := c.t.docs(); docs > 0 && len(c.match)+c.matches*matchCost+c.matches*len(col.IDs)/docs < c.t.byValueCost[i] {
			way = countByMatch
		}
	}
	if way == countByMatch {
		// A document that lists a value twice counts once, as in the
		// value's set: last[v] is the last match counted for v, plus one.
		last := c.last[:0]
		last = append(last, make([]int32, len(col.Values))...)
		c.last = last
		for k, w := range c.match {
			for w != 0 {
				o := k*64 + bits.TrailingZeros64(w)
				w &= w - 1
				for _, v := range col.IDs[col.Start[o]:col.Start[o+1]] {
					if last[v] != int32(o)+1 {
						last[v] = int32(o) + 1
						counts[v]++
					}
				}
			}
		}
	} else {
		for v, set := range c.t.sets[i] {
			if d := c.t.dense[i][v]; d != nil {
				n := 0
				for k, w := range d {
					n += bits.OnesCount64(w & c.match[k])
				}
				counts[v] = n
				continue
			}
			set.Iterate(func(o uint32) bool {
				if c.match[o/64]&(1<<(o%64)) != 0 {
					counts[v]++
				}
				return true
			})
		}
	}
	vals := c.values[:0]
	for v, n := range counts {
		if n > 0 {
			vals = append(vals, FacetValue{Value: col.Values[v], Count: n})
		}
	}
	c.values = vals
	slices.SortFunc(vals, func(a, b FacetValue) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c // most first
		}
		return strings.Compare(a.Value, b.Value)
	})
	if len(vals) > 0 {
		f.Values = slices.Clone(vals[:min(len(vals), size)])
	}
	return f
}

// ordinal is the doc value that numbers a document.
func ordinal(n int) string { return strconv.Itoa(n) }
