package library

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// A first start builds the index while it reads the documents, and gives
// what a start that builds it after reading gives: the same documents,
// names, problems, searches and facets. A file that repeats another's ID
// is still reported and left out, whether it comes before or after the
// one kept (in file-name order) and whichever the cores read first; its
// words are not found. The next start reopens the index as it is.
func TestFirstStartIndexesWhileReading(t *testing.T) {
	dir := inventedCorpus(t)
	// The same date and title as inv-1.txt, a name before it: this one is
	// kept and inv-1.txt left out.
	write(t, filepath.Join(dir, "aa-first.txt"), "April 12, 1946\n\nAn Invented Memo on Grain for Tabriz\n\nBagirov asked for Keptword grain in Tabriz.\n")
	// After inv-2.txt (CRLF, odd spacing) and inv-3.txt (Cyrillic): left out.
	write(t, filepath.Join(dir, "zz-later.txt"), "May 3, 1946\r\n\r\nAn  Invented Note on Roads\r\n\r\nThe Droppedword road  was open.\r\n")
	write(t, filepath.Join(dir, "sub/zz-ru.txt"), "June 1946\n\nAn Invented Report in Russian\n\nБагиров писал: Пропавшееслово.\n")

	idx := t.TempDir()
	lib, logs := loadWithLog(t, dir, idx)
	for _, want := range []string{"search index built", "streamed=true", "names found"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the first start should log %q:\n%s", want, logs)
		}
	}
	var dups []string
	for _, p := range lib.Collection.Problems {
		if strings.Contains(p.Message, "gives the same ID") {
			dups = append(dups, p.File)
		}
	}
	if strings.Join(dups, " ") != "inv-1.txt sub/zz-ru.txt zz-later.txt" && strings.Join(dups, " ") != "inv-1.txt zz-later.txt sub/zz-ru.txt" {
		t.Errorf("duplicates reported: %v, want inv-1.txt, zz-later.txt and sub/zz-ru.txt", dups)
	}
	for q, want := range map[string]int{"Keptword": 1, "Droppedword": 0, "Пропавшееслово": 0, "schools": 1} {
		if got := hits(t, lib, q); got != want {
			t.Errorf("%s: %d documents, want %d", q, got, want)
		}
	}

	fsys := os.DirFS(dir)
	after, err := Load(context.Background(), fsys, Options{Data: fsys}) // in memory: built after reading
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	if got, want := libState(t, lib), libState(t, after); got != want {
		t.Errorf("a first start that indexes while reading differs from one that indexes after:\n%s\n---\n%s", got, want)
	}
	want := libState(t, lib)
	lib.Close()
	again, logs := loadWithLog(t, dir, idx)
	// The duplicates are parsed again (the snapshot keeps only what the
	// collection kept), and nothing is derived or indexed again.
	if !strings.Contains(logs, "search index reopened") || logged(t, logs, "names found", "documents") != "0" {
		t.Errorf("the next start should reopen the index and find no names again:\n%s", logs)
	}
	if got := libState(t, again); got != want {
		t.Error("the next start differs from the first")
	}
}

// hits is the number of documents a search finds.
func hits(t *testing.T, lib Library, q string) int {
	t.Helper()
	return searchFor(t, lib, q).Total
}

// The heap's cap while the index is built stays at least heapHeadroom
// above the live heap (so the collector does not run back to back), grows
// with it, and never rises above a limit set before (GOMEMLIMIT).
func TestHeapLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ live, prev, want int64 }{
		{0, math.MaxInt64, heapHeadroom},
		{300 * mib, math.MaxInt64, 300*mib + heapHeadroom},
		{1536 * mib, math.MaxInt64, 1536*mib + heapHeadroom},
		{4096 * mib, math.MaxInt64, 6144 * mib}, // half the live heap above it
		{1536 * mib, 2000 * mib, 2000 * mib},    // the environment's limit holds
	} {
		if got := heapLimit(c.live, heapHeadroom, c.prev); got != c.want {
			t.Errorf("heapLimit(%d MiB, %d) = %d MiB, want %d MiB", c.live/mib, c.prev, got/mib, c.want/mib)
		}
	}
	// While the documents are read, the least headroom is wider.
	if got := heapLimit(1024*mib, readingHeadroom, math.MaxInt64); got != 1024*mib+readingHeadroom {
		t.Errorf("while reading, heapLimit(1 GiB) = %d MiB, want %d MiB", got/mib, (1024*mib+readingHeadroom)/mib)
	}
}

// The cap lasts only while an index is built: the limit set before is
// back once every build that capped the heap has ended, in any order.
func TestHeapCapPutsTheLimitBack(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	gcBefore := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gcBefore)
	const set = 40 << 30
	debug.SetMemoryLimit(set)
	a := capHeap()
	if got := debug.SetGCPercent(-1); got != buildGCPercent {
		t.Errorf("GOGC while the heap is capped: %d, want %d", got, buildGCPercent)
	}
	debug.SetGCPercent(buildGCPercent)
	b := capHeap()
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) == set && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got >= set {
		t.Errorf("the limit while building is %d, want below %d", got, int64(set))
	}
	a()
	a() // once only
	if got := debug.SetMemoryLimit(-1); got >= set {
		t.Errorf("the limit was put back (%d) while another build still runs", got)
	}
	b()
	time.Sleep(3 * heapCapEvery) // a follower still running would lower it again
	if got := debug.SetMemoryLimit(-1); got != set {
		t.Errorf("the limit after the builds is %d, want %d", got, int64(set))
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after the builds: %d, want 100 back", got)
	}
	// GOGC=off, set before, stays off.
	debug.SetGCPercent(-1)
	c := capHeap()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("with GOGC=off, a build turned the collector on (%d)", got)
	}
	c()
	if got := debug.SetGCPercent(100); got != -1 {
		t.Errorf("with GOGC=off, the build left GOGC at %d", got)
	}
}

