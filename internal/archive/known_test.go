package archive

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// knownFolder is a folder of invented pages in several layouts, one of
// them with CRLF line ends and one in Cyrillic only, all modified long ago.
func knownFolder(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	long := time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, name := range []string{"md-credits.md", "capture-complete.txt", "old-row-first.txt", "pdf-bilingual.txt"} {
		data, err := os.ReadFile("testdata/pages/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data, ModTime: long}
	}
	fsys["crlf.txt"] = &fstest.MapFile{Data: []byte("April 12, 1946\r\n\r\nAn Invented Memo on Grain\r\n\r\nThe grain arrived late.\r\n"), ModTime: long}
	fsys["sub/cyrillic.txt"] = &fstest.MapFile{Data: []byte("March 3, 1946\n\nВыдуманная записка о соли\n\nСоль прибыла вовремя.\n"), ModTime: long}
	return fsys
}

// outlines renders a collection's documents, outlined, and its problems, to
// compare a load that reused documents with one that parsed them all.
func outlines(t *testing.T, c *Collection) string {
	t.Helper()
	var b strings.Builder
	for _, d := range c.Outlined().Docs {
		j, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		o := d.Outline
		b.WriteString(string(j))
		b.WriteString(" " + d.File + " " + o.Modified.String() + " " + string(o.Sum[:4]) + "\n")
		if full, err := c.Full(d); err != nil {
			t.Fatal(err)
		} else if j, _ := json.Marshal(full); true {
			b.WriteString(string(j) + "\n")
		}
	}
	p, _ := json.Marshal(c.Problems)
	return b.String() + string(p)
}

// LoadKnown takes again the documents whose files kept their bytes, and
// parses the rest: an edited file (however its time looks), a new one, a
// renamed one; a removed one is gone. What it gives equals a load that
// parses every file.
func TestLoadKnownReusesUnchangedFiles(t *testing.T) {
	fsys := knownFolder(t)
	first, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Docs) != len(fsys) || first.Reused != 0 {
		t.Fatalf("first load: %d documents, %d reused; want %d and 0", len(first.Docs), first.Reused, len(fsys))
	}
	known := func(c *Collection, seen time.Time) Known {
		k := Known{Docs: map[string]*Document{}, Seen: seen}
		for _, d := range c.Outlined().Docs {
			k.Docs[d.File] = d
		}
		return k
	}
	now := time.Now()
	again, err := LoadKnown(context.Background(), fsys, known(first, now))
	if err != nil {
		t.Fatal(err)
	}
	if again.Reused != len(fsys) {
		t.Errorf("nothing changed, yet %d of %d documents were reused", again.Reused, len(fsys))
	}
	if outlines(t, again) != outlines(t, first) {
		t.Error("the reused documents differ from those parsed")
	}

	k := known(again, now)
	// Edited in place, same size and time: only the bytes tell.
	crlf := fsys["crlf.txt"]
	crlf.Data = []byte(strings.Replace(string(crlf.Data), "Grain", "Salts", 1))
	// Saved again unchanged, with a new time: read, found equal, reused.
	fsys["pdf-bilingual.txt"].ModTime = now
	// Renamed, and a copy under a new name with another title.
	fsys["renamed.md"] = fsys["md-credits.md"]
	delete(fsys, "md-credits.md")
	fsys["sub/new.txt"] = &fstest.MapFile{Data: []byte("May 1, 1946\n\nAnother   Invented Note\n\nNothing\tmore.\n"), ModTime: now}
	delete(fsys, "old-row-first.txt")
	// The edit above is within the tick of the files' time when they were
	// last looked at: the stat alone is not trusted.
	k.Seen = crlf.ModTime.Add(time.Second)
	changed, err := LoadKnown(context.Background(), fsys, k)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := outlines(t, changed); got != outlines(t, fresh) {
		t.Errorf("after the changes, the load that reused documents differs from a fresh one:\n%s\n---\n%s", got, outlines(t, fresh))
	}
	// Reused: capture-complete and cyrillic (stat), pdf-bilingual (bytes).
	if changed.Reused != 3 || changed.Parsed != 3 {
		t.Errorf("%d documents reused and %d files parsed, want 3 (the unchanged ones) and 3 (edited, renamed, new)", changed.Reused, changed.Parsed)
	}
	if d, ok := changed.Doc(fresh.Docs[0].ID); !ok || d.File != fresh.Docs[0].File {
		t.Errorf("document %s not under its file %s", fresh.Docs[0].ID, fresh.Docs[0].File)
	}
}

