package archive

// The rules of the parser as they stood before parsing was made cheaper
// (issue #19), kept as oracles that the cheap scans must agree with on
// the shipped documents, the invented pages, the fuzz seeds, ugly lines
// and random strings.

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/readingroom/readingroom/documents"
	"golang.org/x/text/unicode/norm"
)

// reTextMarker finds footnote markers in a text: "word[1]" or "<sup>1</sup>";
// textMarkers scans for the same.
var reTextMarker = regexp.MustCompile(`[^\s\[]\[(\d{1,3})\]|<sup>(\d{1,3})</sup>`)

// reSummaryVerb is the rule describesDocument scans for.
var reSummaryVerb = regexp.MustCompile(`(?i)\b(?:(?:covers|mentions|highlights|examines|considers|reveals|shows|concludes|characteri[sz]es|accuses|offers|relays|passes on|documents|records|identifies|estimates|believes|maintains|expects|predicts|plans|intends|wants|hopes|fears|worries|recalls|assures|promises|explains|responds|forwards|reports|describes|discusses|informs|asks|requests|proposes|outlines|summari[sz]es|relates|conveys|transmits|sends|writes|tells|expresses|recounts|lists|details|provides|gives|contains|includes|presents|concerns|recommends|suggests|warns|complains|argues|critici[sz]es|comments|evaluates|assesses|analy[sz]es|reviews|instructs|orders|approves|demands|urges|calls|thanks|congratulates|protests|announces|confirms|refuses|rejects|denies|claims|states|notifies|advises|addresses|appeals|seeks|notes|agrees|decides|answers|replies|acknowledges|reiterates|emphasi[sz]es|stresses|insists|points out)|(?:they|who|members|leaders|workers|delegates|representatives|officials|authorities|[a-z]+s)\s+(?:ask|describe|inform|forward|discuss|explain|propose|urge|demand|complain|protest|thank|congratulate|warn|instruct|express|outline|summari[sz]e|respond|request|report|appeal|call on|agree|refuse))\b`)

func oldTextMarkers(l string) []string {
	var out []string
	for _, m := range reTextMarker.FindAllStringSubmatch(l, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// oldSlugWords is the title part of Slug as it was, before its ASCII
// letters were read ahead of the tables.
func oldSlugWords(title string) []string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’':
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			w.WriteRune(r)
		case cyrillicLatin[r] != "" || r == 'ъ' || r == 'ь':
			w.WriteString(cyrillicLatin[r])
		default:
			flush()
		}
	}
	flush()
	return words
}

