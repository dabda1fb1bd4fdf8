package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/library"
)

var updateSearch = flag.Bool("update-search", false, "rewrite the search pages' golden files in testdata/searchpages")

// inventedRecords are people and places of an invented collection, in two
// scripts, so that the search pages below read names.
var inventedRecords = fstest.MapFS{
	"people.toml": {Data: []byte(`[[person]]
id = "qavam"
name = "Qavam"
full_name = "Ahmad Qavam"
description = "An invented prime minister of the test collection."
source = "The test's own documents."
variants = [
  { form = "Кавам", note = "Russian spelling" },
  { form = "Ghavam", note = "another romanization" },
]

[[person]]
id = "rustamov"
name = "Rustamov"
description = "An invented chairman of a provincial council."
source = "The test's own documents."
variants = [
  { form = "Рустамов" },
]
`)},
	"places.toml": {Data: []byte(`[[place]]
id = "tabriz"
name = "Tabriz"
kind = "city"
lat = 38.08
lon = 46.29
description = "An invented description of a city."
source = "The test's own documents."
variants = [
  { form = "Тебриз" },
  { form = "Tebriz", note = "another romanization" },
]

[[place]]
id = "ardabil"
name = "Ardabil"
kind = "city"
lat = 38.25
lon = 48.3
description = "Another invented description."
source = "The test's own documents."
variants = [
  { form = "Ардебиль" },
]
`)},
}

