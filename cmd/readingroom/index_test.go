package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIndexBuildsAheadAndServeReopens builds the index of a generated
// collection with the index command, runs it again (nothing to do), then
// serves the same folders: the server reads the snapshot and reopens the
// index instead of reading the documents and building it, and its search
// finds the documents.
func TestIndexBuildsAheadAndServeReopens(t *testing.T) {
	docs, index := t.TempDir(), filepath.Join(t.TempDir(), "ix")
	if err := run(context.Background(), []string{"gen", "-n", "40", "-out", docs}, noenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out, logs bytes.Buffer
	if err := run(context.Background(), []string{"index", "-docs", docs, "-index", index}, noenv, &out, &logs); err != nil {
		t.Fatalf("index: %v\n%s", err, logs.String())
	}
	if got := out.String(); !strings.HasPrefix(got, "indexed 40 documents into "+index+" in ") || !strings.Contains(got, "search index ready") {
		t.Errorf("index said %q", got)
	}
	if !strings.Contains(logs.String(), "search index rebuilt") {
		t.Errorf("index logged no build:\n%s", logs.String())
	}
	for _, name := range []string{"bleve", "readingroom-index.json"} {
		if _, err := os.Stat(filepath.Join(index, name)); err != nil {
			t.Errorf("index folder: %v", err)
		}
	}

	out.Reset()
	logs.Reset()
	if err := run(context.Background(), []string{"index", "-docs", docs, "-index", index}, noenv, &out, &logs); err != nil {
		t.Fatalf("index again: %v", err)
	}
	if got := out.String(); !strings.HasPrefix(got, index+" is up to date: 40 documents, checked in ") {
		t.Errorf("index again said %q", got)
	}
	if strings.Contains(logs.String(), "search index rebuilt") || !strings.Contains(logs.String(), "search index reopened") || !strings.Contains(logs.String(), "parsed=0") {
		t.Errorf("index again rebuilt:\n%s", logs.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var serveLogs logSink
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-docs", docs, "-index", index}, noenv, pw, &serveLogs)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve: %v %v", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(line, "serving 40 documents at http://") {
		t.Fatalf("serve said %q", line)
	}
	url := strings.TrimSpace(line[strings.Index(line, "http://"):])
	resp, err := http.Get(url + "/api/search?q=government")
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Total int }
	err = json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || res.Total == 0 {
		t.Errorf("search through the reopened index: %d, %d results, %v", resp.StatusCode, res.Total, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
	got := serveLogs.String()
	if !strings.Contains(got, `"msg":"library snapshot read"`) || strings.Contains(got, "search index rebuilt") || !strings.Contains(got, `"parsed":0`) {
		t.Errorf("serve did not reopen what index built:\n%s", got)
	}
}

// TestIndexNeedsAFolderAndGoodDocuments: without -index, with a missing
// documents folder, or with -strict on a collection with an error, the
// command fails (a non-zero exit) and says why.
func TestIndexNeedsAFolderAndGoodDocuments(t *testing.T) {
	for _, args := range [][]string{
		{"index"},
		{"index", "-docs", "/does/not/exist", "-index", t.TempDir()},
		{"index", "-docs", badCorpus(t), "-index", t.TempDir(), "-strict"},
		{"index", "-index", t.TempDir(), "extra"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), args, noenv, &out, io.Discard)
		if err == nil {
			t.Errorf("%v: no error; said %q", args, out.String())
		}
	}
	// Without -strict the good documents are indexed and the bad file is
	// counted.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"index", "-docs", badCorpus(t), "-index", t.TempDir()}, noenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "indexed 1 documents (") || !strings.Contains(got, "with errors left out") {
		t.Errorf("index of a collection with a bad file said %q", got)
	}
}