func oldIsCreditLine(s string) bool {
	n := -1
	for f := range strings.FieldsSeq(s) {
		if n += 1 + len(f); n > 400 {
			return false
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if reSupport.MatchString(s) {
		return true
	}
	return reCreditStart.MatchString(s) && len(ParseCredits(s)) > 0
}

func oldIsContentsItem(s string) bool {
	s = strings.Join(strings.Fields(strings.TrimLeft(s, "# ")), " ")
	if len(s) > 60 {
		return false
	}
	m := reContentsItem.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	return m[1] == "" || languageCode(m[1]) != ""
}

func oldPageLabel(line string) (label, value string, ok bool) {
	s := strings.Join(strings.Fields(line), " ")
	if len(s) > 40+maxReference {
		return "", "", false
	}
	if l, found := pageLabels[strings.ToLower(strings.TrimSuffix(s, ":"))]; found {
		return l, "", true
	}
	if i := strings.Index(s, ":"); i > 0 && i < 30 {
		if l, found := pageLabels[strings.ToLower(s[:i])]; found {
			return l, strings.TrimSpace(s[i+1:]), true
		}
	}
	return "", "", false
}

func oldRelatedRow(s string) (Related, bool) {
	cells := reCellSep.Split(strings.TrimSpace(s), -1)
	if len(cells) < 2 || len(cells) > 3 {
		return Related{}, false
	}
	for i := range cells {
		cells[i] = strings.Join(strings.Fields(cells[i]), " ")
	}
	d, ok := ParseDate(cells[0])
	if !ok || cells[1] == "" {
		return Related{}, false
	}
	r := Related{Date: d, Title: cells[1]}
	if len(cells) == 3 {
		r.Summary = cells[2]
	}
	return r, true
}

// oracleLines returns lines to try the rules on: every line of the shipped
// documents and invented pages, the fuzz seeds', invented ugly lines, and
// random strings of the pieces the rules look at.
func oracleLines(t *testing.T) []string {
	t.Helper()
	var texts []string
	names, _ := fs.Glob(documents.FS, "*.*")
	for _, name := range names {
		if data, err := fs.ReadFile(documents.FS, name); err == nil && IsSource(name) {
			texts = append(texts, string(data))
		}
	}
	pages, _ := filepath.Glob("testdata/pages/*")
	corpus, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, p := range append(pages, corpus...) {
		if data, err := os.ReadFile(p); err == nil {
			texts = append(texts, string(data))
		}
	}
	texts = append(texts, "Digital Archive\n\nMay 1946\nT\n\nContents:\n  English Translation\n\f\fx-\n\fy\n", "May 1946\nT\nRelated Documents\nA\nMay 1946\n|\n", "**April 1946**\n\n**T**\n\n**Contents:**\n", "April 12, 1946\r\n\r\nT\r\n", "**Citation:**\n\n<http://x/document/1>")
	var lines []string
	for _, text := range texts {
		for _, l := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' }) {
			lines = append(lines, l, strings.TrimSpace(l))
		}
		for _, para := range strings.Split(text, "\n\n") {
			lines = append(lines, para, strings.Join(strings.Fields(para), " "))
		}
	}
	lines = append(lines,
		// Invented ugly lines in the shapes the rules read.
		"", " ", "\t", ":", "::", " : ", "Record ID:", "record id :  4411", "RECORD ID: 12", "  Author(s) ", "Author(s)::",
		"Associated  People\tand Organizations", "Associated People & Organizations:", "\u212aeywords", "\u212aEYWORDS:", "KEYWORDS: a; b",
		"Source: Some Archive, f. 3", "Note: this is a line of prose with a colon early on", strings.Repeat("x", 29)+": late colon",
		strings.Repeat("y", 30)+": later colon", strings.Repeat("Associated ", 13), "Associated\u00a0Places", "Associated\u2003Places",
		"Обнаружено: 5", "Язык: русский", "Original Language:\u00a0Russian", "Original Scan", "  # Translation - English", "## Transcript – Russian",
		"Soviet Translation", "Farsi translation", "Translation:Persian", "scan of the original document", "SCAN OF ORIGINAL", "original - russian",
		"Obtained for CWIHP by Someone Invented.", "  obtained by A. Person and translated by B. Person", "Provided by nobody", "ſupported by the Fund",
		"This document was made possible with the generous SUPPORT OF an Invented Trust.", "With support from", "supported by  X.", "ObtAIned for X by ",
		"Contributed for the Project by   Y", "Donated", "pROVIDED  FOR Z BY Q.", "Translated by", "translated", "Translatedby X", "Supporting cast",
		"March 2, 1946 | A title | its summary", "1946|x", "1946 |", "| 1946 | t", "March 2, 1946\tA title", "April 1946   Title   Summary   extra",
		"May 3, 1946  \t  T", "May 3, 1946\r\n\r\nT", "May 3, 1946 \f\r T", "June 1946\u00a0\u00a0\u00a0T", "12 May 1946 || T",
		"word[1]", "word [1]", "[1]", "x[12]y[3]", "a[1][2]", "a[1234]", "a[]", "ж[7]", "\u00a0[5]", "\t[5]", "[[5]]", "x<sup>1</sup>",
		"<sup>22</sup><sup>3</sup>", "<sup>1234</sup>", "<sup></sup>", "<sup>1</sup >", "<[3]", "<<sup>4</sup>", "[<sup>5</sup>", "a[9]<sup>9</sup>",
		"\xff[1]", "a\xc3[2]", "x[1", "x[１]", "word[1]\r",
		"Bagirov forwards a letter.", "The delegates ask for help.", "they  ask", "who\tcall on", "Who call  on", "xforwards", "forwardsx",
		"forwards_", "_forwards", "9forwards", "forwards9", "ſhows", "xſhows y", "a\u212a ask", "thanks", "than\u212as.", "Ks ask", "ss ask",
		"s ask", "as ask", "ſſ ask", "é ask", "éforwards", "forwardsé", "the workers demanded", "the workers demand", "writes", "writ es",
		"members\u00a0ask", "members\r\nask", "it summarizes", "it summarises", "analyzes", "analyses", "he points  out", "he points out.",
	)
	rng := rand.New(rand.NewPCG(19, 5))
	pieces := []string{"[", "]", "1", "23", "456", "<sup>", "</sup>", "<", ">", " ", "  ", "   ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "|",
		":", "#", "*", ".", ",", "-", "–", "x", "ж", "ſ", "\u212a", "İ", "\xff", "Obtained", "for CWIHP", " by ", "translated", "support", "UPPORT",
		"from", "made possible with", "Record ID", "Author(s)", "Source", "Associated People", "Translation", "English", "Russian", "Original Scan",
		"March 2, 1946", "1946", "Переведено", "Фонд", "forwards", "FORWARDS", "forwardſ", "asks", "as\u212a", "a", "they", "THEY", "who",
		"members", "s", "ſ", "ask", "call on", "call  on", "points out", "passes on", "summarizes", "summarises", "summarize", "_", "9", "reports",
		"report", "Kuliyev", "thanks", "é", "É", "Sha'in", "Ёлка", "ОБЪЕКТ", "\u212a", "Ǆ", "ﬁ", "İstanbul", "a\u0301"}
	for range 30000 {
		var b strings.Builder
		for range rng.IntN(14) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		lines = append(lines, b.String())
	}
	for range 5000 { // random bytes and runes
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		lines = append(lines, string(b), strings.ToValidUTF8(string(b), "ж"))
	}
	return lines
}

func TestScansAgreeWithTheirExpressions(t *testing.T) {
	for _, l := range oracleLines(t) {
		var got []string
		textMarkers(l, func(m string) { got = append(got, m) })
		if want := oldTextMarkers(l); strings.Join(got, ",") != strings.Join(want, ",") || len(got) != len(want) {
			t.Fatalf("markers of %q: %q, the expression finds %q", l, got, want)
		}
		if got, want := isCreditLine(l), oldIsCreditLine(l); got != want {
			t.Fatalf("isCreditLine(%q) = %v, was %v", l, got, want)
		}
		if got, want := isContentsItem(l), oldIsContentsItem(l); got != want {
			t.Fatalf("isContentsItem(%q) = %v, was %v", l, got, want)
		}
		gl, gv, gok := pageLabel(l)
		if wl, wv, wok := oldPageLabel(l); gl != wl || gv != wv || gok != wok {
			t.Fatalf("pageLabel(%q) = %q, %q, %v; was %q, %q, %v", l, gl, gv, gok, wl, wv, wok)
		}
		gr, gok := relatedRow(l)
		if wr, wok := oldRelatedRow(l); gr != wr || gok != wok {
			t.Fatalf("relatedRow(%q) = %+v, %v; was %+v, %v", l, gr, gok, wr, wok)
		}
		if got, want := Slug(Date{}, l), strings.Join(oldSlugWords(l), "-"); len(want) <= maxSlugTitle && got != want {
			t.Fatalf("Slug of %q = %q, was %q", l, got, want)
		}
		if got, want := describesDocument(l), reSummaryVerb.MatchString(l); got != want {
			t.Fatalf("describesDocument(%q) = %v, the expression says %v", l, got, want)
		}
	}
}

// FuzzScans is the same comparison on any line.
func FuzzScans(f *testing.F) {
	f.Add("Atakishiyev[1] <sup>2</sup> Record ID: 1 | March 2, 1946")
	f.Fuzz(func(t *testing.T, l string) {
		var got []string
		textMarkers(l, func(m string) { got = append(got, m) })
		if want := oldTextMarkers(l); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("markers of %q: %q, the expression finds %q", l, got, want)
		}
		if isCreditLine(l) != oldIsCreditLine(l) || isContentsItem(l) != oldIsContentsItem(l) {
			t.Fatalf("credit or contents rule differs on %q", l)
		}
		gl, gv, gok := pageLabel(l)
		if wl, wv, wok := oldPageLabel(l); gl != wl || gv != wv || gok != wok {
			t.Fatalf("pageLabel(%q) differs", l)
		}
		gr, gok := relatedRow(l)
		if wr, wok := oldRelatedRow(l); gr != wr || gok != wok {
			t.Fatalf("relatedRow(%q) differs", l)
		}
		if describesDocument(l) != reSummaryVerb.MatchString(l) {
			t.Fatalf("describesDocument(%q) differs", l)
		}
	})
}

// The ASCII comparisons of mayBeCredit and isContentsItem hold only if
// the letters they look at fold to no letter outside ASCII under (?i).
func TestCreditLettersFoldInASCII(t *testing.T) {
	for _, r := range "upport" + "original" + "can" + "tran" {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f >= utf8.RuneSelf {
				t.Errorf("%q folds to %q, outside ASCII", r, f)
			}
		}
	}
}
