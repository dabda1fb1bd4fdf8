package oai

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// response is what a test reads of an OAI-PMH answer.
type response struct {
	XMLName      xml.Name
	ResponseDate string `xml:"responseDate"`
	Request      struct {
		Attrs []xml.Attr `xml:",any,attr"`
		URL   string     `xml:",chardata"`
	} `xml:"request"`
	Errors []struct {
		Code string `xml:"code,attr"`
		Text string `xml:",chardata"`
	} `xml:"error"`
	Identify struct {
		RepositoryName    string   `xml:"repositoryName"`
		BaseURL           string   `xml:"baseURL"`
		ProtocolVersion   string   `xml:"protocolVersion"`
		AdminEmail        []string `xml:"adminEmail"`
		EarliestDatestamp string   `xml:"earliestDatestamp"`
		DeletedRecord     string   `xml:"deletedRecord"`
		Granularity       string   `xml:"granularity"`
		Description       struct {
			Identifier struct {
				RepositoryIdentifier string `xml:"repositoryIdentifier"`
			} `xml:"http://www.openarchives.org/OAI/2.0/oai-identifier oai-identifier"`
		} `xml:"description"`
	} `xml:"Identify"`
	Formats []string `xml:"ListMetadataFormats>metadataFormat>metadataPrefix"`
	Sets    []string `xml:"ListSets>set>setSpec"`
	Headers []header `xml:"ListIdentifiers>header"`
	List    struct {
		Records []record `xml:"record"`
		Token   token    `xml:"resumptionToken"`
	} `xml:"ListRecords"`
	IDToken token  `xml:"ListIdentifiers>resumptionToken"`
	Record  record `xml:"GetRecord>record"`
}

type header struct {
	Identifier string   `xml:"identifier"`
	Datestamp  string   `xml:"datestamp"`
	Sets       []string `xml:"setSpec"`
}

type record struct {
	Header header `xml:"header"`
	DC     struct {
		XMLName xml.Name
		Title   []string `xml:"http://purl.org/dc/elements/1.1/ title"`
		Creator []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		Date    []string `xml:"http://purl.org/dc/elements/1.1/ date"`
	} `xml:"metadata>dc"`
}

type token struct {
	Value   string `xml:",chardata"`
	Size    string `xml:"completeListSize,attr"`
	Cursor  string `xml:"cursor,attr"`
	Present xml.Name
}

var day0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// testRepository holds n records, one a day from day0, alternating between
// two archives; record i's title is "Record i".
func testRepository(n, pageSize int) *Repository {
	var items []Item
	for i := range n {
		items = append(items, Item{
			ID:        fmt.Sprintf("doc-%03d", i),
			Datestamp: day0.Add(time.Duration(i) * 24 * time.Hour),
			Sets:      []string{"archive:" + []string{"RGASPI", "GAPPOD"}[i%2]},
		})
	}
	return New(Repository{
		Name: "Test", BaseURL: "https://rr.example.org/oai", AdminEmail: []string{"a@rr.example.org"},
		Namespace: "rr.example.org", PageSize: pageSize,
		Metadata: func(id string) (DC, bool) {
			var i int
			if _, err := fmt.Sscanf(id, "doc-%d", &i); err != nil {
				return DC{}, false
			}
			return DC{Title: []string{fmt.Sprintf("Record %d", i)}, Creator: []string{"A & B <sender>"}, Date: []string{"1946-12"}}, true
		},
	}, items, []Set{{"archive", "By archive"}, {"archive:GAPPOD", "GAPPOD"}, {"archive:RGASPI", "RGASPI"}})
}

func ask(t *testing.T, h http.Handler, query string) response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/oai?"+query, nil))
	return decode(t, rec)
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) response {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var r response
	if err := xml.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("not XML: %v\n%s", err, rec.Body)
	}
	if r.XMLName.Space != nsOAI || r.XMLName.Local != "OAI-PMH" {
		t.Fatalf("root element %v", r.XMLName)
	}
	if _, err := time.Parse(timeFormat, r.ResponseDate); err != nil {
		t.Errorf("responseDate %q: %v", r.ResponseDate, err)
	}
	return r
}

func codes(r response) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Code)
	}
	return out
}

