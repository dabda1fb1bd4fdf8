package archive

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMayHaveInlineNeverMissesMarkup checks the cheap test that spares
// most lines the inline expression: wherever the expression matches, the
// test says the line may hold markup, on ugly lines of every kind.
func TestMayHaveInlineNeverMissesMarkup(t *testing.T) {
	for _, line := range []string{
		"Atakishiyev[1] said", "a[12]", "x[999]", "[1] at the start", "word [7]",
		"*emphasis*", "**bold**", "a * b * c", "С<sup>ъ</sup>ездом", "<sup></sup>",
		"[Translator's note: see above]", "[Translator’s note: x]", "[illegible] and [", "[[1]]",
		"ends with [", "[", "\r\n[2]\r\n", "Тавриз [неразборчиво] 1946", "", "plain words only",
	} {
		checkInlineFilter(t, line)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"[", "]", "1", "23", "*", "<sup>", "</sup>", "<", "Translator's note:", "[Translator", " ", "a", "ж", "\r\n", "x[", "[illegible]"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		checkInlineFilter(t, b.String())
	}
}

func checkInlineFilter(t *testing.T, line string) {
	t.Helper()
	if reInline.MatchString(line) && !mayHaveInline(line) {
		t.Fatalf("%q holds inline markup, but mayHaveInline says it cannot", line)
	}
	if got, want := PlainInline(line), plainBySpans(line); got != want {
		t.Fatalf("PlainInline(%q) = %q, want %q", line, got, want)
	}
}

// plainBySpans is PlainInline by way of the expression alone.
func plainBySpans(line string) string {
	var b strings.Builder
	last := 0
	for _, m := range reInline.FindAllStringSubmatchIndex(line, -1) {
		b.WriteString(line[last:m[0]])
		switch {
		case m[2] >= 0:
			b.WriteString(line[m[2]:m[3]])
		case m[4] >= 0:
			b.WriteString(line[m[4]:m[5]])
		case m[6] >= 0:
			b.WriteString(line[m[6]:m[7]] + "[" + line[m[8]:m[9]] + "]")
		case m[10] >= 0:
			b.WriteString("[" + line[m[10]:m[11]] + "]")
		}
		last = m[1]
	}
	return b.String() + line[last:]
}

// FuzzMayHaveInline is the same check on any line.
func FuzzMayHaveInline(f *testing.F) {
	f.Add("Atakishiyev[1] and [illegible]")
	f.Fuzz(func(t *testing.T, line string) { checkInlineFilter(t, line) })
}
