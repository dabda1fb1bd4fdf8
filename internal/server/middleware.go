package server

import (
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
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
		if r.Method == http.MethodOptions {
			answerOptions(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !(r.Method == http.MethodPost && r.URL.Path == "/oai") {
			s.serveError(w, r, errMethod, false)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// answerOptions answers OPTIONS: the methods a path takes and, for the
// data a page elsewhere may fetch (the API and the bulk download), the
// CORS preflight's answer that any origin may read it, with any request
// header it asked to send (the answers depend on none but
// Accept-Encoding, If-None-Match and Range).
func answerOptions(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Allow", "GET, HEAD, OPTIONS")
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/data/") {
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, HEAD")
		if asked := r.Header.Get("Access-Control-Request-Headers"); asked != "" {
			h.Set("Access-Control-Allow-Headers", asked)
		}
		h.Set("Access-Control-Max-Age", "86400")
		h.Add("Vary", "Access-Control-Request-Headers")
	}
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// logRequests gives every request an ID and logs one line for it when
// the response is done: id, method, path, status, bytes, duration. The ID
// is random (a counter would tell a reader how busy the site is) and is
// sent as X-Request-Id for the reader to quote. It travels to the error
// log in the request's own X-Request-Id field, overwritten here whatever
// the client sent (requestID reads it): a context value would copy the
// request, which cost a cached page a tenth of its throughput with chi's
// RequestID and RequestLogger, used before.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := []string{newRequestID()} // shared by both header maps: neither changes it
		w.Header()[requestIDHeader] = id
		if r.Header == nil {
			r.Header = http.Header{}
		}
		r.Header[requestIDHeader] = id
		rw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r)
		status := rw.status
		switch {
		case status == 0 && r.Context().Err() != nil:
			status = statusClientLeft // nothing was written: the reader had gone
		case status == 0:
			status = http.StatusOK // net/http's answer to a handler that writes nothing (HEAD)
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("id", id[0]),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int("bytes", rw.bytes),
			slog.Duration("duration", time.Since(start)),
		)
		if status == statusClientLeft {
			// Nothing was written, and net/http would now send an empty
			// 200 to a client that only half-closed its connection (which
			// cancels the context as a close does): a page that is not
			// the page. Closing the connection answers as nginx does.
			panic(http.ErrAbortHandler)
		}
	})
}

// statusClientLeft is the status logged for a request whose client left
// before its answer was written: nginx's 499, which no client sees. It is
// not an error of the site's, and is logged as any other request.
const statusClientLeft = 499

// requestIDHeader carries a request's ID, in its answer and, for the error
// log, in the request itself.
const requestIDHeader = "X-Request-Id"

// requestID returns the ID logRequests gave r.
func requestID(r *http.Request) string {
	if v := r.Header[requestIDHeader]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// newRequestID returns 16 random hexadecimal digits.
func newRequestID() string {
	const hex = "0123456789abcdef"
	var b [16]byte
	n := rand.Uint64()
	for i := range b {
		b[i] = hex[n&15]
		n >>= 4
	}
	return string(b[:])
}

// statusWriter remembers the status and size of a response for its log
// line. Unwrap lets http.ResponseController reach the connection beneath.
type statusWriter struct {
	http.ResponseWriter
	status, bytes int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

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
