package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/readingroom/readingroom/internal/entity"
)

// routes lists every URL of the site.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RedirectSlashes) // /people/ is /people
	r.Use(middleware.GetHead)

	// The collection.
	r.Get("/", s.handle(s.handleHome))
	r.Get("/documents", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/#documents", http.StatusFound) // the list is on the home page
	})
	r.Get("/documents/{id}", s.handle(s.handleDocument))
	r.Get("/documents/{id}/{file}", s.handle(s.handleDownload))
	r.Get("/rights", s.handle(s.handleRights))

	// The collection through time, and by archive.
	r.Get("/timeline", s.handle(s.handleTimeline))
	r.Get("/timeline/{month}", s.handle(s.handleMonth))
	r.Get("/archives", s.handle(s.handleArchives))

	// People, places, organisations, and the glossary of terms.
	r.Get("/people", s.handle(s.handleEntityIndex(entity.KindPerson)))
	r.Get("/people/{id}", s.handle(s.handleEntity(entity.KindPerson)))
	r.Get("/places", s.handle(s.handleEntityIndex(entity.KindPlace)))
	r.Get("/places/{id}", s.handle(s.handleEntity(entity.KindPlace)))
	r.Get("/map", s.handle(s.handleMap))
	r.Get("/organisations", s.handle(s.handleEntityIndex(entity.KindOrganisation)))
	r.Get("/organisations/{id}", s.handle(s.handleEntity(entity.KindOrganisation)))
	r.Get("/glossary", s.handle(s.handleGlossary))

	// Search.
	r.Get("/search", s.handle(s.handleSearch))
	r.Get("/search/help", s.handle(s.handleSearchHelp))

	// Data: the JSON API and the bulk download.
	r.Get("/api/documents", s.handleAPI(s.handleAPIDocuments))
	r.Get("/api/documents/{id}", s.handleAPI(s.handleAPIDocument))
	r.Get("/api/search", s.handleAPI(s.handleAPISearch))
	r.Get("/api/people", s.handleAPI(s.handleAPIEntities(entity.KindPerson)))
	r.Get("/api/places", s.handleAPI(s.handleAPIEntities(entity.KindPlace)))
	r.Get("/api/organisations", s.handleAPI(s.handleAPIEntities(entity.KindOrganisation)))
	r.Get("/api/*", s.handleAPI(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound("No such API endpoint: see /api/documents, /api/search, /api/people, /api/places, /api/organisations.")
	}))
	r.Get("/data/"+bulkName, s.handle(s.handleBulk(false)))
	r.Get("/data/"+bulkName+".sha256", s.handle(s.handleBulk(true)))

	// For the web at large.
	r.Get("/sitemap.xml", s.handle(s.handleSitemap))
	r.Get("/robots.txt", s.handle(s.handleRobots))
	r.Get("/feed.atom", s.handle(s.handleFeed))
	r.Get("/cite", s.handle(s.handleCite))
	r.Get("/oai", s.handleOAI) // OAI-PMH answers its errors in its own XML
	r.Post("/oai", s.handleOAI)

	// Operations and assets.
	r.Get("/healthz", handleHealth)
	r.Get("/readyz", handleReady)
	r.Get("/static/*", s.handle(s.handleStatic))
	r.Get("/favicon.ico", func(w http.ResponseWriter, r *http.Request) { s.assets.ServeUnhashed(w, r, "favicon.ico") })

	r.NotFound(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound("There is no page at this address.")
	}))
	// Around the router, for every request, known route or not: the request
	// ID, log line and panic recovery; the security policy; GET and HEAD
	// only; then a cached page for a URI served before, without routing.
	return s.observe(securityHeaders(s.onlyGetAndHead(s.servePagesAgain(r))))
}
