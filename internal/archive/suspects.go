package archive

import (
	"net/url"
	"strings"
)

// ArchiveHost is the host of the archive's own public pages. The exports
// sometimes give a vendor's staging mirror instead.
const ArchiveHost = "digitalarchive.wilsoncenter.org"

// suspects warns about what a parsed document holds that looks wrong: a
// summary or first paragraph that is not what it claims to be, a missing
// reference, an address off the archive's host, a text missing from a
// bilingual record. Each warning says where and what to do.
func (p *parser) suspects() {
	d := p.doc
	if d.Summary == "" && !p.warned("summary") {
		p.warn(0, "no summary: the source gives none, so the page shows none; if the archive has one, add it under a \"Summary\" label")
	}
	if why := notContent(d, d.Summary); why != "" {
		p.warn(p.summaryLine, "the summary %s, not a summary: %q; fix the file so that the summary follows its label", why, clip(d.Summary, 60))
	}
	for _, t := range []Text{d.Original, d.Translation} {
		for _, para := range t.Paragraphs {
			if para.N == 0 {
				continue
			}
			if why := notContent(d, para.Plain()); why != "" {
				p.warn(para.Line, "paragraph 1 of the %s text %s, not text of the document: %q; move it to its field or delete it", orWord(t.Language, "original"), why, clip(para.Plain(), 60))
			}
			break
		}
	}
	if !p.warned("cut short") {
		for _, t := range []Text{d.Original, d.Translation} {
			for k := len(t.Paragraphs) - 1; k >= 0; k-- {
				para := t.Paragraphs[k]
				if para.N == 0 {
					continue
				}
				if stopsMidSentence(block{line: para.Line, lines: para.Lines}) {
					last := para.Lines[len(para.Lines)-1]
					p.warn(para.Line+len(para.Lines)-1, "the %s text stops mid-sentence (%q): the file may be cut short; save it again from the archive", orWord(t.Language, "original"), "…"+clipEnd(last, 40))
				}
				break
			}
		}
	}
	if d.Reference.IsZero() && !p.warned("archival reference") {
		p.warn(0, "no archival reference (such as \"RGASPI, f. 17, op. 128, d. 1\"): add it under a \"Source\" label or in the citation, as the archive's page gives it")
	}
	if d.SourceURL != "" {
		if u, err := url.Parse(d.SourceURL); err != nil || !strings.EqualFold(u.Hostname(), ArchiveHost) {
			host := d.SourceURL
			if err == nil {
				host = u.Hostname()
			}
			p.warn(p.urlLine, "the address %s is on %s, not on the archive's own %s; the catalogue link is built from the record number %s instead — replace the address with the archive's", clip(d.SourceURL, 80), host, ArchiveHost, orWord(d.RecordID, "(none: add the record ID)"))
		}
	}
	p.bilingual()
}

// bilingual warns when the source says it holds texts in two languages and
// one of them is missing.
func (p *parser) bilingual() {
	d := p.doc
	var wantTranslation, wantOriginal string
	for _, c := range d.Contents {
		tr, orig := contentsLanguage(c)
		if tr != "" {
			wantTranslation = tr
		}
		if orig != "" {
			wantOriginal = orig
		}
	}
	foreign := d.OriginalLanguage != "" && !strings.EqualFold(d.OriginalLanguage, "English")
	exported := d.Layout == LayoutMarkdown || d.Layout == LayoutPDF
	// An English original is held as the original: it is the text an
	// "English Translation" item names.
	hasTranslation := d.HasTranslation() || (!foreign && d.HasOriginal())
	switch {
	case wantTranslation != "" && !hasTranslation:
		p.warn(0, "the contents name a translation into %s, but the file holds no %s text: the export is missing a language; save it again", wantTranslation, wantTranslation)
	case wantOriginal != "" && !d.HasOriginal():
		p.warn(0, "the contents name a transcript in %s, but the file holds no %s text: the export is missing a language; save it again", wantOriginal, wantOriginal)
	case exported && foreign && d.HasOriginal() && !d.HasTranslation():
		p.warn(0, "the original is in %s but the export holds no English translation: a language is missing; save it again", d.OriginalLanguage)
	case exported && foreign && wantOriginal != "" && d.HasTranslation() && !d.HasOriginal():
		p.warn(0, "the original is in %s but the export holds only the translation: a language is missing", d.OriginalLanguage)
	}
}

// notContent says why a summary or text paragraph is something else the
// page prints (a label, a contents item, a credit, a related record), or "".
func notContent(d *Document, s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	if label, value, ok := pageLabel(s); ok && (value == "" || len(s) < 40) {
		return "is the page label \"" + label + "\""
	}
	if _, ok := pdfLabel(s); ok {
		return "is a field label"
	}
	if isContentsItem(s) {
		return "is a contents item"
	}
	if isCreditLine(s) {
		return "is a credit or funding line"
	}
	if isRightsNotice(s) {
		return "is the rights notice"
	}
	if _, ok := relatedRow(s); ok {
		return "is a related record's row"
	}
	for _, r := range d.Related {
		if strings.EqualFold(s, r.Title) || (r.Summary != "" && strings.EqualFold(s, r.Summary)) {
			return "is a related record"
		}
	}
	return ""
}

func pdfLabel(s string) (string, bool) {
	if m := rePDFLabel.FindStringSubmatch(s); m != nil && m[2] == "" {
		return m[1], true
	}
	if m := reLabel.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	return "", false
}

// warned reports whether a warning already names the field.
func (p *parser) warned(field string) bool {
	for _, w := range p.doc.Warnings {
		if strings.Contains(w.Message, field) {
			return true
		}
	}
	return false
}

// clipEnd returns the last n runes of s.
func clipEnd(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[len(r)-n:])
}

func orWord(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
