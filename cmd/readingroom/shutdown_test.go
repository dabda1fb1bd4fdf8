package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// logSink collects what serve writes to standard error.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// TestLogsFlushedAtShutdown serves one request and stops at once: the log
// is buffered, so the request's line and the shutdown's must still reach
// standard error before run returns.
func TestLogsFlushedAtShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var logs logSink
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-docs", badCorpus(t)}, noenv, pw, &logs)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url := strings.TrimSpace(line[strings.Index(line, "http://"):])
	const path = "/documents/1946-12-09-memo-via-a-telegraph-message-from-tabriz"
	// Without compression, so that the body read is the body sent.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Get(url + path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id := resp.Header.Get("X-Request-Id")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no shutdown")
	}

	text := logs.String()
	if !strings.Contains(text, `"msg":"shutting down: finishing requests in flight"`) {
		t.Errorf("the last lines were not written out at shutdown:\n%s", text)
	}
	var found bool
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		// The fields of the line are the server's tests' business; here
		// it matters that the line is there, whole.
		var v struct {
			Msg, ID, Path string
			Status, Bytes int
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if v.Msg != "request" || v.ID != id {
			continue
		}
		found = true
		if v.Path != path || v.Status != http.StatusOK || v.Bytes != len(body) {
			t.Errorf("request line %s", l)
		}
	}
	if id == "" || !found {
		t.Errorf("no log line for the request %q:\n%s", id, text)
	}
}
