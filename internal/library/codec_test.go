package library

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/timeline"
)

// notEncoded are the fields the snapshot deliberately leaves out, by
// type and name: a document's references are kept unmatched, and matched
// against the collection when a page asks (Library.References), so the
// encoder refuses facts whose references point at documents.
var notEncoded = map[string]bool{
	"timeline.Reference.Target": true,
	"timeline.Reference.Also":   true,
}

// filler sets every field of a value, by reflection, to a value of its own,
// so that a field the codec forgets comes back zero and the round trip
// fails. empty makes every slice empty but not nil.
type filler struct {
	t     *testing.T
	n     int
	empty bool
}

// scripts are the ugly parts of the invented strings: line ends of other
// systems, Cyrillic, Persian, spaces at the ends, a zero byte.
var scripts = []string{"Tabriz\r\n", " Тебриз ", "تبریز", "\x00tab\there", "", "ǅemal 1946"}

func (f *filler) fill(v reflect.Value, path string) {
	f.t.Helper()
	f.n++
	n := f.n
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(1946, time.Month(n%12+1), n%28+1, n%24, n%60, n%60, n*1000, time.UTC)))
		return
	}
	if v.Type() == reflect.TypeFor[NameUses]() {
		// Packed: filled as the slice it packs.
		var uses []NameUse
		f.fill(reflect.ValueOf(&uses).Elem(), path)
		v.Set(reflect.ValueOf(PackNames(uses)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s %d%s", path, n, scripts[n%len(scripts)]))
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n%2 == 0 {
			n = -n
		}
		v.SetInt(int64(n) << (n % 40 & 31))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), path)
		}
	case reflect.Uint8:
		v.SetUint(uint64(n))
	case reflect.Slice:
		size := 3
		if f.empty {
			size = 0
		}
		v.Set(reflect.MakeSlice(v.Type(), size, size))
		for i := range size {
			f.fill(v.Index(i), path)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem(), path)
	case reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			name := v.Type().String() + "." + sf.Name
			if notEncoded[name] {
				continue
			}
			if !sf.IsExported() {
				f.t.Fatalf("%s is not exported: the snapshot's codec cannot read or write it", name)
			}
			f.fill(v.Field(i), name)
		}
	default:
		f.t.Fatalf("%s is a %s: the snapshot's codec writes no such value; add it to codec.go", path, v.Kind())
	}
}

// filledFrame returns a frame of n documents, their facts and hashes, every
// field set.
func filledFrame(t *testing.T, n int, empty bool) snapshotFrame {
	t.Helper()
	f := &filler{t: t, empty: empty}
	var fr snapshotFrame
	for range n {
		d, facts := &archive.Document{}, &Facts{}
		f.fill(reflect.ValueOf(d).Elem(), "doc")
		f.fill(reflect.ValueOf(facts).Elem(), "facts")
		fr.Docs, fr.Facts = append(fr.Docs, d), append(fr.Facts, facts)
		fr.Hashes = append(fr.Hashes, fmt.Sprintf("%064x", n))
	}
	return fr
}

