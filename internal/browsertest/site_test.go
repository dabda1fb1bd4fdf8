package browsertest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/server"
	"golang.org/x/net/html"
)

// chromiumPath is where Debian's chromium package puts its launcher; the
// tests use that browser and never one a tool downloads.
const chromiumPath = "/usr/bin/chromium"

// toolsHint ends every message about a missing tool: CI must fail, not skip,
// when the machine lacks one.
const toolsHint = "run `make tools` (it installs Debian's chromium, a headless JRE and the npm packages of internal/browsertest)"

// site is the real reading room, served in-process on a loopback port.
type site struct {
	// URL is the site's origin, "http://127.0.0.1:PORT", and its BaseURL, so
	// canonical links are internal links too.
	URL string
	// client follows no redirects, so the crawl sees every 301 it follows.
	client *http.Client
}

// shared is the one site every test reads, and its crawl. Serving and
// crawling it once keeps the package fast (the crawl reads every page of
// search filters, seconds under -race); no test changes either.
var shared struct {
	siteOnce  sync.Once
	site      *site
	stop      func() error
	siteErr   error
	crawlOnce sync.Once
	crawl     *crawlResult
	crawlErr  error
}

// TestMain stops the shared site after the last test.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		if err := shared.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping the test site:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// testSite returns the site, serving it on first use.
func testSite(t *testing.T) *site {
	t.Helper()
	shared.siteOnce.Do(func() { shared.site, shared.stop, shared.siteErr = serve() })
	if shared.siteErr != nil {
		t.Fatalf("serving the reading room: %v", shared.siteErr)
	}
	return shared.site
}

// testCrawl returns the crawl of the site, crawling it on first use.
func testCrawl(t *testing.T) *crawlResult {
	t.Helper()
	s := testSite(t)
	shared.crawlOnce.Do(func() { shared.crawl, shared.crawlErr = s.crawl() })
	if shared.crawlErr != nil {
		t.Fatalf("crawling the site: %v", shared.crawlErr)
	}
	return shared.crawl
}

