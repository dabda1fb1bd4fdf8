package server

import (
	"context"
	"log/slog"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/search"
)

// LibraryOptions configure OpenLibrary.
type LibraryOptions struct {
	// IndexDir keeps the search index on disk between starts; empty keeps
	// it in memory.
	IndexDir string
	Log      *slog.Logger
}

// OpenLibrary derives from a loaded collection everything the server
// serves: the search index now, the people and places once they are known.
// main and the tests build the server the same way through it.
func OpenLibrary(ctx context.Context, coll *archive.Collection, opts LibraryOptions) (Library, error) {
	docs := make([]*search.Doc, 0, len(coll.Docs))
	for _, d := range coll.Docs {
		docs = append(docs, search.FromArchive(d))
	}
	ix, err := search.Open(ctx, docs, search.Options{Dir: opts.IndexDir, Log: opts.Log})
	if err != nil {
		return Library{}, err
	}
	return Library{Collection: coll, Index: ix}, nil
}

// Close releases what the library holds open.
func (l Library) Close() error {
	if l.Index != nil {
		return l.Index.Close()
	}
	return nil
}
