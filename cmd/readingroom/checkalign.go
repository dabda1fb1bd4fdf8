package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/align"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// weakest is how many of a document's least certain groups check prints.
const weakest = 3

// checkAlignments prints the alignment of every document that has both
// texts, with its weakest groups, and reports each curator's override that
// does not fit its document (or names none); it returns the number of
// errors. auth may be nil, when the records did not load: the documents
// are then aligned without names.
func checkAlignments(c *archive.Collection, auth *entity.Authority, fsys fs.FS, w io.Writer) (nerr int) {
	o, err := align.LoadOverrides(fsys)
	if errors.Is(err, fs.ErrNotExist) {
		o, err = align.LoadOverrides(documents.FS)
	}
	if err != nil {
		fmt.Fprintf(w, "error: %v\n", err)
		nerr++
	}
	fmt.Fprintln(w, "alignments of translation and original (translation = original, by paragraph number):")
	for _, d := range c.Docs {
		if !d.HasOriginal() || !d.HasTranslation() {
			continue
		}
		var ms []entity.Mention
		if auth != nil {
			ms = auth.Mentions(d)
		}
		gs := align.Align(d, ms, o.For(d.ID)...)
		fmt.Fprintf(w, "  %s\n    %s\n", d.ID, align.Compact(gs))
		weak := slices.Clone(gs)
		slices.SortStableFunc(weak, func(a, b align.Group) int {
			switch {
			case a.Confidence < b.Confidence:
				return -1
			case a.Confidence > b.Confidence:
				return 1
			}
			return 0
		})
		var parts []string
		for _, g := range weak[:min(weakest, len(weak))] {
			parts = append(parts, fmt.Sprintf("%s (%.2f)", g, g.Confidence))
		}
		fmt.Fprintf(w, "    weakest: %s\n", strings.Join(parts, "; "))
	}
	for _, ov := range o.Documents() {
		d, ok := c.Doc(ov.ID)
		switch {
		case !ok:
			fmt.Fprintf(w, "error: %s:%d: no document %q in the collection\n", o.File, ov.Line, ov.ID)
			nerr++
		case !d.HasOriginal() || !d.HasTranslation():
			fmt.Fprintf(w, "error: %s:%d: document %q lacks a text, there is nothing to align\n", o.File, ov.Line, ov.ID)
			nerr++
		default:
			if err := ov.Fits(d); err != nil {
				fmt.Fprintf(w, "error: %s:%d: the override no longer fits %s: %v\n", o.File, ov.Line, ov.ID, err)
				nerr++
			}
		}
	}
	fmt.Fprintln(w)
	return nerr
}
