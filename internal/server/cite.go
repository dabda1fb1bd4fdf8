package server

import (
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/cite"
	"github.com/readingroom/readingroom/internal/timeline"
)

// parties returns document d's senders and recipients resolved against the
// authority records, or as the curator set them.
func (s *Server) parties(d *archive.Document) (from, to []timeline.Party) {
	return s.lib.Parties(d)
}

// citeContext is what every citation of document d needs: its page, and
// who wrote it to whom, named as the authority records name them.
func (s *Server) citeContext(d *archive.Document, pageURL string) cite.Context {
	c := cite.Context{PageURL: pageURL, SiteName: siteName, Sic: cite.SicForms(d.Title, s.lib.Authority)}
	from, to := s.parties(d)
	for _, p := range from {
		rec, _ := s.lib.Authority.Get(p.ID)
		c.Senders = append(c.Senders, cite.AgentFor(p.Written, rec))
	}
	for _, p := range to {
		rec, _ := s.lib.Authority.Get(p.ID)
		c.Recipients = append(c.Recipients, cite.AgentFor(p.Written, rec))
	}
	return c
}
