package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"github.com/readingroom/readingroom/internal/library"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/align"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/web"
)

// TestAPIGivesTheAlignment: the document's JSON pairs its paragraphs by
// the numbers n of the same JSON, with a confidence per group; a document
// with one text has none.
func TestAPIGivesTheAlignment(t *testing.T) {
	h := newTestServer(t)
	var doc struct {
		Translation struct{ Paragraphs []struct{ N int } }
		Alignment   []struct {
			Translation []int    `json:"translation"`
			Original    []int    `json:"original"`
			Confidence  *float64 `json:"confidence"`
		} `json:"alignment"`
	}
	body := get(t, h, http.MethodGet, "/api"+reply).Body.Bytes()
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Alignment) != 43 {
		t.Fatalf("%d groups", len(doc.Alignment))
	}
	g := doc.Alignment[34] // English 34: Russian 35 and 36
	if len(g.Translation) != 1 || g.Translation[0] != 34 || len(g.Original) != 2 || g.Original[0] != 35 || g.Confidence == nil || *g.Confidence <= 0 {
		t.Errorf("group 35: %+v", g)
	}
	if first := doc.Alignment[0]; len(first.Translation) != 0 || first.Original[0] != 1 || !strings.Contains(string(body), `"translation": []`) {
		t.Errorf("the first group should pair nothing with Russian 1: %+v", first)
	}
	if strings.Contains(get(t, h, http.MethodGet, "/api"+memo).Body.String(), `"alignment"`) {
		t.Error("a document with one text has an alignment")
	}
	// The bulk download carries it too.
	sc := bufio.NewScanner(bytes.NewReader(get(t, h, http.MethodGet, "/data/"+bulkName).Body.Bytes()))
	sc.Buffer(nil, 16<<20)
	n := 0
	for sc.Scan() {
		var line struct {
			Alignment []align.Group `json:"alignment"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if len(line.Alignment) > 0 {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d documents aligned in the bulk download, want 3", n)
	}
}

// TestPassageLinksCiteBothTexts: a passage's link, or a paragraph's, cites
// the passage in both languages; one that names nothing cites the whole
// document.
func TestPassageLinksCiteBothTexts(t *testing.T) {
	h := newTestServer(t)
	for _, c := range []struct{ para, want, frag string }{
		{"p-35", "para. 34 of the English translation and paras. 35–36 of the Russian original", "#p-35"},
		{"ru-36", "para. 34 of the English translation and paras. 35–36 of the Russian original", "#p-35"},
		{"p-1", "para. 1 of the Russian original", "#p-1"},
		{"en-42", "para. 42 of the English translation", "#p-43"},
	} {
		d := dom(t, h, reply+"?para="+c.para, http.StatusOK)
		note := d.Find(".citation").First().Text()
		if !strings.Contains(note, c.want) || !strings.HasSuffix(note, reply+c.frag+".") {
			t.Errorf("%s: citation %q", c.para, note)
		}
	}
	for _, bad := range []string{"p-0", "p-44", "p-01", "p-x", "p-99999999999999999999", "q-3"} {
		d := dom(t, h, reply+"?para="+url.QueryEscape(bad), http.StatusOK)
		if strings.Contains(d.Find(".citation").First().Text(), "para.") {
			t.Errorf("%s was cited", bad)
		}
	}
	// One language alone keeps one paragraph per pinpoint.
	d := dom(t, h, reply+"?show=translation&para=en-3", http.StatusOK)
	if note := d.Find(".citation").First().Text(); !strings.Contains(note, "para. 3 of the English translation,") || !strings.HasSuffix(note, "#en-3.") {
		t.Errorf("one language: %q", note)
	}
}

// TestSearchPhraseOpensItsPassage: a phrase's result links to the
// paragraph that holds the phrase, and the page marks the phrase whole.
func TestSearchPhraseOpensItsPassage(t *testing.T) {
	h := newTestServer(t)
	q := `"Die, but do not retreat"`
	d := dom(t, h, "/search?q="+url.QueryEscape(q), http.StatusOK)
	href := d.Find("main a[href^='/documents/1946-12-02']").First().AttrOr("href", "")
	if !strings.HasSuffix(href, "#en-30") {
		t.Fatalf("the result links to %q, want English 30", href)
	}
	page := dom(t, h, href[:strings.Index(href, "#")], http.StatusOK)
	marks := texts(page.Find("mark"))
	if strings.Join(marks, "|") != "Die, but do not retreat" {
		t.Errorf("the page marks %q", marks)
	}
	if row := page.Find("#en-30").Closest(".passage"); row.Find("#ru-31").Length() != 1 {
		t.Error("English 30 is not beside Russian 31, where the slogan stands in Russian")
	}
}

func TestMarkView(t *testing.T) {
	for in, want := range map[string]string{
		"141":      "page p. 141",
		"- 2 -":    "page p. 2",
		"142 2.":   "page p. 142 / 2",
		" 20 ":     "page p. 20",
		"1.89,112": "stamp ",
		"✓ 40-41":  "stamp ",
		"Вх. № 5":  "stamp ",
		"":         "stamp ",
		"12345":    "stamp ",
	} {
		var p web.Paragraph
		markView(&p, in)
		if got := p.MarkKind + " " + p.MarkText; got != want {
			t.Errorf("markView(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCuratorOverrideShapesThePage: a group set in the documents folder's
// alignment.toml is taken as given, on the page and in the JSON; a file
// that does not parse stops the start with its line.
func TestCuratorOverrideShapesThePage(t *testing.T) {
	coll, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	data := fstest.MapFS{"alignment.toml": {Data: []byte(`
[[document]]
id = "1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats"
  [[document.group]]
  translation = [1]
  original = [1, 2]
  note = "say a curator reads the destination as part of the address"
`)}}
	lib, err := library.Open(context.Background(), coll, library.Options{Data: data})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	h := New(Config{BaseURL: base, DataDir: t.TempDir()}, lib, slog.New(slog.DiscardHandler))
	d := dom(t, h, reply, http.StatusOK)
	if row := d.Find("#en-1").Closest(".passage"); row.AttrOr("id", "") != "p-1" || row.Find("#ru-1").Length() != 1 || row.Find("#ru-2").Length() != 1 {
		t.Errorf("the curated group is not the first row: %q", row.Text())
	}
	if !strings.Contains(get(t, h, http.MethodGet, "/api"+reply).Body.String(), `"curated": true`) {
		t.Error("the JSON does not mark the curated group")
	}
	bad := fstest.MapFS{"alignment.toml": {Data: []byte("[[document]]\nid = \"x\"\n  [[document.group]\n")}}
	if _, err := library.Open(context.Background(), coll, library.Options{Data: bad}); err == nil || !strings.Contains(err.Error(), "alignment.toml:") {
		t.Errorf("a broken alignment file: %v", err)
	}
}
