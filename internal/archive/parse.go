package archive

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse reads one source file, in any layout the archive publishes, into a
// Document. name is the file's path in the corpus and appears in problems.
// It never panics on bad input: an unusable file yields a Problem with the
// file name and, where it applies, the line.
func Parse(name string, data []byte) (*Document, error) {
	lines, err := sourceLines(name, data)
	if err != nil {
		return nil, err
	}
	p := &parser{doc: &Document{File: name}, name: name}
	bs := splitBlocks(lines)
	if isMarkdownExport(bs) {
		p.doc.Layout = LayoutMarkdown
		err = p.markdown(bs)
	} else {
		p.doc.Layout = LayoutWebPage
		err = p.webPage(bs)
	}
	if err != nil {
		return nil, err
	}
	p.finish()
	return p.doc, nil
}

var bom = []byte("\xef\xbb\xbf")

// sourceLines checks the bytes and returns the file's lines, with a UTF-8
// byte-order mark dropped and CRLF or CR line ends read as LF.
func sourceLines(name string, data []byte) ([]string, error) {
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		line, col := 1, 1
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 0
			}
			i += size
			col++
		}
		return nil, Problem{File: name, Line: line, Message: fmt.Sprintf("not UTF-8 text (invalid byte at column %d); save the file as UTF-8", col)}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, Problem{File: name, Line: bytes.Count(data[:i], []byte("\n")) + 1, Message: "contains a NUL byte: not a text file"}
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if strings.TrimSpace(s) == "" {
		return nil, Problem{File: name, Message: "file is empty"}
	}
	return strings.Split(s, "\n"), nil
}

// block is a run of non-blank lines; lines are kept without trailing white
// space (Markdown's two-space hard break is a line break either way).
type block struct {
	line  int // 1-based source line of lines[0]
	lines []string
}

func (b block) text() string { return strings.Join(b.lines, " ") }

func splitBlocks(lines []string) []block {
	var out []block
	var cur *block
	for i, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, block{line: i + 1})
			cur = &out[len(out)-1]
		}
		cur.lines = append(cur.lines, l)
	}
	return out
}

var reLabel = regexp.MustCompile(`^\*\*([^*]+?):\*\*$`)

func isMarkdownExport(bs []block) bool {
	for _, b := range bs {
		if len(b.lines) == 1 && reLabel.MatchString(b.lines[0]) {
			return true
		}
	}
	return false
}

type parser struct {
	doc  *Document
	name string
}

func (p *parser) skip(line int, text, reason string) {
	p.doc.Skipped = append(p.doc.Skipped, Skipped{Line: line, Text: text, Reason: reason})
}

func (p *parser) skipBlock(b block, reason string) {
	for i, l := range b.lines {
		p.skip(b.line+i, l, reason)
	}
}

func (p *parser) warn(line int, format string, args ...any) {
	p.doc.Warnings = append(p.doc.Warnings, Problem{File: p.name, Line: line, Message: fmt.Sprintf(format, args...), Warning: true})
}

func (p *parser) fail(line int, format string, args ...any) error {
	return Problem{File: p.name, Line: line, Message: fmt.Sprintf(format, args...)}
}

// markdown reads the archive's Markdown export.
func (p *parser) markdown(bs []block) error {
	i := 0
	var header []block
	for ; i < len(bs) && !(len(bs[i].lines) == 1 && reLabel.MatchString(bs[i].lines[0])); i++ {
		header = append(header, bs[i])
	}
	if err := p.markdownHeader(header); err != nil {
		return err
	}
	for i < len(bs) {
		label := reLabel.FindStringSubmatch(bs[i].lines[0])[1]
		p.skip(bs[i].line, bs[i].lines[0], "section label")
		i++
		j := i
		if strings.EqualFold(label, "Contents") {
			j = len(bs) // the contents run to the end of the file
		} else {
			for j < len(bs) && !(len(bs[j].lines) == 1 && reLabel.MatchString(bs[j].lines[0])) {
				j++
			}
		}
		p.markdownSection(label, bs[i:j], bs[i-1].line)
		i = j
	}
	return nil
}

var reBoldRun = regexp.MustCompile(`(?s)\*\*(.+?)\*\*`)

