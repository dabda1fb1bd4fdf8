package align

import (
	"fmt"

	"github.com/readingroom/readingroom/internal/archive"
)

// Complete reports whether groups are a whole alignment of d: they Fit and
// every numbered paragraph of both texts is in one of them.
func Complete(d *archive.Document, groups []Group) error {
	if err := Fit(d, groups); err != nil {
		return err
	}
	nt, no := 0, 0
	for _, g := range groups {
		nt += len(g.Translation)
		no += len(g.Original)
	}
	if nt != d.Translation.Numbered() || no != d.Original.Numbered() {
		return fmt.Errorf("the groups hold %d translation and %d original paragraphs of %d and %d", nt, no, d.Translation.Numbered(), d.Original.Numbered())
	}
	return nil
}
