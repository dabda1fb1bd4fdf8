package library

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/failure"
)

// storeDocs are documents written for the store's tests, in the plain
// layout, in several scripts, one with CRLF line ends, one dated by its
// year alone.
var storeDocs = map[string]string{
	"a.txt":     "March 2, 1946\n\nAn Invented Memo on Wool\n\nThe wool carts waited at the customs house for a week.\n",
	"b.txt":     "March 9, 1946\r\n\r\nAn Invented Note on Ferries\r\n\r\nThe  ferry to   the north ran twice a week.\r\n",
	"c.txt":     "March 1946\n\nВыдуманная записка о хлебе\n\nХлеб прибыл на станцию с опозданием.\n",
	"d.txt":     "1946\n\nAn Invented Letter Dated by Its Year\n\nThe letter asked for paper and ink.\n",
	"sub/e.txt": "April 30, 1946\n\nAn Invented Report on Bridges\n\nTwo bridges were mended; a third was not. Ə ğ ş.\n",
}

// storeCorpus writes the store's documents into a new folder.
func storeCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range storeDocs {
		write(t, filepath.Join(dir, name), text)
	}
	return dir
}

// restart loads the library on dir with the index in idx, after closing
// prev (which waits for its snapshot), and returns it with its log.
func restart(t *testing.T, prev Library, dir, idx string) (Library, string) {
	t.Helper()
	if err := prev.Close(); err != nil {
		t.Fatal(err)
	}
	return loadWithLog(t, dir, idx)
}

// wholeDocs reads dir as a start from nothing would, by document ID.
func wholeDocs(t *testing.T, dir string) map[string]*archive.Document {
	t.Helper()
	c, err := archive.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*archive.Document{}
	for _, d := range c.Docs {
		out[d.ID] = d
	}
	return out
}

// sameTexts checks that every document of lib reads whole as want has it,
// past the library's cache of texts.
func sameTexts(t *testing.T, lib Library, want map[string]*archive.Document) {
	t.Helper()
	lib.texts.Purge()
	if len(lib.Collection.Docs) != len(want) {
		t.Errorf("%d documents, want %d", len(lib.Collection.Docs), len(want))
	}
	for _, d := range lib.Collection.Docs {
		got, err := lib.Text(d)
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		if !reflect.DeepEqual(got.Doc, want[d.ID]) {
			t.Errorf("%s: the text differs from the folder's as loaded", d.ID)
		}
	}
}

// inStore checks that no document of lib holds its source in memory: each
// has its place in the store instead.
func inStore(t *testing.T, lib Library) {
	t.Helper()
	for _, d := range lib.Collection.Docs {
		if o := d.Outline; o == nil || o.Source != nil || o.Stored.Length == 0 {
			t.Fatalf("%s: its source is held in memory, not in the store", d.ID)
		}
	}
}

// A restart serves every unchanged document from the sources store, the
// snapshot's documents holding none of their bytes, even once the folder's
// files are gone (what #16 promised of the bytes held in memory).
func TestStoreServesWithFolderGone(t *testing.T) {
	dir, idx := storeCorpus(t), t.TempDir()
	want := wholeDocs(t, dir)
	// What a store's write cut short by a kill leaves is removed.
	leftover := filepath.Join(idx, sourcesFile+".12345")
	write(t, leftover, "half a store")
	first, _ := loadWithLog(t, dir, idx)
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the store's leftover temporary file is still there: %v", err)
	}
	inStore(t, first)
	sameTexts(t, first, want)
	lib, logs := restart(t, first, dir, idx)
	if logged(t, logs, "documents read", "unchanged") != "5" || logged(t, logs, "sources stored", "documents") != "0" {
		t.Fatalf("second start did not take every document from the snapshot:\n%s", logs)
	}
	inStore(t, lib)
	for name := range storeDocs {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	sameTexts(t, lib, want)
}

