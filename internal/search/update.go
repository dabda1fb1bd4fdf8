package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"
)

// A persisted index is updated, not rebuilt, when documents change: the
// facet file keeps, by ordinal, each document's ID and the DocHash of what
// the index was told of it, so a start indexes again only the documents
// whose hash differs, adds the new ones and deletes the ones gone.
// Ordinals stay with their documents across starts, since the facet table
// and bleve's copy of each ordinal must agree: a new document takes the
// ordinal a removed one left, or the next one.
//
// The description (metaFile) is written last and removed before the index
// is touched: a start cut short in the middle leaves none, and the next
// start rebuilds.

// Entry is one document of the collection, as Update sees it.
type Entry struct {
	ID string
	// Hash is the DocHash of what the index is told of the document.
	Hash string
}

// Changes says what Update did.
type Changes struct {
	Added, Changed, Removed, Kept int
	// Rebuilt says that the index was built anew, for the reason Why.
	Rebuilt bool
	Why     string
	Took    time.Duration
}

// Update opens the index persisted in opts.Dir and brings it to entries:
// it indexes again the documents whose hash differs from what the index
// holds, adds the new ones and deletes those no longer listed, asking get
// for the document of the i-th entry only when it indexes it. With no
// index there it can reopen, it builds one from every document.
func Update(ctx context.Context, entries []Entry, get func(i int) (*Doc, error), opts Options) (*Index, Changes, error) {
	if opts.Dir == "" {
		return nil, Changes{}, errors.New("search: Update needs a folder")
	}
	start := time.Now()
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ix := newIndex(opts)
	if _, err := ix.listed(entries, get); err != nil {
		return nil, Changes{}, err
	}
	ix.corpus = entriesHash(entries)
	removeTemporary(opts.Dir)
	path := filepath.Join(opts.Dir, "bleve")
	old, reason := readMeta(opts.Dir)
	if reason == "" {
		b, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockTimeout.String()})
		if errors.Is(err, bolterrors.ErrTimeout) {
			// Another process serves from this index: rebuilding it
			// would pull it from under that process.
			return nil, Changes{}, fmt.Errorf("%w: %s", ErrInUse, opts.Dir)
		}
		var tb tables
		if err == nil {
			if tb, err = readTables(opts.Dir, old.Tables); err != nil {
				b.Close()
			}
		}
		if err == nil {
			log.Info("search index opened", slog.String("dir", opts.Dir), slog.Duration("took", time.Since(start)))
			ix.bleve, ix.facets = b, tb.Facets
			ix.facets.setIDs(slotIDs(tb.Slots))
			ch, err := ix.update(ctx, opts.Dir, entries, get, tb.Slots, log)
			if err != nil {
				b.Close()
				return nil, Changes{}, err
			}
			ch.Took = time.Since(start)
			if ch.Added+ch.Changed+ch.Removed == 0 {
				log.Info("search index reopened", slog.String("dir", opts.Dir), slog.Int("documents", ch.Kept), slog.Duration("took", ch.Took))
			} else {
				log.Info("search index updated", slog.String("dir", opts.Dir), slog.Int("changed", ch.Changed), slog.Int("added", ch.Added),
					slog.Int("removed", ch.Removed), slog.Int("kept", ch.Kept), slog.Duration("took", ch.Took))
			}
			return ix, ch, ix.ready()
		}
		reason = "it could not be opened: " + err.Error()
	}
	log.Info("search index rebuilt", slog.String("dir", opts.Dir), slog.String("why", reason))
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, Changes{}, err
	}
	_ = os.Remove(filepath.Join(opts.Dir, metaFile))
	if err := os.RemoveAll(path); err != nil {
		return nil, Changes{}, err
	}
	if err := ix.buildNew(ctx, path, len(entries), get); err != nil {
		return nil, Changes{}, err
	}
	slots := make([]slot, len(entries))
	for i, e := range entries {
		slots[i] = slot(e)
	}
	if err := ix.persist(opts.Dir, slots); err != nil {
		ix.bleve.Close()
		return nil, Changes{}, err
	}
	return ix, Changes{Added: len(entries), Rebuilt: true, Why: reason, Took: time.Since(start)}, ix.ready()
}

