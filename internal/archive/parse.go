package archive

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
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
	switch {
	case isPDFExport(lines):
		p.doc.Layout = LayoutPDF
		err = p.pdf(lines)
	case isMarkdownExport(bs):
		p.doc.Layout = LayoutMarkdown
		err = p.markdown(bs)
	case isOldTemplate(lines):
		p.doc.Layout = LayoutOldPage
		err = p.page(oldTemplateBlocks(lines, bs))
	default:
		p.doc.Layout = LayoutWebPage
		err = p.page(bs)
	}
	if err != nil {
		return nil, err
	}
	p.finish()
	sort.SliceStable(p.doc.Warnings, func(i, j int) bool { return p.doc.Warnings[i].Line < p.doc.Warnings[j].Line })
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
	// The blocks' lines are cut from one slice, each capped at its end so
	// that appending to one never writes over the next.
	kept := make([]string, 0, len(lines))
	start := 0 // where the open block's lines begin in kept
	open := false
	for i, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			if open {
				out[len(out)-1].lines = kept[start:len(kept):len(kept)]
			}
			open = false
			continue
		}
		if !open {
			out = append(out, block{line: i + 1})
			start, open = len(kept), true
		}
		kept = append(kept, l)
	}
	if open {
		out[len(out)-1].lines = kept[start:len(kept):len(kept)]
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
	// lines where fields were read, for warnings about them
	summaryLine, urlLine int
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
	if strings.ToLower(label) == "contents" {
		// The texts: read by blocks, never as one value.
		body, notes := p.footnotes(p.textBlocks(bs))
		p.doc.Notes = append(p.doc.Notes, notes...)
		p.body(body)
		return
	}
	var paras []string
	for _, b := range bs {
		paras = append(paras, strings.Join(strings.Fields(b.text()), " "))
	}
	value := strings.Join(paras, "\n\n")
	switch strings.ToLower(label) {
	case "citation":
		if m := reAutolink.FindStringSubmatch(value); m != nil {
			p.doc.SourceURL = m[1]
			p.urlLine = labelLine + 1
			for _, b := range bs {
				for i, l := range b.lines {
					if strings.Contains(l, m[1]) {
						p.urlLine = b.line + i
					}
				}
			}
		}
		p.doc.Citation = strings.Join(strings.Fields(reAutolink.ReplaceAllString(value, "")), " ")
		ref, credits := splitCitation(p.doc.Citation)
		if r, ok := ParseReference(ref); ok {
			p.doc.Reference = r
		}
		p.doc.Credits = append(p.doc.Credits, ParseCredits(credits)...)
	case "summary":
		p.doc.Summary = value
		p.summaryLine = labelLine + 1
	case "original language":
		p.doc.OriginalLanguage = value
	case "credits":
		for k, para := range paras {
			cs := ParseCredits(para)
			if len(cs) == 0 {
				p.doc.Fields = append(p.doc.Fields, Field{Label: label, Value: para, Line: bs[k].line})
				p.warn(bs[k].line, "a paragraph under **Credits:** names no credit (\"Translated by …\", \"This document was made possible with support from …\"): %q; it is kept as a field", clip(para, 60))
			}
			p.doc.Credits = append(p.doc.Credits, cs...)
		}
	default:
		if canonical, ok := pageLabels[strings.ToLower(label)]; ok {
			// A label of the archive's page, given in the export's form.
			p.pageField(canonical, labelLine, paras, func(i int) int { return bs[i].line })
			return
		}
		p.doc.Fields = append(p.doc.Fields, Field{Label: label, Value: value, Line: labelLine})
		p.warn(labelLine, "unrecognised label %q; its text is kept as a field but not shown in its place — check the label's spelling", label)
	}
}

// splitCitation cuts the archive's citation ("Title", date, Wilson Center
// Digital Archive, REFERENCE. CREDITS.) into the reference and the credits.
func splitCitation(c string) (ref, credits string) {
	const anchor = "Digital Archive, "
	i := strings.Index(c, anchor)
	if i < 0 {
		return "", ""
	}
	return splitSource(c[i+len(anchor):])
}

