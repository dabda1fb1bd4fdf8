package archive

import (
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/documents"
)

func TestGeneratedCorpusLoadsCleanly(t *testing.T) {
	seeds, err := Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	files := Generate(seeds.Docs, 200, 1)
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 200 || len(c.Errors()) != 0 {
		t.Fatalf("%d documents, errors %v", len(c.Docs), c.Errors())
	}
	withOriginal := 0
	for _, d := range c.Docs {
		if d.HasOriginal() {
			withOriginal++
		}
		if !d.HasTranslation() || d.Reference.IsZero() {
			t.Fatalf("%s: incomplete %+v", d.File, d.Reference)
		}
	}
	if withOriginal != 100 {
		t.Errorf("%d documents with a Russian original, want 100", withOriginal)
	}
	again := Generate(seeds.Docs, 200, 1)
	for name, data := range files {
		if string(again[name]) != string(data) {
			t.Fatalf("%s differs between two runs with the same seed", name)
		}
	}
}
