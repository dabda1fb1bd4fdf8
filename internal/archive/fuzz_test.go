package archive

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/readingroom/readingroom/documents"
)

// FuzzParse feeds the parser the real documents and mutations of them. It
// must never panic, and whatever it accepts must be a usable document.
func FuzzParse(f *testing.F) {
	names, _ := fs.Glob(documents.FS, "*.*")
	for _, name := range names {
		if data, err := fs.ReadFile(documents.FS, name); err == nil && IsSource(name) {
			f.Add(data)
		}
	}
	pages, _ := filepath.Glob("testdata/pages/*")
	for _, p := range pages {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data) // the invented pages of every layout
		}
	}
	for _, s := range []string{"", "\ufeff", "Digital Archive\n\nMay 1946\nT\n\nContents:\n  English Translation\n\f\fx-\n\fy\n", "May 1946\nT\nRelated Documents\nA\nMay 1946\n|\n", "**April 1946**\n\n**T**\n\n**Contents:**\n", "April 12, 1946\r\n\r\nT\r\n", "\x00", "**Citation:**\n\n<http://x/document/1>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.md", data)
		if err != nil {
			if _, ok := err.(Problem); !ok {
				t.Fatalf("error is not a Problem: %v", err)
			}
			return
		}
		if d.ID == "" || d.Title == "" || d.Date.IsZero() {
			t.Fatalf("accepted a document without ID, title or date: %+v", d)
		}
		if !utf8.ValidString(d.ID) || strings.ContainsAny(d.ID, "/?# ") {
			t.Fatalf("unsafe ID %q", d.ID)
		}
		for _, p := range append(d.Original.Paragraphs, d.Translation.Paragraphs...) {
			for _, l := range p.Lines {
				Spans(l, nil, new(int))
			}
		}
	})
}
