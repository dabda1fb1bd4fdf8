package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// security is a strict policy: no script at all, styles from the site
// only, no framing. The values are built once and shared by every response
// (net/http never changes them), which spares a few allocations a request;
// a list, not a map, because ranging over a map costs more.
var security = [...]struct {
	key   string
	value []string
}{
	// connect-src 'self' lets a page's context fetch the site's own
	// robots.txt, as crawlers' audits (Lighthouse) do; no page runs script.
	{"Content-Security-Policy", []string{"default-src 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}},
	{"X-Frame-Options", []string{"DENY"}},
}

// securityHeaders sets the security policy on every response.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for i := range security { // by index: a range by value would copy the array onto the stack
			h[security[i].key] = security[i].value
		}
		next.ServeHTTP(w, r)
	})
}

// onlyGetAndHead refuses every other method on every path, known or not:
// the reading room is read-only. OAI-PMH alone takes POST, for requests
// too long for a URL; it changes nothing either.
func (s *Server) onlyGetAndHead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !(r.Method == http.MethodPost && r.URL.Path == "/oai") {
			s.serveError(w, r, errMethod, false)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// exposeRequestID gives the reader the request's ID (chi's RequestID puts
// it in the context), to quote when reporting a problem.
func exposeRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(middleware.RequestIDHeader, middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
	})
}

// requestLog is chi's RequestLogger's formatter: one slog line per
// request, and the stack of a panic that reached chi's Recoverer.
type requestLog struct{ log *slog.Logger }

func (l requestLog) NewLogEntry(r *http.Request) middleware.LogEntry {
	return &requestEntry{log: l.log, r: r}
}

// requestEntry is one request's log entry.
type requestEntry struct {
	log *slog.Logger
	r   *http.Request
}

func (e *requestEntry) Write(status, bytes int, _ http.Header, elapsed time.Duration, _ any) {
	if status == 0 {
		status = http.StatusOK // net/http's answer to a handler that writes nothing (HEAD)
	}
	e.log.LogAttrs(e.r.Context(), slog.LevelInfo, "request",
		slog.String("id", middleware.GetReqID(e.r.Context())),
		slog.String("method", e.r.Method),
		slog.String("path", e.r.URL.Path),
		slog.Int("status", status),
		slog.Int("bytes", bytes),
		slog.Duration("duration", elapsed),
	)
}

func (e *requestEntry) Panic(v any, stack []byte) {
	e.log.ErrorContext(e.r.Context(), "panic", slog.String("id", middleware.GetReqID(e.r.Context())), slog.String("path", e.r.URL.Path),
		slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(stack)))
}

// handleReady answers GET /readyz: the library is built and every page
// can be served. (Before that, main answers 503 for it.)
func handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ready\n"))
}

// handleHealth answers GET /healthz: the process is up and serving.
func handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// handleStatic serves GET /static/{name}.{hash}.{ext}: the site's assets.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	if !s.assets.Serve(w, r) {
		return errNotFound("There is no file at this address. Stylesheets change address when they change; reload the page.")
	}
	return nil
}
