package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/readingroom/readingroom/internal/align"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// weakest is how many of a document's least certain groups check prints.
const weakest = 3

// checkAlignments prints the alignment of every document that has both
// texts, with its weakest groups, using the curator's overrides o (nil when
// they did not load). An override that does not fit its document is among
// the collection's problems (library.Check). auth may be nil, when the
// records did not load: the documents are then aligned without names.
func checkAlignments(c *archive.Collection, auth *entity.Authority, o *align.Overrides, w io.Writer) {
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
	fmt.Fprintln(w)
}
