package web

// DocSource is what the source says of the document beside its texts, as
// it says it: the archive's own citation, its rights statement, subject
// tags and related records.
type DocSource struct {
	// Citation is the archive's own citation or source line, verbatim.
	Citation string
	// Department and Reprint are parts of the reference the metadata does
	// not show: a division of the repository, "Reprinted in …".
	Department string
	Reprint    string
	Authors    []string
	Subjects   []Link // each links to the search filtered by it
	Related    []SourceRelated
	Contents   []string
	// Rights is the first sentence of the rights statement; RightsURL the
	// page with the whole of it.
	Rights    string
	RightsURL string
}

// IsZero reports whether the source says nothing the section would show.
func (s DocSource) IsZero() bool {
	return s.Citation == "" && s.Department == "" && s.Reprint == "" && len(s.Authors) == 0 &&
		len(s.Subjects) == 0 && len(s.Related) == 0 && len(s.Contents) == 0 && s.Rights == ""
}

// SourceRelated is a record the archive lists beside the document.
type SourceRelated struct {
	Date, DateISO string
	Title         string
	Summary       string
	URL           string // the record's page here, when the collection holds it
}

// RightsPage lists the rights statements of the collection, each once.
type RightsPage struct {
	Page
	Statements []RightsStatement
}

// RightsStatement is one rights statement and the documents it covers.
type RightsStatement struct {
	ID         string // anchor
	Paragraphs []string
	Documents  int
}