// splitSentence cuts s after its first sentence: at a full stop followed by
// a space and a capital letter. "f. 558" and "d.112." stay whole.
func splitSentence(s string) (first, rest string) {
	for j := 0; j+2 < len(s); j++ {
		if s[j] == '.' && s[j+1] == ' ' {
			r, _ := utf8.DecodeRuneInString(s[j+2:])
			if unicode.IsUpper(r) && !abbreviation(s[:j]) {
				return s[:j], s[j+2:]
			}
		}
	}
	return s, ""
}

// reInitials are initials and abbreviations a full stop closes inside a
// sentence: "A.", "M.D.", "Cde.", "No.".
var reInitials = regexp.MustCompile(`^(?:\p{Lu}|(?:\p{Lu}\.)+\p{Lu}|Cde|Cdes|Dr|Mr|Mrs|Ms|Gen|Col|Lt|Capt|Maj|St|No|Nos|vol|Vol|ed|eds|cf|Prof)$`)

// abbreviation reports whether the text before a full stop ends in an
// initial or abbreviation; only the last word is read, so that cutting a
// long text into sentences stays linear.
func abbreviation(before string) bool {
	word := before[strings.LastIndexAny(before, " (")+1:]
	return len(word) <= 12 && reInitials.MatchString(word)
}

func isRightsNotice(s string) bool {
	return strings.HasPrefix(s, "The History and Public Policy Program welcomes reuse") ||
		strings.HasPrefix(s, "To enquire about this document's rights status") ||
		strings.HasPrefix(s, "To enquire about this document’s rights status")
}

