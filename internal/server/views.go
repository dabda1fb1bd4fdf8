package server

import (
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/web"
)

// The parts of view models that many pages share.

// siteName names the site in citations and link previews.
const siteName = "Reading Room"

// page fills the parts of a view model every page shares.
func (s *Server) page(title, description, path string) web.Page {
	p := web.Page{Title: title, Description: description, Stylesheet: s.assets.URL("style.css"), Feed: "/feed.atom"}
	if path != "" {
		p.Canonical = s.cfg.BaseURL + path
	}
	return p
}

func summaryOf(d *archive.Document) web.DocSummary {
	var langs []string
	if d.HasTranslation() {
		langs = append(langs, d.Translation.Language+" translation")
	}
	if d.HasOriginal() {
		langs = append(langs, d.Original.Language+" original")
	}
	return web.DocSummary{
		URL:       docURL(d),
		Title:     d.Title,
		Date:      d.Date.String(),
		DateISO:   d.Date.ISO(),
		Precision: d.Date.Precision.String(),
		Summary:   d.Summary,
		Reference: d.Reference.Text,
		Languages: strings.Join(langs, ", "),
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orDots(s string) string {
	if s == "" {
		return "…"
	}
	return s
}
