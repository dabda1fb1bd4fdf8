// Package entity knows who and where: the authority records of the people,
// places and organisations named in the collection, every form their names
// take in the documents (spellings, misspellings, OCR slips, Latin, Cyrillic
// and Persian script, Russian case endings), the finding of their mentions in
// a document, the reading of a typed name in any romanization (Read), and the
// glossary of the documents' terms.
//
// The records are data, kept by a curator in documents/people.toml,
// places.toml, organisations.toml and glossary.toml; nothing in this package
// knows a particular name.
package entity

import (
	"fmt"
	"sort"
	"strings"
)

// Kinds of record.
const (
	KindPerson = "person"
	KindPlace  = "place"
	// KindOrganisation is a party, committee, government, assembly,
	// security service, army, international body or newspaper.
	KindOrganisation = "organisation"
)

// Scripts of a variant.
const (
	ScriptLatin    = "Latin"
	ScriptCyrillic = "Cyrillic"
	// ScriptArabic is the Persian alphabet (and the Arabic script of
	// Azerbaijani in Iran).
	ScriptArabic = "Arabic"
)

// Record is one authority record: a person or a place and the forms its name
// takes in the documents.
type Record struct {
	ID   string `json:"id"`   // stable lowercase slug: "pishevari", "tabriz"
	Kind string `json:"kind"` // KindPerson or KindPlace
	// Name is the usual English form ("Qavam", "Ardabil"); it is a variant
	// too, and so is FullName.
	Name     string `json:"name"`
	FullName string `json:"full_name,omitempty"`
	// Forenames and Patronymics are a person's given names and father's
	// names in every script and spelling the curator lists ("Joseph",
	// "Иосиф"; "Vissarionovich"): a typed full name is read through them,
	// though they name nobody on their own.
	Forenames   []string `json:"forenames,omitempty"`
	Patronymics []string `json:"patronymics,omitempty"`
	// Born and Died are years, 0 when not known.
	Born int `json:"born,omitempty"`
	Died int `json:"died,omitempty"`
	// Description is one line on the role in 1945-46; Source says where it
	// and the dates come from.
	Description string `json:"description,omitempty"`
	Source      string `json:"source,omitempty"`
	// SortKey is where an index files the record when its name does not
	// start with the word to file it under: "Eskandari, Amir Nosrat" for
	// "Amir Nosrat Eskandari". Empty means Name.
	SortKey string `json:"sort,omitempty"`
	// PlaceKind is what a place is: city, town, province, district, region,
	// country, republic, river or tribal territory.
	PlaceKind string `json:"place_kind,omitempty"`
	// OrgKind is what an organisation is: party, party committee,
	// government, assembly, ministry, security service, armed forces,
	// military district, international body, newspaper or agency.
	OrgKind string `json:"org_kind,omitempty"`
	// Lat and Lon are decimal degrees, set only when HasCoordinates.
	Lat float64 `json:"lat,omitempty"`
	Lon float64 `json:"lon,omitempty"`
	// Variants are the other forms of the name, as the curator wrote them.
	Variants []Variant `json:"variants"`
	// NotIn lists phrases in which a variant names something else ("CC CP of
	// Azerbaijan" for the region Azerbaijan) and so is not a mention.
	NotIn []string `json:"not_in,omitempty"`

	located bool
}

// HasCoordinates reports whether the record gives a point on the map: a
// settlement does, a country, region or river does not.
func (r *Record) HasCoordinates() bool { return r.located }

// Lifespan renders the years as "1892–1947", "–1955" or "" when neither is
// known.
func (r *Record) Lifespan() string {
	if r.Born == 0 && r.Died == 0 {
		return ""
	}
	switch {
	case r.Born == 0:
		return fmt.Sprintf("d. %d", r.Died)
	case r.Died == 0:
		return fmt.Sprintf("b. %d", r.Born)
	}
	return fmt.Sprintf("%d–%d", r.Born, r.Died)
}

