package search

import (
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
		Subjects:       d.Subjects,
	}
	for _, n := range d.Notes {
		doc.Notes = append(doc.Notes, n.Text)
	}
	// The index keeps times as nanoseconds since 1970: years outside
	// 1678-2261 cannot be stored, and are searched as undated.
	if first, last, ok := d.Date.Interval(); ok && d.Date.Year >= 1678 && d.Date.Year <= 2261 {
		doc.Date, doc.DateEnd, doc.HasDate = first, last, true
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
// carry over to the paragraph by adding the lengths of the lines before it
// (Joined keeps those lengths when it mends a word broken by a page).
func paras(t archive.Text) []Para {
	var out []Para
	for _, p := range t.Paragraphs {
		if p.N > 0 {
			// A word broken across a page break is searched whole.
			out = append(out, Para{N: p.N, Text: p.Joined()})
		}
	}
	return out
}
