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

func TestCheckShippedCollectionLoads(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"check"}, noenv, &out, &errOut); err != nil {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"5 documents, 0 errors, 5 warnings",
		"collection: 5 documents (2 web-page-capture, 3 markdown-export); 4 with warnings, 0 warnings about the collection, 0 files not loaded",
		// The exports point to a staging mirror; the memo's capture lacks
		// its document information.
		"warning: 1946-12-02-bagirov-to-stalin-reply-of-azerbaijani-democrats.md:10: the address https://wilson-center-digital-archive.dvincitest.com/document/120475 is on wilson-center-digital-archive.dvincitest.com",
		"warning: 1946-12-09-memo-telegraph-message-from-tabriz.txt:157: the page has no document information",
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
		"people, places and organisations (the shipped ones: the folder has none of its own): ",
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

// check reads the curator's correspondents.toml as the server does: a
// broken file is an error with its line, and an entry for a document the
// folder lacks is a warning that names it.
func TestCheckReportsCorrespondentsFile(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../documents/1946-12-09-memo-telegraph-message-from-tabriz.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "memo.txt"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "correspondents.toml"), []byte("[[document]]\nid = \"1946-01-01-gone\"\nto = [\"stalin\"]\n"), 0o644)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard); err != nil {
		t.Fatalf("check: %v", err)
	}
	if want := "warning: correspondents.toml:1: no document has the ID 1946-01-01-gone"; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
	os.WriteFile(filepath.Join(dir, "correspondents.toml"), []byte("[[document]]\nid = \"x\"\nto = \"stalin\"\n"), 0o644)
	out.Reset()
	err = run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard)
	if err == nil || !strings.Contains(out.String(), "correspondents.toml:3: to must be a list") {
		t.Errorf("a broken file: %v\n%s", err, out.String())
	}
}

// curatorCorpus writes invented pages in the archive's layouts, one
// complete and two suspect.
func curatorCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"complete.txt": "May 4, 1946\n\nA Complete Invented Page\n\nThe text of the page.\n\nThe note reports that the page is complete.\n\nDocument Information\n\nGARF, f. 1, op. 2, d. 3.\n\nRecord ID\n\n900501\n",
		"cut.txt":      "May 5, 1946\n\nAn Invented Page Cut Short\n\nThe commander ordered the posts to be moved nearer the river, so that the crossing could be watched and\n",
		"label.txt":    "May 6, 1946\n\nAn Invented Page With a Stray Label\n\nAssociated Topics\n\nOrigin Unknown:\n\nThe text.\n\nDocument Information\n\nGARF, f. 1, op. 2, d. 4.\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckWarnsWhereAPageIsSuspect(t *testing.T) {
	dir := curatorCorpus(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard); err != nil {
		t.Fatalf("warnings alone failed check: %v", err)
	}
	for _, want := range []string{
		"warning: cut.txt:5: the page stops mid-sentence and has no document information: it may be cut short; unknown: summary, archival reference, record ID",
		"complete.txt\n", "=> ok",
		"=> 1 warning: each names its line and what to do",
		"3 documents, 0 errors, ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, out.String())
		}
	}
	err := run(context.Background(), []string{"check", "-strict=warnings", "-docs", dir}, noenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-strict=warnings: ") {
		t.Errorf("check -strict=warnings passed a corpus with warnings: %v", err)
	}
	err = run(context.Background(), []string{"serve", "-strict=warnings", "-addr", "127.0.0.1:0", "-docs", dir}, noenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-strict=warnings: ") {
		t.Errorf("serve -strict=warnings started with warnings: %v", err)
	}
	if err := run(context.Background(), []string{"check", "-strict=maybe"}, noenv, io.Discard, io.Discard); err == nil {
		t.Error("a bad -strict value was accepted")
	}
}

func TestIDsCommandRecordsAMove(t *testing.T) {
	dir := t.TempDir()
	page := func(title string) []byte {
		return []byte("June 1, 1946\n\n" + title + "\n\nThe text.\n\nThe note reports on the weather in the hills.\n\nDocument Information\n\nGARF, f. 1, op. 2, d. 3.\n")
	}
	write := func(title string) {
		if err := os.WriteFile(filepath.Join(dir, "note.txt"), page(title), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Note by Bagriov")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"ids", "-docs", dir}, noenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "new: 1946-06-01-note-by-bagriov (note.txt)") {
		t.Errorf("ids output:\n%s", out.String())
	}
	write("Note by Bagirov")
	out.Reset()
	run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard)
	if !strings.Contains(out.String(), "warning: note.txt: its ID moved from 1946-06-01-note-by-bagriov to 1946-06-01-note-by-bagirov without being recorded in ids.toml") {
		t.Errorf("check does not report the move:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"ids", "-docs", dir}, noenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "ids.toml"))
	if !strings.Contains(out.String(), "moved: 1946-06-01-note-by-bagriov -> 1946-06-01-note-by-bagirov") || !strings.Contains(string(data), `former = ["1946-06-01-note-by-bagriov"]`) {
		t.Errorf("ids output:\n%s\nfile:\n%s", out.String(), data)
	}
	if err := run(context.Background(), []string{"ids", "-docs", filepath.Join(dir, "nope")}, noenv, io.Discard, io.Discard); err == nil {
		t.Error("ids on a missing folder succeeded")
	}
}

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