func roundTrip(t *testing.T, fr snapshotFrame) snapshotFrame {
	t.Helper()
	b, err := encodeFrame(fr)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeFrame(b)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Every field of a document, of its outline and of its facts comes back
// from the snapshot as it went in: filled by reflection, so a field added
// to the types and not to the codec fails here.
func TestCodecRoundTripsEveryField(t *testing.T) {
	for _, empty := range []bool{false, true} {
		fr := filledFrame(t, 5, empty)
		got := roundTrip(t, fr)
		for i := range fr.Docs {
			if !reflect.DeepEqual(got.Docs[i], fr.Docs[i]) {
				t.Errorf("empty=%t: document %d differs after the round trip:\n got %+v\nwant %+v", empty, i, got.Docs[i], fr.Docs[i])
			}
			if !reflect.DeepEqual(got.Facts[i], fr.Facts[i]) {
				t.Errorf("empty=%t: facts %d differ after the round trip:\n got %+v\nwant %+v", empty, i, got.Facts[i], fr.Facts[i])
			}
		}
		if !reflect.DeepEqual(got.Hashes, fr.Hashes) {
			t.Errorf("hashes %q, want %q", got.Hashes, fr.Hashes)
		}
	}
}

// A document with nothing set, one without an outline, and one whose
// outline keeps its source in memory come back as they went: nil slices
// nil, empty ones empty.
func TestCodecZeroAndPartialDocuments(t *testing.T) {
	fr := partialFrame()
	modified := fr.Docs[2].Outline.Modified
	got := roundTrip(t, fr)
	for i := range fr.Docs {
		if !reflect.DeepEqual(got.Docs[i], fr.Docs[i]) {
			t.Errorf("document %d:\n got %#v\nwant %#v", i, got.Docs[i], fr.Docs[i])
		}
		if !reflect.DeepEqual(got.Facts[i], fr.Facts[i]) {
			t.Errorf("facts %d:\n got %#v\nwant %#v", i, got.Facts[i], fr.Facts[i])
		}
	}
	if !got.Docs[2].Outline.Modified.Equal(modified) {
		t.Errorf("modified %v, want %v", got.Docs[2].Outline.Modified, modified)
	}
}

// partialFrame holds a document with nothing set, one without an outline,
// one whose outline keeps its source in memory and one whose source is
// stored.
func partialFrame() snapshotFrame {
	modified := time.Date(2026, 3, 1, 12, 0, 0, 5, time.FixedZone("", 3*3600+30*60))
	return snapshotFrame{
		Docs: []*archive.Document{
			{},
			{ID: "only-an-id", Title: "Письмо\r\n", Credits: []archive.Credit{}, Subjects: []string{""}},
			{ID: "kept", File: "a/b.md", Outline: &archive.Outline{Translation: 3, Source: []byte("compressed\x00bytes"), Modified: modified, Size: 17}},
			{ID: "stored", Outline: &archive.Outline{Source: []byte{}, Stored: archive.Extent{Offset: 38, Length: 1 << 40}}},
		},
		Facts:  []*Facts{{}, {Names: PackNames([]NameUse{{ID: "qavam"}}), Persons: []string{}}, {References: []timeline.Reference{{Role: "cites", Mentions: []timeline.Mention{}}}}, {}},
		Hashes: []string{"", "h", "h", "h"},
	}
}

// A string that many documents repeat (a rights statement, a repository)
// is written once per frame, and the decoded documents share it.
func TestCodecWritesRepeatedStringsOnce(t *testing.T) {
	rights := "Reproduced by permission of an invented repository; " + strings.Repeat("all rights reserved ", 5)
	var fr snapshotFrame
	for i := range 50 {
		fr.Docs = append(fr.Docs, &archive.Document{ID: fmt.Sprint("doc-", i), Rights: rights, Reference: archive.Reference{Repository: "ЦГА АзР"}})
		fr.Facts = append(fr.Facts, &Facts{})
		fr.Hashes = append(fr.Hashes, "")
	}
	b, err := encodeFrame(fr)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte(rights)); n != 1 {
		t.Errorf("the rights statement is written %d times in the frame, want once", n)
	}
	got, err := decodeFrame(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Docs[0].Rights != rights || got.Docs[49].Reference.Repository != "ЦГА АзР" {
		t.Fatalf("decoded %q, %q", got.Docs[0].Rights, got.Docs[49].Reference.Repository)
	}
	if unsafe.StringData(got.Docs[0].Rights) != unsafe.StringData(got.Docs[49].Rights) {
		t.Error("the decoded documents hold copies of the same rights statement")
	}
}

// Facts whose references were matched against other documents are
// refused, not written without their matches.
func TestCodecRefusesMatchedReferences(t *testing.T) {
	fr := snapshotFrame{
		Docs:   []*archive.Document{{ID: "a"}},
		Facts:  []*Facts{{References: []timeline.Reference{{Role: "cites", Number: "215", Target: &archive.Document{ID: "b"}}}}},
		Hashes: []string{""},
	}
	if _, err := encodeFrame(fr); err == nil {
		t.Fatal("a matched reference was written")
	}
}

// A frame cut short anywhere, or with any byte changed, gives an error or a
// frame, never a panic; a count larger than the frame is refused before
// anything is allocated for it.
func TestCodecDamagedFrames(t *testing.T) {
	b, err := encodeFrame(filledFrame(t, 2, false))
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(b) {
		if _, err := decodeFrame(b[:i]); err == nil {
			t.Fatalf("a frame cut to %d of %d bytes decoded", i, len(b))
		}
	}
	for i := range len(b) {
		bad := bytes.Clone(b)
		bad[i] ^= 0xa5
		_, _ = decodeFrame(bad) // must not panic
	}
	huge := binary.AppendUvarint(nil, 1)     // one string...
	huge = binary.AppendUvarint(huge, 0)     // ...the empty one
	huge = binary.AppendUvarint(huge, 1<<50) // documents
	if _, err := decodeFrame(huge); err == nil {
		t.Fatal("a frame claiming 2^50 documents decoded")
	}
	if _, err := decodeFrame(append(b, 0)); err == nil {
		t.Fatal("a frame with a byte after its end decoded")
	}
}

// minDocument, which bounds the documents a frame may claim, is no more
// than the emptiest document takes: a frame of them decodes.
func TestCodecEmptiestDocuments(t *testing.T) {
	fr := snapshotFrame{Docs: []*archive.Document{{}, {}}, Facts: []*Facts{{}, {}}, Hashes: []string{"", ""}}
	b, err := encodeFrame(fr)
	if err != nil {
		t.Fatal(err)
	}
	body := len(b) - 3 - slabKinds // the table of the empty string, the counts
	if body/2 < minDocument {
		t.Fatalf("the emptiest document takes %d bytes, minDocument says %d", body/2, minDocument)
	}
	if _, err := decodeFrame(b); err != nil {
		t.Fatal(err)
	}
}

// The header comes back as it went, and a damaged one is refused.
func TestCodecHeader(t *testing.T) {
	h := snapshotHeader{Program: "p", Records: "r", Seen: time.Date(2026, 12, 2, 6, 0, 0, 1, time.UTC), Sources: "s", Documents: 100000, Frames: 50}
	b, err := encodeHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeHeader(b)
	if err != nil || !reflect.DeepEqual(got, h) {
		t.Fatalf("header %+v, %v; want %+v", got, err, h)
	}
	if _, err := decodeHeader(b[:len(b)-1]); err == nil {
		t.Fatal("a header cut short decoded")
	}
}

func FuzzDecodeFrame(f *testing.F) {
	b, err := encodeFrame(partialFrame())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := decodeFrame(b)
		if err != nil {
			return
		}
		// What decodes encodes again to a frame that decodes the same.
		again, err := encodeFrame(fr)
		if err != nil {
			return
		}
		fr2, err := decodeFrame(again)
		if err != nil || !reflect.DeepEqual(fr, fr2) {
			t.Fatalf("a decoded frame does not round-trip: %v", err)
		}
	})
}

// A frame's values are carved from slabs made once to the frame's counts:
// decoding ten times the documents, every field set, allocates no more
// often, but for each outline's source, which is a slice of its own.
func TestCodecAllocatesPerFrame(t *testing.T) {
	allocs := func(n int) float64 {
		b, err := encodeFrame(filledFrame(t, n, false))
		if err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(5, func() {
			if _, err := decodeFrame(b); err != nil {
				t.Fatal(err)
			}
		})
	}
	few, many := allocs(5), allocs(50)
	if many-few > 45 {
		t.Errorf("decoding 50 documents allocates %.0f times, 5 documents %.0f: more than one more for each source", many, few)
	}
}
