package server

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/web"
)

// handleEntityIndex serves GET /people, GET /places and GET /organisations, sorted by name
// (the default) or by number of documents (?sort=count).
func (s *Server) handleEntityIndex(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		sortBy := r.URL.Query().Get("sort")
		if sortBy != "" && sortBy != "count" && sortBy != "name" {
			return errBadRequest(fmt.Sprintf("The list can be sorted by “name” or “count”, not “%s”.", clip(sortBy)))
		}
		if sortBy == "name" {
			sortBy = ""
		}
		return renderPublic(w, r, web.EntityIndexPage(s.entityIndexView(kind, sortBy)))
	}
}

func (s *Server) entityIndexView(kind, sortBy string) web.EntityIndex {
	path := "/" + kindPaths[kind]
	v := web.EntityIndex{}
	var records []*entity.Record
	switch kind {
	case entity.KindOrganisation:
		orgIndexView(s, &v, path)
		records = s.lib.Authority.Organisations()
	case entity.KindPerson:
		v.Page = s.page("People", "Every person named in the collection, in every spelling and script.", path)
		v.Heading = "People"
		v.Intro = "Every person the documents name: senders, recipients, signatories and people mentioned. Each page gathers the spellings the documents use, in Latin and Cyrillic script, and the passages that name them."
		records = s.lib.Authority.People()
	default:
		v.Page = s.page("Places", "Every place named in the collection, in every spelling and script.", path)
		v.Heading = "Places"
		v.Intro = "Every place the documents name, from Tabriz and Zanjan to Moscow, whatever spelling or script a document uses."
		records = s.lib.Authority.Places()
		v.MapURL = "/map"
	}
	v.Nav = kindPaths[kind]
	count := func(r *entity.Record) int { return len(s.lib.Entities[r.ID].Docs) }
	if sortBy == "count" {
		sort.SliceStable(records, func(i, j int) bool { return count(records[i]) > count(records[j]) })
	}
	v.Sorts = []web.ViewLink{{Label: "By name", URL: path, Current: sortBy == ""}, {Label: "By number of documents", URL: path + "?sort=count", Current: sortBy == "count"}}
	for _, r := range records {
		v.Rows = append(v.Rows, web.EntityRow{Name: r.Name, URL: entityURL(r), Detail: detail(r), Description: r.Description, Count: count(r)})
	}
	return v
}

func detail(r *entity.Record) string {
	switch r.Kind {
	case entity.KindPlace:
		return r.PlaceKind
	case entity.KindOrganisation:
		return r.OrgKind
	}
	return r.Lifespan()
}

// handleEntity serves GET /people/{id}, GET /places/{id} and GET
// /organisations/{id}.
func (s *Server) handleEntity(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := url.PathUnescape(chi.URLParam(r, "id"))
		if err != nil {
			return errNotFound("This address is malformed.")
		}
		rec, ok := s.lib.Authority.Get(id)
		if !ok || rec.Kind != kind {
			// A name typed in any spelling finds its record.
			if rs := s.lib.Authority.Resolve(id); len(rs) == 1 && rs[0].Kind == kind {
				http.Redirect(w, r, entityURL(rs[0]), http.StatusFound)
				return nil
			}
			return errNotFound(fmt.Sprintf("No %s in the collection has the ID “%s”. The list is at /%s.", kindLabel(kind), clip(id), kindPaths[kind]))
		}
		last := max(1, (len(s.lib.Entities[rec.ID].Docs)+entityPageSize-1)/entityPageSize)
		page := 1
		if p := r.URL.Query().Get("page"); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > last {
				return errBadRequest(fmt.Sprintf("The documents that name %s fill pages 1 to %d; there is no page “%s”.", rec.Name, last, clip(p)))
			}
			page = n
		}
		return renderPublic(w, r, web.EntityView(s.entityView(rec, page, last)))
	}
}

// maxPassages bounds the passages shown per document on a person's or
// place's page.
const maxPassages = 3

