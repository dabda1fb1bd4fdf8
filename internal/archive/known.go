package archive

import (
	"crypto/sha256"
	"io/fs"
	"time"
)

// Known is what an earlier load learned of the source files: their
// documents, outlined (Collection.Outlined), by file name. A load given it
// takes a known document again, instead of parsing its file, when the file
// under the same name has the same bytes: parsing is a pure function of the
// name and the bytes, so the document would be the same.
type Known struct {
	// Docs are the outlined documents by file name (Document.File).
	Docs map[string]*Document
	// Seen is when the earlier load started looking at the files. A file
	// whose size and modification time are those it had then is taken as
	// unchanged without being read, as make and git do, unless it was
	// modified within clockTick of Seen: a change made in the same tick of
	// the file system's clock would leave its time as it was (git's "racy
	// clean" entries). Any other file is read, and compared by its bytes.
	Seen time.Time
	// Parsed, if set, is called with each document parsed anew, whole, on
	// the core that parsed it, before the collection keeps it outlined
	// (Document.Outlined) with its source: what a caller derives from the
	// texts it derives there, so that the texts of the whole collection
	// are never held at once. The documents taken again are outlined
	// already and not passed to it.
	Parsed func(d *Document)
}

// clockTick is the coarsest modification-time resolution of the file
// systems a folder of documents may sit on (FAT keeps two seconds).
const clockTick = 2 * time.Second

// parseFile reads and parses the file f, or takes the known document
// parsed from the same bytes.
func (k Known) parseFile(fsys fs.FS, f source) parsed {
	p := k.find(fsys, f)
	if k.Parsed != nil && p.doc != nil && !p.reused {
		k.Parsed(p.doc)
		o := p.doc.Outlined()
		Detach(o) // the whole document and its file's text are let go
		o.Outline.Source, o.Outline.Modified, o.Outline.Size, o.Outline.Sum = p.kept.source, p.kept.modified, p.kept.size, p.kept.sum
		p.doc = o
	}
	return p
}

// find reads and parses the file f, or takes the known document parsed
// from the same bytes.
func (k Known) find(fsys fs.FS, f source) parsed {
	name := f.name
	d := k.Docs[name]
	if d == nil || d.Outline == nil || !d.Outline.kept() {
		return parseFile(fsys, name)
	}
	o := d.Outline
	if info, err := look(fsys, f); err == nil && info.Mode().IsRegular() &&
		info.Size() == o.Size && info.ModTime().Equal(o.Modified) && o.Modified.Before(k.Seen.Add(-clockTick)) {
		return k.reuse(d, info.ModTime())
	}
	data, info, err := readFile(fsys, name, maxFileSize)
	if err != nil {
		return unreadable(name, err)
	}
	if int64(len(data)) == o.Size && sha256.Sum256(data) == o.Sum {
		p := k.reuse(d, info.ModTime())
		p.reread = true
		return p
	}
	return parseData(name, data, info)
}

// look returns what the folder says of file f: what the walk of the folder
// learned of a regular file, which a folder opened as an os.Root has read
// already (its ReadDir looks at every entry), or else what the folder says
// of the file a symbolic link leads to. Asking again for each file was a
// third of a restart's look at a folder of 100,000.
func look(fsys fs.FS, f source) (fs.FileInfo, error) {
	if f.entry != nil && f.entry.Type().IsRegular() {
		return f.entry.Info()
	}
	return fs.Stat(fsys, f.name)
}

// reuse takes known document d again, its file last modified at modified:
// d itself when that is the time it knows (a restart takes most documents
// so, and copying each was a tenth of looking at the folder), else a copy
// with the new time, so that Known is never changed.
func (k Known) reuse(d *Document, modified time.Time) parsed {
	doc := d
	if !modified.Equal(d.Outline.Modified) {
		o := *d.Outline
		o.Modified = modified
		c := *d
		c.Outline = &o
		doc = &c
	}
	o := doc.Outline
	return parsed{name: d.File, doc: doc, reused: true,
		kept: kept{source: o.Source, modified: o.Modified, size: o.Size, sum: o.Sum}}
}
