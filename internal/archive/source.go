package archive

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// compress keeps a source file's bytes in half their size or less (flate
// at its fastest level): an outlined collection keeps every file's bytes
// so that its pages never depend on the folder staying unchanged. The
// flate is klauspost/compress's, the standard library's format written
// two and a half times as fast (43 against 108 MB/s on generated sources,
// 0.478 against 0.487 of their size): at 100,000 documents the standard
// library's was 12 of a first start's 110 CPU-seconds.
func compress(data []byte) []byte {
	var b bytes.Buffer
	w := compressors.Get().(*flate.Writer)
	w.Reset(&b)
	_, _ = w.Write(data) // a bytes.Buffer does not fail
	_ = w.Close()
	compressors.Put(w)
	return bytes.Clone(b.Bytes())
}

// compressors keeps flate writers for compress: a writer is a large object
// (its window and hash tables, about 1 MB), and making one for every
// document was, with the collector's work on it, half the time of reading
// a folder.
var compressors = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed) // the level is valid
	return w
}}

// decompressors keeps flate readers for decompress: a reader holds a
// 32 KB window and its Huffman tables, which every page that reads a
// document's source made anew (at 100,000 documents, a tenth of what a
// search page allocated).
var decompressors = sync.Pool{New: func() any { return flate.NewReader(nil) }}

// decompress gives back what compress kept, at most maxFileSize bytes.
func decompress(data []byte) ([]byte, error) {
	r := decompressors.Get().(io.ReadCloser)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	defer func() {
		// Lets go of the compressed source (nil would make a bufio
		// reader for it).
		_ = r.(flate.Resetter).Reset(bytes.NewReader(nil), nil)
		decompressors.Put(r)
	}()
	out, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxFileSize {
		return nil, io.ErrShortBuffer
	}
	return out, nil
}

// Extent is where a document's compressed source lies in a store of sources:
// its first byte and its length. The zero Extent is no place.
type Extent struct {
	Offset, Length int64
}

// Sources reads the compressed sources that a collection keeps outside
// memory (Outline.Stored), as a page needs one. It is called from many
// requests at once.
type Sources interface {
	ReadSource(Extent) ([]byte, error)
}

// ErrSourceDamaged says that the kept copy of a document's source no longer
// gives the bytes loaded, and the folder's file has changed since: the
// document's text cannot be given until the next load.
var ErrSourceDamaged = errors.New("its kept source is damaged and its file has changed since it was loaded")

// SetSources gives the collection the store its outlines' sources are kept
// in (Outline.Stored); Outlined hands it on.
func (c *Collection) SetSources(s Sources) { c.sources = s }

// kept reports whether the outline keeps its source, in memory or stored.
func (o *Outline) kept() bool { return o.Source != nil || o.Stored.Length > 0 }

// source returns the bytes outlined document d was parsed from, checked
// against the size and SHA-256 kept of them at loading.
func (c *Collection) source(d *Document) ([]byte, error) {
	o := d.Outline
	var packed []byte
	var err error
	switch {
	case o.Source != nil:
		packed = o.Source
	case o.Stored.Length > 0 && c.sources != nil:
		packed, err = c.sources.ReadSource(o.Stored)
	default:
		return nil, fmt.Errorf("%s: the collection kept no source for it", QuoteName(d.File))
	}
	var data []byte
	if err == nil {
		data, err = decompress(packed)
	}
	if err == nil && (int64(len(data)) != o.Size || sha256.Sum256(data) != o.Sum) {
		err = errors.New("its bytes do not match their checksum")
	}
	if err == nil {
		return data, nil
	}
	// A damaged copy: the folder's file, if it still has the very bytes
	// loaded, gives the same document.
	if c.fsys != nil {
		if b, _, rerr := readFile(c.fsys, d.File, maxFileSize); rerr == nil && int64(len(b)) == o.Size && sha256.Sum256(b) == o.Sum {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s: %w (%v)", QuoteName(d.File), ErrSourceDamaged, err)
}
