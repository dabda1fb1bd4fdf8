package library

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/readingroom/readingroom/internal/archive"
)

// sourcesFile keeps, in the index folder, the compressed source of every
// document (archive.Outline.Source), one after another, so that neither
// the snapshot nor the running server holds them: the snapshot keeps each
// document's place in it (archive.Outline.Stored) and the SHA-256 of its
// bytes (archive.Outline.Sum), and a page reads its document's source at
// need. A start appends the sources of the documents it parsed anew; the
// frames of documents changed or deleted stay as dead bytes until they
// outweigh the live ones, when the store is written afresh.
const sourcesFile = "readingroom-sources.dat"

// The store begins with its magic and its name: sixteen random bytes, new
// each time the store is written afresh, that the snapshot records. A
// snapshot whose store was written afresh since (a start that compacted it
// and was killed before its snapshot was written) names another store, and
// is not used.
const (
	sourcesMagic  = "readingroom sources 1\n"
	sourcesHeader = int64(len(sourcesMagic) + 16)
	// maxStoredSource bounds one frame read back: a compressed source of
	// a file at the loader's limit (8 MB) is no longer than twice that,
	// so a damaged place costs no more than this, never the file.
	maxStoredSource = 16 << 20
)

// store is the open sources file of an index folder. Reads (ReadSource)
// come from many requests at once: ReadAt on one file is safe for that.
// Writes happen only at start, before the library serves.
type store struct {
	f    *os.File
	dir  string
	name string // hex of the store's sixteen random bytes
	size int64  // the bytes that frames may lie in
}

// openStore opens the sources store of dir, or, when fresh is set or there
// is none that can be read, writes an empty one in its place.
func openStore(dir string, fresh bool) (*store, error) {
	if !fresh {
		s, err := readStore(dir)
		if err == nil {
			return s, nil
		}
	}
	if err := writeEmptyStore(dir); err != nil {
		return nil, err
	}
	return readStore(dir)
}

