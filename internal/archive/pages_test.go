package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCuratorPages loads testdata/pages, invented pages in all four
// layouts as a curator would drop them into the documents folder, some
// complete, some cut short or suspect: each field lands in its place or
// stays empty, and the warnings are exactly the expected ones.
func TestCuratorPages(t *testing.T) {
	type want struct {
		layout              Layout
		date, title         string
		summary             string // prefix; "" means none
		file, record        string // Reference.File(), RecordID
		original, translate int    // numbered paragraphs
		notes               int
		warnings            []string // each a substring of one warning, in order
	}
	cases := map[string]want{
		"capture-complete.txt": {LayoutWebPage, "1946-02-14", "Report of the Consulate in Rasht on the Fishing Season", "The consul reports on the late opening", "AVPRF, f.094, op.37, d.11", "900801", 0, 4, 2, nil},
		"capture-no-summary.txt": {LayoutWebPage, "1946-03-08", "Greetings of the Congress of Teachers to the Committee", "", "GAPPOD, f.1, op.90, d.17", "", 0, 3, 0,
			[]string{"capture-no-summary.txt:11: no summary: the last paragraph before the page's fields is too short"}},
		"capture-cut.txt": {LayoutWebPage, "1946-04", "Memorandum on the Supply of Paper to the Printing Houses", "", "", "", 0, 1, 0,
			[]string{"capture-cut.txt:7: the page stops mid-sentence and has no document information: it may be cut short; unknown: summary, archival reference, record ID, rights, credits, original language"}},
		"capture-title-first.txt": {LayoutWebPage, "1946-05-21", "Cable from Tabriz on the Arrival of the Delegation", "A cable informs the centre", "RGASPI, f.17, op.128, d.1021", "900804", 0, 2, 0, nil},
		"capture-bilingual.txt":   {LayoutWebPage, "1946-06-03", "Letter of the Tabriz Workers to the Trade Union Council", "The workers of a tobacco factory ask", "GARF, f.5451, op.30, d.88", "", 2, 2, 1, nil},
		"old-complete.txt":        {LayoutOldPage, "1946-07-02", "Order of the Provincial Council on the Bread Ration", "The provincial council raises", "GAPPOD, f.1, op.91, d.3", "900806", 0, 3, 0, nil},
		"old-no-summary.txt": {LayoutOldPage, "1946-08", "Note of a Conversation at the Consulate", "", "AVPRF, f.094, op.37, d.12", "900807", 0, 2, 0,
			[]string{"old-no-summary.txt:4: no summary: the last paragraph before the page's fields speaks in the first or second person"}},
		"old-row-first.txt": {LayoutOldPage, "1946-10-09", "Note on the Elections to the Provincial Assembly", "A note outlines", "RGASPI, f.17, op.128, d.1050", "", 0, 1, 0, nil},
		"pdf-bilingual.txt": {LayoutPDF, "1946-11-12", "Telegram on the Movement of Troops Toward Zanjan", "A telegram reports", "APRF, f.45, op.1, d.415", "900809", 2, 2, 0, nil},
		"pdf-english.txt":   {LayoutPDF, "1946-12", "Minutes of a Meeting of the Oil Commission", "Minutes of a meeting", "RGANI, f.89, op.2, d.7", "", 3, 0, 0, nil},
		"pdf-cut.txt": {LayoutPDF, "1947-01-05", "A Report Saved Before It Had Loaded", "A report describes", "GARF, f.1, op.2, d.3", "", 1, 0, 0,
			[]string{"pdf-cut.txt:19: the English text stops mid-sentence"}},
		"md-credits.md": {LayoutMarkdown, "1947-02", "Letter from the Writers' Union on the New Journal", "The writers' union asks", "RGASPI, f.17, op.125, d.500", "900812", 0, 2, 0, nil},
		"md-missing-language.md": {LayoutMarkdown, "1947-03-03", "Телеграмма о посевной", "A telegram reports", "GAPPOD, f.1, op.92, d.8", "900813", 1, 0, 0,
			[]string{"md-missing-language.md: the contents name a translation into English, but the file holds no English text", "md-missing-language.md:8: the address https://wilson-center-digital-archive.dvincitest.com/document/900813 is on wilson-center-digital-archive.dvincitest.com"}},
		"md-reprint.md": {LayoutMarkdown, "1947-04-07", "Note on the Return of the Refugees", "A note describes", "APRF, f.3, op.1, d.5", "900814", 1, 0, 0,
			[]string{`md-reprint.md:18: unrecognised label "Archive Remarks"`}},
	}
	names, err := filepath.Glob("testdata/pages/*")
	if err != nil || len(names) != len(cases) {
		t.Fatalf("%d pages for %d cases (%v)", len(names), len(cases), err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		w, ok := cases[name]
		if !ok {
			t.Errorf("%s has no expectations", name)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		d := parseFixture(t, name, string(data))
		if d.Layout != w.layout || d.Date.ISO() != w.date || d.Title != w.title {
			t.Errorf("%s: %s %s %q", name, d.Layout, d.Date.ISO(), d.Title)
		}
		if (w.summary == "") != (d.Summary == "") || !strings.HasPrefix(d.Summary, w.summary) {
			t.Errorf("%s: summary %q, want %q…", name, d.Summary, w.summary)
		}
		if d.Reference.File() != w.file || d.RecordID != w.record {
			t.Errorf("%s: reference %q record %q", name, d.Reference.File(), d.RecordID)
		}
		if d.Original.Numbered() != w.original || d.Translation.Numbered() != w.translate || len(d.Notes) != w.notes {
			t.Errorf("%s: %d original, %d translation paragraphs, %d notes", name, d.Original.Numbered(), d.Translation.Numbered(), len(d.Notes))
		}
		// No text paragraph is a label, credit, contents item or row.
		for _, tx := range []Text{d.Original, d.Translation} {
			for _, p := range tx.Paragraphs {
				if why := notContent(d, p.Plain()); why != "" && p.N > 0 {
					t.Errorf("%s: paragraph %d %s: %q", name, p.N, why, p.Plain())
				}
			}
		}
		if len(d.Warnings) != len(w.warnings) {
			t.Errorf("%s: warnings:\n%s", name, warningsOf(d))
			continue
		}
		for i, want := range w.warnings {
			if !strings.Contains(d.Warnings[i].Error(), want) {
				t.Errorf("%s: warning %d is %q, want %q", name, i, d.Warnings[i].Error(), want)
			}
		}
	}
}