// markdownHeader reads the bold date and title at the top of an export. Both
// may wrap over several lines with hard breaks.
func (p *parser) markdownHeader(header []block) error {
	type run struct {
		line int
		text string
	}
	var runs []run
	for _, b := range header {
		joined := strings.Join(b.lines, "\n")
		for _, m := range reBoldRun.FindAllStringSubmatchIndex(joined, -1) {
			line := b.line + strings.Count(joined[:m[0]], "\n")
			runs = append(runs, run{line, strings.Join(strings.Fields(joined[m[2]:m[3]]), " ")})
		}
		if rest := strings.TrimSpace(reBoldRun.ReplaceAllString(joined, "")); rest != "" {
			p.doc.Fields = append(p.doc.Fields, Field{Label: "Heading", Value: rest, Line: b.line})
			p.warn(b.line, "text in the heading that is neither date nor title: %q", rest)
		}
	}
	firstLine := 1
	if len(header) > 0 {
		firstLine = header[0].line
	}
	for _, r := range runs {
		if d, ok := ParseDate(r.text); ok && p.doc.Date.IsZero() {
			p.doc.Date = d
			continue
		}
		if p.doc.Title == "" {
			p.doc.Title = r.text
			continue
		}
		p.doc.Fields = append(p.doc.Fields, Field{Label: "Heading", Value: r.text, Line: r.line})
	}
	if p.doc.Date.IsZero() {
		return p.fail(firstLine, "no date found: the export should start with a bold date such as **December 2, 1946**")
	}
	if p.doc.Title == "" {
		return p.fail(firstLine, "no title found: the export should start with a bold title after the date")
	}
	return nil
}

var reAutolink = regexp.MustCompile(`<(https?://[^>\s]+)>`)

func (p *parser) markdownSection(label string, bs []block, labelLine int) {
	var paras []string
	for _, b := range bs {
		paras = append(paras, strings.Join(strings.Fields(b.text()), " "))
	}
	value := strings.Join(paras, "\n\n")
	switch strings.ToLower(label) {
	case "citation":
		if m := reAutolink.FindStringSubmatch(value); m != nil {
			p.doc.SourceURL = m[1]
		}
		p.doc.Citation = strings.Join(strings.Fields(reAutolink.ReplaceAllString(value, "")), " ")
		ref, credits := splitCitation(p.doc.Citation)
		if r, ok := ParseReference(ref); ok {
			p.doc.Reference = r
		}
		p.doc.Credits = append(p.doc.Credits, ParseCredits(credits)...)
	case "summary":
		p.doc.Summary = value
	case "original language":
		p.doc.OriginalLanguage = value
	case "credits":
		cs := ParseCredits(value)
		if len(cs) == 0 {
			p.doc.Fields = append(p.doc.Fields, Field{Label: label, Value: value, Line: labelLine})
		}
		p.doc.Credits = append(p.doc.Credits, cs...)
	case "contents":
		p.body(p.contentsMenu(bs))
	default:
		p.doc.Fields = append(p.doc.Fields, Field{Label: label, Value: value, Line: labelLine})
	}
}

var reMenu = regexp.MustCompile(`^(?:Original Scan|(?:Translation|Transcription|Transcript|Original) - (\p{L}+))$`)

// contentsMenu drops the archive's list of tabs ("Original Scan",
// "Translation - English") that opens the contents, noting the translation's
// language.
func (p *parser) contentsMenu(bs []block) []block {
	if len(bs) == 0 {
		return bs
	}
	for _, l := range bs[0].lines {
		if !reMenu.MatchString(l) {
			return bs
		}
	}
	for i, l := range bs[0].lines {
		m := reMenu.FindStringSubmatch(l)
		if strings.HasPrefix(l, "Translation") && m[1] != "" {
			p.doc.Translation.Language = m[1]
		}
		p.skip(bs[0].line+i, l, "contents menu")
	}
	return bs[1:]
}

// splitCitation cuts the archive's citation ("Title", date, Wilson Center
// Digital Archive, REFERENCE. CREDITS.) into the reference and the credits.
func splitCitation(c string) (ref, credits string) {
	const anchor = "Digital Archive, "
	i := strings.Index(c, anchor)
	if i < 0 {
		return "", ""
	}
	return splitSentence(c[i+len(anchor):])
}

// splitSentence cuts s after its first sentence: at a full stop followed by
// a space and a capital letter. "f. 558" and "d.112." stay whole.
func splitSentence(s string) (first, rest string) {
	for j := 0; j+2 < len(s); j++ {
		if s[j] == '.' && s[j+1] == ' ' {
			r, _ := utf8.DecodeRuneInString(s[j+2:])
			if unicode.IsUpper(r) {
				return s[:j], s[j+2:]
			}
		}
	}
	return s, ""
}

