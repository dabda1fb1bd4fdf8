// Package pagecache serves again, from memory, the responses whose bytes
// depend on nothing but their URL.
//
// The contract: Cache.Middleware decorates the routes it serves (routes.go
// lists them). For a GET or HEAD whose canonical URL (Key) it holds, it
// answers without calling the handler: the header fields the handler set,
// the body in the best encoding the client accepts (brotli, gzip or none,
// each compressed once, when first asked for, at a level whose cost fits
// a miss) with that encoding's own strong ETag, or 304 Not Modified
// when If-None-Match matches that ETag (a list, weak comparison, or *:
// MatchesETag). Accept-Encoding is read with its q-values (Negotiate). On
// a miss it calls the handler (once for all the requests for that URL that
// arrive while it runs); a GET answered 200 with a Cache-Control
// that starts with "public" is stored, and served from the store as above;
// every other answer (errors, redirects, pages marked no-cache) reaches
// the client as the handler wrote it, and is not kept.
//
// A handler marks a response public only when its bytes depend on nothing
// but the canonical URL and the collection, which never changes while the
// process runs: there is no expiry. The store is bounded in bytes (bodies
// in every encoding, plus keys) and evicts the least recently used pages
// first; a page larger than a quarter of the bound is served but not kept.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/sync/singleflight"
)

// MaxKey bounds the length of a canonical URL the cache keeps: longer
// ones are served by the handler every time.
const MaxKey = 1024

// entryOverhead approximates what an entry costs beyond its bodies and
// key: header values, the list and map cells.
const entryOverhead = 512

// Cache is a byte-bounded store of pages by canonical URL.
type Cache struct {
	maxBytes int64
	// flight makes the simultaneous first requests for one URL share one
	// call of the handler: without it, every request that arrives while
	// the page is being made makes it too, and a busy page's first second
	// costs the site several.
	flight singleflight.Group
	mu     sync.Mutex
	lru    *simplelru.LRU[string, *page]
	bytes  int64 // the size of the pages held
	// pinned holds the pages of the keys given to Pin, once made (nil
	// before): outside the bound, never evicted.
	pinned map[string]*page
}

// New returns a cache holding at most maxBytes of pages.
func New(maxBytes int64) *Cache {
	c := &Cache{maxBytes: maxBytes}
	// The bound is in bytes, kept by Add; the LRU's count is no bound.
	c.lru, _ = simplelru.NewLRU[string, *page](1<<30, func(_ string, p *page) { c.bytes -= p.size })
	return c
}

// Key returns the canonical form of a request's URL: its path as sent,
// and its query with the parameters sorted by name (the values of one
// name keep their order, which a page may show). ok is false for a query
// that cannot be read or a key longer than MaxKey.
func Key(u *url.URL) (key string, ok bool) {
	path := u.EscapedPath()
	if u.RawQuery == "" {
		return path, len(path) <= MaxKey
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", false
	}
	key = path
	if enc := q.Encode(); enc != "" { // Encode sorts by name
		key += "?" + enc
	}
	return key, len(key) <= MaxKey
}

func (c *Cache) get(key string) (*page, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.pinned[key]; p != nil {
		return p, true
	}
	return c.lru.Get(key)
}

// Pin marks the canonical URLs (Key) whose pages, once made, are kept for
// the cache's life, outside its bound and never evicted: the few pages
// that depend only on the collection, which a flood of other URLs must
// not push out. Request them once after pinning (the server does as it
// starts serving) so that none is made under load. Their number is the
// caller's to bound.
func (c *Cache) Pin(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pinned == nil {
		c.pinned = map[string]*page{}
	}
	for _, k := range keys {
		if _, ok := c.pinned[k]; !ok {
			c.pinned[k] = nil
		}
	}
}

// add keeps p, evicting the least recently used pages beyond the bound.
func (c *Cache) add(key string, p *page) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept, ok := c.pinned[key]; ok {
		if kept == nil {
			c.pinned[key] = p
		}
		return
	}
	if p.size > c.maxBytes/4 {
		return
	}
	if c.lru.Contains(key) {
		return // a concurrent miss stored it first
	}
	c.lru.Add(key, p)
	c.bytes += p.size
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

