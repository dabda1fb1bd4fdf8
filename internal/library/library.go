// Package library owns the collection as the site serves it: it reads the
// documents (archive), finds the people and places they name (entity),
// derives what the pages show beside them (timeline), builds or reopens the
// search index (search), and persists a snapshot of all that beside the
// index so that a later start need not parse every source file again.
// cmd/readingroom builds a Library and hands it to the HTTP side; nothing
// here knows of HTTP.
package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/errgroup"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/align"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/failure"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/internal/timeline"
)

// Library is what the site serves: the collection and what is derived
// from it once, at start-up.
type Library struct {
	// Collection holds the documents outlined (archive.Document.Outlined)
	// when their source files can be read again: Text gives them whole.
	Collection *archive.Collection
	// index is the search index (Index), which a first start builds
	// while the site serves.
	index     *searchIndex
	Authority *entity.Authority
	// Entities holds, for each authority record, where the collection
	// names it.
	Entities map[string]*EntityUse
	// Events are the chronology's events, in date order.
	Events []timeline.Event
	// Overrides are the curator's senders and recipients by document.
	Overrides timeline.Overrides
	letters   func() *letters
	// facts are what was derived from each document's texts, by ID.
	facts map[string]*Facts
	// texts keeps the documents last read whole.
	texts *lru.Cache[string, *Text]
	// alignments are the curator's corrections to computed alignments.
	alignments *align.Overrides
	// lock is the index folder's, held until Close.
	lock *os.File
	// sources is the index folder's store of the documents' sources
	// (nil: they are kept in memory), closed by Close.
	sources *store
	log     *slog.Logger
	// saved is closed once the snapshot written after the start is on
	// disk (nil: none is being written); closing lets a write held back
	// for Options.Ready begin.
	saved   <-chan struct{}
	closing func()
}

// EntityUse is what the collection says of one person or place.
type EntityUse struct {
	Record *entity.Record
	Docs   []*archive.Document // in date order
}

// Facts are what the library derives from a document's texts at start-up
// and keeps, so that the texts themselves need not stay in memory.
type Facts struct {
	// Names lists the records the document names, in the order of their
	// first mention, each with the forms it uses.
	Names NameUses
	// Persons and Places are the records' IDs, sorted.
	Persons, Places []string
	// Correspondence is the sender and recipients the texts give.
	Correspondence timeline.Correspondence
	// References are the numbered documents the texts cite or the number
	// they bear, not yet matched against the collection.
	References []timeline.Reference
}

// FormsOf returns the forms in which the document names record id.
func (f *Facts) FormsOf(id string) []Form { return f.Names.FormsOf(id) }

// NameUse is how a document names one record.
type NameUse struct {
	ID string
	// Forms are the distinct pairs of the record's form that matched and
	// the words as printed, in text order.
	Forms []Form
}

// Form is one way a document writes a name.
type Form struct {
	Variant string // the record's form that matched
	Printed string // the words in the document
}

// Text is a whole document and the names found in it.
type Text struct {
	Doc      *archive.Document
	Mentions []entity.Mention
	search   func() *search.Doc
	// Alignment returns the alignment of the translation with the
	// original (nil unless the document has both), computed when first
	// asked for: a search that reads texts for its snippets (from an
	// index that does not store them) needs none.
	Alignment func() []align.Group
}

// textCacheSize is the number of documents kept whole after a page or a
// search read them: a month of a large collection is a few hundred pages,
// a search page ten texts when its index stores no Docs.
const textCacheSize = 1024

// Options configure Open and Load.
type Options struct {
	// IndexDir keeps the search index on disk between starts; empty keeps
	// it in memory.
	IndexDir string
	// Data is the folder that may hold people.toml, places.toml and
	// chronology.toml beside the documents; nil, or a folder without them,
	// means the ones shipped with the collection.
	Data fs.FS
	Log  *slog.Logger
	// ResultCache bounds, in bytes, the search results kept for repeated
	// searches: 0 means the search package's default, less than 0 none.
	ResultCache int64
	// Ready, if not nil, holds back the snapshot written after a start,
	// and a first start's index build, until it is closed (the site
	// serves) or the library closes: begun at once, they took the cores
	// from the making of the site's pages.
	Ready <-chan struct{}
}

