package timeline

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// invented authority records: two people (one with a known misspelling)
// and a region whose name also stands inside a body's name.
func partiesAuthority(t *testing.T) *entity.Authority {
	t.Helper()
	auth, err := entity.Load(fstest.MapFS{
		"people.toml": {Data: []byte(`
[[person]]
id = "orlov"
name = "Orlov"
full_name = "Timur Pavlovich Orlov"
description = "An invented party secretary."
source = "Invented for the test."
variants = [{ form = "Orlvo", note = "misspelling" }, { form = "Орлов" }]

[[person]]
id = "kerimi"
name = "Kerimi"
description = "An invented governor."
source = "Invented for the test."
`)},
		"places.toml": {Data: []byte(`
[[place]]
id = "gilan"
name = "Gilan"
kind = "province"
description = "A province."
source = "Invented for the test."
not_in = ["Committee of Gilan"]
`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return auth
}

func TestParties(t *testing.T) {
	auth := partiesAuthority(t)
	for _, tc := range []struct {
		title, address string
		from, to       string // written=id/basis, joined by "; "
	}{
		{"Telegram from Rasht to Baku, T.P. Orlvo and A. Kerimi to Cde. Orlov", "",
			"T.P. Orlvo=orlov/title; A. Kerimi=kerimi/title", "Orlov=orlov/title"},
		// A body whose name holds a place is not that place.
		{"Letter from the Committee of Gilan to Orlov about grain", "",
			"Committee of Gilan=/title", "Orlov=orlov/title"},
		// A name no record covers stays as written.
		{"Report from Petrenko to Kerimi", "", "Petrenko=/title", "Kerimi=kerimi/title"},
		// Recipients from the address line when the title has none.
		{"Memo on the harvest", "To Cde. T. P. Orlov", "", "T. P. Orlov=orlov/address line"},
		// Part of a name matching a record is not that record.
		{"Letter from Orlov Brothers to Kerimi", "", "Orlov Brothers=/title", "Kerimi=kerimi/title"},
	} {
		d := &archive.Document{Title: tc.title}
		if tc.address != "" {
			d.Translation.Paragraphs = []archive.Paragraph{{N: 1, Kind: archive.KindText, Lines: []string{tc.address}},
				{N: 2, Kind: archive.KindText, Lines: []string{"The harvest this year is larger than it was in any of the last five years, the committee reports."}}}
		}
		from, to := Parties(Correspondents(d), auth)
		show := func(ps []Party) string {
			var out []string
			for _, p := range ps {
				out = append(out, p.Written+"="+p.ID+"/"+p.Basis)
			}
			return strings.Join(out, "; ")
		}
		if got := show(from); got != tc.from {
			t.Errorf("%q: from %q, want %q", tc.title, got, tc.from)
		}
		if got := show(to); got != tc.to {
			t.Errorf("%q: to %q, want %q", tc.title, got, tc.to)
		}
	}
	from, _ := Parties(Correspondents(&archive.Document{Title: "Telegram from T.P. Orlvo to Kerimi"}), auth)
	if len(from) != 1 || from[0].Variant != "Orlvo" || from[0].VariantNote != "misspelling" {
		t.Errorf("the misspelt form and its note: %+v", from)
	}
	if from, to := Parties(Correspondents(&archive.Document{Title: "Letter from Orlov to Kerimi"}), nil); from[0].ID != "" || to[0].ID != "" {
		t.Error("without records, no party is resolved")
	}
}
