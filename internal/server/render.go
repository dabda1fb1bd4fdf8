package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"

	"github.com/a-h/templ"
	"github.com/readingroom/readingroom/web"
)

// page is a rendered page with its strong ETag, compressed once. Its
// representations hold the header values of each encoding, made once too:
// a page served from the cache allocates no header.
type page struct {
	body []byte
	etag string
	gzip []byte
	br   []byte
	reps [3]representation // identity, gzip, br
}

// representation is one encoding of a page, with its header values.
type representation struct {
	body        []byte
	contentType []string
	encoding    []string // nil for identity
	etag        []string
	length      []string
}

// Indexes of page.reps.
const (
	repIdentity = iota
	repGzip
	repBrotli
)

// newPage keeps body with its ETag and its compressed copies.
func newPage(body []byte, contentType string) *page {
	sum := sha256.Sum256(body)
	p := &page{body: body, etag: hex.EncodeToString(sum[:16])}
	if len(body) >= minCompress {
		p.gzip, p.br = gzipBytes(body), brotliBytes(body)
	}
	ctype := []string{contentType}
	rep := func(body []byte, enc, suffix string) representation {
		r := representation{body: body, contentType: ctype, etag: []string{`"` + p.etag + suffix + `"`}, length: []string{strconv.Itoa(len(body))}}
		if enc != "" {
			r.encoding = []string{enc}
		}
		return r
	}
	p.reps[repIdentity] = rep(body, "", "")
	p.reps[repGzip], p.reps[repBrotli] = p.reps[repIdentity], p.reps[repIdentity]
	// Each encoding is its own representation, with its own strong ETag.
	if p.gzip != nil {
		p.reps[repGzip] = rep(p.gzip, "gzip", "-gz")
	}
	if p.br != nil {
		p.reps[repBrotli] = rep(p.br, "br", "-br")
	}
	return p
}

// Header values every cached page shares.
var (
	cachePublic        = []string{"public, max-age=300"}
	varyAcceptEncoding = []string{"Accept-Encoding"}
)

// renderBytes renders a component into memory, so that a failed render never
// ships half a page.
func renderBytes(ctx context.Context, c templ.Component) ([]byte, error) {
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// serveCached serves the page stored under key, rendering it with build on
// first use. Only pages that depend on nothing but the collection may be
// cached; key must come from a bounded set (a valid ID, a known view), and
// be chosen by the request's URL alone: servePagesAgain serves the page
// again to the same URL without asking the handler.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, key string, build func() (templ.Component, error)) error {
	return s.serveCachedBytes(w, r, key, "text/html; charset=utf-8", func() ([]byte, error) {
		c, err := build()
		if err != nil {
			return nil, err
		}
		return renderBytes(r.Context(), c)
	})
}

// serveCachedBytes is serveCached for any content: build makes the bytes
// on first use.
func (s *Server) serveCachedBytes(w http.ResponseWriter, r *http.Request, key, contentType string, build func() ([]byte, error)) error {
	v, ok := s.pages.Load(key)
	if !ok {
		body, err := build()
		if err != nil {
			return err
		}
		v, _ = s.pages.LoadOrStore(key, newPage(body, contentType))
	}
	p := v.(*page)
	if ex, ok := w.(*exchange); ok {
		ex.page = p
	}
	return p.serve(w, r)
}

