package browsertest

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// crawlLimit bounds the addresses the crawl fetches: far above the number
// of pages without a query today, low enough that a link loop (a calendar,
// a page=N that never ends) cannot run away.
const crawlLimit = 500

// maxQueryVariants bounds the addresses with a query the crawl follows for
// one section and set of query keys (/timeline?person=&place=): filters
// multiply into thousands of links to views of the same pages. Addresses
// without a query are the site's pages and are all followed.
const maxQueryVariants = 10

// maxRedirects is how many 301 or 302 hops a link may take before it lands.
const maxRedirects = 5

// linkAttrs are the attributes that point at another resource of the site.
var linkAttrs = []struct{ selector, attr string }{
	{"a[href]", "href"},
	{"area[href]", "href"},
	{"link[href]", "href"},
	{"img[src]", "src"},
	{"script[src]", "src"},
	{"iframe[src]", "src"},
	{"source[src]", "src"},
}

// crawledPage is one internal address the crawl reached.
type crawledPage struct {
	Path        string // as linked: path and query, no fragment
	Final       string // where its redirects landed
	From        string // the first page that linked here
	Status      int    // the status of the final answer
	ContentType string
	Body        []byte
	Doc         *goquery.Document // nil unless a 200 HTML page
	ids         map[string]bool
}

// hasID reports whether the page has an element a fragment can name.
func (p *crawledPage) hasID(id string) bool {
	if p.ids == nil {
		p.ids = map[string]bool{}
		p.Doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { p.ids[s.AttrOr("id", "")] = true })
		p.Doc.Find("a[name]").Each(func(_ int, s *goquery.Selection) { p.ids[s.AttrOr("name", "")] = true })
	}
	return p.ids[id]
}

// crawlResult is what the crawl found: every page in breadth-first order
// and what is wrong with the links between them.
type crawlResult struct {
	Pages      []*crawledPage
	Problems   []string
	Unfollowed int // internal addresses left out by crawlLimit or maxQueryVariants
}

// fragmentLink is a link to an element of a page.
type fragmentLink struct{ from, target, fragment string }

// crawl follows every same-origin link from "/" breadth-first and reports
// links that do not answer 200 (after at most maxRedirects 301 or 302 hops)
// and fragments that name no element. Addresses without a query go first,
// so the crawlLimit addresses it fetches cover every page of the site
// before the many filtered views of a few of them (see maxQueryVariants).
func (s *site) crawl() (*crawlResult, error) {
	origin, err := url.Parse(s.URL)
	if err != nil {
		return nil, err
	}
	res := &crawlResult{}
	byPath := map[string]*crawledPage{"/": {Path: "/", From: "(start)"}}
	pages := []*crawledPage{byPath["/"]} // without a query, in the order found
	var views []*crawledPage             // with a query, in the order found
	var fragments []fragmentLink
	seenFragment := map[fragmentLink]bool{}
	variants := map[string]int{} // section and query keys -> addresses queued
	unfollowed := map[string]bool{}
	enqueue := func(from, path string) {
		if byPath[path] != nil || unfollowed[path] {
			return
		}
		p := &crawledPage{Path: path, From: from}
		if !strings.Contains(path, "?") {
			byPath[path] = p
			pages = append(pages, p)
			return
		}
		pattern := firstSegment(path) + "?" + queryKeys(path)
		if variants[pattern] == maxQueryVariants {
			unfollowed[path] = true
			return
		}
		variants[pattern]++
		byPath[path] = p
		views = append(views, p)
	}
	for len(res.Pages) < crawlLimit && len(pages)+len(views) > 0 {
		var p *crawledPage
		if len(pages) > 0 {
			p, pages = pages[0], pages[1:]
		} else {
			p, views = views[0], views[1:]
		}
		res.Pages = append(res.Pages, p)
		problem, err := s.visit(origin, p)
		if err != nil {
			return nil, err
		}
		if problem != "" {
			res.Problems = append(res.Problems, problem)
			continue
		}
		if p.Doc == nil {
			continue
		}
		base, err := url.Parse(s.URL + p.Final)
		if err != nil {
			return nil, err
		}
		for _, la := range linkAttrs {
			p.Doc.Find(la.selector).Each(func(_ int, sel *goquery.Selection) {
				raw := sel.AttrOr(la.attr, "")
				u, err := base.Parse(raw)
				if err != nil {
					res.Problems = append(res.Problems, fmt.Sprintf("%s: %s=%q does not parse: %v", p.Path, la.attr, raw, err))
					return
				}
				if u.Scheme != origin.Scheme || u.Host != origin.Host {
					return
				}
				target := pathOf(u)
				enqueue(p.Path, target)
				if u.Fragment != "" {
					fl := fragmentLink{from: p.Path, target: target, fragment: u.Fragment}
					if !seenFragment[fl] {
						seenFragment[fl] = true
						fragments = append(fragments, fl)
					}
				}
			})
		}
	}
	res.Unfollowed = len(unfollowed) + len(pages) + len(views)
	for _, fl := range fragments {
		target := byPath[fl.target]
		switch {
		case target == nil || target.Status == 0:
			// Not fetched: left out by the crawl's limits.
		case target.Doc == nil:
			res.Problems = append(res.Problems, fmt.Sprintf("%s links to %s#%s, which is not an HTML page", fl.from, fl.target, fl.fragment))
		case !target.hasID(fl.fragment):
			res.Problems = append(res.Problems, fmt.Sprintf("%s links to %s#%s, but no element there has id=%q", fl.from, fl.target, fl.fragment, fl.fragment))
		}
	}
	return res, nil
}

