package search

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// An index built while the documents are read, handed over in any order
// from several goroutines, answers every query exactly as one built after
// the reading (scores included); one never handed over is indexed from
// the collection; and the next start reopens it without indexing anything
// again.
func TestBuilderWhileReadingEqualsBuiltAfter(t *testing.T) {
	docs := generatedDocs(t, 200)
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 17 // many batches, indexed two at a time
	var in []*Doc
	for i, d := range docs {
		if i%20 != 7 { // ten never handed over
			in = append(in, d)
		}
	}
	ix, asked, opts := buildWhileReading(t, docs, in)
	if asked != 10 {
		t.Errorf("Finish asked for %d documents, want the 10 never handed over", asked)
	}
	fresh, err := Open(context.Background(), docs, Options{Names: fakeNames{}, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	want := everything(t, fresh)
	if got := everything(t, ix); got != want {
		t.Errorf("the index built while reading answers differently from one built after:\n%s\n---\n%s", got, want)
	}

	ix.Close()
	if b, err := NewBuilder(context.Background(), opts); b != nil || err != nil {
		t.Fatalf("NewBuilder on a folder with an index to reopen: %v, %v", b, err)
	}
	var logs bytes.Buffer
	opts.Log = slog.New(slog.NewTextHandler(&logs, nil))
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
	}
	again, ch, err := Update(context.Background(), entries, func(i int) (*Doc, error) { return docs[i], nil }, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if ch.Rebuilt || ch.Kept != len(docs) || !strings.Contains(logs.String(), "search index reopened") {
		t.Errorf("the next start should reopen the index and keep every document: %+v\n%s", ch, logs.String())
	}
	if got := everything(t, again); got != want {
		t.Error("the reopened index answers differently from one built after the reading")
	}
}

// What the collection left out is kept out of an index built while
// reading: a duplicate file's text (the same ID, another text, handed
// over before or after the one kept) and a document the collection does
// not list are not found, and one handed over with a stale text holds the
// collection's. The matches, totals, facet counts and date order are those
// of an index built after the reading; the scores may differ in their
// last digits while the replaced versions still count in the index's
// statistics, until scorch merges their segments (as after an Update).
func TestBuilderKeepsOutWhatTheCollectionLeftOut(t *testing.T) {
	docs := generatedDocs(t, 230)
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 17
	final := docs[:200]
	var in []*Doc
	for i, d := range docs {
		switch {
		case i < 12:
			// A duplicate: another file gave the same ID with another
			// text, which the collection did not keep.
			ghost := *d
			ghost.Title = "Zzyzx ghost of a duplicate"
			ghost.Translation = []Para{{N: 1, Text: "Zzyzx wrote this and was left out."}}
			in = append(in, &ghost)
		case i < 20:
			// An earlier version, handed over too (twice under one ID).
			old := *d
			old.Summary = "Zzyzx stale summary."
			in = append(in, &old)
		case i < 24:
			// Handed over once, but not as the collection holds it.
			changed := *d
			changed.Summary = "Zzyzx changed summary."
			in = append(in, &changed)
			continue
		}
		in = append(in, d) // i >= 200: not listed by the collection
	}
	ix, asked, _ := buildWhileReading(t, final, in)
	// 12 duplicates, 8 versions handed over twice, 4 with another hash.
	if asked != 24 {
		t.Errorf("Finish asked for %d documents, want 24", asked)
	}
	if n, _ := ix.Count(); n != uint64(len(final)) {
		t.Errorf("the index holds %d documents, want %d", n, len(final))
	}
	byID := map[string]*Doc{}
	for _, d := range final {
		byID[d.ID] = d
	}
	checkFacetCounts(t, ix, byID)
	res, err := ix.Search(context.Background(), Request{Query: mustParse(t, "Zzyzx"), Page: 1})
	if err != nil || res.Total != 0 {
		t.Errorf("a text the collection left out is found: %d hits, %v", res.Total, err)
	}
	fresh, err := Open(context.Background(), final, Options{Names: fakeNames{}, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if got, want := unscored(everything(t, ix)), unscored(everything(t, fresh)); got != want {
		t.Errorf("the index built while reading answers differently from one built after:\n%s\n---\n%s", got, want)
	}
	ix.Close()
}

// buildWhileReading hands the documents in over to a Builder in a shuffled
// order from four goroutines, as the loader's cores do, and finishes it on
// the collection final; it returns the index, how many documents Finish
// asked for, and the options used.
func buildWhileReading(t *testing.T, final, in []*Doc) (*Index, int, Options) {
	t.Helper()
	in = slices.Clone(in)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
	opts := Options{Names: fakeNames{}, Dir: t.TempDir()}
	b, err := NewBuilder(context.Background(), opts)
	if err != nil || b == nil {
		t.Fatalf("NewBuilder on an empty folder: %v, %v", b, err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(in); i += 4 {
				b.Add(in[i])
			}
		})
	}
	wg.Wait()
	// Add only spools: nothing is indexed before Finish.
	if indexed, handed := b.Progress(); indexed != 0 || handed != len(in) {
		t.Errorf("before Finish: %d of %d indexed, want 0 of %d", indexed, handed, len(in))
	}
	if _, err := os.Stat(filepath.Join(opts.Dir, spoolFile)); err != nil {
		t.Errorf("no spool while documents wait: %v", err)
	}
	entries := make([]Entry, len(final))
	for i, d := range final {
		entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
	}
	asked := 0
	ix, ch, err := b.Finish(context.Background(), entries, func(i int) (*Doc, error) { asked++; return final[i], nil }, opts)
	if err != nil {
		t.Fatal(err)
	}
	if indexed, handed := b.Progress(); indexed != len(in) || handed != len(in) {
		t.Errorf("after Finish: %d of %d indexed, want all %d", indexed, handed, len(in))
	}
	if _, err := os.Stat(filepath.Join(opts.Dir, spoolFile)); !os.IsNotExist(err) {
		t.Errorf("the spool outlived the build: %v", err)
	}
	if !ch.Rebuilt || ch.Added != len(final) {
		t.Errorf("changes %+v, want a rebuild of %d", ch, len(final))
	}
	return ix, asked, opts
}

// unscored is everything's answer without the scores, its lines sorted.
func unscored(s string) string {
	lines := strings.Split(regexp.MustCompile(`(?m)^[0-9.]+ `).ReplaceAllString(s, ""), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// A build abandoned (a signal, a folder that failed to read) leaves no
// description: the next start builds the index again.
func TestBuilderAbandonedLeavesNoIndex(t *testing.T) {
	docs := generatedDocs(t, 40)
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 7
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	b, err := NewBuilder(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs[:20] {
		b.Add(d)
	}
	cancel()
	for _, d := range docs[20:] {
		b.Add(d) // does not wait for the workers once cancelled
	}
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
	}
	if _, _, err := b.Finish(ctx, entries, func(i int) (*Doc, error) { return docs[i], nil }, Options{Dir: dir}); err == nil {
		t.Fatal("a cancelled build finished")
	}
	b.Abandon() // after Finish: nothing more to do
	if _, err := os.Stat(filepath.Join(dir, metaFile)); !os.IsNotExist(err) {
		t.Errorf("a cancelled build left a description: %v", err)
	}
	b2, err := NewBuilder(context.Background(), Options{Dir: dir})
	if err != nil || b2 == nil {
		t.Fatalf("the next start should build again: %v, %v", b2, err)
	}
	b2.Abandon()
	b2.Abandon()
}

// A document that cannot be spooled (a full disk) makes Finish fail,
// naming it, and leaves neither a description nor a spool: the library
// then builds the index again another way.
func TestBuilderSpoolWriteFails(t *testing.T) {
	docs := generatedDocs(t, 10)
	dir := t.TempDir()
	b, err := NewBuilder(context.Background(), Options{Dir: dir})
	if err != nil || b == nil {
		t.Fatal(b, err)
	}
	b.Add(docs[0])
	b.spool.Close() // every write fails from here, as on a full disk
	for _, d := range docs[1:] {
		b.Add(d)
	}
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
	}
	_, _, err = b.Finish(context.Background(), entries, func(i int) (*Doc, error) { return docs[i], nil }, Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), docs[1].ID) {
		t.Fatalf("Finish after a failed spool write: %v, want an error naming %s", err, docs[1].ID)
	}
	for _, name := range []string{metaFile, spoolFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("a failed build left %s: %v", name, err)
		}
	}
}
