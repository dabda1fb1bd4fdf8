package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"
)

// security is a strict policy: no script at all, styles from the site
// only, no framing. The values are built once and shared by every response
// (net/http never changes them), which spares a few allocations a request.
var security = map[string][]string{
	"Content-Security-Policy": {"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
	"X-Content-Type-Options":  {"nosniff"},
	"Referrer-Policy":         {"strict-origin-when-cross-origin"},
	"Permissions-Policy":      {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	"X-Frame-Options":         {"DENY"},
}

// securityHeaders sets the security policy on every response.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range security {
			h[k] = v
		}
		next.ServeHTTP(w, r)
	})
}

// onlyGetAndHead refuses every other method on every path, known or not:
// the reading room is read-only.
func (s *Server) onlyGetAndHead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.serveError(w, r, errMethod)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requestIDs numbers requests; the prefix tells this process's numbers
// from another's in merged logs.
var (
	requestIDs      atomic.Uint64
	requestIDPrefix = strconv.FormatInt(time.Now().UnixNano()%1e9, 36) + "-"
)

// statusWriter remembers the status and size of a response for its log line.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
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

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives every request an ID (in the X-Request-Id header and the
// log), writes one structured log line per request, and turns a panic into
// the 500 page and a log line with the stack. One wrapper does all three
// because the page served from the cache is so cheap that each layer shows
// in the throughput.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestIDPrefix + strconv.FormatUint(requestIDs.Add(1), 10)
		w.Header()["X-Request-Id"] = []string{id}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", slog.String("id", id), slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
				s.serveError(sw, r, fmt.Errorf("panic: %v", v))
			}
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("id", id),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", sw.status),
				slog.Int("bytes", sw.bytes),
				slog.Duration("duration", time.Since(start)),
			)
		}()
		next.ServeHTTP(sw, r)
	})
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
