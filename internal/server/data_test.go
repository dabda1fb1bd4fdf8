package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

func TestDocumentPageCarriesCitationMetadata(t *testing.T) {
	d := dom(t, newTestServer(t), reply, http.StatusOK)
	meta := func(sel string) string { return d.Find(sel).AttrOr("content", "") }
	if meta("meta[name=citation_title]") != "Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats" ||
		meta("meta[name=citation_publication_date]") != "1946/12/02" || meta("meta[property='og:url']") != base+reply ||
		meta("meta[name='twitter:card']") != "summary" || meta("meta[name=citation_author]") != "Bagirov, Mir Jafar Abbasovich" {
		t.Errorf("meta tags: %v", d.Find("meta").Length())
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(d.Find("script[type='application/ld+json']").Text()), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	if fmt.Sprint(ld["@type"]) != "[ArchiveComponent Message]" || ld["dateCreated"] != "1946-12-02" || !strings.Contains(fmt.Sprint(ld["recipient"]), "Stalin") {
		t.Errorf("JSON-LD %v", ld)
	}
	if d.Find("link[rel=canonical]").AttrOr("href", "") != base+reply {
		t.Error("canonical link")
	}
}

func TestParagraphLinkPinpointsTheCitation(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, reply+"?para=en-3", http.StatusOK)
	note := d.Find(".citation").First().Text()
	if !strings.Contains(note, "para. 3 of the English translation and para. 4 of the Russian original") || !strings.HasSuffix(note, reply+"#p-4.") {
		t.Errorf("pinpoint citation %q", note)
	}
	// An anchor the document lacks cites the whole document.
	d = dom(t, h, reply+"?para=en-999", http.StatusOK)
	if strings.Contains(d.Find(".citation").First().Text(), "para.") {
		t.Error("a missing paragraph was cited")
	}
}

func TestDownloads(t *testing.T) {
	h := newTestServer(t)
	for file, want := range map[string]string{
		"cite.bib":  "@misc{1946-12-02-message-from-bagirov",
		"cite.ris":  "TY  - MANSCPT",
		"cite.json": `"type": "personal_communication"`,
		"text.txt":  "== Russian original ==",
	} {
		rec := get(t, h, http.MethodGet, reply+"/"+file)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %.80q", file, rec.Code, rec.Body.String())
		}
	}
	if rec := get(t, h, http.MethodGet, reply+"/cite.exe"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown download: %d", rec.Code)
	}
}

func TestAPI(t *testing.T) {
	h := newTestServer(t)
	var list struct {
		Total int `json:"total"`
		Docs  []struct {
			ID   string       `json:"id"`
			Date archive.Date `json:"date"`
		} `json:"documents"`
	}
	rec := get(t, h, http.MethodGet, "/api/documents")
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || list.Total != 5 || len(list.Docs) != 5 {
		t.Fatalf("list: %v %+v", err, list)
	}
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("CORS")
	}
	if list.Docs[0].Date.ISO() != "1945-11-24" || list.Docs[0].Date.Precision != archive.PrecisionDay {
		t.Errorf("first date %+v", list.Docs[0].Date)
	}
	rec = get(t, h, http.MethodGet, "/api/documents/120475")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/api"+reply {
		t.Errorf("record redirect %d %q", rec.Code, rec.Header().Get("Location"))
	}
	var doc apiDocument
	if err := json.Unmarshal(get(t, h, http.MethodGet, "/api"+reply).Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Document == nil || doc.Original.Numbered() != 43 || doc.Translation.Numbered() != 42 || len(doc.People) == 0 || doc.URL != base+reply {
		t.Errorf("document: %+v", doc.URL)
	}
	var res struct {
		Total   int                 `json:"total"`
		Facets  map[string][]facetV `json:"facets"`
		Results []apiResult         `json:"results"`
	}
	if err := json.Unmarshal(get(t, h, http.MethodGet, "/api/search?q=%D0%9A%D0%B0%D0%B2%D0%B0%D0%BC").Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Facets["person"]) == 0 || len(res.Results[0].Snippets) == 0 {
		t.Errorf("search: %+v", res)
	}
	for path, status := range map[string]int{"/api/documents/nope": 404, "/api/search?q=x&page=0": 400, "/api/search": 400, "/api/nothing": 404, "/api/documents?page=9": 404, "/api/documents?page=2": 404, "/api/documents?page=two": 400, "/api/documents?page=0": 400} {
		rec := get(t, h, http.MethodGet, path)
		var e struct {
			Status  int
			Message string
		}
		if rec.Code != status || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Status != status || e.Message == "" {
			t.Errorf("%s: %d %q", path, rec.Code, rec.Body.String())
		}
	}
	var people []map[string]any
	if err := json.Unmarshal(get(t, h, http.MethodGet, "/api/people").Body.Bytes(), &people); err != nil || len(people) < 20 || people[0]["id"] == nil {
		t.Errorf("people: %v", err)
	}
}

