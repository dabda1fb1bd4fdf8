package server

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/timeline"
)

// handleRobots serves GET /robots.txt: everything may be crawled but the
// search results, whose query and filter combinations are endless; the
// search help is a page like any other (the longer rule wins, RFC 9309).
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) error {
	return writePublic(w, r, "text/plain; charset=utf-8", []byte("User-agent: *\nDisallow: /search\nAllow: /search/help\nDisallow: /api/search\nAllow: /\n\nSitemap: "+s.cfg.BaseURL+"/sitemap.xml\n"))
}

// sitemapPaths lists every page that depends only on the collection.
func (s *Server) sitemapPaths() []string {
	paths := []string{"/", "/timeline", "/archives", "/search/help", "/cite", "/people", "/places", "/map"}
	for _, m := range timeline.Months(timeline.Build(s.coll.Docs, nil, timeline.Filter{}, s.lib.Correspondence)) {
		if m.Docs > 0 {
			paths = append(paths, monthURL(m.Year, m.Month))
		}
	}
	for _, d := range s.coll.Docs {
		paths = append(paths, docURL(d))
	}
	ar := s.archives()
	for _, r := range ar.repos {
		for _, f := range r.Fonds {
			for _, o := range f.Opisi {
				for _, d := range o.Dela {
					paths = append(paths, archiveFileURL(d.File))
				}
			}
		}
	}
	if len(ar.unfiled) > 0 {
		paths = append(paths, unfiledURL)
	}
	for _, r := range s.lib.Authority.Records() {
		paths = append(paths, entityURL(r))
	}
	return paths
}

// sitemapURLs is the most URLs one sitemap may list (the protocol's
// bound, sitemaps.org); a larger site lists its sitemaps in a sitemap
// index.
const sitemapURLs = 50000

// handleSitemap serves GET /sitemap.xml: the sitemap of every page, or,
// past sitemapURLs pages, the index of the sitemaps /sitemap-1.xml,
// /sitemap-2.xml… that list them.
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) error {
	paths := s.sitemapPaths()
	if len(paths) <= s.sitemapSize {
		return s.writeSitemap(w, r, paths)
	}
	type sitemap struct {
		Loc string `xml:"loc"`
	}
	type index struct {
		XMLName  xml.Name  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []sitemap `xml:"sitemap"`
	}
	var ix index
	for i := 0; i*s.sitemapSize < len(paths); i++ {
		ix.Sitemaps = append(ix.Sitemaps, sitemap{Loc: s.cfg.BaseURL + "/sitemap-" + strconv.Itoa(i+1) + ".xml"})
	}
	return writeXML(w, r, "application/xml; charset=utf-8", ix)
}

// handleSitemapPart serves GET /sitemap-{n}.xml: the nth sitemap of a
// sitemap index.
func (s *Server) handleSitemapPart(w http.ResponseWriter, r *http.Request) error {
	paths := s.sitemapPaths()
	n, err := strconv.Atoi(strings.TrimSuffix(chi.URLParam(r, "n"), ".xml"))
	from := (n - 1) * s.sitemapSize
	if err != nil || n < 1 || from >= len(paths) || len(paths) <= s.sitemapSize || strconv.Itoa(n)+".xml" != chi.URLParam(r, "n") {
		return errNotFound("There is no such sitemap: /sitemap.xml lists them.")
	}
	return s.writeSitemap(w, r, paths[from:min(from+s.sitemapSize, len(paths))])
}

// writeSitemap writes a sitemap of the paths.
func (s *Server) writeSitemap(w http.ResponseWriter, r *http.Request, paths []string) error {
	type url struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []url    `xml:"url"`
	}
	set := urlset{URLs: make([]url, 0, len(paths))}
	for _, p := range paths {
		set.URLs = append(set.URLs, url{Loc: s.cfg.BaseURL + p})
	}
	return writeXML(w, r, "application/xml; charset=utf-8", set)
}

// writeXML writes v as an XML document that depends only on its URL.
func writeXML(w http.ResponseWriter, r *http.Request, contentType string, v any) error {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writePublic(w, r, contentType, append([]byte(xml.Header), append(b, '\n')...))
}

// atomTime is the instant an Atom entry gives for a document: its date, at
// the precision the source has, as the first moment it covers.
func atomTime(d archive.Date) string {
	month, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

// feedEntries is how many documents the feed holds: a feed is read for
// what is new, and the whole of a large collection made one of 17.5 MB.
const feedEntries = 100

// handleFeed serves GET /feed.atom: the newest feedEntries documents,
// newest first. Their dates are the documents' own, since the collection
// has no publication dates of its own.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) error {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title     string `xml:"title"`
		ID        string `xml:"id"`
		Link      link   `xml:"link"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Summary   string `xml:"summary"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Links   []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	f := feed{Title: "Reading Room: Soviet documents on the Iranian Azerbaijan crisis, 1945–46", ID: s.cfg.BaseURL + "/",
		Links: []link{{Href: s.cfg.BaseURL + "/feed.atom", Rel: "self"}, {Href: s.cfg.BaseURL + "/"}}}
	f.Author.Name = "Reading Room"
	// Newest first, as feeds are read.
	for i := len(s.coll.Docs) - 1; i >= max(0, len(s.coll.Docs)-feedEntries); i-- {
		d := s.coll.Docs[i]
		summary := d.Summary
		if d.Date.Precision != archive.PrecisionDay {
			summary = fmt.Sprintf("(Dated %s.) %s", d.Date.String(), summary)
		}
		f.Entries = append(f.Entries, entry{Title: d.Title, ID: s.cfg.BaseURL + docURL(d), Link: link{Href: s.cfg.BaseURL + docURL(d)},
			Updated: atomTime(d.Date), Published: atomTime(d.Date), Summary: strings.TrimSpace(summary)})
	}
	f.Updated = "1970-01-01T00:00:00Z"
	if n := len(s.coll.Docs); n > 0 {
		f.Updated = atomTime(s.coll.Docs[n-1].Date)
	}
	return writeXML(w, r, "application/atom+xml; charset=utf-8", f)
}
