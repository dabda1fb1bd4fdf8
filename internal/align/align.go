// Package align pairs the paragraphs of a document's translation with the
// paragraphs of its original that render the same passage, so that a reader
// can read the two side by side, passage by passage.
//
// The aligner is a dynamic programme over the two paragraph sequences in
// the manner of Gale and Church (1993): each step consumes one or two
// paragraphs of one side and zero, one or two of the other, and costs the
// less the more the lengths agree, given the ratio of the two languages'
// lengths estimated from the document itself. What both sides share anchors
// the path: numbers, dates and times, names that resolve to one authority
// record across scripts, the translator's bracketed transliterations, and
// the shape of signature, address and date lines. Every function here is
// pure: paragraphs and mentions in, groups out.
package align

import (
	"math"
	"slices"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// Group is one passage: the translation's paragraphs and the original's
// paragraphs that render it, by their numbers (archive.Paragraph.N). One
// side may be empty: an address line, a stamp or a translator's
// description that the other side lacks.
type Group struct {
	Translation []int `json:"translation"`
	Original    []int `json:"original"`
	// Confidence is the aligner's probability that the group is right
	// (the posterior of its step, given the document); 1 for a group a
	// curator fixed.
	Confidence float64 `json:"confidence"`
	// Curated is set on a group taken from the curator's overrides.
	Curated bool `json:"curated,omitempty"`
}

// Steps the aligner may take, as (translation, original) paragraph counts,
// with their prior probabilities. Gale and Church measured 0.89 for 1-1,
// 0.089 for 2-1 and 1-2 together, 0.0099 for 1-0 and 0-1 together on
// parliamentary proceedings; archival documents carry more unmatched lines
// (stamps, address lines, translator's descriptions), so the skips are a
// little likelier here.
var steps = []struct {
	t, o  int
	prior float64
}{
	{1, 1, 0.86},
	{1, 0, 0.015},
	{0, 1, 0.015},
	{2, 1, 0.045},
	{1, 2, 0.045},
}

// bracketPrior is the prior of leaving out of the alignment a translation
// paragraph that opens with a bracket: the translator describing what the
// page shows ("[stamp:", "[handwritten below: ...]"), not rendering a
// passage of the original.
const bracketPrior = 0.4

// variance is Gale and Church's variance of the length difference per
// character (6.8); Russian against English varies more than their German
// or French against English, and short lines (an address, a signature)
// vary most, so a larger one is used.
const variance = 9.0

// anchorWeight converts shared evidence into nats of cost: a feature that
// only one paragraph on each side has is worth this much.
const anchorWeight = 3.0

// band is the half-width, in paragraphs, of the strip around the diagonal
// that the programme explores: it bounds the work to (paragraphs × band),
// linear in the document's length. A document whose sides drift further
// apart than this from the proportional position is beyond repair by
// lengths anyway.
const band = 40

// Align returns the alignment of a document's translation with its
// original: groups in text order, every numbered paragraph of either side
// in exactly one group; page marks (N == 0) are left out. ms are the
// document's entity mentions (entity.Authority.Mentions). fixed are groups
// a curator set (Overrides.For): they are kept as given, and the rest is
// aligned around them; a fixed group that does not fit the document
// (Fit reports why) is ignored. A document lacking either text has no
// alignment.
func Align(d *archive.Document, ms []entity.Mention, fixed ...Group) []Group {
	tr, or := numbered(d.Translation), numbered(d.Original)
	if len(tr) == 0 || len(or) == 0 {
		return nil
	}
	if len(fixed) > 0 && Fit(d, fixed) != nil {
		fixed = nil
	}
	// A fixed group with one side empty says that its paragraphs have no
	// counterpart: they are left out of the programme and put back after.
	// A fixed group with both sides cuts the programme in two.
	skipT, skipO := map[int]bool{}, map[int]bool{}
	var cuts, aside []Group
	for _, f := range fixed {
		f.Confidence, f.Curated = 1, true
		switch {
		case len(f.Original) == 0:
			skipT[f.Translation[0]] = true
			aside = append(aside, f)
		case len(f.Translation) == 0:
			skipO[f.Original[0]] = true
			aside = append(aside, f)
		default:
			cuts = append(cuts, f)
		}
	}
	m := newModel(d, ms, skipT, skipO)
	tAt, oAt := indexOf(m.tr), indexOf(m.or)
	run := func() []Group {
		var out []Group
		ti, oi := 0, 0 // indices into m.tr and m.or
		for _, f := range cuts {
			te, oe := tAt[f.Translation[0]], oAt[f.Original[0]]
			out = append(out, m.align(ti, te, oi, oe)...)
			out = append(out, f)
			ti, oi = te+len(f.Translation), oe+len(f.Original)
		}
		return append(out, m.align(ti, len(m.tr), oi, len(m.or))...)
	}
	out := run()
	// The first ratio comes from the whole texts, which may not cover the
	// same ground (a translation of an excerpt, an original with pages of
	// stamps); the passages the first pass is sure of give a better one.
	if r := m.reestimate(out); math.Abs(r-m.ratio) > 0.02*m.ratio {
		m.ratio = r
		out = run()
	}
	out = insertAside(out, aside, func(g Group) []int { return g.Translation })
	return insertAside(out, aside, func(g Group) []int { return g.Original })
}

// indexOf maps paragraph numbers to their index in ps.
func indexOf(ps []para) map[int]int {
	at := make(map[int]int, len(ps))
	for i, p := range ps {
		at[p.n] = i
	}
	return at
}

// sureMin is the confidence of a one-to-one group from which the ratio is
// estimated again.
const sureMin = 0.9

// reestimate returns the length ratio of the document's sure one-to-one
// groups.
func (m *model) reestimate(gs []Group) float64 {
	tAt, oAt := indexOf(m.tr), indexOf(m.or)
	lt, lo := 0, 0
	for _, g := range gs {
		if g.Curated || g.Confidence < sureMin || len(g.Translation) != 1 || len(g.Original) != 1 {
			continue
		}
		lt += m.tr[tAt[g.Translation[0]]].length
		lo += m.or[oAt[g.Original[0]]].length
	}
	return estimateRatio(lt, lo)
}

// insertAside puts the one-sided groups of aside whose paragraphs are on
// the side that side picks into an alignment, each right after the last
// group with paragraphs on that side before its own, in one pass.
func insertAside(gs, aside []Group, side func(Group) []int) []Group {
	var fs []Group
	for _, f := range aside {
		if len(side(f)) > 0 {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return gs
	}
	slices.SortFunc(fs, func(a, b Group) int { return side(a)[0] - side(b)[0] })
	// next[i] is the first paragraph on that side of the groups after gs[i].
	next := make([]int, len(gs)+1)
	next[len(gs)] = math.MaxInt
	for i := len(gs) - 1; i >= 0; i-- {
		next[i] = next[i+1]
		if s := side(gs[i]); len(s) > 0 {
			next[i] = s[0]
		}
	}
	out := make([]Group, 0, len(gs)+len(fs))
	k := 0
	emit := func(before int) {
		for k < len(fs) && side(fs[k])[0] < before {
			out = append(out, fs[k])
			k++
		}
	}
	emit(next[0])
	for i, g := range gs {
		out = append(out, g)
		if len(side(g)) > 0 {
			emit(next[i+1])
		}
	}
	return append(out, fs[k:]...)
}

func numbered(t archive.Text) []int {
	var ns []int
	for _, p := range t.Paragraphs {
		if p.N > 0 {
			ns = append(ns, p.N)
		}
	}
	return ns
}

// align aligns translation paragraphs [t0, t1) with original paragraphs
// [o0, o1), indices into the model's sequences.
func (m *model) align(t0, t1, o0, o1 int) []Group {
	n, k := t1-t0, o1-o0
	switch {
	case n == 0 && k == 0:
		return nil
	case n == 0 || k == 0:
		return m.unpaired(t0, t1, o0, o1)
	}
	l := newLattice(n, k)
	// Each step's cost is computed once, for the forward pass, and kept
	// for the backward pass.
	memo := make([]float64, l.off[l.n+1]*len(steps))
	for i := range memo {
		memo[i] = math.NaN()
	}
	cost := func(i, j, s int) float64 { // step s ending at (i, j), relative to t0, o0
		k := l.at(i, j)*len(steps) + s
		if math.IsNaN(memo[k]) {
			st := steps[s]
			memo[k] = m.cost(t0+i-st.t, t0+i, o0+j-st.o, o0+j)
		}
		return memo[k]
	}
	// Forward: best (Viterbi) and total (for the posteriors) log-scores.
	best := l.grid(math.Inf(1))
	back := make([]int8, len(best))
	alpha := l.grid(math.Inf(-1))
	best[l.at(0, 0)], alpha[l.at(0, 0)] = 0, 0
	for i := 0; i <= n; i++ {
		for j := l.lo(i); j <= l.hi(i); j++ {
			if i == 0 && j == 0 {
				continue
			}
			here := l.at(i, j)
			for s, st := range steps {
				pi, pj := i-st.t, j-st.o
				if pi < 0 || pj < 0 || !l.in(pi, pj) {
					continue
				}
				prev := l.at(pi, pj)
				if math.IsInf(best[prev], 1) {
					continue
				}
				c := cost(i, j, s)
				if v := best[prev] + c; v < best[here] {
					best[here], back[here] = v, int8(s)
				}
				alpha[here] = logAdd(alpha[here], alpha[prev]-c)
			}
		}
	}
	if math.IsInf(best[l.at(n, k)], 1) {
		// Unreachable by construction of the strip; should it happen,
		// nothing is paired rather than something paired wrongly.
		return m.unpaired(t0, t1, o0, o1)
	}
	// Backward, for each step's posterior probability.
	beta := l.grid(math.Inf(-1))
	beta[l.at(n, k)] = 0
	for i := n; i >= 0; i-- {
		for j := l.hi(i); j >= l.lo(i); j-- {
			here := l.at(i, j)
			for s, st := range steps {
				ni, nj := i+st.t, j+st.o
				if ni > n || nj > k || !l.in(ni, nj) {
					continue
				}
				beta[here] = logAdd(beta[here], beta[l.at(ni, nj)]-cost(ni, nj, s))
			}
		}
	}
	total := alpha[l.at(n, k)]
	var rev []Group
	for i, j := n, k; i > 0 || j > 0; {
		s := back[l.at(i, j)]
		st := steps[s]
		pi, pj := i-st.t, j-st.o
		g := Group{Translation: []int{}, Original: []int{}}
		for x := pi; x < i; x++ {
			g.Translation = append(g.Translation, m.tr[t0+x].n)
		}
		for y := pj; y < j; y++ {
			g.Original = append(g.Original, m.or[o0+y].n)
		}
		g.Confidence = math.Exp(alpha[l.at(pi, pj)] - cost(i, j, int(s)) + beta[l.at(i, j)] - total)
		g.Confidence = math.Round(min(1, max(0, g.Confidence))*1000) / 1000
		rev = append(rev, g)
		i, j = pi, pj
	}
	slices.Reverse(rev)
	return rev
}

// unpaired leaves translation paragraphs [t0, t1) and original paragraphs
// [o0, o1) each in a group of its own.
func (m *model) unpaired(t0, t1, o0, o1 int) []Group {
	var out []Group
	for i := t0; i < t1; i++ {
		out = append(out, Group{Translation: []int{m.tr[i].n}, Original: []int{}, Confidence: 1})
	}
	for j := o0; j < o1; j++ {
		out = append(out, Group{Translation: []int{}, Original: []int{m.or[j].n}, Confidence: 1})
	}
	return out
}

func logAdd(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// lattice is the strip of (translation, original) positions the programme
// visits: around the line from (0, 0) to (n, k), band wide either side.
type lattice struct {
	n, k int
	off  []int // index of row i's first cell
	los  []int
	his  []int
}

func newLattice(n, k int) *lattice {
	l := &lattice{n: n, k: k, off: make([]int, n+2), los: make([]int, n+1), his: make([]int, n+1)}
	// Row i reaches as far as row i+1 begins, so that the strip is
	// connected however unequal the two sides: n rows of 2·band+1 cells
	// and the k positions between the diagonal's points once.
	for i := 0; i <= n; i++ {
		c, next := i*k/n, min(i+1, n)*k/n
		l.los[i] = max(0, c-band)
		l.his[i] = min(k, next+band)
		l.off[i+1] = l.off[i] + l.his[i] - l.los[i] + 1
	}
	return l
}

func (l *lattice) lo(i int) int     { return l.los[i] }
func (l *lattice) hi(i int) int     { return l.his[i] }
func (l *lattice) in(i, j int) bool { return j >= l.los[i] && j <= l.his[i] }
func (l *lattice) at(i, j int) int  { return l.off[i] + j - l.los[i] }
func (l *lattice) grid(v float64) []float64 {
	g := make([]float64, l.off[l.n+1])
	for i := range g {
		g[i] = v
	}
	return g
}

// cost is the cost, in nats, of the step that pairs translation paragraphs
// [t0, t1) with original paragraphs [o0, o1): the prior of its shape, the
// improbability of its lengths, less what the two sides share.
func (m *model) cost(t0, t1, o0, o1 int) float64 {
	nt, no := t1-t0, o1-o0
	prior := 0.0
	for _, s := range steps {
		if s.t == nt && s.o == no {
			prior = s.prior
		}
	}
	lt, lo := 0, 0
	for _, p := range m.tr[t0:t1] {
		lt += p.length
	}
	for _, p := range m.or[o0:o1] {
		lo += p.length
	}
	switch {
	case no == 0 && m.tr[t0].bracket:
		// The translator's description renders nothing: its length is
		// no evidence against leaving it out.
		return -math.Log(bracketPrior)
	case nt == 0 || no == 0:
		// A line the other side lacks is most often short (a stamp, an
		// address, a marginal note); the likelihood falls with length.
		return -math.Log(prior) + float64(lt+lo)/skipScale
	}
	c := -math.Log(prior) + m.lengthCost(lt, lo)
	c -= anchorWeight * m.shared(t0, t1, o0, o1)
	c += mismatchWeight * (m.unmatched(m.tr[t0:t1], m.or[o0:o1], m.dft) + m.unmatched(m.or[o0:o1], m.tr[t0:t1], m.dfo))
	// Each paragraph that a merge adds must share something with the
	// other side, or run on from the paragraph before it (a sentence cut
	// by a page break, a lead-in ending in a colon); a short line that
	// does neither (a destination, a marginal name) changes the lengths
	// too little for them to object, and is likelier a line the other
	// side lacks.
	if nt == 2 && !m.tr[t0].open {
		for i := t0; i < t1; i++ {
			if m.shared(i, i+1, o0, o1) == 0 {
				c += memberPenalty * max(0, 1-float64(m.tr[i].length)/shortLine)
			}
		}
	}
	if no == 2 && !m.or[o0].open {
		for j := o0; j < o1; j++ {
			if m.shared(t0, t1, j, j+1) == 0 {
				c += memberPenalty * max(0, 1-float64(m.or[j].length)/shortLine)
			}
		}
	}
	return c
}

// skipScale is the length, in characters, over which leaving a paragraph
// unaligned becomes e (2.7) times less likely.
const skipScale = 100.0

// mismatchWeight is the cost, in nats, of a name, number or date that one
// side of a step has and the other lacks, if no other paragraph has it: a
// step claims that both sides say the same, and a translation drops or adds
// a name or a figure now and then, but seldom.
const mismatchWeight = 0.7

// unmatched sums the weights of the names, numbers and dates of paragraphs
// a that paragraphs b lack; df counts a's side's paragraphs per feature.
func (m *model) unmatched(a, b []para, df map[string]int) float64 {
	var sum float64
	for _, p := range a {
		for _, f := range p.feats {
			if !strong(f) {
				continue
			}
			found := false
			for _, q := range b {
				if _, ok := slices.BinarySearch(q.feats, f); ok {
					found = true
					break
				}
			}
			if !found {
				sum += 1 / float64(df[f])
			}
		}
	}
	return sum
}

// strong reports whether a feature is one a faithful translation keeps:
// a name, a number or a date.
func strong(f string) bool {
	return strings.HasPrefix(f, "e:") || strings.HasPrefix(f, "n:") || strings.HasPrefix(f, "d:")
}

// memberPenalty is the cost, in nats, of a paragraph in a merge that shares
// no feature with the other side, if it is very short; it falls to nothing
// at shortLine characters, where the lengths speak for themselves.
const (
	memberPenalty = 4.0
	shortLine     = 100.0
)

// lengthCost is -log of the probability that a translation passage of lt
// characters renders an original passage of lo characters, after Gale and
// Church: the difference, scaled by the document's ratio, is taken as
// normally distributed with a variance growing with the length.
func (m *model) lengthCost(lt, lo int) float64 {
	if lt == 0 && lo == 0 {
		return 0
	}
	mean := (float64(lt) + float64(lo)/m.ratio) / 2
	delta := (float64(lo) - float64(lt)*m.ratio) / math.Sqrt(mean*variance*m.ratio)
	p := math.Erfc(math.Abs(delta) / math.Sqrt2) // two-tailed
	return -math.Log(max(p, 1e-30))
}

// shared is the evidence that translation paragraphs [t0, t1) and original
// paragraphs [o0, o1) render the same passage: each feature both sides
// have, weighted by how rare it is in the document.
func (m *model) shared(t0, t1, o0, o1 int) float64 {
	a, b := m.featsT(t0, t1), m.featsO(o0, o1)
	var sum float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			sum += m.weight[a[i]]
			i, j = i+1, j+1
		}
	}
	return sum
}

// featsT and featsO return the sorted, distinct features of translation
// paragraphs [i0, i1) and of original paragraphs, one or two.
func (m *model) featsT(i0, i1 int) []string {
	if i1-i0 == 1 {
		return m.tr[i0].feats
	}
	return m.tr2[i0]
}

func (m *model) featsO(i0, i1 int) []string {
	if i1-i0 == 1 {
		return m.or[i0].feats
	}
	return m.or2[i0]
}