// readStore opens dir's sources store and checks its header.
func readStore(dir string) (*store, error) {
	f, err := os.OpenFile(filepath.Join(dir, sourcesFile), os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	head := make([]byte, sourcesHeader)
	if _, err := f.ReadAt(head, 0); err != nil || string(head[:len(sourcesMagic)]) != sourcesMagic {
		f.Close()
		return nil, errors.New("the sources store is of another kind or cut short")
	}
	return &store{f: f, dir: dir, name: hex.EncodeToString(head[len(sourcesMagic):]), size: info.Size()}, nil
}

// writeEmptyStore writes an empty store, with a new name, in place of any
// other.
func writeEmptyStore(dir string) error {
	return writeStore(dir, func(io.Writer) error { return nil })
}

// writeStore writes a store afresh, through a temporary file renamed into
// place, with a new name followed by what write writes.
func writeStore(dir string, write func(io.Writer) error) error {
	id := make([]byte, 16)
	_, _ = rand.Read(id) // never fails (crypto/rand)
	return writeFileAtomic(dir, sourcesFile, func(w io.Writer) error {
		if _, err := io.WriteString(w, sourcesMagic); err != nil {
			return err
		}
		if _, err := w.Write(id); err != nil {
			return err
		}
		return write(w)
	})
}

// ReadSource reads the compressed source at e, refusing a place outside
// the store or longer than any source can be.
func (s *store) ReadSource(e archive.Extent) ([]byte, error) {
	if !s.holds(e) {
		return nil, fmt.Errorf("%d bytes at %d lie outside the sources store (%d bytes)", e.Length, e.Offset, s.size)
	}
	b := make([]byte, e.Length)
	if _, err := s.f.ReadAt(b, e.Offset); err != nil {
		return nil, fmt.Errorf("reading the sources store: %w", err)
	}
	return b, nil
}

// holds reports whether e lies within the store's frames.
func (s *store) holds(e archive.Extent) bool {
	return e.Offset >= sourcesHeader && e.Length > 0 && e.Length <= maxStoredSource && e.Offset <= s.size-e.Length
}

// close closes the store's file; nil is no store.
func (s *store) close() error {
	if s == nil {
		return nil
	}
	return s.f.Close()
}

// sync puts on disk the frames that keep appended: a snapshot pointing at
// them is written only after it returns without error. nil is no store.
func (s *store) sync() error {
	if s == nil {
		return nil
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("putting the sources store on disk: %w", err)
	}
	return nil
}

// keep puts into the store the sources that coll's documents hold in
// memory (those parsed anew) and lets go of them there, appending them, or
// writing the store afresh, with only the live documents, when the dead
// frames (of documents changed or gone) outweigh the live ones. rewritten
// says the store got a new name; the snapshot must then be written again.
// On a failure, the documents not yet moved keep their sources in memory
// and the store is as it was.
func (s *store) keep(coll *archive.Collection) (moved int, rewritten bool, err error) {
	var stored, added int64
	var fresh []*archive.Outline
	for _, d := range coll.Docs {
		switch o := d.Outline; {
		case o == nil:
		case o.Source != nil:
			fresh = append(fresh, o)
			added += int64(len(o.Source))
		case o.Stored.Length > 0:
			stored += o.Stored.Length
		}
	}
	if dead := s.size - sourcesHeader - stored; dead > stored+added {
		if err := s.compact(coll); err != nil {
			return 0, false, err
		}
		return len(fresh), true, nil
	}
	if len(fresh) == 0 {
		return 0, false, nil
	}
	// Appended after the end: the frames before stay where the previous
	// snapshot says, whatever happens to this write.
	at := s.size
	w := bufio.NewWriterSize(io.NewOffsetWriter(s.f, at), 1<<20)
	places := make([]archive.Extent, len(fresh))
	for i, o := range fresh {
		places[i] = archive.Extent{Offset: at, Length: int64(len(o.Source))}
		if _, err := w.Write(o.Source); err != nil {
			return 0, false, fmt.Errorf("appending to the sources store: %w", err)
		}
		at += int64(len(o.Source))
	}
	if err := w.Flush(); err != nil {
		return 0, false, fmt.Errorf("appending to the sources store: %w", err)
	}
	// Not synced here: the frames are read back from the page cache
	// meanwhile, and only the snapshot, written later, points a next
	// start at them; it is written once they are on disk (sync). At
	// 100,000 documents the sync was 1.2 s of a first start's wait.
	s.size = at
	for i, o := range fresh {
		o.Stored, o.Source = places[i], nil
	}
	return len(fresh), false, nil
}

// compact writes the store afresh with the live documents' sources only,
// those stored and those in memory, in coll's order, and takes it in place
// of the old one.
func (s *store) compact(coll *archive.Collection) error {
	var outlines []*archive.Outline
	var places []archive.Extent
	err := writeStore(s.dir, func(w io.Writer) error {
		at := sourcesHeader
		for _, d := range coll.Docs {
			o := d.Outline
			if o == nil || (o.Source == nil && o.Stored.Length == 0) {
				continue
			}
			b := o.Source
			if b == nil {
				var err error
				// A frame that cannot be read is written as it is not:
				// the document is then read from the folder (Full).
				if b, err = s.ReadSource(o.Stored); err != nil {
					continue
				}
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
			outlines = append(outlines, o)
			places = append(places, archive.Extent{Offset: at, Length: int64(len(b))})
			at += int64(len(b))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("writing the sources store afresh: %w", err)
	}
	n, err := readStore(s.dir)
	if err != nil {
		return fmt.Errorf("writing the sources store afresh: %w", err)
	}
	s.f.Close()
	*s = *n
	for i, o := range outlines {
		o.Stored, o.Source = places[i], nil
	}
	return nil
}

// openSources opens the store of the index folder dir for a start that
// read the snapshot prior (nil: none), and drops prior when its places do
// not fit that store. A store that cannot be opened or written (a read-only
// or full disk) leaves the sources in memory, as without an index folder.
func openSources(dir string, prior **snapshot, log *slog.Logger) *store {
	s, err := openStore(dir, *prior == nil)
	if err == nil && *prior != nil {
		why := ""
		if s.name != (*prior).head.Sources {
			why = "the sources store was written afresh since the snapshot"
		} else {
			for _, d := range (*prior).docs {
				if d.Outline.Source == nil && !s.holds(d.Outline.Stored) {
					why = "the sources store is cut short"
					break
				}
			}
		}
		if why != "" {
			log.Info("library snapshot not used: reading every document", slog.String("dir", dir), slog.String("why", why))
			*prior = nil
			s.close()
			s, err = openStore(dir, true)
		}
	}
	if err != nil {
		log.Error("the documents' sources cannot be kept in the index folder: keeping them in memory", slog.String("dir", dir), slog.String("error", err.Error()))
		return nil
	}
	return s
}
