package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/align"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/timeline"
)

// Records are the curator's files kept beside the documents, read and
// checked: the people, places and organisations, the chronology, the
// senders and recipients set by hand, the alignment overrides.
type Records struct {
	// Shipped says that the people, places and organisations are the
	// shipped ones, as the folder has none of its own.
	Shipped    bool
	Authority  *entity.Authority
	Events     []timeline.Event
	Overrides  timeline.Overrides
	Alignments *align.Overrides
}

// ReadRecords reads the curator's files from data (nil: the shipped ones),
// as serve does before it starts and check does before it reports: the
// error joins the problem of every file that cannot be used, each with its
// file and line, and keeps serve from starting.
func ReadRecords(data fs.FS, log *slog.Logger) (Records, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var r Records
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	r.Shipped = data == nil || !hasAny(data, recordFiles)
	r.Authority, err = LoadAuthority(data, log)
	keep(err)
	r.Events, err = loadChronology(data, log)
	keep(err)
	r.Overrides, err = loadOverrides(data)
	keep(err)
	r.Alignments, err = loadAlignments(data, log)
	keep(err)
	return r, errors.Join(errs...)
}

// Check reads the documents of docs and the records of data as Load does,
// without building the search index: it is what check reports, so that
// check and serve agree. The collection's problems include the records'
// own (a form two records claim), which serve logs as errors and -strict
// refuses; the error is what keeps serve from starting at all.
func Check(ctx context.Context, docs, data fs.FS, log *slog.Logger) (*archive.Collection, Records, error) {
	coll, err := archive.LoadContext(ctx, docs)
	if err != nil {
		return nil, Records{}, err
	}
	recs, err := ReadRecords(data, log)
	addRecordProblems(coll, recs)
	return coll, recs, err
}

// addRecordProblems adds to the collection's problems those of the records
// that do not keep the site from serving, each with its file and line,
// where serve logs them, -strict refuses them and check counts them: a form
// two records claim (an error), an alignment override that no longer fits
// its document (an error: the document is aligned without it), an entry of
// the senders and recipients for no document (a warning).
func addRecordProblems(coll *archive.Collection, recs Records) {
	if recs.Authority != nil {
		coll.Problems = append(coll.Problems, recs.Authority.Problems()...)
		exists := func(id string) bool { _, ok := coll.Doc(id); return ok }
		coll.Problems = append(coll.Problems, recs.Overrides.Check(exists, recs.Authority)...)
	}
	coll.Problems = append(coll.Problems, alignmentProblems(coll, recs.Alignments)...)
}

// alignmentProblems checks each curator's alignment override against its
// document.
func alignmentProblems(coll *archive.Collection, o *align.Overrides) []archive.Problem {
	var out []archive.Problem
	for _, ov := range o.Documents() {
		d, ok := coll.Doc(ov.ID)
		switch {
		case !ok:
			out = append(out, archive.Problem{File: o.File, Line: ov.Line, Message: fmt.Sprintf("no document %q in the collection", ov.ID)})
		case !d.HasOriginal() || !d.HasTranslation():
			out = append(out, archive.Problem{File: o.File, Line: ov.Line, Message: fmt.Sprintf("document %q lacks a text, there is nothing to align", ov.ID)})
		default:
			if err := ov.Fits(d); err != nil {
				out = append(out, archive.Problem{File: o.File, Line: ov.Line, Message: fmt.Sprintf("the override no longer fits %s: %v", ov.ID, err)})
			}
		}
	}
	return out
}

// recordFiles are the files that make a folder's records its own: a folder
// with any of them uses its records and needs the required ones; a folder
// with none uses the shipped records.
var recordFiles = []string{entity.PeopleFile, entity.PlacesFile, entity.OrganisationsFile, entity.GlossaryFile}

// LoadAuthority reads the people, places and organisations from fsys. A
// folder with none of their files (or nil) uses the shipped ones, and log,
// if not nil, says so; a folder with some uses its own, and a missing,
// partial or broken file is an error with its file and line, never a quiet
// return to the shipped records.
func LoadAuthority(fsys fs.FS, log *slog.Logger) (*entity.Authority, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if fsys != nil && hasAny(fsys, recordFiles) {
		a, err := entity.Load(fsys)
		if err != nil {
			return nil, fmt.Errorf("people, places and organisations: %w", err)
		}
		return a, nil
	}
	if fsys != nil {
		log.Info("using the shipped people, places and organisations: the documents folder has no records files", slog.Any("looked_for", recordFiles))
	}
	a, err := entity.Load(documents.FS)
	if err != nil {
		return nil, fmt.Errorf("shipped people, places and organisations: %w", err)
	}
	return a, nil
}

// hasAny reports whether fsys has any of the names, whatever their kind: a
// named pipe called people.toml is the folder's, and an error to report.
func hasAny(fsys fs.FS, names []string) bool {
	for _, name := range names {
		if _, err := fs.Stat(fsys, name); !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}
