package archive

import (
	"path"
	"slices"
	"testing"

	"github.com/readingroom/readingroom/documents"
)

// generated returns n generated documents of one layout ("md" or "txt"),
// made from the shipped documents as `readingroom gen` makes them.
func generated(b *testing.B, ext string, n int) map[string][]byte {
	b.Helper()
	seeds, err := Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	out := map[string][]byte{}
	for name, data := range Generate(seeds.Docs, 2*n, 7) {
		if path.Ext(name) == "."+ext {
			out[name] = data
		}
	}
	return out
}

// BenchmarkParse parses a few hundred generated documents of each layout
// the generator writes; the bytes a second are the source's. cpu-µs/KB is
// the process's processor time per KB parsed.
func BenchmarkParse(b *testing.B) {
	for _, ext := range []string{"md", "txt"} {
		b.Run(ext, func(b *testing.B) {
			files := generated(b, ext, 300)
			names := make([]string, 0, len(files))
			size := 0
			for name, data := range files {
				names = append(names, name)
				size += len(data)
			}
			slices.Sort(names)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for range b.N {
				for _, name := range names {
					if _, err := Parse(name, files[name]); err != nil {
						b.Fatal(err)
					}
				}
			}
			kb := float64(b.N) * float64(size) / 1024
			b.ReportMetric(float64(b.Elapsed().Microseconds())/kb, "µs/KB")
			// The processor's time, the collector's included: steadier
			// than the clock's on a shared machine.
			if cpu := cpuTime() - cpu; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/kb, "cpu-µs/KB")
			}
		})
	}
}
