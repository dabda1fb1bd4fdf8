package archive

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// Collection is the loaded corpus: the documents in date order and the
// problems met while loading them.
type Collection struct {
	Docs     []*Document
	Problems []Problem
	// Reused counts the documents taken again from what an earlier load
	// knew (LoadKnown), not parsed: they are held outlined. Parsed counts
	// the files parsed (or found unreadable), loaded or not. Reread
	// counts the documents taken again only after their files were read
	// and compared (a time changed, or too close to the earlier load's to
	// be trusted): a new Known.Seen would spare the next load that work.
	Reused, Parsed, Reread int

	byID     map[string]*Document
	byRecord map[string]*Document
	// former maps each former ID of a document, as the ID file records
	// it, to the document's current ID.
	former map[string]string
	// fsys is where the documents were read from.
	fsys fs.FS
	// kept holds, by document ID, the source files as loaded, which
	// Outlined hands to the outlines.
	kept map[string]kept
	// sources reads the sources kept outside memory (Outline.Stored).
	sources Sources
}

// IsSource reports whether a file name is one the loader reads as a
// document: Markdown or plain text, not a README.
func IsSource(name string) bool {
	base := strings.ToLower(path.Base(name))
	if strings.HasPrefix(base, "readme") || strings.HasPrefix(base, ".") {
		return false
	}
	ext := path.Ext(base)
	return ext == ".md" || ext == ".txt" || ext == ".markdown"
}

// maxFileSize bounds a source file: the longest document of the archive is a
// few hundred kilobytes; anything larger is not a document.
const maxFileSize = 8 << 20

// Load reads every source document below the root of fsys. A file that
// cannot be parsed is reported in Problems and the others still load; two
// files that give the same ID or record number are both reported and the
// first by file name is kept.
func Load(fsys fs.FS) (*Collection, error) {
	return LoadContext(context.Background(), fsys)
}

// LoadContext is Load that stops, with ctx's error, once ctx is done: a
// start-up that a signal ends stops within the parsing of one file.
func LoadContext(ctx context.Context, fsys fs.FS) (*Collection, error) {
	return LoadKnown(ctx, fsys, Known{})
}

// LoadKnown is LoadContext that takes again, instead of parsing, the
// documents of known whose source files have not changed (see Known).
func LoadKnown(ctx context.Context, fsys fs.FS, known Known) (*Collection, error) {
	c := &Collection{byID: map[string]*Document{}, byRecord: map[string]*Document{}, fsys: fsys, kept: map[string]kept{}}
	var files []source
	err := walkSources(fsys, func(name string, d fs.DirEntry) error {
		files = append(files, source{name, d})
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b source) int { return strings.Compare(a.name, b.name) })
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	// Sized once: growing them a document at a time was a tenth of a
	// restart's look at the folder.
	c.byID, c.byRecord, c.kept = make(map[string]*Document, len(names)), make(map[string]*Document, len(names)), make(map[string]kept, len(names))
	// Parse on every core, then add in file-name order so that which of two
	// duplicates is kept does not depend on timing.
	results := make([]parsed, len(names))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range names {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			results[i] = known.parseFile(fsys, files[i])
			return nil
		})
	}
	// parseFile reports problems in its result, not as errors: the only
	// error is ctx's.
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, r := range results {
		if !r.reused {
			c.Parsed++
		}
		c.add(r)
	}
	sort.SliceStable(c.Docs, func(i, j int) bool {
		a, b := c.Docs[i], c.Docs[j]
		if cmp := a.Date.Compare(b.Date); cmp != 0 {
			return cmp < 0
		}
		return a.ID < b.ID
	})
	c.Problems = append(c.Problems, c.applyIDs()...)
	return c, nil
}

// walkSources calls fn for every source document below the root of fsys,
// in lexical order; folders whose names start with a dot are skipped.
func walkSources(fsys fs.FS, fn func(name string, d fs.DirEntry) error) error {
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && name != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if !d.IsDir() && IsSource(name) {
			return fn(name, d)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading the documents folder: %w", err)
	}
	return nil
}

// source is a source file as the walk of the folder found it.
type source struct {
	name  string
	entry fs.DirEntry
}

// parsed is the outcome of reading one file.
type parsed struct {
	name string
	doc  *Document
	kept kept
	err  *Problem
	// reused says that doc is a known document, taken again; reread,
	// that its file was read to find that out.
	reused, reread bool
}

func parseFile(fsys fs.FS, name string) parsed {
	data, info, err := readFile(fsys, name, maxFileSize)
	if err != nil {
		return unreadable(name, err)
	}
	return parseData(name, data, info)
}

// unreadable is the outcome of a file that cannot be read.
func unreadable(name string, err error) parsed {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the problem names the file
	}
	return parsed{name: name, err: &Problem{File: name, Message: "cannot read: " + err.Error()}}
}