// GOMEMLIMIT=off asks for no memory limit: a build then leaves the limit
// alone.
func TestHeapCapOff(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "off")
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	const set = 40 << 30
	debug.SetMemoryLimit(set)
	release := capHeap()
	time.Sleep(3 * heapCapEvery)
	if got := debug.SetMemoryLimit(-1); got != set {
		t.Errorf("with GOMEMLIMIT=off the limit while building is %d, want %d", got, int64(set))
	}
	release()
}

// A first start opens the library once the documents are read and their
// names found, and builds the search index after, while the site serves:
// every document, name and page is there, and the index says how far it
// is. A library closed before its index is built (a signal, a refused
// start) leaves neither an index nor a snapshot, and the next start builds
// both, as a first start would.
func TestLibraryOpensBeforeItsIndex(t *testing.T) {
	gate := make(chan struct{})
	defer func(f func(context.Context)) { indexingStarts = f }(indexingStarts)
	indexingStarts = func(ctx context.Context) {
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
	dir, idx := inventedCorpus(t), t.TempDir()
	fsys := os.DirFS(dir)
	mem, err := Load(t.Context(), fsys, Options{Data: fsys}) // in memory: whole when Load returns
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	want := libState(t, mem)

	for _, closeEarly := range []bool{true, false} {
		lib, err := Load(t.Context(), fsys, Options{IndexDir: idx, Data: fsys})
		if err != nil {
			t.Fatal(err)
		}
		if lib.Index() != nil {
			t.Fatal("the index is there before its build was let begin")
		}
		st := lib.IndexState()
		if st.Ready || st.Failed || st.Total != len(lib.Collection.Docs) || st.Indexed != 0 {
			t.Errorf("while held, the index state is %+v, want not ready, 0 of %d indexed", st, len(lib.Collection.Docs))
		}
		if len(lib.Collection.Docs) != len(mem.Collection.Docs) || len(lib.Entities) != len(mem.Entities) {
			t.Errorf("before its index, the library holds %d documents and %d records, want %d and %d", len(lib.Collection.Docs), len(lib.Entities), len(mem.Collection.Docs), len(mem.Entities))
		}
		d := lib.Collection.Docs[0]
		if text, err := lib.Text(d); err != nil || len(text.Doc.Translation.Paragraphs)+len(text.Doc.Original.Paragraphs) == 0 {
			t.Errorf("before its index, document %s cannot be read whole: %v", d.ID, err)
		}
		if closeEarly {
			if err := lib.Close(); err != nil {
				t.Fatal(err)
			}
			leftNothing(t, idx, "a library closed before its index was built")
			continue
		}
		close(gate)
		waitIndex(t, lib)
		if st := lib.IndexState(); !st.Ready || lib.Index() == nil {
			t.Errorf("after WaitIndex, the index state is %+v", st)
		}
		if got := libState(t, lib); got != want {
			t.Errorf("an index built after the library opened differs from one built in memory:\n%s\n---\n%s", got, want)
		}
		lib.Close()
		again, logs := loadWithLog(t, dir, idx)
		if !strings.Contains(logs, "library snapshot read") || !strings.Contains(logs, "search index reopened") {
			t.Errorf("the start after should reopen the index and read the snapshot:\n%s", logs)
		}
		if again.Index() == nil {
			t.Error("a start that reopens the index has it ready with the library")
		}
	}
}

// A first start's index build waits for the site (Options.Ready): begun
// at once, it took the cores from the server's own making. A library
// closed before the site served leaves nothing of the build behind.
func TestIndexBuildWaitsForTheSite(t *testing.T) {
	began := make(chan struct{}, 4)
	defer func(f func(context.Context)) { indexingStarts = f }(indexingStarts)
	indexingStarts = func(context.Context) { began <- struct{}{} }
	dir := inventedCorpus(t)
	fsys := os.DirFS(dir)
	for _, closeEarly := range []bool{true, false} {
		idx := t.TempDir()
		ready := make(chan struct{})
		lib, err := Load(t.Context(), fsys, Options{IndexDir: idx, Data: fsys, Ready: ready})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-began:
			t.Fatal("the index build began before the site served")
		case <-time.After(300 * time.Millisecond):
		}
		if st := lib.IndexState(); st.Ready || st.Failed {
			t.Errorf("before the site serves, the index state is %+v", st)
		}
		if closeEarly {
			if err := lib.Close(); err != nil {
				t.Fatal(err)
			}
			leftNothing(t, idx, "a library closed before its site served")
			if len(began) != 0 {
				t.Error("a library closed before its site served began its index build")
			}
			continue
		}
		close(ready)
		waitIndex(t, lib)
		if len(began) != 1 || lib.Index() == nil {
			t.Errorf("once the site serves, the index is built: began %d times, index %v", len(began), lib.Index() != nil)
		}
		lib.Close()
	}
}

// leftNothing fails the test if the index folder idx holds a snapshot, a
// spool or an index description: what a build cut short must not leave.
func leftNothing(t *testing.T, idx, who string) {
	t.Helper()
	for _, name := range []string{snapshotFile, "readingroom-spool", "readingroom-index.json"} {
		if _, err := os.Stat(filepath.Join(idx, name)); !os.IsNotExist(err) {
			t.Errorf("%s left %s: %v", who, name, err)
		}
	}
}

// waitIndex waits, at most a minute, for lib's index to be built.
func waitIndex(t *testing.T, lib Library) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := lib.WaitIndex(ctx); err != nil {
		t.Fatal(err)
	}
}
