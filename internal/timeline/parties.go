package timeline

import (
	"strings"
	"unicode"

	"github.com/readingroom/readingroom/internal/entity"
)

// Party is one sender or recipient of a document: the name as the source
// writes it, and the authority record it names when a record's form covers
// the whole name. A name no record covers keeps its written form alone; a
// record is never guessed from part of a name ("Azerbaijan" inside "CC CP
// of Azerbaijan" is not the region writing).
type Party struct {
	Written string `json:"written"`
	ID      string `json:"id,omitempty"`
	Kind    string `json:"kind,omitempty"`
	// Variant is the record's form that matched ("Bagriov"), and VariantNote
	// the curator's note on it ("misspelling ...").
	Variant     string `json:"-"`
	VariantNote string `json:"-"`
	// Basis says where the name was read: "title" or "address line".
	Basis string `json:"basis"`
}

// Parties resolves the sender and the recipients of c against the authority
// records.
func Parties(c Correspondence, auth *entity.Authority) (from, to []Party) {
	if c.From != "" {
		for _, n := range splitNames(c.From) {
			from = append(from, resolveParty(n, c.FromBasis, auth))
		}
	}
	for _, n := range c.To {
		to = append(to, resolveParty(n, c.ToBasis, auth))
	}
	return from, to
}

// resolveParty is a name as written, with the record that one of its forms
// covers whole, if any.
func resolveParty(written, basis string, auth *entity.Authority) Party {
	p := Party{Written: written, Basis: basis}
	if auth == nil {
		return p
	}
	ms := auth.Find(written)
	if len(ms) != 1 || !covers(written, ms[0].Start, ms[0].End) {
		return p
	}
	rec, ok := auth.Get(ms[0].ID)
	if !ok {
		return p
	}
	p.ID, p.Kind, p.Variant = rec.ID, rec.Kind, ms[0].Variant
	for _, v := range rec.Variants {
		if v.Form == ms[0].Variant {
			p.VariantNote = v.Note
		}
	}
	return p
}

// getRecord is auth.Get for an authority that may be absent.
func getRecord(auth *entity.Authority, id string) (*entity.Record, bool) {
	if auth == nil {
		return nil, false
	}
	return auth.Get(id)
}

// covers reports whether the span [start, end) of name leaves out no letter
// of it but a leading honorific or initials, which the mention finder takes
// in already.
func covers(name string, start, end int) bool {
	outside := name[:start] + " " + name[end:]
	for _, r := range outside {
		if unicode.IsLetter(r) {
			return false
		}
	}
	return strings.TrimSpace(name[start:end]) != ""
}