// parseData parses the bytes read from file name.
func parseData(name string, data []byte, info fs.FileInfo) parsed {
	doc, err := Parse(name, data)
	if err != nil {
		p, ok := err.(Problem)
		if !ok {
			p = Problem{File: name, Message: err.Error()}
		}
		return parsed{name: name, err: &p}
	}
	return parsed{name: name, doc: doc, kept: kept{source: compress(data), modified: info.ModTime(), size: int64(len(data)), sum: sha256.Sum256(data)}}
}

// kept is what the collection keeps of a document's source file as it was
// loaded: its bytes, compressed, and its modification time.
type kept struct {
	source   []byte
	modified time.Time
	size     int64
	sum      [32]byte
}

func (c *Collection) add(r parsed) {
	if r.err != nil {
		c.Problems = append(c.Problems, *r.err)
		return
	}
	doc, name := r.doc, r.name
	if prev, dup := c.byID[doc.ID]; dup {
		c.Problems = append(c.Problems, Problem{File: name, Message: fmt.Sprintf("gives the same ID %q as %s; not loaded", doc.ID, prev.File)})
		return
	}
	if prev, dup := c.byRecord[doc.RecordID]; dup && doc.RecordID != "" {
		c.Problems = append(c.Problems, Problem{File: name, Message: fmt.Sprintf("gives the same record number %s as %s; not loaded", doc.RecordID, prev.File)})
		return
	}
	c.Problems = append(c.Problems, doc.Warnings...)
	c.Docs = append(c.Docs, doc)
	c.byID[doc.ID] = doc
	c.kept[doc.ID] = r.kept
	if r.reused {
		c.Reused++
	}
	if r.reread {
		c.Reread++
	}
	if doc.RecordID != "" {
		c.byRecord[doc.RecordID] = doc
	}
}

// Outlined returns a collection holding the same documents without their
// texts (see Document.Outlined): a large collection's texts are then read
// from the source files, by Full, only when a page needs them.
func (c *Collection) Outlined() *Collection {
	if c.fsys == nil {
		return c // nowhere to read the texts again from
	}
	docs := make([]*Document, len(c.Docs))
	for i, d := range c.Docs {
		docs[i] = d.Outlined()
		if k, ok := c.kept[d.ID]; ok && docs[i] != d {
			docs[i].Outline.Source, docs[i].Outline.Modified = k.source, k.modified
			docs[i].Outline.Size, docs[i].Outline.Sum = k.size, k.sum
		}
	}
	o := Reopen(c.fsys, docs, c.Problems)
	o.sources = c.sources
	return o
}

// Reopen returns the collection of docs, already in date order, as read
// from fsys before: from a snapshot of outlined documents.
func Reopen(fsys fs.FS, docs []*Document, problems []Problem) *Collection {
	c := &Collection{Docs: docs, Problems: problems, byID: make(map[string]*Document, len(docs)), byRecord: map[string]*Document{}, fsys: fsys}
	for _, d := range docs {
		c.byID[d.ID] = d
		if d.RecordID != "" {
			c.byRecord[d.RecordID] = d
		}
	}
	c.applyIDs() // its problems are among those given
	return c
}

// Full returns the whole of document d: d itself, or for an outlined
// document, the document parsed again from the source bytes kept when the
// collection was loaded, in memory or in its store (Sources). It never
// reads the folder for them, so a file edited or deleted since gives the
// same document as the rest of the collection shows; only a stored copy
// found damaged is replaced by the folder's file, and only when that file
// still has the bytes loaded (its SHA-256 kept in the outline): otherwise
// the error is ErrSourceDamaged.
func (c *Collection) Full(d *Document) (*Document, error) {
	if d.Outline == nil {
		return d, nil
	}
	data, err := c.source(d)
	if err != nil {
		return nil, err
	}
	full, err := Parse(d.File, data)
	if err != nil {
		return nil, err
	}
	if full.ID != d.ID {
		// Parse is a pure function of the bytes: only a change of the
		// program between the snapshot and now could do this.
		return nil, Problem{File: d.File, Message: fmt.Sprintf("gives the document %q, not %q, from the same bytes", full.ID, d.ID)}
	}
	return full, nil
}

// Errors returns the problems that kept a file from loading.
func (c *Collection) Errors() []Problem {
	var out []Problem
	for _, p := range c.Problems {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Doc returns the document with the given ID.
func (c *Collection) Doc(id string) (*Document, bool) {
	d, ok := c.byID[id]
	return d, ok
}

// ByRecord returns the document with the archive's record number.
func (c *Collection) ByRecord(record string) (*Document, bool) {
	d, ok := c.byRecord[record]
	return d, ok
}

// Neighbours returns the documents before and after d in date order.
func (c *Collection) Neighbours(d *Document) (prev, next *Document) {
	for i, x := range c.Docs {
		if x == d {
			if i > 0 {
				prev = c.Docs[i-1]
			}
			if i+1 < len(c.Docs) {
				next = c.Docs[i+1]
			}
		}
	}
	return prev, next
}

// Repositories returns the repository keys of the collection, sorted.
func (c *Collection) Repositories() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range c.Docs {
		if k := RepositoryKey(d.Reference.Repository); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