// Variant is one form of a record's name.
type Variant struct {
	Form   string `json:"form"`           // as the curator wrote it: "Пашевери"
	Script string `json:"script"`         // ScriptLatin, ScriptCyrillic or ScriptArabic, from the letters of Form
	Note   string `json:"note,omitempty"` // what kind of form it is: "OCR slip", "misspelling"
}

// Authority is the loaded set of records, ready to find mentions. It does not
// change after Load, so it is safe for concurrent use; the records it returns
// are shared and must be treated as read-only.
type Authority struct {
	records  []*Record // by name
	byID     map[string]*Record
	m        *matcher
	ph       *phoneIndex
	glossary *Glossary
	// problems are what Load found wrong that does not keep the records
	// from serving: forms claimed by two records.
	problems []Error
}

// Problems returns what Load found wrong in the records that does not keep
// them from serving, each with its file and line: a form two records claim.
// check reports them as errors and serve -strict refuses them.
func (a *Authority) Problems() []Error { return append([]Error(nil), a.problems...) }

// Records returns every record, sorted by name.
func (a *Authority) Records() []*Record { return append([]*Record(nil), a.records...) }

// Get returns the record with the given ID.
func (a *Authority) Get(id string) (*Record, bool) {
	r, ok := a.byID[id]
	return r, ok
}

// People returns the records of people, sorted by name.
func (a *Authority) People() []*Record { return a.ofKind(KindPerson) }

// Places returns the records of places, sorted by name.
func (a *Authority) Places() []*Record { return a.ofKind(KindPlace) }

// Organisations returns the records of organisations, sorted by name.
func (a *Authority) Organisations() []*Record { return a.ofKind(KindOrganisation) }

func (a *Authority) ofKind(kind string) []*Record {
	var out []*Record
	for _, r := range a.records {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// newAuthority indexes checked records.
func newAuthority(records []*Record) (*Authority, error) {
	a := &Authority{records: records, byID: make(map[string]*Record, len(records))}
	for _, r := range records {
		a.byID[r.ID] = r
	}
	sortByName(a.records)
	m, err := newMatcher(a.records)
	if err != nil {
		return nil, err
	}
	a.m = m
	a.ph = newPhoneIndex(a.records)
	return a, nil
}

// SortName is the form an index files the record under: its SortKey, or
// its Name.
func (r *Record) SortName() string {
	if r.SortKey != "" {
		return r.SortKey
	}
	return r.Name
}

func sortByName(rs []*Record) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := strings.ToLower(rs[i].SortName()), strings.ToLower(rs[j].SortName())
		if a != b {
			return a < b
		}
		return rs[i].ID < rs[j].ID
	})
}

// forms returns every form under which a record is known: its name, its full
// name and its variants, each once (compared folded), with the form as
// written.
func (r *Record) forms() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range append([]string{r.Name, r.FullName}, variantForms(r.Variants)...) {
		k := key(f)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

func variantForms(vs []Variant) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Form
	}
	return out
}

// Conflicts reports every form (compared folded: case, ё and accents aside)
// that two or more records claim, such as a surname shared by two people. A
// mention in such a form goes to the first of them by name, so the curator
// should make the forms distinct, for example by listing the full names.
func (a *Authority) Conflicts() []string {
	claims := map[string][]string{}
	written := map[string]string{}
	for _, r := range a.records {
		for _, f := range r.forms() {
			k := key(f)
			if _, ok := written[k]; !ok {
				written[k] = f
			}
			claims[k] = append(claims[k], r.ID)
		}
	}
	var out []string
	for k, ids := range claims {
		if len(ids) > 1 {
			sort.Strings(ids)
			out = append(out, fmt.Sprintf("%q is a form of %s", written[k], strings.Join(ids, ", ")))
		}
	}
	sort.Strings(out)
	return out
}
