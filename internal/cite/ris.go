package cite

import (
	"fmt"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
)

// RIS returns the document as one RIS record of type MANSCPT, the type
// that reference managers (Zotero, EndNote) import as an archival
// manuscript with its own archive and archive-location fields; GEN would
// lose those, and PCOMM, the letter type, fits telegrams and memoranda
// badly. Tags follow the RIS specification as Zotero reads and writes it:
// AN is the location in the archive, DB the archive, DP the database the
// document was found in, A4 the translator, M3 the kind of document, Y2 the
// access date, AU the sender; RIS has no tag for a recipient, so the note
// names them. Lines end in CRLF, as the specification asks, and every value
// is kept to one line, so no value can start a tag of its own. The
// context's paragraph is not used: a download describes the whole document.
func RIS(d *archive.Document, c Context) []byte {
	var b strings.Builder
	add := func(tag, value string) {
		if v := oneLine(value); v != "" {
			b.WriteString(tag + "  - " + v + "\r\n")
		}
	}
	add("TY", "MANSCPT")
	add("TI", d.Title)
	for _, a := range c.Senders {
		add("AU", a.inverted())
	}
	for _, n := range translators(d) {
		given, family := splitName(n)
		if given != "" {
			n = family + ", " + given
		}
		add("A4", n)
	}
	add("AB", d.Summary)
	add("DA", risDate(d.Date))
	if !d.Date.IsZero() {
		add("PY", fmt.Sprintf("%04d", d.Date.Year))
	}
	add("LA", language(d))
	add("M3", genre(d.Title))
	add("UR", c.PageURL)
	if !d.Reference.IsZero() {
		add("AN", location(d.Reference))
		add("DB", archiveName(d.Reference))
	}
	add("DP", wcdaName)
	if !c.Accessed.IsZero() {
		add("Y2", c.Accessed.Format("2006/01/02/"))
	}
	add("N1", strings.Join(notes(d, c), " "))
	b.WriteString("ER  - \r\n")
	return []byte(b.String())
}

// risDate writes a date in RIS's YYYY/MM/DD/other form, leaving out what
// the source does not give: "1946/12/02/", "1946/12//", "1946///".
func risDate(d archive.Date) string {
	if d.ISO() == "" {
		return ""
	}
	parts := strings.Split(d.ISO(), "-")
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return strings.Join(parts, "/") + "/"
}

// notes are the facts about a document that RIS and CSL have no field
// for: the recipients (RIS only; CSL has recipient), the language of the original, the credits and the archive's record
// number.
func notes(d *archive.Document, c Context) []string {
	var out []string
	if len(c.Recipients) > 0 {
		out = append(out, "To "+andList(naturals(c.Recipients), false)+".")
	}
	if d.OriginalLanguage != "" && d.HasTranslation() && d.OriginalLanguage != d.Translation.Language {
		out = append(out, "The original is in "+d.OriginalLanguage+".")
	}
	out = append(out, creditNotes(d)...)
	if d.RecordID != "" {
		out = append(out, wcdaName+" record "+d.RecordID+".")
	}
	return out
}
