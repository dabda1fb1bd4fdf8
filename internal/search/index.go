package search

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Doc is what the index is told about one document.
type Doc struct {
	ID            string
	Title         string
	Summary       string
	Translation   []Para // English
	Original      []Para // in OriginalLang
	OriginalLang  string // "ru"
	Notes         []string
	Date          time.Time // the first day the document's date covers
	DateEnd       time.Time // the last day it covers: a month's or a year's last day
	HasDate       bool
	Persons       []string // authority record IDs
	Places        []string
	Organisations []string
	// Senders and Recipients are the records of who wrote it to whom.
	Senders, Recipients []string
	Repository          string   // "GAPPOD"
	Languages           []string // codes of the texts the document has: "en", "ru"
	Classification      []string
	// Subjects are the archive's subject tags ("Agriculture").
	Subjects []string
	// Mentions locate names in the texts, so that a search for one spelling
	// can show where the document uses another.
	Mentions []Mention
}

// Para is a numbered paragraph of a text.
type Para struct {
	N    int
	Text string
}

// Mention is where a document names a person or place.
type Mention struct {
	Ref   string // "person:qavam", "place:tabriz", "organisation:tudeh"
	Field string // "title", "summary", "translation", "original"
	Para  int    // paragraph number, for the texts
	Start int    // byte offsets in the field's (or paragraph's) text
	End   int
}

// Ref is an authority record a name resolves to.
type Ref struct {
	Kind string `json:"kind"` // "person", "place" or "organisation"
	ID   string `json:"id"`
	Name string `json:"name"` // the usual English form
	// As is the record's form the name was read as, when it is not one the
	// record lists but another spelling or a full name ("Tabriz" for
	// Tebriz, "Joseph Vissarionovich Stalin" for Joseph Stalin); empty
	// for a listed form.
	As string `json:"as,omitempty"`
}

// Names resolves a word or phrase, in any spelling or script, to the
// authority records it names.
type Names interface {
	Resolve(name string) []Ref
}

// NearNames, when Names has it, offers records whose names are close to a
// word that names none, for spelling suggestions: records come before
// other words.
type NearNames interface {
	Near(word string) []Ref
}

// Options configure Open.
type Options struct {
	// Dir keeps the index on disk, reopened and brought up to date at the
	// next start when the mapping is unchanged (Update); empty means in
	// memory.
	Dir   string
	Names Names
	Log   *slog.Logger
	// Source gives the document with an ID, for the snippets of a hit
	// whose Doc the index does not store (an index written by an earlier
	// program, or a stored form that cannot be read: stored.go); nil
	// reads the documents given to Open. It is called from several
	// goroutines at once.
	Source func(id string) (*Doc, error)
	// ResultCache bounds, in bytes, the results kept for repeated
	// searches (cache.go): 0 means DefaultResultCache, less than 0 none.
	ResultCache int64
	// TokenCache bounds, in bytes, the analysed paragraphs kept for
	// snippets and highlighting (tokens.go): 0 means DefaultTokenCache,
	// less than 0 none.
	TokenCache int64
	// DocCache bounds, in bytes, the hits' documents kept as read from
	// the index (stored.go): 0 means DefaultDocCache, less than 0 none.
	DocCache int64
	// DenseTerms bounds, in bytes, the commonest terms kept decoded for
	// searches (dense.go): 0 means DefaultDenseTerms, less than 0 none.
	DenseTerms int64
}

// ErrInUse is returned by Open when another process holds the persisted
// index open.
var ErrInUse = errors.New("the search index is in use by another process")

// Index answers queries over the collection.
type Index struct {
	bleve  bleve.Index
	source func(id string) (*Doc, error)
	corpus string // entriesHash of what a persisted index holds
	facets *facetTable
	ords   ordCache // bleve's document numbers to ordinals (matchset.go)
	cache  *resultCache
	tokens *tokenCache
	docs   *docCache
	dense  *denseTables // the commonest terms decoded (dense.go)

	closeOnce sync.Once
	closeErr  error
	names     Names
	en        analysis.Analyzer
	ru        analysis.Analyzer
	words     analysis.Analyzer
}

// batchSize is the number of documents per indexing batch; larger batches
// were no faster and cost gigabytes at peak. (A variable so that tests can
// make an index of many segments from a few documents.)
var batchSize = 1000