// TestBulkDownloadRoundTrips reads the JSON Lines back into the document
// model and compares it with the collection, and checks the checksum.
func TestBulkDownloadRoundTrips(t *testing.T) {
	h := newTestServer(t)
	body := get(t, h, http.MethodGet, "/data/"+bulkName).Body.Bytes()
	sum := sha256.Sum256(body)
	if got := get(t, h, http.MethodGet, "/data/"+bulkName+".sha256").Body.String(); got != hex.EncodeToString(sum[:])+"  "+bulkName+"\n" {
		t.Errorf("checksum %q", got)
	}
	coll, _ := archive.Load(documents.FS)
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 16<<20)
	i := 0
	for ; sc.Scan(); i++ {
		var got apiDocument
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if !reflect.DeepEqual(got.Document, coll.Docs[i]) {
			t.Errorf("line %d does not round-trip to %s", i+1, coll.Docs[i].ID)
		}
	}
	if i != len(coll.Docs) {
		t.Errorf("%d lines for %d documents", i, len(coll.Docs))
	}

	// Gzipped, the same bytes; HEAD gives the size; the checksum is the
	// ETag, and a client that has the file gets 304.
	rec := get(t, h, http.MethodGet, "/data/"+bulkName, "Accept-Encoding", "gzip")
	zr, err := gzip.NewReader(rec.Body)
	if err != nil || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzipped download: %v, Content-Encoding %q", err, rec.Header().Get("Content-Encoding"))
	}
	if unzipped, _ := io.ReadAll(zr); !bytes.Equal(unzipped, body) {
		t.Error("the gzipped download differs from the plain one")
	}
	head := get(t, h, http.MethodHead, "/data/"+bulkName)
	if head.Header().Get("Content-Length") != strconv.Itoa(len(body)) || head.Body.Len() != 0 {
		t.Errorf("HEAD: Content-Length %q for %d bytes", head.Header().Get("Content-Length"), len(body))
	}
	etag := head.Header().Get("ETag")
	if !strings.Contains(etag, hex.EncodeToString(sum[:])[:32]) {
		t.Errorf("ETag %q is not the checksum", etag)
	}
	if rec := get(t, h, http.MethodGet, "/data/"+bulkName, "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: status %d", rec.Code)
	}
}

