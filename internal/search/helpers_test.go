package search

// Helpers for the tests, which the program itself does not need.

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) { return ix.bleve.DocCount() }
