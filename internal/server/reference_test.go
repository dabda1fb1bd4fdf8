package server

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/readingroom/readingroom/internal/archive"
)

// One reference, spelt as different sources write it, is shown in one form
// in the lists of documents.
func TestReferenceFormIsOneForEverySpelling(t *testing.T) {
	for _, tc := range []struct {
		want     string
		spelling []string
	}{
		{"GAPPOD, f.1, op.89, d.112", []string{
			"GAPPOD, f.1, op.89, d.112",
			"GAPPOD AzR, f.1 op.89, d.112",
			"GAPPOD, f. 1, op. 89, d. 112.",
			"gappod  F.1,\r\nOp.89,  D.112",
			"GAPPOD AzR: fond 1, opis 89, delo 112",
		}},
		{"RGASPI, f.558, op.11, d.99, ll.0057–0059", []string{
			"RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059",
			"RGASPI f.558 op.11 d.99 ll.0057 - 0059",
			"RGASPI, F. 558, Op. 11, D. 99, Ll. 0057–0059",
		}},
		{"APRF, f.3, op.7, d.45, l.9", []string{
			"APRF: F. 3, Op. 7, D. 45, L. 9",
			"Archive of the President of the Russian Federation (APRF), f. 3, op. 7, d. 45, l. 9",
		}},
		{"AVPRF, Referentura po Iranu, f.094, op.37, papka 360, d.5", []string{
			"AVPRF, Referentura po Iranu, f. 094, op. 37, papka 360, d. 5",
			"AVPRF; Referentura po Iranu: f.094 op.37 papka 360 d.5",
		}},
		{"ГАППОД АзР, f.1, op.89, d.113, ll.3–5", []string{
			"ГАППОД АзР, ф. 1, оп. 89, д. 113, лл. 3–5",
			"ГАППОД АзР ф.1 оп.89 д.113 лл.3-5",
		}},
	} {
		for _, s := range tc.spelling {
			r, ok := archive.ParseReference(s)
			if !ok {
				t.Errorf("%q does not parse", s)
				continue
			}
			if got := referenceForm(r); got != tc.want {
				t.Errorf("%q is shown as %q, want %q", s, got, tc.want)
			}
		}
	}
	// A reprint after the reference stays on the document's page.
	r, _ := archive.ParseReference("GAPPOD, f.1, op.89, d.112. Reprinted in Hasanli 2006, p. 45")
	if got := referenceForm(r); got != "GAPPOD, f.1, op.89, d.112" {
		t.Errorf("with a reprint: %q", got)
	}
	// What cannot be split is shown as written; nothing is invented.
	if got := referenceForm(archive.Reference{Text: "Private collection"}); got != "Private collection" {
		t.Errorf("unsplit: %q", got)
	}
	if got := referenceForm(archive.Reference{}); got != "" {
		t.Errorf("none: %q", got)
	}
}

// The home page lists the documents first, its archive counts add up to the
// number of documents, and its references share one form, while the
// document's own page keeps the source's wording.
func TestHomeLeadsWithDocumentsAndAddsUp(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, "/", http.StatusOK)
	if d.Find(".homedocs .doclist").Length() != 1 {
		t.Fatal("no list of documents")
	}
	order := texts(d.Find("main h2"))
	if len(order) == 0 || order[0] != "Documents in date order" {
		t.Errorf("the first heading of the page is %v", order)
	}
	total, _ := strconv.Atoi(d.Find(".facts dd").First().Text())
	sum := 0
	count := regexp.MustCompile(`(\d+) documents?$`)
	d.Find(".facts li").Each(func(_ int, li *goquery.Selection) {
		m := count.FindStringSubmatch(squash(li.Text()))
		if m == nil {
			t.Errorf("no count in %q", squash(li.Text()))
			return
		}
		n, _ := strconv.Atoi(m[1])
		sum += n
	})
	if total == 0 || sum != total {
		t.Errorf("the archives count %d documents of %d", sum, total)
	}
	form := regexp.MustCompile(`^[^\s,]+(?: [^\s,]+)?(?:, [^,]+)*?, f\.\S+, op\.\S+(?:, d\.\S+)?(?:, l{1,2}\.\S+)?$`)
	refs := 0
	d.Find(".docitem .muted.small").Each(func(_ int, p *goquery.Selection) {
		ref, _, ok := strings.Cut(squash(p.Text()), " · ")
		if !ok {
			return
		}
		refs++
		if !form.MatchString(ref) {
			t.Errorf("reference %q is not in the one form", ref)
		}
	})
	if refs == 0 {
		t.Error("no reference on the home page")
	}
}
