package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/cite"
)

// handleDownload serves GET /documents/{id}/{file}: citation files and the
// plain text. Citations carry today's date as the access date.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := url.PathUnescape(chi.URLParam(r, "id"))
	if err != nil {
		return errNotFound("This address is malformed.")
	}
	d, ok := s.coll.Doc(id)
	if !ok {
		if cur, moved := s.coll.Redirect(id); moved {
			id = cur // a former ID, as documents/ids.toml records it
		}
		if rd, found := s.coll.Doc(id); found {
			http.Redirect(w, r, docURL(rd)+"/"+url.PathEscape(chi.URLParam(r, "file")), http.StatusMovedPermanently)
			return nil
		}
		if rd, isRecord := s.coll.ByRecord(id); isRecord && reRecord.MatchString(id) {
			http.Redirect(w, r, docURL(rd)+"/"+url.PathEscape(chi.URLParam(r, "file")), http.StatusMovedPermanently)
			return nil
		}
		return errNotFound(fmt.Sprintf("No document in the collection has the ID “%s”.", clip(id)))
	}
	t, err := s.lib.Text(d)
	if err != nil {
		return err
	}
	d = t.Doc
	c := s.citeContext(d, s.cfg.BaseURL+docURL(d))
	c.Accessed = time.Now().UTC()
	var body []byte
	var ctype, name string
	switch file := chi.URLParam(r, "file"); file {
	case "cite.bib", "cite.ris", "cite.json":
		for _, f := range cite.Files(d, c) {
			if strings.HasSuffix(f.Name, file[len("cite"):]) {
				body, ctype, name = f.Body, f.ContentType, f.Name
			}
		}
	case "text.txt":
		body, ctype, name = plainText(d, c), "text/plain; charset=utf-8", d.ID+".txt"
	default:
		return errNotFound("Documents can be downloaded as cite.bib, cite.ris, cite.json or text.txt.")
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return nil
	}
	_, err = w.Write(body)
	return err
}

// plainText is the document for reading offline: metadata, both texts with
// their paragraph numbers, notes and the citation.
func plainText(d *archive.Document, c cite.Context) []byte {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("%s", d.Title)
	line("%s", d.Date.String())
	line("")
	if d.Summary != "" {
		line("%s", d.Summary)
		line("")
	}
	if !d.Reference.IsZero() {
		line("Archive: %s", d.Reference.Text)
	}
	for _, cr := range d.Credits {
		line("%s", cr.String())
	}
	if len(d.Classification) > 0 {
		line("Classification: %s", strings.Join(d.Classification, ", "))
	}
	line("Source: %s", c.PageURL)
	for _, t := range []struct {
		text archive.Text
		role string
	}{{d.Translation, "translation"}, {d.Original, "original"}} {
		if len(t.text.Paragraphs) == 0 {
			continue
		}
		line("")
		line("== %s %s ==", orDefault(t.text.Language, "Original"), t.role)
		line("")
		for _, p := range t.text.Paragraphs {
			prefix := "    "
			if p.N > 0 {
				prefix = fmt.Sprintf("[%d] ", p.N)
			}
			line("%s%s", prefix, strings.ReplaceAll(p.Plain(), "\n", "\n    "))
			line("")
		}
	}
	if len(d.Notes) > 0 {
		line("== Notes ==")
		line("")
		for _, n := range d.Notes {
			line("[%s] %s", n.Marker, n.Text)
		}
		line("")
	}
	line("== Citation ==")
	line("")
	line("%s", cite.ChicagoNote(d, c).Text)
	return []byte(b.String())
}
