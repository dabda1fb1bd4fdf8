package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// security is a strict policy: no script at all, styles from the site
// only, no framing. The values are built once and shared by every response
// (net/http never changes them), which spares a few allocations a request;
// a list, not a map, because ranging over a map costs more.
var security = [...]struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", []string{"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}},
	{"X-Frame-Options", []string{"DENY"}},
}

// isSecurityHeader reports whether key is one of the security policy's.
func isSecurityHeader(key string) bool {
	for i := range security {
		if security[i].key == key {
			return true
		}
	}
	return false
}

// securityHeaders sets the security policy on every response.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for i := range security { // by index: a range by value would copy the array onto the stack
			h[security[i].key] = security[i].value
		}
		next.ServeHTTP(w, r)
	})
}

// onlyGetAndHead refuses every other method on every path, known or not:
// the reading room is read-only.
func (s *Server) onlyGetAndHead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.serveError(w, r, errMethod)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requestIDs numbers requests; the prefix tells this process's numbers
// from another's in merged logs.
var (
	requestIDs      atomic.Uint64
	requestIDPrefix = strconv.FormatInt(time.Now().UnixNano()%1e9, 36) + "-"
)

// exchange is what observe keeps of one request: the response writer that
// remembers the status and size of the response for the log line, and the
// request ID's header value. They are one allocation, not three.
type exchange struct {
	http.ResponseWriter
	status int
	bytes  int
	id     [1]string // the X-Request-Id header's value
}

func (w *exchange) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *exchange) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *exchange) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives every request an ID (in the X-Request-Id header and the
// log), writes one structured log line per request, and turns a panic into
// the 500 page and a log line with the stack. One wrapper does all three
// because the page served from the cache is so cheap that each layer shows
// in the throughput. With the program's own log (NewLogHandler) the line
// is appended by hand, three times faster than through slog's attributes;
// with any other slog handler (tests) it goes through slog.
func (s *Server) observe(next http.Handler) http.Handler {
	fast, _ := s.log.Handler().(*LogHandler)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var idBuf [32]byte
		ex := &exchange{ResponseWriter: w}
		ex.id[0] = string(strconv.AppendUint(append(idBuf[:0], requestIDPrefix...), requestIDs.Add(1), 10))
		id := ex.id[0]
		w.Header()["X-Request-Id"] = ex.id[:]
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", slog.String("id", id), slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
				s.serveError(ex, r, fmt.Errorf("panic: %v", v))
			}
			if ex.status == 0 {
				ex.status = http.StatusOK // net/http's answer to a handler that writes nothing (HEAD)
			}
			if fast != nil {
				fast.logRequest(r.Context(), start, id, r.Method, r.URL.Path, ex.status, ex.bytes)
				return
			}
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("id", id),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", ex.status),
				slog.Int("bytes", ex.bytes),
				slog.Duration("duration", time.Since(start)),
			)
		}()
		next.ServeHTTP(ex, r)
	})
}

// handleReady answers GET /readyz: the library is built and every page
// can be served. (Before that, main answers 503 for it.)
func handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ready\n"))
}

// handleHealth answers GET /healthz: the process is up and serving.
func handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// handleStatic serves GET /static/{name}.{hash}.{ext}: the site's assets.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	if !s.assets.Serve(w, r) {
		return errNotFound("There is no file at this address. Stylesheets change address when they change; reload the page.")
	}
	return nil
}

// LogHandler is the program's log: slog's JSON lines, one a record, written
// to the output through a buffer. The buffer goes out logFlushDelay after
// its first line, as soon as it holds logBufferSize bytes, and on Flush and
// Close; a writer blocked on the output holds back the lines after it, as
// an unbuffered log would. Writing each request's line with its own system
// call cost a cached page about 3% of its throughput, to /dev/null; more to
// a pipe.
type LogHandler struct {
	slog.Handler // slog's JSON handler writing into out
	out          *logBuffer
}

