package align

import (
	"strings"
	"testing"
)

// FuzzAlign feeds the aligner texts of any bytes, cut into paragraphs at
// "|" (a leading "~" makes a page mark): whatever they hold, the alignment
// is whole and ordered, and no feature pattern fails.
func FuzzAlign(f *testing.F) {
	f.Add("TELEGRAM|To Cde. Ostrovsky|Sent 1750 20 April 1946|[stamp: No 5]", "Т Е Л Е Г Р А М М А|~141|Товарищу ОСТРОВСКОМУ|Пер. 17 ч. 50 м. 20/IV 1946 г.")
	f.Add("[", "]")
	f.Add("15,000 thousand 1.2.3.4 XI.XI.XI 99/IV 2400 2359", "№№№ 0 тыс. 31.XII.99 ч. м.")
	f.Add("\xff\xfe|\r\n|\u00a0", "~|~|~")
	f.Fuzz(func(t *testing.T, en, ru string) {
		d := fixture(strings.Split(en, "|"), strings.Split(ru, "|"))
		got := Align(d, nil)
		if d.Translation.Numbered() == 0 || d.Original.Numbered() == 0 {
			if got != nil {
				t.Fatalf("a missing text was aligned: %s", render(got))
			}
			return
		}
		if err := Complete(d, got); err != nil {
			t.Fatalf("%v: %s", err, render(got))
		}
	})
}