// Open derives from a loaded collection everything the site serves: names
// found in the documents and the search index. main and the tests build the
// library the same way through it (or through Load).
func Open(ctx context.Context, coll *archive.Collection, opts Options) (Library, error) {
	log := opts.Log
	if log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	recs, err := ReadRecords(opts.Data, opts.Log)
	if err != nil {
		return Library{}, err
	}
	lib, _, err := open(ctx, coll, recs, nil, nil, opts)
	return lib, err
}

// digest is what the library derives from one document's texts.
type digest struct {
	id    string
	facts *Facts
	// packed is what the index is told of the document (search.PackDoc),
	// held in a fraction of its texts' memory until it is indexed; nil
	// when it went to the index as it was read (digests.build).
	packed []byte
	hash   string
}

// digests gathers, by file name, what is derived from each document as it
// is parsed (archive.Known.Parsed), on the core that parsed it.
type digests struct {
	mu     sync.Mutex
	byFile map[string]digest
	took   atomic.Int64 // nanoseconds, summed over the cores
	// build, when a new index is built in the index folder, takes what
	// the index is told of each document as it is parsed, so that nothing
	// waits for the whole folder to be read; ctx ends it, and cancel
	// ends ctx (the library's Close, while it is still being built).
	build  *search.Builder
	ctx    context.Context
	cancel context.CancelFunc
	// uncap ends the heap's cap while the index is built (capHeap);
	// narrow its wider headroom while the documents are read (widenHeap).
	uncap, narrow func()
}

// startBuild begins building the index as the documents are read, when
// the index folder holds no index to reopen.
func (dg *digests) startBuild(ctx context.Context, opts Options) {
	if opts.IndexDir == "" {
		return
	}
	dg.ctx, dg.cancel = context.WithCancel(ctx)
	b, err := search.NewBuilder(dg.ctx, search.Options{Dir: opts.IndexDir, Log: opts.Log})
	if err != nil {
		// The index is built after the documents are read, or kept
		// in memory (openIndex), as it would have been.
		opts.Log.Error("the search index cannot be built while the documents are read", slog.String("dir", opts.IndexDir), slog.String("error", err.Error()))
		dg.cancel()
		return
	}
	dg.build = b
	if b == nil {
		dg.cancel()
		return
	}
	dg.uncap = capHeap()
	dg.narrow = widenHeap() // until the index's batches begin (buildIndex)
}

// abandon stops a build begun as the documents were read.
func (dg *digests) abandon() {
	if dg != nil && dg.build != nil {
		dg.build.Abandon()
		dg.build = nil
		dg.narrow()
		dg.uncap()
		dg.cancel()
	}
}

// get returns the digest of document d, if it was parsed anew.
func (dg *digests) get(d *archive.Document) (digest, bool) {
	if dg == nil {
		return digest{}, false
	}
	di, ok := dg.byFile[d.File]
	return di, ok && di.id == d.ID
}

// digester returns what derives, from each whole document, its facts and
// what the index is told of it, keeping them in dg (or handing the latter
// to dg's build).
func digester(recs Records, dg *digests) func(*archive.Document) {
	return func(d *archive.Document) {
		start := time.Now()
		di := derive(d, recs, dg)
		dg.mu.Lock()
		dg.byFile[d.File] = di
		dg.mu.Unlock()
		dg.took.Add(int64(time.Since(start)))
	}
}

// derive finds the names in whole document d and derives its facts and
// what the index is told of it: handed to dg's build if there is one,
// else kept packed.
func derive(d *archive.Document, recs Records, dg *digests) digest {
	auth := recs.Authority
	ms := auth.Mentions(d)
	f := factsOf(d, ms, auth)
	// Kept, and the document's text is not: what was cut from the text
	// is copied. factsOf interned the forms as printed; the records' IDs
	// and forms are the authority's own strings. Detaching all of Facts
	// was, with its interning, 7% of a first start's CPU.
	archive.Detach(&f.Correspondence)
	archive.Detach(f.References)
	from, to := recs.Overrides.Parties(d.ID, f.Correspondence, auth)
	sd := searchDoc(d, ms, auth, from, to)
	if dg != nil && dg.build != nil {
		return digest{id: d.ID, facts: f, hash: dg.build.Add(sd)}
	}
	packed, hash := search.PackDoc(sd)
	return digest{id: d.ID, facts: f, packed: packed, hash: hash}
}

