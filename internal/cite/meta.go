package cite

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
)

// Meta is one <meta> element of a page head: Highwire Press, Dublin Core
// and Twitter tags set Name, Open Graph tags set Property.
type Meta struct {
	Name     string
	Property string
	Content  string
}

// maxPreview bounds the description of a link preview: Twitter cuts a
// card's description at 200 characters, and a preview longer than that is
// cut mid-word by whoever shows it.
const maxPreview = 200

// HeadMeta returns the <meta> elements of the document's page head:
//
//   - Highwire Press citation_* tags, the set Zotero's Embedded Metadata
//     translator and Google Scholar read: title, date at its precision
//     (YYYY/MM/DD, YYYY/MM or YYYY), language, abstract and the page's URL;
//   - Dublin Core DC.* tags, which Zotero reads through its RDF translator:
//     DC.type "manuscript" makes it save the page as a manuscript rather
//     than guess a journal article from citation_title;
//   - Open Graph (og:type "article") and a Twitter summary card for link
//     previews, with the summary shortened to maxPreview characters.
//
// The senders are the citation_author tags, family name first, which
// Zotero's Embedded Metadata translator makes the item's authors (a body's
// name whole, but for one holding a comma, which it would cut in two).
// Translators are not given: the only tags that would carry them
// (citation_author, DC.contributor) would make them authors too.
func HeadMeta(d *archive.Document, c Context) []Meta {
	var m []Meta
	name := func(n, content string) {
		if v := oneLine(content); v != "" {
			m = append(m, Meta{Name: n, Content: v})
		}
	}
	prop := func(p, content string) {
		if v := oneLine(content); v != "" {
			m = append(m, Meta{Property: p, Content: v})
		}
	}
	lang := language(d)
	hw := highwireDate(d.Date)

	name("citation_title", d.Title)
	for _, a := range c.Senders {
		// Zotero reads a name holding a comma as "Family, Given", so a
		// body's name with a comma would be cut in two: it is left out.
		if a.Literal == "" || !strings.Contains(a.Literal, ",") {
			name("citation_author", a.inverted())
		}
	}
	name("citation_publication_date", hw)
	name("citation_date", hw)
	name("citation_language", lang)
	name("citation_abstract", d.Summary)
	name("citation_public_url", c.PageURL)
	name("citation_abstract_html_url", c.PageURL)

	name("DC.title", d.Title)
	name("DC.type", "manuscript")
	name("DC.date", d.Date.ISO())
	name("DC.language", lang)
	name("DC.description", d.Summary)
	name("DC.identifier", c.PageURL)

	preview := shorten(oneLine(d.Summary), maxPreview)
	prop("og:type", "article")
	prop("og:title", d.Title)
	prop("og:url", c.PageURL)
	prop("og:description", preview)
	prop("og:site_name", c.SiteName)

	name("twitter:card", "summary")
	name("twitter:title", d.Title)
	name("twitter:description", preview)
	return m
}

// highwireDate writes a date as Highwire Press tags want it, slashes
// between the parts, down to the date's precision and no further.
func highwireDate(d archive.Date) string {
	return strings.ReplaceAll(d.ISO(), "-", "/") // ISO stops at the precision too
}

// shorten cuts s to at most n characters at a word boundary, marking the
// cut with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// ldDocument is a schema.org ArchiveComponent, with its properties in the
// order a reader of the page source expects them.
type ldDocument struct {
	Context        string        `json:"@context"`
	Type           any           `json:"@type"`
	Name           string        `json:"name"`
	Author         []ldAgent     `json:"author,omitempty"`
	Recipient      []ldAgent     `json:"recipient,omitempty"`
	URL            string        `json:"url,omitempty"`
	DateCreated    string        `json:"dateCreated,omitempty"`
	InLanguage     any           `json:"inLanguage,omitempty"`
	Description    string        `json:"description,omitempty"`
	Genre          string        `json:"genre,omitempty"`
	Identifier     []ldValue     `json:"identifier,omitempty"`
	HoldingArchive *ldArchive    `json:"holdingArchive,omitempty"`
	ItemLocation   string        `json:"itemLocation,omitempty"`
	Translator     []ldPerson    `json:"translator,omitempty"`
	IsPartOf       *ldCollection `json:"isPartOf"`
	SameAs         string        `json:"sameAs,omitempty"`
}

