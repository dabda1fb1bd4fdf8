package search

import (
	"strings"
	"testing"
)

// TestContainsLowerIsToLowerContains checks the allocation-free test that
// spares the analyzer most paragraphs against what it stands for, on text
// in several scripts and cases, with letters whose lower case has another
// length in bytes and with invalid UTF-8.
func TestContainsLowerIsToLowerContains(t *testing.T) {
	texts := []string{
		"", "A", "TEBRIZ", "the council of Tebriz", "ТЕБРИЗ и Тебриз", "Ёлка ЁЛКА ёлка", "Ѐ Ѓ Џ ѐ",
		"İstanbul İRAN", "ΣΟΦΙΑ σοφία", "K (Kelvin) Å", "ǅemal ǄEMAL", "bad \xff\xfe bytes \xffr",
		"Tabr\xffiz", "ẞ STRASSE", "Ärger ÄRGER", "tab\r\nRIZ", "ⅫⅪ",
	}
	subs := []string{"", "a", "tebr", "тебр", "ёлк", "ѐ", "iran", "i̇ran", "σοφ", "k", "å", "ǆem", "\ufffd", "\ufffd b", "ß", "är", "riz", "ⅻ", "ta"}
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
