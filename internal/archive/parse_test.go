package archive

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
)

// TestNoContentLost proves, for every shipped document, that each non-blank
// line of the source lands in the model, or is listed in Skipped as page
// furniture with a reason.
func TestNoContentLost(t *testing.T) {
	names, _ := fs.Glob(documents.FS, "*.*")
	for _, name := range names {
		if !IsSource(name) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			doc := parseSeed(t, name)
			data, _ := fs.ReadFile(documents.FS, name)
			model := normalise(strings.Join(modelStrings(doc), "\n"))
			skipped := map[int]bool{}
			for _, s := range doc.Skipped {
				skipped[s.Line] = true
				if !furniture.MatchString(s.Text) {
					t.Errorf("line %d %q skipped as %q: not a known kind of page furniture", s.Line, s.Text, s.Reason)
				}
			}
			for i, line := range strings.Split(string(data), "\n") {
				n := normalise(line)
				if n == "" || skipped[i+1] {
					continue
				}
				if !strings.Contains(model, n) {
					t.Errorf("line %d lost: %q", i+1, line)
				}
			}
		})
	}
}

// furniture is every kind of line the parser may leave out.
var furniture = regexp.MustCompile(`^(\*\*[A-Za-z ]+:\*\*|Skip to content|Original Scan|Translation - English|Document Information|Original Uploaded Date|Record ID|The History and Public Policy Program welcomes reuse .*|To enquire about this document's rights status .*)$`)

func normalise(s string) string {
	s = strings.ReplaceAll(s, "**", "")
	s = regexp.MustCompile(`<(https?://[^>]+)>`).ReplaceAllString(s, "$1")
	s = strings.TrimPrefix(strings.TrimSpace(s), "## ")
	return strings.Join(strings.Fields(s), " ")
}

func modelStrings(d *Document) []string {
	out := []string{d.Title, d.Date.Text, d.Summary, d.Citation, d.SourceURL, d.SourceNote, d.OriginalLanguage, d.Reference.Text, d.Translation.Language, d.Rights}
	out = append(out, d.Authors...)
	out = append(out, d.Subjects...)
	out = append(out, strings.Join(d.Subjects, "; "), d.RecordID)
	out = append(out, d.Contents...)
	for _, r := range d.Related {
		out = append(out, r.Date.Text, r.Title, r.Summary, r.Date.Text+" | "+r.Title+" | "+r.Summary)
	}
	out = append(out, d.Classification...)
	for _, c := range d.Credits {
		out = append(out, c.Text)
	}
	for _, f := range d.Fields {
		out = append(out, f.Label, f.Value)
	}
	for _, t := range []Text{d.Original, d.Translation} {
		for _, p := range t.Paragraphs {
			out = append(out, strings.Join(p.Lines, "\n"))
			for _, b := range p.Breaks {
				out = append(out, b.Mark)
			}
		}
	}
	for _, n := range d.Notes {
		out = append(out, "["+n.Marker+"] "+n.Text)
	}
	return out
}

