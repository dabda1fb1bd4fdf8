package archive

import (
	"regexp"
	"strings"
	"testing"
)

// Every fixture in this file is invented: the wording imitates the shape
// of the archive's pages, never their text.

// parseFixture parses an invented source and checks that no line of it is
// lost: each non-blank line is in the model or skipped with a reason.
func parseFixture(t *testing.T, name, src string) *Document {
	t.Helper()
	d, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	model := normalise(strings.Join(modelStrings(d), "\n"))
	skipped := map[int]bool{}
	for _, s := range d.Skipped {
		skipped[s.Line] = true
	}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	for i, line := range strings.Split(src, "\n") {
		for _, part := range strings.Split(line, "\f") {
			n := normalise(part)
			if n == "" || skipped[i+1] {
				continue
			}
			// A credit drops its full stop; a footnote is written "[1]".
			n = strings.TrimSuffix(n, ".")
			note := reNoteNumber.ReplaceAllString(n, "[$1] ")
			if !strings.Contains(model, n) && !strings.Contains(model, note) && !strings.Contains(model, strings.TrimSuffix(n, "-")) {
				t.Errorf("%s: line %d lost: %q", name, i+1, part)
			}
		}
	}
	return d
}

var reNoteNumber = regexp.MustCompile(`^(\d+)\.? `)

func warningsOf(d *Document) string {
	var out []string
	for _, w := range d.Warnings {
		out = append(out, w.Error())
	}
	return strings.Join(out, "\n")
}

func texts(t Text) []string {
	var out []string
	for _, p := range t.Paragraphs {
		if p.N > 0 {
			out = append(out, p.Plain())
		}
	}
	return out
}

// --- the page capture -----------------------------------------------------

const captureFull = `Skip to content

March 3, 1946

Note from the Consul in Ardabil on the Grain Convoy


Consul Petrosyan to the Ministry


The convoy of forty carts left the depot at dawn and reached the river crossing[1] by noon.


The drivers were paid in kind, as agreed with the cooperative[2].


Petrosyan


[1] The crossing near the old mill, destroyed in 1947.


[2] A village cooperative; its records have not survived.


The consul reports on a grain convoy sent from Ardabil and on how its drivers were paid.


Document Information


Source


AVPRF, Referentura po Iranu, f. 094, op. 37, papka 12, d. 5, ll. 3-4. Reprinted in Collected Papers on the North (Baku, 1999), p. 45. Obtained and contributed by Example Person.


Rights


The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational purposes.


Original Uploaded Date


Record ID


900101
`

func TestCaptureFootnotesSummaryAndSource(t *testing.T) {
	for name, src := range map[string]string{
		"LF":   captureFull,
		"CRLF": strings.ReplaceAll(captureFull, "\n", "\r\n"),
		"BOM":  "\ufeff" + captureFull,
	} {
		d := parseFixture(t, "full-"+name+".txt", src)
		if d.Layout != LayoutWebPage || d.Title != "Note from the Consul in Ardabil on the Grain Convoy" || d.Date.ISO() != "1946-03-03" {
			t.Errorf("%s: %s %q %s", name, d.Layout, d.Title, d.Date.ISO())
		}
		if d.Summary != "The consul reports on a grain convoy sent from Ardabil and on how its drivers were paid." {
			t.Errorf("%s: summary %q", name, d.Summary)
		}
		if got := texts(d.Translation); len(got) != 4 || got[3] != "Petrosyan" {
			t.Errorf("%s: text %q", name, got)
		}
		if len(d.Notes) != 2 || d.Notes[0].Marker != "1" || d.Notes[0].Paragraph != 2 || d.Notes[1].Paragraph != 3 || !strings.HasPrefix(d.Notes[1].Text, "A village cooperative") {
			t.Errorf("%s: notes %+v", name, d.Notes)
		}
		r := d.Reference
		if r.Repository != "AVPRF" || r.Department != "Referentura po Iranu" || r.Part("fond") != "094" || r.Part("papka") != "12" || r.Part("list") != "3-4" ||
			r.Tail != "Reprinted in Collected Papers on the North (Baku, 1999), p. 45" {
			t.Errorf("%s: reference %+v", name, r)
		}
		if !strings.HasPrefix(r.Text, "AVPRF, Referentura po Iranu, f. 094") || !strings.HasSuffix(r.Text, "p. 45") {
			t.Errorf("%s: reference not kept verbatim: %q", name, r.Text)
		}
		if len(d.Credits) != 1 || d.Credits[0].Name != "Example Person" {
			t.Errorf("%s: credits %+v", name, d.Credits)
		}
		if d.RecordID != "900101" || !strings.HasPrefix(d.Rights, "The History and Public Policy Program") {
			t.Errorf("%s: record %q rights %q", name, d.RecordID, d.Rights)
		}
		if d.Warnings != nil {
			t.Errorf("%s: a complete page warns:\n%s", name, warningsOf(d))
		}
	}
}

