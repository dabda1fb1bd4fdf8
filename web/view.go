// Package web holds the templ components of the reading room and the view
// models they render. Nothing here knows about HTTP routing or the index.
package web

// Page is what every page tells the layout.
type Page struct {
	Title       string // the page's own title, without the site name
	Description string
	Canonical   string // absolute URL
	Stylesheet  string // URL of the hashed stylesheet
	Icon        string // URL of the hashed icon
	Nav         string // which main section is current: "collection"
	Lang        string // language of the page's main content
	Query       string // the search box's text
	// Meta are the page's metadata tags for reference managers and link
	// previews; JSONLD its schema.org description.
	Meta   []Meta
	JSONLD []byte
	// Feed is the URL of the site's Atom feed.
	Feed string
}

// Meta is one <meta> tag: Name for name=, Property for property= (Open
// Graph).
type Meta struct {
	Name, Property, Content string
}

// DocSummary is a document in a list.
type DocSummary struct {
	URL       string
	Title     string
	Date      string
	DateISO   string
	Precision string // "day", "month", "year": shown when not a full date
	Summary   string
	Reference string
	Languages string
}

// Home is the front page: what the collection is, then every document.
type Home struct {
	Page
	Count    int
	From, To string
	Archives []Archive
	// Unreferenced counts the documents that give no archival reference,
	// so that the archives' counts and it add up to Count.
	Unreferenced int
	Docs         []DocSummary
	// Pager links the pages of a collection too large for one page.
	Pager Pager
}

// Archive is a repository with the number of documents it holds here.
type Archive struct {
	Key, Name string
	Count     int
}

// DocPage is a document's own page.
type DocPage struct {
	Page
	Doc            DocSummary
	Classification []string
	About          []MetaRow
	Views          []ViewLink
	Columns        []Column
	// Rows, when set, replace Columns: the two texts side by side,
	// aligned passage by passage.
	Rows       []Row
	Notes      []Note
	Prev, Next *DocSummary
	Citations  []CitationView
	Downloads  []Link
	Pinpoint   string // "paragraph 3 of the English translation", when citing one
	ArchiveURL string
	PageURL    string
	// Highlight is the query whose terms are marked, ClearHighlight the
	// page without marks, Highlights the number of marked words.
	Highlight      string
	ClearHighlight string
	Highlights     int
	// Names are the people and places the document names.
	Names []NameRow
	// Related are documents tied to this one, with the reasons; References
	// the numbered telegrams it cites or bears.
	Related    []Related
	References []Reference
	// From and To are the sender and recipients, when the source names them.
	From, To string
	// Source is what the source says beside the texts, as it says it.
	Source DocSource
}

// MetaRow is one line of the metadata block.
type MetaRow struct {
	Label  string
	Values []string
	URL    string // when the single value links somewhere
}

// ViewLink switches between both languages and one.
type ViewLink struct {
	Label   string
	URL     string
	Current bool
}

// Column is one language version of the text.
type Column struct {
	Heading    string // "English translation"
	Lang       string // BCP 47 code for the lang attribute
	ID         string // "en", anchors are "en-3"
	Paragraphs []Paragraph
}

// Paragraph is one block of the text, with a link to itself when numbered.
type Paragraph struct {
	ID      string // "en-3"; "" for marks
	N       int
	Kind    string // "text", "heading", "mark"
	Lines   [][]Inline
	Label   string // accessible name of the self-link: "Paragraph 3 of the English translation"
	LinkURL string
	// Before and After are the page marks shown at the head and at the
	// end of the paragraph, in the side-by-side view.
	Before, After []Paragraph
	// MarkKind is "page" for a page number, shown as MarkText ("p. 141"),
	// or "stamp" for any other mark, shown as it stands.
	MarkKind string
	MarkText string
}

// Inline is a styled run within a line.
type Inline struct {
	Text  string
	After string // for tn: the note's words after its label
	Kind  string // "", "em", "sup", "noteref", "tn"
	Mark  bool   // matched the search the reader came from
	// Link is the page of the person or place the run names; LinkTitle
	// their usual name.
	Link      string
	LinkTitle string
	// Quiet keeps a name's link out of the tab order: the first mention
	// of each person or place is a tab stop, the others are not.
	Quiet bool
	Href  string // for noteref and tn: the note
	ID    string // for noteref and tn: anchor the note links back to

	// Abbr, for a glossary term, is its definition; Link is then its entry
	// on the glossary.
	Abbr string
}

// Note is a footnote or translator's note, linked both ways.
type Note struct {
	ID       string // "fn-1", "tn-1"
	Marker   string
	Kind     string // "Footnote", "Translator's note"
	Text     string
	BackHref string // "#fnref-1"
	BackText string
}

// ErrorPage explains what went wrong, without internals.
type ErrorPage struct {
	Page
	Status  int
	Heading string
	Message string
}

// CitationView is a formatted citation in one style.
type CitationView struct {
	Style string // "Chicago (note)"
	Parts []CitationPart
}

// CitationPart is a run of a citation, italic or a link where the style
// asks.
type CitationPart struct {
	Text   string
	Italic bool
	Link   string
}
