package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/a-h/templ"
	"github.com/readingroom/readingroom/web"
)

// page is a rendered page with its strong ETag.
type page struct {
	body []byte
	etag string
}

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
// cached; key must come from a bounded set (a valid ID, a known view).
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
		sum := sha256.Sum256(body)
		v, _ = s.pages.LoadOrStore(key, &page{body: body, etag: `"` + hex.EncodeToString(sum[:16]) + `"`})
	}
	p := v.(*page)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("ETag", p.etag)
	h.Set("Cache-Control", "public, max-age=300")
	if match := r.Header.Get("If-None-Match"); match != "" && match == p.etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(p.body)
	return err
}

// page fills the parts of a view model every page shares.
func (s *Server) page(title, description, path string) web.Page {
	p := web.Page{Title: title, Description: description, Stylesheet: s.assets.URL("style.css"), Feed: "/feed.atom"}
	if path != "" {
		p.Canonical = s.cfg.BaseURL + path
	}
	return p
}

// renderStatus renders a page that depends on the request (not cached) and
// writes it with the given status.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	body, err := renderBytes(r.Context(), c)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, err = w.Write(body)
	}
	return err
}
