package align

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// link is one pair of an alignment: a translation paragraph and an original
// paragraph it is grouped with; a paragraph grouped with nothing is paired
// with 0.
type link struct{ t, o int }

func links(gs []Group) map[link]bool {
	out := map[link]bool{}
	for _, g := range gs {
		switch {
		case len(g.Original) == 0:
			for _, t := range g.Translation {
				out[link{t, 0}] = true
			}
		case len(g.Translation) == 0:
			for _, o := range g.Original {
				out[link{0, o}] = true
			}
		}
		for _, t := range g.Translation {
			for _, o := range g.Original {
				out[link{t, o}] = true
			}
		}
	}
	return out
}

// score returns the pairs of got that gold has, and the counts of each.
func score(got, gold []Group) (right, nGot, nGold int) {
	g, w := links(got), links(gold)
	for l := range g {
		if w[l] {
			right++
		}
	}
	return right, len(g), len(w)
}

func loadGold(t *testing.T) *Overrides {
	t.Helper()
	data, err := os.ReadFile("testdata/gold.toml")
	if err != nil {
		t.Fatal(err)
	}
	gold, err := ParseOverrides("testdata/gold.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	return gold
}

// TestGold aligns the collection's bilingual documents and compares every
// pair with the gold alignments written by reading both texts; it prints
// pair precision and recall (recorded in docs/ALIGNMENT.md).
func TestGold(t *testing.T) {
	coll, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := entity.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	gold := loadGold(t)
	var right, nGot, nGold int
	for _, o := range gold.Documents() {
		d, ok := coll.Doc(o.ID)
		if !ok {
			t.Fatalf("gold names %s, not in the collection", o.ID)
		}
		if err := o.Fits(d); err != nil {
			t.Fatalf("%s:%d: gold does not fit: %v", gold.File, o.Line, err)
		}
		want := gold.For(o.ID)
		if err := Complete(d, want); err != nil {
			t.Fatalf("%s:%d: gold is not a whole alignment: %v", gold.File, o.Line, err)
		}
		got := Align(d, auth.Mentions(d))
		if err := Complete(d, got); err != nil {
			t.Errorf("%s: the aligner's output is not a whole alignment: %v", o.ID, err)
		}
		r, g, w := score(got, want)
		right, nGot, nGold = right+r, nGot+g, nGold+w
		t.Logf("%s: precision %d/%d, recall %d/%d", o.ID, r, g, r, w)
		if r != g || r != w {
			t.Errorf("%s: the alignment differs from the gold:\n%s", o.ID, diff(got, want))
		}
	}
	fmt.Printf("alignment against gold: pair precision %.3f (%d/%d), recall %.3f (%d/%d)\n",
		float64(right)/float64(nGot), right, nGot, float64(right)/float64(nGold), right, nGold)
}

func diff(got, want []Group) string {
	var b strings.Builder
	w := links(want)
	for _, g := range got {
		mark := "  "
		for l := range links([]Group{g}) {
			if !w[l] {
				mark = "✗ "
			}
		}
		fmt.Fprintf(&b, "%s%s (%.2f)\n", mark, g, g.Confidence)
	}
	return b.String()
}

// TestShippedOverridesFit loads documents/alignment.toml as shipped and
// checks every override against its document.
func TestShippedOverridesFit(t *testing.T) {
	o, err := LoadOverrides(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	coll, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, ov := range o.Documents() {
		d, ok := coll.Doc(ov.ID)
		if !ok {
			t.Errorf("%s:%d: no document %s", o.File, ov.Line, ov.ID)
			continue
		}
		if err := ov.Fits(d); err != nil {
			t.Errorf("%s:%d: %v", o.File, ov.Line, err)
		}
	}
}

// BenchmarkAlign aligns the longest shipped bilingual document (42 and 43
// paragraphs): what a document page costs the first time it is read.
func BenchmarkAlign(b *testing.B) {
	coll, err := archive.Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	auth, err := entity.Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	d, _ := coll.Doc("1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats")
	ms := auth.Mentions(d)
	b.ResetTimer()
	for b.Loop() {
		Align(d, ms)
	}
}