var reDigits = regexp.MustCompile(`^\d+$`)

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
	// The script of each block, read once: the rules below ask it often.
	scripts := make([]*unicode.RangeTable, len(bs))
	for k, b := range bs {
		scripts[k] = dominant(b)
	}
	if script == nil && p.doc.OriginalLanguage == "" {
		for k, b := range bs {
			if scripts[k] == unicode.Cyrillic {
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
		for k := range bs {
			if scripts[k] == script {
				last = k
			}
		}
		split = last + 1
		for split < len(bs) && scripts[split] != unicode.Latin {
			split++
		}
		if last < 0 {
			split = 0
		}
	}
	original, translation := bs[:split], bs[split:]
	if script != nil && script != unicode.Latin {
		// An export may give the translation first (the PDF's "English
		// Translation" before "Transcript - Russian").
		firstOrig, lastLatin := -1, -1
		for k := range bs {
			switch scripts[k] {
			case script:
				if firstOrig < 0 {
					firstOrig = k
				}
			case unicode.Latin:
				lastLatin = k
			}
		}
		if firstOrig >= 0 && lastLatin >= 0 && lastLatin < firstOrig {
			translation, original = bs[:lastLatin+1], bs[lastLatin+1:]
		}
	}
	p.doc.Original = Text{Language: p.doc.OriginalLanguage, Code: languageCode(p.doc.OriginalLanguage), Paragraphs: p.joinBreaks(paragraphs(original))}
	if p.doc.Translation.Language == "" {
		p.doc.Translation.Language = "English"
	}
	p.doc.Translation.Code = languageCode(p.doc.Translation.Language)
	p.doc.Translation.Paragraphs = p.joinBreaks(paragraphs(translation))
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
	var out []Paragraph // nil for no blocks: a text without paragraphs
	if len(bs) > 0 {
		out = make([]Paragraph, 0, len(bs))
	}
	n := 0
	for _, b := range bs {
		p := Paragraph{Kind: KindText, Line: b.line, Lines: append([]string(nil), b.lines...)}
		switch {
		case len(b.lines) == 1 && b.lines[0] == formFeed:
			p.Kind, p.Lines = KindPage, nil
		case len(b.lines) == 1 && strings.HasPrefix(b.lines[0], "#") && reHeading.MatchString(b.lines[0]):
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

// joinBreaks makes one paragraph of a paragraph that a page break cuts:
// the text before the break ends in a word broken by a hyphen ("правиль-"),
// or, in a PDF export, without closing its sentence, and the text after it
// goes on in lower case. The page's marks are kept in the paragraph where
// they stood, as Breaks.
func (p *parser) joinBreaks(ps []Paragraph) []Paragraph {
	var out []Paragraph // nil for none, as paragraphs gives
	if len(ps) > 0 {
		out = make([]Paragraph, 0, len(ps))
	}
	for i := 0; i < len(ps); i++ {
		cur := ps[i]
		if cur.Kind != KindText || len(out) == 0 {
			out = append(out, cur)
			continue
		}
		// Find the text paragraph before the marks that precede cur.
		k := len(out) - 1
		for k >= 0 && (out[k].Kind == KindMark || out[k].Kind == KindPage) {
			k--
		}
		if k < 0 || out[k].Kind != KindText {
			out = append(out, cur)
			continue
		}
		prev := &out[k]
		last := prev.Lines[len(prev.Lines)-1]
		next, _ := utf8.DecodeRuneInString(cur.Lines[0])
		hyphen := midWord(last)
		marked := k < len(out)-1 // a page's mark or break stands between
		open := p.doc.Layout == LayoutPDF && marked && !closesSentence(last)
		if !unicode.IsLower(next) || !(hyphen || open) {
			out = append(out, cur)
			continue
		}
		var marks []string
		line := cur.Line
		if marked {
			line = out[k+1].Line
			for _, m := range out[k+1:] {
				marks = append(marks, m.Lines...)
			}
		}
		br := Break{Before: len(prev.Lines), Mark: strings.Join(marks, " "), Line: line, Hyphen: hyphen}
		prev.Lines = append(prev.Lines, cur.Lines...)
		prev.Breaks = append(prev.Breaks, br)
		if hyphen && p.doc.Layout != LayoutPDF {
			by := "a page mark"
			if !marked {
				by = "a blank line"
			}
			p.warn(br.Line, "a paragraph is split by %s in mid-word (%q / %q): read as one paragraph and one word; check the join", by, clip(lastWord(last), 20), clip(firstWord(cur.Lines[0]), 20))
		}
		out = out[:k+1]
	}
	n := 0
	for i := range out {
		if out[i].Kind == KindMark || out[i].Kind == KindPage {
			out[i].N = 0
			continue
		}
		n++
		out[i].N = n
	}
	return out
}

// midWord reports whether a line ends in a word broken by a hyphen:
// a letter, then the hyphen.
func midWord(line string) bool {
	if !strings.HasSuffix(line, "-") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(line, "-"))
	return unicode.IsLetter(r)
}

func closesSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(line, `"'”’»)]`))
	return strings.ContainsRune(".!?:;", r) || !unicode.IsLetter(r) && r != ','
}

func lastWord(s string) string {
	if i := strings.LastIndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[i+1:]
	}
	return s
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
			if para.Kind == KindMark || len(para.Lines) == 0 || len(para.Lines) > 2 || len(para.Lines[0]) > maxMarkLen {
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
	p.suspects()
	if !d.HasOriginal() && !d.HasTranslation() {
		p.warn(0, "no text: neither an original nor a translation was found")
	}
}

var reRecordURL = regexp.MustCompile(`/document/(\d+)/?$`)

func findMarker(d *Document, marker string) (lang string, para int) {
	ref := "[" + marker + "]"
	sup := "<sup>" + marker + "</sup>"
	for _, t := range []Text{d.Translation, d.Original} {
		for _, p := range t.Paragraphs {
			for _, l := range p.Lines {
				if strings.Contains(l, sup) {
					return t.Code, p.N
				}
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