// serve loads the shipped collection and serves it as main does, on
// 127.0.0.1 only, until stop is called.
func serve() (s *site, stop func() error, err error) {
	coll, err := archive.Load(documents.FS)
	if err != nil {
		return nil, nil, err
	}
	if errs := coll.Errors(); len(errs) > 0 {
		return nil, nil, fmt.Errorf("the shipped collection has errors: %v", errs)
	}
	// Built as main builds it: the collection and what is derived from it.
	lib, err := library.Open(context.Background(), coll, library.Options{})
	if err != nil {
		return nil, nil, err
	}
	// The bulk download's folder, removed with the server.
	data, err := os.MkdirTemp("", "readingroom-browsertest-data-")
	if err != nil {
		_ = lib.Close()
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = lib.Close()
		_ = os.RemoveAll(data)
		return nil, nil, err
	}
	base := "http://" + ln.Addr().String()
	srv := &http.Server{
		Handler:           server.New(server.Config{BaseURL: base, DataDir: data}, lib, slog.New(slog.NewTextHandler(io.Discard, nil))),
		ReadHeaderTimeout: 10 * time.Second,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	stop = func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
		err := <-done
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		return errors.Join(err, lib.Close(), os.RemoveAll(data))
	}
	s = &site{
		URL: base,
		client: &http.Client{
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	return s, stop, nil
}

// response is one answer of the test server, read whole.
type response struct {
	Status      int
	Location    string
	ContentType string
	Body        []byte
}

// fetch gets path (with its query) from the site without following
// redirects.
func (s *site) fetch(path string) (response, error) {
	resp, err := s.client.Get(s.URL + path)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, fmt.Errorf("GET %s: reading the body: %w", path, err)
	}
	return response{
		Status:      resp.StatusCode,
		Location:    resp.Header.Get("Location"),
		ContentType: resp.Header.Get("Content-Type"),
		Body:        body,
	}, nil
}

// get is fetch for a test, which fails when the site does not answer.
func (s *site) get(t *testing.T, path string) response {
	t.Helper()
	r, err := s.fetch(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// errorPages are the only pages the tests name: nothing links to them, so
// the crawl cannot find them.
var errorPages = []pageCase{
	{Name: "not-found", Path: "/no-such-page", Status: http.StatusNotFound},
	{Name: "document-not-found", Path: "/documents/no-such-id", Status: http.StatusNotFound},
}

// pageCase is one page type and the page that stands for it.
type pageCase struct {
	Name   string // for messages and screenshot names: "home", "documents-show-original"
	Path   string // path and query on the site
	Status int    // the status the page must answer with
}

// maxTypesPerSection bounds the page types taken from one first path
// segment ("documents", "people"), so that the browser tests stay fast
// however many shapes of page a section grows.
const maxTypesPerSection = 4

// pageType is one type of page and the pages of that type the crawl found.
type pageType struct {
	pageCase                // the page standing for the type: the first the crawl reached
	Pages    []*crawledPage // every page of the type, in crawl order
}

// typesOf sorts the crawled HTML pages into types. Two pages are of one type
// when they are in the same section of the site (first path segment) and
// their main content has the same shape (see shape): a document with both
// texts, the translation alone and the original alone are three types; the
// same search with another filter is not a new one. Nothing here names a
// page, so a new kind of page (people, places, timeline) is covered the day
// a link to it appears. A section gets at most maxTypesPerSection types
// among its pages without a query, and as many among its views with one
// (?show=original).
func typesOf(pages []*crawledPage) []*pageType {
	var out []*pageType
	byKey := map[string]*pageType{}
	perSection := map[string]int{} // section, and "?" when the page has a query -> types
	names := map[string]int{}
	for _, p := range htmlPages(pages) {
		section := firstSegment(p.Final)
		key := section + "\x00" + shape(p.Doc)
		if pt := byKey[key]; pt != nil {
			pt.Pages = append(pt.Pages, p)
			continue
		}
		if strings.Contains(p.Final, "?") {
			section += "?"
		}
		if perSection[section] == maxTypesPerSection {
			continue
		}
		perSection[section]++
		name := pageName(p.Final)
		if names[name]++; names[name] > 1 {
			name = fmt.Sprintf("%s-%d", name, names[name])
		}
		pt := &pageType{pageCase: pageCase{Name: name, Path: p.Final, Status: http.StatusOK}, Pages: []*crawledPage{p}}
		byKey[key] = pt
		out = append(out, pt)
	}
	return out
}

// pageTypes returns the page standing for each type of page the crawl
// found, then the error pages.
func pageTypes(pages []*crawledPage) []pageCase {
	var out []pageCase
	for _, pt := range typesOf(pages) {
		out = append(out, pt.pageCase)
	}
	return append(out, errorPages...)
}

// queryKeys returns the sorted, distinct keys of a path's query.
func queryKeys(path string) string {
	_, query, _ := strings.Cut(path, "?")
	q, _ := url.ParseQuery(query)
	keys := slices.Sorted(maps.Keys(q))
	return strings.Join(keys, "&")
}

// firstSegment returns the first segment of a path, "" for the home page.
func firstSegment(path string) string {
	p, _, _ := strings.Cut(path, "?")
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return first
}

// shapeDepth is how deep under <main> the shape of a page looks: deep
// enough to see which texts a document shows, shallow enough that one
// paragraph more or less is not a new type.
const shapeDepth = 4

// inline elements are left out of a page's shape: they follow the words
// (a footnote mark, a highlighted search term), not the page's layout.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "br": true, "code": true, "em": true, "i": true,
	"mark": true, "q": true, "small": true, "span": true, "strong": true, "sub": true,
	"sup": true, "time": true, "wbr": true,
}

// shape describes the structure of a page's main content: each block
// element as its tag, classes and lang, with the distinct shapes of its
// children, so that a list of ten results has the shape of a list of two.
func shape(doc *goquery.Document) string {
	main := doc.Find("main")
	if main.Length() == 0 {
		main = doc.Find("body")
	}
	if main.Length() == 0 {
		return ""
	}
	return nodeShape(main.Nodes[0], 0)
}

func nodeShape(n *html.Node, depth int) string {
	s := n.Data
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			s += "." + strings.Join(strings.Fields(a.Val), ".")
		case "lang":
			s += "[" + a.Val + "]"
		}
	}
	if depth == shapeDepth {
		return s
	}
	var kids []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !inline[c.Data] {
			kids = append(kids, nodeShape(c, depth+1))
		}
	}
	slices.Sort(kids)
	kids = slices.Compact(kids)
	if len(kids) > 0 {
		s += "{" + strings.Join(kids, " ") + "}"
	}
	return s
}

// pageName names a page type after the page standing for it: its path
// without long segments (a document's ID), then its query, in characters
// safe in a file name.
func pageName(path string) string {
	p, query, _ := strings.Cut(path, "?")
	var parts []string
	for _, seg := range strings.Split(strings.Trim(p, "/"), "/") {
		if seg != "" && len(seg) <= 20 {
			parts = append(parts, seg)
		}
	}
	if len(parts) == 0 && strings.Trim(p, "/") == "" {
		parts = append(parts, "home")
	}
	if query != "" {
		if q, err := url.QueryUnescape(query); err == nil {
			query = q
		}
		parts = append(parts, strings.NewReplacer("=", "-", "&", "-").Replace(query))
	}
	var b strings.Builder
	for _, r := range strings.Join(parts, "-") {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	name := b.String()
	if len(name) > 60 {
		name = name[:60]
	}
	return name
}

// requireChromium fails the test when Debian's chromium is not installed.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is missing (%v): %s", err, toolsHint)
	}
}

// requireJava returns the path of java, failing the test when there is none.
func requireJava(t *testing.T) string {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatalf("java is missing (%v): %s", err, toolsHint)
	}
	return java
}

// nodeModule returns the path of a file the npm packages installed, failing
// the test when `npm ci` has not run.
func nodeModule(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("node_modules", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("node_modules/%s is missing (%v): %s", name, err, toolsHint)
	}
	return p
}

// artifactsDir returns the folder for screenshots: $ARTIFACTS_DIR/browsertest,
// or test-artifacts/browsertest at the repository root (which .gitignore
// leaves out), created when missing.
func artifactsDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("ARTIFACTS_DIR")
	if root == "" {
		dir, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				t.Fatal("no go.mod above the test's folder: set ARTIFACTS_DIR")
			}
			dir = parent
		}
		root = filepath.Join(dir, "test-artifacts")
	}
	dir := filepath.Join(root, "browsertest")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
