package archive

import (
	"bytes"
	"compress/flate"
	"io"
	"sync"
)

// compress keeps a source file's bytes in a third of their size or less
// (flate at its fastest level): an outlined collection keeps every file's
// bytes so that its pages never depend on the folder staying unchanged.
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

// decompress gives back what compress kept, at most maxFileSize bytes.
func decompress(data []byte) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(data))
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxFileSize {
		return nil, io.ErrShortBuffer
	}
	return out, nil
}