// webPage reads a plain-text capture of the archive's web page.
func (p *parser) webPage(bs []block) error {
	if len(bs) > 0 && len(bs[0].lines) == 1 && strings.EqualFold(bs[0].lines[0], "Skip to content") {
		p.skipBlock(bs[0], "page furniture: skip link")
		bs = bs[1:]
	}
	if len(bs) < 2 {
		line := 1
		if len(bs) > 0 {
			line = bs[0].line
		}
		return p.fail(line, "no date and title found: a page capture starts with a date such as \"April 12, 1946\" and then the title")
	}
	ti := 1 // the title follows the date, or precedes it
	d, ok := ParseDate(bs[0].text())
	if !ok {
		if d, ok = ParseDate(bs[1].text()); !ok {
			return p.fail(bs[0].line, "no date found: expected a date such as \"April 12, 1946\" on the first line, found %q", clip(bs[0].text(), 60))
		}
		ti = 0
	}
	p.doc.Date = d
	p.doc.Title = strings.Join(strings.Fields(bs[ti].text()), " ")
	if _, isDate := ParseDate(p.doc.Title); isDate {
		return p.fail(bs[ti].line, "no title found after the date")
	}
	rest := bs[2:]

	end := len(rest)
	for k, b := range rest {
		if len(b.lines) == 1 && strings.EqualFold(b.lines[0], "Document Information") {
			p.skipBlock(b, "page furniture: section label")
			p.documentInformation(rest[k+1:])
			end = k
			break
		}
	}
	// Classification marks printed after the summary.
	for end > 0 && isClassification(rest[end-1].text()) {
		p.doc.Classification = append([]string{rest[end-1].text()}, p.doc.Classification...)
		end--
	}
	// The summary is the last paragraph before the document information.
	if end > 1 {
		p.doc.Summary = strings.Join(strings.Fields(rest[end-1].text()), " ")
		end--
	}
	// Footnotes sit between the body and the summary.
	fn := end
	for fn > 0 && reFootnote.MatchString(rest[fn-1].lines[0]) {
		fn--
	}
	for _, b := range rest[fn:end] {
		m := reFootnote.FindStringSubmatch(b.lines[0])
		text := strings.Join(append([]string{m[2]}, b.lines[1:]...), "\n")
		p.doc.Notes = append(p.doc.Notes, Note{Kind: NoteFootnote, Marker: m[1], Text: text, Line: b.line})
	}
	p.body(rest[:fn])
	return nil
}

var reFootnote = regexp.MustCompile(`^\[(\d{1,3})\]\s+(.+)$`)

// infoLabels are the field labels of the archive page's "Document
// Information" box; a label with no value after it is page furniture.
var infoLabels = map[string]string{
	"original uploaded date": "Original Uploaded Date",
	"record id":              "Record ID",
	"original language":      "Original Language",
	"language":               "Original Language",
	"source":                 "Source",
	"rights":                 "Rights",
	"subjects":               "Subjects",
	"keywords":               "Keywords",
	"type":                   "Type",
	"collection":             "Collection",
	"original archive":       "Original Archive",
	"classification":         "Classification",
	"credits":                "Credits",
	"summary":                "Summary",
}

func isRightsNotice(s string) bool {
	return strings.HasPrefix(s, "The History and Public Policy Program welcomes reuse") ||
		strings.HasPrefix(s, "To enquire about this document's rights status") ||
		strings.HasPrefix(s, "To enquire about this document’s rights status")
}