// grow counts n more bytes of page p, made after it was stored, evicting
// the least recently used pages beyond the bound (p among them, if it is
// the oldest). A page no longer stored, or never, counts them only in
// its own size; a pinned page is outside the bound.
func (c *Cache) grow(p *page, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p.size += n
	if kept, ok := c.lru.Peek(p.key); !ok || kept != p {
		return
	}
	c.bytes += n
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

// Middleware serves the pages the cache holds and stores the public ones
// next answers; see the package comment.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		key, ok := Key(r.URL)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if p, ok := c.get(key); ok {
			p.serve(w, r, c)
			return
		}
		// A HEAD is answered as its GET, whose page is then kept.
		get := r
		if r.Method == http.MethodHead {
			get = r.WithContext(r.Context())
			get.Method = http.MethodGet
		}
		v, _, shared := c.flight.Do(key, func() (any, error) {
			if p, ok := c.get(key); ok {
				return p, nil // kept since this request looked
			}
			rec := &recorder{header: http.Header{}}
			next.ServeHTTP(rec, get)
			if rec.status != http.StatusOK || !strings.HasPrefix(rec.header.Get("Cache-Control"), "public") {
				return rec, nil
			}
			p := newPage(key, rec.header, rec.body.Bytes())
			c.add(key, p)
			return p, nil
		})
		switch x := v.(type) {
		case *page:
			x.serve(w, r, c)
		case *recorder:
			if shared {
				// An answer not kept was made for another request (whose
				// client may have left midway): this one is asked afresh.
				next.ServeHTTP(w, r)
				return
			}
			x.replay(w, r)
		}
	})
}

// recorder holds a response until the middleware knows whether to keep it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(b)
}

// replay writes the recorded response to w, as an answer to r.
func (rec *recorder) replay(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range rec.header {
		h[k] = v
	}
	if rec.status == 0 {
		return // the handler wrote nothing (its reader had left): nor does this
	}
	w.WriteHeader(rec.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(rec.body.Bytes())
	}
}

// page is a stored response: the handler's header fields and the body in
// each encoding, with the header values made once, so that serving a page
// allocates none. The compressed bodies are made when first asked for:
// a page read by one browser needs one of them, a client that accepts
// neither (a script, a harvester) none, and compressing a 40 KB page both
// ways took 1.4 ms, about ten times what making a search page costs at
// five documents.
type page struct {
	fields []field
	reps   [3]representation // identity, gzip, br
	// made guards the making of reps[repGzip] and reps[repBrotli].
	made [3]sync.Once
	// size is what the page holds (its key, its bodies made so far and
	// entryOverhead); written under the cache's lock once the page is
	// stored.
	size int64
	key  string
}

// field is one header field the handler set.
type field struct {
	key    string
	values []string
}

// representation is one encoding of a page, with its header values.
type representation struct {
	body     []byte
	encoding []string // nil for identity
	etag     []string
	length   []string
}

// Indexes of page.reps.
const (
	repIdentity = iota
	repGzip
	repBrotli
)

// minCompress is the size below which compression saves too little to be
// worth a header.
const minCompress = 1024

var varyAcceptEncoding = []string{"Accept-Encoding"}

// newPage keeps body with the handler's header fields and an ETag for
// each encoding; the compressed bodies are made by body when first asked
// for.
func newPage(key string, h http.Header, body []byte) *page {
	p := &page{size: int64(len(key) + len(body) + entryOverhead), key: key}
	for k, v := range h {
		switch k {
		case "Content-Length", "Content-Encoding", "Etag", "Vary":
			continue // the page's own, per encoding
		}
		p.fields = append(p.fields, field{k, v})
	}
	sum := sha256.Sum256(body)
	etag := hex.EncodeToString(sum[:16])
	p.reps[repIdentity] = representation{body: body, etag: []string{`"` + etag + `"`}, length: []string{strconv.Itoa(len(body))}}
	for i := range p.reps {
		p.reps[i].etag = p.reps[repIdentity].etag
	}
	// Each encoding is its own representation, with its own strong ETag.
	if len(body) >= minCompress {
		p.reps[repGzip].etag = []string{`"` + etag + `-gz"`}
		p.reps[repBrotli].etag = []string{`"` + etag + `-br"`}
	}
	return p
}

// body returns representation i of the page, compressing the page for it
// the first time it is asked for, and counting its bytes in c (nil: the
// page is not stored).
func (p *page) body(i int, c *Cache) *representation {
	identity := &p.reps[repIdentity]
	if i == repIdentity || len(identity.body) < minCompress {
		return identity
	}
	p.made[i].Do(func() {
		var b []byte
		enc := "gzip"
		if i == repBrotli {
			b, enc = brotliBytes(identity.body), "br"
		} else {
			b = gzipBytes(identity.body)
		}
		r := &p.reps[i]
		r.body, r.encoding, r.length = b, []string{enc}, []string{strconv.Itoa(len(b))}
		if c != nil {
			c.grow(p, int64(len(b)))
		}
	})
	return &p.reps[i]
}

