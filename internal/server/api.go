package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/readingroom/readingroom/internal/align"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/internal/timeline"
)

// apiDocument is a document as the API and the bulk download give it: the
// whole model with stable field names, its page's URL, and the people and
// places it names, and who wrote it to whom.
type apiDocument struct {
	*archive.Document
	URL string `json:"url"`
	// From and To are the senders and recipients: each as the source
	// writes it, the authority record it resolves to (if any) and where it
	// was read (title or address line).
	From          []apiParty `json:"from"`
	To            []apiParty `json:"to"`
	People        []apiName  `json:"people"`
	Places        []apiName  `json:"places"`
	Organisations []apiName  `json:"organisations"`
	// Alignment pairs the translation's paragraphs with the original's,
	// passage by passage, by their numbers n; absent unless the document
	// has both texts.
	Alignment []align.Group `json:"alignment,omitempty"`
}

// apiParty is a sender or recipient.
type apiParty struct {
	timeline.Party
	URL string `json:"url,omitempty"` // the record's page
}

func (s *Server) apiParties(ps []timeline.Party) []apiParty {
	out := []apiParty{}
	for _, p := range ps {
		a := apiParty{Party: p}
		if r, ok := s.lib.Authority.Get(p.ID); ok {
			a.URL = s.cfg.BaseURL + entityURL(r)
		}
		out = append(out, a)
	}
	return out
}

// apiName is a person or place a document names, with where.
type apiName struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	URL      string       `json:"url"`
	Forms    []string     `json:"forms"`
	Mentions []apiMention `json:"mentions"`
}

