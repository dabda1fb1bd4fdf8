package main

import (
	"fmt"
	"io"
	"io/fs"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/timeline"
)

// checkParties reports on the curator's senders and recipients file
// (correspondents.toml) as the server reads it: a file it cannot read is an
// error with its line; an entry for no document, or a value shaped like a
// record ID that no record has, is a warning. It returns the errors.
func checkParties(fsys fs.FS, c *archive.Collection, auth *entity.Authority, w io.Writer) (errors int) {
	ov, err := timeline.LoadOverrides(fsys)
	if err != nil {
		fmt.Fprintf(w, "error: %v\n", err)
		return 1
	}
	if len(ov) == 0 {
		return 0
	}
	noun := "documents"
	if len(ov) == 1 {
		noun = "document"
	}
	fmt.Fprintf(w, "%s: senders and recipients set by hand for %d %s\n", timeline.PartiesFile, len(ov), noun)
	exists := func(id string) bool { _, ok := c.Doc(id); return ok }
	for _, p := range ov.Check(exists, auth) {
		fmt.Fprintf(w, "  warning: %s\n", p.Error())
	}
	return 0
}
