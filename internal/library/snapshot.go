package library

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
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
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/internal/timeline"
	"golang.org/x/sync/errgroup"
)

// snapshotFile holds, beside a persisted search index, the outlined
// documents and what was derived from their texts: what a start needs
// instead of reading and parsing every source file again.
const snapshotFile = "readingroom-library.gob"

// The snapshot is a series of frames, each a length and an independent gob
// stream, so that the documents decode on every core: first the header,
// then the documents and their facts in chunks.
const (
	snapshotMagic = "readingroom library snapshot 3\n"
	snapshotChunk = 2000 // documents per frame
	maxFrame      = 1 << 30
)

// snapshotHeader comes first, so that a stale snapshot is recognised
// before its documents are decoded.
type snapshotHeader struct {
	// Key is what the snapshot was made from (snapshotKey).
	Key string
	// Corpus identifies the documents the search index was built from
	// (search.CorpusHash).
	Corpus    string
	Documents int
	Frames    int
	Problems  []archive.Problem
}

// snapshotFrame holds a run of documents, outlined, in date order, with
// what was derived from their texts.
type snapshotFrame struct {
	Docs  []*archive.Document
	Facts []*Facts
}

// Load reads the documents below the root of fsys and opens the library
// on them, as Open does. With opts.IndexDir, it keeps a
// snapshot of the outlined documents and of what was derived from their
// texts beside the search index; a later start reads that snapshot and
// reopens the index instead of parsing every source file, as long as no
// source file, no record file and not the program itself has changed.
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
		removeLeftovers(opts.IndexDir, log)
		checkIndexFiles(opts.IndexDir, log)
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
	keyc := make(chan keyResult, 1)
	if opts.IndexDir != "" {
		start := time.Now()
		// The key is computed while the snapshot is read, and checked
		// before the library is used.
		go func() {
			k, err := snapshotKey(fsys, opts.Data)
			keyc <- keyResult{k, err}
		}()
		lib, err := openSnapshot(ctx, fsys, keyc, opts)
		if errors.Is(err, search.ErrInUse) {
			return Library{}, err
		}
		if err == nil {
			log.Info("library snapshot read", slog.String("dir", opts.IndexDir), slog.Int("documents", len(lib.Collection.Docs)), slog.Duration("took", time.Since(start)))
			return lib, nil
		}
		log.Info("library snapshot not used: reading every document", slog.String("dir", opts.IndexDir), slog.String("why", err.Error()))
	}
	start := time.Now()
	coll, err := archive.LoadContext(ctx, fsys)
	if err != nil {
		return Library{}, err
	}
	log.Info("documents read", slog.Int("documents", len(coll.Docs)), slog.Duration("took", time.Since(start)))
	lib, err := Open(ctx, coll, opts)
	if err != nil {
		return Library{}, err
	}
	if opts.IndexDir != "" && lib.persisted {
		k := <-keyc
		err := k.err
		if err == nil {
			err = writeSnapshot(opts.IndexDir, k.key, lib)
		}
		if err != nil {
			// The library serves; the next start will only be slower.
			log.Error("library snapshot not written", slog.String("error", err.Error()))
		}
	}
	return lib, nil
}

