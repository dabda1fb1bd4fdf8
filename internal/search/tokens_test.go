package search

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// refRanges is Ranges without its shortcuts (the quick tests before
// analysis, the kept analyses): every text analysed afresh.
func refRanges(m *Marker, lang, text string) []Range {
	a, words := m.ix.en, m.enWords
	if lang == "ru" {
		a, words = m.ix.ru, m.ruWords
	}
	ts := newTokens(a.Analyze([]byte(text)))
	var out []Range
	for i, t := range ts.toks {
		if words.m[ts.term(i)] {
			out = append(out, Range{int(t.start), int(t.end)})
		}
	}
	for _, ph := range m.phrases {
		terms := ph.en
		if lang == "ru" {
			terms = ph.ru
		}
		out = append(out, phraseRanges(ts, terms)...)
	}
	ws := newTokens(m.ix.words.Analyze([]byte(text)))
	for i, t := range ws.toks {
		for _, p := range m.prefixes {
			if strings.HasPrefix(ws.term(i), p) {
				out = append(out, Range{int(t.start), int(t.end)})
				break
			}
		}
	}
	return merge(out)
}

// Invented paragraphs in the shapes the sources have: CRLF, odd spacing,
// capitals, inline markup, both scripts, a footnote marker inside a word.
var markTexts = []struct{ lang, text string }{
	{"en", "The NEGOTIATIONS in Tabriz\r\nwent on;  negotiators   waited."},
	{"en", "Negotiated, negotiating: the <sup>3</sup>council of SECURITY met."},
	{"en", "Nothing here matches at all, only grain and wool."},
	{"en", "the Security Council, the security council and the council of security"},
	{"en", "Die, but do not retreat! They would die but not retreat."},
	{"en", "ΣΟΦΟΣ and σοφος wrote from Tabriz*; TABRIZ replied."},
	{"ru", "Переговоры в Тавризе шли долго.\r\nПЕРЕГОВОРЫ продолжались."},
	{"ru", "Тавриз, ТАВРИЗ и тавризские власти; переговорщики ждали."},
	{"ru", "Совет Безопасности собрался; совета безопасности не было."},
	{"ru", ""},
}

var markQueries = []string{
	"negotiat*", "Тавриз*", "Tabriz", "переговоры", `"Security Council"`, `"Совет Безопасности"`,
	`"die, but do not retreat"`, "σοφ*", "security -grain", "negotiations OR переговоры", "TABRIZ sec*",
}

// Marks are the same with the kept analyses as without any shortcut, the
// first time a paragraph is marked and the next.
func TestRangesWithKeptAnalyses(t *testing.T) {
	ix := testIndex(t, nil)
	for _, q := range markQueries {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		m := ix.Marker(pq)
		for round := range 2 {
			for _, tx := range markTexts {
				got, want := m.Ranges(tx.lang, tx.text), refRanges(m, tx.lang, tx.text)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s in %q (round %d): marked %v, want %v", q, tx.text, round, got, want)
				}
			}
		}
	}
	// The marks are those a reader expects, not only the same.
	pq, _ := ParseQuery("negotiat*")
	text := markTexts[0].text
	var marked []string
	for _, r := range ix.Marker(pq).Ranges("en", text) {
		marked = append(marked, text[r.Start:r.End])
	}
	if fmt.Sprint(marked) != "[NEGOTIATIONS negotiators]" {
		t.Errorf("negotiat* marked %q", marked)
	}
}

// The kept analyses stay within their bound in bytes.
func TestTokenCacheIsBounded(t *testing.T) {
	ix := testIndex(t, nil)
	const bound = 64 << 10
	ix.tokens = newTokenCache(bound)
	pq, _ := ParseQuery("grain")
	m := ix.Marker(pq)
	for i := range 500 {
		text := fmt.Sprintf("Paragraph %d: the grain of province %d was counted again and again.", i, i)
		if len(m.Ranges("en", text)) != 1 {
			t.Fatalf("grain not marked in %q", text)
		}
		n, size := ix.tokens.kept.kept()
		if size > bound || n == 0 {
			t.Fatalf("after %d paragraphs: %d kept, %d bytes; bound %d", i+1, n, size, bound)
		}
	}
	if n, _ := ix.tokens.kept.kept(); n >= 500 {
		t.Errorf("all %d paragraphs kept under a bound of %d bytes", n, bound)
	}
}