// serve writes the page in the encoding the request accepts, or 304 Not
// Modified when the request holds its ETag.
func (p *page) serve(w http.ResponseWriter, r *http.Request, c *Cache) {
	want := repIdentity
	switch Negotiate(r) {
	case "br":
		want = repBrotli
	case "gzip":
		want = repGzip
	}
	// The ETag is known before the body is made: a revalidation is
	// answered without compressing.
	rep := &p.reps[want]
	// The header values are shared by every response of this page: net/http
	// only reads them.
	h := w.Header()
	for _, f := range p.fields {
		h[f.key] = f.values
	}
	if vary, ok := h["Vary"]; ok {
		h["Vary"] = append(vary[:len(vary):len(vary)], varyAcceptEncoding...)
	} else {
		h["Vary"] = varyAcceptEncoding
	}
	h["Etag"] = rep.etag
	if match := r.Header["If-None-Match"]; len(match) > 0 && MatchesETag(match, rep.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	rep = p.body(want, c)
	if rep.encoding != nil {
		h["Content-Encoding"] = rep.encoding
	}
	h["Content-Length"] = rep.length
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(rep.body)
}

// Negotiate returns the best encoding the client accepts: "br", "gzip" or
// "" (none). The client's preference (q) decides; on a tie, brotli, which
// is smaller.
func Negotiate(r *http.Request) string {
	br, gz := quality(r, "br"), quality(r, "gzip")
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// Accepts reports whether the request's Accept-Encoding accepts the
// content coding: named, in any case, or as *, with a q above 0.
func Accepts(r *http.Request, coding string) bool { return quality(r, coding) > 0 }

// quality returns the q the request's Accept-Encoding (every field of
// it) gives the content coding, by name or else by *; 0 when it is
// absent or refused (q=0), and 0 for a q that cannot be read.
func quality(r *http.Request, coding string) float64 {
	named, star := -1.0, -1.0
	for _, field := range r.Header["Accept-Encoding"] {
		for rest := field; rest != ""; {
			var part string
			part, rest, _ = strings.Cut(rest, ",")
			name, params, _ := strings.Cut(part, ";")
			name = strings.TrimSpace(name)
			q := 1.0
			for params != "" {
				var p string
				p, params, _ = strings.Cut(params, ";")
				k, v, _ := strings.Cut(p, "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
					if err != nil || f < 0 || f > 1 {
						f = 0
					}
					q = f
				}
			}
			switch {
			case strings.EqualFold(name, coding):
				named = q
			case name == "*":
				star = q
			}
		}
	}
	switch {
	case named >= 0:
		return named
	case star >= 0:
		return star
	}
	return 0
}

// MatchesETag reports whether the If-None-Match field values (as
// received: one or more fields, each a comma-separated list) match etag,
// by RFC 9110's weak comparison: "*" matches any current representation,
// and W/"x" matches "x" and W/"x". A value that cannot be read matches
// nothing.
func MatchesETag(fields []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, f := range fields {
		rest := strings.TrimSpace(f)
		if rest == "*" {
			return true
		}
		for rest != "" {
			rest = strings.TrimLeft(rest, " \t,")
			if rest == "" {
				break
			}
			tag := strings.TrimPrefix(rest, "W/")
			if !strings.HasPrefix(tag, `"`) {
				return false
			}
			end := strings.IndexByte(tag[1:], '"')
			if end < 0 {
				return false
			}
			if tag[:end+2] == want {
				return true
			}
			rest = tag[end+2:]
		}
	}
	return false
}

// Compression levels: a page is compressed on its first request, so the
// cost of a miss is the level's. On a 52 KB page, brotli 9 took 36 ms for
// 0.25% fewer bytes than level 6 (6.5 ms); gzip 9 took 2.5 ms against
// 1.1 ms for the default level, for 0.05%.
const (
	gzipLevel   = gzip.DefaultCompression
	brotliLevel = 6
)

// The compressors are kept for the next page: a brotli writer at level 6
// allocates its match finder's tables, about 2.6 MB, and a gzip writer
// its own 0.8 MB, so that every page made anew allocated 3.4 MB, most of
// what a search page allocated at 100,000 documents, and the collector
// ran every few seconds under load to reclaim it. Both writers' Reset
// keeps those tables for the next stream; a pool holds no more writers
// than pages are compressed at once, and lets the collector take them
// when idle.
var (
	gzipWriters   = sync.Pool{New: func() any { zw, _ := gzip.NewWriterLevel(nil, gzipLevel); return zw }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliLevel) }}
)

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	zw.Reset(nil) // holds no page's bytes while pooled
	gzipWriters.Put(zw)
	return buf.Bytes()
}

func brotliBytes(b []byte) []byte {
	var buf bytes.Buffer
	bw := brotliWriters.Get().(*brotli.Writer)
	bw.Reset(&buf)
	_, _ = bw.Write(b)
	_ = bw.Close()
	bw.Reset(nil)
	brotliWriters.Put(bw)
	return buf.Bytes()
}
