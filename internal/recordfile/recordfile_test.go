package recordfile

import (
	"reflect"
	"testing"
)

func TestTablesAndKeys(t *testing.T) {
	l := Split([]byte("\ufeff# people\r\n[[person]]\r\nid = \"qavam\"\r\nname = \"Qavam\"\r\n\r\n[[ person ]] # second\r\n\"id\" = \"bagirov\"\r\nvariants = [{ form = \"Багиров\" }, {form=\"Bagirov\"}]\r\n[person.extra]\r\n[[personnel]]\r\nid = \"x\"\n  [[person]]\nname=\"last\""))
	if got := l.Tables("person"); !reflect.DeepEqual(got, []int{2, 6, 12}) {
		t.Errorf("Tables(person) = %v, want [2 6 12]", got)
	}
	if got := l.Tables("event"); got != nil {
		t.Errorf("Tables(event) = %v", got)
	}
	for _, tc := range []struct {
		key           string
		after, before int
		want          int
	}{
		{"id", 0, 0, 3},
		{"id", 3, 0, 7},    // quoted key, after the first
		{"id", 2, 6, 3},    // within the first table
		{"id", 6, 12, 7},   // within the second
		{"name", 6, 12, 0}, // the second table has none
		{"name", 6, 0, 13}, // no spaces around =
		{"form", 0, 0, 8},  // inside an inline table
		{"form", 8, 0, 0},  // one line holds both
		{"extra", 0, 0, 0}, // a dotted table header is not the key
		{"person.extra", 0, 0, 9},
		{"personnel", 0, 0, 10}, // a table header
		{"i", 0, 0, 0},          // no prefix of a key
		{"id", -5, 99, 3},       // bounds outside the file
		{"missing", 0, 0, 0},
	} {
		if got := l.Key(tc.key, tc.after, tc.before); got != tc.want {
			t.Errorf("Key(%q, %d, %d) = %d, want %d", tc.key, tc.after, tc.before, got, tc.want)
		}
	}
}
