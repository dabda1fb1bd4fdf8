package timeline

import (
	"errors"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

func TestOverrides(t *testing.T) {
	auth := partiesAuthority(t)
	ov, err := ParseOverrides(PartiesFile, []byte("\ufeff# invented\r\n"+`
[[document]]
id = "1946-01-02-telegram-from-the-committee"
from = ["Committee of Gilan"]   # a body no record covers, as written
to = ["orlov", "A. Kerimi"]
note = "The address line names the committee as sender."

[[document]]
id = "1946-02-03-memo"
to = []
`))
	if err != nil {
		t.Fatal(err)
	}
	derived := []Party{{Written: "Petrenko", Basis: "title"}}
	from, to := ov.Apply("1946-01-02-telegram-from-the-committee", derived, nil, auth)
	show := func(ps []Party) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Written+"="+p.ID+"/"+p.Basis)
		}
		return strings.Join(out, "; ")
	}
	if got := show(from); got != "Committee of Gilan=/curator" {
		t.Errorf("from %q", got)
	}
	if got := show(to); got != "Orlov=orlov/curator; A. Kerimi=kerimi/curator" {
		t.Errorf("to %q", got)
	}
	// A list left out keeps the derived parties; an empty list clears them.
	from, to = ov.Apply("1946-02-03-memo", derived, derived, auth)
	if show(from) != "Petrenko=/title" || len(to) != 0 {
		t.Errorf("partial override: from %q, to %q", show(from), show(to))
	}
	if from, _ := ov.Apply("elsewhere", derived, nil, auth); show(from) != "Petrenko=/title" {
		t.Error("a document without an override changed")
	}

	exists := func(id string) bool { return id == "1946-02-03-memo" }
	problems := ov.Check(exists, auth)
	if len(problems) != 1 || problems[0].Line != 3 || !strings.Contains(problems[0].Message, "no document has the ID 1946-01-02-telegram-from-the-committee") {
		t.Errorf("check: %v", problems)
	}
	ov2, _ := ParseOverrides(PartiesFile, []byte("[[document]]\nid = \"1946-02-03-memo\"\nfrom = [\"orlvo-typo\"]\n"))
	if problems := ov2.Check(exists, auth); len(problems) != 1 || !strings.Contains(problems[0].Message, `"orlvo-typo" is no record's ID`) {
		t.Errorf("a record ID that names no record: %v", problems)
	}
}

// Every mistake in the file is reported with its line; none is ignored.
func TestOverridesErrors(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int
		want string
	}{
		{"[[document]]\nfrom = [\"orlov\"]\n", 1, "needs its id"},
		{"[[document]]\nid = \"x\"\nfrom = \"orlov\"\n", 3, "must be a list"},
		{"[[document]]\nid = \"x\"\nfrom = [\"orlov\", 3]\n", 3, "each must be a name"},
		{"[[document]]\nid = \"x\"\nsender = [\"orlov\"]\n", 3, `unknown key "sender"`},
		{"[[document]]\nid = \"x\"\n", 1, "sets neither from nor to"},
		{"[[document]]\nid = \"x\"\nto = []\n\n[[document]]\nid = \"x\"\nto = []\n", 5, "already set at line 1"},
		{"[[document]]\nid = \"x\nto = []\n", 2, "not valid TOML"},
		{"title = \"x\"\n", 1, `unknown key "title"`},
	} {
		_, err := ParseOverrides(PartiesFile, []byte(tc.src))
		var p archive.Problem
		if err == nil || !errors.As(err, &p) {
			t.Errorf("%q: error %v", tc.src, err)
			continue
		}
		if p.Line != tc.line || !strings.Contains(err.Error(), tc.want) || p.File != PartiesFile {
			t.Errorf("%q: %v (line %d), want line %d and %q", tc.src, err, p.Line, tc.line, tc.want)
		}
	}
}

// The override reaches what pages and the timeline show, not only the
// citations: names of records as the records write them, others as the
// curator wrote them.
func TestOverridesCorrespondence(t *testing.T) {
	auth := partiesAuthority(t)
	ov, err := ParseOverrides(PartiesFile, []byte("[[document]]\nid = \"d\"\nfrom = [\"orlov\", \"Petrenko\", \"kerimi\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	derived := Correspondence{From: "The Committee", To: []string{"Orlov"}, FromBasis: "title", ToBasis: "title", Note: "disagree"}
	c := ov.Correspondence("d", derived, auth)
	if c.From != "Orlov, Petrenko and Kerimi" || c.FromBasis != BasisCurator || c.Note != "" || c.ToBasis != "title" || len(c.To) != 1 {
		t.Errorf("overridden: %+v", c)
	}
	from, _ := Parties(c, auth)
	if len(from) != 3 || from[0].ID != "orlov" || from[1].ID != "" || from[2].ID != "kerimi" {
		t.Errorf("parties of the override: %+v", from)
	}
	if got := ov.Correspondence("other", derived, auth); got.From != "The Committee" {
		t.Errorf("another document changed: %+v", got)
	}
}
