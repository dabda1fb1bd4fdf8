// Package cite turns a document into every form a researcher needs to cite
// it or save it: Chicago and MLA citations, BibTeX, RIS and CSL-JSON
// downloads, and the metadata a page head carries for reference managers,
// link previews and search engines. Every function is pure: the same
// document and context give the same bytes.
package cite

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/readingroom/readingroom/internal/archive"
)

// Context is what a citation needs beyond the document itself: where the
// reader found it, when, and which paragraph they cite.
type Context struct {
	// PageURL is the absolute URL of the document's page.
	PageURL string
	// SiteName names the site that serves the page ("Reading Room").
	SiteName string
	// Accessed is when the reader consulted the page; the zero time leaves
	// the access date out.
	Accessed time.Time
	// Paragraph is an optional pinpoint: a paragraph anchor of the page such
	// as "en-3". An anchor that names no numbered paragraph of the document
	// is ignored, so the whole document is cited.
	Paragraph string
	// Senders and Recipients are who wrote the document and to whom, as
	// far as the source says (see AgentFor); empty when it does not.
	Senders, Recipients []Agent
	// Sic lists forms in the title that are known slips of a name; our own
	// citation text marks them [sic] (see SicForms).
	Sic []string
	// Passage, when set, is the pinpoint instead: a passage of the page
	// read side by side, named in both texts.
	Passage *Passage
}

// correspondence reports whether the context names a sender or recipient:
// the document is then cited as a letter, by its sender.
func (c Context) correspondence() bool { return len(c.Senders)+len(c.Recipients) > 0 }

// Citation is one formatted citation, as plain text and as runs of text
// that a template can render with italics and links but without raw HTML.
type Citation struct {
	// Style is one of the Style constants.
	Style string
	// Text is the citation as plain text: the Parts' texts joined.
	Text  string
	Parts []Part
}

// Part is one run of a citation's text.
type Part struct {
	Text   string
	Italic bool
	// Link is the address the run points to, when the run is a URL; Text
	// may show it shortened, as MLA asks.
	Link string
}

// Citation styles.
const (
	StyleChicagoNote         = "chicago-note"
	StyleChicagoBibliography = "chicago-bibliography"
	StyleMLA                 = "mla"
)

// Citations returns the document's Chicago note, Chicago bibliography entry
// and MLA works-cited entry, in that order.
func Citations(d *archive.Document, c Context) []Citation {
	return []Citation{ChicagoNote(d, c), ChicagoBibliography(d, c), MLA(d, c)}
}

// File is a citation download with what a handler needs to serve it.
type File struct {
	Format      string // "bibtex", "ris", "csl-json"
	Name        string // the file name to offer: the document ID and extension
	ContentType string
	Body        []byte
}

// Files returns the document as BibTeX, RIS and CSL-JSON downloads.
func Files(d *archive.Document, c Context) []File {
	return []File{
		{Format: "bibtex", Name: d.ID + ".bib", ContentType: "application/x-bibtex; charset=utf-8", Body: BibTeX(d, c)},
		{Format: "ris", Name: d.ID + ".ris", ContentType: "application/x-research-info-systems; charset=utf-8", Body: RIS(d, c)},
		{Format: "csl-json", Name: d.ID + ".json", ContentType: "application/vnd.citationstyles.csl+json; charset=utf-8", Body: CSLJSON(d, c)},
	}
}

// The collection is cited as published by the Wilson Center, whatever site
// serves the page.
const (
	wcdaName = archive.DigitalArchive
	wcdaURL  = archive.DigitalArchiveURL
)

// translators returns the people credited with the translation, one name
// each: a credit line may name several ("A and B").
func translators(d *archive.Document) []string {
	var names []string
	for _, c := range d.Credits {
		if c.Role == archive.RoleTranslated {
			names = append(names, splitNames(c.Name)...)
		}
	}
	return names
}

