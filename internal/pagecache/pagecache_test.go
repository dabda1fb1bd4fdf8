package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// site is a handler with a few kinds of answer, counting the calls to each
// path.
type site struct{ calls map[string]int }

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.calls[r.URL.Path]++
	h := w.Header()
	switch r.URL.Path {
	case "/error":
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "no such page")
		return
	case "/moved":
		h.Set("Cache-Control", "public, max-age=300")
		http.Redirect(w, r, "/", http.StatusMovedPermanently)
		return
	case "/fresh":
		h.Set("Cache-Control", "no-cache")
	case "/cors":
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cache-Control", "public, max-age=300")
	default:
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	if r.Method == http.MethodHead {
		return
	}
	// Long enough to be compressed, and different for every URL.
	_, _ = io.WriteString(w, strings.Repeat("page "+r.URL.String()+"\n", 200))
}

func serve(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// A public page asks the handler once and keeps its header fields; an
// error, a redirect or a page marked otherwise asks it every time, and
// reaches the client as the handler wrote it.
func TestKeepsOnlyPublicPages(t *testing.T) {
	s := &site{calls: map[string]int{}}
	h := New(1 << 20).Middleware(s)
	for _, path := range []string{"/plain", "/cors", "/fresh", "/error", "/moved"} {
		var bodies []string
		for range 3 {
			rec := serve(h, http.MethodGet, path)
			bodies = append(bodies, rec.Body.String())
			switch path {
			case "/cors":
				if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("%s lost its CORS header", path)
				}
			case "/error":
				if rec.Code != http.StatusNotFound || rec.Body.String() != "no such page" || rec.Header().Get("ETag") != "" {
					t.Errorf("%s: %d %q, ETag %q", path, rec.Code, rec.Body.String(), rec.Header().Get("ETag"))
				}
			case "/moved":
				if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/" {
					t.Errorf("%s: %d to %q", path, rec.Code, rec.Header().Get("Location"))
				}
			}
		}
		if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
			t.Errorf("%s: the body changed between requests", path)
		}
	}
	want := map[string]int{"/plain": 1, "/cors": 1, "/fresh": 3, "/error": 3, "/moved": 3}
	for path, n := range want {
		if s.calls[path] != n {
			t.Errorf("%s: the handler ran %d times for 3 requests, want %d", path, s.calls[path], n)
		}
	}
}

