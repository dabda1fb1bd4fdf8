package entity

import "testing"

// allLines returns the title, summary and text lines of 1,000 generated
// documents, for timing the parts of name finding one by one.
func allLines(b *testing.B) []string {
	var out []string
	for _, d := range generatedCorpus(b, 1000) {
		out = append(out, d.Title, d.Summary)
		for _, p := range d.Translation.Paragraphs {
			out = append(out, p.Lines...)
		}
		for _, p := range d.Original.Paragraphs {
			out = append(out, p.Lines...)
		}
	}
	return out
}

// BenchmarkPartTokenize times the tokenizer alone, buffers reused.
func BenchmarkPartTokenize(b *testing.B) {
	lines := allLines(b)
	var sc scratch
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			sc.tokenize(l)
		}
	}
}

// BenchmarkPartLower times the lower-case copy of each line.
func BenchmarkPartLower(b *testing.B) {
	lines := allLines(b)
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			lowerLine(l)
		}
	}
}

// BenchmarkPartFind times the matching of words already tokenized.
func BenchmarkPartFind(b *testing.B) {
	lines := allLines(b)
	a, _ := loadShipped(b)
	var sc scratch
	toks := make([][]token, len(lines))
	n := 0
	for i, l := range lines {
		toks[i] = tokenize(l)
		n += len(l)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, l := range lines {
			a.m.find(l, toks[j], &sc)
		}
	}
}
