// Package server is the reading room's HTTP adapter: routes (routes.go),
// handlers (one file per page), the mapping from the library to the web
// view models, and the one table from failure kinds to answers
// (errors.go). It is handed a built library (cmd/readingroom builds it) and
// never builds or persists one.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

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
	cfg  Config
	coll *archive.Collection
	lib  library.Library
	// indexOf and indexState are the library's Index and IndexState:
	// the search index, nil while a first start builds it, and how far
	// that build is (tests stand in for them).
	indexOf    func() *search.Index
	indexState func() library.IndexState
	log        *slog.Logger
	assets     *static.Assets
	pages      *pagecache.Cache
	// searches keeps search pages apart from the pages above, so that a
	// crawler's endless queries never push those out.
	searches *pagecache.Cache
	// searching admits as many searches at once as costlySlots says;
	// queued bounds those waiting their turn, in order, which keeps the
	// slowest under load far faster than letting all of them share the
	// cores. Past the queue, or past searchWait in it, the answer is 503
	// with Retry-After. rendering and renderQueue do the same for the
	// other costly answers (highlighted documents, first renders of pages
	// with a query), apart, so that a flood of one never refuses the
	// other. (Not chi's Throttle: it answers a full queue with its own
	// plain-text page, past the error table, and would count requests the
	// handler refuses before searching.)
	searching, queued      chan struct{}
	rendering, renderQueue chan struct{}
	searchWait             time.Duration // maxSearchWait but in tests
	// sitemapSize is the most URLs of one sitemap: sitemapURLs but in tests.
	sitemapSize int
	// homePageSize is how many documents the home page lists: homePageSize
	// but in tests.
	homePageSize int
	// timelineDocs is how many documents the timeline lists before it
	// lists only the first of each month: timelineDocs but in tests.
	timelineDocs int
	monthItems   int // monthItems but in tests
	// archiveDocs is how many documents /archives lists under their
	// files, and a file's page at once: archiveDocs but in tests.
	archiveDocs int
	archiveOnce sync.Once
	archiveIdx  *archiveIndex // the archives, made on first request
	// bulk is the bulk download, written to a file once, on its first
	// request (bulk.go).
	bulk    bulkFiles
	oaiOnce sync.Once
	oai     *oai.Repository // built on the first request to /oai
}

// New returns the reading room's handler for a loaded library, the
// collection's pages made.
func New(cfg Config, lib library.Library, log *slog.Logger) http.Handler {
	h, warm := Open(cfg, lib, log)
	warm()
	return h
}

// Open returns the reading room's handler for a loaded library at once,
// and warm, which makes the collection's pages (collectionPages) and
// keeps them: a server can serve while warm runs (a request for one of
// them meanwhile waits for the same making, not another), which at
// 100,000 documents takes seconds off a start.
func Open(cfg Config, lib library.Library, log *slog.Logger) (h http.Handler, warm func()) {
	s := newServer(cfg, lib, log)
	h = s.routes()
	s.pages.Pin(collectionPages...)
	return h, func() { s.pinCollectionPages(h) }
}

// collectionPages are the pages that depend only on the collection: no
// query, no record. They are few whatever the collection's size (the
// long lists are paginated), so they are made before the server is ready
// and kept for its life, outside the page cache's bound: no flood of
// other URLs makes them again.
var collectionPages = []string{"/", "/timeline", "/archives", "/people", "/places", "/organisations", "/map", "/glossary", "/search/help", "/cite", "/rights", "/sitemap.xml", "/robots.txt", "/feed.atom"}

// pinCollectionPages asks h for each of collectionPages, pinned in the
// page cache, so that the cache holds them: on every core, as requests
// would be served (at 100,000 documents the timeline, the map and the
// glossary each take seconds, and a start waits for all of them).
func (s *Server) pinCollectionPages(h http.Handler) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range collectionPages {
		r, err := http.NewRequest(http.MethodGet, p, nil)
		if err != nil {
			panic(err) // the list above is the program's own
		}
		g.Go(func() error {
			h.ServeHTTP(&discard{header: http.Header{}}, r)
			return nil
		})
	}
	_ = g.Wait() // nothing fails: a page that cannot be made is made on its first request
}

// discard is a response nobody reads: the page cache keeps the page.
type discard struct{ header http.Header }

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func newServer(cfg Config, lib library.Library, log *slog.Logger) *Server {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Server{cfg: cfg, coll: lib.Collection, lib: lib, indexOf: lib.Index, indexState: lib.IndexState, log: log, assets: static.New(), pages: pagecache.New(pageCacheBytes), searches: pagecache.New(searchCacheBytes),
		searching: make(chan struct{}, costlySlots()), queued: make(chan struct{}, maxQueued*runtime.GOMAXPROCS(0)),
		rendering: make(chan struct{}, costlySlots()), renderQueue: make(chan struct{}, maxQueued*runtime.GOMAXPROCS(0)), searchWait: maxSearchWait, sitemapSize: sitemapURLs, homePageSize: homePageSize, timelineDocs: timelineDocs, monthItems: monthItems, archiveDocs: archiveDocs}
}

