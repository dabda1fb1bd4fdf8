package library

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/internal/search"
)

// invented are documents written for these tests in the plain layout (a
// date, a title, the text), naming records in several scripts and forms,
// one with CRLF line ends and odd spacing.
var invented = map[string]string{
	"inv-1.txt":     "April 12, 1946\n\nAn Invented Memo on Grain for Tabriz\n\nBagirov asked for grain to be sent to Tabriz.\n",
	"inv-2.txt":     "May 3, 1946\r\n\r\nAn Invented Note on Roads\r\n\r\nThe  road  from Baku to   Tabriz was closed.\r\n",
	"inv-3.txt":     "June 1946\n\nAn Invented Report in Russian\n\nБагиров сообщил о положении в Тавризе.\n",
	"inv-4.txt":     "1946\n\nAn Invented Letter on Schools\n\nPishevari wrote about schools in Ardabil.\n",
	"inv-5.txt":     "July 9, 1946\n\nAn Invented Telegram on Oil\n\nQavam and Zzyzx spoke of oil.\n",
	"sub/inv-6.txt": "August 1, 1946\n\nAn Invented Memo on Salt\n\nNothing of note; Bagirov was away.\n",
}

// inventedCorpus is the shipped corpus with the invented documents added.
func inventedCorpus(t *testing.T) string {
	t.Helper()
	dir := copyCorpus(t)
	for name, text := range invented {
		write(t, filepath.Join(dir, name), text)
	}
	return dir
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// libState is everything a reader could see of a library, as text: every
// document whole with its names, facts, references, parties and file
// time, where each record is named and who wrote to whom, the problems,
// and searches in a set order with their facets.
func libState(t *testing.T, lib Library) string {
	t.Helper()
	var b strings.Builder
	for _, d := range lib.Collection.Docs {
		tx, err := lib.Text(d)
		if err != nil {
			t.Fatal(err)
		}
		from, to := lib.PartyIDs(d.ID)
		j, _ := json.Marshal(struct {
			Doc, Mentions, Facts, Refs, From, To any
			File                                 string
			Modified                             time.Time
		}{tx.Doc, tx.Mentions, lib.Facts(d), lib.References(d), from, to, d.File, lib.Collection.ModTime(d)})
		fmt.Fprintf(&b, "%s %s\n", d.ID, j)
	}
	ids := make([]string, 0, len(lib.Entities))
	for id := range lib.Entities {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		var docs []string
		for _, d := range lib.Entities[id].Docs {
			docs = append(docs, d.ID)
		}
		sent, received := lib.Letters(id)
		fmt.Fprintf(&b, "%s: %v %d %d\n", id, docs, len(sent), len(received))
	}
	p, _ := json.Marshal(lib.Collection.Problems)
	b.Write(p)
	for _, q := range []string{"Tabriz", "Кавам", "Zzyzx", "grain", "person:bagirov", "year:1946", "schools", "Tabriz lang:ru"} {
		parsed, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := lib.Index().Search(context.Background(), search.Request{Query: parsed, Sort: search.SortOldest, Page: 1})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		res.Took = 0
		j, _ := json.Marshal(res)
		fmt.Fprintf(&b, "\n%s: %s", q, j)
	}
	return b.String()
}

// logged reads the number logged as key= on the line with msg.
func logged(t *testing.T, logs, msg, key string) string {
	t.Helper()
	m := regexp.MustCompile(`msg="` + regexp.QuoteMeta(msg) + `"[^\n]* ` + key + `=(\d+)`).FindStringSubmatch(logs)
	if m == nil {
		return "none"
	}
	return m[1]
}

// A restart after documents changed parses, finds the names in and
// indexes only the documents that changed, and gives what a start from
// nothing gives on the same folder: the same pages, names, searches and
// facets. Each step below is one change, then a restart.
func TestRestartUpdatesOnlyWhatChanged(t *testing.T) {
	dir, idx := inventedCorpus(t), t.TempDir()
	lib, logs := loadWithLog(t, dir, idx)
	total := len(lib.Collection.Docs)
	if total != 11 || logged(t, logs, "names found", "documents") != "11" {
		t.Fatalf("first start: %d documents:\n%s", total, logs)
	}
	lib.Close()
	// The files were written just now, within the clock's tick of the
	// first look: they are compared by their bytes until a snapshot
	// taken later; age them so that the size and time are trusted.
	old := time.Now().Add(-time.Hour)
	_ = filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	people := filepath.Join(dir, "people.toml")
	steps := []struct {
		name   string
		change func()
		// parsed and found: the documents parsed, and those whose names
		// were found; index: changed, added, removed ("" for none).
		parsed, found string
		index         [3]string
	}{
		{"nothing", func() {}, "0", "0", [3]string{}},
		{"one text changed", func() {
			write(t, filepath.Join(dir, "inv-2.txt"), strings.Replace(invented["inv-2.txt"], "closed.", "closed; Qavam heard of it.", 1))
		}, "1", "1", [3]string{"1", "0", "0"}},
		{"one added", func() {
			write(t, filepath.Join(dir, "inv-7.md"), "September 1, 1946\n\nAn Invented Note on Bread\n\nBread reached Tabriz.\n")
		}, "1", "1", [3]string{"0", "1", "0"}},
		{"one deleted", func() {
			if err := os.Remove(filepath.Join(dir, "inv-3.txt")); err != nil {
				t.Fatal(err)
			}
		}, "0", "0", [3]string{"0", "0", "1"}},
		{"one renamed", func() {
			if err := os.Rename(filepath.Join(dir, "inv-4.txt"), filepath.Join(dir, "sub", "renamed-4.txt")); err != nil {
				t.Fatal(err)
			}
		}, "1", "1", [3]string{}}, // what the index is told of it is the same
		{"saved again unchanged", func() {
			now := time.Now()
			if err := os.Chtimes(filepath.Join(dir, "inv-1.txt"), now, now); err != nil {
				t.Fatal(err)
			}
		}, "0", "0", [3]string{}},
		{"a record added", func() {
			data, err := os.ReadFile(people)
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, "\n[[person]]\nid = \"zzyzx\"\nname = \"Zzyzx\"\ndescription = \"An invented person.\"\nsource = \"Invented for a test.\"\n"...)
			write(t, people, string(data))
		}, "0", "11", [3]string{"1", "0", "0"}}, // every document read again, one indexed again
		{"a copy under another name", func() {
			write(t, filepath.Join(dir, "sub", "inv-1-copy.txt"), invented["inv-1.txt"])
		}, "1", "0", [3]string{}}, // the same ID: a problem, and not loaded
	}
	for _, st := range steps {
		st.change()
		lib, logs := loadWithLog(t, dir, idx)
		got := libState(t, lib)
		lib.Close()
		fresh, _ := loadWithLog(t, dir, t.TempDir())
		want := libState(t, fresh)
		fresh.Close()
		if got != want {
			t.Errorf("%s: the restarted library differs from one started from nothing:\n%s\n---\n%s", st.name, got, want)
		}
		if p := logged(t, logs, "documents read", "parsed"); p != st.parsed {
			t.Errorf("%s: %s documents parsed, want %s:\n%s", st.name, p, st.parsed, logs)
		}
		if f := logged(t, logs, "names found", "documents"); f != st.found {
			t.Errorf("%s: names found in %s documents, want %s:\n%s", st.name, f, st.found, logs)
		}
		if st.index == [3]string{} {
			if !strings.Contains(logs, `msg="search index reopened"`) {
				t.Errorf("%s: the index should be reopened as it was:\n%s", st.name, logs)
			}
			continue
		}
		for i, key := range []string{"changed", "added", "removed"} {
			if n := logged(t, logs, "search index updated", key); n != st.index[i] {
				t.Errorf("%s: %s=%s, want %s:\n%s", st.name, key, n, st.index[i], logs)
			}
		}
	}
}

