package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/failure"
	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/pagecache"
	"github.com/readingroom/readingroom/static"
)

const base = "https://rr.example.org"

// newTestServer builds the handler main builds, on the shipped collection.
func newTestServer(t testing.TB) http.Handler {
	t.Helper()
	return newTestServerWithLog(t, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func newTestServerWithLog(t testing.TB, log *slog.Logger) http.Handler {
	t.Helper()
	return newTestServerValue(t, log).routes()
}

// newTestServerValue is newTestServerWithLog's server itself, for tests
// that change its bounds.
func newTestServerValue(t testing.TB, log *slog.Logger) *Server {
	t.Helper()
	coll, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	if errs := coll.Errors(); len(errs) > 0 {
		t.Fatalf("shipped collection has errors: %v", errs)
	}
	lib, err := library.Open(context.Background(), coll, library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return newServer(Config{BaseURL: base, DataDir: t.TempDir()}, lib, log)
}

func get(t testing.TB, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func dom(t *testing.T, h http.Handler, target string, wantStatus int) *goquery.Document {
	t.Helper()
	rec := get(t, h, http.MethodGet, target)
	if rec.Code != wantStatus {
		t.Fatalf("GET %s: status %d, want %d", target, rec.Code, wantStatus)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) { out = append(out, strings.Join(strings.Fields(s.Text()), " ")) })
	return out
}

const (
	reply    = "/documents/1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats"
	april12  = "/documents/1946-04-12-telegram-from-the-cc-cp-of-azerbaijan-to-m-d-bagirov-on-the-soviet-iranian-agreement"
	november = "/documents/1945-11-24-telegram-from-baku-to-moscow-m-d-bagriov-and-i-i-maslennikov-to-cdes-stalin-molotov-beria-and-malenkov"
	memo     = "/documents/1946-12-09-memo-via-a-telegraph-message-from-tabriz"
)

func TestHomeListsTheCollectionInDateOrder(t *testing.T) {
	d := dom(t, newTestServer(t), "/", http.StatusOK)
	got := texts(d.Find(".doclist .docitem h3"))
	want := []string{
		"Telegram from Baku to Moscow, M.D. Bagriov and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov",
		"Telegram from the CC CP of Azerbaijan to M.D. Bagirov on the Soviet-Iranian agreement",
		"Letter from Bagirov to Stalin and Molotov about Qavam delaying talks with the Iranian Azerbaijani government",
		"Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats",
		"Memo via a Telegraph Message from Tabriz",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents listed:\n%s", strings.Join(got, "\n"))
	}
	facts := strings.Join(texts(d.Find(".facts dd")), " | ")
	for _, w := range []string{"5", "November 24, 1945 – December 9, 1946", "GAPPOD", "RGASPI", "GAPPOD (State Archive of Political Parties and Public Movements of the Azerbaijan Republic): 3 documents", "1 document"} {
		if !strings.Contains(facts, w) {
			t.Errorf("facts %q lack %q", facts, w)
		}
	}
	if href, _ := d.Find(".doclist a").First().Attr("href"); href != november {
		t.Errorf("first link %q", href)
	}
	if !strings.Contains(d.Find(".intro").Text(), "Tabriz") {
		t.Error("no context paragraph")
	}
}

func TestDocumentPageShowsBothTextsSideBySide(t *testing.T) {
	d := dom(t, newTestServer(t), reply, http.StatusOK)
	if got := d.Find("h1").Text(); got != "Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats" {
		t.Errorf("h1 %q", got)
	}
	if got, _ := d.Find(".dochead time").Attr("datetime"); got != "1946-12-02" {
		t.Errorf("datetime %q", got)
	}
	// Side by side, passage by passage: each row holds a passage in both
	// languages, the English first.
	rows := d.Find(".passages .passage")
	if rows.Length() != 43 {
		t.Fatalf("%d passages, want 43", rows.Length())
	}
	if n := d.Find(".passage .cell[lang=en] p.para").Length(); n != 42 {
		t.Errorf("%d English paragraphs, want 42", n)
	}
	if n := d.Find(".passage .cell[lang=ru] p.para").Length(); n != 43 {
		t.Errorf("%d Russian paragraphs, want 43", n)
	}
	rows.Each(func(i int, r *goquery.Selection) {
		if cells := r.Children(); cells.Length() != 2 || cells.Eq(0).AttrOr("lang", "") != "en" || cells.Eq(1).AttrOr("lang", "") != "ru" {
			t.Errorf("passage %d: cells %v", i+1, cells.Nodes)
		}
	})
	// The first row: the original's first line, which the translation
	// lacks, beside an empty cell.
	first := rows.Eq(0)
	if first.AttrOr("id", "") != "p-1" || first.Find(".cell[lang=en].empty").Length() != 1 || !strings.Contains(first.Find("#ru-1").Text(), "МОСКВА") {
		t.Errorf("first passage: %q", first.Text())
	}
	// English 3 sits in one row with Russian 4; the row's one link names
	// the passage in both languages and cites it.
	p3 := d.Find("#en-3")
	row := p3.Closest(".passage")
	if row.AttrOr("id", "") != "p-4" || row.Find("#ru-4").Length() != 1 {
		t.Errorf("en-3 is in %q with %q", row.AttrOr("id", ""), row.Find(".cell[lang=ru] .para").AttrOr("id", ""))
	}
	if href, _ := p3.Find("a.pn").Attr("href"); href != "?para=p-4#p-4" {
		t.Errorf("passage link %q", href)
	}
	if label := p3.Find("a.pn").AttrOr("aria-label", ""); label != "Passage 4: paragraph 3 of the English translation and paragraph 4 of the Russian original" {
		t.Errorf("passage link label %q", label)
	}
	if n := row.Find("a.pn").Length(); n != 1 || d.Find("#ru-4 a.pn").Length() != 0 {
		t.Errorf("%d paragraph-number links in the row; the Russian one should be text", n)
	}
	if !strings.HasPrefix(p3.Find(".pt").Text(), "I am sending the letter of reply") {
		t.Errorf("en-3 reads %q", p3.Text())
	}
	// English 34 renders Russian 35 and 36, in one row.
	if r := d.Find("#en-34").Closest(".passage"); r.Find("#ru-35").Length() != 1 || r.Find("#ru-36").Length() != 1 {
		t.Error("English 34 is not beside Russian 35 and 36")
	}
	// Page marks are shown for what they are, at the head of the paragraph
	// that follows them: page numbers as "[p. N]", the rest as stamps.
	if n := d.Find(".cell[lang=ru] .pb").Length() + d.Find(".cell[lang=ru] .stamp").Length(); n != 13 {
		t.Errorf("page marks of the original: %d", n)
	}
	if got := d.Find("#ru-1 .pb").Text(); got != "[p. 141]" {
		t.Errorf("the page number before ru-1 reads %q", got)
	}
	if got := d.Find("#ru-1 .stamp").Text(); !strings.Contains(got, "Mark on the original page:") || !strings.Contains(got, "1.89,112") {
		t.Errorf("the archival stamp before ru-1 reads %q", got)
	}
	// The date is said once at the top; who wrote to whom and the
	// archival reference come before the text.
	if n := strings.Count(d.Find(".breadcrumb").Text()+d.Find(".dochead").Text(), "December 2, 1946"); n != 1 {
		t.Errorf("the date appears %d times at the top", n)
	}
	if by := d.Find(".dochead .byline").Text(); !strings.Contains(by, "GAPPOD, f.1, op.89, d.112") {
		t.Errorf("byline %q", by)
	}
	// Names are linked at every mention, but only the first mention of
	// each is a tab stop.
	quiet := d.Find(".passages a.name[tabindex='-1']").Length()
	all := d.Find(".passages a.name").Length()
	if quiet == 0 || all-quiet > len(texts(d.Find(".namelist li"))) {
		t.Errorf("%d name links in the text, %d of them tab stops", all, all-quiet)
	}
	meta := strings.Join(texts(d.Find(".meta div")), "\n")
	for _, w := range []string{"GAPPOD, f.1, op.89, d.112", "fond 1 · opis 89 · delo 112", "Obtained for CWIHP by Jamil Hasanli", "Translated for CWIHP by Gary Goldberg", "record 120475", "Russian", "https://wilson-center-digital-archive.dvincitest.com/document/120475"} {
		if !strings.Contains(meta, w) {
			t.Errorf("metadata lacks %q:\n%s", w, meta)
		}
	}
	cite := d.Find(".citation").First().Text()
	if cite != "Mir Jafar Abbasovich Bagirov to Joseph Vissarionovich Stalin, “Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats,” message, trans. Gary Goldberg, "+
		"December 2, 1946, f.1, op.89, d.112, State Archive of Political Parties and Public Movements of the Azerbaijan Republic (GAPPOD), Baku, Wilson Center Digital Archive, record 120475, "+base+reply+"." {
		t.Errorf("citation %q", cite)
	}
	if styles := strings.Join(texts(d.Find(".cite h3.citestyle")), ", "); styles != "Chicago (note), Chicago (bibliography), MLA, Download" {
		t.Errorf("citation styles %q", styles)
	}
	if href, _ := d.Find(".cite a:contains('catalogue')").Attr("href"); href != "https://digitalarchive.wilsoncenter.org/document/120475" {
		t.Errorf("archive link %q", href)
	}
	if href, _ := d.Find("a[rel=prev]").Attr("href"); !strings.HasPrefix(href, "/documents/1946-04-20-") {
		t.Errorf("prev %q", href)
	}
	if href, _ := d.Find("a[rel=next]").Attr("href"); href != memo {
		t.Errorf("next %q", href)
	}
	// The translator's note stays in the text and links to the notes, and back.
	tn := d.Find("#en-2 .tn")
	if tn.Text() != "[Translator's note: one of Molotov's deputies]" {
		t.Errorf("translator's note as printed: %q", tn.Text())
	}
	if href, _ := tn.Find("a").Attr("href"); href != "#tn-1" || d.Find("#tn-1 a.back").AttrOr("href", "") != "#ref-tn-1" {
		t.Errorf("translator's note links: %q", href)
	}
}

func TestDocumentFootnotesLinkBothWays(t *testing.T) {
	d := dom(t, newTestServer(t), april12, http.StatusOK)
	ref := d.Find("#en-14 sup.noteref a")
	if ref.AttrOr("href", "") != "#fn-1" || ref.AttrOr("id", "") != "fnref-1" {
		t.Fatalf("marker: %v", ref.Nodes)
	}
	note := d.Find("#fn-1")
	if !strings.Contains(note.Text(), "As of May 1946, Atakishiyev was a General-Major") || note.Find("a.back").AttrOr("href", "") != "#fnref-1" {
		t.Errorf("note: %q", note.Text())
	}
	if d.Find("section.text").Length() != 1 || d.Find(".views").Length() != 0 {
		t.Error("a translation-only document shows one column and no language switch")
	}
	if !strings.Contains(d.Find(".meta").Text(), "Not stated in the source") {
		t.Error("unstated original language not said")
	}
}

func TestDocumentShowOneLanguage(t *testing.T) {
	h := newTestServer(t)
	d := dom(t, h, reply+"?show=original", http.StatusOK)
	if cols := d.Find("section.text"); cols.Length() != 1 || cols.AttrOr("lang", "") != "ru" {
		t.Errorf("show=original: %d columns", cols.Length())
	}
	if back := d.Find("#tn-1 a.back").AttrOr("href", ""); back != reply+"#ref-tn-1" {
		t.Errorf("a note whose marker is hidden links to %q", back)
	}
	if cur := d.Find(".views a[aria-current]").Text(); cur != "Russian only" {
		t.Errorf("current view %q", cur)
	}
	d = dom(t, h, reply+"?show=translation", http.StatusOK)
	if cols := d.Find("section.text"); cols.Length() != 1 || cols.AttrOr("lang", "") != "en" {
		t.Errorf("show=translation: %d columns", cols.Length())
	}
	d = dom(t, h, reply+"?show=%3Cb%3Ebold", http.StatusBadRequest)
	if d.Find("main b").Length() != 0 || !strings.Contains(d.Find("main").Text(), "<b>bold") {
		t.Error("bad show value not reported escaped")
	}
}

func TestRecordNumberRedirectsToSlug(t *testing.T) {
	h := newTestServer(t)
	for from, to := range map[string]string{
		"/documents/120475":               reply,
		"/documents/120475?show=original": reply + "?show=original",
		"/documents/120475/cite.bib":      reply + "/cite.bib",
		"/people/":                        "/people",
		"/documents":                      "/#documents",
	} {
		rec := get(t, h, http.MethodGet, from)
		if rec.Code/100 != 3 || rec.Header().Get("Location") != to {
			t.Errorf("%s: status %d location %q, want %q", from, rec.Code, rec.Header().Get("Location"), to)
		}
	}
}

func TestNotFoundEscapesUserInput(t *testing.T) {
	h := newTestServer(t)
	rec := get(t, h, http.MethodGet, "/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
	body := rec.Body.String()
	if rec.Code != http.StatusNotFound {
		t.Errorf("status %d", rec.Code)
	}
	if strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("user input not escaped:\n%s", body)
	}
	for _, path := range []string{"/nope", "/documents/99999999", "/static/style.css", "/documents/a/b"} {
		d := dom(t, h, path, http.StatusNotFound)
		if d.Find("h1").Text() != "Page not found" || d.Find("main a[href='/']").Length() == 0 {
			t.Errorf("%s: not the friendly 404 page", path)
		}
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	h := newTestServer(t)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "PROPFIND"} {
		for _, path := range []string{"/", reply, "/nope"} {
			rec := get(t, h, m, path)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
				t.Errorf("%s %s: %d allow %q", m, path, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
	rec := get(t, h, http.MethodHead, reply)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("ETag") == "" {
		t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

func TestCachingAndHeaders(t *testing.T) {
	h := newTestServer(t)
	first := get(t, h, http.MethodGet, reply)
	etag := first.Header().Get("ETag")
	if etag == "" || first.Code != http.StatusOK {
		t.Fatal("no ETag")
	}
	again := get(t, h, http.MethodGet, reply, "If-None-Match", etag)
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", again.Code)
	}
	if other := get(t, h, http.MethodGet, reply+"?show=original").Header().Get("ETag"); other == etag {
		t.Error("different pages share an ETag")
	}
	csp := first.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if first.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	d, _ := goquery.NewDocumentFromReader(first.Body)
	css := d.Find("link[rel=stylesheet]").AttrOr("href", "")
	asset := get(t, h, http.MethodGet, css)
	if asset.Code != http.StatusOK || !strings.Contains(asset.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(asset.Header().Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet %s: %d %q", css, asset.Code, asset.Header().Get("Cache-Control"))
	}
	if rec := get(t, h, http.MethodGet, "/healthz"); rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Errorf("healthz %d", rec.Code)
	}
}

func TestDecideDocument(t *testing.T) {
	coll, _ := archive.Load(documents.FS)
	for _, tc := range []struct {
		id, show, redirect string
		kind               failure.Kind
	}{
		{id: strings.TrimPrefix(reply, "/documents/")},
		{id: "120475", redirect: reply},
		{id: "120481", redirect: "/documents/1946-04-20-letter-from-bagirov-to-stalin-and-molotov-about-qavam-delaying-talks-with-the-iranian-azerbaijani-government"},
		{id: "000120475", kind: failure.NotFound},
		{id: strings.Repeat("x", 5000), kind: failure.NotFound},
		{id: strings.TrimPrefix(reply, "/documents/"), show: "klingon", kind: failure.Invalid},
		{id: strings.TrimPrefix(memo, "/documents/"), show: "original", redirect: memo},
	} {
		q := map[string][]string{}
		if tc.show != "" {
			q["show"] = []string{tc.show}
		}
		req, err := decideDocument(coll, tc.id, q)
		switch {
		case tc.redirect != "":
			if err != nil || req.redirect != tc.redirect {
				t.Errorf("%.40s: redirect %q, err %v", tc.id, req.redirect, err)
			}
		case tc.kind == failure.Internal: // no failure expected
			if err != nil || req.doc == nil {
				t.Errorf("%.40s: %v", tc.id, err)
			}
		default:
			if failure.KindOf(err) != tc.kind || len(failure.MessageOf(err)) > 400 {
				t.Errorf("%.40s: %v, want a failure of kind %v", tc.id, err, tc.kind)
			}
		}
	}
}

func TestCompressedOnceAndServedByEncoding(t *testing.T) {
	h := newTestServer(t)
	plain := get(t, h, http.MethodGet, reply)
	for _, tc := range []struct{ accept, enc string }{{"gzip", "gzip"}, {"gzip, deflate, br", "br"}, {"br;q=0, gzip", "gzip"}, {"identity", ""}} {
		rec := get(t, h, http.MethodGet, reply, "Accept-Encoding", tc.accept)
		if got := rec.Header().Get("Content-Encoding"); got != tc.enc {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.enc)
			continue
		}
		var body []byte
		switch tc.enc {
		case "gzip":
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		case "br":
			body, _ = io.ReadAll(brotli.NewReader(rec.Body))
		default:
			body = rec.Body.Bytes()
		}
		if !bytes.Equal(body, plain.Body.Bytes()) {
			t.Errorf("%s body differs from the plain page", tc.enc)
		}
		if tc.enc != "" && rec.Header().Get("ETag") == plain.Header().Get("ETag") {
			t.Errorf("%s shares the plain page's ETag", tc.enc)
		}
		if again := get(t, h, http.MethodGet, reply, "Accept-Encoding", tc.accept, "If-None-Match", rec.Header().Get("ETag")); again.Code != http.StatusNotModified {
			t.Errorf("%s: If-None-Match gave %d", tc.enc, again.Code)
		}
	}
	if rec := get(t, h, http.MethodGet, "/search?q=Qavam", "Accept-Encoding", "gzip"); rec.Header().Get("Content-Encoding") != "gzip" {
		t.Error("search page not compressed")
	}
	if rec := get(t, h, http.MethodGet, "/search?q=Qavam", "Accept-Encoding", "br"); rec.Header().Get("Content-Encoding") != "br" {
		t.Error("search page not compressed with brotli, which its cache keeps")
	}
	for _, enc := range []string{"gzip;q=0", "deflate"} {
		if rec := get(t, h, http.MethodGet, "/search?q=Qavam", "Accept-Encoding", enc); rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("Accept-Encoding %q: the search page came as %q", enc, rec.Header().Get("Content-Encoding"))
		}
	}
}

// TestPanicBecomesA500Page checks the recovery: a handler that panics
// gives the reader the 500 page and the log the stack and the request's
// line, with the request ID the response carries.
func TestPanicBecomesA500Page(t *testing.T) {
	var logs bytes.Buffer
	// A server without a collection panics on its first page.
	s := &Server{cfg: Config{BaseURL: base}, log: slog.New(slog.NewJSONHandler(&logs, nil)), assets: static.New(), pages: pagecache.New(1 << 20)}
	rec := get(t, s.routes(), http.MethodGet, "/")
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "Something went wrong") || strings.Contains(rec.Body.String(), "nil pointer") {
		t.Errorf("status %d, body %.200q", rec.Code, rec.Body.String())
	}
	id := rec.Header().Get("X-Request-Id")
	logged := logs.String()
	for _, want := range []string{`"msg":"panic","id":"` + id + `"`, `"panic":"runtime error: invalid memory address or nil pointer dereference"`, `"stack":`,
		`"msg":"request","id":"` + id + `","method":"GET","path":"/","status":500,"bytes":` + strconv.Itoa(rec.Body.Len())} {
		if id == "" || !strings.Contains(logged, want) {
			t.Errorf("log lacks %s:\n%s", want, logged)
		}
	}
}
