package archive

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads the archive's PDF export as pdftotext writes it: a
// masthead, the date and title centred, labelled fields ("Citation:",
// "Summary:", "Credits:", "Original Language:", "Contents:"), then the
// texts, pages separated by form feeds and lines wrapped at the page's
// width.

var (
	reMasthead = regexp.MustCompile(`(?i)^(?:digital archive|international history declassified|wilson center(?: digital archive)?|(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)+/?)$`)
	rePDFLabel = regexp.MustCompile(`^(Citation|Summary|Credits|Original Language|Contents|Source|Rights|Record ID|Original Archive):\s*(.*)$`)
	// rePageFooter is a page number line the export prints: "2", "Page 2",
	// "Page 2 of 5", "- 2 -".
	rePageFooter = regexp.MustCompile(`(?i)^(?:page\s+)?-?\s*\d{1,4}\s*-?(?:\s+of\s+\d{1,4})?$`)
	reURLLine    = regexp.MustCompile(`^https?://\S+$`)
)

// formFeed stands for a page break among the lines.
const formFeed = "\f"

// isPDFExport reports whether lines are pdftotext output of the archive's
// export: form feeds, the masthead's motto, or the plain labels
// "Citation:" and "Summary:" under a first line that is the masthead or
// the date.
func isPDFExport(lines []string) bool {
	first := ""
	citation, summary := false, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.Contains(l, formFeed) || strings.EqualFold(t, "International History Declassified") {
			return true
		}
		if first == "" {
			first = t
		}
		citation = citation || strings.HasPrefix(t, "Citation:")
		summary = summary || strings.HasPrefix(t, "Summary:")
	}
	if !citation || !summary {
		return false
	}
	_, isDate := ParseDate(first)
	return isDate || reMasthead.MatchString(first)
}

type pdfLine struct {
	n    int // 1-based source line
	text string
}

// pdfLines splits the lines at form feeds: a form feed becomes a line of
// its own, and the text around it keeps its line number.
func pdfLines(lines []string) []pdfLine {
	var out []pdfLine
	for i, l := range lines {
		parts := strings.Split(l, formFeed)
		for k, part := range parts {
			if k > 0 {
				out = append(out, pdfLine{i + 1, formFeed})
			}
			out = append(out, pdfLine{i + 1, strings.TrimRightFunc(part, unicode.IsSpace)})
		}
	}
	return out
}

func (p *parser) pdf(raw []string) error {
	ls := pdfLines(raw)
	i := 0
	blank := func(l pdfLine) bool { return strings.TrimSpace(l.text) == "" }
	// Masthead.
	for ; i < len(ls); i++ {
		t := strings.TrimSpace(ls[i].text)
		switch {
		case t == "" || t == formFeed:
		case reMasthead.MatchString(t):
			p.skip(ls[i].n, t, "page furniture: masthead")
		default:
			goto date
		}
	}
date:
	if i == len(ls) {
		return p.fail(1, "no date found: the export has nothing after its masthead")
	}
	d, ok := ParseDate(strings.TrimSpace(ls[i].text))
	if !ok {
		return p.fail(ls[i].n, "no date found: expected a date such as \"April 12, 1946\" under the masthead, found %q", clip(strings.TrimSpace(ls[i].text), 60))
	}
	p.doc.Date = d
	i++
	for i < len(ls) && blank(ls[i]) {
		i++
	}
	var title []string
	titleLine := 0
	for ; i < len(ls) && !blank(ls[i]) && ls[i].text != formFeed && !rePDFLabel.MatchString(strings.TrimSpace(ls[i].text)); i++ {
		if titleLine == 0 {
			titleLine = ls[i].n
		}
		title = append(title, strings.TrimSpace(ls[i].text))
	}
	p.doc.Title = strings.Join(strings.Fields(strings.Join(title, " ")), " ")
	if p.doc.Title == "" {
		line := ls[min(i, len(ls)-1)].n
		return p.fail(line, "no title found after the date")
	}
	// Fields, up to the end of the contents list.
	label, labelLine := "", 0
	var value []string
	flush := func() {
		if label != "" {
			p.pdfField(label, labelLine, value)
		}
		label, value = "", nil
	}
	for ; i < len(ls); i++ {
		l := ls[i]
		t := strings.TrimSpace(l.text)
		if m := rePDFLabel.FindStringSubmatch(t); m != nil {
			flush()
			label, labelLine = m[1], l.n
			if m[2] != "" {
				value = append(value, m[2])
				if label == "Contents" && isContentsItem(m[2]) {
					p.contentsItem(m[2])
				}
			}
			if m[2] == "" {
				p.skip(l.n, t, "field label")
			}
			continue
		}
		if l.text == formFeed {
			break // the texts begin on a new page
		}
		if label == "Contents" {
			if t == "" {
				continue
			}
			if !isContentsItem(t) {
				break
			}
			p.contentsItem(t)
			p.skip(l.n, t, "contents item")
			continue
		}
		if t == "" {
			// A field's value is one paragraph: a blank line ends it.
			if len(value) > 0 {
				flush()
			}
			continue
		}
		if label == "" {
			if reMasthead.MatchString(t) {
				p.skip(l.n, t, "page furniture: masthead")
				continue
			}
			break // the texts begin
		}
		value = append(value, t)
	}
	if label != "Contents" {
		flush()
	}
	body, notes := p.footnotes(p.textBlocks(p.pdfBlocks(ls[i:])))
	p.doc.Notes = append(p.doc.Notes, notes...)
	p.body(body)
	return nil
}

