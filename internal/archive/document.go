// Package archive says what a document of the collection is: the model, the
// parsing of every source layout into it, and the loading of a whole corpus.
package archive

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Layout names the shape of a source file.
type Layout string

const (
	// LayoutMarkdown is the archive's Markdown export: bold date and title,
	// **Citation:**, **Summary:**, **Original Language:**, **Contents:**, then
	// the transcription of the original and the English translation.
	LayoutMarkdown Layout = "markdown-export"
	// LayoutWebPage is a plain-text capture of the archive's web page: date,
	// title, body, footnotes, summary, "Document Information", rights notice.
	LayoutWebPage Layout = "web-page-capture"
	// LayoutOldPage is a capture of the archive's older page template, one
	// field per line: date, title, text, summary, then bare labels
	// ("Author(s):", "Associated Places", "Related Documents", "Source",
	// "Rights", "Record ID"), each empty or followed by its values.
	LayoutOldPage Layout = "older-page-template"
	// LayoutPDF is the archive's PDF export as text (pdftotext): masthead,
	// centred date and title, "Citation:", "Summary:", "Credits:",
	// "Original Language:", "Contents:", then the texts, with form feeds
	// between pages and lines wrapped at the page's width.
	LayoutPDF Layout = "pdf-export"
)

// Document is one archival document as the reading room knows it, whatever
// layout it came in.
type Document struct {
	// ID is the readable slug used in URLs, built from date and title so that
	// it survives renaming the source file.
	ID string `json:"id" detach:"own"`
	// RecordID is the archive's own record number (120475), when known.
	RecordID string `json:"record_id" detach:"own"`
	// File is the source file's path within the corpus.
	File   string `json:"file" detach:"own"`
	Layout Layout `json:"layout"`

	Title    string `json:"title" detach:"own"`
	Date     Date   `json:"date"`
	Summary  string `json:"summary"`
	Citation string `json:"citation,omitempty"` // the full citation as the source gives it, if it does
	// SourceNote is the archive's reference-and-credits line as printed in
	// a web page capture ("GAPPOD AzR, f.1 op.89, d.113. Obtained for ...").
	SourceNote string `json:"source_note,omitempty"`
	// Reference is the archival reference: repository, fond, opis, delo, listy.
	Reference Reference `json:"reference"`
	SourceURL string    `json:"source_url,omitempty"`
	// OriginalLanguage is the language of the original ("Russian").
	OriginalLanguage string   `json:"original_language,omitempty"`
	Credits          []Credit `json:"credits"`
	// Classification holds marks such as "Top Secret".
	Classification []string `json:"classification"`

	// Authors are the names under an "Author(s):" label, as written.
	Authors []string `json:"authors,omitempty"`
	// Subjects are the archive's subject tags: the values of "Associated
	// Places", "Associated Topics" and "Subjects Discussed".
	Subjects []string `json:"subjects,omitempty"`
	// Related are other records of the archive that the page lists under
	// "Related Documents": never this document's summary or text.
	Related []Related `json:"related,omitempty"`
	// Rights is the archive's rights statement as the source words it.
	Rights string `json:"rights,omitempty"`
	// Contents lists the parts of the record the source names under
	// "Contents" ("English Translation", "Scan of Original Document").
	Contents []string `json:"contents,omitempty"`

	// Original is the transcription in the original language; empty when the
	// source carries the translation only.
	Original Text `json:"original"`
	// Translation is the English translation.
	Translation Text `json:"translation"`
	// Notes are footnotes and translator's notes, tied to their markers.
	Notes []Note `json:"notes"`
	// Fields holds labelled values the parser does not model (yet), so that
	// nothing a source says is dropped.
	Fields []Field `json:"fields,omitempty"`

	// Skipped lists the lines recognised as page furniture or layout markup
	// and left out of the model on purpose.
	Skipped []Skipped `json:"skipped"`
	// Warnings are problems that did not stop the document from loading.
	Warnings []Problem `json:"warnings,omitempty"`

	// Outline is set on a document held without its texts, notes and
	// skipped lines, to spare memory in a large collection: it says what
	// they hold, and Collection.Full reads them again from the source.
	Outline *Outline `json:"-"`
}

