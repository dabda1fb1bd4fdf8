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

	"github.com/andybalholm/brotli"

	"github.com/a-h/templ"
	"github.com/readingroom/readingroom/web"
)

// page is a rendered page with its strong ETag, compressed once.
type page struct {
	body []byte
	etag string
	gzip []byte
	br   []byte
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
		p := &page{body: body, etag: hex.EncodeToString(sum[:16])}
		if len(body) >= minCompress {
			p.gzip, p.br = gzipBytes(body), brotliBytes(body)
		}
		v, _ = s.pages.LoadOrStore(key, p)
	}
	p := v.(*page)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "public, max-age=300")
	h.Add("Vary", "Accept-Encoding")
	body, enc := p.body, ""
	switch accepts(r) {
	case "br":
		if p.br != nil {
			body, enc = p.br, "br"
		}
	case "gzip":
		if p.gzip != nil {
			body, enc = p.gzip, "gzip"
		}
	}
	// Each encoding is its own representation, with its own strong ETag.
	etag := `"` + p.etag + map[string]string{"": "", "br": "-br", "gzip": "-gz"}[enc] + `"`
	h.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && (match == etag || match == "*") {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}

// minCompress is the size below which compression saves too little to be
// worth a header.
const minCompress = 1024

// accepts returns the best encoding the client accepts: "br", "gzip" or "".
func accepts(r *http.Request) string {
	best := ""
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(part, ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err != nil || f <= 0 {
				continue
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			return "br"
		case "gzip":
			best = "gzip"
		}
	}
	return best
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
