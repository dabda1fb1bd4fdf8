package timeline

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/shipped.golden")

// TestShippedGolden writes what the timeline makes of the shipped documents
// as plain text and compares it with a reviewed copy, so that any change in
// order, grouping, senders, references or threads shows up as a diff. The
// chronology is left out: the curator edits it by hand, and its own tests
// check it. Run go test ./internal/timeline -run Golden -update after a
// deliberate change and review the diff.
func TestShippedGolden(t *testing.T) {
	c, _ := shipped(t)
	tl := Build(c.Docs, nil, Filter{}, nil)
	var b strings.Builder

	b.WriteString("# Timeline\n")
	for _, y := range tl.Years {
		fmt.Fprintf(&b, "%d\n", y.Year)
		for _, it := range y.Undated {
			fmt.Fprintf(&b, "  (%s) %s %s\n", UndatedWithinYear, it.Kind, it.Title())
		}
		for _, m := range y.Months {
			fmt.Fprintf(&b, "  %s\n", m.Label())
			for _, it := range m.Items {
				mark := ""
				if it.Approximate() {
					mark = " (" + it.Date.Precision.String() + " only)"
				}
				fmt.Fprintf(&b, "    %-10s %-8s %s%s\n", it.Date.ISO(), it.Kind, it.Title(), mark)
				if cr := it.Correspondence; it.Kind == KindDocument {
					fmt.Fprintf(&b, "      from %q to %q; route %q -> %q; basis %q\n", cr.From, cr.To, cr.Origin, cr.Destination, cr.Basis)
					if cr.Note != "" {
						fmt.Fprintf(&b, "      note: %s\n", cr.Note)
					}
				}
			}
		}
	}

	b.WriteString("\n# Chart\n")
	ch := NewChart(Months(tl), ChartOptions{})
	fmt.Fprintf(&b, "%s\n%s\n", ch.Title, ch.Summary())
	for _, bar := range ch.Bars {
		link := bar.URL
		if link == "" {
			link = "(no link)"
		}
		fmt.Fprintf(&b, "  x=%-7.2f h=%-6.2f %-18s %s\n", bar.X, bar.H, link, bar.Title)
	}

	b.WriteString("\n# Documents\n")
	for _, d := range c.Docs {
		fmt.Fprintf(&b, "%s\n", d.ID)
		for _, r := range References(c.Docs, d) {
			fmt.Fprintf(&b, "  reference: %s\n", r)
			for _, m := range r.Mentions {
				fmt.Fprintf(&b, "    %s ¶%d: %s\n", m.Lang, m.Paragraph, m.Text)
			}
		}
		for _, r := range Related(c.Docs, d, nil, nil) {
			fmt.Fprintf(&b, "  related: %s (%s)\n", r.Doc.ID, r.Text())
		}
	}

	b.WriteString("\n# Archives\n")
	for _, r := range Archives(c.Docs) {
		fmt.Fprintf(&b, "%s: %s\n", r.Key, r.Name)
		for _, f := range r.Fonds {
			for _, o := range f.Opisi {
				for _, d := range o.Dela {
					fmt.Fprintf(&b, "  %s: %d\n", d.File, len(d.Docs))
				}
			}
		}
	}
	for _, d := range Unfiled(c.Docs) {
		fmt.Fprintf(&b, "no reference: %s\n", d.ID)
	}

	golden := filepath.Join("testdata", "shipped.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/timeline -run Golden -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("the timeline differs from %s; run go test ./internal/timeline -run Golden -update and review the diff.\n%s", golden, b.String())
	}
}
