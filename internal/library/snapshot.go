package library

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/timeline"
	"golang.org/x/sync/errgroup"
)

// snapshotFile holds, beside a persisted search index, the outlined
// documents and what was derived from their texts: what a start needs
// instead of reading and parsing every source file again.
const snapshotFile = "readingroom-library.gob"

// The snapshot is a series of frames, each a length and an independent
// frame of the snapshot's own encoding (codec.go), so that the documents
// decode on every core: first the header, then the documents, their facts
// and their index hashes in chunks.
const (
	snapshotMagic = "readingroom library snapshot 8\n"
	snapshotChunk = 2000 // documents per frame
	maxFrame      = 1 << 30
)

// snapshotHeader comes first, so that a snapshot of another program is
// recognised before its documents are decoded.
type snapshotHeader struct {
	// Program is the SHA-256 of the program that made the snapshot: its
	// parser and name finder made the documents and facts.
	Program string
	// Records identifies the records the facts were derived with
	// (recordsKey).
	Records string
	// Seen is when the source files were looked at (archive.Known).
	Seen time.Time
	// Sources names the sources store the documents' places are in
	// (store.name); empty when they keep their sources themselves.
	Sources   string
	Documents int
	Frames    int
}

// snapshotFrame holds a run of documents, outlined, in date order, with
// what was derived from their texts and the search.DocHash of what the
// index was told of each.
type snapshotFrame struct {
	Docs   []*archive.Document
	Facts  []*Facts
	Hashes []string
}

// snapshot is a snapshot read back.
type snapshot struct {
	head snapshotHeader
	docs []*archive.Document
	// derived holds, by document ID, the facts and the index hash.
	derived map[string]derived
}

// derived is what the library derived from one document's texts.
type derived struct {
	facts *Facts
	hash  string
}

// known returns the snapshot's documents as the loader takes them again.
func (s *snapshot) known() archive.Known {
	if s == nil {
		return archive.Known{}
	}
	k := archive.Known{Docs: make(map[string]*archive.Document, len(s.docs)), Seen: s.head.Seen}
	for _, d := range s.docs {
		k.Docs[d.File] = d
	}
	return k
}

// Load reads the documents below the root of fsys and opens the library
// on them, as Open does. With opts.IndexDir, it keeps beside the search
// index a snapshot of the outlined documents, of what was derived from
// their texts and of what the index was told of each; a later start takes
// from it every document whose source file has not changed, and parses,
// finds the names in and indexes again only the others (and all of them
// when the records have changed, though it indexes again only those whose
// index entry changed).
func Load(ctx context.Context, fsys fs.FS, opts Options) (Library, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
		opts.Log = log
	}
	var lock *os.File
	if opts.IndexDir != "" {
		var err error
		if lock, err = lockIndexDir(opts.IndexDir); err != nil {
			return Library{}, err
		}
		start := time.Now()
		removeLeftovers(opts.IndexDir, log)
		checkIndexFiles(opts.IndexDir, log)
		log.Info("index folder checked", slog.String("dir", opts.IndexDir), slog.Duration("took", time.Since(start)))
	}
	lib, err := load(ctx, fsys, opts)
	if err != nil {
		unlock(lock)
		return Library{}, err
	}
	lib.lock = lock
	return lib, nil
}

