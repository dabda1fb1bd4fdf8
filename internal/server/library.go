package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/internal/timeline"
)

// Library is what the server serves: the collection and what is derived
// from it once, at start-up.
type Library struct {
	Collection *archive.Collection
	Index      *search.Index
	Authority  *entity.Authority
	// Mentions are the names found in each document, by document ID.
	Mentions map[string][]entity.Mention
	// Entities holds, for each authority record, where the collection
	// names it.
	Entities map[string]*EntityUse
	// Events are the chronology's events, in date order.
	Events []timeline.Event
	// docNames holds the IDs of the people and places each document names.
	docNames map[string][2][]string
}

// EntityUse is what the collection says of one person or place.
type EntityUse struct {
	Record *entity.Record
	Docs   []*archive.Document // in date order
}

// LibraryOptions configure OpenLibrary.
type LibraryOptions struct {
	// IndexDir keeps the search index on disk between starts; empty keeps
	// it in memory.
	IndexDir string
	// Data is the folder that may hold people.toml, places.toml and
	// chronology.toml beside the documents; nil, or a folder without them,
	// means the ones shipped with the collection.
	Data fs.FS
	Log  *slog.Logger
}

// OpenLibrary derives from a loaded collection everything the server
// serves: names found in the documents and the search index. main and the
// tests build the server the same way through it.
func OpenLibrary(ctx context.Context, coll *archive.Collection, opts LibraryOptions) (Library, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	auth, err := loadAuthority(opts.Data, log)
	if err != nil {
		return Library{}, err
	}
	events, err := loadChronology(opts.Data, log)
	if err != nil {
		return Library{}, err
	}
	lib := Library{Collection: coll, Authority: auth, Events: events, Mentions: map[string][]entity.Mention{}, Entities: map[string]*EntityUse{}, docNames: map[string][2][]string{}}
	for _, r := range auth.Records() {
		lib.Entities[r.ID] = &EntityUse{Record: r}
	}
	start := time.Now()
	// Finding names is a costly part of start-up: do it on every core.
	found := make([][]entity.Mention, len(coll.Docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				found[i] = auth.Mentions(coll.Docs[i])
			}
		}()
	}
	for i := range coll.Docs {
		next <- i
	}
	close(next)
	wg.Wait()
	docs := make([]*search.Doc, 0, len(coll.Docs))
	for i, d := range coll.Docs {
		ms := found[i]
		lib.Mentions[d.ID] = ms
		for _, m := range ms {
			use := lib.Entities[m.ID]
			if n := len(use.Docs); n == 0 || use.Docs[n-1] != d {
				use.Docs = append(use.Docs, d)
			}
		}
		sd := searchDoc(d, ms, auth)
		lib.docNames[d.ID] = [2][]string{sd.Persons, sd.Places}
		docs = append(docs, sd)
	}
	log.Info("names found", slog.Int("documents", len(docs)), slog.Duration("took", time.Since(start)))
	start = time.Now()
	ix, err := search.Open(ctx, docs, search.Options{Dir: opts.IndexDir, Log: log, Names: names{auth}})
	if err != nil {
		return Library{}, err
	}
	lib.Index = ix
	log.Info("search index ready", slog.Duration("took", time.Since(start)))
	return lib, nil
}

// loadAuthority reads the people and places records from fsys, or the
// shipped ones when fsys has none.
func loadAuthority(fsys fs.FS, log *slog.Logger) (*entity.Authority, error) {
	return beside(fsys, entity.Load, "people.toml and places.toml", log)
}

// loadChronology reads the events from fsys, or the shipped ones when fsys
// has none.
func loadChronology(fsys fs.FS, log *slog.Logger) ([]timeline.Event, error) {
	return beside(fsys, timeline.LoadChronology, timeline.ChronologyFile, log)
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
	n := l.docNames[docID]
	return n[0], n[1]
}

// searchDoc is what the index is told of a document, names included.
func searchDoc(d *archive.Document, ms []entity.Mention, auth *entity.Authority) *search.Doc {
	sd := search.FromArchive(d)
	seen := map[string]bool{}
	for _, m := range ms {
		r, _ := auth.Get(m.ID)
		if r == nil {
			continue
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			if r.Kind == entity.KindPerson {
				sd.Persons = append(sd.Persons, r.ID)
			} else {
				sd.Places = append(sd.Places, r.ID)
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

func (n names) Resolve(s string) []search.Ref {
	var out []search.Ref
	for _, r := range n.a.Resolve(s) {
		out = append(out, search.Ref{Kind: r.Kind, ID: r.ID, Name: r.Name})
	}
	return out
}

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

// MentionsOf returns the mentions of record id in document docID, in text
// order. They are filtered when a page needs them rather than kept twice.
func (l Library) MentionsOf(docID, id string) []entity.Mention {
	var out []entity.Mention
	for _, m := range l.Mentions[docID] {
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
	for _, m := range l.Mentions[docID] {
		if m.ID == id && !seen[strings.ToLower(m.Form)] {
			seen[strings.ToLower(m.Form)] = true
			out = append(out, m.Form)
		}
	}
	return out
}

// Close releases what the library holds open.
func (l Library) Close() error {
	if l.Index != nil {
		return l.Index.Close()
	}
	return nil
}
