package search

import (
	"strings"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
)

// FromArchive returns what the index needs of a document; people, places
// and mentions are added by the caller that knows the authority records.
func FromArchive(d *archive.Document) *Doc {
	doc := &Doc{
		ID:             d.ID,
		Title:          d.Title,
		Summary:        d.Summary,
		Translation:    paras(d.Translation),
		Original:       paras(d.Original),
		OriginalLang:   d.Original.Code,
		Repository:     archive.RepositoryKey(d.Reference.Repository),
		Classification: d.Classification,
	}
	for _, n := range d.Notes {
		doc.Notes = append(doc.Notes, n.Text)
	}
	// The index keeps times as nanoseconds since 1970: years outside
	// 1678-2261 cannot be stored, and are searched as undated.
	if !d.Date.IsZero() && d.Date.Year >= 1678 && d.Date.Year <= 2261 {
		month, day := max(d.Date.Month, 1), max(d.Date.Day, 1)
		doc.Date, doc.HasDate = time.Date(d.Date.Year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true
	}
	if d.HasTranslation() {
		doc.Languages = append(doc.Languages, orUnknown(d.Translation.Code))
	}
	if d.HasOriginal() {
		doc.Languages = append(doc.Languages, orUnknown(d.Original.Code))
	}
	return doc
}

func orUnknown(code string) string {
	if code == "" {
		return archive.Undetermined
	}
	return code
}

// paras keeps the numbered paragraphs; page marks are not searched. A
// paragraph's lines are joined by newlines, so that a line's byte offsets
// carry over to the paragraph by adding the lengths of the lines before it.
func paras(t archive.Text) []Para {
	var out []Para
	for _, p := range t.Paragraphs {
		if p.N > 0 {
			out = append(out, Para{N: p.N, Text: strings.Join(p.Lines, "\n")})
		}
	}
	return out
}