func TestSeedFacts(t *testing.T) {
	for _, tc := range []struct {
		file, id, record, ref, date string
		layout                      Layout
		original, translation       int
		classification              string
	}{
		{"1946-12-02-bagirov-to-stalin-reply-of-azerbaijani-democrats.md", "1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats", "120475", "GAPPOD, f.1, op.89, d.112", "1946-12-02", LayoutMarkdown, 43, 42, ""},
		{"1945-11-24-telegram-baku-to-moscow-bagirov-maslennikov.md", "1945-11-24-telegram-from-baku-to-moscow-m-d-bagriov-and-i-i-maslennikov-to-cdes-stalin-molotov-beria-and-malenkov", "119111", "RGASPI, f.558, op.11, d.99", "1945-11-24", LayoutMarkdown, 11, 11, ""},
		{"1946-04-12-cc-azerbaijan-to-bagirov-soviet-iranian-agreement.txt", "1946-04-12-telegram-from-the-cc-cp-of-azerbaijan-to-m-d-bagirov-on-the-soviet-iranian-agreement", "", "GAPPOD, f.1, op.89, d.113", "1946-04-12", LayoutWebPage, 0, 16, ""},
		{"1946-12-09-memo-telegraph-message-from-tabriz.txt", "1946-12-09-memo-via-a-telegraph-message-from-tabriz", "", "", "1946-12-09", LayoutWebPage, 0, 52, "Top Secret"},
	} {
		d := parseSeed(t, tc.file)
		if d.ID != tc.id || d.RecordID != tc.record || d.Reference.File() != tc.ref || d.Date.ISO() != tc.date || d.Layout != tc.layout {
			t.Errorf("%s: got id %q record %q file %q date %s layout %s", tc.file, d.ID, d.RecordID, d.Reference.File(), d.Date.ISO(), d.Layout)
		}
		if d.Original.Numbered() != tc.original || d.Translation.Numbered() != tc.translation {
			t.Errorf("%s: %d original and %d translation paragraphs, want %d and %d", tc.file, d.Original.Numbered(), d.Translation.Numbered(), tc.original, tc.translation)
		}
		if strings.Join(d.Classification, ",") != tc.classification {
			t.Errorf("%s: classification %q, want %q", tc.file, d.Classification, tc.classification)
		}
	}

	// "правиль-" / "- 2 -" / "но": one paragraph, one word, the page mark
	// kept where it stood.
	tg := parseSeed(t, "1945-11-24-telegram-baku-to-moscow-bagirov-maslennikov.md")
	var joined *Paragraph
	for i, p := range tg.Original.Paragraphs {
		if len(p.Breaks) > 0 {
			joined = &tg.Original.Paragraphs[i]
		}
	}
	if joined == nil || joined.Breaks[0].Mark != "- 2 -" || !joined.Breaks[0].Hyphen || !strings.Contains(joined.Joined(), "правильно,") {
		t.Errorf("the paragraph across page 2 is not one: %+v", joined)
	}

	d := parseSeed(t, "1946-12-02-bagirov-to-stalin-reply-of-azerbaijani-democrats.md")
	if d.RecordURL() != "https://digitalarchive.wilsoncenter.org/document/120475" {
		t.Errorf("record URL %q: the staging host the export gives must not be the catalogue link", d.RecordURL())
	}
	if first := d.Translation.Paragraphs[0].Plain(); first != "CC VCP(b) to Cde. Stalin" {
		t.Errorf("translation starts with %q", first)
	}
	last := d.Translation.Paragraphs[len(d.Translation.Paragraphs)-1].Plain()
	if last != "[handwritten below: N 40-41,42,43]" {
		t.Errorf("the handwritten note at the end must stay in the text, got %q", last)
	}
	if len(d.Notes) != 1 || d.Notes[0].Kind != NoteTranslator || d.Notes[0].Text != "one of Molotov's deputies" || d.Notes[0].Paragraph != 2 {
		t.Errorf("translator's note: %+v", d.Notes)
	}

	w := parseSeed(t, "1946-04-12-cc-azerbaijan-to-bagirov-soviet-iranian-agreement.txt")
	if len(w.Notes) != 1 || w.Notes[0].Marker != "1" || w.Notes[0].Lang != "en" || w.Notes[0].Paragraph != 14 ||
		!strings.HasPrefix(w.Notes[0].Text, "As of May 1946, Atakishiyev") {
		t.Errorf("footnote: %+v", w.Notes)
	}
	if !strings.HasPrefix(w.Summary, "The Central Committee of the Azerbaijan SSR responds") {
		t.Errorf("summary %q", w.Summary)
	}
	if w.Reference.Repository != "GAPPOD AzR" || RepositoryKey(w.Reference.Repository) != "GAPPOD" {
		t.Errorf("repository %q", w.Reference.Repository)
	}
}