type ldValue struct {
	Type       string `json:"@type"`
	PropertyID string `json:"propertyID"`
	Value      string `json:"value"`
	URL        string `json:"url,omitempty"`
}

type ldArchive struct {
	Type          string `json:"@type"`
	Name          string `json:"name"`
	AlternateName string `json:"alternateName,omitempty"`
}

// ldAgent is a sender or recipient: a Person, or an Organization for a body
// or a name whose parts are not known.
type ldAgent struct {
	Type       string `json:"@type"`
	Name       string `json:"name"`
	GivenName  string `json:"givenName,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
}

func ldAgents(as []Agent) []ldAgent {
	var out []ldAgent
	for _, a := range as {
		if a.Literal != "" {
			out = append(out, ldAgent{Type: "Organization", Name: a.Literal})
			continue
		}
		out = append(out, ldAgent{Type: "Person", Name: a.Natural(), GivenName: a.Given, FamilyName: a.Family})
	}
	return out
}

type ldPerson struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldCollection struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// JSONLD returns the document as schema.org JSON-LD: an ArchiveComponent
// (and a Message, with author and recipient, when the sender or recipients
// are known) held by its repository (an ArchiveOrganization under its full name), part
// of the Wilson Center Digital Archive collection, with the archival
// reference and the archive's record number as identifiers. The bytes are
// safe inside a <script type="application/ld+json"> element: "<", ">" and
// "&" are written as \u003c, \u003e and \u0026, so no value can close the
// element.
func JSONLD(d *archive.Document, c Context) []byte {
	ld := ldDocument{
		Context:     "https://schema.org",
		Type:        "ArchiveComponent",
		Name:        oneLine(d.Title),
		URL:         c.PageURL,
		DateCreated: d.Date.ISO(),
		Description: oneLine(d.Summary),
		Genre:       genre(d.Title),
		IsPartOf:    &ldCollection{Type: "Collection", Name: wcdaName, URL: wcdaURL},
		SameAs:      d.RecordURL(),
	}
	if c.correspondence() {
		ld.Type = []string{"ArchiveComponent", "Message"}
		ld.Author, ld.Recipient = ldAgents(c.Senders), ldAgents(c.Recipients)
	}
	var langs []string
	for _, t := range []archive.Text{d.Translation, d.Original} {
		if len(t.Paragraphs) > 0 && t.Code != "" {
			langs = append(langs, t.Code)
		}
	}
	switch len(langs) {
	case 0:
	case 1:
		ld.InLanguage = langs[0]
	default:
		ld.InLanguage = langs
	}
	if r := d.Reference; !r.IsZero() {
		ld.Identifier = append(ld.Identifier, ldValue{Type: "PropertyValue", PropertyID: "archival reference", Value: r.Text})
		ld.ItemLocation = location(r)
		if r.Repository != "" {
			a := &ldArchive{Type: "ArchiveOrganization", Name: archive.RepositoryName(r.Repository), AlternateName: r.Repository}
			if a.Name == "" {
				a.Name, a.AlternateName = r.Repository, ""
			}
			ld.HoldingArchive = a
		}
	}
	if d.RecordID != "" {
		ld.Identifier = append(ld.Identifier, ldValue{Type: "PropertyValue", PropertyID: wcdaName + " record", Value: d.RecordID, URL: d.RecordURL()})
	}
	for _, n := range translators(d) {
		ld.Translator = append(ld.Translator, ldPerson{Type: "Person", Name: n})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // escapes <, > and & by default
	mustEncode(enc, ld)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
