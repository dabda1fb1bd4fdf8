package search

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

// generatedDocs returns n generated documents as the index is told of
// them, with names varied as authority records would give them.
func generatedDocs(t *testing.T, n int) []*Doc {
	t.Helper()
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range archive.Generate(seeds.Docs, n, 11) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	coll, err := archive.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*Doc
	for i, d := range coll.Docs {
		sd := FromArchive(d)
		sd.Persons = []string{"qavam", "pishevari", "bagirov"}[:1+i%3]
		sd.Places = []string{[]string{"tabriz", "baku"}[i%2]}
		docs = append(docs, sd)
	}
	return docs
}

// everything is what an index answers to a set of queries, as text: the
// total, the facets, and every match with its score, in the order of
// scores (ties by ID, as the order of equal scores is the index's own).
func everything(t *testing.T, ix *Index) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{"Qavam", "government", `"Security Council"`, "Tabriz lang:ru", "oil -Baku", "negotiat*", "person:pishevari", "Edited", "Zzyzx"} {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, order := range []string{SortRelevance, SortNewest} {
			res, err := ix.Search(context.Background(), Request{Query: pq, Sort: order, Page: 1})
			if err != nil {
				t.Fatal(err)
			}
			facets, _ := json.Marshal(res.Facets)
			fmt.Fprintf(&b, "%s %s: %d %s\n", q, order, res.Total, facets)
			if order == SortNewest {
				for _, h := range res.Hits {
					fmt.Fprintf(&b, " %s", h.ID)
				}
				b.WriteString("\n")
			}
		}
		all, err := ix.bleve.Search(bleve.NewSearchRequestOptions(ix.build(pq, &Result{}).q, 100000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		hits := make([]string, 0, len(all.Hits))
		for _, h := range all.Hits {
			hits = append(hits, fmt.Sprintf("%.9f %s", math.Round(h.Score*1e9)/1e9, h.ID))
		}
		slices.Sort(hits)
		fmt.Fprintf(&b, "%s\n", strings.Join(hits, "\n"))
		// Every match in date order, as the newest-first pages list them.
		byDate := bleve.NewSearchRequestOptions(ix.build(pq, &Result{}).q, 100000, 0, false)
		byDate.SortBy([]string{fieldDate, fieldDateEnd, "_id"})
		dated, err := ix.bleve.Search(byDate)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range dated.Hits {
			fmt.Fprintf(&b, " %s", h.ID)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// An index updated in place, after documents changed, were added and
// removed, answers every query exactly as one built from scratch on the
// same final documents: the same totals, facet counts, matches and
// scores; and only the documents that changed were indexed again.
func TestUpdatedIndexEqualsRebuilt(t *testing.T) {
	docs := generatedDocs(t, 300)
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 29 // several segments
	dir := t.TempDir()
	open := func(dir string, docs []*Doc) (*Index, string) {
		t.Helper()
		var logs bytes.Buffer
		ix, err := Open(context.Background(), docs, Options{Names: fakeNames{}, Dir: dir, Log: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return ix, logs.String()
	}
	// A value only one document has, which its change takes away.
	only := *docs[40]
	only.Subjects = []string{"A subject of document 40 alone"}
	docs[40] = &only
	ix, _ := open(dir, docs[:250])
	ix.Close()

	// Changed: a text, a name, a date (so the order by date moves), a
	// subject; removed: some in the middle; added: the last fifty, which
	// then take the ordinals the removed ones left and new ones.
	final := slices.Clone(docs)
	edit := func(i int, f func(d *Doc)) {
		d := *final[i]
		f(&d)
		final[i] = &d
	}
	edit(3, func(d *Doc) {
		d.Translation = append(slices.Clone(d.Translation), Para{N: 99, Text: "Edited: the oil concession."})
	})
	edit(10, func(d *Doc) { d.Persons = []string{"pishevari", "zzz-new-person"} })
	edit(20, func(d *Doc) { d.Date, d.DateEnd = d.Date.AddDate(0, 3, 0), d.DateEnd.AddDate(0, 3, 0) })
	edit(30, func(d *Doc) { d.Subjects = []string{"Edited Subject"}; d.Repository = "" })
	edit(40, func(d *Doc) { d.Subjects = nil })
	final = slices.Delete(final, 100, 120)
	byID := map[string]*Doc{}
	for _, d := range final {
		byID[d.ID] = d
	}

	updated, logs := open(dir, final)
	defer updated.Close()
	for _, want := range []string{"search index updated", "changed=5", "added=50", "removed=20", "kept=225"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the update should log %s:\n%s", want, logs)
		}
	}
	if n, _ := updated.Count(); n != uint64(len(final)) {
		t.Errorf("the updated index holds %d documents, want %d", n, len(final))
	}
	if got := updated.facets.docs(); got != 280 {
		t.Errorf("%d ordinals after removing 20 and adding 50 to 250, want 280 (the removed ones' reused)", got)
	}
	checkFacetCounts(t, updated, byID)
	for i, c := range updated.facets.Columns {
		for v, set := range updated.facets.sets[i] {
			if set.IsEmpty() {
				t.Errorf("the facet %s keeps the value %q, which no document has any longer", c.Field, c.Values[v])
			}
		}
	}

	fresh, _ := open(t.TempDir(), final)
	defer fresh.Close()
	if got, want := everything(t, updated), everything(t, fresh); got != want {
		t.Errorf("the updated index answers differently from one built anew:\n%s\n---\n%s", got, want)
	}

	// Reopened with nothing changed: nothing indexed, the same answers.
	updated.Close()
	again, logs := open(dir, final)
	defer again.Close()
	if !strings.Contains(logs, "search index reopened") {
		t.Errorf("an unchanged reopen should say so:\n%s", logs)
	}
	if got, want := everything(t, again), everything(t, fresh); got != want {
		t.Error("the reopened updated index answers differently from one built anew")
	}
}

// An update cut short leaves no description, and the next start rebuilds
// rather than trusting a half-updated index; a facet file that is not the
// one the description names makes it rebuild too.
func TestInterruptedUpdateRebuilds(t *testing.T) {
	docs := generatedDocs(t, 60)
	dir := t.TempDir()
	ix, err := Open(context.Background(), docs[:50], Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
	}
	_, _, err = Update(ctx, entries, func(i int) (*Doc, error) {
		calls++
		if calls == 5 {
			cancel() // the signal comes while documents are indexed
		}
		return docs[i], nil
	}, Options{Dir: dir})
	if err == nil {
		t.Fatal("an update cut short reports no error")
	}
	if _, err := os.Stat(filepath.Join(dir, metaFile)); !os.IsNotExist(err) {
		t.Fatalf("an update cut short left the description: %v", err)
	}
	open := func() (*Index, string) {
		var logs bytes.Buffer
		ix, err := Open(context.Background(), docs, Options{Dir: dir, Log: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return ix, logs.String()
	}
	ix, logs := open()
	if !strings.Contains(logs, "search index rebuilt") || !strings.Contains(logs, "no index there yet") {
		t.Errorf("after an update cut short: %s", logs)
	}
	if n, _ := ix.Count(); n != uint64(len(docs)) {
		t.Errorf("rebuilt index holds %d, want %d", n, len(docs))
	}
	ix.Close()
	f := filepath.Join(dir, facetFile)
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, logs = open()
	defer ix.Close()
	if !strings.Contains(logs, "search index rebuilt") || !strings.Contains(logs, "facet table is not the one") {
		t.Errorf("with a changed facet file: %s", logs)
	}
}

// A facet file of the earlier layout (the slots as a list of structs) is
// not taken for one with no documents: the index is built again, and then
// reopened as it is.
func TestEarlierFacetFileRebuilds(t *testing.T) {
	docs := generatedDocs(t, 30)
	dir := t.TempDir()
	ix, err := Open(context.Background(), docs, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	tb, err := func() (tables, error) {
		m, why := readMeta(dir)
		if why != "" {
			t.Fatal(why)
		}
		return readTables(dir, m.Tables)
	}()
	if err != nil {
		t.Fatal(err)
	}
	var old bytes.Buffer
	if err := gob.NewEncoder(&old).Encode(tb); err != nil { // the earlier layout
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, facetFile), old.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(old.Bytes())
	data, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		t.Fatal(err)
	}
	var m meta
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m.Tables = hex.EncodeToString(sum[:])
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, metaFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	for round, want := range []string{"does not fit the index", "search index reopened"} {
		var logs bytes.Buffer
		ix, err := Open(context.Background(), docs, Options{Dir: dir, Log: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), want) {
			t.Errorf("start %d: want %q in %s", round+1, want, logs.String())
		}
		if n, _ := ix.Count(); n != uint64(len(docs)) {
			t.Errorf("start %d: the index holds %d documents, want %d", round+1, n, len(docs))
		}
		ix.Close()
	}
}
