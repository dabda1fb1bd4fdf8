package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/BurntSushi/toml"
)

// IDFile is the file, kept with the documents, that records every ID each
// document has been published under. A document's ID is built from its
// date and title, so correcting a title moves it; the file keeps the old
// ID, and the site redirects it to the new one.
const IDFile = "ids.toml"

// maxIDFile bounds the ID file: a few hundred bytes a document.
const maxIDFile = 64 << 20

// IDEntry is one document's line in the ID file. The document is known by
// the archive's record number when it has one, else by its file.
type IDEntry struct {
	Record string   `toml:"record,omitempty"`
	File   string   `toml:"file"`
	ID     string   `toml:"id"`
	Former []string `toml:"former,omitempty"`
}

// IDs is the content of the ID file.
type IDs struct {
	Documents []IDEntry `toml:"document"`
}

// ReadIDs reads the ID file at the root of fsys; it returns nil and no
// error when there is none.
func ReadIDs(fsys fs.FS) (*IDs, error) {
	data, err := ReadFile(fsys, IDFile, maxIDFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, Problem{File: IDFile, Message: "cannot read: " + err.Error()}
	}
	var ids IDs
	md, err := toml.Decode(string(data), &ids)
	if err != nil {
		line := 0
		var perr toml.ParseError
		if errors.As(err, &perr) {
			line = perr.Position.Line
		}
		return nil, Problem{File: IDFile, Line: line, Message: "not valid TOML: " + err.Error() + "; run readingroom ids to write it again"}
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, Problem{File: IDFile, Message: fmt.Sprintf("unknown key %q; each [[document]] has record, file, id and former", und[0].String())}
	}
	return &ids, nil
}

// entryFor finds a document's entry: by record number, else by file.
func (ids *IDs) entryFor(d *Document) int {
	if d.RecordID != "" {
		for i, e := range ids.Documents {
			if e.Record == d.RecordID {
				return i
			}
		}
	}
	for i, e := range ids.Documents {
		if e.File == d.File && (e.Record == "" || d.RecordID == "") {
			return i
		}
	}
	return -1
}

// Update records the collection's current IDs: a document whose ID has
// changed keeps the old one among its former IDs, a new document gets an
// entry, and entries of documents no longer there stay, so that their IDs
// are never given to another document by accident. It returns one line
// for each change.
func (ids *IDs) Update(docs []*Document) []string {
	var changes []string
	for _, d := range docs {
		i := ids.entryFor(d)
		if i < 0 {
			ids.Documents = append(ids.Documents, IDEntry{Record: d.RecordID, File: d.File, ID: d.ID})
			changes = append(changes, fmt.Sprintf("new: %s (%s)", d.ID, d.File))
			continue
		}
		e := &ids.Documents[i]
		if e.ID != d.ID {
			if !slices.Contains(e.Former, e.ID) {
				e.Former = append(e.Former, e.ID)
			}
			changes = append(changes, fmt.Sprintf("moved: %s -> %s (%s)", e.ID, d.ID, d.File))
			e.ID = d.ID
		}
		var former []string
		for _, f := range e.Former {
			if f != d.ID {
				former = append(former, f)
			}
		}
		e.Former = former
		if e.File != d.File {
			changes = append(changes, fmt.Sprintf("renamed: %s -> %s", e.File, d.File))
			e.File = d.File
		}
		if e.Record == "" && d.RecordID != "" {
			e.Record = d.RecordID
		}
	}
	sort.SliceStable(ids.Documents, func(i, j int) bool { return ids.Documents[i].ID < ids.Documents[j].ID })
	return changes
}

// Encode writes the ID file.
func (ids *IDs) Encode() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Every ID each document has been published under, written by `readingroom ids`.\n")
	b.WriteString("# A document is known by its record number, else its file; the site redirects\n")
	b.WriteString("# each former ID to the current one. Keep this file with the documents.\n\n")
	if err := toml.NewEncoder(&b).Encode(ids); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// applyIDs reads the ID file into the collection's table of former IDs
// and returns what is wrong with it: an ID that moved without being
// recorded, a document missing from it, a former ID now taken by another
// document.
func (c *Collection) applyIDs() []Problem {
	c.former = map[string]string{}
	if c.fsys == nil {
		return nil
	}
	ids, err := ReadIDs(c.fsys)
	if err != nil {
		var p Problem
		if !errors.As(err, &p) {
			p = Problem{File: IDFile, Message: err.Error()}
		}
		p.Warning = true // the documents still load; only old links are lost
		return []Problem{p}
	}
	if ids == nil {
		if len(c.Docs) == 0 {
			return nil
		}
		return []Problem{{File: IDFile, Warning: true, Message: "no record of the IDs the documents were published under: run readingroom ids to write it, so that a corrected title never breaks a link"}}
	}
	var out []Problem
	used := make([]bool, len(ids.Documents))
	for _, d := range c.Docs {
		i := ids.entryFor(d)
		if i >= 0 {
			used[i] = true
		}
		if i < 0 {
			out = append(out, Problem{File: d.File, Warning: true, Message: fmt.Sprintf("its ID %s is not recorded in %s: run readingroom ids", d.ID, IDFile)})
			continue
		}
		e := ids.Documents[i]
		if e.ID != d.ID {
			out = append(out, Problem{File: d.File, Warning: true, Message: fmt.Sprintf("its ID moved from %s to %s without being recorded in %s (old links still redirect); run readingroom ids", e.ID, d.ID, IDFile)})
		}
		for _, old := range append(e.Former, e.ID) {
			if old == d.ID {
				continue
			}
			if other, taken := c.byID[old]; taken {
				out = append(out, Problem{File: IDFile, Warning: true, Message: fmt.Sprintf("the former ID %s of %s is now the ID of %s; the link goes to the latter", old, d.File, other.File)})
				continue
			}
			c.former[old] = d.ID
		}
	}
	for i, e := range ids.Documents {
		if !used[i] {
			out = append(out, Problem{File: IDFile, Warning: true, Message: fmt.Sprintf("%s (file %s) is no longer in the collection, so its links answer 404; if the file was renamed, write its new name in the entry", e.ID, e.File)})
		}
	}
	return out
}

// Redirect returns the current ID of a document that was published under
// id before, as the ID file records it.
func (c *Collection) Redirect(id string) (string, bool) {
	cur, ok := c.former[id]
	return cur, ok
}
