package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readingroom/readingroom/static"
)

// lockedBuffer is a bytes.Buffer safe for the log's flushing goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRequestLineIsSlogs checks that the hand-appended request line is the
// line slog's JSON handler writes for the same record, byte for byte, with
// paths that need escaping.
func TestRequestLineIsSlogs(t *testing.T) {
	at := time.Date(1946, 12, 2, 10, 30, 0, 123456789, time.FixedZone("Baku", 3*3600))
	for _, path := range []string{
		"/documents/1946-12-02-message-from-bagirov-to-stalin",
		"/",
		"",
		`/a"quoted"\back\slash`,
		"/ctl\x00\x01\x1f\x7f\t\n\r/",
		"/пишевари/Тавриз",
		"/bad\xff\xfeutf8\xc3",
		"/sep\u2028\u2029/",
		"/<script>&amp;</script>",
		"/emoji\U0001F600",
	} {
		var want bytes.Buffer
		h := slog.NewJSONHandler(&want, nil)
		rec := slog.NewRecord(at, slog.LevelInfo, "request", 0)
		rec.AddAttrs(
			slog.String("id", "abc-42"),
			slog.String("method", "GET"),
			slog.String("path", path),
			slog.Int("status", 304),
			slog.Int("bytes", 12345),
			slog.Duration("duration", 1500*time.Microsecond),
		)
		if err := h.Handle(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
		got := appendRequestLine(nil, at, "abc-42", "GET", path, 304, 12345, 1500*time.Microsecond)
		if string(got) != want.String() {
			t.Errorf("path %q:\n got %s\nwant %s", path, got, want.String())
		}
	}
}

// TestRequestLog checks the line each request leaves in the program's log:
// every field, with the ID the response carries, for a page, a HEAD, a
// conditional request, an error and a panic.
func TestRequestLog(t *testing.T) {
	var out lockedBuffer
	logs := NewLogHandler(&out)
	defer logs.Close()
	h := newTestServerWithLog(t, slog.New(logs))

	page := get(t, h, http.MethodGet, reply)
	etag := page.Header().Get("ETag")
	head := get(t, h, http.MethodHead, reply)
	cond := get(t, h, http.MethodGet, reply, "If-None-Match", etag)
	missing := get(t, h, http.MethodGet, "/no-such-page")
	post := get(t, h, http.MethodPost, reply)
	if err := logs.Flush(); err != nil {
		t.Fatal(err)
	}

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

// TestPanicWithProgramLog checks the recoverer with the program's log: the
// reader gets the 500 page, the log the stack and the request's line.
func TestPanicWithProgramLog(t *testing.T) {
	var out lockedBuffer
	logs := NewLogHandler(&out)
	s := &Server{cfg: Config{BaseURL: base}, log: slog.New(logs), assets: static.New()}
	h := s.observe(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/anything", nil))
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	id := rec.Header().Get("X-Request-Id")
	logged := out.String()
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "Something went wrong") {
		t.Errorf("status %d, body %.200q", rec.Code, rec.Body.String())
	}
	for _, want := range []string{`"panic":"boom"`, `"stack":`, `"msg":"request","id":"` + id + `","method":"GET","path":"/anything","status":500,"bytes":` + strconv.Itoa(rec.Body.Len())} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %s:\n%s", want, logged)
		}
	}
}

// TestLogBuffer checks when the log's buffer is written out: not at each
// line, but within logFlushDelay, when full, on Flush and on Close; after
// Close lines go straight out; and the order of lines is kept.
func TestLogBuffer(t *testing.T) {
	var out lockedBuffer
	logs := NewLogHandler(&out)
	log := slog.New(logs)

	log.Info("first")
	if got := out.String(); got != "" {
		t.Errorf("a line went out at once: %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), `"msg":"first"`) {
		if time.Now().After(deadline) {
			t.Fatal("the buffer was not written out after logFlushDelay")
		}
		time.Sleep(10 * time.Millisecond)
	}

	// A full buffer goes out at once, whatever the delay.
	long := strings.Repeat("x", 1000)
	n := 0
	for len(out.String()) < logBufferSize {
		log.Info("filler", slog.String("text", long))
		n++
		if n > 2*logBufferSize/1000 {
			t.Fatal("a full buffer was not written out")
		}
	}

	// Concurrent lines, then Close: every line is there, whole.
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				log.Info("line", slog.Int("g", g), slog.Int("i", i))
			}
		}()
	}
	wg.Wait()
	log.Info("last before close")
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	log.Info("after close")
	text := out.String()
	if !strings.HasSuffix(text, "\"msg\":\"after close\"}\n") || !strings.Contains(text, `"msg":"last before close"`) {
		t.Errorf("Close lost lines or later lines were not written:\n...%s", text[max(0, len(text)-300):])
	}
	seen := map[[2]int]bool{}
	last := [4]int{-1, -1, -1, -1}
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		var v struct {
			Msg  string
			G, I int
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("broken line %q: %v", l, err)
		}
		if v.Msg == "line" {
			if v.I <= last[v.G] {
				t.Errorf("goroutine %d: line %d after %d", v.G, v.I, last[v.G])
			}
			last[v.G] = v.I
			seen[[2]int{v.G, v.I}] = true
		}
	}
	if len(seen) != 4*500 {
		t.Errorf("%d of %d lines", len(seen), 4*500)
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
// the document page with the program's log against a bare handler setting
// the same header fields.
func BenchmarkServeStack(b *testing.B) {
	logs := NewLogHandler(io.Discard)
	defer logs.Close()
	h := newTestServerWithLog(b, slog.New(logs))
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