func (p *parser) documentInformation(bs []block) {
	for k := 0; k < len(bs); k++ {
		b := bs[k]
		text := strings.Join(strings.Fields(b.text()), " ")
		if label, ok := infoLabels[strings.ToLower(text)]; ok {
			next := k + 1
			if next < len(bs) && !isInfoBoundary(bs[next].text()) {
				p.infoField(label, strings.Join(strings.Fields(bs[next].text()), " "), bs[next].line)
				p.skipBlock(b, "field label")
				k++
				continue
			}
			p.skipBlock(b, "page furniture: empty field label")
			continue
		}
		switch {
		case isRightsNotice(text):
			p.skipBlock(b, "page furniture: rights notice")
		case isClassification(text):
			p.doc.Classification = append(p.doc.Classification, text)
		case strings.Contains(text, "Digital Archive, "):
			p.doc.SourceNote = text
			ref, credits := splitCitation(text)
			if r, ok := ParseReference(ref); ok {
				p.doc.Reference = r
			}
			p.doc.Credits = append(p.doc.Credits, ParseCredits(credits)...)
		default:
			ref, credits := splitSentence(text)
			r, refOK := ParseReference(ref)
			cs := ParseCredits(credits)
			if !refOK {
				cs = ParseCredits(text)
			}
			if !refOK && len(cs) == 0 {
				p.doc.Fields = append(p.doc.Fields, Field{Label: "Document Information", Value: text, Line: b.line})
				p.warn(b.line, "unrecognised line in the document information, kept as a field: %q", clip(text, 60))
				continue
			}
			p.doc.SourceNote = text
			if refOK {
				p.doc.Reference = r
			}
			p.doc.Credits = append(p.doc.Credits, cs...)
		}
	}
}

func isInfoBoundary(s string) bool {
	s = strings.Join(strings.Fields(s), " ")
	_, label := infoLabels[strings.ToLower(s)]
	return label || isRightsNotice(s)
}

var reDigits = regexp.MustCompile(`^\d+$`)

func (p *parser) infoField(label, value string, line int) {
	switch label {
	case "Record ID":
		if reDigits.MatchString(value) {
			p.doc.RecordID = value
			return
		}
	case "Original Language":
		p.doc.OriginalLanguage = value
		return
	case "Classification":
		p.doc.Classification = append(p.doc.Classification, value)
		return
	case "Summary":
		if p.doc.Summary == "" {
			p.doc.Summary = value
			return
		}
	}
	p.doc.Fields = append(p.doc.Fields, Field{Label: label, Value: value, Line: line})
}

var classificationMarks = map[string]bool{
	"top secret": true, "secret": true, "strictly secret": true, "confidential": true,
	"top secret (special file)": true, "special file": true, "personal and confidential": true,
	"совершенно секретно": true, "секретно": true, "строго секретно": true, "сов. секретно": true,
	"особая папка": true, "совершенно секретно (особая папка)": true, "лично": true,
}

// maxMarkLen is longer than any classification mark.
const maxMarkLen = 64

func isClassification(s string) bool {
	if len(s) > maxMarkLen {
		return false
	}
	s = strings.ToLower(strings.Trim(strings.Join(strings.Fields(s), " "), ".:*[] "))
	return classificationMarks[s]
}

// body splits the text blocks into the original and the translation, by the
// script each paragraph is written in.
func (p *parser) body(bs []block) {
	script := scriptOf(p.doc.OriginalLanguage)
	if script == nil && p.doc.OriginalLanguage == "" {
		for _, b := range bs {
			if dominant(b) == unicode.Cyrillic {
				script = unicode.Cyrillic
				p.warn(b.line, "the original language is not stated; the Cyrillic text is taken as Russian")
				p.doc.OriginalLanguage = "Russian"
				break
			}
		}
	}
	split := 0
	switch {
	case script == unicode.Latin:
		split = len(bs) // an English original has no translation
	case script != nil:
		last := -1
		for k, b := range bs {
			if dominant(b) == script {
				last = k
			}
		}
		split = last + 1
		for split < len(bs) && dominant(bs[split]) != unicode.Latin {
			split++
		}
		if last < 0 {
			split = 0
		}
	}
	p.doc.Original = Text{Language: p.doc.OriginalLanguage, Code: languageCode(p.doc.OriginalLanguage), Paragraphs: paragraphs(bs[:split])}
	if p.doc.Translation.Language == "" {
		p.doc.Translation.Language = "English"
	}
	p.doc.Translation.Code = languageCode(p.doc.Translation.Language)
	p.doc.Translation.Paragraphs = paragraphs(bs[split:])
}

// dominant returns the script most of a block's letters are written in, or
// nil for a block without letters.
func dominant(b block) *unicode.RangeTable {
	var latin, cyrillic, arabic int
	for _, l := range b.lines {
		for _, r := range l {
			switch {
			case r < 0x80:
				if 'a' <= r|0x20 && r|0x20 <= 'z' {
					latin++
				}
			case r >= 0x400 && r <= 0x52f:
				cyrillic++
			case r >= 0x600 && r <= 0x6ff:
				arabic++
			case unicode.Is(unicode.Latin, r):
				latin++
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic++
			case unicode.Is(unicode.Arabic, r):
				arabic++
			}
		}
	}
	switch {
	case latin == 0 && cyrillic == 0 && arabic == 0:
		return nil
	case latin >= cyrillic && latin >= arabic:
		return unicode.Latin
	case cyrillic >= arabic:
		return unicode.Cyrillic
	}
	return unicode.Arabic
}