// Tuning of the log's buffer: a line is written out at most
// logFlushDelay after it was logged, and under load once per
// logBufferSize bytes (about 250 request lines).
const (
	logFlushDelay = 100 * time.Millisecond
	logBufferSize = 64 << 10
)

// NewLogHandler returns a log handler writing JSON lines to w. Close it
// before the program ends, or the last lines are lost.
func NewLogHandler(w io.Writer) *LogHandler {
	out := &logBuffer{out: w, buf: make([]byte, 0, logBufferSize+4096)}
	out.timer = time.AfterFunc(time.Hour, func() { _ = out.Flush() })
	out.timer.Stop()
	return &LogHandler{Handler: slog.NewJSONHandler(out, nil), out: out}
}

// Flush writes out the lines logged so far.
func (h *LogHandler) Flush() error { return h.out.Flush() }

// Close writes out the lines logged so far; later lines are written
// straight to the output, unbuffered.
func (h *LogHandler) Close() error { return h.out.Close() }

// logRequest writes a request's log line: what slog's JSON handler would
// write for LogAttrs(ctx, LevelInfo, "request", id, method, path, status,
// bytes, duration), without the cost of slog's attributes.
func (h *LogHandler) logRequest(ctx context.Context, start time.Time, id, method, path string, status, bytes int) {
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	now := time.Now()
	var line [512]byte
	_, _ = h.out.Write(appendRequestLine(line[:0], now, id, method, path, status, bytes, now.Sub(start)))
}

// appendRequestLine appends a request's log line to b, exactly as slog's
// JSON handler formats it (TestRequestLineIsSlogs compares the two).
func appendRequestLine(b []byte, t time.Time, id, method, path string, status, bytes int, d time.Duration) []byte {
	b = append(b, `{"time":"`...)
	b = t.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"INFO","msg":"request","id":`...)
	b = appendJSONString(b, id)
	b = append(b, `,"method":`...)
	b = appendJSONString(b, method)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(bytes), 10)
	b = append(b, `,"duration":`...)
	b = strconv.AppendInt(b, int64(d), 10)
	return append(b, "}\n"...)
}

// appendJSONString appends s as a JSON string, escaped as slog escapes it:
// quotes, backslashes and control characters escaped, invalid UTF-8 as
// U+FFFD, U+2028 and U+2029 escaped. (A request's path is decoded from the
// URL and may hold any byte.)
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonSafe tells the ASCII bytes that go into a JSON string as they are.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := range safe {
		safe[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return safe
}()

// logBuffer is the log's buffer. Lines are appended under mu; flushing
// takes the whole buffer under mu, hands the writers a spare one, and
// writes outside mu, so that logging never waits for the output unless the
// buffer is full. flushing keeps the writes in order.
type logBuffer struct {
	mu     sync.Mutex
	buf    []byte
	closed bool
	timer  *time.Timer // armed by the first line of an empty buffer

	flushing sync.Mutex
	spare    []byte
	out      io.Writer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	if len(l.buf) == 0 && !l.closed {
		l.timer.Reset(logFlushDelay)
	}
	l.buf = append(l.buf, p...)
	full := l.closed || len(l.buf) >= logBufferSize
	l.mu.Unlock()
	if full {
		return len(p), l.Flush()
	}
	return len(p), nil
}

// Flush writes out the buffer.
func (l *logBuffer) Flush() error { return l.flush(false) }

// Close writes out the buffer and turns buffering off.
func (l *logBuffer) Close() error { return l.flush(true) }

func (l *logBuffer) flush(closing bool) error {
	l.flushing.Lock()
	defer l.flushing.Unlock()
	l.mu.Lock()
	data := l.buf
	l.buf = l.spare[:0]
	if closing {
		l.closed = true
		l.timer.Stop()
	}
	l.mu.Unlock()
	l.spare = data[:0]
	if len(data) == 0 {
		return nil
	}
	_, err := l.out.Write(data)
	return err
}
