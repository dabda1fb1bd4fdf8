package web

// GlossaryPage lists the terms and abbreviations of the documents.
type GlossaryPage struct {
	Page
	Terms []GlossaryTerm
}

// GlossaryTerm is one entry of the glossary.
type GlossaryTerm struct {
	ID         string // the anchor: "cipher-telegram"
	Term       string
	Forms      []GlossaryForm
	Definition string
	Source     string
	// SearchURL finds the documents that use the term.
	SearchURL string
}

// GlossaryForm is one form of a term, with its script.
type GlossaryForm struct {
	Form string
	Lang string // "ru", "fa" or "" for Latin
}