func TestCaptureNumberedNotesUnderAHeading(t *testing.T) {
	src := "May 1946\n\nA Report on Roads\n\nThe road to Mianeh<sup>1</sup> was closed for a week.\n\nRepairs began after the thaw.<sup>2</sup>\n\nNotes\n1. A town on the southern route.\n2. The thaw came late that year,\nas the reports say.\n\nThe report describes the state of the southern roads in spring.\n\nDocument Information\n\nGARF, f. 5446, op. 1, d. 7.\n"
	d := parseFixture(t, "numbered.txt", src)
	if len(d.Notes) != 2 || d.Notes[0].Paragraph != 1 || d.Notes[1].Text != "The thaw came late that year,\nas the reports say." {
		t.Errorf("notes %+v", d.Notes)
	}
	if got := texts(d.Translation); len(got) != 2 {
		t.Errorf("text %q", got)
	}
	if d.Summary == "" || d.Date.Precision != PrecisionMonth {
		t.Errorf("summary %q date %v", d.Summary, d.Date)
	}
}

func TestCaptureNumberedListIsText(t *testing.T) {
	// Numbered lines without markers or a notes heading are the text's own
	// list, and the last of them is no summary.
	src := "June 2, 1946\n\nDemands of the Delegation\n\nWe put forward three demands:\n\n1. The schools shall teach in the mother tongue.\n\n2. The harvest shall stay in the province.\n\n3. The council shall meet every month in the provincial capital.\n\nDocument Information\n\nRGASPI, f. 17, op. 1, d. 2.\n"
	d := parseFixture(t, "list.txt", src)
	if len(d.Notes) != 0 || len(texts(d.Translation)) != 4 {
		t.Errorf("notes %+v text %q", d.Notes, texts(d.Translation))
	}
	if d.Summary != "" || !strings.Contains(warningsOf(d), "list.txt:11: no summary") {
		t.Errorf("summary %q warnings:\n%s", d.Summary, warningsOf(d))
	}
}

func TestCaptureWithoutSummaryInventsNone(t *testing.T) {
	for _, tc := range []struct{ name, last, why string }{
		{"first person", "We await your answer and remain ready to meet at any hour you name.", "first or second person"},
		{"signature", "With deep respect and greetings: Karimov, Aliyeva, Dzhafarov, Mamedov", "does not end as a sentence"},
		{"short", "Long live the republic!", "too short"},
		{"third person prose", "The garrison remained in the barracks throughout the night, and the streets were quiet.", "does not describe a document"},
		{"bracketed", "[signature illegible] The seal of the committee is affixed below the text.", "editorial brackets"},
		{"Russian", "Ждем вашего ответа в ближайшие дни, как было условлено ранее.", "not in English"},
	} {
		src := "July 1, 1946\n\nA Letter Without a Summary\n\nThe first paragraph of the letter says what happened.\n\n" + tc.last + "\n\nDocument Information\n\nGAPPOD AzR, f.1 op.2, d.3.\n"
		d := parseFixture(t, tc.name+".txt", src)
		all := append(texts(d.Original), texts(d.Translation)...)
		if d.Summary != "" || len(all) != 2 || !strings.Contains(strings.Join(all, "\n"), tc.last) {
			t.Errorf("%s: summary %q, text %q", tc.name, d.Summary, all)
		}
		if w := warningsOf(d); !strings.Contains(w, ":7: no summary") || !strings.Contains(w, tc.why) {
			t.Errorf("%s: warnings:\n%s", tc.name, w)
		}
	}
}

func TestCaptureCutShort(t *testing.T) {
	src := "August 9, 1946\n\nTelegram on the Border Posts\n\nThe posts along the river were strengthened, and the commander asked that the reserve be moved closer to the bridge, because the\n"
	d := parseFixture(t, "cut.txt", src)
	w := warningsOf(d)
	if !strings.Contains(w, "cut.txt:5: the page stops mid-sentence and has no document information") ||
		!strings.Contains(w, "unknown: summary, archival reference, record ID, rights, credits, original language") {
		t.Errorf("warnings:\n%s", w)
	}
	if d.Summary != "" || len(texts(d.Translation)) != 1 {
		t.Errorf("summary %q", d.Summary)
	}
}

// --- the older page template ----------------------------------------------

const oldTemplate = `April 2, 1946 | A Related Order on Fuel | The ministry orders fuel sent north.
October 14, 1946
Letter from the District Committee on the Harvest
To the secretary of the committee.
The harvest in the district was gathered early, and the granaries are full.
We ask that the surplus be sent to the city before the roads close.
Chairman Rzayev
The district committee reports an early harvest and asks for the surplus to be moved to the city.
Author(s):
Associated Places
Lankaran
Astara
Associated Topics
Agriculture; Food supply
Subjects Discussed
Harvests
Related Documents
September 30, 1946 | An Earlier Harvest Report | The committee estimates the yield.
November 2, 1946
A Reply from the Ministry
The ministry agrees to send trucks.
Document Information
Source
GAPPOD AzR, f. 1, op. 90, d. 44, l. 12. Translated for CWIHP by Sample Translator.
Original Archive
State Archive of Political Parties
Rights
The rights to this record are held by its owners.
Record ID
900202
`

