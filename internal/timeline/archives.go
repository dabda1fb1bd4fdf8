package timeline

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/readingroom/readingroom/internal/archive"
)

// Repository is one archive of the collection with its hierarchy of fonds,
// opisi and dela, and the documents in each.
type Repository struct {
	Key  string // "GAPPOD"
	Name string // full name, "" when the archive is not known by name
	// Written lists the forms the documents use ("GAPPOD", "GAPPOD AzR").
	Written []string
	Fonds   []Fond
	Docs    int
}

// Fond is a fond of a repository.
type Fond struct {
	Number string // "" when the reference gives none
	Opisi  []Opis
	Docs   int
}

// Opis is an inventory (opis) of a fond.
type Opis struct {
	Number string
	Dela   []Delo
	Docs   int
}

// Delo is one archival file, and the documents of the collection from it in
// order of their sheets (listy), then of date.
type Delo struct {
	Number string
	// File is the short reference of the file: "GAPPOD, f.1, op.89, d.112".
	File string
	Docs []*archive.Document
}

// Archives returns the repositories of docs with their fonds, opisi and
// dela, each level in natural order (numbers as numbers: op.89 before
// op.112). Documents without an archival reference are left out; Unfiled
// lists them.
func Archives(docs []*archive.Document) []Repository {
	byKey := map[string]*Repository{}
	var repos []*Repository
	// Where each fond, opis and delo stands in its parent's list, by its
	// path: a collection whose every document comes from a file of its own
	// is read in one pass, not a scan of the file's siblings a document.
	at := map[archivePath]int{}
	for _, d := range docs {
		key := archive.RepositoryKey(d.Reference.Repository)
		if key == "" {
			continue
		}
		r := byKey[key]
		if r == nil {
			r = &Repository{Key: key, Name: archive.RepositoryName(d.Reference.Repository)}
			byKey[key] = r
			repos = append(repos, r)
		}
		if w := strings.Join(strings.Fields(d.Reference.Repository), " "); !slices.Contains(r.Written, w) {
			r.Written = append(r.Written, w)
		}
		ref := d.Reference
		fn, on, dn := ref.Part("fond"), ref.Part("opis"), ref.Part("delo")
		f := numbered(at, archivePath{key, fn, "", "", 1}, &r.Fonds, func() Fond { return Fond{Number: fn} })
		o := numbered(at, archivePath{key, fn, on, "", 2}, &f.Opisi, func() Opis { return Opis{Number: on} })
		dl := numbered(at, archivePath{key, fn, on, dn, 3}, &o.Dela, func() Delo { return Delo{Number: dn, File: ref.File()} })
		dl.Docs = append(dl.Docs, d)
		r.Docs++
		f.Docs++
		o.Docs++
	}
	out := make([]Repository, 0, len(repos))
	for _, r := range repos {
		sort.Strings(r.Written)
		sort.Slice(r.Fonds, func(i, j int) bool { return naturalLess(r.Fonds[i].Number, r.Fonds[j].Number) })
		for fi := range r.Fonds {
			f := &r.Fonds[fi]
			sort.Slice(f.Opisi, func(i, j int) bool { return naturalLess(f.Opisi[i].Number, f.Opisi[j].Number) })
			for oi := range f.Opisi {
				o := &f.Opisi[oi]
				sort.Slice(o.Dela, func(i, j int) bool { return naturalLess(o.Dela[i].Number, o.Dela[j].Number) })
				for di := range o.Dela {
					sortBySheets(o.Dela[di].Docs)
				}
			}
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Unfiled returns the documents that give no archival reference.
func Unfiled(docs []*archive.Document) []*archive.Document {
	var out []*archive.Document
	for _, d := range docs {
		if archive.RepositoryKey(d.Reference.Repository) == "" {
			out = append(out, d)
		}
	}
	return out
}

// archivePath names a fond (level 1), an opis (2) or a delo (3) of a
// repository.
type archivePath struct {
	repository, fond, opis, delo string
	level                        int
}

// numbered returns the element of list at path, appending fresh() first
// when there is none: the fonds of a repository, the opisi of a fond and
// the dela of an opis are kept in the order first met. at holds each
// path's place in its list.
func numbered[T any](at map[archivePath]int, path archivePath, list *[]T, fresh func() T) *T {
	i, ok := at[path]
	if !ok {
		i = len(*list)
		at[path] = i
		*list = append(*list, fresh())
	}
	return &(*list)[i]
}

func sortBySheets(docs []*archive.Document) {
	sort.SliceStable(docs, func(i, j int) bool {
		a, b := docs[i].Reference.Part("list"), docs[j].Reference.Part("list")
		if a != "" && b != "" && a != b {
			return naturalLess(a, b)
		}
		if c := docs[i].Date.Compare(docs[j].Date); c != 0 {
			return c < 0
		}
		return docs[i].ID < docs[j].ID
	})
}

// naturalLess compares archival numbers as a reader does: runs of digits as
// numbers ("89" < "112", "0057" = "57" then by length), the rest as text.
func naturalLess(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	i, j := 0, 0
	for i < len(ra) && j < len(rb) {
		if unicode.IsDigit(ra[i]) && unicode.IsDigit(rb[j]) {
			si, sj := i, j
			for i < len(ra) && unicode.IsDigit(ra[i]) {
				i++
			}
			for j < len(rb) && unicode.IsDigit(rb[j]) {
				j++
			}
			na := strings.TrimLeft(string(ra[si:i]), "0")
			nb := strings.TrimLeft(string(rb[sj:j]), "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			if i-si != j-sj {
				return i-si > j-sj // "0057" before "57": more leading zeros first
			}
			continue
		}
		ca, cb := unicode.ToLower(ra[i]), unicode.ToLower(rb[j])
		if ca != cb {
			return ca < cb
		}
		i++
		j++
	}
	return len(ra)-i < len(rb)-j
}
