package cite

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
)

const (
	bagirovID = "1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats"
	tabrizID  = "1946-12-09-memo-via-a-telegraph-message-from-tabriz"
)

// accessed is a fixed access date, so that expected strings do not depend
// on the day the tests run.
var accessed = time.Date(2025, 5, 1, 14, 30, 0, 0, time.UTC)

// shipped loads the collection as the server does.
func shipped(t *testing.T) *archive.Collection {
	t.Helper()
	c, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	// Warnings (a staging address, a page without its document
	// information) do not keep a document from being cited.
	if errs := c.Errors(); len(errs) > 0 {
		t.Fatalf("the shipped collection has errors: %v", errs)
	}
	if len(c.Docs) < 5 {
		t.Fatalf("the shipped collection has %d documents, want at least the 5 first shipped", len(c.Docs))
	}
	return c
}

func shippedDoc(t *testing.T, id string) *archive.Document {
	t.Helper()
	d, ok := shipped(t).Doc(id)
	if !ok {
		t.Fatalf("no document %s in the shipped collection", id)
	}
	return d
}

func ctxFor(d *archive.Document, paragraph string) Context {
	return Context{
		PageURL:   "https://readingroom.example/documents/" + d.ID,
		SiteName:  "Reading Room",
		Accessed:  accessed,
		Paragraph: paragraph,
	}
}

