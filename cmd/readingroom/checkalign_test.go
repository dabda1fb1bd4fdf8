package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPrintsAlignments(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check"}, noenv, &out, io.Discard); err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, want := range []string{
		"alignments of translation and original",
		"    -=1 1=2 2=3 ", // the 2 December message: the original's first line has no counterpart
		"34=35,36",
		"    weakest: translation ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check output lacks %q", want)
		}
	}
}

// TestCheckReportsUnfitOverrides checks a folder whose alignment file
// names a document it lacks and fixes groups the text no longer has.
func TestCheckReportsUnfitOverrides(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../documents/1946-12-02-bagirov-to-stalin-reply-of-azerbaijani-democrats.md")
	if err != nil {
		t.Fatal(err)
	}
	overrides := `[[document]]
id = "1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats"
translation_paragraphs = 40
  [[document.group]]
  translation = [34]
  original = [35, 36]
  [[document.group]]
  translation = [50]
  original = [51]

[[document]]
id = "no-such-document"
  [[document.group]]
  translation = [1]
  original = [1]
`
	for name, data := range map[string][]byte{"message.md": src, "alignment.toml": []byte(overrides)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check", "-docs", dir}, noenv, &out, io.Discard); err == nil {
		t.Error("check passed overrides that do not fit")
	}
	for _, want := range []string{
		"error: alignment.toml:1: the override no longer fits 1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats: written for 40 translation paragraphs, the text now has 42; group 2 translation 50 = original 51: the translation has no paragraph 50",
		`error: alignment.toml:11: no document "no-such-document" in the collection`,
		"1 documents, 2 errors",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