func TestOlderTemplate(t *testing.T) {
	for name, src := range map[string]string{"LF": oldTemplate, "CRLF": strings.ReplaceAll(oldTemplate, "\n", "\r\n"), "spaced": strings.ReplaceAll(oldTemplate, "\n", "  \n")} {
		d := parseFixture(t, "old-"+name+".txt", src)
		if d.Layout != LayoutOldPage || d.Date.ISO() != "1946-10-14" || d.Title != "Letter from the District Committee on the Harvest" {
			t.Fatalf("%s: %s %s %q", name, d.Layout, d.Date.ISO(), d.Title)
		}
		if d.Summary != "The district committee reports an early harvest and asks for the surplus to be moved to the city." {
			t.Errorf("%s: summary %q", name, d.Summary)
		}
		if got := texts(d.Translation); len(got) != 4 || got[0] != "To the secretary of the committee." || got[3] != "Chairman Rzayev" {
			t.Errorf("%s: text %q", name, got)
		}
		if strings.Join(d.Subjects, ",") != "Lankaran,Astara,Agriculture,Food supply,Harvests" {
			t.Errorf("%s: subjects %q", name, d.Subjects)
		}
		if len(d.Related) != 3 {
			t.Fatalf("%s: related %+v", name, d.Related)
		}
		want := []struct{ date, title, summary string }{
			{"1946-04-02", "A Related Order on Fuel", "The ministry orders fuel sent north."},
			{"1946-09-30", "An Earlier Harvest Report", "The committee estimates the yield."},
			{"1946-11-02", "A Reply from the Ministry", "The ministry agrees to send trucks."},
		}
		for i, w := range want {
			r := d.Related[i]
			if r.Date.ISO() != w.date || r.Title != w.title || r.Summary != w.summary {
				t.Errorf("%s: related %d = %+v", name, i, r)
			}
		}
		if d.Reference.File() != "GAPPOD, f.1, op.90, d.44" || d.RecordID != "900202" || d.Rights != "The rights to this record are held by its owners." {
			t.Errorf("%s: ref %q record %q rights %q", name, d.Reference.File(), d.RecordID, d.Rights)
		}
		if len(d.Credits) != 1 || d.Credits[0].Role != RoleTranslated || len(d.Authors) != 0 {
			t.Errorf("%s: credits %+v authors %q", name, d.Credits, d.Authors)
		}
		if d.Warnings != nil {
			t.Errorf("%s: warnings:\n%s", name, warningsOf(d))
		}
	}
}

func TestOlderTemplateWithoutSummaryOrFields(t *testing.T) {
	src := "1946\nInstructions to the Delegates\nThe delegates shall travel by the northern road.\nThey must report to me on arrival.\nAuthor(s): Ministry of Roads\nAssociated Places\nAssociated Topics\nRelated Documents\nRecord ID\n"
	d := parseFixture(t, "old-bare.txt", src)
	if d.Summary != "" || len(texts(d.Translation)) != 2 || len(d.Related) != 0 || len(d.Subjects) != 0 {
		t.Errorf("summary %q text %q related %+v subjects %q", d.Summary, texts(d.Translation), d.Related, d.Subjects)
	}
	if strings.Join(d.Authors, ";") != "Ministry of Roads" || d.Date.Precision != PrecisionYear {
		t.Errorf("authors %q date %v", d.Authors, d.Date)
	}
	if w := warningsOf(d); !strings.Contains(w, "old-bare.txt:4: no summary") || !strings.Contains(w, "no archival reference") {
		t.Errorf("warnings:\n%s", w)
	}
}

func TestOlderTemplateRelatedRowsNeverSummary(t *testing.T) {
	// A page without a summary: what follows "Related Documents" must not
	// be taken for one, nor for text.
	src := "December 1946\nMinutes of the Town Meeting\nThe meeting opened at six.\nAll members were present.\nRelated Documents\nDecember 5, 1946\nAn Order Closing the Market\nThe governor closes the market for a week.\nDocument Information\nGARF, f. 1, op. 2, d. 3.\n"
	d := parseFixture(t, "old-rows.txt", src)
	if d.Summary != "" || len(texts(d.Translation)) != 2 {
		t.Errorf("summary %q text %q", d.Summary, texts(d.Translation))
	}
	if len(d.Related) != 1 || d.Related[0].Title != "An Order Closing the Market" || d.Related[0].Date.ISO() != "1946-12-05" || d.Related[0].Summary == "" {
		t.Errorf("related %+v", d.Related)
	}
}

// --- the PDF export ---------------------------------------------------------

