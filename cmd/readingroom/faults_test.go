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

// recordsFolder makes a documents folder of one invented document and the
// given record files ("" leaves a file out).
func recordsFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{
		"grain.txt":   "April 12, 1946\n\nAn Invented Memo on Grain for Tabriz\n\nQavam wrote that the grain reached Tabriz late, and the mill was idle.\n",
		"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nvariants = [ { form = \"Кавам\" } ]\n",
		"places.toml": "[[place]]\nid = \"tabriz\"\nname = \"Tabriz\"\nkind = \"city\"\nlat = 38.08\nlon = 46.29\n",
	}
	for name, text := range files {
		all[name] = text
	}
	for name, text := range all {
		if text == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkAndServe runs check on dir, and serve with the extra flags, which
// must refuse to start (or it is stopped at once): it returns both outputs
// and errors.
func checkAndServe(t *testing.T, dir string, serveFlags ...string) (checkOut string, checkErr, serveErr error) {
	t.Helper()
	var out strings.Builder
	checkErr = run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	w := &notifyWriter{ready: ready}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0", "-docs", dir}, serveFlags...), noenv, w, io.Discard)
	}()
	select {
	case serveErr = <-done:
	case <-ready:
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("serve, stopped: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve neither started nor refused in 60 s")
	}
	return out.String(), checkErr, serveErr
}

// notifyWriter closes ready at serve's "serving" line.
type notifyWriter struct {
	ready chan struct{}
	once  bool
}

func (w *notifyWriter) Write(p []byte) (int, error) {
	if !w.once && strings.Contains(string(p), "serving") {
		w.once = true
		close(w.ready)
	}
	return len(p), nil
}

// TestCheckIsWhatServeWouldDo: for each problem of the records, check fails
// exactly when serve (with -strict, for problems that let the site serve)
// refuses, and names the file and line.
func TestCheckIsWhatServeWouldDo(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		strict bool     // the problem lets the site serve; -strict refuses it
		want   []string // in check's output
	}{
		{"chronology with a bad date", map[string]string{"chronology.toml": "[[event]]\nid = \"x\"\ndate = \"Smarch 41, 1946\"\ntitle = \"Nothing\"\ntext = \"Nothing happened.\"\nsources = [ { text = \"None.\" } ]\n"},
			false, []string{"chronology.toml:"}},
		{"a variant claimed by two records", map[string]string{"places.toml": "[[place]]\nid = \"tabriz\"\nname = \"Tabriz\"\nkind = \"city\"\nlat = 38.08\nlon = 46.29\n\n[[place]]\nid = \"tebriz\"\nname = \"Tebriz\"\nkind = \"city\"\nlat = 38\nlon = 46\nvariants = [ { form = \"TABRIZ\" } ]\n"},
			true, []string{"error: places.toml:8: tebriz:", `"TABRIZ"`}},
		{"an ordinary word as a variant", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nvariants = [\n  { form = \"Кавам\" },\n  { form = \"the\" },\n]\n"},
			false, []string{"people.toml:6: qavam: variant \"the\" is an ordinary word"}},
		{"broken people and no places", map[string]string{"people.toml": "[[person]\nid = \"qavam\"\n", "places.toml": ""},
			false, []string{"people.toml:1:", "places.toml"}},
		{"a named pipe for the people", map[string]string{"people.toml": ""},
			false, []string{"people.toml", "not a regular file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := recordsFolder(t, c.files)
			if c.name == "a named pipe for the people" {
				if err := syscall.Mkfifo(filepath.Join(dir, "people.toml"), 0o644); err != nil {
					t.Skip(err)
				}
			}
			var flags []string
			if c.strict {
				flags = []string{"-strict"}
			}
			out, checkErr, serveErr := checkAndServe(t, dir, flags...)
			if checkErr == nil || serveErr == nil {
				t.Errorf("check: %v; serve %v: %v; both must fail", checkErr, flags, serveErr)
			}
			for _, want := range c.want {
				if !strings.Contains(out, want) {
					t.Errorf("check's output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "the shipped ones") {
				t.Errorf("the shipped records were used for a folder with its own:\n%s", out)
			}
			if c.strict {
				// Without -strict the site serves, and says what is wrong.
				if _, _, err := checkAndServe(t, dir); err != nil {
					t.Errorf("serve without -strict: %v", err)
				}
			}
		})
	}
	// A folder of documents alone: both use the shipped records, say so and pass.
	dir := recordsFolder(t, map[string]string{"people.toml": "", "places.toml": ""})
	out, checkErr, serveErr := checkAndServe(t, dir, "-strict")
	if checkErr != nil || serveErr != nil || !strings.Contains(out, "the shipped ones: the folder has none") {
		t.Errorf("documents alone: check %v, serve %v:\n%s", checkErr, serveErr, out)
	}
}

// TestCheckQuotesFileNames: a file name with a line break cannot pass for a
// line of check's own.
func TestCheckQuotesFileNames(t *testing.T) {
	dir := recordsFolder(t, map[string]string{"evil\nerror: spoofed.txt": "not a document\n"})
	var out strings.Builder
	_ = run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard)
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "error: spoofed") {
			t.Errorf("a file name printed a line of its own: %q", line)
		}
	}
	if !strings.Contains(out.String(), `"evil\nerror: spoofed.txt"`) {
		t.Errorf("the name is not quoted:\n%s", out.String())
	}
}
