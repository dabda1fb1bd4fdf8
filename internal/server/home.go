package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/web"
)

// homePageSize is how many documents the home page lists at once: at 400
// bytes or so a document, a page stays under 200 KB however large the
// collection (100,000 documents made one page of 40 MB).
const homePageSize = 250

// handleHome serves GET /: what the collection is, then its documents, a
// page of them at a time (/?page=2).
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	last := max(1, (len(s.coll.Docs)+s.homePageSize-1)/s.homePageSize)
	page := 1
	if r.URL.RawQuery != "" {
		p := r.URL.Query().Get("page")
		n, err := strconv.Atoi(p)
		switch {
		case p == "":
			n = 1 // other parameters: the home page itself
		case err != nil || n < 1:
			return errBadRequest(fmt.Sprintf("“page” is a number from 1 to %d.", last))
		case n > last:
			return errNotFound(fmt.Sprintf("The list of documents ends at page %d.", last))
		}
		if n == 1 || r.URL.RawQuery != "page="+strconv.Itoa(n) {
			http.Redirect(w, r, homeURL(n), http.StatusMovedPermanently) // one URL a page
			return nil
		}
		page = n
	}
	return renderPublic(w, r, web.HomePage(s.homeView(page, last)))
}

// homeURL is the address of page n of the home page's list.
func homeURL(n int) string {
	if n == 1 {
		return "/#documents"
	}
	return "/?page=" + strconv.Itoa(n) + "#documents"
}

func (s *Server) homeView(page, last int) web.Home {
	docs := s.coll.Docs
	canonical := "/"
	if page > 1 {
		canonical = "/?page=" + strconv.Itoa(page)
	}
	h := web.Home{Page: s.page("", siteDescription, canonical), Count: len(docs)}
	h.Nav = "collection"
	if len(docs) > 0 {
		h.From, h.To = docs[0].Date.String(), docs[len(docs)-1].Date.String()
	}
	counts := map[string]int{}
	for _, d := range docs {
		if k := archive.RepositoryKey(d.Reference.Repository); k != "" {
			counts[k]++
		} else {
			h.Unreferenced++
		}
	}
	first := (page - 1) * s.homePageSize
	for _, d := range docs[first:min(first+s.homePageSize, len(docs))] {
		h.Docs = append(h.Docs, summaryOf(d))
	}
	h.Pager = pages(page, last, homeURL)
	for _, k := range s.coll.Repositories() {
		h.Archives = append(h.Archives, web.Archive{Key: k, Name: archive.RepositoryName(k), Count: counts[k]})
	}
	return h
}
