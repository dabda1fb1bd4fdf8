package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/a-h/templ"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/web"
)

// sourceView gathers what the source says of d beside its texts.
func sourceView(d *archive.Document, c *archive.Collection) web.DocSource {
	v := web.DocSource{
		Citation:   d.Citation,
		Department: d.Reference.Department,
		Reprint:    d.Reference.Tail,
		Authors:    d.Authors,
		Contents:   d.Contents,
	}
	if v.Citation == "" {
		v.Citation = d.SourceNote
	}
	for _, t := range d.Subjects {
		v.Subjects = append(v.Subjects, web.Link{Label: t, URL: subjectURL(t)})
	}
	for _, r := range d.Related {
		rv := web.SourceRelated{Title: r.Title, Summary: r.Summary, Date: r.Date.String(), DateISO: r.Date.ISO()}
		if other, ok := c.Doc(archive.Slug(r.Date, r.Title)); ok && other.ID != d.ID {
			rv.URL = docURL(other)
		}
		v.Related = append(v.Related, rv)
	}
	if d.Rights != "" {
		v.Rights = firstSentence(d.Rights)
		v.RightsURL = "/rights#" + rightsID(d.Rights)
	}
	return v
}

// subjectURL is the search for the documents the archive tags with t.
func subjectURL(t string) string {
	return "/search?" + url.Values{"subject": {t}}.Encode()
}

// firstSentence returns the first sentence of a statement, or its first
// paragraph if that is shorter: the one line a document page shows.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}

// rightsID names a rights statement by its words, so that the same
// statement in many documents is one anchor on the rights page.
func rightsID(s string) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(s), " ")))
	return "rights-" + hex.EncodeToString(sum[:4])
}

// rightsStatements lists the collection's distinct rights statements, the
// most common first.
func rightsStatements(docs []*archive.Document) []web.RightsStatement {
	byID := map[string]*web.RightsStatement{}
	var out []*web.RightsStatement
	for _, d := range docs {
		if d.Rights == "" {
			continue
		}
		id := rightsID(d.Rights)
		st, ok := byID[id]
		if !ok {
			st = &web.RightsStatement{ID: id}
			for _, p := range strings.Split(d.Rights, "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					st.Paragraphs = append(st.Paragraphs, p)
				}
			}
			byID[id] = st
			out = append(out, st)
		}
		st.Documents++
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Documents > out[j].Documents })
	res := make([]web.RightsStatement, len(out))
	for i, st := range out {
		res[i] = *st
	}
	return res
}

// handleRights serves GET /rights: the rights statements of the
// collection, each in full, once.
func (s *Server) handleRights(w http.ResponseWriter, r *http.Request) error {
	c, err := func() (templ.Component, error) {
		p := s.page("Rights", "The rights statements of the documents in the reading room, as the archive gives them.", "/rights")
		return web.RightsPageView(web.RightsPage{Page: p, Statements: rightsStatements(s.coll.Docs)}), nil
	}()
	if err != nil {
		return err
	}
	return renderPublic(w, r, c)
}

// withBreaks lays a paragraph's page breaks into its lines: each break
// opens the line it stands before, with the page's mark.
func withBreaks(lines [][]web.Inline, breaks []archive.Break) [][]web.Inline {
	for _, b := range breaks {
		if b.Before < 0 || b.Before >= len(lines) {
			continue
		}
		lines[b.Before] = append([]web.Inline{{Kind: "pagebreak", Text: b.Mark}}, lines[b.Before]...)
	}
	return lines
}
