package entity

import (
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
)

var generatedDocs struct {
	sync.Mutex
	byN map[int][]*archive.Document
}

// generatedCorpus returns n documents made by archive.Generate from the
// shipped ones, parsed as the library parses them.
func generatedCorpus(t testing.TB, n int) []*archive.Document {
	t.Helper()
	generatedDocs.Lock()
	defer generatedDocs.Unlock()
	if docs, ok := generatedDocs.byN[n]; ok {
		return docs
	}
	_, seeds := loadShipped(t)
	fsys := fstest.MapFS{}
	for name, data := range archive.Generate(seeds.Docs, n, 1) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	c, err := archive.Load(fsys)
	if err != nil {
		t.Fatalf("generated corpus: %v", err)
	}
	if generatedDocs.byN == nil {
		generatedDocs.byN = map[int][]*archive.Document{}
	}
	generatedDocs.byN[n] = c.Docs
	return c.Docs
}

// textBytes is the text Mentions reads in a document.
func textBytes(d *archive.Document) int {
	n := len(d.Title) + len(d.Summary)
	for _, t := range []archive.Text{d.Translation, d.Original} {
		for _, p := range t.Paragraphs {
			for _, l := range p.Lines {
				n += len(l)
			}
		}
	}
	for _, note := range d.Notes {
		n += len(note.Text)
	}
	return n
}

// BenchmarkMentions finds the names in 1,000 generated documents, with the
// name finder of today and with the one before issue #19 (the oracle), in
// one run so that a busy machine slows both alike; µs/KB is the figure.
func BenchmarkMentions(b *testing.B) {
	docs := generatedCorpus(b, 1000)
	a, _ := loadShipped(b)
	for _, impl := range []struct {
		name string
		find func(*archive.Document) []Mention
	}{{"now", a.Mentions}, {"before", a.oldMentions}} {
		b.Run(impl.name, func(b *testing.B) { benchMentions(b, docs, impl.find) })
	}
}

func benchMentions(b *testing.B, docs []*archive.Document, find func(*archive.Document) []Mention) {
	size := 0
	for _, d := range docs {
		size += textBytes(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			find(d)
		}
	}
	reportPerKB(b, size, len(docs), cpuTime()-cpu)
}

// reportPerKB reports the time per KB of text and per document, both on the
// clock and in CPU time of the process (which counts the garbage collector
// and not the waits of a machine shared with other work).
func reportPerKB(b *testing.B, size, docs int, cpu time.Duration) {
	perOp := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) }
	b.ReportMetric(perOp(b.Elapsed())/(float64(size)/1024), "µs/KB")
	b.ReportMetric(perOp(cpu)/(float64(size)/1024), "cpu-µs/KB")
	if docs > 0 {
		b.ReportMetric(perOp(cpu)/float64(docs), "cpu-µs/doc")
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
