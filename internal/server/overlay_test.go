package server

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/web"
)

// overlayRunsByComparison is the first, plain way of cutting a span:
// every piece compared with every mark and link. It is the oracle the
// faster overlayRuns must agree with.
func overlayRunsByComparison(s archive.Span, kind string, marks []search.Range, links []overlay) []web.Inline {
	end := s.Start + len(s.Text)
	var local []overlay
	cuts := []int{0, len(s.Text)}
	for _, l := range links {
		if l.end <= s.Start || l.start >= end {
			continue
		}
		o := overlay{start: max(l.start, s.Start) - s.Start, end: min(l.end, end) - s.Start, href: l.href, title: l.title, abbr: l.abbr}
		local = append(local, o)
		cuts = append(cuts, o.start, o.end)
	}
	for _, m := range marks {
		cuts = append(cuts, m.Start, m.End)
	}
	if len(cuts) == 2 {
		return []web.Inline{{Text: s.Text, Kind: kind}}
	}
	sort.Ints(cuts)
	var out []web.Inline
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		in := web.Inline{Text: s.Text[a:b], Kind: kind}
		for _, m := range marks {
			if a >= m.Start && b <= m.End {
				in.Mark = true
			}
		}
		for _, l := range local {
			if a >= l.start && b <= l.end {
				in.Link, in.LinkTitle, in.Abbr = l.href, l.title, l.abbr
			}
		}
		if n := len(out); n > 0 && out[n-1].Link == in.Link && out[n-1].Mark == in.Mark && in.Link != "" {
			out[n-1].Text += in.Text
			continue
		}
		out = append(out, in)
	}
	return out
}

// invented makes a line of n invented words, names that do not overlap
// (about one word in three), and search marks that may overlap each other
// and the names.
func invented(r *rand.Rand, n int) (string, []overlay, []search.Range) {
	words := []string{"Qavam", "Тавриз", "met", "the", "envoy", "at", "Ардебиль", "on", "oil", "talks", "«союз»", "Mianeh-Zanjan"}
	var b strings.Builder
	var links []overlay
	var marks []search.Range
	for i := range n {
		if i > 0 {
			b.WriteString(" ")
		}
		w := words[r.IntN(len(words))]
		start := b.Len()
		b.WriteString(w)
		switch r.IntN(6) {
		case 0, 1:
			links = append(links, overlay{start: start, end: b.Len(), href: "/people/p" + strconv.Itoa(i), title: w})
		case 2:
			marks = append(marks, search.Range{Start: start, End: min(b.Len()+r.IntN(12), b.Len())})
		case 3:
			marks = append(marks, search.Range{Start: max(0, start-r.IntN(8)), End: b.Len()})
		}
	}
	return b.String(), links, marks
}

// The span cutter gives the pieces the plain comparison gives, for spans
// anywhere in a line, with names, overlapping marks, both or neither.
func TestOverlayRunsAgreeWithComparison(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 400 {
		line, links, marks := invented(r, 1+r.IntN(40))
		a := r.IntN(len(line) + 1)
		b := a + r.IntN(len(line)-a+1)
		span := archive.Span{Text: line[a:b], Start: a}
		var local []search.Range // marks relative to the span, inside it
		for _, m := range marks {
			if m.End > a && m.Start < b {
				local = append(local, search.Range{Start: max(m.Start, a) - a, End: min(m.End, b) - a})
			}
		}
		want := overlayRunsByComparison(span, "em", append([]search.Range(nil), local...), links)
		got := overlayRuns(span, "em", local, links)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: %q from %d:\n got %+v\nwant %+v", trial, span.Text, a, got, want)
		}
	}
}

// A line of a megabyte of names costs per byte what a line of 64 KB does:
// the page of a long single-line document took minutes when every piece
// was compared with every name of its line.
func TestInlinesLinearOnOneLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("times the page's line cutter on a megabyte")
	}
	build := func(words int) ([]archive.Span, []overlay) {
		line, links, _ := invented(rand.New(rand.NewPCG(3, 4)), words)
		// Footnote markers every 40 words cut the line into spans, as a
		// source's "word[1]" does.
		var spans []archive.Span
		for at, i := 0, 0; at < len(line); i++ {
			next := min(len(line), at+240)
			spans = append(spans, archive.Span{Text: line[at:next], Start: at})
			at = next
		}
		return spans, links
	}
	small, smallLinks := build(8 << 10)
	large, largeLinks := build(128 << 10)
	cost := func(spans []archive.Span, links []overlay) time.Duration {
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			inlines(spans, nil, "en", links)
			best = min(best, time.Since(start))
		}
		return best / time.Duration(spans[len(spans)-1].Start+len(spans[len(spans)-1].Text))
	}
	for try := 0; ; try++ {
		s, l := cost(small, smallLinks), cost(large, largeLinks)
		t.Logf("%v a KB on a short line, %v on a long one", s*1024, l*1024)
		if l <= 6*s+50*time.Nanosecond {
			return
		}
		if try == 2 {
			t.Fatalf("a long line costs %v a byte, a short one %v: the cost grows faster than the line", l, s)
		}
	}
}