// A document changed between two starts is parsed anew and its new text
// served; its source is appended to the store and the others stay where
// they were.
func TestStoreChangedDocumentServedAfterRestart(t *testing.T) {
	dir, idx := storeCorpus(t), t.TempDir()
	first, _ := loadWithLog(t, dir, idx)
	places := map[string]archive.Extent{}
	for _, d := range first.Collection.Docs {
		places[d.ID] = d.Outline.Stored
	}
	write(t, filepath.Join(dir, "b.txt"), "March 9, 1946\r\n\r\nAn Invented Note on Ferries\r\n\r\nThe ferry to the north now ran daily, with salt aboard.\r\n")
	write(t, filepath.Join(dir, "f.txt"), "May 1946\n\nAn Invented Note Added Later\n\nA new note about lamps.\n")
	want := wholeDocs(t, dir)
	lib, logs := restart(t, first, dir, idx)
	if logged(t, logs, "sources stored", "documents") != "2" {
		t.Fatalf("want the changed and the new document stored:\n%s", logs)
	}
	inStore(t, lib)
	sameTexts(t, lib, want)
	for _, d := range lib.Collection.Docs {
		tx, err := lib.Text(d)
		if err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprint(tx.Doc.Translation, tx.Doc.Original)
		switch d.File {
		case "b.txt":
			if !strings.Contains(text, "with salt aboard") {
				t.Errorf("b.txt: the new text is not served: %s", text)
			}
			if d.Outline.Stored == places[d.ID] {
				t.Errorf("b.txt: still at its old place in the store")
			}
		case "f.txt":
		default:
			if d.Outline.Stored != places[d.ID] {
				t.Errorf("%s: moved in the store though unchanged: %v, was %v", d.File, d.Outline.Stored, places[d.ID])
			}
		}
	}
}

// A damaged byte in the store is found by the SHA-256 kept of each source:
// while the folder's file still has the bytes loaded, the page is served
// from it; once the file has changed too, the document answers Gone with a
// sentence for the reader (never a wrong text), the log says which, a
// search finding it lists it with snippets cut from what the index stores
// of it (the text it was found by), and the other documents are served.
func TestStoreDamageDetected(t *testing.T) {
	dir, idx := storeCorpus(t), t.TempDir()
	want := wholeDocs(t, dir)
	first, _ := loadWithLog(t, dir, idx)
	lib, _ := restart(t, first, dir, idx)
	var victim *archive.Document
	for _, d := range lib.Collection.Docs {
		if d.File == "c.txt" {
			victim = d
		}
	}
	f, err := os.OpenFile(filepath.Join(idx, sourcesFile), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	at := victim.Outline.Stored.Offset + victim.Outline.Stored.Length/2
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, at); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x5a
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sameTexts(t, lib, want) // the folder's file still has the same bytes
	write(t, filepath.Join(dir, "c.txt"), "March 1946\n\nВыдуманная записка о хлебе\n\nХлеб не прибыл.\n")
	lib.texts.Purge()
	var logs lockedBuffer
	lib.log = slogTo(&logs)
	_, err = lib.Text(victim)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Gone || fe.Message == "" {
		t.Fatalf("damaged source with the file changed: %v, want a Gone failure with a sentence", err)
	}
	if !strings.Contains(logs.String(), "damaged") || !strings.Contains(logs.String(), victim.ID) {
		t.Errorf("the damage is not logged with the document:\n%s", logs.String())
	}
	// A search that finds it answers with its other hits, and its own
	// snippets.
	if got := searchJSON(t, lib, "Выдуманная OR wool"); !strings.Contains(got, victim.ID) || !strings.Contains(got, "wool") {
		t.Errorf("a search finding the damaged document: %s", got)
	}
	found := false
	for _, h := range searchFor(t, lib, "Выдуманная").Hits {
		if h.ID == victim.ID {
			found = true
			if len(h.Snippets) == 0 || h.Snippets[0].Field != "title" || !h.Snippets[0].Parts[0].Mark || h.Snippets[0].Parts[0].Text != "Выдуманная" {
				t.Errorf("the damaged document's hit has snippets %+v, want its indexed title's", h.Snippets)
			}
		}
	}
	if !found {
		t.Error("a search for the damaged document's title does not find it")
	}
	delete(want, victim.ID)
	for _, d := range lib.Collection.Docs {
		if d != victim {
			if got, err := lib.Text(d); err != nil || !reflect.DeepEqual(got.Doc, want[d.ID]) {
				t.Errorf("%s: not served beside the damaged one: %v", d.ID, err)
			}
		}
	}
}