// snapshotKey identifies what a snapshot is made from: the source files
// (by name, size and time), the record files beside them, and the program,
// whose parser and name finder made it.
func snapshotKey(docs, data fs.FS) (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, "readingroom library snapshot")
	prog, err := programHash()
	if err != nil {
		return "", err
	}
	fmt.Fprintln(h, "program", prog)
	files, err := archive.Fingerprint(docs)
	if err != nil {
		return "", err
	}
	fmt.Fprintln(h, "documents", files)
	for _, name := range []string{"people.toml", "places.toml", "organisations.toml", "glossary.toml", timeline.ChronologyFile, timeline.PartiesFile} {
		if data == nil {
			break
		}
		b, err := archive.ReadRecordFile(data, name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		fmt.Fprintf(h, "%s %x\n", name, sha256.Sum256(b))
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

// keyResult is a computed snapshotKey.
type keyResult struct {
	key string
	err error
}

// openSnapshot opens the library from the snapshot in opts.IndexDir, if it
// was made from the key that keyc gives, and reopens the search index
// beside it. Decoding the documents, computing the key and opening the
// index run side by side.
func openSnapshot(ctx context.Context, fsys fs.FS, keyc chan keyResult, opts Options) (Library, error) {
	// The key is needed again by the caller if the snapshot is not used.
	var key *keyResult
	checkKey := func() error {
		if key == nil {
			k := <-keyc
			keyc <- k
			key = &k
		}
		return key.err
	}
	f, err := os.Open(filepath.Join(opts.IndexDir, snapshotFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = errors.New("no snapshot there yet")
		}
		return Library{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Library{}, err
	}
	if info.Size() < sha256.Size {
		return Library{}, errors.New("the snapshot is cut short")
	}
	// The snapshot's checksum is its last bytes; everything read before
	// them is hashed on the way, and nothing is used unless they match.
	sum := sha256.New()
	body := io.TeeReader(io.LimitReader(f, info.Size()-sha256.Size), sum)
	r := bufio.NewReaderSize(body, 1<<20)
	verify := func() error {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
		want := make([]byte, sha256.Size)
		if _, err := io.ReadFull(f, want); err != nil {
			return err
		}
		if !bytes.Equal(sum.Sum(nil), want) {
			return errors.New("the snapshot does not match its checksum: it was changed or cut short")
		}
		return nil
	}
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != snapshotMagic {
		return Library{}, errors.New("the snapshot is of another kind or version")
	}
	var head snapshotHeader
	if err := readFrame(r, &head); err != nil {
		return Library{}, fmt.Errorf("the snapshot is unreadable: %w", err)
	}
	recs, err := ReadRecords(opts.Data, opts.Log)
	if err != nil {
		return Library{}, err
	}
	auth, events, overrides := recs.Authority, recs.Events, recs.Overrides
	// The index asks for documents only when it searches, which is after
	// the library is put together below.
	var lib Library
	type opened struct {
		ix  *search.Index
		err error
	}
	index := make(chan opened, 1)
	go func() {
		ix, err := search.Open(ctx, nil, search.Options{Dir: opts.IndexDir, Log: opts.Log, Names: names{auth}, Corpus: head.Corpus, ResultCache: opts.ResultCache,
			Source: func(id string) (*search.Doc, error) { return lib.searchDoc(id) }})
		index <- opened{ix, err}
	}()
	frames, err := readFrames(r, head.Frames)
	o := <-index
	fail := func(err error) (Library, error) {
		if o.ix != nil {
			o.ix.Close()
		}
		return Library{}, err
	}
	if err := checkKey(); err != nil {
		return fail(err)
	}
	if head.Key != key.key {
		return fail(errors.New("the documents, the records or the program changed since the snapshot"))
	}
	if err != nil {
		return fail(fmt.Errorf("the snapshot is unreadable: %w", err))
	}
	if err := verify(); err != nil {
		return fail(err)
	}
	if o.err != nil {
		return fail(o.err)
	}
	docs := make([]*archive.Document, 0, head.Documents)
	facts := make([]*Facts, 0, head.Documents)
	for _, fr := range frames {
		if len(fr.Facts) != len(fr.Docs) {
			return fail(errors.New("the snapshot is inconsistent"))
		}
		docs = append(docs, fr.Docs...)
		facts = append(facts, fr.Facts...)
	}
	if len(docs) != head.Documents {
		return fail(errors.New("the snapshot is incomplete"))
	}
	lib = newLibrary(archive.Reopen(fsys, docs, head.Problems), auth, events, facts)
	lib.setOverrides(overrides)
	lib.alignments = recs.Alignments
	lib.Index, lib.persisted = o.ix, true
	return lib, nil
}

// readFrame reads one frame into v.
func readFrame(r io.Reader, v any) error {
	b, err := frameBytes(r)
	if err != nil {
		return err
	}
	return gob.NewDecoder(bytes.NewReader(b)).Decode(v)
}

// frameBytes reads one frame. Its length field is not trusted for an
// allocation: the buffer grows with the bytes actually read, so a damaged
// length of a gigabyte in a small file costs no more than the file.
func frameBytes(r io.Reader) ([]byte, error) {
	var size uint32
	if err := binary.Read(r, binary.LittleEndian, &size); err != nil {
		return nil, err
	}
	if size > maxFrame {
		return nil, fmt.Errorf("a frame of %d bytes", size)
	}
	var b bytes.Buffer
	n, err := io.CopyN(&b, r, int64(size))
	if err != nil {
		return nil, fmt.Errorf("a frame of %d bytes ends after %d: %w", size, n, err)
	}
	return b.Bytes(), nil
}

// readFrames reads n frames of documents and decodes them on every core.
func readFrames(r io.Reader, n int) ([]snapshotFrame, error) {
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
		if b, err = frameBytes(r); err != nil {
			break
		}
		g.Go(func() error { return gob.NewDecoder(bytes.NewReader(b)).Decode(&out[i]) })
	}
	if werr := g.Wait(); err == nil {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeSnapshot writes lib's snapshot into dir, made from key, replacing
// the previous one only once the new one is complete.
func writeSnapshot(dir, key string, lib Library) error {
	docs := lib.Collection.Docs
	head := snapshotHeader{Key: key, Corpus: lib.Index.Corpus(), Documents: len(docs), Frames: (len(docs) + snapshotChunk - 1) / snapshotChunk, Problems: lib.Collection.Problems}
	return writeFileAtomic(dir, snapshotFile, func(w io.Writer) error {
		sum := sha256.New()
		if err := writeFrames(io.MultiWriter(w, sum), head, docs, lib); err != nil {
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

func writeFrames(w io.Writer, head snapshotHeader, docs []*archive.Document, lib Library) error {
	if _, err := io.WriteString(w, snapshotMagic); err != nil {
		return err
	}
	if err := writeFrame(w, head); err != nil {
		return err
	}
	for i := 0; i < len(docs); i += snapshotChunk {
		fr := snapshotFrame{Docs: docs[i:min(i+snapshotChunk, len(docs))]}
		for _, d := range fr.Docs {
			fr.Facts = append(fr.Facts, lib.Facts(d))
		}
		if err := writeFrame(w, fr); err != nil {
			return err
		}
	}
	return nil
}

func writeFrame(w io.Writer, v any) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	if err := binary.Write(w, binary.LittleEndian, uint32(buf.Len())); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
