package archive

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const miniExport = `**April 1946**

**A Letter About  
Qavam**

**Citation:**

"A Letter About Qavam", April 1946, Wilson Center Digital Archive, RGASPI, f. 17, op. 128, d. 1. Contributed by A. Person.
<https://digitalarchive.wilsoncenter.org/document/555>

**Summary:**

A short letter.

**Original Language:**

Russian

**Contents:**

Original Scan  
Translation - English

СОВЕРШЕННО СЕКРЕТНО

Кавам отказался.

12

Qavam refused.
`

func TestParseUglyVariants(t *testing.T) {
	want, err := Parse("a.md", []byte(miniExport))
	if err != nil {
		t.Fatal(err)
	}
	if want.Date.ISO() != "1946-04" || want.Date.Precision != PrecisionMonth || want.ID != "1946-04-a-letter-about-qavam" ||
		want.RecordID != "555" || want.Title != "A Letter About Qavam" {
		t.Fatalf("baseline: %+v", want)
	}
	if want.Original.Numbered() != 2 || want.Translation.Numbered() != 1 || want.Original.Paragraphs[2].Kind != KindMark {
		t.Fatalf("baseline texts: %+v / %+v", want.Original, want.Translation)
	}
	if !reflect.DeepEqual(want.Classification, []string{"СОВЕРШЕННО СЕКРЕТНО"}) {
		t.Errorf("classification %q", want.Classification)
	}
	for name, input := range map[string]string{
		"CRLF":         strings.ReplaceAll(miniExport, "\n", "\r\n"),
		"BOM":          "\ufeff" + miniExport,
		"BOM and CRLF": "\ufeff" + strings.ReplaceAll(miniExport, "\n", "\r\n"),
		"old Mac CR":   strings.ReplaceAll(miniExport, "\n", "\r"),
	} {
		got, err := Parse("a.md", []byte(input))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s parses differently from LF", name)
		}
	}
}

func TestParseDates(t *testing.T) {
	for in, want := range map[string]string{
		"April 12, 1946": "1946-04-12", "Apr. 12, 1946": "1946-04-12", "12 April 1946": "1946-04-12",
		"April 1946": "1946-04", "1946": "1946", "1946-04-12": "1946-04-12", "1946-04": "1946-04",
		"December 2, 1946": "1946-12-02",
	} {
		d, ok := ParseDate(in)
		if !ok || d.ISO() != want || d.Text != in {
			t.Errorf("ParseDate(%q) = %v %v, want %s", in, d.ISO(), ok, want)
		}
	}
	for _, in := range []string{"", "April 31, 1946", "Smarch 3, 1946", "February 30, 1946", "Telegram", "99999", "1946-13"} {
		if d, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %v, want no date", in, d)
		}
	}
}

func TestParseBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		line        int
		message     string
	}{
		{"empty", "", 0, "file is empty"},
		{"blank", "\n  \n\t\n", 0, "file is empty"},
		{"latin-1", "April 12, 1946\n\nTitle\n\nCaf\xe9 text\n", 5, "not UTF-8"},
		{"binary", "April 12, 1946\n\x00\x01", 2, "NUL byte"},
		{"export without date", "**A Title**\n\n**Summary:**\n\nx\n", 1, "no date"},
		{"export without title", "**May 5, 1946**\n\n**Summary:**\n\nx\n", 1, "no title"},
		{"capture without date", "Skip to content\n\nA Title\n\nBody text\n", 3, "no date"},
		{"capture with date only", "April 12, 1946\n", 1, "no date and title"},
	} {
		_, err := Parse(tc.name+".txt", []byte(tc.input))
		p, ok := err.(Problem)
		if !ok {
			t.Errorf("%s: got %v, want a Problem", tc.name, err)
			continue
		}
		if p.File != tc.name+".txt" || p.Line != tc.line || !strings.Contains(p.Message, tc.message) {
			t.Errorf("%s: got %q, want line %d and %q", tc.name, p.Error(), tc.line, tc.message)
		}
	}
}