// The shipped documents' citations, word for word: senders and recipients
// from the title and address lines, resolved to the authority records (the
// archive's misspelt "Bagriov" cited as Bagirov and marked [sic] in the
// quoted title), four recipients as "et al." in a note, a document with
// neither cited by its title, and pinpoints in notes and MLA only.
func TestCitationsExact(t *testing.T) {
	const (
		novemberID = "1945-11-24-telegram-from-baku-to-moscow-m-d-bagriov-and-i-i-maslennikov-to-cdes-stalin-molotov-beria-and-malenkov"
		gappod     = "State Archive of Political Parties and Public Movements of the Azerbaijan Republic (GAPPOD)"
		bagirovBib = "Bagirov, Mir Jafar Abbasovich. Message to Joseph Vissarionovich Stalin. “Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats.” Message. " +
			"Translated by Gary Goldberg, December 2, 1946. F.1, op.89, d.112. " + gappod + ". Baku. Wilson Center Digital Archive, record 120475. Accessed May 1, 2025. " +
			"URL" + bagirovID + "."
		tabrizBib = "“Memo via a Telegraph Message from Tabriz.” Memo, December 9, 1946. Wilson Center Digital Archive. Accessed May 1, 2025. URL" + tabrizID + "."
	)
	tests := []struct {
		id, paragraph  string
		note, bib, mla string
	}{
		{
			id: novemberID,
			note: "M. D. Bagirov and I. I. Maslennikov to Joseph Vissarionovich Stalin et al., “Telegram from Baku to Moscow, M.D. Bagriov [sic] and I.I. Maslennikov " +
				"to Cdes. Stalin, Molotov, Beria, and Malenkov,” telegram, trans. Gary Goldberg, November 24, 1945, f. 558, op. 11, d. 99, ll. 0057-0059, " +
				"Russian State Archive of Socio-Political History (RGASPI), Moscow, Wilson Center Digital Archive, record 119111, accessed May 1, 2025, URL" + novemberID + ".",
			bib: "Bagirov, M. D., and I. I. Maslennikov. Telegram to Joseph Vissarionovich Stalin, Vyacheslav Mikhailovich Molotov, Lavrentiy Pavlovich Beria, and Georgy Maximilianovich Malenkov. " +
				"“Telegram from Baku to Moscow, M.D. Bagriov [sic] and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov.” Telegram. Translated by Gary Goldberg, November 24, 1945. " +
				"F. 558, op. 11, d. 99, ll. 0057-0059. Russian State Archive of Socio-Political History (RGASPI). Moscow. Wilson Center Digital Archive, record 119111. Accessed May 1, 2025. URL" + novemberID + ".",
			mla: "Bagirov, M. D., and I. I. Maslennikov. Telegram from Baku to Moscow, M.D. Bagriov [sic] and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov. " +
				"Translated by Gary Goldberg, 24 Nov. 1945. Russian State Archive of Socio-Political History (RGASPI), Moscow, f. 558, op. 11, d. 99, ll. 0057-0059, Wilson Center Digital Archive, " +
				"record 119111, HOST" + novemberID + ". Accessed 1 May 2025.",
		},
		{
			id: bagirovID, paragraph: "en-3",
			note: "Mir Jafar Abbasovich Bagirov to Joseph Vissarionovich Stalin, “Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats,” message, trans. Gary Goldberg, " +
				"December 2, 1946, f.1, op.89, d.112, " + gappod + ", Baku, Wilson Center Digital Archive, record 120475, para. 3 of the English translation, accessed May 1, 2025, " +
				"URL" + bagirovID + "#en-3.",
			// A bibliography lists the whole document: no pinpoint.
			bib: bagirovBib,
			mla: "Bagirov, Mir Jafar Abbasovich. Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats. Translated by Gary Goldberg, 2 Dec. 1946. " +
				gappod + ", Baku, f.1, op.89, d.112, Wilson Center Digital Archive, record 120475, par. 3 of the English translation, HOST" + bagirovID + "#en-3. Accessed 1 May 2025.",
		},
		{
			id: bagirovID, paragraph: "ru-12",
			note: "Mir Jafar Abbasovich Bagirov to Joseph Vissarionovich Stalin, “Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats,” message, trans. Gary Goldberg, " +
				"December 2, 1946, f.1, op.89, d.112, " + gappod + ", Baku, Wilson Center Digital Archive, record 120475, para. 12 of the Russian original, accessed May 1, 2025, " +
				"URL" + bagirovID + "#ru-12.",
			bib: bagirovBib,
			mla: "Bagirov, Mir Jafar Abbasovich. Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats. Translated by Gary Goldberg, 2 Dec. 1946. " +
				gappod + ", Baku, f.1, op.89, d.112, Wilson Center Digital Archive, record 120475, par. 12 of the Russian original, HOST" + bagirovID + "#ru-12. Accessed 1 May 2025.",
		},
		{
			id:   tabrizID,
			note: "“Memo via a Telegraph Message from Tabriz” (memo, December 9, 1946), Wilson Center Digital Archive, accessed May 1, 2025, URL" + tabrizID + ".",
			bib:  tabrizBib,
			mla:  "Memo via a Telegraph Message from Tabriz. 9 Dec. 1946. Wilson Center Digital Archive, HOST" + tabrizID + ". Accessed 1 May 2025.",
		},
		{
			id: tabrizID, paragraph: "en-52",
			note: "“Memo via a Telegraph Message from Tabriz” (memo, December 9, 1946), Wilson Center Digital Archive, para. 52 of the English translation, accessed May 1, 2025, " +
				"URL" + tabrizID + "#en-52.",
			bib: tabrizBib,
			mla: "Memo via a Telegraph Message from Tabriz. 9 Dec. 1946. Wilson Center Digital Archive, par. 52 of the English translation, HOST" + tabrizID + "#en-52. Accessed 1 May 2025.",
		},
		{
			// The web capture has no Russian text: a pinpoint to it is dropped.
			id: tabrizID, paragraph: "ru-3",
			note: "“Memo via a Telegraph Message from Tabriz” (memo, December 9, 1946), Wilson Center Digital Archive, accessed May 1, 2025, URL" + tabrizID + ".",
			bib:  tabrizBib,
			mla:  "Memo via a Telegraph Message from Tabriz. 9 Dec. 1946. Wilson Center Digital Archive, HOST" + tabrizID + ". Accessed 1 May 2025.",
		},
	}
	coll := shipped(t)
	expand := strings.NewReplacer("URL", "https://readingroom.example/documents/", "HOST", "readingroom.example/documents/")
	for _, tt := range tests {
		t.Run(tt.id[:10]+"#"+tt.paragraph, func(t *testing.T) {
			d, ok := coll.Doc(tt.id)
			if !ok {
				t.Fatalf("no document %s", tt.id)
			}
			c := shippedContext(t, d)
			c.Accessed, c.Paragraph = accessed, tt.paragraph
			for _, got := range []struct {
				c    Citation
				want string
			}{{ChicagoNote(d, c), tt.note}, {ChicagoBibliography(d, c), tt.bib}, {MLA(d, c), tt.mla}} {
				if want := expand.Replace(got.want); got.c.Text != want {
					t.Errorf("%s:\n got %s\nwant %s", got.c.Style, got.c.Text, want)
				}
				checkParts(t, got.c)
			}
		})
	}
}

