package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/readingroom/readingroom/web"
)

// statusError is an error a reader may see: a status and a sentence.
type statusError struct {
	status  int
	heading string
	message string
}

func (e *statusError) Error() string { return e.heading + ": " + e.message }

func errNotFound(message string) error {
	return &statusError{http.StatusNotFound, "Page not found", message}
}

func errBadRequest(message string) error {
	return &statusError{http.StatusBadRequest, "This request cannot be read", message}
}

var errMethod = &statusError{http.StatusMethodNotAllowed, "Method not allowed", "The reading room only answers GET and HEAD requests."}

// handler is an HTTP handler that returns its error for handle to report.
type handler func(w http.ResponseWriter, r *http.Request) error

// handle turns a handler's error into an error page. Readers see a friendly
// sentence, never the error's text; only server errors are logged as errors.
func (s *Server) handle(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serveError(w, r, &panicError{value: v, stack: debug.Stack()})
			}
		}()
		if err := h(w, r); err != nil {
			s.serveError(w, r, err)
		}
	}
}

// panicError is a handler's panic, recovered: the reader gets the 500
// page, the log the stack.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprint("panic: ", e.value) }

func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	var se *statusError
	if !errors.As(err, &se) {
		s.logError(r, err)
		se = &statusError{http.StatusInternalServerError, "Something went wrong", "The reading room could not show this page. The error has been logged; please try again later."}
	}
	if se.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", "GET, HEAD")
	}
	view := web.ErrorPage{Page: s.page(se.heading, "", ""), Status: se.status, Heading: se.heading, Message: se.message}
	body, rerr := renderBytes(r.Context(), web.ErrorView(view))
	if rerr != nil {
		http.Error(w, se.heading, se.status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(se.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// logError logs a server error with the request's ID.
func (s *Server) logError(r *http.Request, err error) {
	id := slog.String("id", middleware.GetReqID(r.Context()))
	var pe *panicError
	if errors.As(err, &pe) {
		s.log.ErrorContext(r.Context(), "panic", id, slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(pe.value)), slog.String("stack", string(pe.stack)))
		return
	}
	s.log.ErrorContext(r.Context(), "request failed", id, slog.String("path", r.URL.Path), slog.Any("err", err))
}