func load(ctx context.Context, fsys fs.FS, opts Options) (Library, error) {
	log := opts.Log
	start := time.Now()
	recs, err := ReadRecords(opts.Data, log)
	if err != nil {
		return Library{}, err
	}
	log.Info("records read", slog.Duration("took", time.Since(start)))
	start = time.Now()
	// The names are found in each document as it is parsed, and its texts
	// let go: the collection is held outlined from the start.
	dg := &digests{byFile: map[string]digest{}}
	if opts.IndexDir == "" {
		start = time.Now()
		coll, err := archive.LoadKnown(ctx, fsys, archive.Known{Parsed: digester(recs, dg)})
		if err != nil {
			return Library{}, err
		}
		log.Info("documents read", slog.Int("documents", len(coll.Docs)), slog.Duration("took", time.Since(start)))
		lib, _, err := open(ctx, coll, recs, nil, dg, opts)
		return lib, err
	}
	prog, err := programHash()
	if err != nil {
		return Library{}, err
	}
	records, err := recordsKey(opts.Data)
	if err != nil {
		return Library{}, err
	}
	log.Info("program and records identified", slog.Duration("took", time.Since(start)))
	start = time.Now()
	prior, err := readSnapshot(ctx, opts.IndexDir, prog)
	if err != nil {
		log.Info("library snapshot not used: reading every document", slog.String("dir", opts.IndexDir), slog.String("why", err.Error()))
		prior = nil
	} else {
		log.Info("library snapshot read", slog.String("dir", opts.IndexDir), slog.Int("documents", len(prior.docs)), slog.Duration("took", time.Since(start)))
	}
	start = time.Now()
	sources := openSources(opts.IndexDir, &prior, log)
	seen := start // before any file is looked at (archive.Known)
	known := prior.known()
	var reuse map[string]derived
	if prior != nil {
		if prior.head.Records == records {
			reuse = prior.derived
		} else {
			log.Info("the records changed since the snapshot: names are found again in every document", slog.String("dir", opts.IndexDir))
		}
	}
	known.Parsed = digester(recs, dg)
	dg.startBuild(ctx, opts)
	coll, err := archive.LoadKnown(ctx, fsys, known)
	if err != nil {
		dg.abandon()
		sources.close()
		return Library{}, err
	}
	log.Info("documents read", slog.Int("documents", len(coll.Docs)), slog.Int("parsed", coll.Parsed),
		slog.Int("unchanged", coll.Reused), slog.Int("reread", coll.Reread), slog.Duration("took", time.Since(start)))
	rewritten := false
	if sources != nil {
		start = time.Now()
		var moved int
		moved, rewritten, err = sources.keep(coll)
		if err != nil {
			// What was not moved stays in memory; the server serves.
			log.Error("sources not kept in the index folder", slog.String("error", err.Error()))
		}
		log.Info("sources stored", slog.Int("documents", moved), slog.Bool("rewritten", rewritten), slog.Int64("bytes", sources.size), slog.Duration("took", time.Since(start)))
		coll.SetSources(sources)
	}
	lib, st, err := open(ctx, coll, recs, reuse, dg, opts)
	if err != nil {
		sources.close()
		return Library{}, err
	}
	lib.sources = sources
	// A start that changed nothing leaves the snapshot as it is, unless
	// it had to read files to find that out (their times changed, or were
	// too close to the snapshot's to trust): the snapshot written now
	// records their times and this start's, and the next start need not
	// read them again.
	same := prior != nil && !rewritten && coll.Reread == 0 && st.derived == 0 && coll.Reused == len(prior.docs) && coll.Reused == len(coll.Docs)
	if opts.IndexDir != "" && !same {
		// The snapshot is written while the library serves: a start cut
		// short before it is done leaves the previous one, from which the
		// next start reads again the documents changed since; the index
		// knows by their hashes that it holds them already.
		done, closing := make(chan struct{}), make(chan struct{})
		lib.saved, lib.closing = done, sync.OnceFunc(func() { close(closing) })
		go func() {
			defer close(done)
			if opts.Ready != nil {
				select {
				case <-opts.Ready:
				case <-closing:
				}
			}
			// Only with its index built and kept: a snapshot of a
			// start whose build was cut short would have the next
			// start index, alone, every document it no longer reads.
			<-lib.index.ready
			if lib.index.err != nil || !lib.index.persisted {
				return
			}
			start := time.Now()
			head := snapshotHeader{Program: prog, Records: records, Seen: seen}
			if sources != nil {
				head.Sources = sources.name
			}
			err := sources.sync()
			if err == nil {
				err = writeSnapshot(opts.IndexDir, head, lib, st.hashes)
			}
			if err != nil {
				// The library serves; the next start will only be slower.
				log.Error("library snapshot not written", slog.String("error", err.Error()))
				return
			}
			log.Info("library snapshot written", slog.Int("documents", len(lib.Collection.Docs)), slog.Duration("took", time.Since(start)))
		}()
	}
	return lib, nil
}

