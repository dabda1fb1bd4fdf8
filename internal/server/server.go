// Package server is the reading room's HTTP adapter: routes (routes.go),
// handlers (one file per page), the mapping from the library to the web
// view models, and the one table from failure kinds to answers
// (errors.go). It is handed a built library (cmd/readingroom builds it) and
// never builds or persists one.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/failure"
	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/oai"
	"github.com/readingroom/readingroom/internal/pagecache"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/static"
)

// Config is what the server needs to know about its surroundings.
type Config struct {
	// BaseURL is the public address of the site, used in citations and
	// canonical links: "https://readingroom.example.org".
	BaseURL string
	// AdminEmail is the address harvesters of /oai may write to; empty
	// means webmaster@ the site's host.
	AdminEmail string
	// DataDir is the folder the bulk download is written to, once, on its
	// first request; empty means a new temporary folder.
	DataDir string
}

// Server holds the library it serves and what its handlers share.
type Server struct {
	cfg    Config
	coll   *archive.Collection
	index  *search.Index
	lib    library.Library
	log    *slog.Logger
	assets *static.Assets
	pages  *pagecache.Cache
	// searching admits as many searches at once as there are cores; the
	// others wait their turn in order, which keeps the slowest searches
	// under load far faster than letting all of them share the cores. (Not
	// chi's Throttle: it answers a full queue with its own plain-text page,
	// past the error table, and would count requests the handler refuses
	// before searching.)
	searching  chan struct{}
	searchWait time.Duration // maxSearchWait but in tests
	// bulk is the bulk download, written to a file once, on its first
	// request (bulk.go).
	bulk    bulkFiles
	oaiOnce sync.Once
	oai     *oai.Repository // built on the first request to /oai
}

// New returns the reading room's handler for a loaded library.
func New(cfg Config, lib library.Library, log *slog.Logger) http.Handler {
	return newServer(cfg, lib, log).routes()
}

func newServer(cfg Config, lib library.Library, log *slog.Logger) *Server {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Server{cfg: cfg, coll: lib.Collection, index: lib.Index, lib: lib, log: log, assets: static.New(), pages: pagecache.New(pageCacheBytes),
		searching: make(chan struct{}, runtime.GOMAXPROCS(0)), searchWait: maxSearchWait}
}

// maxSearchWait bounds how long a search waits for a free core: past it
// the reader is told that the room is busy and when to come back, rather
// than left waiting behind searches that may each take seconds.
const maxSearchWait = 10 * time.Second

var errBusy = failure.New(failure.Overloaded, "Too many readers are searching at once. Try again in a few seconds.")

// search runs a search when a core is free, or gives up when the request
// ends first or the wait is too long.
func (s *Server) search(ctx context.Context, req search.Request) (*search.Result, error) {
	wait := time.NewTimer(s.searchWait)
	defer wait.Stop()
	select {
	case s.searching <- struct{}{}:
	case <-wait.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.searching }()
	return s.index.Search(ctx, req)
}

// fullDoc returns document d whole, or d as the collection holds it when
// its source cannot be read again (the error is logged): for what a page
// shows beside the document, such as its opening lines.
func (s *Server) fullDoc(d *archive.Document) *archive.Document {
	t, err := s.lib.Text(d)
	if err != nil {
		s.log.Error("reading a document", slog.String("id", d.ID), slog.String("error", err.Error()))
		return d
	}
	return t.Doc
}
