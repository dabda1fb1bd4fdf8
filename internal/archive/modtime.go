package archive

import (
	"io/fs"
	"time"
)

// ModTime returns when document d's source file last changed, as the
// folder it was read from says; zero when it cannot say (an embedded
// collection has no file times) or the file is gone.
func (c *Collection) ModTime(d *Document) time.Time {
	if c.fsys == nil {
		return time.Time{}
	}
	info, err := fs.Stat(c.fsys, d.File)
	if err != nil {
		return time.Time{}
	}
	return info.ModTime()
}
