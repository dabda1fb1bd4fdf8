package archive

import (
	"bytes"
	stdflate "compress/flate"

	"errors"
	"fmt"
	"github.com/klauspost/compress/flate"
	"io"
	"math"
	"reflect"
	"runtime"
	"sync"
	"testing"
	"testing/fstest"
)

// sourcesMap is a store of sources in memory, as the library keeps them in
// a file: each outline's compressed bytes at its place.
type sourcesMap map[Extent][]byte

func (m sourcesMap) ReadSource(e Extent) ([]byte, error) {
	b, ok := m[e]
	if !ok {
		return nil, errors.New("no such place")
	}
	return b, nil
}

// storedCollection loads files, moves every outline's source into a store
// in memory, and returns the collection with the store and the store.
func storedCollection(t *testing.T, files fstest.MapFS) (*Collection, sourcesMap) {
	t.Helper()
	c, err := LoadKnown(t.Context(), files, Known{Parsed: func(*Document) {}})
	if err != nil {
		t.Fatal(err)
	}
	m := sourcesMap{}
	for i, d := range c.Docs {
		e := Extent{Offset: int64(100 * (i + 1)), Length: int64(len(d.Outline.Source))}
		m[e] = d.Outline.Source
		d.Outline.Stored, d.Outline.Source = e, nil
	}
	c.SetSources(m)
	return c.Outlined(), m
}

// A document whose source is kept in a store reads whole from it, the same
// as parsed from the folder; a damaged copy is replaced by the folder's
// file only while that file has the bytes loaded, and is otherwise
// ErrSourceDamaged, never a wrong text.
func TestFullFromStore(t *testing.T) {
	files := fstest.MapFS{
		"one.txt":     {Data: []byte("May 2, 1946\n\nAn Invented Memo on Tea\n\nThe tea came late.\n")},
		"two.txt":     {Data: []byte("June 1946\r\n\r\nAn Invented Note on Salt\r\n\r\nСоль пришла  вовремя.\r\n")},
		"sub/3.txt":   {Data: []byte("1946\n\nAn Invented Letter on Ink\n\nInk, paper, and string.\n")},
		"README.md":   {Data: []byte("not a document")},
		"sub/.x/4.md": {Data: []byte("hidden")},
	}
	want, err := Load(files)
	if err != nil {
		t.Fatal(err)
	}
	c, store := storedCollection(t, files)
	if len(c.Docs) != 3 {
		t.Fatalf("%d documents", len(c.Docs))
	}
	for _, d := range c.Docs {
		got, err := c.Full(d)
		w, _ := want.Doc(d.ID)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("%s from the store: %v", d.File, err)
		}
	}
	victim := c.Docs[0]
	packed := store[victim.Outline.Stored]
	for name, damaged := range map[string][]byte{
		"a byte changed": append(append([]byte(nil), packed[:len(packed)/2]...), append([]byte{packed[len(packed)/2] ^ 0x40}, packed[len(packed)/2+1:]...)...),
		"cut short":      packed[:len(packed)/2],
		"empty":          {},
	} {
		store[victim.Outline.Stored] = damaged
		got, err := c.Full(victim)
		w, _ := want.Doc(victim.ID)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("%s, folder unchanged: %v; want the folder's same bytes", name, err)
		}
		saved := files[victim.File]
		files[victim.File] = &fstest.MapFile{Data: []byte("May 2, 1946\n\nAn Invented Memo on Tea\n\nThe tea never came.\n")}
		if got, err := c.Full(victim); !errors.Is(err, ErrSourceDamaged) || got != nil {
			t.Errorf("%s, folder changed: %v, want ErrSourceDamaged", name, err)
		}
		delete(files, victim.File)
		if _, err := c.Full(victim); !errors.Is(err, ErrSourceDamaged) {
			t.Errorf("%s, file gone: %v, want ErrSourceDamaged", name, err)
		}
		files[victim.File] = saved
	}
	delete(store, victim.Outline.Stored)
	if _, err := c.Full(victim); err != nil {
		t.Errorf("place missing from the store, folder unchanged: %v", err)
	}
}

// A store written before the sources were compressed with klauspost's
// flate (the standard library's wrote it) still gives its documents: the
// format is the same, and a curator's index folder outlives a program
// upgrade. And what compress keeps now reads back byte for byte, also with
// the standard library's reader.
func TestSourcesCompressedEitherWayReadBack(t *testing.T) {
	var src []byte
	for i := range 400 {
		src = fmt.Appendf(src, "Строка %d: телеграмма из Тебриза, line %d of a telegram, ǝ\r\n", i%37, i)
	}
	var old bytes.Buffer
	w, err := stdflate.NewWriter(&old, stdflate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(src)
	w.Close()
	for name, packed := range map[string][]byte{"standard library's": old.Bytes(), "compress's": compress(src)} {
		got, err := decompress(packed)
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("%s flate: decompress gave %d bytes, %v; want the %d bytes compressed", name, len(got), err, len(src))
		}
	}
	got, err := io.ReadAll(stdflate.NewReader(bytes.NewReader(compress(src))))
	if err != nil || !bytes.Equal(got, src) {
		t.Errorf("the standard library reads back %d bytes, %v; want the %d bytes compressed", len(got), err, len(src))
	}
	if n := len(compress(src)); n > len(src)/2 {
		t.Errorf("compress kept %d of %d bytes; want half or less", n, len(src))
	}
}

// decompress reuses its readers: sources read one after another and at
// once, a damaged one among them, each come back as they went in, and a
// read allocates about the source's bytes, not a reader's window and
// tables.
func TestDecompressReusesReaders(t *testing.T) {
	srcs := make([][]byte, 40)
	packed := make([][]byte, len(srcs))
	for i := range srcs {
		for j := range 30 + i*i*3 {
			srcs[i] = fmt.Appendf(srcs[i], "document %d, line %d: Тебриз %x\n", i, j, j*i*2654435761)
		}
		packed[i] = compress(srcs[i])
	}
	damaged := bytes.Clone(packed[7])
	damaged = damaged[:len(damaged)/2]
	var wg sync.WaitGroup
	for round := range 3 {
		for i := range srcs {
			wg.Go(func() {
				if _, err := decompress(damaged); err == nil {
					t.Errorf("round %d: a source cut in half decompressed", round)
				}
				got, err := decompress(packed[i])
				if err != nil || !bytes.Equal(got, srcs[i]) {
					t.Errorf("round %d, source %d: %d bytes, %v; want %d", round, i, len(got), err, len(srcs[i]))
				}
			})
		}
		wg.Wait()
	}
	const doc = 12 // 22 KB, a long document's source
	src := srcs[doc]
	// The fewest bytes of 20 reads each way, decompress and a reader made
	// for the read, as decompress did: the race detector's pool drops
	// some of what is put back, on purpose, and its instrumentation
	// allocates for both alike.
	least := func(read func() ([]byte, error)) uint64 {
		out := uint64(math.MaxUint64)
		for range 20 {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			if _, err := read(); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			out = min(out, after.TotalAlloc-before.TotalAlloc)
		}
		return out
	}
	pooled := least(func() ([]byte, error) { return decompress(packed[doc]) })
	fresh := least(func() ([]byte, error) {
		return io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(packed[doc])), maxFileSize+1))
	})
	// A reader's window alone is 32 KB.
	if pooled+32<<10 > fresh {
		t.Errorf("reading a %d-byte source allocates %d bytes, with a reader made for it %d", len(src), pooled, fresh)
	}
}