const pdfExport = "                                 Digital Archive\n" +
	"                          digitalarchive.wilsoncenter.org\n" +
	"                        International History Declassified\n" +
	"\n" +
	"                                 January 1946\n" +
	"                 Survey of the Printing Houses of Tabriz and the\n" +
	"                              Newspapers They Print\n" +
	"\n" +
	"Citation:\n" +
	"\"Survey of the Printing Houses of Tabriz and the Newspapers They Print\", January 1946,\n" +
	"Wilson Center Digital Archive, APRF: F. 39, Op. 1, D. 31, Ll. 49-52. Contributed by Sample\n" +
	"Contributor.\n" +
	"https://digitalarchive.wilsoncenter.org/document/900303\n" +
	"\n" +
	"Summary:\n" +
	"A survey lists the printing houses of the city and the newspapers each of them\n" +
	"prints.\n" +
	"\n" +
	"Credits:\n" +
	"This document was made possible with support from the Example Foundation.\n" +
	"\n" +
	"Original Language:\n" +
	"Russian\n" +
	"\n" +
	"Contents:\n" +
	"    English Translation\n" +
	"    Scan of Original Document\n" +
	"    Transcript - Russian\n" +
	"\fEnglish Translation\n" +
	"There are five printing houses in the city. Three of them belong to the state and two to\n" +
	"private owners, who print books and calendars besides the newspapers.\n" +
	"The largest house prints the daily paper in two languages on machines brought from\n" +
	"abroad before the war, and its workers are paid by the sheet, which the owners find\n" +
	"\fcheaper than paying by the day, though the workers complain about it.\n" +
	"The smaller houses lack paper and often stand idle for weeks, waiting for deliveries that\n" +
	"come by road from the capital when the passes are open.\n" +
	"Signed: Officer of the Section\n" +
	"https://digitalarchive.wilsoncenter.org/document/900303\n" +
	"\fTranscript - Russian\n" +
	"В городе пять типографий. Три из них принадлежат государству, а две частным владель-\n" +
	"\fцам, которые печатают книги и календари кроме газет, и все они работают в две смены.\n" +
	"\f"

func TestPDFExport(t *testing.T) {
	for name, src := range map[string]string{"LF": pdfExport, "CRLF": strings.ReplaceAll(pdfExport, "\n", "\r\n")} {
		d := parseFixture(t, "export-"+name+".txt", src)
		if d.Layout != LayoutPDF || d.Date.ISO() != "1946-01" || d.Title != "Survey of the Printing Houses of Tabriz and the Newspapers They Print" {
			t.Fatalf("%s: %s %s %q", name, d.Layout, d.Date.ISO(), d.Title)
		}
		if d.Summary != "A survey lists the printing houses of the city and the newspapers each of them prints." {
			t.Errorf("%s: summary %q", name, d.Summary)
		}
		if d.Reference.Repository != "APRF" || d.Reference.Part("fond") != "39" || d.Reference.Part("list") != "49-52" || d.RecordID != "900303" {
			t.Errorf("%s: reference %+v record %q", name, d.Reference, d.RecordID)
		}
		roles := []string{}
		for _, c := range d.Credits {
			roles = append(roles, c.Role+":"+c.Name)
		}
		if strings.Join(roles, ",") != "contributed:Sample Contributor,supported:the Example Foundation" {
			t.Errorf("%s: credits %q", name, roles)
		}
		if strings.Join(d.Contents, ",") != "English Translation,Scan of Original Document,Transcript - Russian" || d.OriginalLanguage != "Russian" {
			t.Errorf("%s: contents %q language %q", name, d.Contents, d.OriginalLanguage)
		}
		en := texts(d.Translation)
		if len(en) != 4 || !strings.HasPrefix(en[0], "There are five") || !strings.HasPrefix(en[1], "The largest house") ||
			!strings.HasPrefix(en[2], "The smaller houses") || en[3] != "Signed: Officer of the Section" {
			t.Errorf("%s: English paragraphs %q", name, en)
		}
		// The paragraph that runs over the page is one, its page break kept.
		var largest Paragraph
		for _, p := range d.Translation.Paragraphs {
			if p.N == 2 {
				largest = p
			}
		}
		if len(largest.Breaks) != 1 || largest.Breaks[0].Before != 2 || largest.Breaks[0].Hyphen {
			t.Errorf("%s: page break in paragraph 2: %+v", name, largest.Breaks)
		}
		ru := texts(d.Original)
		if len(ru) != 1 || !strings.Contains(d.Original.Paragraphs[len(d.Original.Paragraphs)-1].Joined(), "владельцам") {
			t.Errorf("%s: Russian %q", name, ru)
		}
		pages := 0
		for _, p := range append(d.Original.Paragraphs, d.Translation.Paragraphs...) {
			if p.Kind == KindPage {
				pages++
			}
		}
		if pages != 2 { // before each text's heading; the others fall inside paragraphs
			t.Errorf("%s: %d page marks", name, pages)
		}
		if w := warningsOf(d); w != "" {
			t.Errorf("%s: warnings:\n%s", name, w)
		}
	}
}

