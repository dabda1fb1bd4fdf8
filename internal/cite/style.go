package cite

import (
	"strconv"
	"strings"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
)

// ChicagoNote formats the document as a note in the Chicago Manual of Style
// (17th ed.) for an archival document read online: title in quotation
// marks, date at its precision, archival reference as the source writes
// it, translator, the Wilson Center Digital Archive and its record, the
// pinpoint paragraph, access date and URL.
func ChicagoNote(d *archive.Document, c Context) Citation {
	var b builder
	b.text(quoteTitle(d.Title, ",") + " " + chicagoDate(d.Date, "n.d."))
	if !d.Reference.IsZero() {
		b.text(", " + d.Reference.Text)
	}
	if ts := translators(d); len(ts) > 0 {
		b.text(", trans. " + andList(ts, false))
	}
	b.text(", " + wcdaName)
	if d.RecordID != "" {
		b.text(", record " + d.RecordID)
	}
	url := c.PageURL
	if text, frag, ok := pinText(d, c, "para."); ok {
		b.text(", " + text)
		url = withFragment(url, frag)
	}
	if !c.Accessed.IsZero() {
		b.text(", accessed " + chicagoTime(c.Accessed))
	}
	if url != "" {
		b.text(", ")
		b.link(url, url)
	}
	b.text(".")
	return b.citation(StyleChicagoNote)
}

// ChicagoBibliography formats the document as a Chicago (17th ed.)
// bibliography entry. A bibliography lists whole documents, so the
// context's paragraph is not cited here; the repository is spelled out,
// since a bibliography explains no abbreviations.
func ChicagoBibliography(d *archive.Document, c Context) Citation {
	var b builder
	b.text(quoteTitle(d.Title, ".") + " " + strings.TrimSuffix(chicagoDate(d.Date, "N.d."), ".") + ".")
	if ref := fullReference(d.Reference); ref != "" {
		b.text(" " + ref + ".")
	}
	if ts := translators(d); len(ts) > 0 {
		b.text(" Translated by " + andList(ts, false) + ".")
	}
	b.text(" " + wcdaName)
	if d.RecordID != "" {
		b.text(", record " + d.RecordID)
	}
	b.text(".")
	if !c.Accessed.IsZero() {
		b.text(" Accessed " + chicagoTime(c.Accessed) + ".")
	}
	if c.PageURL != "" {
		b.text(" ")
		b.link(c.PageURL, c.PageURL)
		b.text(".")
	}
	return b.citation(StyleChicagoBibliography)
}

// MLA formats the document as an MLA Handbook (9th ed.) works-cited entry:
// the document with its date of composition, the repository as its first
// container, and the Wilson Center Digital Archive, in italics, as the
// second container that holds the translation online. A pinpoint becomes
// the location in that container: the paragraph and the URL of its anchor.
func MLA(d *archive.Document, c Context) Citation {
	var b builder
	b.text(quoteTitle(d.Title, "."))
	if date := mlaDate(d.Date); date != "" {
		b.text(" " + date + ".")
	}
	if ref := fullReference(d.Reference); ref != "" {
		b.text(" " + ref + ".")
	}
	b.text(" ")
	b.italic(wcdaName)
	if ts := translators(d); len(ts) > 0 {
		b.text(", translated by " + andList(ts, true))
	}
	if d.RecordID != "" {
		b.text(", record " + d.RecordID)
	}
	url := c.PageURL
	if text, frag, ok := pinText(d, c, "par."); ok {
		b.text(", " + text)
		url = withFragment(url, frag)
	}
	if url != "" {
		// MLA 9 prints URLs without their scheme; the link keeps it.
		b.text(", ")
		b.link(strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://"), url)
	}
	b.text(".")
	if !c.Accessed.IsZero() {
		b.text(" Accessed " + mlaTime(c.Accessed) + ".")
	}
	return b.citation(StyleMLA)
}

// builder collects the runs of a citation.
type builder struct{ parts []Part }

func (b *builder) text(s string) {
	if n := len(b.parts); n > 0 && !b.parts[n-1].Italic && b.parts[n-1].Link == "" {
		b.parts[n-1].Text += s
		return
	}
	b.parts = append(b.parts, Part{Text: s})
}

func (b *builder) italic(s string) { b.parts = append(b.parts, Part{Text: s, Italic: true}) }

func (b *builder) link(text, href string) { b.parts = append(b.parts, Part{Text: text, Link: href}) }

func (b *builder) citation(style string) Citation {
	var t strings.Builder
	for _, p := range b.parts {
		t.WriteString(p.Text)
	}
	return Citation{Style: style, Text: t.String(), Parts: b.parts}
}

// quoteTitle puts a title in curly quotation marks with the punctuation
// that follows it inside, as American usage has it. A title that ends in
// its own question or exclamation mark takes no more punctuation, and
// quotation marks within the title become single ones.
func quoteTitle(title, punct string) string {
	title = oneLine(title)
	var b strings.Builder
	open := true
	for _, r := range title {
		switch r {
		case '“':
			b.WriteRune('‘')
		case '”':
			b.WriteRune('’')
		case '"':
			if open {
				b.WriteRune('‘')
			} else {
				b.WriteRune('’')
			}
			open = !open
		default:
			b.WriteRune(r)
		}
	}
	t := b.String()
	switch {
	case strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!"):
		punct = ""
	case punct == "." && strings.HasSuffix(t, "."):
		punct = ""
	}
	return "“" + t + punct + "”"
}

// chicagoDate writes the document's date at its precision: "December 2,
// 1946", "December 1946", "1946", or undated for a date the source does
// not give.
func chicagoDate(d archive.Date, undated string) string {
	if d.IsZero() {
		return undated
	}
	return d.String()
}

func chicagoTime(t time.Time) string { return t.Format("January 2, 2006") }

// mlaMonths are the month names as MLA abbreviates them.
var mlaMonths = [...]string{"", "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// mlaDate writes the document's date in MLA's day-month-year order at its
// precision: "2 Dec. 1946", "Dec. 1946", "1946", or "" when undated.
func mlaDate(d archive.Date) string {
	switch d.Precision {
	case archive.PrecisionDay:
		return strconv.Itoa(d.Day) + " " + mlaMonths[d.Month] + " " + strconv.Itoa(d.Year)
	case archive.PrecisionMonth:
		return mlaMonths[d.Month] + " " + strconv.Itoa(d.Year)
	case archive.PrecisionYear:
		return strconv.Itoa(d.Year)
	}
	return ""
}

func mlaTime(t time.Time) string {
	return mlaDate(archive.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: archive.PrecisionDay})
}

// andList joins names as prose: "A", "A and B", "A, B, and C". MLA names
// the first of three or more and adds "et al.".
func andList(names []string, etAl bool) string {
	switch {
	case len(names) == 1:
		return names[0]
	case len(names) == 2:
		return names[0] + " and " + names[1]
	case etAl:
		return names[0] + " et al."
	}
	return strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
}

// withFragment points a page URL at one of its anchors.
func withFragment(url, anchor string) string {
	if url == "" {
		return ""
	}
	if i := strings.IndexByte(url, '#'); i >= 0 {
		url = url[:i]
	}
	return url + "#" + anchor
}