// checkParts checks that the runs of a citation make up its text, that MLA
// italicises the Wilson Center Digital Archive and nothing else, that
// Chicago italicises nothing, and that the URL is a link to the full URL.
func checkParts(t *testing.T, c Citation) {
	t.Helper()
	var text strings.Builder
	var italic, links []string
	for _, p := range c.Parts {
		text.WriteString(p.Text)
		if p.Italic {
			italic = append(italic, p.Text)
		}
		if p.Link != "" {
			links = append(links, p.Link)
			if !strings.HasPrefix(p.Link, "https://readingroom.example/documents/") {
				t.Errorf("%s: link %q is not the page URL", c.Style, p.Link)
			}
			if !strings.HasSuffix(p.Link, p.Text) {
				t.Errorf("%s: link %q does not show as %q", c.Style, p.Link, p.Text)
			}
		}
	}
	if text.String() != c.Text {
		t.Errorf("%s: parts make %q, text is %q", c.Style, text.String(), c.Text)
	}
	wantItalic := 0
	if c.Style == StyleMLA {
		wantItalic = 1
		if len(italic) == 1 && italic[0] != "Wilson Center Digital Archive" {
			t.Errorf("%s: italic run %q", c.Style, italic[0])
		}
	}
	if len(italic) != wantItalic {
		t.Errorf("%s: %d italic runs %q, want %d", c.Style, len(italic), italic, wantItalic)
	}
	if len(links) != 1 {
		t.Errorf("%s: %d links, want 1", c.Style, len(links))
	}
}

func TestBibTeXExact(t *testing.T) {
	tests := []struct{ id, want string }{
		{bagirovID, `@misc{` + bagirovID + `,
  title = {{Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats}},
  type = {Message},
  date = {1946-12-02},
  year = {1946},
  month = dec,
  translator = {Goldberg, Gary},
  language = {english},
  origlanguage = {russian},
  howpublished = {Wilson Center Digital Archive},
  note = {State Archive of Political Parties and Public Movements of the Azerbaijan Republic (GAPPOD), f.1, op.89, d.112. Obtained for CWIHP by Jamil Hasanli. Translated for CWIHP by Gary Goldberg. Wilson Center Digital Archive record 120475.},
  abstract = {Bagirov forwards a request from leaders of the Azerbaijani Democratic Party asking Stalin for military assistance against Iranian forces.},
  url = {https://readingroom.example/documents/` + bagirovID + `},
  urldate = {2025-05-01},
}
`},
		{tabrizID, `@misc{` + tabrizID + `,
  title = {{Memo via a Telegraph Message from Tabriz}},
  type = {Memo},
  date = {1946-12-09},
  year = {1946},
  month = dec,
  language = {english},
  howpublished = {Wilson Center Digital Archive},
  abstract = {Forwarding a message from the leaders of the Azerbaijan Democratic Party begging for military aid from the Soviet Union against Iranian forces.},
  url = {https://readingroom.example/documents/` + tabrizID + `},
  urldate = {2025-05-01},
}
`},
	}
	coll := shipped(t)
	for _, tt := range tests {
		d, _ := coll.Doc(tt.id)
		// The pinpoint must not reach a download.
		if got := string(BibTeX(d, ctxFor(d, "en-3"))); got != tt.want {
			t.Errorf("BibTeX for %s:\n got %s\nwant %s", tt.id, got, tt.want)
		}
	}
}

func TestRISExact(t *testing.T) {
	d := shippedDoc(t, bagirovID)
	want := strings.Join([]string{
		"TY  - MANSCPT",
		"TI  - Message from Bagirov to Stalin with Reply of the Azerbaijani Democrats",
		"A4  - Goldberg, Gary",
		"AB  - Bagirov forwards a request from leaders of the Azerbaijani Democratic Party asking Stalin for military assistance against Iranian forces.",
		"DA  - 1946/12/02/",
		"PY  - 1946",
		"LA  - en",
		"M3  - Message",
		"UR  - https://readingroom.example/documents/" + bagirovID,
		"AN  - f.1, op.89, d.112",
		"DB  - State Archive of Political Parties and Public Movements of the Azerbaijan Republic (GAPPOD)",
		"DP  - Wilson Center Digital Archive",
		"Y2  - 2025/05/01/",
		"N1  - The original is in Russian. Obtained for CWIHP by Jamil Hasanli. Translated for CWIHP by Gary Goldberg. Wilson Center Digital Archive record 120475.",
		"ER  - ",
		"",
	}, "\r\n")
	if got := string(RIS(d, ctxFor(d, ""))); got != want {
		t.Errorf("RIS:\n got %q\nwant %q", got, want)
	}
}