// update brings the reopened index, whose ordinals hold the documents of
// slots, to entries.
func (ix *Index) update(ctx context.Context, dir string, entries []Entry, get func(int) (*Doc, error), slots []slot, log *slog.Logger) (Changes, error) {
	var ch Changes
	ordOf := make(map[string]int, len(slots))
	for o, s := range slots {
		if s.ID != "" {
			ordOf[s.ID] = o
		}
	}
	held := make([]bool, len(slots))
	type job struct{ entry, ord int }
	var jobs []job
	var added []int // entries new to the index
	for i, e := range entries {
		o, ok := ordOf[e.ID]
		switch {
		case !ok:
			added = append(added, i)
		case slots[o].Hash == e.Hash:
			held[o] = true
			ch.Kept++
		default:
			held[o] = true
			jobs = append(jobs, job{i, o})
			ch.Changed++
		}
	}
	var gone []string
	var free []int
	for o, s := range slots {
		if !held[o] {
			if s.ID != "" {
				gone = append(gone, s.ID)
			}
			free = append(free, o)
		}
	}
	ch.Removed, ch.Added = len(gone), len(added)
	if len(jobs)+len(added)+len(gone) == 0 {
		return ch, nil
	}
	// The description goes first: from here until it is written again,
	// the folder does not claim to hold an index of anything.
	if err := os.Remove(filepath.Join(dir, metaFile)); err != nil {
		return ch, err
	}
	if err := syncDir(dir); err != nil {
		return ch, err
	}
	next := slices.Clone(slots)
	for _, o := range free {
		next[o] = slot{}
	}
	for _, i := range added {
		o := len(next)
		if len(free) > 0 {
			o, free = free[0], free[1:]
		} else {
			next = append(next, slot{})
		}
		jobs = append(jobs, job{i, o})
	}
	start := time.Now()
	values := make(map[int][][]string, len(jobs))
	batch := ix.bleve.NewBatch()
	for _, id := range gone {
		batch.Delete(id)
	}
	for n, j := range jobs {
		d, err := get(j.entry)
		if err != nil {
			return ch, err
		}
		if err := indexDoc(batch, ix.bleve.Mapping(), d, j.ord); err != nil {
			return ch, fmt.Errorf("indexing %s: %w", d.ID, err)
		}
		next[j.ord] = slot(entries[j.entry])
		values[j.ord] = tableValues(d)
		if batch.Size() >= batchSize || n == len(jobs)-1 {
			if err := ctx.Err(); err != nil {
				return ch, err
			}
			if err := ix.bleve.Batch(batch); err != nil {
				return ch, err
			}
			// A new batch, not this one reset: bleve's Batch can return
			// while the goroutine that handed its documents to the
			// analysers is still ranging over them (a data race the race
			// detector found in TestSnapshotNoticesChangedDocuments).
			batch = ix.bleve.NewBatch()
		}
	}
	if batch.Size() > 0 { // deletions alone
		if err := ix.bleve.Batch(batch); err != nil {
			return ch, err
		}
	}
	// A batch returns once scorch has its segment on disk.
	log.Info("search index batches indexed", slog.Int("documents", len(jobs)), slog.Int("deleted", len(gone)), slog.Duration("took", time.Since(start)))
	start = time.Now()
	ix.facets = patchFacets(ix.facets, len(next), values, func(o int) bool { return next[o].ID == "" })
	ix.facets.setIDs(slotIDs(next))
	log.Info("search index facets patched", slog.Duration("took", time.Since(start)))
	start = time.Now()
	err := ix.persist(dir, next)
	log.Info("search index tables written", slog.Duration("took", time.Since(start)))
	return ch, err
}

