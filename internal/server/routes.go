package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/readingroom/readingroom/internal/entity"
)

// pageCacheBytes bounds the memory of the pages kept by the page cache: a
// document page of the shipped collection is 50-80 KB in its three
// encodings, so this keeps about two thousand of them.
const pageCacheBytes = 128 << 20

// searchCacheBytes bounds the memory of the search pages kept: a page of
// ten results is 30-60 KB in its three encodings, so this keeps about
// four hundred queries.
const searchCacheBytes = 16 << 20

// routes lists every URL of the site, and every layer a request goes
// through before its handler.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	// Every request, known route or not: the request ID, the log line, a
	// last resort against panics outside the handlers (handle turns theirs
	// into the 500 page); the security policy; GET and HEAD only (and POST
	// for OAI-PMH, which changes nothing either).
	r.Use(s.logRequests)
	r.Use(middleware.Recoverer)
	r.Use(securityHeaders)
	r.Use(s.onlyGetAndHead)
	r.Use(middleware.RedirectSlashes) // /people/ is /people
	r.Use(middleware.GetHead)

	// Pages that depend only on their URL and the collection: the page
	// cache answers a URL it has seen without calling the handler (see
	// package pagecache for what it keeps and for how long).
	r.Group(func(r chi.Router) {
		r.Use(s.pages.Middleware)
		r.Use(s.admitCostly) // a miss with a query waits its turn

		// The collection.
		r.Get("/", s.handle(s.handleHome))
		r.Get("/documents/{id}", s.handle(s.handleDocument))
		r.Get("/rights", s.handle(s.handleRights))

		// The collection through time, and by archive.
		r.Get("/timeline", s.handle(s.handleTimeline))
		r.Get("/timeline/{month}", s.handle(s.handleMonth))
		r.Get("/archives", s.handle(s.handleArchives))
		r.Get("/archives/{file}", s.handle(s.handleArchiveFile))

		// People, places, organisations, and the glossary of terms.
		r.Get("/people", s.handle(s.handleEntityIndex(entity.KindPerson)))
		r.Get("/people/{id}", s.handle(s.handleEntity(entity.KindPerson)))
		r.Get("/places", s.handle(s.handleEntityIndex(entity.KindPlace)))
		r.Get("/places/{id}", s.handle(s.handleEntity(entity.KindPlace)))
		r.Get("/map", s.handle(s.handleMap))
		r.Get("/organisations", s.handle(s.handleEntityIndex(entity.KindOrganisation)))
		r.Get("/organisations/{id}", s.handle(s.handleEntity(entity.KindOrganisation)))
		r.Get("/glossary", s.handle(s.handleGlossary))

		r.Get("/search/help", s.handle(s.handleSearchHelp))
		r.Get("/cite", s.handle(s.handleCite))

		// Data.
		r.Get("/api/documents/{id}", s.handleAPI(s.handleAPIDocument))
		r.Get("/data/"+bulkName+".sha256", s.handle(s.handleBulk(true)))

		// For the web at large.
		r.Get("/sitemap.xml", s.handle(s.handleSitemap))
		r.Get("/sitemap-{n}", s.handle(s.handleSitemapPart)) // /sitemap-2.xml, when sitemap.xml is an index
		r.Get("/robots.txt", s.handle(s.handleRobots))
		r.Get("/feed.atom", s.handle(s.handleFeed))

		// Assets (whose names carry their hash, but the icon's): kept here
		// too, so that the stylesheet is compressed once, as pages are.
		r.Get("/static/*", s.handle(s.handleStatic))
		r.Get("/favicon.ico", func(w http.ResponseWriter, r *http.Request) { s.assets.ServeUnhashed(w, r, "favicon.ico") })
	})

	// Answers made for each request.
	r.Get("/documents", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/#documents", http.StatusFound) // the list is on the home page
	})
	r.Get("/documents/{id}/{file}", s.handle(s.handleDownload)) // citations carry the day's date
	// Search pages depend only on their URL and the collection too, and
	// have a cache of their own (see Server.searches); a miss waits for a
	// search slot in the handler.
	r.With(s.searches.Middleware).Get("/search", s.handle(s.handleSearch))

	// Data: the JSON API, and the bulk download (written to a file once,
	// served from it with ranges: bulk.go).
	r.Get("/api/documents", s.handleAPI(s.handleAPIDocuments))
	r.Get("/api/search", s.handleAPI(s.handleAPISearch))
	r.Get("/api/people", s.handleAPI(s.handleAPIEntities(entity.KindPerson)))
	r.Get("/api/places", s.handleAPI(s.handleAPIEntities(entity.KindPlace)))
	r.Get("/api/organisations", s.handleAPI(s.handleAPIEntities(entity.KindOrganisation)))
	r.Get("/api/*", s.handleAPI(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound("No such API endpoint: see /api/documents, /api/search, /api/people, /api/places, /api/organisations.")
	}))
	r.Get("/data/"+bulkName, s.handle(s.handleBulk(false)))

	// For harvesters: OAI-PMH, whose every answer carries the time it was
	// made and whose errors are its own XML.
	r.Get("/oai", s.handleOAI)
	r.Post("/oai", s.handleOAI)

	// Operations.
	r.Get("/healthz", handleHealth)
	r.Get("/readyz", handleReady)

	r.NotFound(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound("There is no page at this address.")
	}))
	return r
}