// monthDoc is a document known only to the month, as the archive sometimes
// dates them.
func monthDoc(t *testing.T) *archive.Document {
	t.Helper()
	date, ok := archive.ParseDate("April 1946")
	if !ok || date.Precision != archive.PrecisionMonth {
		t.Fatalf("ParseDate(April 1946) = %+v, %v", date, ok)
	}
	ref, ok := archive.ParseReference("RGASPI, f. 558, op. 11, d. 99, ll. 12-14")
	if !ok {
		t.Fatal("ParseReference failed")
	}
	return &archive.Document{
		ID:               "report-on-the-situation-in-tabriz",
		Title:            "Report on the Situation in Tabriz",
		Date:             date,
		Summary:          "A report on Tabriz.",
		Reference:        ref,
		OriginalLanguage: "Russian",
		Credits:          archive.ParseCredits("Translated by Gary Goldberg."),
		Translation: archive.Text{Language: "English", Code: "en", Paragraphs: []archive.Paragraph{
			{N: 1, Kind: archive.KindText, Lines: []string{"First."}},
		}},
	}
}

func TestMonthPrecisionInventsNoDay(t *testing.T) {
	d := monthDoc(t)
	c := ctxFor(d, "en-1")
	var all []string
	for _, ci := range Citations(d, c) {
		all = append(all, ci.Text)
	}
	all = append(all, string(BibTeX(d, c)), string(RIS(d, c)), string(CSLJSON(d, c)), string(JSONLD(d, c)))
	for _, m := range HeadMeta(d, c) {
		all = append(all, m.Name+m.Property+"="+m.Content)
	}
	everything := strings.Join(all, "\n")

	for _, want := range []string{
		"“Report on the Situation in Tabriz” (report, April 1946), f. 558",       // Chicago note
		"“Report on the Situation in Tabriz.” Report, April 1946. F. 558",        // Chicago bibliography
		"Report on the Situation in Tabriz. Apr. 1946. Russian State Archive of", // MLA
		"date = {1946-04},", "year = {1946},", "month = apr,", // BibTeX
		"DA  - 1946/04//\r\n", "PY  - 1946\r\n", // RIS
		"citation_date=1946/04\n", "citation_publication_date=1946/04\n", "DC.date=1946-04\n",
		`"dateCreated":"1946-04"`,
	} {
		if !strings.Contains(everything, want) {
			t.Errorf("no %q in the output", want)
		}
	}
	var items []struct {
		Issued struct {
			DateParts [][]int `json:"date-parts"`
		} `json:"issued"`
	}
	if err := json.Unmarshal(CSLJSON(d, c), &items); err != nil {
		t.Fatal(err)
	}
	if got := items[0].Issued.DateParts; len(got) != 1 || len(got[0]) != 2 || got[0][0] != 1946 || got[0][1] != 4 {
		t.Errorf("CSL issued date-parts = %v, want [[1946 4]]", got)
	}
	// The day must appear in no form: not the first, not a zero day.
	for _, bad := range []string{
		"1946-04-", "1946/04/0", "1946/04/1", "April 1,", "April 0", "1 Apr.", "0 Apr.", "Apr. 1,",
	} {
		if strings.Contains(everything, bad) {
			t.Errorf("a day was invented: %q in the output", bad)
		}
	}
}