// A store cut short, missing, or written afresh since the snapshot (a
// compaction whose start was killed before the snapshot was written) makes
// the snapshot unusable: the start reads every document, says why, and
// serves them all.
func TestStoreLostOrCutShort(t *testing.T) {
	for _, tc := range []struct {
		name, why string
		harm      func(t *testing.T, path string)
	}{
		{"cut short", "cut short", func(t *testing.T, path string) {
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, info.Size()-10); err != nil {
				t.Fatal(err)
			}
		}},
		{"missing", "written afresh", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
		{"written afresh", "written afresh", func(t *testing.T, path string) {
			if err := writeEmptyStore(filepath.Dir(path)); err != nil {
				t.Fatal(err)
			}
		}},
		{"header damaged", "written afresh", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("not a store"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, idx := storeCorpus(t), t.TempDir()
			want := wholeDocs(t, dir)
			first, _ := loadWithLog(t, dir, idx)
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			tc.harm(t, filepath.Join(idx, sourcesFile))
			lib, logs := loadWithLog(t, dir, idx)
			if !strings.Contains(logs, "library snapshot not used") || !strings.Contains(logs, tc.why) {
				t.Errorf("the start did not say why it read every document:\n%s", logs)
			}
			if logged(t, logs, "documents read", "parsed") != "5" {
				t.Errorf("want every document parsed:\n%s", logs)
			}
			inStore(t, lib)
			sameTexts(t, lib, want)
		})
	}
}

// When the frames of changed documents outweigh the live ones, a start
// writes the store afresh with the live ones only: it shrinks, every
// document reads as the folder has it, and the next start uses the
// snapshot that names the new store.
func TestStoreCompactionKeepsLiveDocuments(t *testing.T) {
	dir, idx := storeCorpus(t), t.TempDir()
	lib, _ := loadWithLog(t, dir, idx)
	var logs string
	grew := int64(0)
	for round := range 4 {
		// Every document but d.txt changed; the first three rounds only
		// append.
		for name, text := range storeDocs {
			if name != "d.txt" {
				write(t, filepath.Join(dir, name), strings.Replace(text, ".\n", fmt.Sprintf(", round %d.\n", round), 1))
			}
		}
		lib, logs = restart(t, lib, dir, idx)
		info, err := os.Stat(filepath.Join(idx, sourcesFile))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs, "rewritten=true") {
			if info.Size() >= grew {
				t.Errorf("round %d: written afresh but not smaller: %d bytes, was %d", round, info.Size(), grew)
			}
			break
		}
		if round == 3 {
			t.Fatalf("never written afresh though most of it is dead:\n%s", logs)
		}
		grew = info.Size()
	}
	want := wholeDocs(t, dir)
	inStore(t, lib)
	sameTexts(t, lib, want)
	lib, logs = restart(t, lib, dir, idx)
	if !strings.Contains(logs, "library snapshot read") || logged(t, logs, "documents read", "unchanged") != "5" {
		t.Fatalf("the start after the compaction did not use its snapshot:\n%s", logs)
	}
	sameTexts(t, lib, want)
}

// The snapshot does not grow with the documents' texts, which are in the
// store: documents a hundred times longer leave it nearly the same size.
func TestSnapshotHoldsNoSources(t *testing.T) {
	sizes := map[int][2]int64{}
	for _, words := range []int{10, 1000} {
		dir, idx := t.TempDir(), t.TempDir()
		r := rand.New(rand.NewPCG(1, uint64(words)))
		for i := range 20 {
			var b strings.Builder
			for range words {
				// Invented words, that no record names and flate cannot
				// squeeze away.
				for range 3 + r.IntN(6) {
					b.WriteByte(byte('a' + r.IntN(26)))
				}
				b.WriteByte(' ')
			}
			write(t, filepath.Join(dir, fmt.Sprintf("doc-%02d.txt", i)), fmt.Sprintf("May %d, 1946\n\nAn Invented Paper Number %d\n\n%s\n", i+1, i, b.String()))
		}
		lib, _ := loadWithLog(t, dir, idx)
		inStore(t, lib)
		if err := lib.Close(); err != nil {
			t.Fatal(err)
		}
		snap, err := os.Stat(filepath.Join(idx, snapshotFile))
		if err != nil {
			t.Fatal(err)
		}
		store, err := os.Stat(filepath.Join(idx, sourcesFile))
		if err != nil {
			t.Fatal(err)
		}
		sizes[words] = [2]int64{snap.Size(), store.Size()}
	}
	small, large := sizes[10], sizes[1000]
	if large[1] < 20*small[1] {
		t.Fatalf("the store did not grow with the texts: %v then %v", small, large)
	}
	if large[0] > small[0]+small[0]/5 {
		t.Errorf("the snapshot grew with the texts: %d bytes, was %d (store %d, was %d)", large[0], small[0], large[1], small[1])
	}
}