// lockTimeout bounds the wait for a persisted index that another process
// holds open.
const lockTimeout = 2 * time.Second

// metaFile records what a persisted index was built from.
const metaFile = "readingroom-index.json"

type meta struct {
	MappingVersion int    `json:"mapping_version"`
	Corpus         string `json:"corpus"`
	Documents      int    `json:"documents"`
	// Tables is the SHA-256 of the facet file (facets.go) the index was
	// left with: the documents by ordinal, with the hash of each.
	Tables string `json:"tables"`
}

// Open builds the index for docs, in memory; with opts.Dir, it keeps it
// there, and reopens and updates the one found there instead (Update).
func Open(ctx context.Context, docs []*Doc, opts Options) (*Index, error) {
	if opts.Dir != "" {
		entries := make([]Entry, len(docs))
		for i, d := range docs {
			entries[i] = Entry{ID: d.ID, Hash: DocHash(d)}
		}
		ix, _, err := Update(ctx, entries, func(i int) (*Doc, error) { return docs[i], nil }, opts)
		return ix, err
	}
	ix := newIndex(opts)
	if opts.Source == nil {
		byID := make(map[string]*Doc, len(docs))
		for _, d := range docs {
			byID[d.ID] = d
		}
		ix.source = func(id string) (*Doc, error) {
			if d, ok := byID[id]; ok {
				return d, nil
			}
			return nil, fmt.Errorf("no document %q", id)
		}
	}
	if err := ix.buildNew(ctx, "", len(docs), func(i int) (*Doc, error) { return docs[i], nil }); err != nil {
		return nil, err
	}
	return ix, ix.ready()
}

// newIndex makes an Index with nothing in it yet.
func newIndex(opts Options) *Index {
	ix := &Index{source: opts.Source, names: opts.Names, cache: newResultCache(cmp.Or(opts.ResultCache, DefaultResultCache)),
		tokens: newTokenCache(cmp.Or(opts.TokenCache, DefaultTokenCache)), docs: newSizedLRU[docKey, *Doc](cmp.Or(opts.DocCache, DefaultDocCache))}
	ix.dense = newDenseTables(cmp.Or(opts.DenseTerms, DefaultDenseTerms), ix.reader, opts.Log)
	return ix
}

// buildNew makes a new index at path ("" keeps it in memory) and fills it
// with the n documents that get gives, whose ordinals are their positions:
// a run of buildRun documents at a time, so that the documents of the
// whole collection are never held at once.
func (ix *Index) buildNew(ctx context.Context, path string, n int, get func(int) (*Doc, error)) error {
	m, err := newMapping()
	if err != nil {
		return err
	}
	b, err := newBleve(path, m)
	if err != nil {
		return err
	}
	ix.bleve = b
	values := make([][][]string, n)
	ids := make([]string, n)
	for start := 0; start < n; start += buildRun * batchSize {
		docs := make([]*Doc, 0, min(n-start, buildRun*batchSize))
		for i := start; i < n && i < start+buildRun*batchSize; i++ {
			d, err := get(i)
			if err != nil {
				b.Close()
				return err
			}
			docs = append(docs, d)
			values[i], ids[i] = tableValues(d), d.ID
		}
		if err := ix.add(ctx, docs, start); err != nil {
			b.Close()
			return err
		}
	}
	if path != "" && bulk {
		if err := ix.settle(ctx, path); err != nil {
			b.Close()
			return err
		}
	}
	ix.facets = makeFacetTable(n, func(o int) [][]string { return values[o] })
	ix.facets.setIDs(ids)
	return nil
}

// buildRun is the number of batches of documents asked for at a time when
// an index is built.
const buildRun = 8

// DocHash identifies exactly what the index is told of one document.
func DocHash(d *Doc) string {
	h := sha256.New()
	_ = json.NewEncoder(h).Encode(d) // a Doc always encodes
	return hex.EncodeToString(h.Sum(nil)[:20])
}

// ready finishes an index opened or built: it finds the query analysers,
// and starts making the decoded terms (dense.go) in the background.
func (ix *Index) ready() error {
	m := ix.bleve.Mapping()
	ix.en, ix.ru, ix.words = m.AnalyzerNamed(analyzerEnglish), m.AnalyzerNamed(analyzerRussian), m.AnalyzerNamed(analyzerWords)
	if ix.en == nil || ix.ru == nil || ix.words == nil {
		return errors.New("search: analyzers missing from the mapping")
	}
	ix.dense.start()
	return nil
}

