package align

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseOverridesErrors(t *testing.T) {
	for _, c := range []struct {
		name, src, want string
	}{
		{"syntax", "[[document]]\nid = \"a\"\n  [[document.group]\n", "expected end of table array"},
		{"unknown key", "[[document]]\nid = \"a\"\n  [[document.group]]\n  translation = [1]\n  orignal = [2]\n", "alignment.toml:5: unknown key"},
		{"no id", "[[document]]\ntranslation_paragraphs = 3\n", "alignment.toml:1: a document needs an id"},
		{"twice", "[[document]]\nid = \"a\"\n\n[[document]]\nid = \"a\"\n", "alignment.toml:4: document \"a\" is overridden twice (first at line 1)"},
		{"empty group", "[[document]]\nid = \"a\"\n  [[document.group]]\n  note = \"nothing\"\n", "alignment.toml:3: a group needs"},
		{"CRLF", "[[document]]\r\nid = \"a\"\r\n  [[document.group]]\r\n  note = \"x\"\r\n", "alignment.toml:3: a group needs"},
	} {
		_, err := ParseOverrides("alignment.toml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := LoadOverrides(fstest.MapFS{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestFit(t *testing.T) {
	d := fixture(letterEN, letterRU) // 8 and 8 numbered paragraphs
	g := func(tr, or []int) Group { return Group{Translation: tr, Original: or} }
	for _, c := range []struct {
		name   string
		groups []Group
		want   string // "" fits
	}{
		{"fits", []Group{g([]int{2}, []int{2, 3}), g(nil, []int{6})}, ""},
		{"no such paragraph", []Group{g([]int{9}, []int{8})}, "the translation has no paragraph 9"},
		{"not consecutive", []Group{g([]int{2}, []int{2, 4})}, "original paragraphs 2 and 4 are not consecutive"},
		{"out of order", []Group{g([]int{3}, []int{4}), g([]int{2}, []int{5})}, "translation paragraph 2 comes before"},
		{"shared paragraph", []Group{g([]int{3}, []int{4}), g([]int{4}, []int{4})}, "original paragraph 4 comes before"},
		{"empty", []Group{g(nil, nil)}, "is empty"},
	} {
		err := Fit(d, c.groups)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	o := Override{ID: "fixture", TranslationParagraphs: 9, OriginalParagraphs: 8}
	if err := o.Fits(d); err == nil || !strings.Contains(err.Error(), "written for 9 translation paragraphs, the text now has 8") {
		t.Errorf("changed paragraph count: %v", err)
	}
}

// TestAlignFixed shows a curator's groups taken as given and the rest
// aligned around them.
func TestAlignFixed(t *testing.T) {
	auth := inventedAuthority(t)
	d := fixture(letterEN, letterRU)
	ms := auth.Mentions(d)
	src := `
[[document]]
id = "fixture"
  [[document.group]]
  translation = [2]
  original = [2]
  note = "say the curator reads it so"
  [[document.group]]
  translation = []
  original = [3]
  [[document.group]]
  translation = [8]
  original = []
`
	o, err := ParseOverrides("alignment.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := Align(d, ms, o.For("fixture")...)
	if err := Complete(d, got); err != nil {
		t.Fatal(err)
	}
	if r, want := render(got), "1=1 2=2 -=3 3,4=4 5=5 6=6 7=7 8=- -=8"; r != want {
		t.Errorf("got  %s\nwant %s", r, want)
	}
	for _, g := range got {
		if (len(g.Translation) > 0 && (g.Translation[0] == 2 || g.Translation[0] == 8)) || (len(g.Original) > 0 && g.Original[0] == 3) {
			if !g.Curated || g.Confidence != 1 {
				t.Errorf("%s: not marked as the curator's", g)
			}
		}
	}
	// Groups that do not fit are ignored, not half applied.
	bad := []Group{{Translation: []int{2}, Original: []int{99}}}
	if r, want := render(Align(d, ms, bad...)), render(Align(d, ms)); r != want {
		t.Errorf("an unfit override changed the alignment: %s", r)
	}
}
