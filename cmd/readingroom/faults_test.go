package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowFolder makes a documents folder that takes many seconds to load: n
// documents of one long line full of names each, a named pipe and a link
// to /dev/zero among them.
func slowFolder(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	line := strings.Repeat("Bagirov wrote to Molotov about Qavam and Tabriz; Багиров писал Молотову. ", 8000)
	for i := range n {
		text := fmt.Sprintf("April %d, 1946\n\nAn Invented Long Report Number %d\n\n%s\n", i%28+1, i, line)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("long-%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Logf("no named pipe: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.md")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestStartInterruptedBySignal cancels serve's context while it is still
// loading a slow folder: run returns within seconds, not after the load.
func TestStartInterruptedBySignal(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads a slow folder")
	}
	dir := slowFolder(t, 24)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs logSink
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-docs", dir}, noenv, io.Discard, &logs) }()
	time.Sleep(500 * time.Millisecond)
	cancel()
	start := time.Now()
	select {
	case err := <-done:
		t.Logf("run returned %v, %v after the signal", err, time.Since(start))
		if strings.Contains(logs.String(), `"msg":"ready"`) {
			t.Errorf("the load was not interrupted: it finished first")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run still loading 10 s after its context ended")
	}
}

// TestCheckEndsOnSpecialFiles checks a folder holding a named pipe and a
// link to /dev/zero: check reports both and ends.
func TestCheckEndsOnSpecialFiles(t *testing.T) {
	dir := slowFolder(t, 1)
	var out strings.Builder
	done := make(chan error, 1)
	go func() { done <- run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard) }()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("check passed a folder with a named pipe and a link to /dev/zero:\n%s", out.String())
		}
		for _, name := range []string{"pipe.md", "zero.md"} {
			if !strings.Contains(out.String(), name) {
				t.Errorf("check does not name %s:\n%s", name, out.String())
			}
		}
	case <-time.After(60 * time.Second):
		t.Fatal("check still running after 60 s")
	}
}