// add indexes docs, whose ordinals follow from first.
func (ix *Index) add(ctx context.Context, docs []*Doc, first int) error {
	// Two batches are indexed at a time: while one is turned into a
	// segment, on one core, the words of the next are analysed.
	batches := make(chan *bleve.Batch)
	errs := make(chan error, concurrentBatches)
	for range concurrentBatches {
		go func() {
			var err error
			for b := range batches {
				if err == nil {
					err = ix.bleve.Batch(b)
				}
			}
			errs <- err
		}()
	}
	var err error
	batch := ix.bleve.NewBatch()
	for i, d := range docs {
		if err = indexDoc(batch, ix.bleve.Mapping(), d, first+i); err != nil {
			err = fmt.Errorf("indexing %s: %w", d.ID, err)
			break
		}
		if batch.Size() >= batchSize || i == len(docs)-1 {
			if err = ctx.Err(); err != nil {
				break
			}
			batches <- batch
			batch = ix.bleve.NewBatch()
		}
	}
	close(batches)
	for range concurrentBatches {
		if e := <-errs; err == nil {
			err = e
		}
	}
	return err
}

// concurrentBatches is the number of batches indexed at a time.
const concurrentBatches = 2

// newBleve makes an empty bleve index at path ("" keeps it in memory).
//
// A persisted index is filled with the options of a bulk build
// (bulkBuild), given when it is opened rather than when it is made:
// bleve keeps the options an index is made with in its description and
// applies them whenever it is opened again, and these suit only the build.
func newBleve(path string, m mapping.IndexMapping) (bleve.Index, error) {
	b, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil || path == "" || !bulk {
		return b, err
	}
	if err := b.Close(); err != nil {
		return nil, err
	}
	buildErrors.Store(storePath(path), make(chan error, 1))
	return bleve.OpenUsing(path, bulkBuild())
}

// buildErrors holds, by the store path of each persisted index being
// built, a channel for the first error of scorch's background work: with
// unsafe_batch no batch reports that its segment could not be written (a
// full disk), and the persister and the merger retry without end, so
// settle must hear of it or wait for ever.
var buildErrors sync.Map

// asyncErrors names the callback that scorch calls with those errors.
const asyncErrors = "readingroom-build"

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrors] = func(err error, path string) {
		if ch, ok := buildErrors.Load(path); ok {
			select {
			case ch.(chan error) <- err:
			default: // the first is reported
			}
		}
	}
}

// storePath is the folder bleve gives scorch inside an index at path, and
// scorch gives its error callback.
func storePath(path string) string { return path + string(os.PathSeparator) + "store" }

// bulkBuild are scorch's options while a persisted index is filled.
//
// With unsafe_batch a batch returns once it is searchable in memory, not
// once its segment is on disk: the next batch is analysed while the
// persister writes (and merges in memory) the ones before, and settle
// waits for the disk once, at the end. (An index that is not settled is
// never reopened: its description, readingroom-index.json, is written
// after.)
//
// With mergeAtEnd no segments are merged on disk while the documents come
// in (every tier may hold maxBuildSegments): merging them as they come
// rewrites the same postings tier after tier, on the core that analysis
// needs; settle merges them all once instead, and the index is searched
// as one segment. (At 10,000 documents the two took the same time:
// docs/PERFORMANCE.md, "Index build in bulk".)
func bulkBuild() map[string]any {
	cfg := map[string]any{
		"unsafe_batch":           true,
		"asyncErrorCallbackName": asyncErrors,
	}
	if mergeAtEnd {
		// Read over scorch's defaults (mergeplan.DefaultMergePlanOptions).
		cfg["scorchMergePlanOptions"] = map[string]any{"MaxSegmentsPerTier": maxBuildSegments}
	}
	return cfg
}

// maxBuildSegments is far more segments than a build makes (one a batch).
const maxBuildSegments = 1 << 20

