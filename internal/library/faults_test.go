package library

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/search"
)

// TestIndexFolderLockedFirst: while one library holds an index folder, a
// second start stops with ErrInUse before it reads or removes anything in
// it, whatever state the folder is in (here: half built, as during the
// first start).
func TestIndexFolderLockedFirst(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	lock, err := lockIndexDir(idx) // the first process, still building
	if err != nil {
		t.Fatal(err)
	}
	defer unlock(lock)
	partial := filepath.Join(idx, "bleve", "half-written")
	leftover := filepath.Join(idx, snapshotFile+".123")
	for _, name := range []string{partial, leftover} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	_, err = Load(context.Background(), fsys, Options{IndexDir: idx, Data: fsys})
	if !errors.Is(err, search.ErrInUse) {
		t.Fatalf("second start: %v, want ErrInUse", err)
	}
	for _, name := range []string{partial, leftover} {
		if _, err := os.Stat(name); err != nil {
			t.Errorf("the second start touched the first's folder: %v", err)
		}
	}
	unlock(lock)
	// Once the first has gone, a start takes the folder and clears the
	// temporary file a cut-short write left.
	lib, logs := loadWithLog(t, dir, idx)
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("leftover temporary file still there: %v\n%s", err, logs)
	}
	if got := searchJSON(t, lib, "Tabriz"); !strings.Contains(got, "Tabriz") {
		t.Errorf("search after taking the folder over: %s", got)
	}
}

// TestTamperedSnapshotRebuilt: a snapshot with one byte changed, or cut
// short, does not verify; the start reads every document, says why, and
// serves the real titles.
func TestTamperedSnapshotRebuilt(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	first, _ := loadWithLog(t, dir, idx)
	title := first.Collection.Docs[0].Title
	first.Close()
	path := filepath.Join(idx, snapshotFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A title changed in place, the same length: only the checksum tells.
	i := strings.Index(string(data), title)
	if i < 0 {
		t.Fatalf("title %q not in the snapshot", title)
	}
	tampered := append([]byte(nil), data...)
	copy(tampered[i:], strings.Repeat("X", min(8, len(title))))
	for name, bad := range map[string][]byte{"one title changed": tampered, "cut short": data[:len(data)/2]} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			lib, logs := loadWithLog(t, dir, idx)
			defer lib.Close()
			if !strings.Contains(logs, "snapshot not used") {
				t.Errorf("the damaged snapshot was used:\n%s", logs)
			}
			if got := lib.Collection.Docs[0].Title; got != title {
				t.Errorf("title %q, want %q", got, title)
			}
		})
	}
}

// TestSnapshotHugeLengthField: a frame length of a gigabyte in a small
// snapshot costs no gigabyte: the buffer grows with the bytes there are.
func TestSnapshotHugeLengthField(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	var b []byte
	b = append(b, snapshotMagic...)
	b = binary.LittleEndian.AppendUint32(b, maxFrame)
	b = append(b, make([]byte, 4096)...)
	if err := os.WriteFile(filepath.Join(idx, snapshotFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	lib, logs := loadWithLog(t, dir, idx)
	runtime.ReadMemStats(&after)
	if !strings.Contains(logs, "snapshot not used") || len(lib.Collection.Docs) == 0 {
		t.Errorf("a snapshot with a huge length was used:\n%s", logs)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 512<<20 {
		t.Errorf("the start allocated %d MB", grew>>20)
	}
}

// TestIndexNotPersistedServesFromMemory: when the index cannot be written
// in its folder, the failure is logged and the library serves searches
// from memory; no snapshot claims an index that is not there.
func TestIndexNotPersistedServesFromMemory(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	// The index's description cannot be written: a folder, with a file
	// inside, stands where it goes (as a full disk would fail the write).
	if err := os.MkdirAll(filepath.Join(idx, "readingroom-index.json", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	lib, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "serving it from memory") {
		t.Errorf("no log line for the failed write:\n%s", logs)
	}
	if got := searchJSON(t, lib, "Tabriz"); !strings.Contains(got, "Tabriz") {
		t.Errorf("search from memory: %s", got)
	}
	if _, err := os.Stat(filepath.Join(idx, snapshotFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a snapshot was written for an index kept in memory: %v", err)
	}
}

// TestCorruptIndexRebuilt: random bytes written inside any file of a
// persisted index (a segment, root.bolt, the facet table) are found before
// the index is used; it is rebuilt, and every search answers as before.
func TestCorruptIndexRebuilt(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	first, _ := loadWithLog(t, dir, idx)
	queries := []string{"Tabriz", "year:1946", "Qavam year:1946", "person:bagirov"}
	want := map[string]string{}
	for _, q := range queries {
		want[q] = hitSet(t, first, q)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := indexFiles(idx)
	if err != nil || len(files) < 3 {
		t.Fatalf("index files %q: %v", files, err)
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(idx, filepath.FromSlash(name))
			data, err := os.ReadFile(path)
			if err != nil || len(data) == 0 {
				t.Skip("empty file")
			}
			garbled := append([]byte(nil), data...)
			for i := len(data) / 3; i < min(len(data), len(data)/3+16); i++ {
				garbled[i] ^= 0x5a
			}
			if err := os.WriteFile(path, garbled, 0o644); err != nil {
				t.Fatal(err)
			}
			lib, logs := loadWithLog(t, dir, idx)
			if !strings.Contains(logs, "do not match their checksums") {
				t.Errorf("the garbled %s was not found:\n%s", name, logs)
			}
			for _, q := range queries {
				if got := hitSet(t, lib, q); got != want[q] {
					t.Errorf("%s after the rebuild: %s, want %s", q, got, want[q])
				}
			}
			if err := lib.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
	// A run that did not close leaves no checksums: the next start rebuilds.
	lib, _ := loadWithLog(t, dir, idx)
	unlock(lib.lock) // as if the process had died
	lib.Index().Close()
	_, logs := loadWithLog(t, dir, idx)
	if !strings.Contains(logs, "the last run did not close it") {
		t.Errorf("an index not closed was used:\n%s", logs)
	}
}

// hitSet is the number of hits of a search and their IDs, sorted: hits of
// equal score come in no set order from one build to the next.
func hitSet(t *testing.T, lib Library, q string) string {
	t.Helper()
	var res struct {
		Total int
		Hits  []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(searchJSON(t, lib, q)), &res); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	sort.Strings(ids)
	return fmt.Sprint(res.Total, ids)
}

// What the server writes while serving (the bulk download, in the index
// folder's downloads folder) is no part of the index: a download cut short
// by a signal leaves temporary files there, and the next start reopens the
// index rather than rebuild it.
func TestDownloadsLeftoversKeepTheIndex(t *testing.T) {
	dir, idx := copyCorpus(t), t.TempDir()
	first, _ := loadWithLog(t, dir, idx)
	if err := os.MkdirAll(filepath.Join(idx, DownloadsDir), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(idx, DownloadsDir, name), []byte("part of a download"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("readingroom-collection.jsonl.123.tmp") // being written as the index closes
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(filepath.Join(idx, DownloadsDir, "readingroom-collection.jsonl.123.tmp")) // the writer's own cleanup, after
	write("readingroom-collection.jsonl.456.tmp")                                           // and another run's, cut short
	lib, logs := loadWithLog(t, dir, idx)
	defer lib.Close()
	if strings.Contains(logs, "rebuilt") || !strings.Contains(logs, "search index reopened") {
		t.Errorf("files in %s made the index rebuilt:\n%s", DownloadsDir, logs)
	}
}