// opened says what open derived anew.
type opened struct {
	// derived counts the documents whose names were found.
	derived int
	// hashes are the search.DocHash of every document, by ID.
	hashes map[string]string
}

// open derives what the site serves from coll and recs. A document that
// the loader took again from the snapshot (held outlined) keeps what reuse
// holds for it; the others are read whole, their names found, and what the
// index is told of them made anew, on every core.
func open(ctx context.Context, coll *archive.Collection, recs Records, reuse map[string]derived, dg *digests, opts Options) (Library, opened, error) {
	log := opts.Log
	auth, events, overrides := recs.Authority, recs.Events, recs.Overrides
	addRecordProblems(coll, recs)
	start := time.Now()
	// Finding names and reading addresses and references is the costly
	// part of start-up: do it on every core.
	facts := make([]*Facts, len(coll.Docs))
	hashes := make([]string, len(coll.Docs))
	fresh := make([][]byte, len(coll.Docs)) // packed
	var worked atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, d := range coll.Docs {
		if gctx.Err() != nil {
			break
		}
		// A document parsed anew was digested as it was parsed; one
		// taken again from the snapshot keeps what the snapshot holds.
		if di, ok := dg.get(d); ok {
			facts[i], fresh[i], hashes[i] = di.facts, di.packed, di.hash
			worked.Add(1)
			continue
		}
		if r, ok := reuse[d.ID]; ok && d.Outline != nil {
			facts[i], hashes[i] = r.facts, r.hash
			continue
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err // a signal ended the start-up
			}
			full, err := coll.Full(d)
			if err != nil {
				return err
			}
			worked.Add(1)
			di := derive(full, recs, nil)
			facts[i], fresh[i], hashes[i] = di.facts, di.packed, di.hash
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		dg.abandon()
		return Library{}, opened{}, err
	}
	if err := ctx.Err(); err != nil {
		dg.abandon()
		return Library{}, opened{}, err
	}
	if dg != nil {
		dg.byFile = nil // what a duplicate left is let go
	}
	took := time.Since(start)
	if dg != nil {
		took += time.Duration(dg.took.Load()) / time.Duration(runtime.GOMAXPROCS(0)) // while the documents were read
	}
	log.Info("names found", slog.Int("documents", int(worked.Load())), slog.Duration("took", took))
	start = time.Now()
	lib := newLibrary(coll.Outlined(), auth, events, facts)
	lib.log = log
	lib.setOverrides(overrides)
	lib.alignments = recs.Alignments
	log.Info("library put together", slog.Duration("took", time.Since(start)))
	st := opened{derived: int(worked.Load()), hashes: make(map[string]string, len(coll.Docs))}
	entries := make([]search.Entry, len(coll.Docs))
	for i, d := range coll.Docs {
		entries[i] = search.Entry{ID: d.ID, Hash: hashes[i]}
		st.hashes[d.ID] = hashes[i]
	}
	// The index asks for a document it indexes again: the ones made
	// above, or, for one taken from the snapshot that the index does not
	// hold as it is (an index lost or rebuilt), one made from its text.
	src := lib // as it is now: lib.index is set below, while a build may call get
	get := func(i int) (*search.Doc, error) {
		if p := fresh[i]; p != nil {
			fresh[i] = nil // indexed once, then let go
			return search.UnpackDoc(p)
		}
		return src.indexDoc(src.Collection.Docs[i])
	}
	sopts := search.Options{Dir: opts.IndexDir, Log: log, Names: names{auth}, Source: lib.searchDoc, ResultCache: opts.ResultCache}
	if dg != nil && dg.build != nil {
		// A new index: built while the site serves.
		b, total := dg.build, len(entries)
		progress := func() (int, int) {
			indexed, _ := b.Progress()
			return min(indexed, total), total
		}
		lib.index = buildIndex(dg.cancel, progress, log, func() (*search.Index, bool, error) {
			// Not before the site serves: begun at once, the build's
			// batches and their collections took the cores from the
			// server's own making (3 s of a 100,000-document start).
			if opts.Ready != nil {
				select {
				case <-opts.Ready:
				case <-dg.ctx.Done(): // closed first: nothing left behind
					err := dg.ctx.Err()
					dg.abandon()
					return nil, false, err
				}
			}
			dg.narrow() // the batches take their share of the heap now
			indexingStarts(dg.ctx)
			ix, persisted, err := finishBuild(dg.ctx, dg, entries, get, sopts)
			if ix == nil && err == nil {
				ix, persisted, err = openIndex(dg.ctx, entries, get, sopts)
			}
			return ix, persisted, err
		})
		return lib, st, nil
	}
	ix, persisted, err := openIndex(ctx, entries, get, sopts)
	if err != nil {
		return Library{}, opened{}, err
	}
	lib.index = readyIndex(ix, persisted)
	log.Info("search index ready", slog.Duration("took", time.Since(start)))
	return lib, st, nil
}

