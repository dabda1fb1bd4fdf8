package cite

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
)

// cslItem is a CSL-JSON item, with the variables of the CSL 1.0.2 data
// schema in the order a reader of the file expects them.
type cslItem struct {
	ID              string     `json:"id"`
	Type            string     `json:"type"`
	Title           string     `json:"title"`
	Genre           string     `json:"genre,omitempty"`
	Author          []cslName  `json:"author,omitempty"`
	Recipient       []cslName  `json:"recipient,omitempty"`
	Issued          *cslDate   `json:"issued,omitempty"`
	Translator      []cslName  `json:"translator,omitempty"`
	Language        string     `json:"language,omitempty"`
	Archive         string     `json:"archive,omitempty"`
	ArchivePlace    string     `json:"archive-place,omitempty"`
	ArchiveLocation string     `json:"archive_location,omitempty"`
	Source          string     `json:"source"`
	Abstract        string     `json:"abstract,omitempty"`
	Note            string     `json:"note,omitempty"`
	URL             string     `json:"URL,omitempty"`
	Accessed        *cslDate   `json:"accessed,omitempty"`
	Custom          *cslCustom `json:"custom,omitempty"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

type cslName struct {
	Family  string `json:"family,omitempty"`
	Given   string `json:"given,omitempty"`
	Literal string `json:"literal,omitempty"`
}

func cslNames(as []Agent) []cslName {
	var out []cslName
	for _, a := range as {
		out = append(out, cslName{Family: a.Family, Given: a.Given, Literal: a.Literal})
	}
	return out
}

// cslCustom holds what CSL has no variable for, in the schema's place for
// such pairs, so that a program can read it back without parsing the note.
type cslCustom struct {
	Record string `json:"wilson-center-record,omitempty"`
}

// CSLJSON returns the document as a CSL-JSON array of one item: of type
// "personal_communication", with author and recipient, when the context
// names a sender or recipient (CSL 1.0.2's type for letters, which Zotero's
// letter maps to; telegrams and memoranda too, with the kind as genre);
// else of type "manuscript",
// the CSL type for unpublished archival documents. The date carries only the parts the
// source gives; the archive and the location in it are CSL's archive and
// archive_location; the Wilson Center Digital Archive, where the document
// was found, is its source. The context's paragraph is not used: a
// download describes the whole document.
func CSLJSON(d *archive.Document, c Context) []byte {
	it := cslItem{
		ID:       d.ID,
		Type:     "manuscript",
		Title:    oneLine(d.Title),
		Genre:    strings.ToLower(genre(d.Title)),
		Issued:   cslIssued(d.Date),
		Language: language(d),
		Source:   wcdaName,
		Abstract: oneLine(d.Summary),
		Note:     strings.Join(notes(d, Context{}), " "),
		URL:      c.PageURL,
	}
	if c.correspondence() {
		it.Type = "personal_communication"
		it.Author, it.Recipient = cslNames(c.Senders), cslNames(c.Recipients)
	}
	for _, n := range translators(d) {
		given, family := splitName(n)
		it.Translator = append(it.Translator, cslName{Family: family, Given: given})
	}
	if !d.Reference.IsZero() {
		it.Archive = archiveName(d.Reference)
		it.ArchivePlace = archive.RepositoryPlace(d.Reference.Repository)
		it.ArchiveLocation = location(d.Reference)
	}
	if !c.Accessed.IsZero() {
		it.Accessed = cslDay(c.Accessed)
	}
	if d.RecordID != "" {
		it.Custom = &cslCustom{Record: d.RecordID}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// The file is read by people and programs, not embedded in HTML: keep
	// "<" and "&" as they are.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	mustEncode(enc, []cslItem{it})
	return b.Bytes()
}

// cslIssued gives the date's parts down to its precision and no further:
// a date known to the month has no day.
func cslIssued(d archive.Date) *cslDate {
	switch d.Precision {
	case archive.PrecisionDay:
		return &cslDate{DateParts: [][]int{{d.Year, d.Month, d.Day}}}
	case archive.PrecisionMonth:
		return &cslDate{DateParts: [][]int{{d.Year, d.Month}}}
	case archive.PrecisionYear:
		return &cslDate{DateParts: [][]int{{d.Year}}}
	}
	return nil
}

func cslDay(t time.Time) *cslDate {
	return &cslDate{DateParts: [][]int{{t.Year(), int(t.Month()), t.Day()}}}
}

// mustEncode encodes a value made only of strings, numbers, slices and
// structs of them, which cannot fail; a failure is a programming error.
func mustEncode(enc *json.Encoder, v any) {
	if err := enc.Encode(v); err != nil {
		panic("cite: encoding JSON: " + err.Error())
	}
}
