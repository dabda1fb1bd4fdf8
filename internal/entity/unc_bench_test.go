package entity

import "testing"

// BenchmarkUncovered measures the curator's list over the shipped
// collection, word list and close records included.
func BenchmarkUncovered(b *testing.B) {
	a, c := loadShipped(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Uncovered(c.Docs)
	}
}
