package cite

import (
	"fmt"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
)

// BibTeX returns the document as a BibTeX @misc entry, UTF-8, with the
// fields of classic BibTeX (title, year, month, howpublished, note, url)
// and those biblatex adds (date at its precision, translator, language,
// origlanguage, type, abstract, urldate), and the sender as author.
// @misc rather than @unpublished or biblatex's @letter, because a document
// whose sender is unknown has no author, and one entry type for every
// document keeps a bibliography's sorting alike; BibTeX has no field for a
// recipient, so the note names them. The context's paragraph is not used: a
// download describes the whole document.
func BibTeX(d *archive.Document, c Context) []byte {
	var fields [][2]string
	add := func(name, value string) {
		if value != "" {
			fields = append(fields, [2]string{name, value})
		}
	}
	// Double braces keep the title's capitals, proper names among them,
	// from the case changes many styles apply.
	var authors []string
	for _, a := range c.Senders {
		authors = append(authors, bibAgent(a))
	}
	if len(authors) > 0 {
		add("author", "{"+strings.Join(authors, " and ")+"}")
	}
	add("title", "{{"+texEscape(d.Title)+"}}")
	if g := genre(d.Title); g != "" {
		add("type", "{"+texEscape(g)+"}")
	}
	if !d.Date.IsZero() {
		add("date", "{"+d.Date.ISO()+"}")
		add("year", "{"+fmt.Sprintf("%04d", d.Date.Year)+"}")
	}
	if d.Date.Precision >= archive.PrecisionMonth {
		// The standard month macros, which every style knows.
		add("month", bibMonths[d.Date.Month])
	}
	var names []string
	for _, n := range translators(d) {
		names = append(names, bibName(n))
	}
	if len(names) > 0 {
		add("translator", "{"+strings.Join(names, " and ")+"}")
	}
	if d.HasTranslation() && d.Translation.Language != "" {
		add("language", "{"+texEscape(strings.ToLower(d.Translation.Language))+"}")
	} else if d.HasOriginal() && d.Original.Language != "" {
		add("language", "{"+texEscape(strings.ToLower(d.Original.Language))+"}")
	}
	if d.OriginalLanguage != "" && d.HasTranslation() && d.OriginalLanguage != d.Translation.Language {
		add("origlanguage", "{"+texEscape(strings.ToLower(d.OriginalLanguage))+"}")
	}
	add("howpublished", "{"+wcdaName+"}")
	var note []string
	if len(c.Recipients) > 0 {
		note = append(note, "To "+andList(naturals(c.Recipients), false)+".")
	}
	if ref := fullReference(d.Reference); ref != "" {
		note = append(note, ref+".")
	}
	note = append(note, creditNotes(d)...)
	if d.RecordID != "" {
		note = append(note, wcdaName+" record "+d.RecordID+".")
	}
	if len(note) > 0 {
		add("note", "{"+texEscape(strings.Join(note, " "))+"}")
	}
	if d.Summary != "" {
		add("abstract", "{"+texEscape(d.Summary)+"}")
	}
	if c.PageURL != "" {
		add("url", "{"+texURL(c.PageURL)+"}")
	}
	if !c.Accessed.IsZero() {
		add("urldate", "{"+c.Accessed.Format("2006-01-02")+"}")
	}

	var b strings.Builder
	b.WriteString("@misc{" + Key(d) + ",\n")
	for _, f := range fields {
		fmt.Fprintf(&b, "  %s = %s,\n", f[0], f[1])
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// Key returns the document's citation key: its ID, which is stable and
// unique in the collection, with any character a BibTeX key may not hold
// replaced by a hyphen.
func Key(d *archive.Document) string {
	var b strings.Builder
	for _, r := range d.ID {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == ':', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "document"
	}
	return b.String()
}

var bibMonths = [...]string{"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// bibAgent writes an agent as BibTeX reads names: a body braced whole, so
// that no word of it is taken for a family name.
func bibAgent(a Agent) string {
	if a.Literal != "" {
		return "{" + texEscape(a.Literal) + "}"
	}
	return bibName(a.Natural())
}

// bibName writes a person as "Family, Given", which BibTeX parses without
// guessing; a name it would misread (one holding " and " or a comma) is
// braced whole.
func bibName(name string) string {
	if strings.Contains(name, " and ") || strings.Contains(name, ",") {
		return "{" + texEscape(name) + "}"
	}
	given, family := splitName(name)
	if given == "" {
		return texEscape(family)
	}
	return texEscape(family) + ", " + texEscape(given)
}

// texReplacer escapes the characters that LaTeX or BibTeX read as markup.
// Braces become commands rather than \{ and \}, because BibTeX counts
// every brace, escaped or not, when it looks for the end of a value.
// Everything else, Cyrillic and curly quotes included, stays UTF-8, which
// biber and LaTeX read directly.
var texReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`,
	`{`, `\textbraceleft{}`,
	`}`, `\textbraceright{}`,
	`#`, `\#`,
	`$`, `\$`,
	`%`, `\%`,
	`&`, `\&`,
	`_`, `\_`,
	`~`, `\textasciitilde{}`,
	`^`, `\textasciicircum{}`,
)

func texEscape(s string) string { return texReplacer.Replace(oneLine(s)) }

// texURL keeps a URL verbatim, as the url field wants it, except for the
// few characters that would end or unbalance the field, which it
// percent-encodes as the URL would anyway.
var urlReplacer = strings.NewReplacer(`{`, `%7B`, `}`, `%7D`, `\`, `%5C`, ` `, `%20`, "\n", "", "\r", "", "\t", "")

func texURL(u string) string { return urlReplacer.Replace(u) }
