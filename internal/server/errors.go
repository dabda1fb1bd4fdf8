package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/readingroom/readingroom/internal/failure"
	"github.com/readingroom/readingroom/web"
)

// answer is how the site answers one kind of failure: a status, the
// heading of the error page, and the sentence used when the error carries
// none.
type answer struct {
	status  int
	heading string
	message string
}

// answers is the one table from a kind of failure to what the reader gets.
var answers = map[failure.Kind]answer{
	failure.NotFound:    {http.StatusNotFound, "Page not found", "There is no page at this address."},
	failure.Invalid:     {http.StatusBadRequest, "This request cannot be read", "The address holds a parameter the reading room cannot read."},
	failure.TooBroad:    {http.StatusBadRequest, "This request is too broad", "The request would take too long to answer; narrow it."},
	failure.Overloaded:  {http.StatusServiceUnavailable, "The reading room is busy", "Too many readers are searching at once. Try again in a few seconds."},
	failure.Timeout:     {http.StatusServiceUnavailable, "This took too long", "The answer took too long and was given up. Try a narrower request."},
	failure.Unavailable: {http.StatusServiceUnavailable, "Search is not open yet", "The search index is being built. Every other page is open; try the search again in a few minutes."},
	failure.Gone:        {http.StatusGone, "This page is gone", "What was at this address has been removed from the collection."},
	failure.ReadOnly:    {http.StatusMethodNotAllowed, "Method not allowed", "The reading room only answers GET and HEAD requests."},
	failure.Internal:    {http.StatusInternalServerError, "Something went wrong", "The reading room could not show this page. The error has been logged; please try again later."},
}

// retryAfter is the Retry-After, in seconds, of the answers that ask the
// reader to come back (503).
const retryAfter = "5"

// errNotFound is a NotFound failure with the reader's sentence.
func errNotFound(message string) error { return failure.New(failure.NotFound, message) }

// errBadRequest is an Invalid failure with the reader's sentence.
func errBadRequest(message string) error { return failure.New(failure.Invalid, message) }

// errMethod answers any method but GET and HEAD.
var errMethod = failure.New(failure.ReadOnly, "")

// handler is an HTTP handler that returns its error for the adapter to
// answer.
type handler func(w http.ResponseWriter, r *http.Request) error

// handle adapts a page's handler: its error, or its panic, becomes the
// error page.
func (s *Server) handle(h handler) http.HandlerFunc { return s.adapt(h, false) }

// handleAPI adapts an API handler: its error becomes JSON with a status
// and a message, and any origin may read its answers.
func (s *Server) handleAPI(h handler) http.HandlerFunc {
	adapted := s.adapt(h, true)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD")
		adapted(w, r)
	}
}

// adapt is the one adapter from a handler's error to the reader's answer,
// as an HTML page or, for the API, JSON.
func (s *Server) adapt(h handler, asJSON bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serveError(w, r, &panicError{value: v, stack: debug.Stack()}, asJSON)
			}
		}()
		if err := h(w, r); err != nil {
			s.serveError(w, r, err, asJSON)
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

// explain returns what the reader is told of err: the table's answer for
// its kind, with the sentence the error carries. Readers never see an
// error's own text; only internal errors are logged, at error level.
func (s *Server) explain(r *http.Request, err error) answer {
	kind := failure.KindOf(err)
	a, ok := answers[kind]
	if !ok || kind == failure.Internal {
		s.logError(r, err)
		return answers[failure.Internal]
	}
	if m := failure.MessageOf(err); m != "" {
		a.message = m
	}
	return a
}

// serveError answers err, as an error page or as JSON.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error, asJSON bool) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the reader left; nobody to answer
	}
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) {
		return // the reader left while the answer was written: not the site's error
	}
	a := s.explain(r, err)
	h := w.Header()
	switch a.status {
	case http.StatusMethodNotAllowed:
		h.Set("Allow", "GET, HEAD, OPTIONS")
	case http.StatusServiceUnavailable:
		h.Set("Retry-After", retryAfter)
	}
	var body []byte
	if asJSON {
		body, _ = json.Marshal(struct {
			Status  int    `json:"status"`
			Message string `json:"message"`
		}{a.status, a.message})
		body = append(body, '\n')
		h.Set("Content-Type", "application/json; charset=utf-8")
	} else {
		view := web.ErrorPage{Page: s.page(a.heading, "", ""), Status: a.status, Heading: a.heading, Message: a.message}
		var rerr error
		if body, rerr = renderBytes(r.Context(), web.ErrorView(view)); rerr != nil {
			http.Error(w, a.heading, a.status)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
	}
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(a.status)
	_, _ = w.Write(body) // net/http sends none for a HEAD, but its length
}

// logError logs a server error with the request's ID.
func (s *Server) logError(r *http.Request, err error) {
	id := slog.String("id", requestID(r))
	var pe *panicError
	if errors.As(err, &pe) {
		s.log.ErrorContext(r.Context(), "panic", id, slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(pe.value)), slog.String("stack", string(pe.stack)))
		return
	}
	s.log.ErrorContext(r.Context(), "request failed", id, slog.String("path", r.URL.Path), slog.Any("err", err))
}

// maxEcho bounds how much of a bad ID the error page repeats.
const maxEcho = 80

func clip(s string) string {
	s = strings.ToValidUTF8(s, "�")
	if r := []rune(s); len(r) > maxEcho {
		return string(r[:maxEcho]) + "…"
	}
	return s
}
