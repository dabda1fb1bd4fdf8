package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestContainsLowerIsToLowerContains checks the allocation-free test that
// spares the analyzer most paragraphs against what it stands for, on text
// in several scripts and cases, with letters whose lower case has another
// length in bytes and with invalid UTF-8.
func TestContainsLowerIsToLowerContains(t *testing.T) {
	texts := []string{
		"", "A", "TEBRIZ", "the council of Tebriz", "ТЕБРИЗ и Тебриз", "Ёлка ЁЛКА ёлка", "Ѐ Ѓ Џ ѐ",
		"İstanbul İRAN", "ΣΟΦΙΑ σοφία", "K (Kelvin) Å", "ǅemal ǄEMAL", "bad \xff\xfe bytes \xffr",
		"Tabr\xffiz", "\xd0Тебриз\xd1", "\xe2\x84Kelvin \u212aELVIN", "İİ ii Iİ", "ЁЁ", "ẞ STRASSE", "Ärger ÄRGER", "tab\r\nRIZ", "ⅫⅪ",
	}
	subs := []string{"", "a", "tebr", "тебр", "ёлк", "ѐ", "iran", "i̇ran", "σοφ", "k", "å", "ǆem", "\ufffd", "\ufffd b", "ß", "är", "riz", "ⅻ", "ta", "kel", "ii", "iii", "ёё", "тебриз", "ebriz", "z"}
	for _, text := range texts {
		for _, sub := range subs {
			if got, want := containsLower(text, sub), strings.Contains(strings.ToLower(text), sub); got != want {
				t.Errorf("containsLower(%q, %q) = %v, want %v", text, sub, got, want)
			}
		}
	}
	for r := rune(0); r < 0x2000; r++ {
		if got, want := string(lowerRune(r)), strings.ToLower(string(r)); got != want && r != 0xfffd && !(r >= 0xd800 && r < 0xe000) {
			t.Errorf("lowerRune(%U) = %q, want %q", r, got, want)
		}
	}
}

// lowerSources must list every rune that lowers to the rune asked about.
func TestLowerSourcesAreEveryRuneThatLowersSo(t *testing.T) {
	want := map[rune][]rune{}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		l := unicode.ToLower(r)
		if l < 0x600 {
			want[l] = append(want[l], r)
		}
	}
	for r := rune(0); r < 0x600; r++ {
		srcs, n, ok := lowerSources(r)
		if !ok {
			if r < 0x80 || (r >= 0x400 && r < 0x460) {
				t.Errorf("lowerSources(%U) has no fast path", r)
			}
			continue
		}
		got := slices.Clone(srcs[:n])
		slices.Sort(got)
		if !slices.Equal(got, want[r]) {
			t.Errorf("lowerSources(%U) = %U, want %U", r, got, want[r])
		}
	}
}