// inventedCollection writes documents in two of the source layouts, in
// English and Russian, with CRLF in some and odd spacing in others: enough
// of them that a common word fills more than one page of results. Their
// lengths and their mentions of a town differ, so that no two score alike: bleve orders equal scores by
// its own document numbers, which depend on the order of indexing.
func inventedCollection() fstest.MapFS {
	fsys := fstest.MapFS{}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	topics := []string{"bread ration", "road repairs", "school opening", "grain stocks", "oil concession", "printing press", "railway workers"}
	for i := range 23 {
		year := 1945 + i%2
		month := months[(i*5)%12]
		topic := topics[i%len(topics)]
		place := "Tabriz"
		if i%3 == 0 {
			place = "Ardabil"
		}
		body := fmt.Sprintf("%s %d, %d\nReport %d of the Provincial Council on the %s\n"+
			"The council in %s discussed the %s at its %d meeting; Rustamov  spoke first%s.\n"+
			"The members agreed  to write to Qavam about the %s before the winter.\n"+
			"A second paragraph says nothing of the towns, only of <the weather> & \"the roads\".\n"+
			"Delegates came from%s.\n"+
			"Chairman of the council Rustamov\n"+
			"The provincial council of %s reports on the %s and writes to the prime minister.\n"+
			"Associated Places\n%s\nAssociated Topics\nLocal government\nSubjects Discussed\nCouncils; %s\n"+
			"Document Information\nSource\nGAPPOD AzR, f. 1, op. 9%d, d. %d, l. 1.\n"+
			"Rights\nInvented for the test.\nRecord ID\n9100%02d\n",
			month, 1+i%27, year, i+1, topic, place, topic, i+1, strings.Repeat(" and then", i), topic, strings.Repeat(" "+place, i+1), place, topic, place, strings.ToUpper(topic[:1])+topic[1:], i%4, 10+i, i)
		if i%4 == 1 {
			body = strings.ReplaceAll(body, "\n", "\r\n")
		}
		fsys[fmt.Sprintf("report-%02d.txt", i)] = &fstest.MapFile{Data: []byte(body)}
	}
	ru := []struct{ date, title, text string }{
		{"March 3, 1946", "Telegram from Tabriz on the Council of Ministers", "В Тебризе собрался совет министров. Кавам обещал ответить до конца месяца.\n\nСовет министров просит прислать хлеб в Ардебиль."},
		{"May 18, 1946", "Note on the Talks with Qavam", "Переговоры с Кавамом и Рустамовым отложены.   Рустамов ждёт ответа из Тебриза и едет в Тебриз.\n\nNothing here is in English but this line."},
		{"1946", "Letter Without a Day", "Письмо без даты: совет министров собрался в Тебризе.\n\nИз Тебриза в Тебриз, и снова Тебриз."},
	}
	for i, d := range ru {
		body := fmt.Sprintf("**%s**\n\n**%s**\n\n**Citation:**\n\n\"%s\", %s, Wilson Center Digital Archive, RGASPI, f. 17, op. 1, d. %d. Invented.\n<https://digitalarchive.wilsoncenter.org/document/9200%02d>\n\n"+
			"**Summary:**\n\nAn invented note in Russian about the council of ministers in Tabriz and Qavam's answer, long enough that the summary above a hit is cut between words when a snippet follows it.%s\n\n"+
			"**Original Language:**\n\nRussian\n\n**Contents:**\n\nOriginal Scan\n\n%s\n",
			d.date, d.title, d.title, d.date, i+1, i, strings.Repeat(" It is short.", i), d.text)
		fsys[fmt.Sprintf("ru-%d.md", i)] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// searchGoldenPages are search pages of every kind: facets, filters,
// snippets, pagination, sorting, dates, no results, suggestions, Russian
// words, exact words, typed filters, bad input and markup in the query.
// A name read in every spelling scores alike in every document that names
// it, and bleve orders equal scores by the order of indexing, which varies
// from one build to the next: such queries are sorted by date here.
var searchGoldenPages = []string{
	"/search",
	"/search?q=Tabriz",
	"/search?q=Tabriz&page=2",
	"/search?q=Tabriz&year=1946&place=tabriz",
	"/search?q=council&sort=oldest&from=1946-01&to=1946-06",
	"/search?q=council&sort=newest&page=3",
	"/search?q=%D0%A2%D0%B5%D0%B1%D1%80%D0%B8%D0%B7&sort=newest",
	"/search?q=%22council+of+ministers%22",
	"/search?q=Qavam&exact=1",
	"/search?q=Ghavam+year%3A1946&sort=oldest",
	"/search?q=Tabrz",
	"/search?q=Tabriz&year=1901",
	"/search?q=zzzzqqq",
	"/search?q=bread+-Ardabil&lang=ru&lang=en",
	"/search?q=%3Cb%3E%22Tabriz&person=%3Cscript%3E",
	"/search?q=Tabriz&sort=bad",
	"/search?q=Tabr*&person=rustamov&person=qavam&subject=Councils",
}

// TestSearchPagesUnchanged renders search pages of an invented collection
// and compares them byte for byte with the pages made before the search
// page's making was sped up: the reader sees the same page, faster. Run
// with -update-search to rewrite them after a deliberate change.
func TestSearchPagesUnchanged(t *testing.T) {
	coll, err := archive.Load(inventedCollection())
	if err != nil {
		t.Fatal(err)
	}
	if errs := coll.Errors(); len(errs) > 0 {
		t.Fatalf("invented collection has errors: %v", errs)
	}
	lib, err := library.Open(context.Background(), coll, library.Options{Data: inventedRecords, ResultCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	s := newServer(Config{BaseURL: base, DataDir: t.TempDir()}, lib, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h := s.handle(s.handleSearch)
	var all bytes.Buffer
	for _, target := range searchGoldenPages {
		rec := get(t, h, http.MethodGet, target)
		fmt.Fprintf(&all, "==== GET %s -> %d\n", target, rec.Code)
		all.Write(unfingerprinted(rec.Body.Bytes()))
		all.WriteString("\n")
	}
	want, updated := searchGolden(t, "pages.golden", all.Bytes())
	if updated {
		return
	}
	if !bytes.Equal(all.Bytes(), want) {
		got, wantPages := strings.Split(all.String(), "\n==== "), strings.Split(string(want), "\n==== ")
		for i := range min(len(got), len(wantPages)) {
			if got[i] != wantPages[i] {
				g, w := got[i], wantPages[i]
				at := 0
				for at < min(len(g), len(w)) && g[at] == w[at] {
					at++
				}
				t.Errorf("page %d differs at byte %d:\n got …%s…\nwant …%s…", i, at, clipAround(g, at), clipAround(w, at))
			}
		}
		if len(got) != len(wantPages) {
			t.Errorf("%d pages, want %d", len(got), len(wantPages))
		}
	}
}

// shippedSearchPages are the benchmark's searches on the shipped
// collection; their pages are kept as digests, not text, since the
// archive's wording stays out of the repository.
var shippedSearchPages = []string{
	"/search?q=Tabriz",
	"/search?q=Qavam",
	"/search?q=%22Security+Council%22",
	"/search?q=Tabriz&year=1946",
	"/search?q=%D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D0%BE%D0%B2&sort=oldest",
	"/search?q=Bagirov&lang=ru&person=stalin",
}

// TestShippedSearchPagesUnchanged is TestSearchPagesUnchanged on the
// shipped collection, compared by SHA-256.
func TestShippedSearchPagesUnchanged(t *testing.T) {
	h := newTestServer(t)
	var all bytes.Buffer
	for _, target := range shippedSearchPages {
		rec := get(t, h, http.MethodGet, target)
		fmt.Fprintf(&all, "%x %d %s\n", sha256.Sum256(unfingerprinted(rec.Body.Bytes())), rec.Code, target)
	}
	want, updated := searchGolden(t, "shipped.sha256", all.Bytes())
	if updated {
		return
	}
	if all.String() != string(want) {
		t.Errorf("shipped search pages changed:\n%s\nwant\n%s", all.String(), want)
	}
}

// fingerprint is the content hash in a static file's name
// (/static/style.5687cb5c9f7d.css): a change to the stylesheet is no
// change to the search page's making.
var fingerprint = regexp.MustCompile(`(/static/[^".]+)\.[0-9a-f]{12}(\.[a-z]+")`)

func unfingerprinted(page []byte) []byte {
	return fingerprint.ReplaceAll(page, []byte("$1$2"))
}

func clipAround(s string, at int) string {
	return s[max(0, at-80):min(len(s), at+80)]
}

func TestCompareLowerIsToLowerCompare(t *testing.T) {
	words := []string{"", "a", "A", "ab", "Ab", "aB", "b", "Тебриз", "тебриз", "ТЕБРИЗа", "Ёж", "ёж", "е", "İran", "iran", "Iran", "ǅ", "ǆ", "\xff", "\ufffd", "z\xff", "Σ", "ς", "σ", "ẞ", "ß", "ss", "a b", "a-b", "Z", "z", "[", "_", "`", "Zb", "zA", "1946", "a\xffb", "K", "k", "\u212a", "\u212ab", "kb", "Ab\u0130", "ab\u0130"}
	for _, a := range words {
		for _, b := range words {
			if got, want := compareLower(a, b), strings.Compare(strings.ToLower(a), strings.ToLower(b)); got != want {
				t.Errorf("compareLower(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

// searchGolden returns the golden file name of testdata/searchpages, or,
// with -update-search, writes got there and says so.
func searchGolden(t *testing.T, name string, got []byte) (want []byte, updated bool) {
	t.Helper()
	golden := filepath.Join("testdata", "searchpages", name)
	if *updateSearch {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return nil, true
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-search to write it)", err)
	}
	return want, false
}
