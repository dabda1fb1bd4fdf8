package server

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/readingroom/readingroom/internal/entity"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/web"
)

// The parts of view models that many pages share.

// siteName names the site in citations and link previews.
const siteName = "Reading Room"

// siteDescription says what the reading room is, in one sentence.
const siteDescription = "Soviet documents on the 1945–46 crisis in Iranian Azerbaijan, in English translation beside the Russian original."

// page fills the parts of a view model every page shares.
func (s *Server) page(title, description, path string) web.Page {
	if description == "" {
		// Every page has a description for search engines and link
		// previews: a page without one of its own (an error, a document
		// without a summary, a record without a description) has the
		// site's.
		description = siteDescription
	}
	p := web.Page{Title: title, Description: description, Stylesheet: s.assets.URL("style.css"), Icon: s.assets.URL("favicon.ico"), Feed: "/feed.atom"}
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
		Reference: referenceForm(d.Reference),
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

// kindLabel names a kind of record for readers.
func kindLabel(kind string) string {
	if kind == entity.KindOrganisation {
		return "organisation"
	}
	return kind
}

// facetShown is how many values of a facet show at once: the most
// frequent; the rest are one step away, folded in a <details>.
const facetShown = 5

// foldFacet orders a facet's values by count, most first (ties by label),
// when byCount is set (a facet of years keeps its order of time), and keeps
// the first facetShown, and every selected value, in Values; the others
// move to More. It sorts fv.Values where they are: the caller made them.
func foldFacet(fv web.FacetView, byCount bool) web.FacetView {
	vals := fv.Values
	if byCount {
		// Ties go in alphabetical order, case aside, compared without
		// lower-cased copies.
		slices.SortStableFunc(vals, func(a, b web.FacetLink) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return compareLower(a.Label, b.Label)
		})
	}
	// The shown values, then the folded, each in order, where they are: a
	// selected value past the first facetShown moves up behind the shown.
	shown := min(facetShown, len(vals))
	for i := shown; i < len(vals); i++ {
		if v := vals[i]; v.Selected {
			copy(vals[shown+1:i+1], vals[shown:i])
			vals[shown] = v
			shown++
		}
	}
	if shown == len(vals) {
		fv.Values, fv.More = vals, nil
		return fv
	}
	fv.Values, fv.More = vals[:shown:shown], vals[shown:]
	return fv
}

// compareLower compares strings.ToLower(a) with strings.ToLower(b), rune
// by rune: UTF-8 orders bytes as it orders code points.
func compareLower(a, b string) int {
	for a != "" && b != "" {
		if ca, cb := a[0], b[0]; ca < utf8.RuneSelf && cb < utf8.RuneSelf {
			// ASCII, lowered as unicode.ToLower lowers it.
			if 'A' <= ca && ca <= 'Z' {
				ca += 'a' - 'A'
			}
			if 'A' <= cb && cb <= 'Z' {
				cb += 'a' - 'A'
			}
			if ca != cb {
				return cmp.Compare(ca, cb)
			}
			a, b = a[1:], b[1:]
			continue
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if c := cmp.Compare(unicode.ToLower(ra), unicode.ToLower(rb)); c != 0 {
			return c
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// dashes writes a range of leaves with an en dash, whatever the source used.
var dashes = strings.NewReplacer("-", "–", "—", "–")

// refLabels are the labels of referenceForm, by kind of part; a range of
// leaves is "ll.", one leaf "l.".
var refLabels = map[string]string{"fond": "f.", "opis": "op.", "delo": "d.", "list": "l.", "papka": "papka ", "reel": "reel "}

// referenceForm writes an archival reference in the one form that lists
// of documents use, whatever spelling the source gave: the repository's
// short name, its department if any, then each part with the archive's
// own labels and no space after them, as Reference.File does:
// "GAPPOD, f.1, op.89, d.112"; "RGASPI, f.558, op.11, d.99, ll.0057–0059".
// What follows the parts (a reprint) is left to the document's page, which
// keeps the source's own wording. A reference that could not be split is
// given as written.
func referenceForm(r archive.Reference) string {
	if r.Repository == "" || len(r.Parts) == 0 {
		return r.Text
	}
	out := []string{archive.RepositoryKey(r.Repository)}
	if r.Department != "" {
		out = append(out, r.Department)
	}
	for _, p := range r.Parts {
		label, ok := refLabels[p.Kind]
		if !ok {
			label = p.Label + " "
		}
		v := dashes.Replace(p.Value)
		if p.Kind == "list" && strings.Contains(v, "–") {
			label = "ll."
		}
		out = append(out, label+v)
	}
	return strings.Join(out, ", ")
}
