package server

import (
	"context"
	"github.com/readingroom/readingroom/internal/library"
	"net/http"
	"sort"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/web"
)

// handleGlossary serves GET /glossary: every term with its forms,
// definition and source.
func (s *Server) handleGlossary(w http.ResponseWriter, r *http.Request) error {
	ix := s.indexOf()
	// The page is cached for every reader: a reader who leaves early
	// must not leave it without its links.
	c := web.Glossary(s.glossaryView(context.WithoutCancel(r.Context()), ix))
	if ix == nil {
		// Without its links to searches while the index is built: made
		// again for each reader until the index is there, then kept.
		return s.renderStatus(w, r, http.StatusOK, c)
	}
	return renderPublic(w, r, c)
}

func (s *Server) glossaryView(ctx context.Context, ix *search.Index) web.GlossaryPage {
	v := web.GlossaryPage{Page: s.page("Glossary", "The terms and abbreviations of the documents and their citations, with definitions and sources.", "/glossary")}
	v.Nav = "glossary"
	for _, t := range s.lib.Authority.Glossary().Terms() {
		gt := web.GlossaryTerm{ID: t.ID, Term: t.Term, Definition: t.Definition, Source: t.Source}
		for _, f := range t.Forms {
			gt.Forms = append(gt.Forms, web.GlossaryForm{Form: f.Form, Lang: scriptLang(f.Script)})
		}
		for _, a := range t.Also {
			gt.Forms = append(gt.Forms, web.GlossaryForm{Form: a, Lang: scriptLang(scriptOf(a))})
		}
		// Link the documents that use the term, when a search finds some:
		// the archival terms stand in citations, which are not searched.
		q := `"` + strings.TrimSuffix(t.Term, ".") + `"`
		if pq, err := search.ParseQuery(q); err == nil && ix != nil {
			if res, err := ix.Search(ctx, search.Request{Query: pq, Page: 1}); err == nil && res.Total > 0 {
				gt.SearchURL = searchState{Q: q}.url()
			}
		}
		v.Terms = append(v.Terms, gt)
	}
	return v
}

// scriptLang is the language to declare for a form in a script other than
// Latin, so that screen readers read it right.
func scriptLang(script string) string {
	switch script {
	case entity.ScriptCyrillic:
		return "ru"
	case entity.ScriptArabic:
		return "fa"
	}
	return ""
}

// glossaryURL is the address of a term on the glossary.
func glossaryURL(id string) string { return "/glossary#" + id }

// addTermLinks adds to the name links of a document's texts the glossary
// terms its lines use, each to be marked with its definition and linked to
// the glossary. A name wins where both stand on the same words.
func (s *Server) addTermLinks(links map[string]map[lineKey][]overlay, t *library.Text) {
	g := s.lib.Authority.Glossary()
	if g == nil {
		return
	}
	d := t.Doc
	for _, tx := range []struct {
		field string
		paras []archive.Paragraph
	}{{entity.FieldTranslation, d.Translation.Paragraphs}, {entity.FieldOriginal, d.Original.Paragraphs}} {
		byLine := links[tx.field]
		if byLine == nil {
			continue
		}
		for pi, p := range tx.paras {
			for li, line := range p.Lines {
				k := lineKey{pi, li}
				names := byLine[k] // sorted by mentionLinks, none overlapping
				for _, h := range g.Find(line) {
					if overlaps(names, h.Start, h.End) || overlaps(byLine[k][len(names):], h.Start, h.End) {
						continue
					}
					term, _ := g.Get(h.ID)
					byLine[k] = append(byLine[k], overlay{start: h.Start, end: h.End, href: glossaryURL(h.ID), title: term.Term, abbr: term.Definition})
				}
				if len(byLine[k]) > len(names) {
					sortLinks(byLine[k])
				}
			}
		}
	}
}

// overlaps reports whether a link of os, sorted by start and none
// overlapping another, stands on any of start..end: a binary search, so
// that a line of many names and terms costs their sum, not their product.
func overlaps(os []overlay, start, end int) bool {
	i := sort.Search(len(os), func(i int) bool { return os[i].end > start })
	return i < len(os) && os[i].start < end
}
