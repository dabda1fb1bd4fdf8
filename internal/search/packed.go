package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/golang/snappy"
)

// PackDoc returns d encoded and compressed, a fraction of the memory the
// Doc takes (its texts in UTF-8, Cyrillic two bytes a letter, compress to
// about a third), and its DocHash, from the one encoding. A start that
// builds the index holds every new document this way from the moment its
// names are found until the index asks for it (UnpackDoc), instead of the
// whole collection's texts at once.
func PackDoc(d *Doc) ([]byte, string) {
	js, hash := encodeDoc(d)
	buf := packBuffers.Get().(*[]byte)
	if n := snappy.MaxEncodedLen(len(js)); cap(*buf) < n {
		*buf = make([]byte, n)
	}
	packed := bytes.Clone(snappy.Encode(*buf, js)) // the bound is well above the size
	packBuffers.Put(buf)
	return packed, hash
}

// encodeDoc returns d encoded, as UnpackDoc's JSON, and its DocHash.
func encodeDoc(d *Doc) ([]byte, string) {
	js, _ := json.Marshal(d) // a Doc always encodes
	js = append(js, '\n')    // as DocHash's encoder writes it
	sum := sha256.Sum256(js)
	return js, hex.EncodeToString(sum[:20])
}

// decodeDoc gives back the Doc that encodeDoc encoded.
func decodeDoc(js []byte) (*Doc, error) {
	d := new(Doc)
	if err := json.Unmarshal(js, d); err != nil {
		return nil, fmt.Errorf("search: an encoded document: %w", err)
	}
	return d, nil
}

// packBuffers keeps PackDoc's buffers, each as long as the largest
// document's bound so far.
var packBuffers = sync.Pool{New: func() any { return new([]byte) }}

// UnpackDoc gives back the Doc that PackDoc packed.
func UnpackDoc(p []byte) (*Doc, error) {
	js, err := snappy.Decode(nil, p)
	if err != nil {
		return nil, fmt.Errorf("search: a packed document: %w", err)
	}
	d := new(Doc)
	if err := json.Unmarshal(js, d); err != nil {
		return nil, fmt.Errorf("search: a packed document: %w", err)
	}
	return d, nil
}
