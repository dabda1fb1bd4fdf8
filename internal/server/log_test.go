package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRequestLog checks the line each request leaves in the program's log:
// every field, with the ID the response carries, for a page, a HEAD, a
// conditional request, an error and a panic.
func TestRequestLog(t *testing.T) {
	var out bytes.Buffer
	h := newTestServerWithLog(t, slog.New(slog.NewJSONHandler(&out, nil)))

	page := get(t, h, http.MethodGet, reply)
	etag := page.Header().Get("ETag")
	head := get(t, h, http.MethodHead, reply)
	cond := get(t, h, http.MethodGet, reply, "If-None-Match", etag)
	missing := get(t, h, http.MethodGet, "/no-such-page")
	post := get(t, h, http.MethodPost, reply)

	type line struct {
		Time     time.Time
		Level    string
		Msg      string
		ID       string
		Method   string
		Path     string
		Status   int
		Bytes    int
		Duration *time.Duration
	}
	byID := map[string]line{}
	for _, text := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var l line
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("log line %s: %v", text, err)
		}
		if l.Msg == "request" {
			byID[l.ID] = l
		}
	}
	for _, tc := range []struct {
		rec    *httptest.ResponseRecorder
		method string
		path   string
		status int
	}{
		{page, http.MethodGet, reply, http.StatusOK},
		{head, http.MethodHead, reply, http.StatusOK},
		{cond, http.MethodGet, reply, http.StatusNotModified},
		{missing, http.MethodGet, "/no-such-page", http.StatusNotFound},
		{post, http.MethodPost, reply, http.StatusMethodNotAllowed},
	} {
		id := tc.rec.Header().Get("X-Request-Id")
		l, ok := byID[id]
		switch {
		case id == "":
			t.Errorf("%s %s: no X-Request-Id", tc.method, tc.path)
		case !ok:
			t.Errorf("%s %s: no log line with ID %q in\n%s", tc.method, tc.path, id, out.String())
		case l.Time.IsZero() || l.Level != "INFO" || l.Method != tc.method || l.Path != tc.path || l.Status != tc.status || l.Duration == nil || *l.Duration <= 0:
			t.Errorf("%s %s: log line %+v", tc.method, tc.path, l)
		case l.Bytes != tc.rec.Body.Len():
			t.Errorf("%s %s: log says %d bytes, response has %d", tc.method, tc.path, l.Bytes, tc.rec.Body.Len())
		}
	}
	if len(byID) != 5 {
		t.Errorf("%d request lines for 5 requests:\n%s", len(byID), out.String())
	}
}

// discardWriter is the least a ResponseWriter does, as net/http's does: a
// fresh header map per response, the status, the body counted and dropped.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(b)
	return len(b), nil
}

// BenchmarkServeStack measures what the stack adds to a bare handler, with
// a ResponseWriter that costs next to nothing (httptest's recorder copies
// the header map and the body, which weighs on BenchmarkServe's figures):
// the document page with the program's JSON log against a bare handler setting
// the same header fields.
func BenchmarkServeStack(b *testing.B) {
	h := newTestServerWithLog(b, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	page := get(b, h, http.MethodGet, reply)
	fields := page.Header().Clone()
	body := page.Body.Bytes()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range fields {
			h[k] = v
		}
		_, _ = w.Write(body)
	})
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"document", h}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest(http.MethodGet, reply, nil)
				for pb.Next() {
					tc.h.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
				}
			})
		})
	}
}

// Request IDs are random, so that they tell a reader nothing of how busy
// the site is: sixteen hexadecimal digits, no two alike, in no order.
func TestRequestIDsAreRandom(t *testing.T) {
	h := newTestServer(t)
	seen := map[string]bool{}
	var ids []string
	for range 50 {
		id := get(t, h, http.MethodGet, "/healthz").Header().Get("X-Request-Id")
		if len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" || seen[id] {
			t.Fatalf("request ID %q (seen before: %v)", id, seen[id])
		}
		seen[id] = true
		ids = append(ids, id)
	}
	if slices.IsSorted(ids) {
		t.Error("the IDs come in order")
	}
}

// A reader who leaves before the answer is made is not the site's error:
// no error page, no error line, the request's line says 499, and the
// connection is closed without an answer (net/http's abort), never an
// empty 200.
func TestClientWhoLeftIsNotAnError(t *testing.T) {
	var out bytes.Buffer
	h := newTestServerWithLog(t, slog.New(slog.NewJSONHandler(&out, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/search?q=Tabriz", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("the handler ended with %v, want net/http's abort", v)
			}
		}()
		h.ServeHTTP(rec, req)
	}()
	if rec.Body.Len() != 0 {
		t.Errorf("an answer was written for a reader who had left: %d %q", rec.Code, rec.Body.String()[:min(80, rec.Body.Len())])
	}
	log := out.String()
	if strings.Contains(log, `"level":"ERROR"`) || !strings.Contains(log, `"status":499`) {
		t.Errorf("log:\n%s", log)
	}
}

// A client that half-closes its connection after its request (which
// net/http takes as leaving) gets no empty 200 for a page not yet made:
// the connection closes, and the log says 499, not an error.
func TestHalfClosedClientGetsNoEmptyPage(t *testing.T) {
	var out syncBuffer
	srv := httptest.NewServer(newTestServerWithLog(t, slog.New(slog.NewJSONHandler(&out, nil))))
	defer srv.Close()
	for _, path := range []string{"/search?q=Qavam", "/timeline?person=qavam", "/search?q=Tabriz&lang=ru"} {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path)
		_ = c.(*net.TCPConn).CloseWrite()
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		got, _ := io.ReadAll(c)
		c.Close()
		// Either the whole page (made before the close was seen) or nothing.
		if len(got) > 0 {
			resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(got)), nil)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "</html>") {
				t.Errorf("%s: a half-closed client got %d and %d bytes", path, resp.StatusCode, len(body))
			}
		}
	}
	srv.Close()
	if log := out.String(); strings.Contains(log, `"level":"ERROR"`) || strings.Contains(log, `"status":500`) {
		t.Errorf("log:\n%s", log)
	}
}

// syncBuffer is a log output that a server's goroutines may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