// The snapshot is written while the library serves. A process that dies
// before the new one is in place leaves the previous one: the next start
// reads again the documents changed since it, and the index, which holds
// them already, is reopened as it is.
func TestRestartAfterSnapshotLost(t *testing.T) {
	dir, idx := inventedCorpus(t), t.TempDir()
	lib, _ := loadWithLog(t, dir, idx)
	lib.Close()
	path := filepath.Join(idx, snapshotFile)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "inv-5.txt"), strings.Replace(invented["inv-5.txt"], "oil", "oil and Tabriz", 1))
	lib, logs := loadWithLog(t, dir, idx)
	lib.Close()
	if logged(t, logs, "search index updated", "changed") != "1" {
		t.Fatalf("the change was not indexed:\n%s", logs)
	}
	if err := os.WriteFile(path, before, 0o644); err != nil {
		t.Fatal(err)
	}
	lib, logs = loadWithLog(t, dir, idx)
	got := libState(t, lib)
	lib.Close()
	if logged(t, logs, "documents read", "parsed") != "1" || !strings.Contains(logs, `msg="search index reopened"`) {
		t.Errorf("with the previous snapshot, one document should be read again and the index reopened:\n%s", logs)
	}
	fresh, _ := loadWithLog(t, dir, t.TempDir())
	defer fresh.Close()
	if got != libState(t, fresh) {
		t.Error("the library started from the previous snapshot differs from one started from nothing")
	}
}