func TestSitemapRobotsAndFeed(t *testing.T) {
	h := newTestServer(t)
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(get(t, h, http.MethodGet, "/sitemap.xml").Body.Bytes(), &set); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
		if rec := get(t, h, http.MethodGet, strings.TrimPrefix(u.Loc, base)); rec.Code != http.StatusOK {
			t.Errorf("sitemap lists %s, which answers %d", u.Loc, rec.Code)
		}
	}
	if !locs[base+reply] || !locs[base+"/people/pishevari"] || !locs[base+"/"] {
		t.Errorf("sitemap lacks pages: %d urls", len(locs))
	}
	if robots := get(t, h, http.MethodGet, "/robots.txt").Body.String(); !strings.Contains(robots, "Sitemap: "+base+"/sitemap.xml") ||
		!strings.Contains(robots, "Disallow: /search\nAllow: /search/help\n") {
		t.Errorf("robots %q", robots)
	}
	var feed struct {
		Entries []struct {
			Title     string `xml:"title"`
			Published string `xml:"published"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(get(t, h, http.MethodGet, "/feed.atom").Body.Bytes(), &feed); err != nil || len(feed.Entries) != 5 || feed.Entries[4].Published != "1945-11-24T00:00:00Z" || feed.Entries[0].Published != "1946-12-09T00:00:00Z" {
		t.Errorf("feed: %v %+v", err, feed)
	}
}

// The API says who wrote to whom: each sender and recipient as the source
// writes it, resolved to its authority record where a record's form covers
// the whole name, with where it was read.
func TestAPIGivesCorrespondents(t *testing.T) {
	h := newTestServer(t)
	var doc struct {
		From, To []struct {
			Written, ID, Kind, Basis, URL string
		}
	}
	rec := get(t, h, http.MethodGet, "/api"+november)
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var from, to []string
	for _, p := range doc.From {
		from = append(from, p.Written+"="+p.ID+"/"+p.Kind+"/"+p.Basis)
	}
	for _, p := range doc.To {
		to = append(to, p.ID)
	}
	if got := strings.Join(from, ", "); got != "M.D. Bagriov=bagirov/person/title, I.I. Maslennikov=maslennikov/person/title" {
		t.Errorf("from: %s", got)
	}
	if got := strings.Join(to, ","); got != "stalin,molotov,beria,malenkov" {
		t.Errorf("to: %s", got)
	}
	if len(doc.From) == 0 || doc.From[0].URL != base+"/people/bagirov" {
		t.Errorf("the sender's record is not linked: %+v", doc.From)
	}
	// The title of 12 April takes the addressee for the sender; the
	// curator's correspondents.toml gives the signatories instead.
	rec = get(t, h, http.MethodGet, "/api"+april12)
	doc.From, doc.To = nil, nil
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	from = nil
	for _, p := range doc.From {
		from = append(from, p.ID+"/"+p.Basis)
	}
	if strings.Join(from, ",") != "ibragimov/curator,gasanov/curator,atakishiyev/curator" || len(doc.To) != 1 || doc.To[0].ID != "bagirov" {
		t.Errorf("12 April: from %+v, to %+v", doc.From, doc.To)
	}
}

// Search knows who wrote to whom: from: and to: with a name (any spelling
// the records know) find the letters sent and received, a date still makes
// a range, and the facets From and To count them.
func TestSearchBySenderAndRecipient(t *testing.T) {
	h := newTestServer(t)
	count := func(q string) int {
		t.Helper()
		var res struct{ Total int }
		rec := get(t, h, http.MethodGet, "/api/search?q="+url.QueryEscape(q))
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res.Total
	}
	for q, want := range map[string]int{
		"from:bagirov": 3, "from:Baghirov": 3, "to:bagirov": 1, "to:Сталин": 3, "sender:stalin": 0,
		"from:atakishiyev": 1, "to:molotov from:bagirov": 2, "from:1946-04": 4,
	} {
		if got := count(q); got != want {
			t.Errorf("%s: %d documents, want %d", q, got, want)
		}
	}
	d := dom(t, h, "/search?q=Tabriz", http.StatusOK)
	from := d.Find("h2:contains('From')").Parent().Text()
	if !strings.Contains(from, "Bagirov") {
		t.Errorf("the From facet: %q", from)
	}
	if d := dom(t, h, "/search?q=Tabriz&recipient=stalin", http.StatusOK); d.Find(".hit").Length() != 3 {
		t.Errorf("?recipient=stalin: %d hits", d.Find(".hit").Length())
	}
}