// visit gets p, following 301 and 302 redirects within the site, and fills
// in what it found; it returns what is wrong with the link, or "", and an
// error only when the site does not answer at all.
func (s *site) visit(origin *url.URL, p *crawledPage) (string, error) {
	p.Final = p.Path
	for hops := 0; ; hops++ {
		r, err := s.fetch(p.Final)
		if err != nil {
			return "", err
		}
		p.Status, p.ContentType = r.Status, r.ContentType
		if r.Status == http.StatusMovedPermanently || r.Status == http.StatusFound {
			if hops == maxRedirects {
				return fmt.Sprintf("%s (linked from %s) redirects more than %d times", p.Path, p.From, maxRedirects), nil
			}
			u, err := url.Parse(s.URL + p.Final)
			if err == nil {
				u, err = u.Parse(r.Location)
			}
			if err != nil || u.Scheme != origin.Scheme || u.Host != origin.Host {
				return fmt.Sprintf("%s (linked from %s) redirects to %q, outside the site", p.Path, p.From, r.Location), nil
			}
			p.Final = pathOf(u)
			continue
		}
		if r.Status != http.StatusOK {
			via := ""
			if p.Final != p.Path {
				via = " via a redirect to " + p.Final
			}
			return fmt.Sprintf("%s (linked from %s) answers %d%s", p.Path, p.From, r.Status, via), nil
		}
		p.Body = r.Body
		if mt, _, _ := mime.ParseMediaType(r.ContentType); mt == "text/html" {
			doc, err := goquery.NewDocumentFromReader(bytes.NewReader(r.Body))
			if err != nil {
				return fmt.Sprintf("%s: parsing its HTML: %v", p.Path, err), nil
			}
			p.Doc = doc
		}
		return "", nil
	}
}

// pathOf returns the path and query of a URL of the site, without fragment.
func pathOf(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// htmlPages returns the crawled pages that are HTML and answered 200, once
// each (a redirect and its target are one page).
func htmlPages(pages []*crawledPage) []*crawledPage {
	var out []*crawledPage
	seen := map[string]bool{}
	for _, p := range pages {
		if p.Doc == nil || seen[p.Final] {
			continue
		}
		seen[p.Final] = true
		out = append(out, p)
	}
	return out
}

// TestEveryInternalLinkWorks crawls the site from its home page: every
// internal link answers 200, directly or through 301/302 redirects, and
// every #fragment names an element of its page.
func TestEveryInternalLinkWorks(t *testing.T) {
	s := testSite(t)
	res := testCrawl(t)
	for _, p := range res.Problems {
		t.Error(p)
	}
	if res.Unfollowed > 0 {
		t.Logf("%d internal addresses were not followed: the crawl takes %d addresses, and %d with a query per section and set of query keys",
			res.Unfollowed, crawlLimit, maxQueryVariants)
	}
	pages := htmlPages(res.Pages)
	if len(pages) < 2 {
		t.Errorf("the crawl found %d HTML pages; the home page should link to the documents", len(pages))
	}
	t.Logf("crawled %d addresses, %d HTML pages", len(res.Pages), len(pages))
	for _, e := range errorPages {
		if r := s.get(t, e.Path); r.Status != e.Status {
			t.Errorf("GET %s: status %d, want %d", e.Path, r.Status, e.Status)
		}
	}
}
