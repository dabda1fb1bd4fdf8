package server

import (
	"context"
	"github.com/readingroom/readingroom/internal/library"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

// newServerWith serves the shipped documents and the extra files given.
func newServerWith(t *testing.T, extra map[string]string) http.Handler {
	t.Helper()
	fsys := fstest.MapFS{}
	names, _ := fs.Glob(documents.FS, "*")
	for _, n := range names {
		data, _ := fs.ReadFile(documents.FS, n)
		fsys[n] = &fstest.MapFile{Data: data}
	}
	for n, data := range extra {
		fsys[n] = &fstest.MapFile{Data: []byte(data)}
	}
	coll, err := archive.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if errs := coll.Errors(); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	lib, err := library.Open(context.Background(), coll, library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return New(Config{BaseURL: base, DataDir: t.TempDir()}, lib, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// An invented page in the older template, and one of the records it
// lists as related, so that the listing can link to it.
var oldTemplatePages = map[string]string{
	"old.txt": "October 14, 1946\nLetter from the District Committee on the Harvest\nThe harvest was gathered early.\n" +
		"The district committee reports an early harvest and asks for trucks.\n" +
		"Associated Places\nLankaran\nAssociated Topics\nFood supply <and> grain\n" +
		"Related Documents\nSeptember 30, 1946 | An Earlier Harvest Report | The committee estimates the yield.\n" +
		"November 2, 1946 | A Reply Not in the Collection | The ministry agrees.\n" +
		"Document Information\nSource\nGAPPOD AzR, f. 1, op. 90, d. 44. Reprinted in A Sample Volume (Baku, 1999).\n" +
		"Rights\nThe invented rights holder permits reading. Nothing else is allowed.\nRecord ID\n900202\n",
	"earlier.txt": "September 30, 1946\n\nAn Earlier Harvest Report\n\nThe yield is estimated.\n\nThe committee estimates the yield for the autumn.\n\nDocument Information\n\nGARF, f. 1, op. 1, d. 9.\n",
}

func TestDocumentPageShowsWhatTheSourceSays(t *testing.T) {
	h := newServerWith(t, oldTemplatePages)
	d := dom(t, h, "/documents/1946-10-14-letter-from-the-district-committee-on-the-harvest", http.StatusOK)
	src := d.Find("section.source")
	if src.Length() != 1 {
		t.Fatal("no section of what the source says")
	}
	var tags []string
	src.Find(".tags a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		tags = append(tags, a.Text()+" -> "+href)
	})
	if strings.Join(tags, "; ") != "Lankaran -> /search?subject=Lankaran; Food supply <and> grain -> /search?subject=Food+supply+%3Cand%3E+grain" {
		t.Errorf("subject links: %q", tags)
	}
	rel := texts(src.Find(".related li"))
	if len(rel) != 2 || !strings.HasPrefix(rel[0], "September 30, 1946: An Earlier Harvest Report") || !strings.Contains(rel[1], "A Reply Not in the Collection") {
		t.Errorf("related: %q", rel)
	}
	if href, _ := src.Find(".related li a").First().Attr("href"); href != "/documents/1946-09-30-an-earlier-harvest-report" {
		t.Errorf("a related record held here is not linked: %q", href)
	}
	if src.Find(".related li").Eq(1).Find("a").Length() != 0 {
		t.Error("a related record not held here is linked")
	}
	var rows []string
	src.Find("dl.meta > div").Each(func(_ int, div *goquery.Selection) {
		rows = append(rows, strings.Join(texts(div.Find("dt")), "")+" "+strings.Join(texts(div.Find("dd")), " "))
	})
	meta := strings.Join(rows, " | ")
	for _, want := range []string{"Published elsewhere Reprinted in A Sample Volume (Baku, 1999)", "Rights The invented rights holder permits reading. The whole rights statement"} {
		if !strings.Contains(meta, want) {
			t.Errorf("source section lacks %q: %s", want, meta)
		}
	}
	if strings.Contains(meta, "Nothing else is allowed") {
		t.Error("the whole rights statement is repeated on the document page")
	}
	href, _ := src.Find("a:contains('The whole rights statement')").Attr("href")
	if !strings.HasPrefix(href, "/rights#rights-") {
		t.Fatalf("rights link %q", href)
	}
	rights := dom(t, h, "/rights", http.StatusOK)
	st := rights.Find("#" + strings.TrimPrefix(href, "/rights#"))
	if !strings.Contains(st.Text(), "Nothing else is allowed.") || !strings.Contains(st.Text(), "Given with 1 document") {
		t.Errorf("rights page: %q", st.Text())
	}
}

func TestDocumentPageCitesTheArchiveVerbatim(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, april12, http.StatusOK)
	got := strings.Join(texts(d.Find("section.source dd q.verbatim")), "")
	if got != "GAPPOD AzR, f.1 op.89, d.113. Obtained for CWIHP by Jamil Hasanli and translated for CWIHP by Gary Goldberg." {
		t.Errorf("how the archive cites it: %q", got)
	}
	// The telegram's "правиль-" / "- 2 -" / "но": one paragraph, the page's
	// mark inside it.
	n := dom(t, h, november, http.StatusOK)
	p := n.Find("[lang=ru] p.para:has(.pbreak)")
	if p.Length() != 1 || !strings.Contains(p.Find(".pbreak").Text(), "- 2 -") || !strings.Contains(p.Text(), "правиль-") {
		t.Errorf("paragraph across the page break: %d, %q", p.Length(), p.Find(".pbreak").Text())
	}
}

func TestSubjectTagsFilterTheSearch(t *testing.T) {
	h := newServerWith(t, oldTemplatePages)
	d := dom(t, h, "/search?subject=Lankaran", http.StatusOK)
	got := texts(d.Find(".hit h2"))
	if len(got) != 1 || !strings.Contains(got[0], "Letter from the District Committee on the Harvest") {
		t.Errorf("results for subject Lankaran: %q", got)
	}
	if !strings.Contains(d.Find("main").Text(), "subject: Lankaran") {
		t.Error("the subject filter is not shown as active")
	}
	// Typed in the query, in another case, the filter finds the same.
	d = dom(t, h, "/search?q=subject:lankaran", http.StatusOK)
	if got := texts(d.Find(".hit h2")); len(got) != 1 {
		t.Errorf("subject:lankaran found %q", got)
	}
	// The facet lists the tags of the documents found.
	d = dom(t, h, "/search?q=harvest", http.StatusOK)
	if !strings.Contains(d.Text(), "Subjects") || d.Find("a[href*='subject=Food+supply']").Length() == 0 {
		t.Error("no subject facet")
	}
	if d := dom(t, h, "/search?subject=Nowhere", http.StatusOK); len(texts(d.Find(".hit h2"))) != 0 {
		t.Error("an unknown subject finds documents")
	}
}
