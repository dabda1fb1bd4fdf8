package entity

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/readingroom/readingroom/internal/archive"
)

// TestMentionsAsBefore checks that the fast name finder finds exactly what
// the one before it did (oracle_test.go), mention for mention, on generated
// documents with the shipped records and on invented lines with thousands
// of invented records.
func TestMentionsAsBefore(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	a, _ := loadShipped(t)
	docs := generatedCorpus(t, n)
	total := 0
	for _, d := range docs {
		got, want := a.Mentions(d), a.oldMentions(d)
		total += len(want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the mentions differ from the oracle's:\n got %v\nwant %v", d.ID, got, want)
		}
	}
	if total < n {
		t.Fatalf("only %d mentions in %d generated documents: the comparison proves little", total, n)
	}

	extra := inventedRecords(3000, 1)
	b := withInvented(t, extra)
	lines := inventedLines(extra, n, 2)
	total = 0
	for i := 0; i < len(lines); i += 10 {
		d := english("invented", lines[i:min(i+10, len(lines))]...)
		d.Title = lines[i]
		d.Notes = []archive.Note{{Text: lines[(i+1)%len(lines)]}}
		got, want := b.Mentions(d), b.oldMentions(d)
		total += len(want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("invented lines %d-%d: the mentions differ from the oracle's:\n got %v\nwant %v", i, i+10, got, want)
		}
	}
	if total < n {
		t.Fatalf("only %d mentions of invented names", total)
	}
	for _, d := range docs[:min(200, len(docs))] {
		if got, want := b.Mentions(d), b.oldMentions(d); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s with invented records: the mentions differ", d.ID)
		}
	}
}

// TestTokensAsBefore compares the tokenizer with the one before it on random
// strings of awkward characters.
func TestTokensAsBefore(t *testing.T) {
	alphabet := []rune("aZé' ’ʼ‘\u200c<sup>/</i>ИрАнёЁ-\r\n.Ⅻ١تبریزİıßẞµªǅ\u0301\u0483Ѐӏ\uFFFD9_ ")
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if i%7 == 0 && len(s) > 2 {
			s = s[:len(s)-1] // perhaps a letter cut in two
		}
		checkTokens(t, s)
	}
}

func checkTokens(t *testing.T, s string) {
	t.Helper()
	want := oldTokenize(s)
	if got := tokenize(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("tokenize(%q):\n got %+v\nwant %+v", s, got, want)
	}
	var sc scratch
	if got := sc.tokenize(s); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
		t.Fatalf("scratch tokenize(%q):\n got %+v\nwant %+v", s, got, want)
	}
}

// FuzzTokensAsBefore is TestTokensAsBefore on any input.
func FuzzTokensAsBefore(f *testing.F) {
	f.Add("М.Д.БАГИРОВ С<sup>ъ</sup>ездом Qavām’s پیشه\u200cوری")
	f.Fuzz(func(t *testing.T, s string) { checkTokens(t, s) })
}

// TestLettersAsBefore compares the fast letter and script tests with the
// Unicode tables on every code point.
func TestLettersAsBefore(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if isLetter(r) != oldIsLetter(r) {
			t.Fatalf("isLetter(%U) = %v", r, isLetter(r))
		}
		if s := string(r); scriptOf(s) != oldScriptOf(s) {
			t.Fatalf("scriptOf(%U) = %q, want %q", r, scriptOf(s), oldScriptOf(s))
		}
	}
}

// TestFirstsFilterKeepsEveryStem fills filters of several sizes with
// invented stems in both scripts and checks that each stem, and each longer
// word that begins with a long stem's first bytes, passes: the filter may
// let a word through in vain, never turn a name away.
func TestFirstsFilterKeepsEveryStem(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 50, 5000, 100000} {
		var f firstsFilter
		f.size(n)
		stems := make([]string, n)
		for i := range stems {
			l, c := inventedName(rng)
			stems[i] = strings.ToLower([]string{l, c, l[:1], c[:2], "x'" + l}[i%5])
			f.add(stems[i])
		}
		for _, s := range stems {
			if !f.has(s[:min(len(s), filterPrefix)]) {
				t.Fatalf("%d stems: %q turned away", n, s)
			}
		}
		misses := 0
		for i := range 10000 {
			if !f.has(fmt.Sprintf("zq%dw", i)) {
				misses++
			}
		}
		if misses < 9000 {
			t.Errorf("%d stems: only %d of 10,000 other words turned away: the filter spares little", n, misses)
		}
	}
}
