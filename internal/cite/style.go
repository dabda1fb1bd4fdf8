package cite

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/readingroom/readingroom/internal/archive"
)

// The three styles below follow the official CSL styles as citeproc-js
// renders them (chicago-fullnote-bibliography, 17th ed., and
// modern-language-association, 9th ed.), which the tests run as an oracle
// on the same documents; docs/CITATIONS.md lists what we add to them and
// why. A document whose sender is known is cited as correspondence, by its
// sender and recipients; one without is cited by its title, with the
// translator in the author's place as both styles ask.

// ChicagoNote formats the document as a note in the Chicago Manual of Style
// (17th ed.): "M. D. Bagirov and I. I. Maslennikov to J. V. Stalin et al.,
// “Title,” telegram, trans. Gary Goldberg, November 24, 1945, f. 558, ...,
// Russian State Archive ... (RGASPI), Wilson Center Digital Archive, record
// 119111, URL." The pinpoint paragraph and the access date, when given,
// come before the URL.
func ChicagoNote(d *archive.Document, c Context) Citation {
	var b builder
	ts := translators(d)
	title := markSic(d.Title, c.Sic)
	var lead []string
	if len(c.Senders) > 0 {
		lead = append(lead, noteNames(c.Senders))
	} else if len(ts) > 0 {
		lead = append(lead, noteNames(agents(ts))+", trans.")
	}
	if len(c.Recipients) > 0 {
		lead = append(lead, "to "+noteNames(c.Recipients))
	}
	if len(lead) > 0 {
		b.text(capitalize(strings.Join(lead, " ")) + ", ")
	}
	date := chicagoDate(d.Date, "n.d.")
	g := strings.ToLower(genre(d.Title))
	if c.correspondence() {
		b.text(quoteTitle(title, ","))
		if g != "" {
			b.text(" " + g + ",")
		}
		if len(c.Senders) > 0 && len(ts) > 0 {
			b.text(" trans. " + andList(ts, false) + ",")
		}
		b.text(" " + date)
	} else {
		b.text(quoteTitle(title, "") + " (" + join(", ", g, date) + ")")
	}
	if !d.Reference.IsZero() {
		b.text(", " + join(", ", location(d.Reference), archiveName(d.Reference), archive.RepositoryPlace(d.Reference.Repository)))
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
// bibliography entry: "Bagirov, M. D., and I. I. Maslennikov. Telegram to
// J. V. Stalin, V. M. Molotov, .... “Title.” Telegram. Translated by Gary
// Goldberg, November 24, 1945. F. 558, .... Russian State Archive ...
// (RGASPI). Wilson Center Digital Archive, record 119111. URL." A
// bibliography lists whole documents, so the context's paragraph is not
// cited here.
func ChicagoBibliography(d *archive.Document, c Context) Citation {
	var b builder
	ts := translators(d)
	title := markSic(d.Title, c.Sic)
	var lead string
	switch {
	case len(c.Senders) > 0:
		lead = period(invertedNames(c.Senders, 10))
	case len(ts) > 0:
		lead = invertedNames(agents(ts), 10) + ", trans."
	}
	g := genre(d.Title)
	if len(c.Recipients) > 0 {
		lead = join(" ", lead, capitalize(join(" ", strings.ToLower(g), "to "+bibNames(c.Recipients)))+".")
	}
	if lead != "" {
		b.text(lead + " ")
	}
	date := chicagoDate(d.Date, "n.d.")
	switch {
	case len(c.Senders) > 0 && len(ts) > 0:
		b.text(quoteTitle(title, ".") + " " + join(" ", capitalizeEnd(g, "."), "Translated by "+andList(ts, false)+", "+period(date)))
	case g != "":
		b.text(quoteTitle(title, ".") + " " + g + ", " + period(date))
	default:
		b.text(quoteTitle(title, ",") + " " + period(date))
	}
	if !d.Reference.IsZero() {
		b.text(" " + join(". ", capitalize(location(d.Reference)), archiveName(d.Reference), archive.RepositoryPlace(d.Reference.Repository)) + ".")
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
// the sender (or, without one, the translator) as author, the title as the
// archive gives it, the translator and the date of composition, the
// repository and the place in it, and the Wilson Center Digital Archive, in
// italics, as the container that holds the translation online. A pinpoint
// becomes the location in that container: the paragraph and the URL of its
// anchor.
func MLA(d *archive.Document, c Context) Citation {
	var b builder
	ts := translators(d)
	switch {
	case len(c.Senders) > 0:
		b.text(strings.TrimSuffix(mlaNames(c.Senders), ".") + ". ")
	case len(ts) == 1:
		b.text(mlaNames(agents(ts)) + ", translator. ")
	case len(ts) > 1:
		b.text(mlaNames(agents(ts)) + ", translators. ")
	}
	title := markSic(oneLine(d.Title), c.Sic)
	if !strings.HasSuffix(title, ".") && !strings.HasSuffix(title, "?") && !strings.HasSuffix(title, "!") {
		title += "."
	}
	b.text(title)
	date := mlaDate(d.Date)
	if len(c.Senders) > 0 && len(ts) > 0 {
		b.text(" Translated by " + join(", ", andList(ts, true), date) + ".")
	} else if date != "" {
		b.text(" " + date + ".")
	}
	b.text(" ")
	if !d.Reference.IsZero() {
		b.text(join(", ", archiveName(d.Reference), archive.RepositoryPlace(d.Reference.Repository), location(d.Reference)) + ", ")
	}
	b.italic(wcdaName)
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

// agents turns names written in natural order ("Gary Goldberg") into
// agents, the last word the family name.
func agents(names []string) []Agent {
	var out []Agent
	for _, n := range names {
		given, family := splitName(n)
		out = append(out, Agent{Given: given, Family: family})
	}
	return out
}

func naturals(as []Agent) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Natural())
	}
	return out
}

// noteNames names agents in a Chicago note: up to three in full, four or
// more by the first and "et al." (CMOS 14.76).
func noteNames(as []Agent) string {
	if len(as) >= 4 {
		return as[0].Natural() + " et al."
	}
	return andList(naturals(as), false)
}

// bibNames names the recipients in a Chicago bibliography entry: up to
// ten in full, more by the first seven and "et al." (CMOS 14.76).
func bibNames(as []Agent) string {
	if len(as) > 10 {
		return strings.Join(naturals(as[:7]), ", ") + " et al."
	}
	return andList(naturals(as), false)
}

// invertedNames names agents as a Chicago bibliography's author: the first
// family name first, the others in reading order: "Bagirov, M. D., and I.
// I. Maslennikov".
func invertedNames(as []Agent, most int) string {
	if len(as) > most {
		return as[0].inverted() + ", " + strings.Join(naturals(as[1:7]), ", ") + ", et al."
	}
	names := naturals(as)
	names[0] = as[0].inverted()
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		if as[0].Literal == "" && as[0].Given != "" {
			return names[0] + ", and " + names[1]
		}
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
}

// mlaNames names agents as an MLA author: one inverted, two as "Family,
// Given, and Given Family", three or more by the first and "et al.".
func mlaNames(as []Agent) string {
	switch {
	case len(as) == 1:
		return as[0].inverted()
	case len(as) == 2:
		return invertedNames(as, 2)
	}
	return as[0].inverted() + ", et al."
}

// join joins the non-empty parts with sep.
func join(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// capitalize sets the first letter in upper case, as a sentence starts.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// period ends a sentence with a full stop, unless it ends with one ("n.d.").
func period(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// capitalizeEnd returns s followed by end, or "" for an empty s.
func capitalizeEnd(s, end string) string {
	if s == "" {
		return ""
	}
	return capitalize(s) + end
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
