package main

import (
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLogBuffer checks when the log's buffer is written out: not at each
// line, but within logFlushDelay, when full, on Flush and on Close; after
// Close lines go straight out; and the order of lines is kept.
func TestLogBuffer(t *testing.T) {
	var out logSink
	logs := newLogBuffer(&out)
	log := slog.New(slog.NewJSONHandler(logs, nil))

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
