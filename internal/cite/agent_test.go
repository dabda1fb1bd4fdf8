package cite

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/internal/entity"
)

// A party is named by its record: the family name of the record (never the
// source's misspelling), with the initials the source writes or else the
// record's forenames; a body by the record's name; a name without a record
// as written.
func TestAgentFor(t *testing.T) {
	person := &entity.Record{Kind: entity.KindPerson, Name: "Orlov", FullName: "Timur Pavlovich Orlov"}
	twoWords := &entity.Record{Kind: entity.KindPerson, Name: "Jamal Emami"}
	body := &entity.Record{Kind: "organisation", Name: "Provincial Committee"}
	for _, tc := range []struct {
		written string
		rec     *entity.Record
		want    Agent
	}{
		{"T.P. Orlvo", person, Agent{Given: "T. P.", Family: "Orlov"}},
		{"T. P. ORLOV", person, Agent{Given: "T. P.", Family: "Orlov"}},
		{"Orlov", person, Agent{Given: "Timur Pavlovich", Family: "Orlov"}},
		{"Emami", twoWords, Agent{Given: "Jamal", Family: "Emami"}},
		{"the Committee", body, Agent{Literal: "Provincial Committee"}},
		{"Petrenko and Sons", nil, Agent{Literal: "Petrenko and Sons"}},
	} {
		if got := AgentFor(tc.written, tc.rec); got != tc.want {
			t.Errorf("AgentFor(%q) = %+v, want %+v", tc.written, got, tc.want)
		}
	}
}

func TestSicForms(t *testing.T) {
	auth := testAuthority(t)
	if got := SicForms("Telegram from T.P. Orlvo and Kerimi to Orlov", auth); !slices.Equal(got, []string{"T.P. Orlvo"}) {
		t.Errorf("SicForms = %q", got)
	}
	if got := markSic("Telegram from T.P. Orlvo to Orlov", []string{"T.P. Orlvo"}); got != "Telegram from T.P. Orlvo [sic] to Orlov" {
		t.Errorf("markSic = %q", got)
	}
	if got := SicForms("Telegram from Orlov", auth); got != nil {
		t.Errorf("a correct name marked: %q", got)
	}
}

func testAuthority(t *testing.T) *entity.Authority {
	t.Helper()
	auth, err := entity.Load(fstest.MapFS{
		"people.toml": {Data: []byte(`
[[person]]
id = "orlov"
name = "Orlov"
description = "Invented."
source = "Invented for the test."
variants = [{ form = "Orlvo", note = "misspelling in a title" }]

[[person]]
id = "kerimi"
name = "Kerimi"
description = "Invented."
source = "Invented for the test."
variants = [{ form = "Kerimy", note = "usual spelling elsewhere" }]
`)},
		"places.toml": {Data: []byte("")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return auth
}
