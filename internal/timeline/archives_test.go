package timeline

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

func TestArchivesShipped(t *testing.T) {
	c, _ := shipped(t)
	repos := Archives(c.Docs)
	var got []string
	for _, r := range repos {
		got = append(got, fmt.Sprintf("%s (%s) %v: %d", r.Key, r.Name, r.Written, r.Docs))
		for _, f := range r.Fonds {
			for _, o := range f.Opisi {
				for _, d := range o.Dela {
					var dates []string
					for _, x := range d.Docs {
						dates = append(dates, x.Date.ISO())
					}
					got = append(got, fmt.Sprintf("  f.%s op.%s d.%s [%s] %s", f.Number, o.Number, d.Number, d.File, strings.Join(dates, " ")))
				}
			}
		}
	}
	want := []string{
		"GAPPOD (State Archive of Political Parties and Public Movements of the Azerbaijan Republic) [GAPPOD GAPPOD AzR]: 3",
		"  f.1 op.89 d.112 [GAPPOD, f.1, op.89, d.112] 1946-04-20 1946-12-02",
		"  f.1 op.89 d.113 [GAPPOD, f.1, op.89, d.113] 1946-04-12",
		"RGASPI (Russian State Archive of Socio-Political History) [RGASPI]: 1",
		"  f.558 op.11 d.99 [RGASPI, f.558, op.11, d.99] 1945-11-24",
	}
	if !slices.Equal(got, want) {
		t.Errorf("archives\n got %q\nwant %q", got, want)
	}
	unfiled := Unfiled(c.Docs)
	if len(unfiled) != 1 || unfiled[0].Date.ISO() != "1946-12-09" {
		t.Errorf("unfiled %v", unfiled)
	}
}

func TestArchivesNaturalOrder(t *testing.T) {
	var docs []*archive.Document
	for i, ref := range []string{
		"GARF, f. 9401, op. 2, d. 112",
		"GARF, f. 9401, op. 2, d. 89",
		"GARF, f. 9401, op. 10, d. 1",
		"GARF, f. 5446, op. 1, d. 3",
		"AVPRF, f. 06, op. 8, d. 12",
		"GARF, f. 9401, op. 2, d. 89, ll. 10-12",
	} {
		docs = append(docs, doc(t, fmt.Sprintf("doc-%d", i), fmt.Sprintf("May %d, 1946", 20-i), "T", ref))
	}
	repos := Archives(docs)
	var got []string
	for _, r := range repos {
		for _, f := range r.Fonds {
			for _, o := range f.Opisi {
				for _, d := range o.Dela {
					got = append(got, fmt.Sprintf("%s f.%s op.%s d.%s (%d)", r.Key, f.Number, o.Number, d.Number, len(d.Docs)))
				}
			}
		}
	}
	want := []string{
		"AVPRF f.06 op.8 d.12 (1)",
		"GARF f.5446 op.1 d.3 (1)",
		"GARF f.9401 op.2 d.89 (2)",
		"GARF f.9401 op.2 d.112 (1)",
		"GARF f.9401 op.10 d.1 (1)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}
	if repos[1].Docs != 5 || repos[1].Fonds[1].Docs != 4 || repos[1].Fonds[1].Opisi[0].Docs != 3 {
		t.Errorf("counts %+v", repos[1])
	}
}

func TestNaturalLess(t *testing.T) {
	in := []string{"112", "", "89", "9", "0057-0059", "57", "10a", "10", "d.2", "D.10", "d.1"}
	sort.Slice(in, func(i, j int) bool { return naturalLess(in[i], in[j]) })
	want := []string{"", "9", "10", "10a", "0057-0059", "57", "89", "112", "d.1", "d.2", "D.10"}
	if !slices.Equal(in, want) {
		t.Errorf("natural order %q, want %q", in, want)
	}
}

// The same numbers under other parents are other files: delo 1 of op.1 and
// delo 1 of op.2, opis 1 of two fonds, fond 1 of two archives. A large
// collection whose every document comes from a file of its own keeps every
// file apart, each with its one document.
func TestArchivesKeepsLikeNumbersApart(t *testing.T) {
	var docs []*archive.Document
	for i, ref := range []string{
		"GARF, f. 1, op. 1, d. 1",
		"GARF, f. 1, op. 2, d. 1",
		"GARF, f. 2, op. 1, d. 1",
		"RGASPI, f. 1, op. 1, d. 1",
		"GARF, f. 1, op. 1, d. 1, l. 5",
	} {
		docs = append(docs, doc(t, fmt.Sprintf("like-%d", i), fmt.Sprintf("June %d, 1946", 1+i), "T", ref))
	}
	const many = 3000
	for i := range many {
		docs = append(docs, doc(t, fmt.Sprintf("own-%d", i), "July 1, 1946", "T", fmt.Sprintf("AVPRF, f. 06, op. 7, d. %d", many-i)))
	}
	var got []string
	dela := 0
	for _, r := range Archives(docs) {
		for _, f := range r.Fonds {
			for _, o := range f.Opisi {
				for _, d := range o.Dela {
					dela++
					if r.Key != "AVPRF" {
						got = append(got, fmt.Sprintf("%s f.%s op.%s d.%s (%d)", r.Key, f.Number, o.Number, d.Number, len(d.Docs)))
					} else if len(d.Docs) != 1 || dela > 1 && o.Dela[0].Number != "1" {
						t.Fatalf("AVPRF d.%s holds %d documents; first delo %s", d.Number, len(d.Docs), o.Dela[0].Number)
					}
				}
			}
		}
	}
	want := []string{"GARF f.1 op.1 d.1 (2)", "GARF f.1 op.2 d.1 (1)", "GARF f.2 op.1 d.1 (1)", "RGASPI f.1 op.1 d.1 (1)"}
	if !slices.Equal(got, want) {
		t.Errorf("files\n got %q\nwant %q", got, want)
	}
	if dela != many+len(want) {
		t.Errorf("%d files, want %d", dela, many+len(want))
	}
}