// serve writes the page in the encoding the request accepts, or 304 Not
// Modified when the request holds its ETag.
func (p *page) serve(w http.ResponseWriter, r *http.Request) error {
	rep := &p.reps[repIdentity]
	switch accepts(r) {
	case "br":
		rep = &p.reps[repBrotli]
	case "gzip":
		rep = &p.reps[repGzip]
	}
	// The header values are shared by every response of this page: net/http
	// only reads them.
	h := w.Header()
	h["Content-Type"] = rep.contentType
	h["Cache-Control"] = cachePublic
	if vary, ok := h["Vary"]; ok {
		h["Vary"] = append(vary[:len(vary):len(vary)], varyAcceptEncoding...)
	} else {
		h["Vary"] = varyAcceptEncoding
	}
	h["Etag"] = rep.etag
	if match := firstValue(r.Header, "If-None-Match"); match != "" && (match == rep.etag[0] || match == "*") {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if rep.encoding != nil {
		h["Content-Encoding"] = rep.encoding
	}
	h["Content-Length"] = rep.length
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(rep.body)
	return err
}

// Bounds of servePagesAgain's memory: the request URIs it keeps and their
// length. Beyond them, pages are served through the router as before.
const (
	maxPagesAgain  = 16384
	maxURIForAgain = 512
)

// servePagesAgain serves a cached page straight to a request for the same
// URI as an earlier request that serveCachedBytes answered with it, without
// routing and without the handler deciding again what the previous request
// decided. It stands in front of the router, after the middleware every
// request goes through (routes). A URI is kept only when its response held
// nothing but the page and the header fields every response has (so not
// the API's, which add CORS fields), which also leaves out redirects, such
// as the router's for a path ending in a slash; the middleware before it
// refuses methods other than GET and HEAD.
func (s *Server) servePagesAgain(next http.Handler) http.Handler {
	var byURI sync.Map // request URI -> *page
	var kept atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v, ok := byURI.Load(r.RequestURI); ok {
			_ = v.(*page).serve(w, r)
			return
		}
		next.ServeHTTP(w, r)
		ex, ok := w.(*exchange)
		if !ok || ex.page == nil || r.RequestURI == "" || len(r.RequestURI) > maxURIForAgain || kept.Load() >= maxPagesAgain || !onlyPageHeaders(ex) {
			return
		}
		if _, loaded := byURI.LoadOrStore(r.RequestURI, ex.page); !loaded {
			kept.Add(1)
		}
	})
}

// onlyPageHeaders reports whether a response was a cached page and nothing
// else: 200 or 304, and no header field but those page.serve and the
// middleware set.
func onlyPageHeaders(ex *exchange) bool {
	if ex.status != http.StatusOK && ex.status != http.StatusNotModified {
		return false
	}
	for k, v := range ex.Header() {
		switch k {
		case "X-Request-Id", "Content-Type", "Cache-Control", "Etag", "Content-Encoding", "Content-Length":
		case "Vary":
			if len(v) != 1 || v[0] != varyAcceptEncoding[0] {
				return false
			}
		default:
			if !isSecurityHeader(k) {
				return false
			}
		}
	}
	return true
}

// minCompress is the size below which compression saves too little to be
// worth a header.
const minCompress = 1024

// accepts returns the best encoding the client accepts: "br", "gzip" or "".
func accepts(r *http.Request) string {
	best := ""
	rest := firstValue(r.Header, "Accept-Encoding")
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		name, params, _ := strings.Cut(part, ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err != nil || f <= 0 {
				continue
			}
		}
		name = strings.TrimSpace(name)
		switch {
		case strings.EqualFold(name, "br"):
			return "br"
		case strings.EqualFold(name, "gzip"):
			best = "gzip"
		}
	}
	return best
}

// firstValue is h.Get(key) for a key known to be canonical, without
// checking it again on every request.
func firstValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

func brotliBytes(b []byte) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, 9)
	_, _ = bw.Write(b)
	_ = bw.Close()
	return buf.Bytes()
}

// page fills the parts of a view model every page shares.
func (s *Server) page(title, description, path string) web.Page {
	if description == "" {
		// Every page has a description for search engines and link
		// previews: a page without one of its own (an error, a document
		// without a summary, a record without a description) has the
		// site's.
		description = siteDescription
	}
	p := web.Page{Title: title, Description: description, Stylesheet: s.assets.URL("style.css"), Icon: s.assets.URL("favicon.ico"), Feed: "/feed.atom"}
	if path != "" {
		p.Canonical = s.cfg.BaseURL + path
	}
	return p
}

// siteDescription says what the reading room is, in one sentence.
const siteDescription = "Soviet documents on the 1945–46 crisis in Iranian Azerbaijan, in English translation beside the Russian original."

// renderStatus renders a page that depends on the request (not cached) and
// writes it with the given status.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	body, err := renderBytes(r.Context(), c)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Add("Vary", "Accept-Encoding")
	// A page made for one request is compressed with gzip at a fast level:
	// brotli's better ratio costs more than it saves here.
	if len(body) >= minCompress && accepts(r) != "" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body = buf.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, err = w.Write(body)
	}
	return err
}
