package search

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Hints are counted by their rarest byte, not their first, and those
// looked for by the same byte together: the count must be the sum of
// strings.Count's, overlaps and all, whichever byte each is looked for by.
func TestHintCountIsStringsCount(t *testing.T) {
	texts := []string{"", "a", "aaaaa", "ababab", "abababa", "Tabriz, TABRIZ and tabriz; Tebriz", "tabr", "xtabrx", "tab",
		"Тавриз и ТАВРИЗ, тавриза", "\xff\xfe\xff", "sésame ése", "aab aab aaab", "abcabcab"}
	hints := []string{"a", "aa", "aaa", "ab", "aba", "abab", "tabr", "Tabr", "TABR", "тавр", "Тавр", "ТАВР", "\xfe\xff", "ése", "aab", "cab", "abcabcabc", "z", "b", "ba", "bab"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString([]string{"a", "b", "c", "ab", "т", "\xd1", " "}[r.IntN(7)])
		}
		texts = append(texts, b.String())
	}
	count := func(text string, hs []string) int {
		n := 0
		for _, h := range hs {
			n += strings.Count(text, h)
		}
		return n
	}
	for _, text := range texts {
		// Each hint alone, by each of its bytes.
		for _, s := range hints {
			if len(s) < 2 {
				continue
			}
			want := strings.Count(text, s)
			for at := range len(s) {
				if got := (hintGroup{c: s[at], hints: []hint{{s: s, at: at}}}).count(text); got != want {
					t.Errorf("count(%q, %q) by byte %d = %d, want %d", text, s, at, got, want)
				}
			}
		}
		// Sets of hints, grouped as a marker groups them.
		for range 20 {
			var set []string
			for _, s := range hints {
				if r.IntN(3) == 0 {
					set = append(set, s)
				}
			}
			hs := newHintSet(set)
			got := 0
			for _, g := range hs.groups {
				got += g.count(text)
			}
			got += count(text, hs.short)
			if want := count(text, set); got != want {
				t.Errorf("count(%q, %q) = %d, want %d", text, set, got, want)
			}
		}
	}
	// More hints of one byte than a group holds.
	var zs []string
	for _, c := range "abcdefghijkl" {
		zs = append(zs, "z"+string(c))
	}
	hs := newHintSet(zs)
	if len(hs.groups) != 2 || len(hs.groups[0].hints) != maxHintGroup {
		t.Errorf("12 hints of z: %+v", hs.groups)
	}
	text := "zazbzc zl zz zazaza"
	got := hs.groups[0].count(text) + hs.groups[1].count(text)
	if want := count(text, zs); got != want {
		t.Errorf("12 hints of z: %d, want %d", got, want)
	}
	// Hints that share their byte are looked for together.
	if hs := newHintSet([]string{"tabr", "Tabr", "TABR", "a", "arab", "bar"}); len(hs.groups) != 2 || len(hs.short) != 1 {
		t.Errorf("groups %+v, short %q", hs.groups, hs.short)
	}
}

// The rarest byte of a common start is not its first.
func TestHintLooksForItsRarestByte(t *testing.T) {
	for s, want := range map[string]byte{"tabr": 'b', "secu": 'u', "Tabr": 'T', "qava": 'q', "пере": "п"[1], "тавр": "в"[1]} {
		if h := newHint(s); s[h.at] != want {
			t.Errorf("%q: byte %q, want %q", s, s[h.at], want)
		}
	}
}

// A set compares with its few members one by one, and looks many up:
// either way, exactly its members.
func TestSetHasItsMembers(t *testing.T) {
	for _, n := range []int{0, 1, 8, 9, 20} {
		var s set
		for i := range n {
			s.add("person:p" + strconv.Itoa(i))
			s.add("person:p" + strconv.Itoa(i)) // twice, kept once
		}
		if len(s.list) != n || len(s.m) != n {
			t.Errorf("%d members: list %d, map %d", n, len(s.list), len(s.m))
		}
		for i := range n + 2 {
			x := "person:p" + strconv.Itoa(i)
			if got, want := s.has(x), i < n; got != want {
				t.Errorf("%d members: has(%q) = %v", n, x, got)
			}
		}
		if s.has("place:p0") || s.has("") {
			t.Errorf("%d members: another's", n)
		}
	}
}

// A document's mentions of the query's names, found by paragraph: those
// of the paragraph, all of them, whatever order the document lists them in.
func TestMentionsOfAParagraph(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fields := []string{"title", "translation", "original", "notes"}
	refs := []string{"person:qavam", "place:tabriz", "person:stalin"}
	m := (&Index{}).newMarker()
	m.refs.add(refs[0])
	m.refs.add(refs[1])
	for range 50 {
		d := &Doc{}
		for i := range r.IntN(40) {
			d.Mentions = append(d.Mentions, Mention{Ref: refs[r.IntN(3)], Field: fields[r.IntN(4)], Para: r.IntN(5), Start: i, End: i + 1})
		}
		if r.IntN(2) == 0 {
			// As documents list them: text by text, paragraph by paragraph.
			slices.SortStableFunc(d.Mentions, func(a, b Mention) int {
				return cmp.Or(strings.Compare(a.Field, b.Field), cmp.Compare(a.Para, b.Para))
			})
		}
		ms := m.mentionsByPara(d)
		for _, f := range append(fields, "summary") {
			for para := range 6 {
				var want []Range
				for _, mn := range d.Mentions {
					if mn.Field == f && mn.Para == para && mn.Ref != "person:stalin" {
						want = append(want, Range{mn.Start, mn.End})
					}
				}
				var got []Range
				for _, pm := range ms.of(f, para) {
					got = append(got, pm.r)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s %d: %v, want %v", f, para, got, want)
				}
			}
		}
	}
	if ms := m.mentionsByPara(&Doc{}); len(ms.of("title", 0)) != 0 {
		t.Error("no mentions")
	}
}

// Snippet text loses the source's markup, whichever of its characters a
// text holds, and a text without any comes back as it is.
func TestCleanDropsMarkup(t *testing.T) {
	for _, s := range []string{"", "plain text", "a<sup>1</sup>b", "*stress*", "line\nbreak", "x<y", "a*", "\n", "<", "Тавриз<sup>2</sup>\n*"} {
		if got, want := clean(s), markup.Replace(s); got != want {
			t.Errorf("clean(%q) = %q, want %q", s, got, want)
		}
	}
}