// With Parsed set, each document parsed anew is handed over whole, once,
// and the collection holds it outlined from then on, its text read again
// from the bytes kept; documents taken again are not handed over.
func TestLoadKnownHandsOverParsedDocuments(t *testing.T) {
	fsys := knownFolder(t)
	want, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]int{}
	parsed := func(d *Document) {
		mu.Lock()
		defer mu.Unlock()
		if d.Outline != nil || (!d.HasTranslation() && !d.HasOriginal()) {
			t.Errorf("%s handed over without its texts", d.File)
		}
		got[d.File]++
	}
	c, err := LoadKnown(context.Background(), fsys, Known{Parsed: parsed})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(fsys) {
		t.Errorf("%d documents handed over, want %d: %v", len(got), len(fsys), got)
	}
	for name, n := range got {
		if n != 1 {
			t.Errorf("%s handed over %d times", name, n)
		}
	}
	for _, d := range c.Docs {
		if d.Outline == nil || len(d.Translation.Paragraphs)+len(d.Original.Paragraphs) > 0 {
			t.Errorf("%s held with its texts", d.File)
		}
	}
	if outlines(t, c) != outlines(t, want) {
		t.Error("the collection held outlined differs from the one loaded whole")
	}
	got = map[string]int{}
	k := Known{Docs: map[string]*Document{}, Seen: time.Now(), Parsed: parsed}
	for _, d := range c.Docs {
		k.Docs[d.File] = d
	}
	fsys["crlf.txt"].Data = append(fsys["crlf.txt"].Data, "More.\r\n"...)
	if _, err := LoadKnown(context.Background(), fsys, k); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["crlf.txt"] != 1 {
		t.Errorf("after one file changed, handed over %v, want only crlf.txt", got)
	}
}

// In a real folder, opened as an os.Root as serve opens it, an unchanged
// file is taken again on what the walk of the folder learned of it; a file
// behind a symbolic link is judged by the file the link leads to, so that
// an edit of that file is read even though the link itself is unchanged;
// a file in a subfolder, and one whose time moved, are looked at as well.
func TestLoadKnownInARealFolder(t *testing.T) {
	dir := t.TempDir()
	long := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func(name, text string, at time.Time) {
		t.Helper()
		path := dir + "/" + name
		if err := os.MkdirAll(path[:strings.LastIndex(path, "/")], 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	write("plain.txt", "April 12, 1946\r\n\r\nAn Invented Memo on Grain\r\n\r\nThe grain arrived late.\r\n", long)
	write("deep/er/cyrillic.txt", "March 3, 1946\n\nВыдуманная записка о соли\n\nСоль прибыла вовремя.\n", long)
	write(".kept/linked.md", "May 1, 1946\n\nAn   Invented Note Behind a Link\n\nNothing\tmore.\n", long)
	if err := os.Symlink(".kept/linked.md", dir+"/link.md"); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()
	first, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Docs) != 3 { // a folder whose name starts with a dot is not read
		t.Fatalf("%d documents, want 3: %v", len(first.Docs), first.Problems)
	}
	known := func(c *Collection) Known {
		k := Known{Docs: map[string]*Document{}, Seen: time.Now()}
		for _, d := range c.Outlined().Docs {
			k.Docs[d.File] = d
		}
		return k
	}
	again, err := LoadKnown(context.Background(), fsys, known(first))
	if err != nil {
		t.Fatal(err)
	}
	if again.Reused != 3 || again.Reread != 0 {
		t.Fatalf("nothing changed: %d reused, %d read to compare; want 3 and 0", again.Reused, again.Reread)
	}
	// The link's target edited: the link is unchanged, its file is not.
	write(".kept/linked.md", "May 1, 1946\n\nAn   Invented Note Behind a Link, Edited\n\nNothing\tmore.\n", long.Add(time.Hour))
	// A file touched, its bytes the same: read, compared, taken again.
	later := long.Add(2 * time.Hour)
	if err := os.Chtimes(dir+"/deep/er/cyrillic.txt", later, later); err != nil {
		t.Fatal(err)
	}
	changed, err := LoadKnown(context.Background(), fsys, known(again))
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if changed.Parsed != 1 || changed.Reused != 2 || changed.Reread != 1 {
		t.Errorf("%d parsed, %d reused, %d read to compare; want 1 (the link), 2 and 1", changed.Parsed, changed.Reused, changed.Reread)
	}
	if got, want := outlines(t, changed), outlines(t, fresh); got != want {
		t.Errorf("the load that reused documents differs from a fresh one:\n%s\n---\n%s", got, want)
	}
}