// patchFacets returns the facet table of n ordinals made from prev: the
// ordinals in values take those values, the free ones none, and the others
// keep theirs, copied by number. Building the table anew from every
// document's values was, at 100,000 documents, most of the update of a
// hundred (0.6 s of strings looked up again). A value that no document has
// any longer is dropped, as a table built anew would not have it.
func patchFacets(prev *facetTable, n int, values map[int][][]string, free func(o int) bool) *facetTable {
	t := &facetTable{Columns: make([]facetColumn, len(prev.Columns))}
	for i, pc := range prev.Columns {
		c := facetColumn{Field: pc.Field, Values: slices.Clone(pc.Values), Start: make([]uint32, 0, n+1), IDs: make([]uint32, 0, len(pc.IDs))}
		var index map[string]uint32 // made when a changed document needs it
		for o := range n {
			c.Start = append(c.Start, uint32(len(c.IDs)))
			if v, ok := values[o]; ok {
				if i >= len(v) {
					continue
				}
				if index == nil {
					index = make(map[string]uint32, len(c.Values))
					for id, val := range c.Values {
						index[val] = uint32(id)
					}
				}
				for _, val := range v[i] {
					id, ok := index[val]
					if !ok {
						id = uint32(len(c.Values))
						index[val] = id
						c.Values = append(c.Values, val)
					}
					c.IDs = append(c.IDs, id)
				}
				continue
			}
			if o+1 >= len(pc.Start) || free(o) {
				continue
			}
			c.IDs = append(c.IDs, pc.IDs[pc.Start[o]:pc.Start[o+1]]...)
		}
		c.Start = append(c.Start, uint32(len(c.IDs)))
		t.Columns[i] = dropUnused(c)
	}
	return t.index()
}

// dropUnused returns column c without the values no document has,
// numbering the others anew.
func dropUnused(c facetColumn) facetColumn {
	used := make([]bool, len(c.Values))
	for _, id := range c.IDs {
		used[id] = true
	}
	if !slices.Contains(used, false) {
		return c
	}
	renum := make([]uint32, len(c.Values))
	var kept []string
	for id, v := range c.Values {
		if used[id] {
			renum[id] = uint32(len(kept))
			kept = append(kept, v)
		}
	}
	for k, id := range c.IDs {
		c.IDs[k] = renum[id]
	}
	c.Values = kept
	return c
}

// persist writes the facet file for slots, then the description last.
func (ix *Index) persist(dir string, slots []slot) error {
	sum, err := writeTables(dir, tables{Slots: slots, Facets: ix.facets})
	if err != nil {
		return err
	}
	n := 0
	for _, s := range slots {
		if s.ID != "" {
			n++
		}
	}
	data, _ := json.MarshalIndent(meta{MappingVersion: mappingVersion, Corpus: ix.corpus, Documents: n, Tables: sum}, "", "  ")
	return writeAtomic(dir, metaFile, data)
}

// syncDir makes the removal of a file from dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// readMeta reads the description of the index in dir, or says why there
// is none that can be used.
func readMeta(dir string) (meta, string) {
	data, err := os.ReadFile(filepath.Join(dir, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		return meta{}, "no index there yet"
	}
	if err != nil {
		return meta{}, err.Error()
	}
	var got meta
	if err := json.Unmarshal(data, &got); err != nil {
		return meta{}, "its description is unreadable"
	}
	switch {
	case got.MappingVersion != mappingVersion:
		return meta{}, fmt.Sprintf("the mapping changed (version %d, now %d)", got.MappingVersion, mappingVersion)
	case got.Tables == "":
		return meta{}, "it was made by an earlier version, which kept no hash of each document"
	}
	return got, ""
}

// entriesHash identifies the documents of entries and what the index is
// told of each.
func entriesHash(entries []Entry) string {
	h := sha256.New()
	for _, e := range entries {
		fmt.Fprintf(h, "%q %s\n", e.ID, e.Hash)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// removeTemporary removes the temporary files that a write cut short left
// in dir.
func removeTemporary(dir string) {
	for _, name := range []string{facetFile, metaFile} {
		tmps, _ := filepath.Glob(filepath.Join(dir, name+".*"))
		for _, t := range tmps {
			_ = os.Remove(t)
		}
	}
	_ = os.Remove(filepath.Join(dir, spoolFile)) // a build cut short
}

// listed returns where each of entries is, by ID, refusing an ID given
// twice, and lets the index find a document's source through get unless
// the options gave it a way of its own.
func (ix *Index) listed(entries []Entry, get func(i int) (*Doc, error)) (map[string]int, error) {
	at := make(map[string]int, len(entries))
	for i, e := range entries {
		if _, dup := at[e.ID]; dup {
			return nil, fmt.Errorf("search: document %q given twice", e.ID)
		}
		at[e.ID] = i
	}
	if ix.source == nil {
		ix.source = func(id string) (*Doc, error) {
			if i, ok := at[id]; ok {
				return get(i)
			}
			return nil, fmt.Errorf("no document %q", id)
		}
	}
	return at, nil
}