func TestPDFParagraphsAndPageNumbers(t *testing.T) {
	// Blank lines between paragraphs, printed page numbers, a funding line
	// at the end, no contents list: texts start after the fields.
	src := "Digital Archive\nInternational History Declassified\n\nFebruary 12, 1946\nA Short Cable\n\nCitation:\n\"A Short Cable\", February 12, 1946, Wilson Center Digital Archive, RGASPI, f. 82, op. 2, d. 1, microfilm reel 7.\n\nSummary:\nThe cable informs the centre of a delay in the talks.\n\nOriginal Language:\nEnglish\n\nThe talks are postponed until Monday.\n\n1\n\fThe delegation stays in the city.\n\nThis document was made possible with support from the Sample Trust.\n"
	d := parseFixture(t, "cable.txt", src)
	if got := texts(d.Original); len(got) != 2 || got[1] != "The delegation stays in the city." || d.HasTranslation() {
		t.Errorf("text %q", got)
	}
	if d.Reference.Part("reel") != "7" || len(d.Credits) != 1 || d.Credits[0].Role != RoleSupported {
		t.Errorf("reference %+v credits %+v", d.Reference, d.Credits)
	}
	if d.Summary != "The cable informs the centre of a delay in the talks." || d.OriginalLanguage != "English" {
		t.Errorf("summary %q language %q", d.Summary, d.OriginalLanguage)
	}
}

func TestPDFWithoutDate(t *testing.T) {
	_, err := Parse("nodate.txt", []byte("Digital Archive\nInternational History Declassified\n\nA Title Only\n\nCitation:\nx\n"))
	if p, ok := err.(Problem); !ok || p.Line != 4 || !strings.Contains(p.Message, "no date") {
		t.Errorf("got %v", err)
	}
}

// --- the Markdown export ----------------------------------------------------

const markdownCredits = `**May 20, 1946**

**Report on the Teachers' Congress**

**Citation:**

"Report on the Teachers' Congress", May 20, 1946, Wilson Center Digital Archive, RGASPI, f. 17, op. 128, d. 77. Obtained for CWIHP by First Person.
<https://wilson-center-digital-archive.dvincitest.com/document/900404>

**Summary:**

The report describes a congress of teachers held in the provincial capital.

**Credits:**

Translated for CWIHP by Second Person.

This document was made possible with support from the Sample Foundation.

**Original Language:**

Russian

**Contents:**

English Translation  
Scan of Original Document

This document was made possible with support from the Other Fund.

The congress opened with a speech about the new schoolbooks.

The delegates asked for more paper.
`

func TestMarkdownCreditsAndContents(t *testing.T) {
	d := parseFixture(t, "md.md", markdownCredits)
	var cs []string
	for _, c := range d.Credits {
		cs = append(cs, c.Role+":"+c.Name)
	}
	if strings.Join(cs, ",") != "obtained:First Person,translated:Second Person,supported:the Sample Foundation,supported:the Other Fund" {
		t.Errorf("credits %q", cs)
	}
	if got := texts(d.Translation); len(got) != 2 || !strings.HasPrefix(got[0], "The congress opened") {
		t.Errorf("text %q", got)
	}
	if strings.Join(d.Contents, ",") != "English Translation,Scan of Original Document" {
		t.Errorf("contents %q", d.Contents)
	}
	w := warningsOf(d)
	if !strings.Contains(w, "md.md:8: the address") || !strings.Contains(w, "not on the archive's own digitalarchive.wilsoncenter.org") {
		t.Errorf("staging host not warned:\n%s", w)
	}
	if strings.Contains(w, "language is missing") {
		// The contents promise a scan of the original, not its text.
		t.Errorf("an export with the scan and the translation warned:\n%s", w)
	}
}

func TestMarkdownMissingTranslation(t *testing.T) {
	src := "**May 1946**\n\n**Записка**\n\n**Citation:**\n\n\"Записка\", May 1946, Wilson Center Digital Archive, GARF, f. 1, op. 1, d. 1.\n\n**Summary:**\n\nA note reports on the weather in the mountains.\n\n**Original Language:**\n\nRussian\n\n**Contents:**\n\nTranscript - Russian  \nTranslation - English\n\nПогода в горах плохая.\n"
	d := parseFixture(t, "ru.md", src)
	if w := warningsOf(d); !strings.Contains(w, "the contents name a translation into English, but the file holds no English text") {
		t.Errorf("warnings:\n%s", w)
	}
}

func TestSuspectFirstParagraphs(t *testing.T) {
	// A capture whose text opens with a related record's row.
	src := "March 1946\n\nA Page With a Stray Row\n\nMarch 2, 1946 | Another Record | Its own summary.\n\nThe text itself.\n\nDocument Information\n\nGARF, f. 1, op. 1, d. 1.\n"
	d := parseFixture(t, "stray.txt", src)
	w := warningsOf(d)
	if !regexp.MustCompile(`stray\.txt:5: paragraph 1 of the English text is a related record's row`).MatchString(w) {
		t.Errorf("warnings:\n%s", w)
	}
}