// The key is the canonical URL: the order of parameters does not matter,
// the order of one parameter's values does, and a query that cannot be
// read or a URL too long is never kept.
func TestKeyIsCanonical(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"/p?b=2&a=1", "/p?a=1&b=2", true},
		{"/p?a=%41", "/p?a=A", true},
		{"/p?a=x+y", "/p?a=x%20y", true},
		{"/p?", "/p", true},
		{"/p?a=1&a=2", "/p?a=2&a=1", false},
		{"/p?a=1", "/p", false},
		{"/p/a%2Fb", "/p/a/b", false},
		{"/p?a=1", "/q?a=1", false},
	} {
		ka, oka := Key(mustURL(t, tc.a))
		kb, okb := Key(mustURL(t, tc.b))
		if !oka || !okb || (ka == kb) != tc.same {
			t.Errorf("Key(%s) = %q, Key(%s) = %q; same = %v, want %v", tc.a, ka, tc.b, kb, ka == kb, tc.same)
		}
	}
	for _, bad := range []string{"/p?a=%zz", "/p?x=" + strings.Repeat("y", MaxKey), "/" + strings.Repeat("z", MaxKey)} {
		if k, ok := Key(mustURL(t, bad)); ok {
			t.Errorf("Key(%.40s…) = %.40q…, want it refused", bad, k)
		}
	}

	s := &site{calls: map[string]int{}}
	h := New(1 << 20).Middleware(s)
	serve(h, http.MethodGet, "/p?b=2&a=1")
	serve(h, http.MethodGet, "/p?a=1&b=2")
	long := "/p?x=" + strings.Repeat("y", MaxKey)
	serve(h, http.MethodGet, long)
	serve(h, http.MethodGet, long)
	serve(h, http.MethodGet, "/p?a=%zz")
	serve(h, http.MethodGet, "/p?a=%zz")
	if s.calls["/p"] != 1+2+2 {
		t.Errorf("the handler ran %d times, want 5", s.calls["/p"])
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Each encoding the client accepts is the same page, with its own ETag;
// a request that holds it gets 304; a HEAD gets the GET's header fields.
func TestEncodingsAndConditionalRequests(t *testing.T) {
	s := &site{calls: map[string]int{}}
	h := New(1 << 20).Middleware(s)
	head := serve(h, http.MethodHead, "/doc")
	plain := serve(h, http.MethodGet, "/doc")
	if s.calls["/doc"] != 1 {
		t.Errorf("HEAD then GET ran the handler %d times, want 1", s.calls["/doc"])
	}
	if head.Body.Len() != 0 || head.Header().Get("Content-Length") != plain.Header().Get("Content-Length") || head.Header().Get("ETag") != plain.Header().Get("ETag") {
		t.Errorf("HEAD: %d bytes, length %q, ETag %q; GET: length %q, ETag %q", head.Body.Len(), head.Header().Get("Content-Length"), head.Header().Get("ETag"), plain.Header().Get("Content-Length"), plain.Header().Get("ETag"))
	}
	etags := map[string]bool{}
	for _, tc := range []struct {
		accept, encoding string
		decode           func(io.Reader) (io.Reader, error)
	}{
		{"", "", nil},
		{"gzip", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"gzip, deflate, br", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		{"br;q=0, gzip;q=0.5", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"gzip;q=0", "", nil},
		{"BR", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		{"gzip;q=0, br", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		{"identity", "", nil},
	} {
		rec := serve(h, http.MethodGet, "/doc", "Accept-Encoding", tc.accept)
		if got := rec.Header().Get("Content-Encoding"); got != tc.encoding {
			t.Errorf("Accept-Encoding %q: encoding %q, want %q", tc.accept, got, tc.encoding)
			continue
		}
		if rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.accept, rec.Header().Get("Vary"))
		}
		var body io.Reader = rec.Body
		if tc.decode != nil {
			var err error
			if body, err = tc.decode(rec.Body); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := io.ReadAll(body)
		if !bytes.Equal(b, plain.Body.Bytes()) {
			t.Errorf("Accept-Encoding %q: the page differs once decoded", tc.accept)
		}
		etag := rec.Header().Get("ETag")
		etags[etag] = true
		cond := serve(h, http.MethodGet, "/doc", "Accept-Encoding", tc.accept, "If-None-Match", etag)
		if cond.Code != http.StatusNotModified || cond.Body.Len() != 0 {
			t.Errorf("Accept-Encoding %q with its ETag: %d, %d bytes", tc.accept, cond.Code, cond.Body.Len())
		}
	}
	if len(etags) != 3 {
		t.Errorf("%d ETags for three encodings: %v", len(etags), etags)
	}
	if s.calls["/doc"] != 1 {
		t.Errorf("the handler ran %d times, want 1", s.calls["/doc"])
	}
}

// The cache holds at most its bound in bytes, however many URLs are asked
// for, and evicts the page used least recently; a page larger than a
// quarter of the bound is served but not kept.
func TestBoundedInBytes(t *testing.T) {
	s := &site{calls: map[string]int{}}
	const bound = 64 << 10
	c := New(bound)
	h := c.Middleware(s)
	serve(h, http.MethodGet, "/first")
	for i := range 200 {
		serve(h, http.MethodGet, fmt.Sprintf("/p%d", i))
		serve(h, http.MethodGet, "/first") // kept in use
		if _, n := c.Len(); n > bound {
			t.Fatalf("after %d pages the cache holds %d bytes, over its bound of %d", i+2, n, bound)
		}
	}
	pages, n := c.Len()
	if pages < 10 || n < bound/2 {
		t.Errorf("the cache holds %d pages, %d bytes: it should fill its bound", pages, n)
	}
	if s.calls["/first"] != 1 {
		t.Errorf("the page in use was evicted: the handler ran %d times", s.calls["/first"])
	}
	serve(h, http.MethodGet, "/p0")
	if s.calls["/p0"] != 2 {
		t.Errorf("the oldest page was not evicted")
	}

	big := &site{calls: map[string]int{}}
	hb := New(4 << 10).Middleware(big) // the page is 34 KB
	for range 2 {
		if rec := serve(hb, http.MethodGet, "/"+strings.Repeat("long", 40)); rec.Code != http.StatusOK || rec.Body.Len() < 4<<10 {
			t.Fatalf("a large page: %d, %d bytes", rec.Code, rec.Body.Len())
		}
	}
	if big.calls["/"+strings.Repeat("long", 40)] != 2 {
		t.Errorf("a page larger than a quarter of the bound was kept")
	}
}

// slowSite makes its pages slowly, counting the calls, so that requests
// arriving together find the first one still at work.
type slowSite struct {
	calls   atomic.Int32
	release chan struct{}
	status  int
}

func (s *slowSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	<-s.release
	w.Header().Set("Cache-Control", "public, max-age=300")
	if s.status != 0 {
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(s.status)
	}
	_, _ = io.WriteString(w, strings.Repeat("slow page\n", 300))
}

// Twenty requests for a URL not yet kept, arriving while its page is being
// made, share that one call of the handler and all get the page; an
// answer that is not kept (an error) is made again for each of them.
func TestSimultaneousMissesShareOneCall(t *testing.T) {
	for _, tc := range []struct {
		status    int
		wantCalls int32
	}{{0, 1}, {http.StatusServiceUnavailable, 20}} {
		s := &slowSite{release: make(chan struct{}), status: tc.status}
		h := New(1 << 20).Middleware(s)
		var wg sync.WaitGroup
		codes := make([]int, 20)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = serve(h, http.MethodGet, "/busy?b=2&a=1").Code
			}()
		}
		for s.calls.Load() == 0 {
			runtime.Gosched()
		}
		time.Sleep(50 * time.Millisecond) // the others arrive and wait
		close(s.release)
		wg.Wait()
		want := http.StatusOK
		if tc.status != 0 {
			want = tc.status
		}
		for i, c := range codes {
			if c != want {
				t.Errorf("status %d: request %d got %d", tc.status, i, c)
			}
		}
		if got := s.calls.Load(); got != tc.wantCalls && !(tc.status != 0 && got >= 2) {
			t.Errorf("status %d: the handler ran %d times for 20 simultaneous requests, want %d", tc.status, got, tc.wantCalls)
		}
	}
}

// A pinned page, once made, stays whatever floods the bound, and counts
// outside it; an unpinned one in the same traffic is evicted.
func TestPinnedPagesStay(t *testing.T) {
	s := &site{calls: map[string]int{}}
	const bound = 32 << 10
	c := New(bound)
	c.Pin("/", "/people?sort=name")
	h := c.Middleware(s)
	for _, u := range []string{"/", "/people?sort=name", "/other"} {
		serve(h, http.MethodGet, u)
	}
	for i := range 100 {
		serve(h, http.MethodGet, fmt.Sprintf("/flood?n=%d", i))
		if _, n := c.Len(); n > bound {
			t.Fatalf("the cache holds %d bytes, over its bound of %d", n, bound)
		}
	}
	serve(h, http.MethodGet, "/")
	serve(h, http.MethodGet, "/people?sort=name")
	serve(h, http.MethodGet, "/other")
	if s.calls["/"] != 1 || s.calls["/people"] != 1 {
		t.Errorf("a pinned page was made again: / %d times, /people %d", s.calls["/"], s.calls["/people"])
	}
	if s.calls["/other"] != 2 {
		t.Errorf("the unpinned page was never evicted: made %d times", s.calls["/other"])
	}
	if rec := serve(h, http.MethodGet, "/", "If-None-Match", serve(h, http.MethodGet, "/").Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("a pinned page's ETag: %d", rec.Code)
	}
}

// Pages made one after another, and at once, share the compressors: each
// page's gzip and brotli copies still decode to that page and no other,
// whatever its size, and a page made anew allocates about its own bytes,
// not a compressor's tables (3.4 MB a page when each page made its own).
func TestCompressorsAreReused(t *testing.T) {
	body := func(i int) []byte {
		// Sizes from just over minCompress to past brotli's window,
		// each page its own words.
		var b bytes.Buffer
		for j := 0; b.Len() < minCompress+i*i*97; j++ {
			fmt.Fprintf(&b, "page %d line %d Тебриз %x\n", i, j, j*i*2654435761)
		}
		return b.Bytes()
	}
	check := func(i int) {
		want := body(i)
		p := newPage(fmt.Sprint("/p", i), http.Header{}, want)
		for _, dec := range []struct {
			name string
			r    func(io.Reader) (io.Reader, error)
			got  []byte
		}{
			{"gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }, p.body(repGzip, nil).body},
			{"br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }, p.body(repBrotli, nil).body},
		} {
			r, err := dec.r(bytes.NewReader(dec.got))
			if err != nil {
				t.Errorf("page %d, %s: %v", i, dec.name, err)
				continue
			}
			if b, err := io.ReadAll(r); err != nil || !bytes.Equal(b, want) {
				t.Errorf("page %d, %s: %d bytes decoded (%v), want the page's %d", i, dec.name, len(b), err, len(want))
			}
		}
	}
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Go(func() { check(i) })
		if i%3 == 0 {
			wg.Wait()
		}
	}
	wg.Wait()

	page := body(20) // 40 KB, a search page's size
	warm := newPage("/warm", http.Header{}, page)
	warm.body(repGzip, nil)
	warm.body(repBrotli, nil)
	// The fewest bytes of 20 pages: the race detector's pool drops some
	// of what is put back, on purpose.
	least := uint64(math.MaxUint64)
	for i := range 20 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p := newPage(fmt.Sprint("/q", i), http.Header{}, page)
		p.body(repGzip, nil)
		p.body(repBrotli, nil)
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	// The bodies themselves and the buffers they grow in.
	if per := least; per > 4*uint64(len(page))+64<<10 {
		t.Errorf("a %d-byte page allocates %d bytes when made", len(page), per)
	}
}

// A page is compressed only in the encodings clients ask for, once each
// however many ask at once, and the cache counts those bytes when they
// are made: a client that accepts none adds none, the bound holds while
// stored pages grow, and a revalidation compresses nothing.
func TestEncodingsMadeWhenAsked(t *testing.T) {
	s := &site{calls: map[string]int{}}
	c := New(1 << 20)
	h := c.Middleware(s)
	plain := serve(h, http.MethodGet, "/doc")
	_, identity := c.Len()
	if want := int64(len("/doc") + plain.Body.Len() + entryOverhead); identity != want {
		t.Fatalf("a page asked without compression holds %d bytes, want %d (its key, body and overhead)", identity, want)
	}
	// The ETags are known before the bodies: If-None-Match is answered
	// without compressing.
	p, _ := c.get("/doc")
	etagBr := p.reps[repBrotli].etag[0]
	if rec := serve(h, http.MethodGet, "/doc", "Accept-Encoding", "br", "If-None-Match", etagBr); rec.Code != http.StatusNotModified {
		t.Fatalf("revalidation with the brotli ETag: %d", rec.Code)
	}
	if _, n := c.Len(); n != identity {
		t.Errorf("a revalidation made a body: %d bytes held, %d before", n, identity)
	}

	var wg sync.WaitGroup
	bodies := make([][]byte, 16)
	for i := range bodies {
		wg.Go(func() { bodies[i] = serve(h, http.MethodGet, "/doc", "Accept-Encoding", "br").Body.Bytes() })
	}
	wg.Wait()
	for i, b := range bodies {
		if !bytes.Equal(b, bodies[0]) {
			t.Fatalf("request %d of 16 got other brotli bytes", i)
		}
	}
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(bodies[0])))
	if err != nil || !bytes.Equal(got, plain.Body.Bytes()) {
		t.Fatalf("the brotli body decodes to %d bytes (%v), want the page", len(got), err)
	}
	if _, n := c.Len(); n != identity+int64(len(bodies[0])) {
		t.Errorf("after 16 requests for brotli at once the page holds %d bytes, want %d: compressed once, counted once", n, identity+int64(len(bodies[0])))
	}
	if rec := serve(h, http.MethodHead, "/doc", "Accept-Encoding", "gzip"); rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == plain.Header().Get("Content-Length") {
		t.Errorf("HEAD for gzip: %q, %d bytes, length %s", rec.Header().Get("Content-Encoding"), rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	if s.calls["/doc"] != 1 {
		t.Errorf("the handler ran %d times, want 1", s.calls["/doc"])
	}

	// Pages kept uncompressed up to the bound, then each asked for in
	// both encodings: the bound holds as they grow.
	const bound = 64 << 10
	small := New(bound)
	hs := small.Middleware(s)
	for i := range 40 {
		serve(hs, http.MethodGet, fmt.Sprintf("/q%d", i))
	}
	for i := range 40 {
		for _, enc := range []string{"br", "gzip"} {
			serve(hs, http.MethodGet, fmt.Sprintf("/q%d", i), "Accept-Encoding", enc)
			if _, n := small.Len(); n > bound {
				t.Fatalf("the cache holds %d bytes, over its bound of %d, after /q%d in %s", n, bound, i, enc)
			}
		}
	}
	var sum int64
	small.mu.Lock()
	for _, k := range small.lru.Keys() {
		p, _ := small.lru.Peek(k)
		sum += p.size
	}
	held := small.bytes
	small.mu.Unlock()
	if sum != held {
		t.Errorf("the cache counts %d bytes, its pages hold %d", held, sum)
	}
}