// entityPageSize is the number of documents, with their passages, on one
// page of a person or place; maxFormDocs the documents listed beside each
// spelling.
const (
	entityPageSize = 50
	maxFormDocs    = 10
)

// entityView is page number page (of last) of record rec.
func (s *Server) entityView(rec *entity.Record, page, last int) web.EntityPage {
	use := s.lib.Entities[rec.ID]
	path := entityURL(rec)
	at := func(n int) string {
		if n == 1 {
			return path
		}
		return path + "?page=" + strconv.Itoa(n)
	}
	v := web.EntityPage{
		Page:        s.page(rec.Name, rec.Description, at(page)),
		Name:        rec.Name,
		FullName:    rec.FullName,
		Forenames:   rec.Forenames,
		Patronymics: rec.Patronymics,
		Detail:      detail(rec),
		Description: rec.Description,
		Source:      rec.Source,
		SearchQuery: rec.Kind + ":" + rec.ID,
		IndexURL:    "/" + kindPaths[rec.Kind],
		IndexLabel:  strings.ToUpper(kindPaths[rec.Kind][:1]) + kindPaths[rec.Kind][1:],
	}
	v.Nav = kindPaths[rec.Kind]
	v.SearchURL = searchState{Q: v.SearchQuery}.url()
	if rec.HasCoordinates() {
		v.Coordinates = fmt.Sprintf("%.2f° N, %.2f° E", rec.Lat, rec.Lon)
	}
	// Which documents use each form of the name.
	type usage struct {
		seen    map[string]bool
		forms   []string
		docs    []web.Link
		docSeen map[string]bool
	}
	uses := map[string]*usage{}
	forms := append([]entity.Variant{{Form: rec.Name}}, rec.Variants...)
	if rec.FullName != "" {
		forms = append([]entity.Variant{{Form: rec.Name}, {Form: rec.FullName}}, rec.Variants...)
	}
	for _, f := range forms {
		uses[strings.ToLower(f.Form)] = &usage{seen: map[string]bool{}, docSeen: map[string]bool{}}
	}
	for _, d := range use.Docs {
		for _, m := range s.lib.Facts(d).FormsOf(rec.ID) {
			u := uses[strings.ToLower(m.Variant)]
			if u == nil {
				continue
			}
			if !u.seen[m.Printed] && m.Printed != m.Variant {
				u.seen[m.Printed] = true
				u.forms = append(u.forms, m.Printed)
			}
			if !u.docSeen[d.ID] {
				u.docSeen[d.ID] = true
				if len(u.docs) < maxFormDocs {
					u.docs = append(u.docs, web.Link{Label: d.Date.String() + ": " + d.Title, URL: docURL(d)})
				}
			}
		}
	}
	for _, f := range forms {
		u := uses[strings.ToLower(f.Form)]
		script := f.Script
		if script == "" {
			script = scriptOf(f.Form)
		}
		v.Variants = append(v.Variants, web.VariantRow{Form: f.Form, Script: script, Note: f.Note, Seen: u.forms, Docs: u.docs, More: len(u.docSeen) - len(u.docs)})
		u.docs = nil // a form listed twice (name and full name alike) shows its documents once
	}
	together := map[string]int{}
	for _, d := range use.Docs {
		for id := range s.lib.Facts(d).Names.IDs() {
			if id != rec.ID {
				together[id]++
			}
		}
	}
	v.DocCount = len(use.Docs)
	first := (page - 1) * entityPageSize
	v.FirstDoc = first + 1
	v.Pager = pages(page, last, at)
	for _, d := range use.Docs[first:min(first+entityPageSize, len(use.Docs))] {
		ed := web.EntityDoc{Doc: summaryOf(d)}
		if t, err := s.lib.Text(d); err != nil {
			s.log.Error("reading a document", slog.String("id", d.ID), slog.String("error", err.Error()))
		} else {
			ms := library.MentionsOf(t, rec.ID)
			for i, m := range ms {
				if i >= maxPassages {
					ed.More = len(ms) - maxPassages
					ed.MoreURL = docURL(d) + "?hl=" + url.QueryEscape(`"`+rec.Name+`"`)
					break
				}
				ed.Passages = append(ed.Passages, passage(t.Doc, m))
			}
		}
		v.Docs = append(v.Docs, ed)
	}
	for id, n := range together {
		if r, ok := s.lib.Authority.Get(id); ok {
			v.Together = append(v.Together, web.EntityLink{Name: r.Name, URL: entityURL(r), Kind: r.Kind, Count: n})
		}
	}
	slices.SortFunc(v.Together, func(a, b web.EntityLink) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name)) // most first
	})
	if len(v.Together) > maxTogether {
		v.Together = v.Together[:maxTogether]
	}
	v.Letters = s.letterLists(rec)
	return v
}

