package library

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// inventedUses are names as factsOf finds them, with the ugly cases: a
// form printed as its variant and one printed otherwise, an empty printed
// form and an empty variant, strings of more than 127 bytes (two-byte
// lengths), a record with more than 127 forms, Cyrillic and Persian, NUL
// bytes and line ends.
func inventedUses() []NameUse {
	long := strings.Repeat("Seyyed Ja'far ", 20)
	var many []Form
	for i := range 130 {
		many = append(many, Form{Variant: "Tabriz", Printed: "Tabriz" + strings.Repeat("'", i)})
	}
	return []NameUse{
		{ID: "qavam", Forms: []Form{{Variant: "Qavam", Printed: "Qavam"}, {Variant: "Qavam", Printed: "QAVAM"}, {Variant: "Кавам", Printed: "Кавама"}}},
		{ID: "pishevari", Forms: []Form{{Variant: long, Printed: long + "Pishevari"}}},
		{ID: "tabriz", Forms: many},
		{ID: "empty-printed", Forms: []Form{{Variant: "Baku", Printed: ""}}},
		{ID: "empty-variant", Forms: []Form{{Variant: "", Printed: "Баку"}}},
		{ID: "no-forms"},
		{ID: "", Forms: []Form{{Variant: "تبریز", Printed: "\x00tab\r\nriz"}}},
	}
}

// The names come back as they went in, whichever way they are read.
func TestNameUsesRoundTrip(t *testing.T) {
	uses := inventedUses()
	u := PackNames(uses)
	if got := u.Slice(); !reflect.DeepEqual(got, uses) {
		t.Fatalf("Slice:\n got %q\nwant %q", got, uses)
	}
	var ids []string
	for id := range u.IDs() {
		ids = append(ids, id)
	}
	if len(ids) != len(uses) {
		t.Fatalf("IDs yields %d records, want %d", len(ids), len(uses))
	}
	for i, use := range uses {
		if ids[i] != use.ID {
			t.Errorf("IDs()[%d] = %q, want %q", i, ids[i], use.ID)
		}
		if got := u.FormsOf(use.ID); !reflect.DeepEqual(got, use.Forms) && len(got)+len(use.Forms) > 0 {
			t.Errorf("FormsOf(%q) = %q, want %q", use.ID, got, use.Forms)
		}
	}
	if got := u.FormsOf("stalin"); got != nil {
		t.Errorf("FormsOf a record the document does not name = %q, want nil", got)
	}
	if !u.valid() {
		t.Error("a packed string is not valid")
	}
	for _, empty := range []NameUses{{}, PackNames(nil), PackNames([]NameUse{})} {
		for id := range empty.IDs() {
			t.Errorf("%#v yields the record %q", empty, id)
		}
		if empty.Slice() != nil || empty.FormsOf("qavam") != nil || !empty.valid() {
			t.Errorf("%#v does not read as no names", empty)
		}
	}
}

// A string cut short or with a byte changed never panics: it reads as
// far as it is whole, and valid says whether it is.
func TestNameUsesDamaged(t *testing.T) {
	uses := inventedUses()
	b := PackNames(uses).b
	// The ends of the records, where a cut leaves whole records.
	whole := map[int]int{0: 0}
	for i := range uses {
		whole[len(PackNames(uses[:i+1]).b)] = i + 1
	}
	for n := range len(b) {
		u := NameUses{b: b[:n]}
		got := u.Slice()
		if records, ok := whole[n]; ok {
			if !u.valid() || len(got) != records {
				t.Errorf("cut at %d, after %d whole records: valid %t, %d records read", n, records, u.valid(), len(got))
			}
			continue
		}
		if u.valid() {
			t.Errorf("cut at %d, inside a record: valid", n)
		}
		for id := range u.IDs() {
			_ = u.FormsOf(id)
		}
	}
	// Every byte of the records but the one with 130 forms, changed.
	short := PackNames(slices.DeleteFunc(uses, func(u NameUse) bool { return len(u.Forms) > 100 })).b
	for i := range short {
		for _, c := range []byte{0x00, 0x7f, 0x80, 0xff} {
			d := []byte(short)
			d[i] = c
			u := NameUses{b: string(d)}
			_ = u.valid()
			for id := range u.IDs() {
				_ = u.FormsOf(id)
			}
			_ = u.Slice()
		}
	}
}

// Reading the IDs allocates nothing: the entity page and start-up read the
// names of every document that names a record.
func TestNameUsesIDsDoNotAllocate(t *testing.T) {
	u := PackNames(inventedUses())
	n := 0
	allocs := testing.AllocsPerRun(100, func() {
		for range u.IDs() {
			n++
		}
	})
	if allocs != 0 {
		t.Errorf("reading the IDs allocates %.0f times", allocs)
	}
}

func FuzzNameUses(f *testing.F) {
	f.Add(PackNames(inventedUses()).b)
	f.Add("")
	f.Add("\x05qavam\x01\x05Qavam\x00")
	f.Fuzz(func(t *testing.T, b string) {
		u := NameUses{b: b}
		got := u.Slice()
		if u.valid() {
			if again := PackNames(got); again.b != b && len(got) > 0 {
				// Two strings may pack the same names (an
				// over-long varint): the names must agree.
				if !reflect.DeepEqual(again.Slice(), got) {
					t.Fatalf("%q reads as %q, which packs to %q", b, got, again.b)
				}
			}
		}
		for id := range u.IDs() {
			_ = u.FormsOf(id)
		}
	})
}
