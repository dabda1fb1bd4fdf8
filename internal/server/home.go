package server

import (
	"net/http"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/web"
)

// handleHome serves GET /: what the collection is, then its documents.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	return renderPublic(w, r, web.HomePage(s.homeView()))
}

func (s *Server) homeView() web.Home {
	docs := s.coll.Docs
	h := web.Home{Page: s.page("", siteDescription, "/"), Count: len(docs)}
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
		h.Docs = append(h.Docs, summaryOf(d))
	}
	for _, k := range s.coll.Repositories() {
		h.Archives = append(h.Archives, web.Archive{Key: k, Name: archive.RepositoryName(k), Count: counts[k]})
	}
	return h
}