// maxTogether bounds the list of people and places named alongside.
const maxTogether = 12

func scriptOf(s string) string {
	for _, r := range s {
		if r >= 0x400 && r <= 0x52f {
			return entity.ScriptCyrillic
		}
	}
	return entity.ScriptLatin
}

// passageWindow is the length of a passage around a name, in bytes.
const passageWindow = 220

// passage cuts the words around a mention, with the name marked and a
// link to its paragraph.
func passage(d *archive.Document, m entity.Mention) web.Passage {
	p := web.Passage{URL: docURL(d), Lang: "en"}
	var text string
	switch m.Field {
	case entity.FieldTitle:
		text, p.Label = d.Title, "Title"
	case entity.FieldSummary:
		text, p.Label = d.Summary, "Summary"
	case entity.FieldNote:
		text, p.Label = d.Notes[m.Note].Text, "Note"
		p.URL += "#notes"
	case entity.FieldTranslation, entity.FieldOriginal:
		t := d.Translation
		if m.Field == entity.FieldOriginal {
			t = d.Original
		}
		para := t.Paragraphs[m.ParaIndex]
		text = para.Lines[m.Line]
		p.Lang = t.Code
		role := "translation"
		if m.Field == entity.FieldOriginal {
			role = "original"
		}
		if para.N > 0 {
			p.Label = fmt.Sprintf("%s %s, paragraph %d", t.Language, role, para.N)
			p.URL += "#" + anchorPrefix(t, role) + "-" + strconv.Itoa(para.N)
		} else {
			p.Label = fmt.Sprintf("%s %s, page mark", t.Language, role)
		}
	}
	for _, part := range search.Excerpt(text, []search.Range{{Start: m.Start, End: m.End}}, passageWindow) {
		p.Parts = append(p.Parts, web.SnippetPart{Text: part.Text, Mark: part.Mark})
	}
	return p
}

// maxLetters bounds the letters a record's page lists of each kind; the
// timeline, filtered, has them all.
const maxLetters = 50

// letterLists are the documents rec sent and received, when it did.
func (s *Server) letterLists(rec *entity.Record) []web.LetterList {
	sent, received := s.lib.Letters(rec.ID)
	var out []web.LetterList
	for _, l := range []struct {
		docs        []*archive.Document
		heading, id string
		param       string
	}{{sent, "Sent by " + rec.Name, "sent", "sender"}, {received, "Received by " + rec.Name, "received", "recipient"}} {
		if len(l.docs) == 0 {
			continue
		}
		ll := web.LetterList{Heading: l.heading, ID: l.id, Count: len(l.docs), AllURL: "/timeline?" + l.param + "=" + url.QueryEscape(rec.ID)}
		for _, d := range l.docs[:min(len(l.docs), maxLetters)] {
			ll.Docs = append(ll.Docs, web.Link{Label: d.Date.String() + ": " + d.Title, URL: docURL(d)})
		}
		out = append(out, ll)
	}
	return out
}