// recordsKey identifies the records that facts and index entries are
// derived with: the people, places, organisations and glossary, and the
// senders and recipients set by hand. nil data means the shipped records,
// which are part of the program.
func recordsKey(data fs.FS) (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, "readingroom records")
	for _, name := range []string{"people.toml", "places.toml", "organisations.toml", "glossary.toml", timeline.PartiesFile} {
		if data == nil {
			break
		}
		b, err := archive.ReadRecordFile(data, name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		fmt.Fprintf(h, "%s %t %x\n", name, err == nil, sha256.Sum256(b))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// programHash is the SHA-256 of the running executable: a rebuilt program
// may parse differently, so its snapshots are not trusted.
var programHash = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

// readSnapshot reads the snapshot in dir, made by the program prog, and
// checks it whole before returning it.
func readSnapshot(ctx context.Context, dir, prog string) (*snapshot, error) {
	f, err := os.Open(filepath.Join(dir, snapshotFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = errors.New("no snapshot there yet")
		}
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() < sha256.Size {
		return nil, errors.New("the snapshot is cut short")
	}
	// The snapshot's checksum is its last bytes; everything read before
	// them is hashed on the way, and nothing is used unless they match.
	sum := sha256.New()
	body := io.TeeReader(io.LimitReader(f, info.Size()-sha256.Size), sum)
	r := bufio.NewReaderSize(body, 1<<20)
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != snapshotMagic {
		return nil, errors.New("the snapshot is of another kind or version")
	}
	b, err := frameBytes(r, info.Size())
	if err != nil {
		return nil, fmt.Errorf("the snapshot is unreadable: %w", err)
	}
	head, err := decodeHeader(b)
	if err != nil {
		return nil, fmt.Errorf("the snapshot is unreadable: %w", err)
	}
	if head.Program != prog {
		return nil, errors.New("the program changed since the snapshot")
	}
	frames, err := readFrames(ctx, r, info.Size(), head.Frames)
	if err != nil {
		return nil, fmt.Errorf("the snapshot is unreadable: %w", err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, err
	}
	want := make([]byte, sha256.Size)
	if _, err := io.ReadFull(f, want); err != nil {
		return nil, err
	}
	if !bytes.Equal(sum.Sum(nil), want) {
		return nil, errors.New("the snapshot does not match its checksum: it was changed or cut short")
	}
	n := max(0, min(head.Documents, head.Frames*snapshotChunk)) // a count the frames can hold
	s := &snapshot{head: head, docs: make([]*archive.Document, 0, n), derived: make(map[string]derived, n)}
	for _, fr := range frames {
		if len(fr.Facts) != len(fr.Docs) || len(fr.Hashes) != len(fr.Docs) {
			return nil, errors.New("the snapshot is inconsistent")
		}
		for i, d := range fr.Docs {
			if d == nil || d.Outline == nil || fr.Facts[i] == nil {
				return nil, errors.New("the snapshot is inconsistent")
			}
			s.docs = append(s.docs, d)
			s.derived[d.ID] = derived{facts: fr.Facts[i], hash: fr.Hashes[i]}
		}
	}
	if len(s.docs) != head.Documents {
		return nil, errors.New("the snapshot is incomplete")
	}
	return s, nil
}

// frameBytes reads one frame, of at most most bytes (the file's size): a
// damaged length of a gigabyte in a small file is refused before anything
// is allocated, and any other costs no more than the file. A frame is
// read into a buffer of its own length at once, not one grown as it is
// read (growing the buffers of a 550 MB snapshot was a seventh of a
// restart at 100,000 documents).
func frameBytes(r io.Reader, most int64) ([]byte, error) {
	var size uint32
	if err := binary.Read(r, binary.LittleEndian, &size); err != nil {
		return nil, err
	}
	if size > maxFrame || int64(size) > most {
		return nil, fmt.Errorf("a frame of %d bytes in a file of %d", size, most)
	}
	b := make([]byte, size)
	if n, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("a frame of %d bytes ends after %d: %w", size, n, err)
	}
	return b, nil
}

// readFrames reads n frames of documents and decodes them on every core.
func readFrames(ctx context.Context, r io.Reader, most int64, n int) ([]snapshotFrame, error) {
	if n < 0 || n > 1<<20 {
		return nil, fmt.Errorf("%d frames", n)
	}
	out := make([]snapshotFrame, n)
	// At most as many frames read ahead as there are cores decoding them.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	var err error
	for i := range n {
		var b []byte
		if err = ctx.Err(); err != nil {
			break
		}
		if b, err = frameBytes(r, most); err != nil {
			break
		}
		g.Go(func() (err error) {
			out[i], err = decodeFrame(b)
			return err
		})
	}
	if werr := g.Wait(); err == nil {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeSnapshot writes lib's snapshot into dir, with head and the index
// hashes by document ID, replacing the previous one only once the new one
// is complete.
func writeSnapshot(dir string, head snapshotHeader, lib Library, hashes map[string]string) error {
	docs := lib.Collection.Docs
	head.Documents, head.Frames = len(docs), (len(docs)+snapshotChunk-1)/snapshotChunk
	return writeFileAtomic(dir, snapshotFile, func(w io.Writer) error {
		sum := sha256.New()
		if err := writeFrames(io.MultiWriter(w, sum), head, docs, lib, hashes); err != nil {
			return err
		}
		// The checksum of everything before it comes last: a snapshot
		// cut short or changed does not verify.
		_, err := w.Write(sum.Sum(nil))
		return err
	})
}

// writeFileAtomic writes the file name in dir through a temporary file
// beside it, written by write, synced and renamed into place: a reader
// finds the previous file or the whole new one, never a part. The
// temporary file is removed when anything fails (and the start removes
// any that a killed process left).
func writeFileAtomic(dir, name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // nothing by that name once renamed
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

func writeFrames(w io.Writer, head snapshotHeader, docs []*archive.Document, lib Library, hashes map[string]string) error {
	if _, err := io.WriteString(w, snapshotMagic); err != nil {
		return err
	}
	b, err := encodeHeader(head)
	if err != nil {
		return err
	}
	if err := writeFrame(w, b); err != nil {
		return err
	}
	for i := 0; i < len(docs); i += snapshotChunk {
		fr := snapshotFrame{Docs: docs[i:min(i+snapshotChunk, len(docs))]}
		for _, d := range fr.Docs {
			fr.Facts = append(fr.Facts, lib.Facts(d))
			fr.Hashes = append(fr.Hashes, hashes[d.ID])
		}
		b, err := encodeFrame(fr)
		if err != nil {
			return err
		}
		if err := writeFrame(w, b); err != nil {
			return err
		}
	}
	return nil
}

// writeFrame writes frame b after its length.
func writeFrame(w io.Writer, b []byte) error {
	if len(b) > maxFrame {
		return fmt.Errorf("a frame of %d bytes, more than the %d a snapshot may hold", len(b), maxFrame)
	}
	if err := binary.Write(w, binary.LittleEndian, uint32(len(b))); err != nil {
		return err
	}
	_, err := w.Write(b)
	return err
}
