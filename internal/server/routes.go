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
	r.Use(middleware.RequestID)
	r.Use(s.logRequests)
	r.Use(s.recoverPanics)
	r.Use(securityHeaders)
	r.Use(s.onlyGetAndHead)
	r.Use(middleware.GetHead)

	// The collection.
	r.Get("/", s.handle(s.handleHome))
	r.Get("/documents/{id}", s.handle(s.handleDocument))

	// People and places.
	r.Get("/people", s.handle(s.handleEntityIndex(entity.KindPerson)))
	r.Get("/people/{id}", s.handle(s.handleEntity(entity.KindPerson)))
	r.Get("/places", s.handle(s.handleEntityIndex(entity.KindPlace)))
	r.Get("/places/{id}", s.handle(s.handleEntity(entity.KindPlace)))

	// Search.
	r.Get("/search", s.handle(s.handleSearch))
	r.Get("/search/help", s.handle(s.handleSearchHelp))

	// Operations and assets.
	r.Get("/healthz", handleHealth)
	r.Get("/static/*", s.handle(s.handleStatic))

	r.NotFound(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound("There is no page at this address.")
	}))
	return r
}
