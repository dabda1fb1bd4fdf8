package archive

import (
	"bytes"
	"compress/flate"
	"io"
)

// compress keeps a source file's bytes in a third of their size or less
// (flate at its fastest level): an outlined collection keeps every file's
// bytes so that its pages never depend on the folder staying unchanged.
func compress(data []byte) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed) // the level is valid
	_, _ = w.Write(data)                         // a bytes.Buffer does not fail
	_ = w.Close()
	return bytes.Clone(b.Bytes())
}

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