// indexingStarts is called on the goroutine that builds a first start's
// index, before it begins: tests hold the build there.
var indexingStarts = func(ctx context.Context) {}

// finishBuild ends the index build begun as the documents were read, if
// there is one: nil, with no error, when there is none or it failed
// (logged), and the index is to be opened or built from entries.
func finishBuild(ctx context.Context, dg *digests, entries []search.Entry, get func(int) (*search.Doc, error), opts search.Options) (*search.Index, bool, error) {
	if dg == nil || dg.build == nil {
		return nil, false, nil
	}
	b := dg.build
	ix, _, err := b.Finish(ctx, entries, get, opts)
	dg.uncap()
	if err == nil {
		return ix, true, nil
	}
	if ctx.Err() != nil {
		return nil, false, ctx.Err()
	}
	opts.Log.Error("the search index built as the documents were read failed: building it again", slog.String("dir", opts.Dir), slog.String("error", err.Error()))
	return nil, false, nil
}

// indexDoc makes what the index is told of document d from its text,
// without keeping the text.
func (l Library) indexDoc(d *archive.Document) (*search.Doc, error) {
	full, err := l.Collection.Full(d)
	if err != nil {
		return nil, err
	}
	ms := l.Authority.Mentions(full)
	from, to := l.Parties(d)
	return searchDoc(full, ms, l.Authority, from, to), nil
}

// newLibrary puts together a library from its parts; facts are in the
// order of coll.Docs.
func newLibrary(coll *archive.Collection, auth *entity.Authority, events []timeline.Event, facts []*Facts) Library {
	texts, _ := lru.New[string, *Text](textCacheSize)
	lib := Library{Collection: coll, Authority: auth, Events: events, Entities: map[string]*EntityUse{}, facts: make(map[string]*Facts, len(facts)), texts: texts}
	for _, r := range auth.Records() {
		lib.Entities[r.ID] = &EntityUse{Record: r}
	}
	for i, d := range coll.Docs {
		f := facts[i]
		lib.facts[d.ID] = f
		for id := range f.Names.IDs() {
			if use := lib.Entities[id]; use != nil {
				use.Docs = append(use.Docs, d)
			}
		}
	}
	return lib
}

// factsOf derives from a whole document what the library keeps of it.
func factsOf(d *archive.Document, ms []entity.Mention, auth *entity.Authority) *Facts {
	f := &Facts{Correspondence: timeline.Correspondents(d), References: timeline.ExtractReferences(d)}
	at := map[string]int{}
	var uses []NameUse
	for _, m := range ms {
		i, ok := at[m.ID]
		if !ok {
			r, known := auth.Get(m.ID)
			if !known {
				continue
			}
			i = len(uses)
			at[m.ID] = i
			uses = append(uses, NameUse{ID: m.ID})
			if r.Kind == entity.KindPerson {
				f.Persons = append(f.Persons, r.ID)
			} else if r.Kind == entity.KindPlace {
				f.Places = append(f.Places, r.ID)
			}
		}
		form := Form{Variant: m.Variant, Printed: m.Form}
		if !slices.Contains(uses[i].Forms, form) {
			uses[i].Forms = append(uses[i].Forms, form)
		}
	}
	f.Names = PackNames(uses)
	sort.Strings(f.Persons)
	sort.Strings(f.Places)
	return f
}

