package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// Each way of counting a facet gives every value's count among the
// matches exactly, in documents: in a table of common values (kept dense),
// rare ones, documents with none, with many and with one twice, free
// ordinals, and sets of matches from none to all.
func TestFacetCountsEitherWay(t *testing.T) {
	defer func() { facetWay = countEither }()
	rng := rand.New(rand.NewPCG(4, 9))
	for _, n := range []int{1, 63, 64, 65, 1000, 5003} {
		values := make([][][]string, n)
		for o := range values {
			values[o] = make([][]string, len(facetFields))
			if o%97 == 5 {
				continue // a free ordinal
			}
			for i := range facetFields {
				// Value k is held by about one document in 2^k: a few
				// common values, many rare ones.
				for k := range 14 {
					if rng.IntN(1<<k) == 0 && rng.IntN(3) > 0 {
						values[o][i] = append(values[o][i], fmt.Sprintf("v%d-%d", i, k))
					}
				}
				// Some list a value twice (one language for both texts):
				// the document counts once.
				if vs := values[o][i]; o%7 == 3 && len(vs) > 0 {
					values[o][i] = append(vs, vs[0])
				}
			}
		}
		table := makeFacetTable(n, func(o int) [][]string { return values[o] })
		dense, sparse := 0, 0
		for i := range facetFields {
			bytes := 0
			for _, d := range table.dense[i] {
				if d != nil {
					dense++
					bytes += 8 * len(d)
				} else {
					sparse++
				}
			}
			// The dense sets take at most half the bytes of the value
			// numbers (four bytes each), a word more each for rounding.
			if ids := len(table.Columns[i].IDs); bytes > 2*ids+8*len(table.dense[i]) {
				t.Errorf("%d documents, %s: %d bytes of dense sets for %d value numbers", n, facetFields[i].field, bytes, ids)
			}
		}
		if n >= 1000 && (dense == 0 || sparse == 0) {
			t.Fatalf("%d documents: %d dense and %d sparse values; the test needs both", n, dense, sparse)
		}
		for _, share := range []int{0, 1, 2, 30, 1000, 1 << 20} { // one in share matches; 0 none
			match := make([]uint64, (n+63)/64)
			for o := range n {
				if share > 0 && rng.IntN(share) == 0 {
					match[o/64] |= 1 << (o % 64)
				}
			}
			for i, f := range facetFields {
				want := map[string]int{}
				for o := range n {
					if match[o/64]&(1<<(o%64)) != 0 {
						for _, v := range slices.Compact(slices.Sorted(slices.Values(values[o][i]))) {
							want[v]++
						}
					}
				}
				for _, way := range []countWay{countByMatch, countByValue, countEither} {
					facetWay = way
					c := newFacetCounter(table)
					copy(c.match, match)
					got := map[string]int{}
					facet := c.facet(i, 1<<20)
					for _, v := range facet.Values {
						got[v.Value] = v.Count
					}
					if fmt.Sprint(got) != fmt.Sprint(want) {
						t.Fatalf("%d documents, one in %d matching, %s, way %d: %v, want %v", n, share, f.field, way, got, want)
					}
					if !slices.IsSortedFunc(facet.Values, func(a, b FacetValue) int { return b.Count - a.Count }) {
						t.Errorf("%s: values not most first: %v", f.field, facet.Values)
					}
				}
			}
		}
	}
}
