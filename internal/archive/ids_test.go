package archive

import (
	"strings"
	"testing"
	"testing/fstest"
)

// capture is an invented page capture with the given title.
func capture(title string) []byte {
	return []byte("May 4, 1946\n\n" + title + "\n\nThe text of the letter.\n\nThe letter reports on the weather.\n\nDocument Information\n\nGARF, f. 1, op. 2, d. 3.\n")
}

func problemsOf(c *Collection) string {
	var out []string
	for _, p := range c.Problems {
		out = append(out, p.Error())
	}
	return strings.Join(out, "\n")
}

// TestIDsFollowATitleCorrection walks a curator through correcting a
// title: the ID moves, check says so until the ID file records it, and the
// old ID then redirects to the new.
func TestIDsFollowATitleCorrection(t *testing.T) {
	fsys := fstest.MapFS{"letter.txt": {Data: capture("Letter from Bagriov")}}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(problemsOf(c), "ids.toml: no record of the IDs") {
		t.Errorf("a folder without an ID file does not say so:\n%s", problemsOf(c))
	}
	ids := &IDs{}
	if ch := ids.Update(c.Docs); len(ch) != 1 || !strings.HasPrefix(ch[0], "new: 1946-05-04-letter-from-bagriov") {
		t.Errorf("changes %q", ch)
	}
	data, err := ids.Encode()
	if err != nil {
		t.Fatal(err)
	}
	fsys["ids.toml"] = &fstest.MapFile{Data: data}

	// The curator corrects the typo.
	fsys["letter.txt"] = &fstest.MapFile{Data: capture("Letter from Bagirov")}
	c, err = Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(problemsOf(c), "letter.txt: its ID moved from 1946-05-04-letter-from-bagriov to 1946-05-04-letter-from-bagirov without being recorded") {
		t.Errorf("an unrecorded move is not reported:\n%s", problemsOf(c))
	}
	if cur, ok := c.Redirect("1946-05-04-letter-from-bagriov"); !ok || cur != "1946-05-04-letter-from-bagirov" {
		t.Errorf("the old ID does not redirect even before it is recorded: %q %v", cur, ok)
	}

	// readingroom ids records the move.
	ids, err = ReadIDs(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if ch := ids.Update(c.Docs); len(ch) != 1 || ch[0] != "moved: 1946-05-04-letter-from-bagriov -> 1946-05-04-letter-from-bagirov (letter.txt)" {
		t.Errorf("changes %q", ch)
	}
	data, _ = ids.Encode()
	fsys["ids.toml"] = &fstest.MapFile{Data: data}
	c, _ = Load(fsys)
	if p := problemsOf(c); strings.Contains(p, "ids.toml") || strings.Contains(p, "moved") {
		t.Errorf("a recorded move still warns:\n%s", p)
	}
	if cur, ok := c.Redirect("1946-05-04-letter-from-bagriov"); !ok || cur != "1946-05-04-letter-from-bagirov" {
		t.Errorf("redirect %q %v", cur, ok)
	}
	if _, ok := c.Redirect("1946-05-04-letter-from-bagirov"); ok {
		t.Error("the current ID redirects")
	}

	// The typo comes back: the former ID is current again, and the
	// corrected one is kept as former.
	fsys["letter.txt"] = &fstest.MapFile{Data: capture("Letter from Bagriov")}
	c, _ = Load(fsys)
	ids, _ = ReadIDs(fsys)
	ids.Update(c.Docs)
	if e := ids.Documents[0]; e.ID != "1946-05-04-letter-from-bagriov" || strings.Join(e.Former, ",") != "1946-05-04-letter-from-bagirov" {
		t.Errorf("entry %+v", e)
	}
}

func TestIDFileProblems(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"bad toml":    {"[[document]\nid = 1\n", "not valid TOML"},
		"unknown key": {"[[document]]\nid = \"x\"\nfile = \"a.txt\"\ntitle = \"y\"\n", `ids.toml: unknown key "document.title"`},
		"taken":       {"[[document]]\nfile = \"a.txt\"\nid = \"1946-05-04-a\"\nformer = [\"1946-05-04-b\"]\n\n[[document]]\nfile = \"b.txt\"\nid = \"1946-05-04-b\"\n", "the former ID 1946-05-04-b of a.txt is now the ID of b.txt"},
		"missing":     {"[[document]]\nfile = \"a.txt\"\nid = \"1946-05-04-a\"\n", "b.txt: its ID 1946-05-04-b is not recorded in ids.toml"},
		"gone":        {"[[document]]\nfile = \"a.txt\"\nid = \"1946-05-04-a\"\n\n[[document]]\nfile = \"b.txt\"\nid = \"1946-05-04-b\"\n\n[[document]]\nfile = \"c.txt\"\nid = \"1946-05-04-c\"\n", "ids.toml: 1946-05-04-c (file c.txt) is no longer in the collection"},
	} {
		fsys := fstest.MapFS{
			"a.txt":    {Data: capture("A")},
			"b.txt":    {Data: capture("B")},
			"ids.toml": {Data: []byte(tc.data)},
		}
		c, err := Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Docs) != 2 || !strings.Contains(problemsOf(c), tc.want) {
			t.Errorf("%s: %d documents, problems:\n%s", name, len(c.Docs), problemsOf(c))
		}
		if len(c.Errors()) != 0 {
			t.Errorf("%s: a bad ID file keeps documents from loading: %v", name, c.Errors())
		}
	}
}
