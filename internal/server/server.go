// Package server is the reading room's HTTP side: routes, handlers, and the
// mapping from the document model to the web view models.
package server

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/static"
)

// Config is what the server needs to know about its surroundings.
type Config struct {
	// BaseURL is the public address of the site, used in citations and
	// canonical links: "https://readingroom.example.org".
	BaseURL string
}

// Server holds the loaded collection and the pages rendered from it.
type Server struct {
	cfg    Config
	coll   *archive.Collection
	index  *search.Index
	lib    Library
	log    *slog.Logger
	assets *static.Assets
	pages  sync.Map // cache key -> *page; only corpus-derived pages are cached
}

// New returns the reading room's handler for a loaded library.
func New(cfg Config, lib Library, log *slog.Logger) http.Handler {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	s := &Server{cfg: cfg, coll: lib.Collection, index: lib.Index, lib: lib, log: log, assets: static.New()}
	return s.routes()
}
