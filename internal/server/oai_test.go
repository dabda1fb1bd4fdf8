package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/oai"
)

// A real harvester (Debian's libhttp-oai-perl, the HTTP::OAI library's
// command-line client) takes the whole of a collection larger than one
// page of the protocol: it follows the resumption tokens to the end and
// gets every document exactly once, with no protocol error.
func TestOAIHarvest(t *testing.T) {
	harvester, err := exec.LookPath("oai_pmh")
	if err != nil {
		t.Fatalf("oai_pmh not found (%v): `make tools` installs Debian's libhttp-oai-perl", err)
	}
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 2*oai.DefaultPageSize + 13
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, data := range archive.Generate(seeds.Docs, n, 3) {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		stamp = stamp.Add(time.Hour)
		if err := os.Chtimes(file, stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	h, lib := serveFolder(t, dir, "")
	srv := httptest.NewServer(h)
	defer srv.Close()

	harvest := func(args ...string) []string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		var stdout, stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, harvester, append(args, srv.URL+"/oai")...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("oai_pmh %v: %v\n%s", args, err, stderr.String())
		}
		var ids []string
		// Each record ends with a form feed, not always after a newline.
		for line := range strings.Lines(strings.ReplaceAll(stdout.String(), "\f", "\n")) {
			if id, ok := strings.CutPrefix(line, "identifier: "); ok {
				ids = append(ids, strings.TrimSpace(id))
			}
		}
		return ids
	}

	var want []string
	for _, d := range lib.Collection.Docs {
		want = append(want, "oai:rr.example.org:"+d.ID)
	}
	slices.Sort(want)
	got := harvest("-X", "ListRecords", "--metadataPrefix", "oai_dc")
	slices.Sort(got)
	if len(got) != len(want) || !slices.Equal(got, want) {
		t.Errorf("harvested %d records, want the %d documents once each", len(got), len(want))
	}

	// A selective harvest by datestamp: the documents whose files changed
	// in the first day of the generated times.
	got = harvest("-X", "ListIdentifiers", "--metadataPrefix", "oai_dc", "--until", "2026-01-01")
	if len(got) != 23 {
		t.Errorf("harvested %d identifiers until 2026-01-01, want the 23 files stamped that day", len(got))
	}
}

// Each document's record says what the source says of it in Dublin Core:
// its title, date at its precision, summary, sender, translator and other
// credited people, languages, archival reference and its page here.
func TestOAIRecord(t *testing.T) {
	h := newTestServer(t)
	rec := get(t, h, http.MethodGet, "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:rr.example.org:"+strings.TrimPrefix(november, "/documents/"))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
		t.Fatalf("status %d, %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var r struct {
		DC struct {
			Elements []struct {
				XMLName xml.Name
				Value   string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"GetRecord>record>metadata>dc"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range r.DC.Elements {
		if e.XMLName.Space != "http://purl.org/dc/elements/1.1/" {
			t.Errorf("element %v outside Dublin Core", e.XMLName)
		}
		got[e.XMLName.Local] = append(got[e.XMLName.Local], e.Value)
	}
	for el, want := range map[string][]string{
		"date":        {"1945-11-24"},
		"creator":     {"M.D. Bagriov and I.I. Maslennikov"},
		"contributor": {"Jamil Hasanli", "Gary Goldberg"},
		"language":    {"ru", "en"},
		"source":      {"RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059"},
		"identifier":  {base + november},
		"relation":    {"https://digitalarchive.wilsoncenter.org/document/119111"},
		"publisher":   {"Wilson Center Digital Archive"},
		"type":        {"Text"},
	} {
		if !slices.Equal(got[el], want) {
			t.Errorf("dc:%s = %q, want %q", el, got[el], want)
		}
	}
	if len(got["title"]) != 1 || !strings.HasPrefix(got["title"][0], "Telegram from Baku to Moscow") || len(got["description"]) != 1 {
		t.Errorf("title %q, description %q", got["title"], got["description"])
	}

	// The embedded collection's sets: each archive and each year.
	rec = get(t, h, http.MethodGet, "/oai?verb=ListSets")
	for _, spec := range []string{"<setSpec>archive:RGASPI</setSpec>", "<setSpec>archive:GAPPOD</setSpec>", "<setSpec>year:1946</setSpec>"} {
		if !strings.Contains(rec.Body.String(), spec) {
			t.Errorf("ListSets lacks %s", spec)
		}
	}
	// The protocol takes POST too, on this one path.
	req := httptest.NewRequest(http.MethodPost, "/oai", strings.NewReader("verb=Identify"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<adminEmail>webmaster@rr.example.org</adminEmail>") {
		t.Errorf("POST Identify: %d\n%s", w.Code, w.Body)
	}
	if rec := get(t, h, http.MethodPost, "/search"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST elsewhere: %d", rec.Code)
	}
}
