package entity

import (
	"strings"
	"testing"
)

// TestOrdinaryWordVariantsRefused: a variant made only of ordinary words
// would be found all through the texts; it is an error at its line. Names
// that happen to be short, or to be English words, stay allowed.
func TestOrdinaryWordVariantsRefused(t *testing.T) {
	refused := []string{"the", "A", "The Secretary", "General", "и", "в", "Of", "  the  "}
	for _, form := range refused {
		people := "[[person]]\nid = \"x\"\nname = \"Xandarov\"\nvariants = [\n  { form = \"Ксандаров\" },\n  { form = " + quote(form) + " },\n]\n"
		_, err := Load(authorityFS(map[string]string{"people.toml": people}))
		if err == nil || !strings.Contains(err.Error(), "people.toml:6: x: variant") || !strings.Contains(err.Error(), "ordinary word") {
			t.Errorf("variant %q: %v", form, err)
		}
	}
	for _, form := range []string{"Shah", "Li", "Ali", "Reza Shah", "General Zahedi", "Ага", "Тавриз"} {
		people := "[[person]]\nid = \"x\"\nname = \"Xandarov\"\nvariants = [ { form = " + quote(form) + " } ]\n"
		if _, err := Load(authorityFS(map[string]string{"people.toml": people})); err != nil {
			t.Errorf("variant %q refused: %v", form, err)
		}
	}
}

func quote(s string) string { return `"` + s + `"` }

// TestConflictsAreProblemsWithLines: a form two records claim is reported
// at the later record's file and line, naming the first.
func TestConflictsAreProblemsWithLines(t *testing.T) {
	a, err := Load(authorityFS(map[string]string{
		"people.toml": "[[person]]\nid = \"amir\"\nname = \"Amirov\"\n\n[[person]]\nid = \"emir\"\nname = \"Emirov\"\nvariants = [ { form = \"AMIROV\" } ]\n",
		"places.toml": "[[place]]\r\nid = \"emirov-town\"\r\nname = \"Emirov\"\r\nkind = \"town\"\r\nlat = 40\r\nlon = 45\r\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range a.Problems() {
		got = append(got, p.Error())
	}
	if len(got) != 2 {
		t.Fatalf("problems %q, want two", got)
	}
	if !strings.HasPrefix(got[0], "people.toml:5: emir:") || !strings.Contains(got[0], `"AMIROV"`) || !strings.Contains(got[0], "amir (people.toml:1)") {
		t.Errorf("first problem %q", got[0])
	}
	if !strings.HasPrefix(got[1], "places.toml:1: emirov-town:") || !strings.Contains(got[1], "emir (people.toml:5)") {
		t.Errorf("second problem %q", got[1])
	}
	shipped, _ := loadShipped(t)
	if ps := shipped.Problems(); len(ps) != 0 {
		t.Errorf("the shipped records have problems: %v", ps)
	}
}