// Outline counts what an outlined document's texts hold, and keeps the
// source they are parsed from again.
type Outline struct {
	Translation int // paragraphs, marks included
	Original    int
	Notes       int
	// Source is the source file's bytes as loaded, compressed: the texts
	// are parsed again from it, never from the folder, which may have
	// changed since (Collection.Full).
	Source []byte
	// Stored, when Source is nil, is where the same compressed bytes are
	// kept outside memory, in the collection's store (Collection.Sources).
	Stored Extent
	// Modified is the source file's modification time as loaded.
	Modified time.Time
	// Size and Sum are the source file's length and the SHA-256 of its
	// bytes as loaded: a later load that finds the same bytes under the
	// same name takes the document again instead of parsing it (Known).
	Size int64
	Sum  [32]byte
}

// The archive the documents come from, as citations and pages name it, and
// its public address.
const (
	DigitalArchive    = "Wilson Center Digital Archive"
	DigitalArchiveURL = "https://digitalarchive.wilsoncenter.org/"
)

// wilsonCenterRecords is the public address of the Wilson Center Digital
// Archive's records. Some exports give a vendor's staging host instead; the
// record number is the archive's own, so the address is built from it.
const wilsonCenterRecords = DigitalArchiveURL + "document/"

// RecordURL returns the document's page in the archive's public catalogue:
// built from the record number when known, else the address the source
// gives, if any.
func (d *Document) RecordURL() string {
	if d.RecordID != "" {
		return wilsonCenterRecords + d.RecordID
	}
	return d.SourceURL
}

// HasOriginal reports whether the source carries the original-language text.
func (d *Document) HasOriginal() bool {
	if d.Outline != nil {
		return d.Outline.Original > 0
	}
	return len(d.Original.Paragraphs) > 0
}

// HasTranslation reports whether the source carries a translation.
func (d *Document) HasTranslation() bool {
	if d.Outline != nil {
		return d.Outline.Translation > 0
	}
	return len(d.Translation.Paragraphs) > 0
}

// Outlined returns a copy of d without its texts, notes and skipped lines:
// the metadata that lists of documents show. Collection.Full gives the
// whole document back.
func (d *Document) Outlined() *Document {
	if d.Outline != nil {
		return d
	}
	o := *d
	o.Outline = &Outline{Translation: len(d.Translation.Paragraphs), Original: len(d.Original.Paragraphs), Notes: len(d.Notes)}
	o.Translation.Paragraphs, o.Original.Paragraphs = nil, nil
	o.Notes, o.Skipped = nil, nil
	return &o
}

// Related is another record of the archive that a page lists beside the
// document, with the date and summary the listing gives.
type Related struct {
	Title   string `json:"title"`
	Date    Date   `json:"date"`
	Summary string `json:"summary,omitempty"`
	Line    int    `json:"line"`
}

// Credit is one person or body credited for the document.
type Credit struct {
	Role string `json:"role"` // "obtained", "contributed", "translated", "supported"
	Name string `json:"name"`
	For  string `json:"for,omitempty"` // on whose behalf ("CWIHP"), if stated
	Text string `json:"text"`          // the phrase as the source words it
}

// String renders the credit as a phrase: "Translated for CWIHP by Gary Goldberg".
func (c Credit) String() string {
	var b strings.Builder
	switch c.Role {
	case RoleSupported:
		b.WriteString("Supported by")
	default:
		b.WriteString(strings.ToUpper(c.Role[:1]) + c.Role[1:])
		if c.For != "" {
			b.WriteString(" for " + c.For)
		}
		b.WriteString(" by")
	}
	b.WriteString(" " + c.Name)
	return b.String()
}

// Credit roles.
const (
	RoleObtained    = "obtained"
	RoleContributed = "contributed"
	RoleTranslated  = "translated"
	RoleDonated     = "donated"
	RoleProvided    = "provided"
	RoleSupported   = "supported"
)

// Text is one language version of a document, as ordered paragraphs.
type Text struct {
	Language string `json:"language"` // "Russian", "English"
	Code     string `json:"code"`     // BCP 47 code: "ru", "en"
	// Paragraphs keeps the source order. Marks (page numbers, stamps) are
	// kept in place but are not numbered.
	Paragraphs []Paragraph `json:"paragraphs"`
}

// Numbered returns the count of numbered (content) paragraphs.
func (t Text) Numbered() int {
	n := 0
	for _, p := range t.Paragraphs {
		if p.N > 0 {
			n++
		}
	}
	return n
}

// ParagraphKind distinguishes running text from headings and from the marks
// that an archival page carries around the text.
type ParagraphKind string

