package entity

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// longLine returns one line of n bytes made of names in both scripts, with
// case endings, possessives, initials, a NotIn phrase and plain words between
// them, and no line break: the shape that once cost quadratic time.
func longLine(n int) string {
	unit := "M. D. Bagirov met Qavam's envoy and Molotov in Tabriz; Багирову и Кавамом сказал о партии; the Azerbaijan Democratic Party, иранский Азербайджан. "
	return repeatTo(unit, n)
}

// repeatTo repeats unit to n bytes; the cut may split a letter, as a
// damaged file may.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit)+1)[:n]
}

// perByte returns the shortest time per byte of runs of f.
func perByte(n, runs int, f func()) time.Duration {
	best := time.Duration(1 << 62)
	for range runs {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best / time.Duration(max(n, 1))
}

// linear reports whether the large input cost at most six times as much per
// byte as the small one (with slack for a busy machine): quadratic work
// shows as a ratio near the size ratio.
func linear(small, large time.Duration) bool { return large <= 6*small+100*time.Nanosecond }

func BenchmarkFindLongLine(b *testing.B) {
	a, _ := loadShipped(b)
	for _, size := range []int{64 << 10, 1 << 20} {
		s := longLine(size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for i := 0; i < b.N; i++ {
				a.Find(s)
			}
		})
	}
}

// TestMentionsLinearOnOneLongLine finds the names of a 4 MB document that is
// one single line: its cost per byte stays that of a 256 KB one.
func TestMentionsLinearOnOneLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("times the name finder on megabytes")
	}
	a, _ := loadShipped(t)
	small, large := english("small", longLine(256<<10)), english("large", longLine(4<<20))
	var n int
	var s, l time.Duration
	for try := 0; try < 3; try++ { // a busy machine can slow one run
		s = perByte(256<<10, 3, func() { a.Mentions(small) })
		l = perByte(4<<20, 1, func() { n = len(a.Mentions(large)) })
		t.Logf("%v/KB at 256 KB, %v/KB at 4 MB (%d mentions)", s*1024, l*1024, n)
		if linear(s, l) {
			break
		}
	}
	if !linear(s, l) {
		t.Errorf("%v a byte at 256 KB but %v at 4 MB: the cost grows faster than the text", s, l)
	}
	if n < (4<<20)/len(longLine(1<<10))*5 {
		t.Errorf("only %d mentions in 4 MB of names", n)
	}
}

// TestDerivativeLinearInWordLength reads one word of a million Cyrillic
// letters, as the curator's list does for every word it meets.
func TestDerivativeLinearInWordLength(t *testing.T) {
	a, _ := loadShipped(t)
	word := func(n int) token { return tokenize(strings.Repeat("иран", n/8) + "ский")[0] }
	short, long := word(64<<10), word(1<<20)
	var s, l time.Duration
	for try := 0; try < 3; try++ {
		s = perByte(64<<10, 3, func() { a.m.derivative(short) })
		l = perByte(1<<20, 1, func() { a.m.derivative(long) })
		if linear(s, l) {
			break
		}
	}
	if !linear(s, l) {
		t.Errorf("%v a byte at 64 KB but %v at 1 MB", s, l)
	}
}

// FuzzFindLinear repeats any text to 4 KB and to 64 KB, on one line, and
// asserts that the name finder costs about as much per byte on both.
func FuzzFindLinear(f *testing.F) {
	a, c := loadShipped(f)
	f.Add(longLine(300))
	f.Add("Bagirov Bagirov Bagirov ")
	f.Add("Azerbaijan Democratic Party of Azerbaijan ")
	f.Add("М.Д.БАГИРОВ т.т. Молотову ")
	for _, d := range c.Docs[:min(2, len(c.Docs))] {
		f.Add(d.Title)
	}
	f.Fuzz(func(t *testing.T, unit string) {
		if strings.TrimSpace(unit) == "" {
			return
		}
		small, large := repeatTo(unit, 4<<10), repeatTo(unit, 64<<10)
		a.Find(small) // warm up
		var s, l time.Duration
		for try := 0; try < 3; try++ {
			s = perByte(len(small), 3, func() { a.Find(small) })
			l = perByte(len(large), 2, func() { a.Find(large) })
			if l <= 6*s+2*time.Microsecond {
				break
			}
		}
		if l > 6*s+2*time.Microsecond {
			t.Errorf("%v a byte at 4 KB but %v at 64 KB", s, l)
		}
	})
}

// TestMentionsCostIndependentOfRecords finds names in the same documents
// with the shipped records and with 10,000 invented ones more, in turns:
// the cost per byte stays about the same. A finder that tried every record,
// or every form, at every word would be hundreds of times slower with the
// larger set.
func TestMentionsCostIndependentOfRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("times the name finder with 10,000 records")
	}
	small, _ := loadShipped(t)
	large := withInvented(t, inventedRecords(10000, 9))
	docs := generatedCorpus(t, 1000)[:200]
	run := func(a *Authority) func() {
		return func() {
			for _, d := range docs {
				a.Mentions(d)
			}
		}
	}
	var s, l time.Duration
	for try := 0; try < 3; try++ { // a busy machine can slow one run
		s = perByte(1, 3, run(small))
		l = perByte(1, 3, run(large))
		t.Logf("%v with the shipped records, %v with 10,000 more", s, l)
		if l <= 3*s {
			return
		}
	}
	t.Errorf("%v with the shipped records but %v with 10,000 more: the cost grows with the records", s, l)
}