func TestIdentify(t *testing.T) {
	r := ask(t, testRepository(5, 2), "verb=Identify")
	id := r.Identify
	if id.RepositoryName != "Test" || id.BaseURL != "https://rr.example.org/oai" || id.ProtocolVersion != "2.0" ||
		!slices.Equal(id.AdminEmail, []string{"a@rr.example.org"}) || id.DeletedRecord != "no" ||
		id.Granularity != "YYYY-MM-DDThh:mm:ssZ" || id.EarliestDatestamp != "2026-03-01T10:00:00Z" {
		t.Errorf("Identify: %+v", id)
	}
	if id.Description.Identifier.RepositoryIdentifier != "rr.example.org" {
		t.Errorf("oai-identifier description: %+v", id.Description)
	}
	if r.Request.URL != "https://rr.example.org/oai" || len(r.Request.Attrs) != 1 {
		t.Errorf("request element: %+v", r.Request)
	}
}

// Each error condition of the protocol's table answers its code.
func TestErrors(t *testing.T) {
	h := testRepository(5, 2)
	for _, tc := range []struct{ query, code string }{
		{"", "badVerb"},
		{"verb=Frobnicate", "badVerb"},
		{"verb=Identify&verb=Identify", "badVerb"},
		{"verb=Identify&extra=1", "badArgument"},
		{"verb=GetRecord&identifier=oai:rr.example.org:doc-001", "badArgument"},
		{"verb=ListRecords", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=1946", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01&until=2026-03-02T00:00:00Z", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-05&until=2026-03-01", "badArgument"},
		{"verb=ListRecords&resumptionToken=x&metadataPrefix=oai_dc", "badArgument"},
		{"verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"},
		{"verb=ListSets&resumptionToken=x", "badResumptionToken"},
		{"verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"},
		{"verb=GetRecord&identifier=oai:rr.example.org:doc-001&metadataPrefix=mods", "cannotDisseminateFormat"},
		{"verb=GetRecord&identifier=oai:rr.example.org:nothing&metadataPrefix=oai_dc", "idDoesNotExist"},
		{"verb=GetRecord&identifier=oai:elsewhere.org:doc-001&metadataPrefix=oai_dc", "idDoesNotExist"},
		{"verb=ListMetadataFormats&identifier=oai:rr.example.org:nothing", "idDoesNotExist"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&set=archive:APRF", "noRecordsMatch"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2030-01-01", "noRecordsMatch"},
	} {
		r := ask(t, h, tc.query)
		if got := codes(r); !slices.Contains(got, tc.code) {
			t.Errorf("%s: errors %v, want %s", tc.query, got, tc.code)
		}
		// After badVerb or badArgument the request element holds only the
		// base URL; after other errors it echoes the arguments.
		bare := tc.code == "badVerb" || tc.code == "badArgument"
		if bare != (len(r.Request.Attrs) == 0) {
			t.Errorf("%s: request attributes %v", tc.query, r.Request.Attrs)
		}
	}
}

// A list longer than a page is given in pages; following the resumption
// tokens yields every record once, and the last token is empty.
func TestListResumes(t *testing.T) {
	h := testRepository(7, 3)
	r := ask(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc")
	var got []string
	for pages := 1; ; pages++ {
		for _, hd := range r.Headers {
			got = append(got, hd.Identifier)
		}
		if r.IDToken.Size != "7" || r.IDToken.Cursor != fmt.Sprint(3*(pages-1)) {
			t.Errorf("page %d: token %+v", pages, r.IDToken)
		}
		if r.IDToken.Value == "" {
			if pages != 3 {
				t.Errorf("%d pages, want 3", pages)
			}
			break
		}
		if pages > 3 {
			t.Fatal("the list does not end")
		}
		r = ask(t, h, "verb=ListIdentifiers&resumptionToken="+url.QueryEscape(r.IDToken.Value))
	}
	var want []string
	for i := range 7 {
		want = append(want, fmt.Sprintf("oai:rr.example.org:doc-%03d", i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("harvested %v, want %v", got, want)
	}

	// A token of a collection that has changed since is refused.
	r = ask(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc")
	changed := testRepository(8, 3)
	if got := codes(ask(t, changed, "verb=ListIdentifiers&resumptionToken="+url.QueryEscape(r.IDToken.Value))); !slices.Equal(got, []string{"badResumptionToken"}) {
		t.Errorf("a stale token: %v", got)
	}
}

// from and until select by datestamp, inclusively, at either granularity;
// a set selects its own records and those of its subsets.
func TestListSelects(t *testing.T) {
	h := testRepository(10, 100)
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"", 10},
		{"&from=2026-03-03", 8},
		{"&until=2026-03-03", 3},
		{"&from=2026-03-03&until=2026-03-04", 2},
		{"&from=2026-03-03T10:00:00Z&until=2026-03-03T10:00:00Z", 1},
		{"&from=2026-03-03T10:00:01Z", 7},
		{"&set=archive", 10},
		{"&set=archive:RGASPI", 5},
		{"&set=archive:RGASPI&from=2026-03-02", 4},
	} {
		r := ask(t, h, "verb=ListRecords&metadataPrefix=oai_dc"+tc.query)
		if len(r.List.Records) != tc.want {
			t.Errorf("%s: %d records, want %d (%v)", tc.query, len(r.List.Records), tc.want, codes(r))
		}
		if r.List.Token.Value != "" || r.List.Token.Size != "" {
			t.Errorf("%s: a one-page list has a token %+v", tc.query, r.List.Token)
		}
	}
}

func TestGetRecord(t *testing.T) {
	r := ask(t, testRepository(5, 2), "verb=GetRecord&identifier=oai:rr.example.org:doc-004&metadataPrefix=oai_dc")
	rec := r.Record
	if rec.Header.Identifier != "oai:rr.example.org:doc-004" || rec.Header.Datestamp != "2026-03-05T10:00:00Z" ||
		!slices.Equal(rec.Header.Sets, []string{"archive:RGASPI"}) {
		t.Errorf("header %+v", rec.Header)
	}
	if rec.DC.XMLName.Space != nsOAIDC || !slices.Equal(rec.DC.Title, []string{"Record 4"}) ||
		!slices.Equal(rec.DC.Creator, []string{"A & B <sender>"}) || !slices.Equal(rec.DC.Date, []string{"1946-12"}) {
		t.Errorf("metadata %+v", rec.DC)
	}
	if r.Request.URL == "" || len(r.Request.Attrs) != 3 {
		t.Errorf("request %+v", r.Request)
	}
}

func TestFormatsAndSets(t *testing.T) {
	h := testRepository(3, 2)
	if r := ask(t, h, "verb=ListMetadataFormats"); !slices.Equal(r.Formats, []string{"oai_dc"}) {
		t.Errorf("formats %v", r.Formats)
	}
	if r := ask(t, h, "verb=ListMetadataFormats&identifier=oai:rr.example.org:doc-001"); !slices.Equal(r.Formats, []string{"oai_dc"}) {
		t.Errorf("formats of a record %v", r.Formats)
	}
	if r := ask(t, h, "verb=ListSets"); !slices.Equal(r.Sets, []string{"archive", "archive:GAPPOD", "archive:RGASPI"}) {
		t.Errorf("sets %v", r.Sets)
	}
}

// The protocol takes POST as well as GET; a body beyond any real request
// is refused, and other methods are not allowed.
func TestMethods(t *testing.T) {
	h := testRepository(3, 2)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/oai", strings.NewReader("verb=ListIdentifiers&metadataPrefix=oai_dc"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(rec, req)
	if r := decode(t, rec); len(r.Headers) != 2 {
		t.Errorf("POST: %d headers", len(r.Headers))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/oai", strings.NewReader("verb="+strings.Repeat("x", maxFormBytes))))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a huge POST: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/oai", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") == "" {
		t.Errorf("PUT: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/oai?verb=Identify", nil))
	if body, _ := io.ReadAll(rec.Body); rec.Code != http.StatusOK || len(body) != 0 || rec.Header().Get("Content-Length") == "0" {
		t.Errorf("HEAD: %d, %d bytes", rec.Code, len(body))
	}
}

// Whatever a request holds comes back as well-formed XML: a long or hostile
// argument is echoed clipped and escaped, never breaking the document.
func FuzzRespond(f *testing.F) {
	f.Add("verb=Identify")
	f.Add("verb=GetRecord&identifier=%3C%2Frequest%3E&metadataPrefix=oai_dc")
	f.Add("verb=ListRecords&resumptionToken=AAAA")
	f.Add("verb=%FF%FE&x=%00")
	h := testRepository(9, 2)
	f.Fuzz(func(t *testing.T, query string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/oai", nil)
		req.URL.RawQuery = query
		h.ServeHTTP(rec, req)
		d := xml.NewDecoder(rec.Body)
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%q: %v", query, err)
			}
		}
	})
}