func TestYearPrecisionAndUndated(t *testing.T) {
	d := monthDoc(t)
	d.Date = archive.Date{Year: 1946, Precision: archive.PrecisionYear, Text: "1946"}
	c := ctxFor(d, "")
	if got := ChicagoNote(d, c).Text; !strings.HasPrefix(got, "Gary Goldberg, trans., “Report on the Situation in Tabriz” (report, 1946), f. 558") {
		t.Errorf("year precision, Chicago note: %s", got)
	}
	if got := string(RIS(d, c)); !strings.Contains(got, "DA  - 1946///\r\n") {
		t.Errorf("year precision, RIS: %s", got)
	}
	if got := string(BibTeX(d, c)); strings.Contains(got, "month") || !strings.Contains(got, "date = {1946},") {
		t.Errorf("year precision, BibTeX: %s", got)
	}

	d.Date = archive.Date{}
	if got := ChicagoNote(d, c).Text; !strings.HasPrefix(got, "Gary Goldberg, trans., “Report on the Situation in Tabriz” (report, n.d.), f. 558") {
		t.Errorf("undated, Chicago note: %s", got)
	}
	if got := ChicagoBibliography(d, c).Text; !strings.HasPrefix(got, "Goldberg, Gary, trans. “Report on the Situation in Tabriz.” Report, n.d. F. 558") {
		t.Errorf("undated, Chicago bibliography: %s", got)
	}
	d.Title = "Notes"
	if got := ChicagoBibliography(d, c).Text; !strings.HasPrefix(got, "Goldberg, Gary, trans. “Notes.” Notes, n.d. F. 558") {
		t.Errorf("undated, Chicago bibliography: %s", got)
	}
	d.Title = "Report on the Situation in Tabriz"
	if got := MLA(d, c).Text; !strings.HasPrefix(got, "Goldberg, Gary, translator. Report on the Situation in Tabriz. Russian") {
		t.Errorf("undated, MLA: %s", got)
	}
	for name, out := range map[string]string{"BibTeX": string(BibTeX(d, c)), "RIS": string(RIS(d, c)), "CSL": string(CSLJSON(d, c)), "JSON-LD": string(JSONLD(d, c))} {
		for _, bad := range []string{"year", "\n  date = ", "DA  -", "PY  -", "issued", "dateCreated"} {
			if strings.Contains(out, bad) {
				t.Errorf("undated, %s has %q:\n%s", name, bad, out)
			}
		}
	}
}

func TestPinpoint(t *testing.T) {
	bagirov := shippedDoc(t, bagirovID)
	tabriz := shippedDoc(t, tabrizID)
	tests := []struct {
		d      *archive.Document
		anchor string
		want   bool
	}{
		{bagirov, "en-1", true},
		{bagirov, "en-42", true},
		{bagirov, "en-43", false}, // the translation has 42 paragraphs
		{bagirov, "ru-12", true},
		{bagirov, "en-0", false},
		{bagirov, "en--1", false},
		{bagirov, "en-03", false}, // not an anchor the page makes
		{bagirov, "en-", false},
		{bagirov, "en", false},
		{bagirov, "", false},
		{bagirov, "de-3", false},
		{bagirov, "translation-3", false}, // the page names it by its language
		{tabriz, "en-3", true},
		{tabriz, "ru-3", false},
	}
	for _, tt := range tests {
		if got := HasParagraph(tt.d, tt.anchor); got != tt.want {
			t.Errorf("HasParagraph(%s, %q) = %v, want %v", tt.d.ID[:10], tt.anchor, got, tt.want)
		}
	}

	// A text whose language the source does not state is named by its role,
	// as the page names its anchors.
	d := monthDoc(t)
	d.Translation.Code, d.Translation.Language = "", ""
	if !HasParagraph(d, "translation-1") {
		t.Error("HasParagraph(translation-1) = false for a text without a language")
	}
	if got := ChicagoNote(d, ctxFor(d, "translation-1")).Text; !strings.Contains(got, ", para. 1 of the translation, ") || !strings.Contains(got, "#translation-1.") {
		t.Errorf("role-named pinpoint: %s", got)
	}
}

