package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func noenv(string) string { return "" }

func TestCheckShippedCollectionIsClean(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"check"}, noenv, &out, &errOut); err != nil {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"5 documents, 0 errors, 0 warnings",
		"name-like words that no record covers",
		"Четирем",
		"organisations",
		"1946-12-02-bagirov-to-stalin-reply-of-azerbaijani-democrats.md",
		"original:        Russian: 43 paragraphs, 13 marks",
		"reference:       RGASPI: fond 558, opis 11, delo 99, list 0057-0059",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, out.String())
		}
	}
}

// badCorpus writes a folder with one good document and three bad ones.
func badCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	good, err := os.ReadFile("../../documents/1946-12-09-memo-telegraph-message-from-tabriz.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"good.txt":     good,
		"empty.md":     nil,
		"latin1.txt":   []byte("April 12, 1946\n\nCaf\xe9\n"),
		"no-date.txt":  []byte("Skip to content\n\nJust a title\n\nAnd some text.\n"),
		"README.md":    []byte("# About this folder\n"),
		"dup-copy.txt": good,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckReportsBadFilesAndFails(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"check", "-docs", badCorpus(t)}, noenv, &out, io.Discard)
	if err == nil {
		t.Fatal("check passed a corpus with errors")
	}
	for _, want := range []string{
		"error: empty.md: file is empty",
		"error: latin1.txt:3: not UTF-8 text",
		"error: no-date.txt:3: no date found",
		`error: good.txt: gives the same ID "1946-12-09-memo-via-a-telegraph-message-from-tabriz" as dup-copy.txt; not loaded`,
		"1 documents, 4 errors",
		"people, places and organisations: ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestServeStrictRefusesBadCorpus(t *testing.T) {
	err := run(context.Background(), []string{"serve", "-strict", "-addr", "127.0.0.1:0", "-docs", badCorpus(t)}, noenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-strict: 4 documents have errors") {
		t.Errorf("got %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"frobnicate"}, {"check", "extra"}, {"-docs", "/does/not/exist"}} {
		if err := run(context.Background(), args, noenv, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestServeAndShutDown starts the real program on a free port, serves the
// bad corpus's good document, and stops cleanly when the context ends.
func TestServeAndShutDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-docs", badCorpus(t)}, noenv, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(line, "serving 1 documents at http://127.0.0.1:") {
		t.Fatalf("first line %q", line)
	}
	url := strings.TrimSpace(line[strings.Index(line, "http://"):])
	resp, err := http.Get(url + "/documents/1946-12-09-memo-via-a-telegraph-message-from-tabriz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("document page: %d", resp.StatusCode)
	}
	if resp, err := http.Get(url + "/readyz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz once serving: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func TestGenWritesALoadableCorpus(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"gen", "-n", "50", "-out", dir}, noenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard); err != nil {
		t.Fatalf("generated corpus does not check: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "50 documents, 0 errors") {
		t.Errorf("check: %s", out.String()[max(0, out.Len()-200):])
	}
}

func TestStartingAnswersHealthButNotReady(t *testing.T) {
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 503, "/": 503} {
		rec := httptest.NewRecorder()
		starting(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("%s while starting: %d, want %d", path, rec.Code, want)
		}
	}
}

func TestHelpRunsNothing(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-h", "-addr", "127.0.0.1:1"}, {"check", "-h"}, {"serve", "-help"}, {"help"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, noenv, &out, &errOut); err != nil {
			t.Errorf("%v: %v", args, err)
		}
		if strings.Contains(out.String(), "documents loaded") || strings.Contains(out.String(), "serving") {
			t.Errorf("%v ran the command:\n%s", args, out.String())
		}
		if !strings.Contains(out.String()+errOut.String(), "Usage:") {
			t.Errorf("%v printed no usage", args)
		}
	}
}

// check names the record an unknown spelling is close to, wherever the
// word stands, and leaves ordinary words out.
func TestCheckListsUnknownNamesWithCloseRecords(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../documents/1946-12-09-memo-telegraph-message-from-tabriz.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The memo with three invented paragraphs: a spelling of Pishevari at a
	// paragraph's start, an unknown name after a bracket, an ordinary word.
	text := strings.Replace(string(good), "\n\n", "\n\nPishewarie answered at once.\n\n[Kalantari] signed it.\n\nBesides, nothing else.\n\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "memo.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard); err != nil {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	var pish, kal string
	for _, l := range strings.Split(out.String(), "\n") {
		f := strings.Fields(l)
		if len(f) > 0 && f[0] == "Pishewarie" {
			pish = l
		}
		if len(f) > 0 && f[0] == "Kalantari" {
			kal = l
		}
		if len(f) > 0 && f[0] == "Besides" {
			t.Errorf("an ordinary word is listed: %s", l)
		}
	}
	if !strings.Contains(pish, "close to: Pishevari (person)") {
		t.Errorf("Pishewarie: %q\n%s", pish, out.String())
	}
	if kal == "" || strings.Contains(kal, "close to") {
		t.Errorf("Kalantari: %q", kal)
	}
}