// splitNames splits "A, B and C" into its names.
func splitNames(s string) []string {
	s = strings.ReplaceAll(s, ", and ", ", ")
	s = strings.ReplaceAll(s, " and ", ", ")
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// splitName splits a personal name written in natural order into given
// names and family name. The credits give Western-order names ("Gary
// Goldberg"), so the last word is taken as the family name.
func splitName(name string) (given, family string) {
	f := strings.Fields(name)
	if len(f) == 0 {
		return "", ""
	}
	return strings.Join(f[:len(f)-1], " "), f[len(f)-1]
}

// creditNotes returns every credit as a sentence: who obtained, contributed
// and translated the document, and who supported its publication.
func creditNotes(d *archive.Document) []string {
	var out []string
	for _, c := range d.Credits {
		if c.Name != "" {
			out = append(out, c.String()+".")
		}
	}
	return out
}

// archiveName names the repository in full with its abbreviation as the
// source writes it, "State Archive of … (GAPPOD)", or as written when the
// repository is not one the archive package knows.
func archiveName(r archive.Reference) string {
	if r.Repository == "" {
		return ""
	}
	if full := archive.RepositoryName(r.Repository); full != "" {
		return full + " (" + r.Repository + ")"
	}
	return r.Repository
}

// location returns the place of the document within its repository as the
// source writes it ("f.1, op.89, d.112"), which the parts alone cannot
// reproduce: sources differ in spacing and punctuation.
func location(r archive.Reference) string {
	if rest, ok := strings.CutPrefix(r.Text, r.Repository); ok && r.Repository != "" {
		return strings.TrimLeft(rest, ", ")
	}
	var parts []string
	for _, p := range r.Parts {
		parts = append(parts, p.Label+p.Value)
	}
	return strings.Join(parts, ", ")
}

// fullReference is the archival reference with the repository spelled out,
// for bibliographies and downloads, where abbreviations are not explained.
func fullReference(r archive.Reference) string {
	if r.IsZero() {
		return ""
	}
	name, loc := archiveName(r), location(r)
	switch {
	case name == "":
		return r.Text
	case loc == "":
		return name
	}
	return name + ", " + loc
}

// kinds are the words with which the archive's titles name what a document
// is ("Telegram from Baku to Moscow"); they give the genre of the item.
var kinds = map[string]bool{
	"telegram": true, "letter": true, "memo": true, "memorandum": true, "message": true,
	"report": true, "note": true, "cable": true, "resolution": true, "decree": true,
	"directive": true, "instruction": true, "instructions": true, "minutes": true,
	"protocol": true, "transcript": true, "record": true, "decision": true, "order": true,
	"draft": true, "speech": true, "statement": true, "appeal": true, "declaration": true,
	"information": true, "summary": true, "notes": true,
}

// genre returns the kind of document the title names, capitalised as the
// title has it, or "" when the title does not start with one.
func genre(title string) string {
	f := strings.Fields(title)
	if len(f) == 0 {
		return ""
	}
	w := strings.TrimRightFunc(f[0], func(r rune) bool { return !unicode.IsLetter(r) })
	if !kinds[strings.ToLower(w)] {
		return ""
	}
	r := []rune(w)
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// language returns the BCP 47 code of the text a reader of the page cites:
// the English translation when there is one.
func language(d *archive.Document) string {
	if d.HasTranslation() {
		return d.Translation.Code
	}
	return d.Original.Code
}

// pin is a resolved pinpoint: paragraph N of one of the texts.
type pin struct {
	n     int
	text  string // "the English translation"
	field string // the anchor, "en-3"
}

// HasParagraph reports whether anchor ("en-3") names a numbered paragraph
// of the document as its page numbers them, so that a pinpoint to it leads
// somewhere.
func HasParagraph(d *archive.Document, anchor string) bool {
	_, ok := pinpoint(d, anchor)
	return ok
}

// pinpoint resolves a paragraph anchor. The page names a text's paragraphs
// by its language code, or by its role when the source states no language.
func pinpoint(d *archive.Document, anchor string) (pin, bool) {
	i := strings.LastIndexByte(anchor, '-')
	if i <= 0 {
		return pin{}, false
	}
	n, err := strconv.Atoi(anchor[i+1:])
	if err != nil || n < 1 || strconv.Itoa(n) != anchor[i+1:] {
		return pin{}, false
	}
	prefix := anchor[:i]
	for _, t := range []struct {
		text archive.Text
		role string
	}{{d.Translation, "translation"}, {d.Original, "original"}} {
		p := t.text.Code
		if p == "" {
			p = t.role
		}
		if p != prefix {
			continue
		}
		for _, para := range t.text.Paragraphs {
			if para.N == n {
				name := "the " + t.role
				if t.text.Language != "" {
					name = "the " + t.text.Language + " " + t.role
				}
				return pin{n: n, text: name, field: anchor}, true
			}
		}
	}
	return pin{}, false
}

// oneLine collapses runs of white space, line breaks included, into single
// spaces: every format here holds a value on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
