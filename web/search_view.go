package web

// SearchPage is the search form, results, facets and pagination.
type SearchPage struct {
	Page
	Q          string // as typed
	From, To   string
	Understood string // the query as the reading room read it
	Notices    []string
	Error      string // why the query could not be run
	HasQuery   bool
	Total      int
	FirstShown int // 1-based number of the first result on this page
	LastShown  int
	// Readings are the records the query's words were read as; ExactURL
	// searches the words as typed instead, and NamesURL, on an exact
	// search, reads them as names again.
	Readings []NameReading
	ExactURL string
	NamesURL string
	Results  []SearchResult
	Facets   []FacetView
	Active   []ActiveFilter
	DropAll  string // URL without filters, when any
	Sorts    []ViewLink
	Pager    Pager
	// Suggestions offer close spellings when nothing matched.
	Suggestions []Link
	Hidden      []HiddenField // filters kept when the form is submitted again
}

// NameReading is a record a word of the query was read as.
type NameReading struct {
	Typed string // "Tebriz"
	Name  string // "Tabriz"
	Kind  string // "person", "place", "organisation"
	URL   string // the record's page
	// As is the record's form the words were read as when they are not
	// one it lists (another spelling, a full name); "" otherwise.
	As string
	// Detail is what the brackets after the name say: "person, that is
	// “Joseph Vissarionovich Stalin”"; End is the punctuation after it,
	// so that the readings make one sentence.
	Detail, End string
}

// SearchResult is one matching document.
type SearchResult struct {
	Doc DocSummary
	// TitleParts are the title with the matched words marked, when the
	// title matched; empty otherwise.
	TitleParts []SnippetPart
	URL        string // opens the document with the terms highlighted
	Snippets   []SnippetView
}

// SnippetView is a passage with its matched words marked.
type SnippetView struct {
	Label string // "English translation, paragraph 3"
	URL   string
	Lang  string
	Parts []SnippetPart
}

// SnippetPart is a run of snippet text.
type SnippetPart struct {
	Text string
	Mark bool
}

// FacetView is one facet with its values.
type FacetView struct {
	Label  string
	Values []FacetLink
	// More are the values shown only when the reader opens the facet.
	More []FacetLink
}

// FacetLink adds or removes one filter value.
type FacetLink struct {
	Label    string
	Count    int
	URL      string
	Selected bool
	// Href, when set, stands for URL: it is the link as an href attribute
	// holds it, sanitised (templ.URL) and escaped (templ.EscapeString)
	// already. A search page makes a hundred facet links, and escaping
	// each as it is written made a copy of each.
	Href string
}

// ActiveFilter is a filter in force, with the URL that removes it.
type ActiveFilter struct {
	Label     string
	RemoveURL string
}

// Link is a labelled URL.
type Link struct {
	Label string
	URL   string
}

// HiddenField is a name and value carried through a form.
type HiddenField struct {
	Name, Value string
}

// Pager links the pages of results.
type Pager struct {
	Prev, Next string
	Pages      []PageLink
}

// PageLink is one numbered page.
type PageLink struct {
	N       int
	URL     string
	Current bool
}
