package entity

import (
	"fmt"
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

// BenchmarkMentionsRecords finds names in the same text with the shipped
// records alone and with 2,000 and 20,000 invented ones more, taking turns
// in every iteration so that a busy machine slows all alike. The text is
// 500 generated documents and, with "names=invented", as much again of
// lines naming invented records, which only the larger sets know: there
// the cost grows with the mentions found, not with the records.
func BenchmarkMentionsRecords(b *testing.B) {
	invented := inventedRecords(20000, 9)
	shipped, _ := loadShipped(b)
	auths := []*Authority{shipped, withInvented(b, invented[:2000]), withInvented(b, invented)}
	labels := []string{"shipped", "shipped+2000", "shipped+20000"}
	generated := generatedCorpus(b, 1000)[:500]
	withNames := append([]*archive.Document(nil), generated...)
	lines := inventedLines(invented, 2000, 5)
	for i := 0; i < len(lines); i += 20 {
		withNames = append(withNames, english(fmt.Sprintf("invented-%d", i), lines[i:i+20]...))
	}
	for _, text := range []struct {
		name string
		docs []*archive.Document
	}{{"generated", generated}, {"invented", withNames}} {
		b.Run("names="+text.name, func(b *testing.B) {
			size := 0
			for _, d := range text.docs {
				size += textBytes(d)
			}
			cpu := make([]time.Duration, len(auths))
			found := make([]int, len(auths))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for k, a := range auths {
					start := cpuTime()
					found[k] = 0
					for _, d := range text.docs {
						found[k] += len(a.Mentions(d))
					}
					cpu[k] += cpuTime() - start
				}
			}
			for k := range auths {
				b.ReportMetric(float64(cpu[k].Microseconds())/float64(b.N)/(float64(size)/1024), "cpu-µs/KB-"+labels[k])
				b.ReportMetric(float64(found[k])/(float64(size)/1024), "mentions/KB-"+labels[k])
			}
		})
	}
}

// BenchmarkMentionsSize finds names in 64 KB and in 1 MB of generated
// documents: the cost per KB is the same.
func BenchmarkMentionsSize(b *testing.B) {
	a, _ := loadShipped(b)
	all := generatedCorpus(b, 1000)
	for _, want := range []int{64 << 10, 1 << 20} {
		var docs []*archive.Document
		size := 0
		for _, d := range all {
			if size >= want {
				break
			}
			docs = append(docs, d)
			size += textBytes(d)
		}
		b.Run(fmt.Sprintf("text=%dKB", want>>10), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				for _, d := range docs {
					a.Mentions(d)
				}
			}
			reportPerKB(b, size, len(docs), cpuTime()-cpu)
		})
	}
}
