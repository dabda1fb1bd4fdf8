package entity

import (
	"strings"
	"testing"
)

// A person whose usual name starts with forenames is filed under the sort
// key the record gives; one without a key under the name.
func TestSortKeyFilesUnderTheSurname(t *testing.T) {
	people := strings.Join([]string{
		"[[person]]\r\nid = \"zed\"\r\nname = \"Amir Zed\"\r\nsort = \"  Zed, Amir \"\r\n",
		"[[person]]\nid = \"bek\"\nname = \"Bek\"\n",
		"[[person]]\nid = \"noor\"\nname = \"Ali Noor Khan\"\nsort = \"Khan, Ali Noor\"\n",
		"[[person]]\nid = \"cyr\"\nname = \"Mirza\"\nvariants = [ { form = \"Мирза\" } ]\n",
	}, "\n")
	a, err := Load(authorityFS(map[string]string{PeopleFile: people}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range a.People() {
		got = append(got, r.ID)
	}
	if strings.Join(got, " ") != "bek noor cyr zed" {
		t.Errorf("people filed as %v, want bek noor cyr zed", got)
	}
	if r, _ := a.Get("zed"); r.SortName() != "Zed, Amir" || r.Name != "Amir Zed" {
		t.Errorf("sort key %q, name %q", r.SortName(), r.Name)
	}
	if r, _ := a.Get("bek"); r.SortName() != "Bek" {
		t.Errorf("no key: files under %q", r.SortName())
	}
}