var reHeading = regexp.MustCompile(`^#{1,6}\s+`)

func paragraphs(bs []block) []Paragraph {
	var out []Paragraph
	n := 0
	for _, b := range bs {
		p := Paragraph{Kind: KindText, Line: b.line, Lines: append([]string(nil), b.lines...)}
		switch {
		case len(b.lines) == 1 && reHeading.MatchString(b.lines[0]):
			p.Kind = KindHeading
			p.Lines[0] = reHeading.ReplaceAllString(b.lines[0], "")
		case isMark(b):
			p.Kind = KindMark
		}
		if p.Kind != KindMark {
			n++
			p.N = n
		}
		out = append(out, p)
	}
	return out
}

// isMark reports whether a block is a page number, folio or archival stamp
// ("142 2.", "1.89,112", "- 2 -") or a column of marginal letters, rather
// than prose.
func isMark(b block) bool {
	if len(b.lines) >= 3 {
		short := true
		for _, l := range b.lines {
			if utf8.RuneCountInString(strings.TrimSpace(l)) > 2 {
				short = false
				break
			}
		}
		if short {
			return true
		}
	}
	for _, l := range b.lines {
		for _, r := range l {
			if unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

// finish derives what depends on the whole document: classification marks
// in the text, notes tied to their markers, the ID.
func (p *parser) finish() {
	d := p.doc
	for _, t := range []*Text{&d.Original, &d.Translation} {
		for _, para := range t.Paragraphs {
			// Classification marks are short lines of their own.
			if para.Kind == KindMark || len(para.Lines) > 2 || len(para.Lines[0]) > maxMarkLen {
				continue
			}
			if isClassification(para.Plain()) && !slices.Contains(d.Classification, para.Plain()) {
				d.Classification = append(d.Classification, para.Plain())
			}
		}
	}
	footnotes := map[string]bool{}
	for _, n := range d.Notes {
		footnotes[n.Marker] = true
	}
	var notes []Note
	for _, n := range d.Notes {
		lang, para := findMarker(d, n.Marker)
		if para == 0 {
			p.warn(n.Line, "footnote [%s] has no marker in the text", n.Marker)
		}
		n.Lang, n.Paragraph = lang, para
		notes = append(notes, n)
	}
	tn := 0
	for _, t := range []*Text{&d.Translation, &d.Original} {
		for _, para := range t.Paragraphs {
			for k, l := range para.Lines {
				if !strings.Contains(l, "[Translator") {
					continue
				}
				for _, s := range Spans(l, footnotes, &tn) {
					if s.Style == StyleTranslatorNote {
						text := strings.TrimSpace(s.Text[strings.Index(s.Text, ":")+1:])
						notes = append(notes, Note{Kind: NoteTranslator, Marker: s.Note, Text: text, Lang: t.Code, Paragraph: para.N, Line: para.Line + k})
					}
				}
			}
		}
	}
	d.Notes = notes
	d.ID = Slug(d.Date, d.Title)
	if d.SourceURL != "" && d.RecordID == "" {
		if m := reRecordURL.FindStringSubmatch(d.SourceURL); m != nil {
			d.RecordID = m[1]
		}
	}
	if d.Summary == "" {
		p.warn(0, "no summary")
	}
	if !d.HasOriginal() && !d.HasTranslation() {
		p.warn(0, "no text: neither an original nor a translation was found")
	}
}

var reRecordURL = regexp.MustCompile(`/document/(\d+)/?$`)

func findMarker(d *Document, marker string) (lang string, para int) {
	ref := "[" + marker + "]"
	for _, t := range []Text{d.Translation, d.Original} {
		for _, p := range t.Paragraphs {
			for _, l := range p.Lines {
				if !strings.Contains(l, ref) {
					continue
				}
				for _, s := range Spans(l, map[string]bool{marker: true}, nil) {
					if s.Style == StyleNoteRef && "["+s.Note+"]" == ref {
						return t.Code, p.N
					}
				}
			}
		}
	}
	return "", 0
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
