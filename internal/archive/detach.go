package archive

import (
	"reflect"
	"strings"
	"unique"
)

// Detach gives every string reachable from p, a pointer to what is kept
// of a document (its outline, what was derived from its texts), memory of
// its own. The parser cuts strings from the source file's text, and a
// string cut from another keeps the whole of it alive: without this, what
// a large collection keeps of each document held the document's whole
// text, as much memory as outlining it was meant to save. Short strings,
// which repeat from document to document (a language, a role, a name as
// printed), are interned (package unique), so that they are held once.
//
// p must not be shared with another goroutine while it is detached: its
// strings are replaced where they are.
func Detach(p any) {
	detachValue(reflect.ValueOf(p))
}

// A string field tagged `detach:"own"` holds what is the document's own
// (its ID, its file's name, its record number, its title): it is copied,
// never interned. Interned, the hundreds of thousands of them in a large
// collection made every lookup of the interning table slower, for strings
// that never repeat.
//
// internBelow is the length under which a string is interned.
const internBelow = 48

func detachValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if !v.CanSet() || v.Len() == 0 {
			return
		}
		if s := v.String(); len(s) < internBelow {
			v.SetString(unique.Make(s).Value())
		} else {
			v.SetString(strings.Clone(s))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			f := v.Field(i)
			if f.Kind() == reflect.String && t.Field(i).Tag.Get("detach") == "own" {
				if f.CanSet() && f.Len() > 0 {
					f.SetString(strings.Clone(f.String()))
				}
				continue
			}
			detachValue(f)
		}
	case reflect.Slice, reflect.Array:
		if k := v.Type().Elem().Kind(); k == reflect.Uint8 || k == reflect.Int || k == reflect.Bool {
			return // no strings in there
		}
		for i := range v.Len() {
			detachValue(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			detachValue(v.Elem())
		}
	}
}