func TestTextUnderASubjectLabel(t *testing.T) {
	src := "May 6, 1946\n\nA Page With a Label Too Early\n\nAssociated Topics\n\nOrigin Unknown:\n\nThe text of the page goes on here after the label.\n\nDocument Information\n\nGARF, f. 1, op. 2, d. 4.\n"
	d := parseFixture(t, "early.txt", src)
	w := warningsOf(d)
	for _, want := range []string{
		`early.txt:7: unrecognised label "Origin Unknown:"`,
		`early.txt:9: under "Associated Topics", "The text of the page goes on here after the label." is a sentence, not a subject tag`,
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
	if len(d.Subjects) != 0 {
		t.Errorf("subjects %q", d.Subjects)
	}
}

// --- references ---------------------------------------------------------------

func TestReferencesAsArchivesWriteThem(t *testing.T) {
	for _, tc := range []struct {
		in, repo, dept, file, tail string
		parts                      string
	}{
		{"GAPPOD AzR, f.1 op.89, d.113", "GAPPOD AzR", "", "GAPPOD, f.1, op.89, d.113", "", "fond 1,opis 89,delo 113"},
		{"RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059", "RGASPI", "", "RGASPI, f.558, op.11, d.99", "", "fond 558,opis 11,delo 99,list 0057-0059"},
		{"APRF: F. 39, Op. 1, D. 31, Ll. 49-52", "APRF", "", "APRF, f.39, op.1, d.31", "", "fond 39,opis 1,delo 31,list 49-52"},
		{"APRF: F. 3, Op. 1, D. 2. Reprinted in A Sample Volume (Moscow, 1995), pp. 10-12.", "APRF", "", "APRF, f.3, op.1, d.2", "Reprinted in A Sample Volume (Moscow, 1995), pp. 10-12", "fond 3,opis 1,delo 2"},
		{"RGANI, f. 89, op. 1, d. 5, microfilm reel 7", "RGANI", "", "RGANI, f.89, op.1, d.5", "", "fond 89,opis 1,delo 5,reel 7"},
		{"AVPRF, Referentura po Iranu; f. 094, op. 32, papka 330, d. 15", "AVPRF", "Referentura po Iranu", "AVPRF, f.094, op.32, d.15", "", "fond 094,opis 32,papka 330,delo 15"},
		{"ГАППОД АзР, ф. 1, оп. 89, д. 112, л. 5", "ГАППОД АзР", "", "ГАППОД АзР, f.1, op.89, d.112", "", "fond 1,opis 89,delo 112,list 5"},
		{"Source: GARF, f. 5446,  op. 48,\td. 12.", "GARF", "", "GARF, f.5446, op.48, d.12", "", "fond 5446,opis 48,delo 12"},
	} {
		r, ok := ParseReference(tc.in)
		var parts []string
		for _, p := range r.Parts {
			parts = append(parts, p.Kind+" "+p.Value)
		}
		if !ok || r.Repository != tc.repo || r.Department != tc.dept || r.File() != tc.file || r.Tail != tc.tail || strings.Join(parts, ",") != tc.parts {
			t.Errorf("ParseReference(%q) = %v %+v (file %q)", tc.in, ok, r, r.File())
		}
		if !strings.Contains(strings.Join(strings.Fields(tc.in), " "), r.Text) {
			t.Errorf("%q: not kept verbatim: %q", tc.in, r.Text)
		}
	}
	for _, in := range []string{"", "A letter from the committee.", "f. 1, op. 2", "Digital 4 documents"} {
		if r, ok := ParseReference(in); ok {
			t.Errorf("ParseReference(%q) = %+v, want none", in, r)
		}
	}
}

func TestCreditForms(t *testing.T) {
	for in, want := range map[string]string{
		"Obtained for CWIHP by A. One and translated for CWIHP by B. Two.":                  "obtained:A. One,translated:B. Two",
		"This document was made possible with support from the Sample Foundation.":          "supported:the Sample Foundation",
		"Translated by C. Three. This document was made possible with support from X Fund.": "translated:C. Three,supported:X Fund",
		"Contributed by D. Four. Donated by E. Five.":                                       "contributed:D. Four,donated:E. Five",
		"The convoy left at dawn.": "",
	} {
		var got []string
		for _, c := range ParseCredits(in) {
			got = append(got, c.Role+":"+c.Name)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("ParseCredits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRelatedRowsInEveryForm(t *testing.T) {
	for name, rows := range map[string]string{
		"bars":        "March 2, 1946 | First Related Order | It orders trucks.\nApril 1946 | Second Related Note | \n",
		"tabs":        "March 2, 1946\tFirst Related Order\tIt orders trucks.\nApril 1946\tSecond Related Note\n",
		"date first":  "March 2, 1946\nFirst Related Order\nIt orders trucks.\nApril 1946\nSecond Related Note\n",
		"title first": "First Related Order\nMarch 2, 1946\nIt orders trucks.\nSecond Related Note\nApril 1946\n",
	} {
		src := "May 1946\nA Page With Related Records\nThe text of the page.\nThe page reports on two related orders of the ministry.\nRelated Documents\n" + rows + "Record ID\n900777\n"
		d := parseFixture(t, name+".txt", src)
		if len(d.Related) != 2 {
			t.Errorf("%s: related %+v\n%s", name, d.Related, warningsOf(d))
			continue
		}
		a, b := d.Related[0], d.Related[1]
		if a.Title != "First Related Order" || a.Date.ISO() != "1946-03-02" || a.Summary != "It orders trucks." ||
			b.Title != "Second Related Note" || b.Date.ISO() != "1946-04" || b.Summary != "" {
			t.Errorf("%s: related %+v", name, d.Related)
		}
		if d.Summary != "The page reports on two related orders of the ministry." || len(texts(d.Translation)) != 1 || d.RecordID != "900777" {
			t.Errorf("%s: summary %q text %q record %q", name, d.Summary, texts(d.Translation), d.RecordID)
		}
	}
}

func TestCaptureWithNavigationBeforeTheDate(t *testing.T) {
	src := "Skip to main content\n\nSearch\n\nCollections\n\nAbout Us\n\nJune 9, 1946\n\nA Page Under the Site's Menu\n\nThe text of the page.\n\nThe page describes the menu of the site in a sentence.\n\nDocument Information\n\nGARF, f. 1, op. 1, d. 1.\n"
	d := parseFixture(t, "nav.txt", src)
	if d.Title != "A Page Under the Site's Menu" || d.Date.ISO() != "1946-06-09" || len(texts(d.Translation)) != 1 {
		t.Errorf("title %q date %s text %q", d.Title, d.Date.ISO(), texts(d.Translation))
	}
	if w := warningsOf(d); !strings.Contains(w, "nav.txt:3: 3 short lines before the date were read as the site's navigation") {
		t.Errorf("warnings:\n%s", w)
	}
}

func TestExportCutShortMidSentence(t *testing.T) {
	src := "**May 1946**\n\n**A Cut Export**\n\n**Citation:**\n\n\"A Cut Export\", May 1946, Wilson Center Digital Archive, GARF, f. 1, op. 1, d. 1.\n\n**Summary:**\n\nThe note describes a road that the export cuts off.\n\n**Original Language:**\n\nEnglish\n\n**Contents:**\n\nThe road from the city to the border was repaired in the spring, and the trucks that carried\n"
	d := parseFixture(t, "cut.md", src)
	if w := warningsOf(d); !strings.Contains(w, "cut.md:19: the English text stops mid-sentence") {
		t.Errorf("warnings:\n%s", w)
	}
}

func TestCaptureTabsAndFundingAreNotText(t *testing.T) {
	src := "Skip to content\n\nJuly 9, 1946\n\nA Captured Page With Its Tabs\n\nOriginal Scan\n\nEnglish Translation\n\nThe first paragraph of the text itself.\n\nThe second paragraph of the text.\n\nThis document was made possible with support from the Example Trust.\n\nThe page describes how its tabs and its funding line are read.\n\nDocument Information\n\nGARF, f. 1, op. 1, d. 1.\n"
	d := parseFixture(t, "tabs.txt", src)
	if got := texts(d.Translation); len(got) != 2 || got[0] != "The first paragraph of the text itself." {
		t.Errorf("text %q", got)
	}
	if strings.Join(d.Contents, ",") != "Original Scan,English Translation" || len(d.Credits) != 1 || d.Credits[0].Role != RoleSupported {
		t.Errorf("contents %q credits %+v", d.Contents, d.Credits)
	}
	if !strings.HasPrefix(d.Summary, "The page describes") || d.Warnings != nil {
		t.Errorf("summary %q warnings:\n%s", d.Summary, warningsOf(d))
	}
}

func TestMarkdownHeadingsThatAreContentsItems(t *testing.T) {
	src := "**May 1946**\n\n**Two Texts Under Headings**\n\n**Summary:**\n\nA note describes two texts under their headings.\n\n**Original Language:**\n\nRussian\n\n**Contents:**\n\n## Transcript - Russian\n\nТекст записки.\n\n## English Translation\n\nThe text of the note.\n"
	d := parseFixture(t, "headings.md", src)
	if texts(d.Original)[0] != "Текст записки." || texts(d.Translation)[0] != "The text of the note." || len(texts(d.Translation)) != 1 {
		t.Errorf("original %q translation %q", texts(d.Original), texts(d.Translation))
	}
	if strings.Join(d.Contents, ",") != "Transcript - Russian,English Translation" {
		t.Errorf("contents %q", d.Contents)
	}
}

func TestLayoutDetection(t *testing.T) {
	for src, want := range map[string]Layout{
		"Skip to content\n\nMay 1946\n\nT\n\nCitation: the page quotes a label in its text.\n\nThe text.\n":                                            LayoutWebPage,
		"May 1946\n\nT\n\nCitation:\n\"T\", May 1946, Wilson Center Digital Archive, GARF, f. 1, op. 1, d. 1.\n\nSummary:\nA note describes a page.\n": LayoutPDF,
		"May 1946\n\nT\n\nThe text.\n\fMore text.\n":                          LayoutPDF,
		"May 1946\nT\nThe text.\nAssociated Places\nBaku\n":                   LayoutOldPage,
		"**May 1946**\n\n**T**\n\n**Summary:**\n\nA note describes a page.\n": LayoutMarkdown,
	} {
		d, err := Parse("x.txt", []byte(src))
		if err != nil || d.Layout != want {
			t.Errorf("%q: %v %v, want %s", src, d.Layout, err, want)
		}
	}
}

func TestFootnotesInExports(t *testing.T) {
	md := "**May 1946**\n\n**An Export With Notes**\n\n**Summary:**\n\nA note describes an export with notes.\n\n**Original Language:**\n\nEnglish\n\n**Contents:**\n\nThe envoy[1] left for the north.\n\nHe came back in June[2].\n\n[1] The envoy of the committee.\n\n[2] Or in July, by another account.\n"
	d := parseFixture(t, "notes.md", md)
	if len(d.Notes) != 2 || d.Notes[1].Paragraph != 2 || len(texts(d.Original)) != 2 {
		t.Errorf("notes %+v text %q", d.Notes, texts(d.Original))
	}
	pdf := "Digital Archive\nInternational History Declassified\n\nMay 1946\nA PDF With Notes\n\nSummary:\nA note describes a PDF with notes.\n\nOriginal Language:\nEnglish\n\nThe envoy left for the north.\n\nNotes\n1 The envoy of the committee.\n"
	d = parseFixture(t, "notes.txt", pdf)
	if len(d.Notes) != 1 || d.Notes[0].Text != "The envoy of the committee." || len(texts(d.Original)) != 1 {
		t.Errorf("notes %+v text %q", d.Notes, texts(d.Original))
	}
}

func TestRepositoryKeys(t *testing.T) {
	for written, want := range map[string]string{
		"GAPPOD AzR": "GAPPOD", "APRF": "APRF", "rgaspi": "RGASPI",
		"Archive of the President of the Russian Federation (APRF)":    "APRF",
		"Archive of Foreign Policy of the Russian Federation (AVP RF)": "AVPRF",
		"State Archive of Somewhere":                                   "State Archive of Somewhere",
	} {
		if got := RepositoryKey(written); got != want {
			t.Errorf("RepositoryKey(%q) = %q, want %q", written, got, want)
		}
	}
}

func TestLabelledSummaryKeepsTheLastParagraph(t *testing.T) {
	src := "May 1946\nA Page With a Labelled Summary\nThe council reports that the roads are open again.\nAssociated Topics\nRoads\nSummary\nThe page describes the roads in spring.\nSource\nGARF, f. 1, op. 1, d. 1.\n"
	d := parseFixture(t, "labelled.txt", src)
	if d.Summary != "The page describes the roads in spring." || len(texts(d.Translation)) != 1 {
		t.Errorf("summary %q text %q", d.Summary, texts(d.Translation))
	}
	// Printed twice, after the text and under its label: once in the model.
	src = "May 1946\nA Page With Its Summary Twice\nThe text.\nThe page describes the roads in spring.\nAssociated Topics\nRoads\nSummary\nThe page describes the roads in spring.\n"
	d = parseFixture(t, "twice.txt", src)
	if got := texts(d.Translation); len(got) != 1 || got[0] != "The text." {
		t.Errorf("text %q", got)
	}
}

func TestOlderTemplateWithBlankLinesAndWrappedParagraphs(t *testing.T) {
	src := "May 3, 1946\n\nA Spaced Capture of the Older Template\n\nThe first paragraph of the text runs\nover two lines of the capture.\n\nThe second paragraph.\n\nThe committee reports on the spaced capture of a page.\n\nAssociated Places\n\nBaku\n\nRecord ID\n\n900999\n"
	d := parseFixture(t, "spaced.txt", src)
	if d.Layout != LayoutOldPage || len(texts(d.Translation)) != 2 || d.Summary == "" || d.RecordID != "900999" || strings.Join(d.Subjects, ",") != "Baku" {
		t.Errorf("layout %s text %q summary %q record %q subjects %q", d.Layout, texts(d.Translation), d.Summary, d.RecordID, d.Subjects)
	}
}

func TestParagraphSplitInMidWord(t *testing.T) {
	src := "Skip to content\n\nMay 1946\n\nA Capture Split in Mid-Word\n\nThe delegates waited at the sta-\n\ntion until the train came.\n\nThe Soviet-\n\nIranian talks went on.\n\nThe page describes a paragraph split in the middle of a word.\n\nDocument Information\n\nGARF, f. 1, op. 1, d. 1.\n"
	d := parseFixture(t, "split.txt", src)
	got := texts(d.Translation)
	if len(got) != 3 || !strings.Contains(d.Translation.Paragraphs[0].Joined(), "waited at the station   until the train") {
		t.Errorf("paragraphs %q", got)
	}
	if w := warningsOf(d); !strings.Contains(w, `split.txt:9: a paragraph is split by a blank line in mid-word ("sta-" / "tion")`) {
		t.Errorf("warnings:\n%s", w)
	}
}
