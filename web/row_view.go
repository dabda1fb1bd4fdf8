package web

// Row is one passage of the side-by-side text: the translation's
// paragraphs of a passage beside the original's, either side perhaps
// empty.
type Row struct {
	ID      string // "p-5", the row's anchor
	N       int
	LinkURL string // the passage's own address, which cites it
	// Label names the passage's paragraphs in both texts: "Passage 5:
	// paragraph 4 of the English translation and paragraph 5 of the
	// Russian original".
	Label       string
	Translation Cell
	Original    Cell
}

// Cell is one side of a passage.
type Cell struct {
	Lang       string // BCP 47 code for the lang attribute
	Label      string // the language's name, shown on a narrow screen
	Paragraphs []Paragraph
}
