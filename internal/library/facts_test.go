package library

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

// What a library keeps of a document's texts (its Facts) holds no string
// cut from them: one such string keeps the whole text in memory, which a
// large collection cannot afford. Checked on generated documents in every
// layout, their names, addresses and cited telegrams found.
func TestFactsKeepNoText(t *testing.T) {
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ReadRecords(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var forms, refs, corr int
	for name, data := range archive.Generate(seeds.Docs, 80, 11) {
		d, err := archive.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		var texts [][2]uintptr
		eachString(reflect.ValueOf(d), func(s string) {
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			texts = append(texts, [2]uintptr{p, p + uintptr(len(s))})
		})
		f := derive(d, recs, nil).facts
		eachString(reflect.ValueOf(f), func(s string) {
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			for _, r := range texts {
				if p >= r[0] && p < r[1] {
					t.Errorf("%s: the facts keep %.40q, cut from the document's text", name, s)
					return
				}
			}
		})
		for _, n := range f.Names.Slice() {
			forms += len(n.Forms)
		}
		refs += len(f.References)
		if !f.Correspondence.IsZero() {
			corr++
		}
	}
	if forms == 0 || refs == 0 || corr == 0 {
		t.Fatalf("the generated documents gave %d forms, %d references and %d addresses: the test checks nothing", forms, refs, corr)
	}
}

// eachString calls fn with every non-empty string reachable from v.
func eachString(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.String:
		if v.Len() > 0 {
			fn(v.String())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			eachString(v.Field(i), fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachString(v.Index(i), fn)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachString(v.Elem(), fn)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			eachString(it.Key(), fn)
			eachString(it.Value(), fn)
		}
	}
}
