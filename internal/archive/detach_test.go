package archive

import (
	"context"
	"github.com/readingroom/readingroom/documents"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"unsafe"
)

func TestDetachCopiesCutStrings(t *testing.T) {
	text := strings.Repeat("a long source text ", 1000)
	type inner struct{ Name string }
	v := struct {
		Title  string
		Names  []string
		Inner  *inner
		Parts  []inner
		hidden string
	}{Title: text[19:400], Names: []string{text[:5], text[100:700]}, Inner: &inner{text[3:9]}, Parts: []inner{{text[5:80]}}, hidden: text[:4]}
	Detach(&v)
	inside := func(s string) bool {
		p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
		return p >= lo && p < lo+uintptr(len(text))
	}
	for _, s := range []string{v.Title, v.Names[0], v.Names[1], v.Inner.Name, v.Parts[0].Name} {
		if inside(s) {
			t.Errorf("%.20q still points into the text it was cut from", s)
		}
	}
	if v.Title != text[19:400] || v.Names[1] != text[100:700] || v.Inner.Name != text[3:9] {
		t.Error("detaching changed a string's value")
	}
}

// TestOutlinesDoNotKeepTheirTexts loads a generated collection the way a
// start does (every document outlined as it is parsed) and checks that
// what stays in memory is well under the texts' own size: a title or a
// reference cut from a file's text used to keep the whole text alive.
func TestOutlinesDoNotKeepTheirTexts(t *testing.T) {
	seeds, err := Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	files := Generate(seeds.Docs, 400, 7)
	fsys, size := fstest.MapFS{}, 0
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
		size += len(data)
	}
	before := liveHeap()
	coll, err := LoadKnown(context.Background(), fsys, Known{Parsed: func(*Document) {}})
	if err != nil {
		t.Fatal(err)
	}
	kept := liveHeap() - before
	runtime.KeepAlive(coll)
	// What stays: each outline, its file's bytes compressed (about a
	// third) and the collection's tables, together under the texts' own
	// size (0.9 of it); texts kept alive by their outlines doubled it.
	if kept > size {
		t.Errorf("%d documents (%d KB of source) keep %d KB in memory: more than their texts", len(coll.Docs), size/1024, kept/1024)
	}
}

func liveHeap() int {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int(m.HeapAlloc)
}

// A field tagged `detach:"own"` is copied out of the text like any other,
// but not interned: two documents' equal values are two strings.
func TestDetachCopiesOwnFields(t *testing.T) {
	text := strings.Repeat("gen-000123.txt ", 100)
	type doc struct {
		File  string `detach:"own"`
		Title string
	}
	a, b := doc{File: text[:14], Title: text[15:29]}, doc{File: text[15:29], Title: text[:14]}
	Detach(&a)
	Detach(&b)
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	for _, s := range []string{a.File, a.Title, b.File, b.Title} {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= lo && p < lo+uintptr(len(text)) {
			t.Errorf("%q still points into the text it was cut from", s)
		}
		if s != "gen-000123.txt" {
			t.Errorf("detaching changed %q", s)
		}
	}
	if unsafe.StringData(a.File) == unsafe.StringData(b.File) {
		t.Error("two documents' own fields share one string: interned")
	}
	if unsafe.StringData(a.Title) != unsafe.StringData(b.Title) {
		t.Error("a short untagged string is no longer interned")
	}
}