// uglyDoc has everything that needs escaping in one format or another.
func uglyDoc() *archive.Document {
	return &archive.Document{
		ID:      "1946-01-05-ugly",
		Title:   "Report on “Operation Tabriz” & the 50% {quota} for \\Baku_1 #2 ~ ^ </script><b>",
		Date:    archive.Date{Year: 1946, Month: 1, Day: 5, Precision: archive.PrecisionDay},
		Summary: "Пишевари asks for aid.\r\nER  - \r\nTY  - JOUR\nA summary on \"several\" lines with a stray } brace.",
		Reference: archive.Reference{
			Text: "Unknown Archive, f. 1, op. 2, d. 3", Repository: "Unknown Archive",
			Parts: []archive.RefPart{{Kind: "fond", Label: "f.", Value: "1"}, {Kind: "opis", Label: "op.", Value: "2"}, {Kind: "delo", Label: "d.", Value: "3"}},
		},
		OriginalLanguage: "Russian",
		Credits: []archive.Credit{
			{Role: archive.RoleTranslated, Name: "Gary Goldberg and Сергей Радченко"},
			{Role: archive.RoleObtained, Name: "Jamil Hasanli", For: "CWIHP"},
		},
		Original: archive.Text{Language: "Russian", Code: "ru", Paragraphs: []archive.Paragraph{
			{N: 1, Kind: archive.KindText, Lines: []string{"Текст."}},
		}},
		Translation: archive.Text{Language: "English", Code: "en", Paragraphs: []archive.Paragraph{
			{N: 1, Kind: archive.KindText, Lines: []string{"Text."}},
		}},
	}
}

func TestUglyCitations(t *testing.T) {
	d := uglyDoc()
	c := ctxFor(d, "ru-1")
	note := ChicagoNote(d, c).Text
	want := "Gary Goldberg and Сергей Радченко, trans., “Report on ‘Operation Tabriz’ & the 50% {quota} for \\Baku_1 #2 ~ ^ </script><b>” " +
		"(report, January 5, 1946), f. 1, op. 2, d. 3, Unknown Archive, Wilson Center Digital Archive, " +
		"para. 1 of the Russian original, accessed May 1, 2025, https://readingroom.example/documents/1946-01-05-ugly#ru-1."
	if note != want {
		t.Errorf("Chicago note:\n got %s\nwant %s", note, want)
	}
	if got := MLA(d, c).Text; !strings.Contains(got, "translators. Report on “Operation Tabriz”") || !strings.Contains(got, ". Unknown Archive, f. 1, op. 2, d. 3, ") {
		t.Errorf("MLA: %s", got)
	}

	d.Credits = []archive.Credit{{Role: archive.RoleTranslated, Name: "A. One, B. Two, and C. Three"}}
	if got := ChicagoBibliography(d, c).Text; !strings.HasPrefix(got, "One, A., B. Two, and C. Three, trans. ") {
		t.Errorf("three translators, Chicago: %s", got)
	}
	if got := MLA(d, c).Text; !strings.HasPrefix(got, "One, A., et al., translators. ") {
		t.Errorf("three translators, MLA: %s", got)
	}

	d.Title = "Who Will Help Us?"
	if got := ChicagoNote(d, c).Text; !strings.HasPrefix(got, "A. One, B. Two, and C. Three, trans., “Who Will Help Us?” (January 5, 1946), ") {
		t.Errorf("title with its own question mark, Chicago: %s", got)
	}
	if got := MLA(d, c).Text; !strings.Contains(got, "translators. Who Will Help Us? 5 Jan. 1946. ") {
		t.Errorf("title with its own question mark, MLA: %s", got)
	}
}

func TestFiles(t *testing.T) {
	d := shippedDoc(t, bagirovID)
	c := ctxFor(d, "")
	files := Files(d, c)
	want := []struct{ format, name, ctype string }{
		{"bibtex", bagirovID + ".bib", "application/x-bibtex; charset=utf-8"},
		{"ris", bagirovID + ".ris", "application/x-research-info-systems; charset=utf-8"},
		{"csl-json", bagirovID + ".json", "application/vnd.citationstyles.csl+json; charset=utf-8"},
	}
	if len(files) != len(want) {
		t.Fatalf("%d files, want %d", len(files), len(want))
	}
	bodies := [][]byte{BibTeX(d, c), RIS(d, c), CSLJSON(d, c)}
	for i, w := range want {
		f := files[i]
		if f.Format != w.format || f.Name != w.name || f.ContentType != w.ctype || string(f.Body) != string(bodies[i]) {
			t.Errorf("file %d = %s %s %s, want %s %s %s and the format's bytes", i, f.Format, f.Name, f.ContentType, w.format, w.name, w.ctype)
		}
	}
}