// Text returns document d whole, with the names found in it: read again
// from its source file when the collection holds it outlined.
func (l Library) Text(d *archive.Document) (*Text, error) {
	if t, ok := l.texts.Get(d.ID); ok {
		return t, nil
	}
	full, err := l.Collection.Full(d)
	if errors.Is(err, archive.ErrSourceDamaged) {
		if l.log != nil {
			l.log.Error("a document's kept source is damaged", slog.String("document", d.ID), slog.String("error", err.Error()))
		}
		return nil, failure.New(failure.Gone, "The copy of this document kept when the reading room started is damaged, and its file has changed since: its text returns when the reading room next starts.")
	}
	if err != nil {
		return nil, err
	}
	t := &Text{Doc: full, Mentions: l.Authority.Mentions(full)}
	t.Alignment = sync.OnceValue(func() []align.Group { return align.Align(full, t.Mentions, l.alignments.For(d.ID)...) })
	t.search = sync.OnceValue(func() *search.Doc {
		from, to := l.Parties(t.Doc)
		return searchDoc(t.Doc, t.Mentions, l.Authority, from, to)
	})
	l.texts.Add(d.ID, t)
	return t, nil
}

// searchDoc gives search a hit's document, for its snippets, when the
// index does not store it (search.Options.Source).
func (l Library) searchDoc(id string) (*search.Doc, error) {
	d, ok := l.Collection.Doc(id)
	if !ok {
		return nil, fmt.Errorf("no document %q", id)
	}
	t, err := l.Text(d)
	if err != nil && failure.KindOf(err) == failure.Gone {
		// The search answers with the other hits' snippets; this one
		// shows what the collection lists of it (Text logged why).
		return search.FromArchive(d), nil
	}
	if err != nil {
		return nil, err
	}
	return t.search(), nil
}

// Facts returns what was derived from document d's texts.
func (l Library) Facts(d *archive.Document) *Facts {
	if f := l.facts[d.ID]; f != nil {
		return f
	}
	return &Facts{}
}

// Parties returns the senders and recipients of document d as records:
// derived from its title and address lines, or set by the curator.
func (l Library) Parties(d *archive.Document) (from, to []timeline.Party) {
	return l.Overrides.Parties(d.ID, l.Facts(d).Correspondence, l.Authority)
}

// Correspondence returns the sender and recipients of document d.
func (l Library) Correspondence(d *archive.Document) timeline.Correspondence {
	return l.Overrides.Correspondence(d.ID, l.Facts(d).Correspondence, l.Authority)
}

// References returns the numbered references that d makes or bears,
// matched across the collection.
func (l Library) References(d *archive.Document) []timeline.Reference {
	return timeline.MatchReferences(l.Collection.Docs, d, func(o *archive.Document) []timeline.Reference { return l.Facts(o).References })
}

// loadAlignments reads the curator's alignment overrides from fsys, or the
// shipped ones when fsys has none.
func loadAlignments(fsys fs.FS, log *slog.Logger) (*align.Overrides, error) {
	return beside(fsys, align.LoadOverrides, align.OverridesFile, log)
}

// loadChronology reads the events from fsys, or the shipped ones when fsys
// has none.
func loadChronology(fsys fs.FS, log *slog.Logger) ([]timeline.Event, error) {
	return beside(fsys, timeline.LoadChronology, timeline.ChronologyFile, log)
}

// loadOverrides reads the curator's senders and recipients kept beside the
// documents; a folder without the file has none.
func loadOverrides(fsys fs.FS) (timeline.Overrides, error) {
	if fsys == nil {
		fsys = documents.FS
	}
	return timeline.LoadOverrides(fsys)
}

// beside loads data kept beside the documents in fsys; a folder of
// documents without it uses what the collection ships with.
func beside[T any](fsys fs.FS, load func(fs.FS) (T, error), what string, log *slog.Logger) (T, error) {
	if fsys != nil {
		v, err := load(fsys)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			if err != nil {
				err = fmt.Errorf("%s: %w", what, err)
			}
			return v, err
		}
		log.Info("using the shipped " + what + ": the documents folder has none")
	}
	v, err := load(documents.FS)
	if err != nil {
		err = fmt.Errorf("shipped %s: %w", what, err)
	}
	return v, err
}

