package entity

import (
	"slices"

	"github.com/readingroom/readingroom/internal/archive"
)

// The fields of a document that Mentions reads, in the order it reports them.
const (
	FieldTitle       = "title"
	FieldSummary     = "summary"
	FieldTranslation = "translation"
	FieldOriginal    = "original"
	FieldNote        = "note"
)

// Mention is one place in a document where a record is named.
type Mention struct {
	ID    string // the record's ID
	Field string // FieldTitle, FieldSummary, FieldTranslation, FieldOriginal or FieldNote
	// Paragraph is archive.Paragraph.N of the paragraph in a text (0 for a
	// page mark, and for the other fields); ParaIndex is its index in
	// Text.Paragraphs and Line the index in Paragraph.Lines.
	Paragraph int
	ParaIndex int
	Line      int
	Note      int // index into Document.Notes, for FieldNote
	// Start and End are byte offsets into the string the mention is in:
	// Paragraph.Lines[Line], Document.Title, Document.Summary or
	// Notes[Note].Text. The span covers whole words, with case endings,
	// possessives and a person's initials: "Кавамом", "Qavam’s", "М.Д.БАГИРОВ".
	Start, End int
	Form       string // the text as it stands in the document
	Variant    string // the record's form that matched, as the curator wrote it
}

// Mentions returns every mention of a record in the document's title,
// summary, translation, original and notes, in that order and then in text
// order. Mentions never overlap: where two forms match the same words, the
// longer wins ("Reza Shah" over "Shah").
//
// What counts: a name in any of its forms, in any script, as whole words,
// case aside; Russian forms with their case endings; English possessives;
// a person's initials, forenames and patronymic before the name.
// What does not: a word derived from a name (Iranian, Azerbaijani, Soviet,
// иранский, тавризской), a name inside a longer one (the place Azerbaijan
// in "CC CP(b) of Azerbaijan"), a name inside one of the record's NotIn phrases,
// and a name split across two source lines (each line is matched on its own,
// because a mention's offsets point into one line). A translator's note that
// stands in a line is matched there and again as a note, since each is text
// the reader sees.
func (a *Authority) Mentions(d *archive.Document) []Mention {
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	// Gathered in the scratch's slice and copied out at their number:
	// grown from nothing for each document, the slice was a fifth of what
	// finding names allocated.
	out := sc.found[:0]
	defer func() {
		clear(out) // the pool keeps no text alive
		if cap(out) <= maxKeptMentions {
			sc.found = out[:0]
		}
	}()
	add := func(s string, base Mention) {
		for _, h := range a.hits(s, sc) {
			m := base
			m.ID, m.Start, m.End = h.p.rec.ID, h.start, h.end
			m.Form, m.Variant = s[h.start:h.end], h.p.form
			out = append(out, m)
		}
	}
	add(d.Title, Mention{Field: FieldTitle})
	add(d.Summary, Mention{Field: FieldSummary})
	for _, t := range []struct {
		field string
		text  archive.Text
	}{{FieldTranslation, d.Translation}, {FieldOriginal, d.Original}} {
		for pi, p := range t.text.Paragraphs {
			for li, l := range p.Lines {
				add(l, Mention{Field: t.field, Paragraph: p.N, ParaIndex: pi, Line: li})
			}
		}
	}
	for ni, n := range d.Notes {
		add(n.Text, Mention{Field: FieldNote, Note: ni})
	}
	if len(out) == 0 {
		return nil
	}
	return slices.Clone(out)
}

// maxKeptMentions bounds the mentions slice a scratch keeps for the next
// document: one with more is let go with its document.
const maxKeptMentions = 4096

// Find returns the mentions in any text, a search query say. Only ID, Start,
// End, Form and Variant are set.
func (a *Authority) Find(s string) []Mention {
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	var out []Mention
	for _, h := range a.hits(s, sc) {
		out = append(out, Mention{ID: h.p.rec.ID, Start: h.start, End: h.end, Form: s[h.start:h.end], Variant: h.p.form})
	}
	return out
}

func (a *Authority) hits(s string, sc *scratch) []hit {
	if s == "" {
		return nil
	}
	hs, _ := a.m.find(s, sc.tokenize(s), sc)
	return hs
}
