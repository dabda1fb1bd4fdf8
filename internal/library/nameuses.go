package library

import (
	"encoding/binary"
	"iter"
)

// A document's names were kept as a slice of NameUse, each with a slice of
// Form: at 100,000 documents, 250 MB of the library's 600 MB live heap,
// and four pointers for every name and form, each of which the garbage
// collector follows on every collection (a collection's marking took a
// second at 100,000 documents, and a search during it several times its
// usual time). NameUses holds the same in one string, which the collector
// marks without reading: a third of the bytes (85 MB), and no pointer but the
// string's own.
//
// The string is, for each record in the order of its first mention:
//
//	uvarint length of the record's ID, the ID
//	uvarint count of forms
//	for each form, in text order: uvarint length of the variant, the
//	variant; uvarint 0 when printed as the variant, else the printed
//	form's length plus one, then the printed form

// NameUses is how a document names the records it names: each record once,
// in the order of its first mention, with the distinct pairs of the
// record's form that matched and the words as printed, in text order.
// The zero value names nothing.
type NameUses struct{ b string }

// PackNames packs uses; NameUses.Slice gives them back.
func PackNames(uses []NameUse) NameUses {
	if len(uses) == 0 {
		return NameUses{}
	}
	size := 0
	for _, u := range uses {
		size += 2*binary.MaxVarintLen64 + len(u.ID)
		for _, f := range u.Forms {
			size += 2*binary.MaxVarintLen64 + len(f.Variant) + len(f.Printed)
		}
	}
	b := make([]byte, 0, size)
	for _, u := range uses {
		b = appendString(b, u.ID)
		b = binary.AppendUvarint(b, uint64(len(u.Forms)))
		for _, f := range u.Forms {
			b = appendString(b, f.Variant)
			if f.Printed == f.Variant {
				b = append(b, 0)
			} else {
				b = binary.AppendUvarint(b, uint64(len(f.Printed))+1)
				b = append(b, f.Printed...)
			}
		}
	}
	return NameUses{b: string(b)}
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// IDs yields the IDs of the records named, in the order of their first
// mention, without allocating.
func (u NameUses) IDs() iter.Seq[string] {
	return func(yield func(string) bool) {
		r := newNameReader(u.b)
		for r.more() {
			id, forms := r.name()
			for range forms {
				r.form()
			}
			if !r.ok || !yield(id) {
				return
			}
		}
	}
}

// FormsOf returns the forms in which the document names record id; nil
// when it does not.
func (u NameUses) FormsOf(id string) []Form {
	r := newNameReader(u.b)
	for r.more() {
		got, n := r.name()
		if got != id {
			for range n {
				r.form()
			}
			continue
		}
		// Each form takes at least two bytes: a damaged count
		// allocates no more than the string's length.
		forms := make([]Form, 0, min(n, len(r.b)/2))
		for range n {
			if f := r.form(); r.ok {
				forms = append(forms, f)
			}
		}
		return forms
	}
	return nil
}

// Slice returns the names as NameUse values, their strings cut from u's.
func (u NameUses) Slice() []NameUse {
	var out []NameUse
	r := newNameReader(u.b)
	for r.more() {
		id, n := r.name()
		use := NameUse{ID: id}
		for range n {
			if f := r.form(); r.ok {
				use.Forms = append(use.Forms, f)
			}
		}
		if !r.ok {
			break
		}
		out = append(out, use)
	}
	return out
}

// valid reports whether u reads to its end as the format above says:
// what the snapshot gives back is checked once, so that the readers never
// meet a damaged string.
func (u NameUses) valid() bool {
	r := newNameReader(u.b)
	for r.more() {
		_, n := r.name()
		for range n {
			r.form()
		}
	}
	return r.ok
}

// nameReader reads NameUses' string; on bytes that do not read, it stops
// (ok false, nothing more) rather than panic.
type nameReader struct {
	b  string
	ok bool
}

func newNameReader(b string) nameReader { return nameReader{b: b, ok: true} }

// more reports whether a record follows.
func (r *nameReader) more() bool { return r.ok && len(r.b) > 0 }

func (r *nameReader) fail() {
	r.ok = false
	r.b = ""
}

func (r *nameReader) uint() uint64 {
	if !r.ok {
		return 0
	}
	var v uint64
	for i := 0; i < len(r.b) && i < binary.MaxVarintLen64; i++ {
		c := r.b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.b = r.b[i+1:]
			return v
		}
	}
	r.fail()
	return 0
}

func (r *nameReader) str(n uint64) string {
	if !r.ok || n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// name reads a record's ID and the count of its forms.
func (r *nameReader) name() (string, int) {
	id := r.str(r.uint())
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return "", 0
	}
	return id, int(n)
}

func (r *nameReader) form() Form {
	var f Form
	f.Variant = r.str(r.uint())
	switch p := r.uint(); p {
	case 0:
		f.Printed = f.Variant
	default:
		f.Printed = r.str(p - 1)
	}
	return f
}
