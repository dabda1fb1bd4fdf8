package search

// Helpers for the tests, which the program itself does not need.

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) { return ix.bleve.DocCount() }

// cached returns the number of results the cache keeps and their size.
func (ix *Index) cached() (results int, bytes int64) {
	if ix.cache == nil {
		return 0, 0
	}
	return ix.cache.kept.kept()
}