// slogTo is a logger writing text to w.
func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// A file whose time changed but not its bytes is read once to find that
// out; the snapshot then records its new time, so that the start after
// does not read it again (as git refreshes its index).
func TestTouchedFileReadOnce(t *testing.T) {
	dir, idx := storeCorpus(t), t.TempDir()
	// Files older than the racy window of the first start.
	old := time.Now().Add(-time.Hour)
	for name := range storeDocs {
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	lib, _ := loadWithLog(t, dir, idx)
	lib, logs := restart(t, lib, dir, idx)
	if got := logged(t, logs, "documents read", "reread"); got != "0" {
		t.Fatalf("nothing touched, yet %s files read:\n%s", got, logs)
	}
	touched := time.Now().Add(-30 * time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), touched, touched); err != nil {
		t.Fatal(err)
	}
	lib, logs = restart(t, lib, dir, idx)
	if logged(t, logs, "documents read", "reread") != "1" || logged(t, logs, "documents read", "parsed") != "0" {
		t.Fatalf("want the touched file read, not parsed:\n%s", logs)
	}
	lib, logs = restart(t, lib, dir, idx)
	if got := logged(t, logs, "documents read", "reread"); got != "0" {
		t.Errorf("the touched file read again at the next start (%s files):\n%s", got, logs)
	}
	sameTexts(t, lib, wholeDocs(t, dir))
}

// With Options.Ready, the index is built and the snapshot written only
// once the site serves (Ready closed), not while its pages are made; a
// library closed before that (a start refused by -strict) returns from
// Close at once and leaves no snapshot: the next start reads every
// document again, as it would after a start cut short.
func TestSnapshotWaitsForReady(t *testing.T) {
	for _, serves := range []bool{true, false} {
		dir, idx := storeCorpus(t), t.TempDir()
		fsys := os.DirFS(dir)
		ready := make(chan struct{})
		lib, err := Load(t.Context(), fsys, Options{IndexDir: idx, Data: fsys, Ready: ready})
		if err != nil {
			t.Fatal(err)
		}
		snap := filepath.Join(idx, snapshotFile)
		time.Sleep(50 * time.Millisecond)
		if _, err := os.Stat(snap); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the snapshot was written before the site served: %v", err)
		}
		if serves {
			close(ready)
			if err := lib.WaitIndex(t.Context()); err != nil {
				t.Fatal(err)
			}
			<-lib.saved
			if _, err := os.Stat(snap); err != nil {
				t.Fatalf("no snapshot once the site served: %v", err)
			}
		}
		closed := make(chan error, 1)
		go func() { closed <- lib.Close() }()
		select {
		case err := <-closed:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Close waits for a Ready that never comes")
		}
		if _, err := os.Stat(snap); serves != (err == nil) {
			t.Errorf("after Close, served %v: the snapshot is there: %v", serves, err)
		}
	}
}

// Many requests read sources from the store at once (ReadAt on one file),
// each getting its own document whole.
func TestStoreReadConcurrently(t *testing.T) {
	dir, idx := storeCorpus(t), t.TempDir()
	want := wholeDocs(t, dir)
	first, _ := loadWithLog(t, dir, idx)
	lib, _ := restart(t, first, dir, idx)
	errs := make(chan error, 16)
	for g := range 16 {
		go func() {
			var err error
			for i := range 50 {
				d := lib.Collection.Docs[(g+i)%len(lib.Collection.Docs)]
				got, ferr := lib.Collection.Full(d)
				if ferr != nil || !reflect.DeepEqual(got, want[d.ID]) {
					err = fmt.Errorf("%s: %v", d.ID, ferr)
				}
			}
			errs <- err
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
