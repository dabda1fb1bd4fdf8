package archive

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestSeedsGolden parses every document of the shipped corpus and compares
// the whole model with a golden file; run with -update after a deliberate
// change and review the diff.
func TestSeedsGolden(t *testing.T) {
	names, err := fs.Glob(documents.FS, "*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if !IsSource(name) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			doc := parseSeed(t, name)
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(name, filepath.Ext(name))+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/archive -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("parsed model differs from %s; run go test ./internal/archive -run Golden -update and review the diff", golden)
			}
		})
	}
}

// TestPagesGolden does the same for the invented pages of every layout in
// testdata/pages.
func TestPagesGolden(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("testdata", "pages", "*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", "pages", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/archive -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("parsed model differs from %s; run go test ./internal/archive -run Golden -update and review the diff", golden)
			}
		})
	}
}

func parseSeed(t *testing.T, name string) *Document {
	t.Helper()
	data, err := fs.ReadFile(documents.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc
}