func (p *parser) contentsItem(s string) {
	s = strings.Join(strings.Fields(s), " ")
	if !slices.Contains(p.doc.Contents, s) {
		p.doc.Contents = append(p.doc.Contents, s)
	}
	tr, orig := contentsLanguage(s)
	if tr != "" && p.doc.Translation.Language == "" {
		p.doc.Translation.Language = tr
	}
	if orig != "" && p.doc.OriginalLanguage == "" && orig != "English" && languageCode(orig) != "" {
		p.doc.OriginalLanguage = orig
	}
}

// pdfField puts one labelled field of the export in its place; value holds
// its lines, wrapped as the page printed them.
func (p *parser) pdfField(label string, line int, value []string) {
	for len(value) > 0 && value[len(value)-1] == "" {
		value = value[:len(value)-1]
	}
	var paras []string
	var cur []string
	for _, v := range value {
		if v == "" {
			if len(cur) > 0 {
				paras = append(paras, rejoin(cur))
			}
			cur = nil
			continue
		}
		cur = append(cur, v)
	}
	if len(cur) > 0 {
		paras = append(paras, rejoin(cur))
	}
	text := strings.Join(paras, "\n\n")
	if text == "" {
		return
	}
	d := p.doc
	switch label {
	case "Citation":
		var kept []string
		for _, f := range strings.Fields(text) {
			if reURLLine.MatchString(f) && d.SourceURL == "" {
				d.SourceURL = f
				p.urlLine = line
				continue
			}
			kept = append(kept, f)
		}
		d.Citation = strings.Join(kept, " ")
		ref, credits := splitCitation(d.Citation)
		if r, ok := ParseReference(ref); ok {
			d.Reference = r
		}
		d.Credits = append(d.Credits, ParseCredits(credits)...)
	case "Summary":
		d.Summary = strings.Join(strings.Fields(text), " ")
		p.summaryLine = line
	case "Credits":
		for _, para := range paras {
			cs := ParseCredits(para)
			if len(cs) == 0 {
				d.Fields = append(d.Fields, Field{Label: label, Value: para, Line: line})
				p.warn(line, "a line under \"Credits:\" names no credit: %q; it is kept as a field", clip(para, 60))
			}
			d.Credits = append(d.Credits, cs...)
		}
	case "Original Language":
		d.OriginalLanguage = strings.TrimSpace(text)
	case "Source":
		p.sourceLine(label, strings.Join(strings.Fields(text), " "), line)
	case "Rights":
		d.Rights = text
	case "Record ID":
		if reDigits.MatchString(text) {
			d.RecordID = text
		} else {
			d.Fields = append(d.Fields, Field{Label: label, Value: text, Line: line})
		}
	default:
		d.Fields = append(d.Fields, Field{Label: label, Value: text, Line: line})
	}
}

// rejoin joins lines wrapped at the page's width into one line; a word
// broken by a hyphen at the line's end is kept with its hyphen.
func rejoin(lines []string) string {
	return strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
}

// pdfBlocks cuts the texts into paragraphs: at blank lines, at page breaks
// (a form feed becomes a block of its own), and inside a run of lines at a
// line so short that the next line's first word would have fitted on it,
// which a wrapped line never is.
func (p *parser) pdfBlocks(ls []pdfLine) []block {
	width := wrapWidth(ls)
	var out []block
	var cur *block
	end := func() { cur = nil }
	for k, l := range ls {
		t := l.text
		switch {
		case t == formFeed:
			end()
			// A break at the very end of the file closes the last page.
			if k == len(ls)-1 || allBlank(ls[k+1:]) {
				continue
			}
			out = append(out, block{line: l.n, lines: []string{formFeed}})
			continue
		case strings.TrimSpace(t) == "":
			end()
			continue
		case reMasthead.MatchString(strings.TrimSpace(t)) && isPageEdge(ls, k):
			p.skip(l.n, strings.TrimSpace(t), "page furniture: masthead")
			continue
		case reURLLine.MatchString(strings.TrimSpace(t)) && isPageEdge(ls, k):
			p.skip(l.n, strings.TrimSpace(t), "page furniture: the record's address at the page's edge")
			continue
		}
		t = strings.TrimSpace(t)
		if cur != nil && width > 0 {
			prev := cur.lines[len(cur.lines)-1]
			if utf8.RuneCountInString(prev)+1+utf8.RuneCountInString(firstWord(t)) <= width {
				end()
			}
		}
		if rePageFooter.MatchString(t) && isPageEdge(ls, k) {
			end()
			out = append(out, block{line: l.n, lines: []string{t}})
			continue
		}
		if cur == nil {
			out = append(out, block{line: l.n})
			cur = &out[len(out)-1]
		}
		cur.lines = append(cur.lines, t)
	}
	return out
}

func allBlank(ls []pdfLine) bool {
	for _, l := range ls {
		if strings.TrimSpace(l.text) != "" {
			return false
		}
	}
	return true
}

// isPageEdge reports whether line k is the first or last non-blank line of
// its page, where page numbers and running heads stand.
func isPageEdge(ls []pdfLine, k int) bool {
	edge := func(step int) bool {
		for j := k + step; j >= 0 && j < len(ls); j += step {
			if ls[j].text == formFeed {
				return true
			}
			if strings.TrimSpace(ls[j].text) != "" {
				return false
			}
		}
		return true
	}
	return edge(-1) || edge(1)
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// wrapWidth is the width the texts were wrapped at: the length of the
// longer lines (the 90th percentile, so that one wide line does not set
// it), or 0 when the lines are too short for wrapping to be told.
func wrapWidth(ls []pdfLine) int {
	var lens []int
	for _, l := range ls {
		if n := utf8.RuneCountInString(strings.TrimSpace(l.text)); n >= 20 {
			lens = append(lens, n)
		}
	}
	if len(lens) < 3 {
		return 0
	}
	sort.Ints(lens)
	w := lens[len(lens)*9/10]
	if w < 40 {
		return 0
	}
	return w
}