var (
	// bulk builds a persisted index with bulkBuild's options and
	// settles it; without, batches wait for the disk one by one and
	// segments are merged as they come, as scorch does by default. (A
	// variable so that BenchmarkIndexBuildDisk can compare the two.)
	bulk = true
	// mergeAtEnd defers the merging of a bulk build's segments to one
	// merge at the end; without, scorch merges them as they come. Off:
	// at 100,000 documents the one merge at the end, on one core, made
	// the build 64 s longer (226 against 162.5 s, quiet machine,
	// docs/PERFORMANCE.md); at 10,000 the two were alike. (A variable so
	// that the tests and the benchmark can take either.)
	mergeAtEnd = false
)

// settle waits until the persisted index at path holds every document on
// disk, in one segment: every batch persisted, then one merge of all the
// segments (scorch merges only segments on disk), then the merge
// persisted. An error of scorch's background work ends the wait.
func (ix *Index) settle(ctx context.Context, path string) error {
	key := storePath(path)
	ch, ok := buildErrors.Load(key)
	if !ok {
		return fmt.Errorf("search: %s was not made for a bulk build", path)
	}
	defer buildErrors.Delete(key)
	failed := ch.(chan error)
	// wait waits for f, run aside, or the first background error.
	wait := func(f func() error) error {
		done := make(chan error, 1)
		go func() { done <- f() }()
		select {
		case err := <-done:
			return err
		case err := <-failed:
			return fmt.Errorf("search: writing the index: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := wait(ix.flushed); err != nil || !mergeAtEnd {
		return err
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("search: the index is %T, not scorch", adv)
	}
	plan := mergeplan.SingleSegmentMergePlanOptions
	plan.SegmentsPerMergeTask = maxBuildSegments // all in one merge, not ten at a time
	if err := wait(func() error { return sc.ForceMerge(ctx, &plan) }); err != nil {
		return err
	}
	return wait(ix.flushed)
}

// flushed returns once every batch and merge before it is on disk: an
// empty batch is persisted after them. (It does not return if the disk
// fails: scorch retries; settle hears of the failure.)
func (ix *Index) flushed() error {
	done := make(chan error, 1)
	b := ix.bleve.NewBatch()
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := ix.bleve.Batch(b); err != nil {
		return err
	}
	return <-done
}

// indexDoc adds document d, of ordinal ord, to batch: its postings as
// mapping m makes them, and d stored beside them (stored.go).
func indexDoc(batch *bleve.Batch, m mapping.IndexMapping, d *Doc, ord int) error {
	doc := document.NewDocument(d.ID)
	if err := m.MapDocument(doc, body(d, ord)); err != nil {
		return err
	}
	addStored(doc, d)
	return batch.IndexAdvanced(doc)
}

// body is the document as the mapping sees it; ord is its ordinal.
func body(d *Doc, ord int) map[string]any {
	translation, original, notes := joinParas(d.Translation), joinParas(d.Original), strings.Join(d.Notes, "\n\n")
	b := map[string]any{
		fieldTitle:     d.Title,
		fieldBody:      strings.Join([]string{d.Summary, translation, notes}, "\n\n"),
		fieldOriginal:  original,
		fieldPerson:    d.Persons,
		fieldPlace:     d.Places,
		fieldOrg:       d.Organisations,
		fieldSender:    d.Senders,
		fieldRecipient: d.Recipients,
		fieldLanguage:  d.Languages,
		fieldClass:     d.Classification,
		fieldOrd:       ordinal(ord),
	}
	b[fieldWords] = strings.Join([]string{d.Title, d.Summary, translation, original, notes}, "\n")
	if d.Repository != "" {
		b[fieldRepository] = d.Repository
	}
	if len(d.Subjects) > 0 {
		lower := make([]string, len(d.Subjects))
		for i, s := range d.Subjects {
			lower[i] = strings.ToLower(s)
		}
		b[fieldSubject] = lower
	}
	if d.HasDate {
		b[fieldDate] = d.Date
		end := d.DateEnd
		if end.Before(d.Date) {
			end = d.Date // a caller that knows only the first day
		}
		b[fieldDateEnd] = end
		b[fieldYear] = d.Date.Format("2006")
	}
	return b
}

func joinParas(ps []Para) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// Settle waits until the terms being decoded for searches in the
// background (dense.go), if any, are made: searches are as fast as they
// will be from then on. Benchmarks wait for it; nothing else needs to.
func (ix *Index) Settle() { ix.dense.wait() }

// Close releases the index; closing it again does nothing.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.dense.stop()
		ix.closeErr = ix.bleve.Close()
	})
	return ix.closeErr
}