// costlySlots is how many searches, and apart how many costly renders,
// run at once: one a core but one, so that a flood of either leaves a
// core to the cached pages and /healthz (on two cores, a flood of hostile
// searches took an ordinary page's p95 from 8 to 90 ms when it had both).
func costlySlots() int { return max(1, runtime.GOMAXPROCS(0)-1) }

// maxSearchWait bounds how long a search waits for a free core: past it
// the reader is told that the room is busy and when to come back, rather
// than left waiting behind searches that may each take seconds. With a
// search bounded by its 2-second deadline, a full queue drains in about
// this time.
const maxSearchWait = 5 * time.Second

// maxQueued is how many requests may wait per core; one more is told at
// once that the room is busy, so that a crowd of costly requests never
// holds more than a bounded number of goroutines and buffers.
const maxQueued = 4

var (
	errBusy      = failure.New(failure.Overloaded, "Too many readers are searching at once. Try again in a few seconds.")
	errBusyPages = failure.New(failure.Overloaded, "Too many pages are being prepared at once. Try again in a few seconds.")
)

// admit waits for one of slots (a core) for a costly answer, in queue,
// and returns the function that frees it. It refuses at once when the
// queue is full, and after searchWait in it.
func (s *Server) admit(ctx context.Context, slots, queue chan struct{}, errBusy error) (release func(), err error) {
	release = func() { <-slots }
	select {
	case slots <- struct{}{}:
		return release, nil // a core was free: no queue
	default:
	}
	select {
	case queue <- struct{}{}:
	default:
		return nil, errBusy
	}
	defer func() { <-queue }()
	wait := time.NewTimer(s.searchWait)
	defer wait.Stop()
	select {
	case slots <- struct{}{}:
		return release, nil
	case <-wait.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// search runs a search when a core is free; see admit.
func (s *Server) search(ctx context.Context, req search.Request) (*search.Result, error) {
	release, err := s.admit(ctx, s.searching, s.queued, errBusy)
	if err != nil {
		return nil, err
	}
	defer release()
	ix, err := s.searchIndex()
	if err != nil {
		return nil, err
	}
	return ix.Search(ctx, req)
}

// searchIndex returns the search index, or, while a first start still builds
// it, an Unavailable failure that tells the reader how far it is.
func (s *Server) searchIndex() (*search.Index, error) {
	if ix := s.indexOf(); ix != nil {
		return ix, nil
	}
	st := s.indexState()
	if st.Failed {
		return nil, failure.New(failure.Unavailable, "Search is not available: its index could not be built (the error is logged). Every other page is open.")
	}
	return nil, failure.New(failure.Unavailable, buildingMessage(st, time.Now()))
}

// buildingMessage tells the reader how far the search index's build is.
func buildingMessage(st library.IndexState, now time.Time) string {
	msg := "Search opens once the search index is built, after the reading room has just been started or its collection changed."
	if st.Total > 0 && st.Indexed > 0 {
		msg += english.Sprintf(" %d of %d documents are indexed", st.Indexed, st.Total)
		if left := st.Left(now); left > 0 {
			msg += ", " + aboutLeft(left)
		}
		msg += "."
	}
	return msg + " Every other page is open: browse the timeline, the people and the places meanwhile."
}

// english writes numbers as English prose does (41,200).
var english = message.NewPrinter(language.English)

// aboutLeft says a time still to wait, roughly.
func aboutLeft(d time.Duration) string {
	switch m := int(d.Round(time.Minute) / time.Minute); {
	case d < 90*time.Second:
		return "about a minute to go"
	default:
		return fmt.Sprintf("about %d minutes to go", m)
	}
}

// admitCostly admits the costly requests of the cached routes through
// admit, in their own queue: a document page with highlighted words (hl=, made afresh for
// each request) and the first render of any page with a query (filtered
// timelines, months, paragraph and language views). The page cache stands
// before it, so a page it holds is answered without waiting.
func (s *Server) admitCostly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" {
			next.ServeHTTP(w, r)
			return
		}
		release, err := s.admit(r.Context(), s.rendering, s.renderQueue, errBusyPages)
		if err != nil {
			s.serveError(w, r, err, strings.HasPrefix(r.URL.Path, "/api/"))
			return
		}
		defer release()
		next.ServeHTTP(w, r)
	})
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
