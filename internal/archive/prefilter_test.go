package archive

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The cheap checks before the footnote-marker expression and the credit
// line's rules turn no line away that the full rules would take: checked
// on random lines of the characters those rules look at.
func TestLineChecksTurnNothingAway(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	pieces := []string{"[", "]", "1", "12", "<sup>", "</sup>", "<SUP>", " ", "\t", "word", "Obtained", " by ", "for CWIHP", "Translated", "x", "\u00a0", "Фонд"}
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		l := b.String()
		if reTextMarker.MatchString(l) && !mayHaveMarker(l) {
			t.Fatalf("%q has a marker that mayHaveMarker turns away", l)
		}
	}
	long := "Obtained for CWIHP by " + strings.Repeat("someone ", 47) // 398 bytes once collapsed
	if got, want := isCreditLine(strings.ReplaceAll(long, " ", "  \t ")), isCreditLine(long); got != want || !want {
		t.Errorf("a credit line of 398 characters, spaces doubled: %v, as written: %v", got, want)
	}
	if isCreditLine(long + "and more words past the bound") {
		t.Error("a line of over 400 characters was taken as a credit line")
	}
}