const (
	KindText    ParagraphKind = "text"
	KindHeading ParagraphKind = "heading"
	// KindMark is a page number, folio stamp, archival stamp or marginal
	// scribble of the original: part of the source, not of the prose.
	KindMark ParagraphKind = "mark"
	// KindPage is a page break of the source (a form feed in a PDF export)
	// where no page number was printed: it has no lines.
	KindPage ParagraphKind = "page"
)

// Paragraph is one block of text. Lines keep the source's line breaks and its
// inline markup (*emphasis*, <sup>), so that the text is never rewritten.
type Paragraph struct {
	N     int           `json:"n"` // 1-based number among numbered paragraphs; 0 for marks
	Kind  ParagraphKind `json:"kind"`
	Line  int           `json:"line"` // source line of the first line
	Lines []string      `json:"lines"`
	// Breaks are page breaks inside the paragraph: a paragraph, or a word
	// ("правиль-" / page / "но"), that runs on from one page to the next
	// is one paragraph, with the page's mark kept where it stood.
	Breaks []Break `json:"breaks,omitempty"`
}

// Break is a page break inside a paragraph, before Lines[Before].
type Break struct {
	Before int    `json:"before"`
	Mark   string `json:"mark,omitempty"` // the page's number or stamp, if printed
	Line   int    `json:"line"`           // source line of the break
	// Hyphen is set when the line before ends in a word broken by a hyphen
	// that the next line completes: one word, for reading and search.
	Hyphen bool `json:"hyphen,omitempty"`
}

// Joined returns the paragraph's lines joined by newlines, with a word
// broken by a hyphen across a page break made whole, padded with spaces
// after it so that byte offsets in the lines stay valid.
func (p Paragraph) Joined() string {
	if len(p.Breaks) == 0 {
		return strings.Join(p.Lines, "\n")
	}
	hyphen := map[int]bool{}
	for _, br := range p.Breaks {
		if br.Hyphen {
			hyphen[br.Before] = true
		}
	}
	var b strings.Builder
	skip := 0 // bytes of this line already written with the line before
	for i, l := range p.Lines {
		l = l[skip:]
		skip = 0
		if i+1 < len(p.Lines) && hyphen[i+1] && strings.HasSuffix(l, "-") {
			// "правиль-\nно дальше" becomes "правильно  дальше": the
			// same length, the word whole.
			next := p.Lines[i+1]
			w := strings.IndexFunc(next, unicode.IsSpace)
			if w < 0 {
				w = len(next)
			}
			b.WriteString(l[:len(l)-1] + next[:w] + "  ")
			skip = w
			continue
		}
		b.WriteString(l)
		if i+1 < len(p.Lines) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Plain returns the paragraph's text without inline markup, lines joined by
// newlines.
func (p Paragraph) Plain() string {
	parts := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		parts[i] = PlainInline(l)
	}
	return strings.Join(parts, "\n")
}

// NoteKind says who wrote a note.
type NoteKind string

const (
	// NoteFootnote is an editor's footnote, printed below the text and
	// referenced by a marker such as [1].
	NoteFootnote NoteKind = "footnote"
	// NoteTranslator is a translator's note printed inside the text as
	// "[Translator's note: ...]".
	NoteTranslator NoteKind = "translator"
)

// Note is a footnote or translator's note tied to its marker in the text.
type Note struct {
	Kind   NoteKind `json:"kind"`
	Marker string   `json:"marker"` // "1" for [1]; "TN1" for the first translator's note
	Text   string   `json:"text"`
	// Lang is the code of the text that holds the marker ("en"), and
	// Paragraph the number of the paragraph there; 0 if the marker is missing.
	Lang      string `json:"lang"`
	Paragraph int    `json:"paragraph"`
	Line      int    `json:"line"` // source line of the note
}

// Field is a labelled value from the source that has no place of its own in
// the model.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Line  int    `json:"line"`
}

// Skipped is a source line left out of the model on purpose.
type Skipped struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Problem is something wrong with a source file, with where it is.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"` // 0 when it concerns the whole file
	Message string `json:"message"`
	Warning bool   `json:"warning"` // a warning does not stop the document from loading
}

func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", QuoteName(p.File), p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", QuoteName(p.File), p.Message)
}

// QuoteName returns a file name as messages print it: as it is when it is
// plain (letters, digits, and . _ - / + , and no space), else quoted in Go's
// syntax, so that a name with a line break, a colon or a control character
// cannot pass for another line or another file of a message.
func QuoteName(name string) string {
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-/+,()", r)) {
			return strconv.Quote(name)
		}
	}
	if name == "" {
		return `""`
	}
	return name
}
