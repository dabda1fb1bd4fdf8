package library

import (
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/search"
)

// readRefs reads a typed name through the authority records, as search
// needs it: the records it names and, for one not written as a record lists
// it, the form it was read as.
func readRefs(a *entity.Authority, s string) []search.Ref {
	var out []search.Ref
	for _, r := range a.Read(s) {
		ref := search.Ref{Kind: r.Record.Kind, ID: r.Record.ID, Name: r.Record.Name}
		if !r.Exact {
			ref.As = r.As
		}
		out = append(out, ref)
	}
	return out
}

// Near offers the records whose names are close to a word that names none,
// for search's spelling suggestions.
func (n names) Near(word string) []search.Ref {
	var out []search.Ref
	for _, s := range n.a.Near(word) {
		out = append(out, search.Ref{Kind: s.Record.Kind, ID: s.Record.ID, Name: s.Record.Name, As: s.Form})
	}
	return out
}
