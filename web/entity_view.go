package web

// NameRow is a person or place named in a document, with the spellings the
// document uses.
type NameRow struct {
	Name  string
	URL   string
	Kind  string // "person", "place"
	Forms []string
}

// EntityIndex lists the people or the places of the collection.
type EntityIndex struct {
	Page
	Heading string
	Intro   string
	Sorts   []ViewLink
	Rows    []EntityRow
	MapURL  string
}

// EntityRow is one person or place in an index.
type EntityRow struct {
	Name        string
	URL         string
	Detail      string // lifespan or kind of place
	Description string
	Count       int
}

// EntityPage is a person's or place's own page.
type EntityPage struct {
	Page
	Name     string
	FullName string
	// Forenames and Patronymics, in every script the record gives, by
	// which a typed full name is read as this person.
	Forenames, Patronymics []string
	Detail                 string // "1892–1947" or "city"
	Description            string
	Source                 string
	Coordinates            string
	SearchURL              string
	SearchQuery            string
	Variants               []VariantRow
	// Letters are the documents the record sent and received (not those
	// that merely name it), the first few of each with the count and the
	// timeline filtered to all of them.
	Letters []LetterList
	// Docs are the documents on this page, of DocCount in all; the first
	// is number FirstDoc.
	Docs       []EntityDoc
	DocCount   int
	FirstDoc   int
	Pager      Pager
	Together   []EntityLink
	IndexURL   string
	IndexLabel string
}

// LetterList is the documents a person or body sent, or received.
type LetterList struct {
	Heading string // "Sent by Bagirov"
	ID      string // the heading's anchor
	Docs    []Link
	Count   int
	AllURL  string // the timeline, filtered to all of them
}

// VariantRow is one form of a name and the documents that use it.
type VariantRow struct {
	Form   string
	Script string
	Note   string
	Seen   []string // the forms as printed (with case endings)
	Docs   []Link
	More   int // documents that use it beyond Docs
}

// EntityDoc is a document that names the person or place, with passages.
type EntityDoc struct {
	Doc      DocSummary
	Passages []Passage
	More     int    // mentions not shown
	MoreURL  string // the document with every mention marked
}

// Passage is a short excerpt with the name marked.
type Passage struct {
	Label string
	URL   string
	Lang  string
	Parts []SnippetPart
}

// EntityLink is a person or place named alongside, with how often.
type EntityLink struct {
	Name  string
	URL   string
	Kind  string
	Count int
}

// formLang is the language to declare for a form in a script other than
// Latin, so that screen readers read it right: Russian for Cyrillic,
// Persian for the Arabic script.
func formLang(script string) string {
	switch script {
	case "Cyrillic":
		return "ru"
	case "Arabic":
		return "fa"
	}
	return ""
}