func TestParseMissingFields(t *testing.T) {
	d, err := Parse("min.txt", []byte("May 1946\n\nA Bare Capture\n\nOnly one paragraph of text.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Date.Precision != PrecisionMonth || d.Translation.Numbered() != 1 || d.Summary != "" || !d.Reference.IsZero() {
		t.Errorf("%+v", d)
	}
	if len(d.Warnings) == 0 || !strings.Contains(d.Warnings[0].Message, "unknown: summary") {
		t.Errorf("want a warning about the missing summary, got %v", d.Warnings)
	}
}

func TestLoadReportsAndKeepsGoing(t *testing.T) {
	good := miniExport
	fsys := fstest.MapFS{
		"a-good.md":       {Data: []byte(good)},
		"b-same-id.md":    {Data: []byte(good)},
		"c-empty.txt":     {Data: nil},
		"d-latin1.txt":    {Data: []byte("April 12, 1946\n\nT\xe9\n")},
		"e-other.txt":     {Data: []byte("Skip to content\n\nMay 9, 1946\n\nAnother Document\n\nIts text.\n\nIts summary.\n")},
		"README.md":       {Data: []byte("# not a document")},
		"notes/image.png": {Data: []byte{0x89, 'P', 'N', 'G'}},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 2 || c.Docs[0].File != "a-good.md" || c.Docs[1].File != "e-other.txt" {
		t.Fatalf("loaded %d documents", len(c.Docs))
	}
	var got []string
	for _, p := range c.Errors() {
		got = append(got, p.Error())
	}
	want := []string{
		`b-same-id.md: gives the same ID "1946-04-a-letter-about-qavam" as a-good.md; not loaded`,
		"c-empty.txt: file is empty",
		"d-latin1.txt:3: not UTF-8 text (invalid byte at column 2); save the file as UTF-8",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d, ok := c.ByRecord("555"); !ok || d.File != "a-good.md" {
		t.Errorf("record 555 not found")
	}
	prev, next := c.Neighbours(c.Docs[0])
	if prev != nil || next != c.Docs[1] {
		t.Errorf("neighbours wrong")
	}
}

func TestReferenceAndCredits(t *testing.T) {
	r, ok := ParseReference("RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059")
	if !ok || r.Repository != "RGASPI" || r.Part("fond") != "558" || r.Part("opis") != "11" || r.Part("delo") != "99" || r.Part("list") != "0057-0059" {
		t.Errorf("%+v", r)
	}
	r, ok = ParseReference("GAPPOD AzR, f.1 op.89, d.113")
	if !ok || r.Repository != "GAPPOD AzR" || r.File() != "GAPPOD, f.1, op.89, d.113" {
		t.Errorf("%+v %s", r, r.File())
	}
	cs := ParseCredits("Obtained for CWIHP by Jamil Hasanli and translated for CWIHP by Gary Goldberg.")
	if len(cs) != 2 || cs[0].Name != "Jamil Hasanli" || cs[0].For != "CWIHP" || cs[1].Role != RoleTranslated || cs[1].Name != "Gary Goldberg" {
		t.Errorf("%+v", cs)
	}
}

func TestSlug(t *testing.T) {
	d := Date{Year: 1946, Month: 12, Day: 2, Precision: PrecisionDay}
	for title, want := range map[string]string{
		"Message from Bagirov to Stalin":       "1946-12-02-message-from-bagirov-to-stalin",
		"Sha'in Dezh, Zanjan & Tabriz — Qavam": "1946-12-02-shain-dezh-zanjan-tabriz-qavam",
		"Письмо Багирова Сталину":              "1946-12-02-pismo-bagirova-stalinu",
		"Réunion à Téhéran":                    "1946-12-02-reunion-a-teheran",
	} {
		if got := Slug(d, title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
	}
	long := strings.Repeat("very long title words ", 10)
	a, b := Slug(d, long+"one"), Slug(d, long+"two")
	if a == b || len(a) > len("1946-12-02-")+maxSlugTitle {
		t.Errorf("long titles: %q and %q", a, b)
	}
	if Slug(Date{Year: 1946, Month: 4, Precision: PrecisionMonth}, "A") != "1946-04-a" {
		t.Error("month precision slug")
	}
}

func TestSpansKeepTheirOffsets(t *testing.T) {
	line := "Cde. *О. Шериф* and Atakishiyev[1] at 16<sup>35</sup> [Translator's note: x] end"
	for _, s := range Spans(line, map[string]bool{"1": true}, new(int)) {
		if s.Style == StyleNoteRef || s.Style == StyleTranslatorNote {
			continue
		}
		if line[s.Start:s.Start+len(s.Text)] != s.Text {
			t.Errorf("span %q at %d reads %q", s.Text, s.Start, line[s.Start:s.Start+len(s.Text)])
		}
	}
}