// apiMention locates a name: the field, the paragraph number in a text
// (0 elsewhere), the line of the paragraph and the byte offsets in it.
type apiMention struct {
	Field     string `json:"field"`
	Paragraph int    `json:"paragraph"`
	Line      int    `json:"line"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Form      string `json:"form"`
}

func (s *Server) apiDoc(entry *archive.Document) (apiDocument, error) {
	t, err := s.lib.Text(entry)
	if err != nil {
		return apiDocument{}, err
	}
	d := t.Doc
	a := apiDocument{Document: d, URL: s.cfg.BaseURL + docURL(d), People: []apiName{}, Places: []apiName{}, Organisations: []apiName{}, Alignment: t.Alignment()}
	from, to := s.parties(d)
	a.From, a.To = s.apiParties(from), s.apiParties(to)
	byID := map[string]*apiName{}
	var order []string
	for _, m := range t.Mentions {
		n := byID[m.ID]
		if n == nil {
			r, ok := s.lib.Authority.Get(m.ID)
			if !ok {
				continue
			}
			n = &apiName{ID: r.ID, Name: r.Name, URL: s.cfg.BaseURL + entityURL(r), Forms: s.lib.Forms(d.ID, r.ID)}
			byID[m.ID] = n
			order = append(order, m.ID)
		}
		n.Mentions = append(n.Mentions, apiMention{Field: m.Field, Paragraph: m.Paragraph, Line: m.Line, Start: m.Start, End: m.End, Form: m.Form})
	}
	for _, id := range order {
		r, _ := s.lib.Authority.Get(id)
		switch r.Kind {
		case entity.KindPerson:
			a.People = append(a.People, *byID[id])
		case entity.KindOrganisation:
			a.Organisations = append(a.Organisations, *byID[id])
		default:
			a.Places = append(a.Places, *byID[id])
		}
	}
	return a, nil
}

func writeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return nil
	}
	_, err = w.Write(append(body, '\n'))
	return err
}

// apiSummary is a document in a list.
type apiSummary struct {
	ID        string       `json:"id"`
	Title     string       `json:"title"`
	Date      archive.Date `json:"date"`
	Summary   string       `json:"summary"`
	Reference string       `json:"reference,omitempty"`
	Languages []string     `json:"languages"`
	URL       string       `json:"url"`
	API       string       `json:"api_url"`
}

func (s *Server) apiSummaryOf(d *archive.Document) apiSummary {
	var langs []string
	if d.HasTranslation() {
		langs = append(langs, d.Translation.Code)
	}
	if d.HasOriginal() {
		langs = append(langs, orDefault(d.Original.Code, archive.Undetermined))
	}
	return apiSummary{ID: d.ID, Title: d.Title, Date: d.Date, Summary: d.Summary, Reference: d.Reference.Text, Languages: langs,
		URL: s.cfg.BaseURL + docURL(d), API: s.cfg.BaseURL + "/api/documents/" + d.ID}
}

// handleAPIDocuments serves GET /api/documents?page=N: the documents in
// date order, apiPageSize at a time.
func (s *Server) handleAPIDocuments(w http.ResponseWriter, r *http.Request) error {
	page := 1
	pages := max(1, (len(s.coll.Docs)+apiPageSize-1)/apiPageSize) // an empty collection has one empty page
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return errBadRequest(fmt.Sprintf("page must be a number from 1 to %d", pages))
		}
		if n > pages {
			return errNotFound(fmt.Sprintf("The list ends at page %d (%d documents a page); there is no page %d.", pages, apiPageSize, n))
		}
		page = n
	}
	from := min((page-1)*apiPageSize, len(s.coll.Docs))
	to := min(from+apiPageSize, len(s.coll.Docs))
	out := struct {
		Total    int          `json:"total"`
		Page     int          `json:"page"`
		PageSize int          `json:"page_size"`
		Next     string       `json:"next,omitempty"`
		Docs     []apiSummary `json:"documents"`
	}{Total: len(s.coll.Docs), Page: page, PageSize: apiPageSize, Docs: []apiSummary{}}
	for _, d := range s.coll.Docs[from:to] {
		out.Docs = append(out.Docs, s.apiSummaryOf(d))
	}
	if to < len(s.coll.Docs) {
		out.Next = s.cfg.BaseURL + "/api/documents?page=" + strconv.Itoa(page+1)
	}
	return writeJSON(w, r, out)
}

// handleAPIDocument serves GET /api/documents/{id}: the whole model of one
// document. The archive's record number redirects to the ID.
func (s *Server) handleAPIDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := url.PathUnescape(chi.URLParam(r, "id"))
	if err != nil {
		return errNotFound("This address is malformed.")
	}
	req, err := decideDocument(s.coll, id, nil)
	if err != nil {
		return err
	}
	if req.redirect != "" {
		http.Redirect(w, r, "/api"+req.redirect, http.StatusMovedPermanently)
		return nil
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	a, err := s.apiDoc(req.doc)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	return writePublic(w, r, "application/json; charset=utf-8", append(b, '\n'))
}

// apiRecord is a person or place with the documents that name them.
type apiRecord struct {
	*entity.Record
	URL       string   `json:"url"`
	Documents []string `json:"documents"`
}

// handleAPIEntities serves GET /api/people, GET /api/places and GET
// /api/organisations.
func (s *Server) handleAPIEntities(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		records := s.lib.Authority.People()
		switch kind {
		case entity.KindPlace:
			records = s.lib.Authority.Places()
		case entity.KindOrganisation:
			records = s.lib.Authority.Organisations()
		}
		out := []apiRecord{}
		for _, rec := range records {
			a := apiRecord{Record: rec, URL: s.cfg.BaseURL + entityURL(rec), Documents: []string{}}
			for _, d := range s.lib.Entities[rec.ID].Docs {
				a.Documents = append(a.Documents, d.ID)
			}
			out = append(out, a)
		}
		return writeJSON(w, r, out)
	}
}

// apiResult is one search result.
type apiResult struct {
	apiSummary
	Score    float64      `json:"score"`
	Snippets []apiSnippet `json:"snippets"`
}

// apiSnippet is a passage with its matched words: Parts alternate plain and
// matched text.
type apiSnippet struct {
	Field     string        `json:"field"`
	Paragraph int           `json:"paragraph,omitempty"`
	Lang      string        `json:"lang"`
	URL       string        `json:"url"`
	Parts     []search.Part `json:"parts"`
}

// handleAPISearch serves GET /api/search with the parameters and results of
// the search page, facets included.
func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) error {
	st, req, err := decideSearch(r.URL.Query())
	if err != nil {
		return err
	}
	if req.Query.IsZero() {
		return errBadRequest("Give a query with q= or a filter (person=, place=, year=, lang=, archive=, from=, to=).")
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		return err
	}
	out := struct {
		Query       string              `json:"query"`
		Total       int                 `json:"total"`
		Page        int                 `json:"page"`
		PageSize    int                 `json:"page_size"`
		Results     []apiResult         `json:"results"`
		Facets      map[string][]facetV `json:"facets"`
		Notices     []string            `json:"notices"`
		Names       []search.NameMatch  `json:"names"`
		Suggestions []string            `json:"suggestions"`
	}{Query: req.Query.String(), Total: res.Total, Page: st.Page, PageSize: search.PageSize, Results: []apiResult{},
		Facets: map[string][]facetV{}, Notices: append([]string{}, res.Notices...), Names: append([]search.NameMatch{}, res.Names...), Suggestions: []string{}}
	for _, h := range res.Hits {
		d, ok := s.coll.Doc(h.ID)
		if !ok {
			continue
		}
		ar := apiResult{apiSummary: s.apiSummaryOf(d), Score: h.Score, Snippets: []apiSnippet{}}
		for _, sn := range h.Snippets {
			u := s.cfg.BaseURL + docURL(d)
			if sn.Para > 0 {
				u += "#" + sn.Lang + "-" + strconv.Itoa(sn.Para)
			}
			ar.Snippets = append(ar.Snippets, apiSnippet{Field: sn.Field, Paragraph: sn.Para, Lang: sn.Lang, URL: u, Parts: sn.Parts})
		}
		out.Results = append(out.Results, ar)
	}
	for _, f := range res.Facets {
		for _, v := range f.Values {
			out.Facets[f.Field] = append(out.Facets[f.Field], facetV{Value: v.Value, Label: s.facetValueLabel(f.Field, v.Value), Count: v.Count, Param: facetParam[f.Field]})
		}
	}
	for _, sg := range res.Suggestions {
		out.Suggestions = append(out.Suggestions, sg.Word)
	}
	return writeJSON(w, r, out)
}

// facetV is a facet value with the URL parameter that filters by it
// (the facet "repository" filters with archive=, "language" with lang=).
type facetV struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
	Param string `json:"param"`
}

// writeBulk writes the whole collection as JSON Lines, one document per
// line, reading each document as it goes: a large collection is never held
// in memory whole.
func (s *Server) writeBulk(ctx context.Context, w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, d := range s.coll.Docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := s.apiDoc(d)
		if err != nil {
			return err
		}
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	return nil
}

// pageSize of the API's document list.
const apiPageSize = 50
