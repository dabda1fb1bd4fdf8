package timeline

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// PartiesFile is the curator's file of senders and recipients set by hand,
// kept beside the documents.
const PartiesFile = "correspondents.toml"

// Override is a curator's word on one document's senders and recipients:
// where the title and address lines say nothing, or say it wrong. A list
// left out keeps what the rules derive; an empty list says there is none.
type Override struct {
	DocID    string
	From, To []string // record IDs, or names as the source writes them
	HasFrom  bool
	HasTo    bool
	Note     string
	Line     int
}

// Overrides are the curator's overrides by document ID.
type Overrides map[string]Override

var overrideKeys = map[string]bool{"id": true, "from": true, "to": true, "note": true}

// LoadOverrides reads PartiesFile from fsys; a folder without one has no
// overrides (and no error).
func LoadOverrides(fsys fs.FS) (Overrides, error) {
	data, err := archive.ReadRecordFile(fsys, PartiesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return Overrides{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", PartiesFile, err)
	}
	return ParseOverrides(PartiesFile, data)
}

// ParseOverrides reads the overrides in data; name is used in the problems
// it reports, each with its line.
func ParseOverrides(name string, data []byte) (Overrides, error) {
	f, err := decodeTables(name, data, "document")
	if err != nil {
		return nil, err
	}
	add := f.add
	out := Overrides{}
	for i, m := range f.entries {
		start, _ := f.span(i)
		lineOf := func(key string) int { return f.lineOf(i, key) }
		o := Override{Line: max(start, 1)}
		for _, k := range sortedKeys(m) {
			if !overrideKeys[k] {
				add(lineOf(k), "unknown key %q in a document (known: id, from, to, note)", k)
			}
		}
		if id, ok := m["id"].(string); ok && strings.TrimSpace(id) != "" {
			o.DocID = strings.TrimSpace(id)
		} else {
			add(o.Line, "a document needs its id, the document's ID as in its address (/documents/ID)")
			continue
		}
		list := func(key string) ([]string, bool) {
			v, ok := m[key]
			if !ok {
				return nil, false
			}
			vs, ok := v.([]any)
			if !ok {
				add(lineOf(key), "%s must be a list of names or record IDs, such as [\"bagirov\"]", key)
				return nil, true
			}
			out := []string{}
			for _, x := range vs {
				s, ok := x.(string)
				if !ok || strings.TrimSpace(s) == "" {
					add(lineOf(key), "%s holds %v: each must be a name or a record ID", key, x)
					continue
				}
				out = append(out, collapse(s))
			}
			return out, true
		}
		o.From, o.HasFrom = list("from")
		o.To, o.HasTo = list("to")
		if n, ok := m["note"].(string); ok {
			o.Note = collapse(n)
		}
		if !o.HasFrom && !o.HasTo {
			add(o.Line, "document %s sets neither from nor to", o.DocID)
		}
		if prev, dup := out[o.DocID]; dup {
			add(o.Line, "document %s is already set at line %d", o.DocID, prev.Line)
			continue
		}
		out[o.DocID] = o
	}
	if err := f.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Apply returns the parties of document id with the curator's override, if
// any, in place of those the rules derived. A value that is a record's ID
// names that record; any other is a name as written, resolved as the
// rules' names are.
func (ov Overrides) Apply(id string, from, to []Party, auth *entity.Authority) ([]Party, []Party) {
	o, ok := ov[id]
	if !ok {
		return from, to
	}
	resolve := func(vs []string) []Party {
		var out []Party
		for _, v := range vs {
			if rec, ok := getRecord(auth, v); ok {
				out = append(out, Party{Written: rec.Name, ID: rec.ID, Kind: rec.Kind, Basis: BasisCurator})
				continue
			}
			p := resolveParty(v, BasisCurator, auth)
			out = append(out, p)
		}
		return out
	}
	if o.HasFrom {
		from = resolve(o.From)
	}
	if o.HasTo {
		to = resolve(o.To)
	}
	return from, to
}

// Correspondence returns c with the curator's override of document id, if
// any, in place of the sender and recipients the rules derived, each named
// as the record names it or as the curator wrote it: what pages and the
// timeline show agrees with what citations name.
func (ov Overrides) Correspondence(id string, c Correspondence, auth *entity.Authority) Correspondence {
	o, ok := ov[id]
	if !ok {
		return c
	}
	names := func(vs []string) []string {
		var out []string
		for _, v := range vs {
			if rec, ok := getRecord(auth, v); ok {
				v = rec.Name
			}
			out = append(out, v)
		}
		return out
	}
	if o.HasFrom {
		c.From, c.FromBasis, c.Note = andJoin(names(o.From)), BasisCurator, ""
	}
	if o.HasTo {
		c.To, c.ToBasis = names(o.To), BasisCurator
	}
	c.Basis = "curator's correspondents.toml"
	return c
}

// andJoin writes names as a list: "A", "A and B", "A, B and C".
func andJoin(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Parties returns the senders and recipients of document id: those the
// rules derived from c, or the curator's where the file sets them, each
// resolved against the records.
func (ov Overrides) Parties(id string, c Correspondence, auth *entity.Authority) (from, to []Party) {
	from, to = Parties(ov.Correspondence(id, c, auth), auth)
	return ov.Apply(id, from, to, auth)
}

// RecordIDs returns the records the parties resolve to, in order, once
// each; a name no record covers is left out.
func RecordIDs(ps []Party) []string {
	var out []string
	for _, p := range ps {
		if p.ID != "" && !slices.Contains(out, p.ID) {
			out = append(out, p.ID)
		}
	}
	return out
}

// BasisCurator is the basis of a party set in PartiesFile.
const BasisCurator = "curator"

// Check returns a problem for each override whose document is not in the
// collection (its ID changed, or the file is gone) or whose value names
// nothing the records know and reads like an ID (a typo'd record ID).
func (ov Overrides) Check(exists func(docID string) bool, auth *entity.Authority) []archive.Problem {
	var out []archive.Problem
	for _, id := range sortedKeys(ov) {
		o := ov[id]
		if !exists(id) {
			out = append(out, archive.Problem{File: PartiesFile, Line: o.Line, Warning: true,
				Message: fmt.Sprintf("no document has the ID %s: correct the id, or remove the entry", id)})
		}
		for _, v := range append(append([]string(nil), o.From...), o.To...) {
			if _, ok := getRecord(auth, v); !ok && reSlug.MatchString(v) {
				out = append(out, archive.Problem{File: PartiesFile, Line: o.Line, Warning: true,
					Message: fmt.Sprintf("%q is no record's ID; it is kept as a name as written", v)})
			}
		}
	}
	return out
}