// NamesOf returns the IDs of the people and the places a document names.
func (l Library) NamesOf(docID string) (people, places []string) {
	if f := l.facts[docID]; f != nil {
		return f.Persons, f.Places
	}
	return nil, nil
}

// searchDoc is what the index is told of a document, names, senders and
// recipients included.
func searchDoc(d *archive.Document, ms []entity.Mention, auth *entity.Authority, from, to []timeline.Party) *search.Doc {
	sd := search.FromArchive(d)
	sd.Senders, sd.Recipients = timeline.RecordIDs(from), timeline.RecordIDs(to)
	if len(ms) > 0 {
		sd.Mentions = make([]search.Mention, 0, len(ms)) // nil stays nil: it is hashed
	}
	seen := map[string]bool{}
	for _, m := range ms {
		r, _ := auth.Get(m.ID)
		if r == nil {
			continue
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			switch r.Kind {
			case entity.KindPerson:
				sd.Persons = append(sd.Persons, r.ID)
			case entity.KindPlace:
				sd.Places = append(sd.Places, r.ID)
			case entity.KindOrganisation:
				sd.Organisations = append(sd.Organisations, r.ID)
			}
		}
		sm := search.Mention{Ref: refKey(r), Field: m.Field, Start: m.Start, End: m.End}
		switch m.Field {
		case entity.FieldTranslation, entity.FieldOriginal:
			text := d.Translation
			if m.Field == entity.FieldOriginal {
				text = d.Original
			}
			if m.Paragraph == 0 {
				continue // page marks are not searched
			}
			sm.Para = m.Paragraph
			// Search joins a paragraph's lines with newlines.
			for _, l := range text.Paragraphs[m.ParaIndex].Lines[:m.Line] {
				sm.Start += len(l) + 1
				sm.End += len(l) + 1
			}
		case entity.FieldTitle, entity.FieldSummary:
		default:
			continue
		}
		sd.Mentions = append(sd.Mentions, sm)
	}
	sort.Strings(sd.Persons)
	sort.Strings(sd.Places)
	sort.Strings(sd.Organisations)
	return sd
}

// refKeys interns the "person:qavam" keys search uses, one string per
// record rather than one per mention.
var refKeys sync.Map

func refKey(r *entity.Record) string {
	if k, ok := refKeys.Load(r); ok {
		return k.(string)
	}
	k, _ := refKeys.LoadOrStore(r, r.Kind+":"+r.ID)
	return k.(string)
}

// names lets search resolve typed names through the authority records.
type names struct{ a *entity.Authority }

func (n names) Resolve(s string) []search.Ref { return readRefs(n.a, s) }

// Name returns the display name of a record, or "".
func (l Library) Name(kind, id string) string {
	if l.Authority == nil {
		return ""
	}
	if r, ok := l.Authority.Get(id); ok && r.Kind == kind {
		return r.Name
	}
	return ""
}

// MentionsOf returns the mentions of record id in a document's text, in
// text order.
func MentionsOf(t *Text, id string) []entity.Mention {
	var out []entity.Mention
	for _, m := range t.Mentions {
		if m.ID == id {
			out = append(out, m)
		}
	}
	return out
}

// Forms returns the distinct forms in which document docID names record id.
func (l Library) Forms(docID, id string) []string {
	var out []string
	seen := map[string]bool{}
	f := l.facts[docID]
	if f == nil {
		return nil
	}
	for _, form := range f.FormsOf(id) {
		if k := strings.ToLower(form.Printed); !seen[k] {
			seen[k] = true
			out = append(out, form.Printed)
		}
	}
	return out
}

// Close releases what the library holds open.
func (l Library) Close() error {
	si := l.index
	if si != nil {
		si.cancel() // a build still running stops: the next start builds again
		<-si.ready
	}
	if l.saved != nil {
		l.closing()
		<-l.saved // the snapshot is written while the lock is held
	}
	var err error
	persisted := false
	if si != nil {
		if ix := si.ix.Load(); ix != nil {
			err = ix.Close()
			persisted = si.persisted
		}
	}
	if persisted && l.lock != nil && err == nil {
		// The index has written its last byte: its checksums are
		// verified at the next start.
		err = writeManifest(filepath.Dir(l.lock.Name()))
	}
	if cerr := l.sources.close(); err == nil {
		err = cerr
	}
	unlock(l.lock)
	return err
}
