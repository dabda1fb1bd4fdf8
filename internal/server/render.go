package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"sync"

	"github.com/a-h/templ"
	"github.com/readingroom/readingroom/internal/pagecache"
)

// renderBytes renders a component into memory, so that a failed render never
// ships half a page; the bytes are the caller's own.
func renderBytes(ctx context.Context, c templ.Component) ([]byte, error) {
	buf, err := render(ctx, c)
	if err != nil {
		return nil, err
	}
	defer release(buf)
	return bytes.Clone(buf.Bytes()), nil
}

// render renders a component into a kept buffer, which has grown to a
// page's size already; the caller writes it out (a Writer keeps nothing
// it was given) and hands it back with release.
func render(ctx context.Context, c templ.Component) (*bytes.Buffer, error) {
	buf := renderBuffers.Get().(*bytes.Buffer)
	if err := c.Render(ctx, buf); err != nil {
		release(buf)
		return nil, err
	}
	return buf, nil
}

// release keeps buf for the next page.
func release(buf *bytes.Buffer) {
	if buf.Cap() <= maxKeptRender {
		buf.Reset()
		renderBuffers.Put(buf)
	}
}

// renderBuffers are the buffers pages are made in.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxKeptRender bounds a buffer kept for the next page: the rare larger
// page (a long document) leaves its buffer to the collector.
const maxKeptRender = 512 << 10

// cachePublic marks a response whose bytes depend on nothing but its
// canonical URL and the collection: the page cache (routes.go) keeps it
// and serves it again, and so may any cache between us and the reader.
const cachePublic = "public, max-age=300"

// renderPublic renders a page that depends only on its URL and the
// collection, for the page cache to keep.
func renderPublic(w http.ResponseWriter, r *http.Request, c templ.Component) error {
	buf, err := render(r.Context(), c)
	if err != nil {
		return err
	}
	defer release(buf)
	return writePublic(w, r, "text/html; charset=utf-8", buf.Bytes())
}

// writePublic writes content that depends only on its URL and the
// collection, for the page cache to keep.
func writePublic(w http.ResponseWriter, r *http.Request, contentType string, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cachePublic)
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}

// minCompress is the size below which compression saves too little to be
// worth a header.
const minCompress = 1024

// renderStatus renders a page that depends on the request (not cached) and
// writes it with the given status.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	buf, err := render(r.Context(), c)
	if err != nil {
		return err
	}
	defer release(buf)
	body := buf.Bytes()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Add("Vary", "Accept-Encoding")
	// A page made for one request is compressed with gzip at a fast level:
	// brotli's better ratio costs more than it saves here.
	if len(body) >= minCompress && pagecache.Accepts(r, "gzip") {
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
