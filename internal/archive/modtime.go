package archive

import "time"

// ModTime returns when document d's source file last changed, as it was
// when the collection was loaded; zero when the folder cannot say (an
// embedded collection has no file times). The folder is not read again: a
// file touched since does not change what the collection serves.
func (c *Collection) ModTime(d *Document) time.Time {
	if d.Outline != nil {
		return d.Outline.Modified
	}
	return c.kept[d.ID].modified
}
