package archive

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads the two captures of the archive's web page: the current
// page (date, title, text, footnotes, summary, "Document Information") and
// the older template, one field per line, with bare labels after the text.

// pageLabels are the labels of the fields a page prints after the text, by
// their lower-case form; the value is the label's canonical name.
var pageLabels = map[string]string{
	"document information":                "Document Information",
	"related documents":                   "Related Documents",
	"associated places":                   "Associated Places",
	"associated topics":                   "Associated Topics",
	"associated people":                   "Associated People",
	"subjects discussed":                  "Subjects Discussed",
	"author(s)":                           "Author(s)",
	"authors":                             "Author(s)",
	"author":                              "Author(s)",
	"original uploaded date":              "Original Uploaded Date",
	"record id":                           "Record ID",
	"original language":                   "Original Language",
	"language":                            "Original Language",
	"source":                              "Source",
	"rights":                              "Rights",
	"subjects":                            "Subjects",
	"keywords":                            "Keywords",
	"type":                                "Type",
	"collection":                          "Collection",
	"original archive":                    "Original Archive",
	"classification":                      "Classification",
	"credits":                             "Credits",
	"summary":                             "Summary",
	"citation":                            "Citation",
	"how to cite":                         "Citation",
	"preferred citation":                  "Citation",
	"original classification":             "Classification",
	"original title":                      "Original Title",
	"document type":                       "Type",
	"genre":                               "Type",
	"collections":                         "Collection",
	"associated people & organizations":   "Associated People",
	"associated people and organizations": "Associated People",
	"associated organizations":            "Associated People",
	"date":                                "Date",
}

// singleValued are the labels followed by one value only.
var singleValued = map[string]bool{
	"Original Language": true, "Record ID": true, "Original Uploaded Date": true, "Type": true,
	"Date": true, "Original Title": true, "Summary": true,
}

// strongLabels never start a line of a document's text: one of them on a
// line of its own opens the fields after the text wherever it stands. The
// others ("Source", "Rights") do so only when another label follows.
var strongLabels = map[string]bool{
	"Document Information": true, "Related Documents": true, "Associated Places": true,
	"Associated Topics": true, "Associated People": true, "Subjects Discussed": true,
	"Author(s)": true, "Original Uploaded Date": true, "Record ID": true, "Original Archive": true,
}

// oldTemplateLabels are printed by the older page template only.
var oldTemplateLabels = map[string]bool{
	"Related Documents": true, "Associated Places": true, "Associated Topics": true,
	"Subjects Discussed": true, "Author(s)": true,
}

// pageLabel reads a line as a field label: "Associated Places",
// "Author(s):", or "Record ID: 123" with its value on the same line.
func pageLabel(line string) (label, value string, ok bool) {
	if !mayBeLabel(line) {
		return "", "", false // most lines of a text: no copy made of them
	}
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

// maxLabelKey and maxLabelWords are the length in bytes of the longest
// key of pageLabels and the most words a key has.
var maxLabelKey, maxLabelWords = func() (n, words int) {
	for k := range pageLabels {
		n, words = max(n, len(k)), max(words, len(strings.Fields(k)))
	}
	return n, words
}()

// mayBeLabel reports whether pageLabel can find a label in line, without
// copying it: the line with its white space collapsed must hold a colon
// within its first 30 bytes, after which a label's name ends, or be a
// label itself: no more words than a label has, and short enough for
// one in lower case (which is at least a quarter as long in bytes: "K",
// the Kelvin sign, is "k").
func mayBeLabel(line string) bool {
	n, words := -1, 0 // the collapsed length and the words so far
	for f := range strings.FieldsSeq(line) {
		if n+1 < 30 && strings.IndexByte(f, ':') >= 0 {
			return true
		}
		n += 1 + len(f)
		words++
		if n >= 30 && (n > 4*maxLabelKey+1 || words > maxLabelWords) {
			return false
		}
	}
	return n <= 4*maxLabelKey+1 && words <= maxLabelWords
}

// isOldTemplate reports whether the lines carry a label only the older
// page template prints.
func isOldTemplate(lines []string) bool {
	for _, l := range lines {
		if label, _, ok := pageLabel(l); ok && oldTemplateLabels[label] {
			return true
		}
	}
	return false
}

// oldTemplateBlocks returns the blocks of an older-template capture: one
// a line when the capture has no blank lines between its fields (a label
// or a date inside a run of lines), else the runs between blank lines, so
// that a paragraph wrapped over lines stays one.
func oldTemplateBlocks(lines []string, bs []block) []block {
	for _, b := range bs {
		for _, l := range b.lines[1:] {
			_, _, label := pageLabel(l)
			_, date := ParseDate(strings.TrimSpace(l))
			if label || date {
				return lineBlocks(lines)
			}
		}
	}
	return bs
}

// lineBlocks makes each non-blank line a block of its own: the older
// template puts one field, one paragraph, per line.
func lineBlocks(lines []string) []block {
	var out []block
	for i, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) != "" {
			out = append(out, block{line: i + 1, lines: []string{l}})
		}
	}
	return out
}

// rePageFurniture are lines of the site around the page, not of it.
var rePageFurniture = regexp.MustCompile(`(?i)^(?:skip to (?:main )?content|wilson center digital archive|digital archive|international history declassified|search the archive|home|print)$`)

// page reads a capture of the archive's web page, current or older.
func (p *parser) page(bs []block) error {
	for len(bs) > 0 && len(bs[0].lines) == 1 && rePageFurniture.MatchString(strings.TrimSpace(bs[0].lines[0])) {
		p.skipBlock(bs[0], "page furniture: site header")
		bs = bs[1:]
	}
	// A related document's row can stand before the page's own date.
	for len(bs) > 0 {
		if _, ok := ParseDate(bs[0].text()); ok {
			break
		}
		r, ok := relatedRow(bs[0].text())
		if !ok {
			break
		}
		r.Line = bs[0].line
		p.doc.Related = append(p.doc.Related, r)
		bs = bs[1:]
	}
	// The site's navigation may stand before the date: short lines, which
	// are left out with a warning naming them.
	if k := navigationBefore(bs); k > 0 {
		for _, b := range bs[:k] {
			p.skipBlock(b, "page furniture: before the date")
		}
		p.warn(bs[0].line, "%d short lines before the date were read as the site's navigation and left out (first %q); delete them if so, or put the date first", k, clip(bs[0].text(), 40))
		bs = bs[k:]
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
	if _, _, isLabel := pageLabel(p.doc.Title); isLabel {
		return p.fail(bs[ti].line, "no title found after the date: %q is a page label", p.doc.Title)
	}
	rest := bs[2:]

	end := fieldsStart(rest)
	if end < len(rest) {
		p.pageFields(rest[end:])
	}
	rest = rest[:end]
	// Classification marks printed after the summary.
	// They are gathered from the last one back and then put in reading
	// order: prepending each one cost quadratic time in their number.
	var marks []string
	for len(rest) > 0 && isClassification(rest[len(rest)-1].text()) {
		marks = append(marks, rest[len(rest)-1].text())
		rest = rest[:len(rest)-1]
	}
	slices.Reverse(marks)
	p.doc.Classification = append(marks, p.doc.Classification...)
	// The summary follows the text and its footnotes; a page without one
	// ends with its text, which must not be taken for a summary.
	if n := len(rest); n > 1 {
		cand := rest[n-1]
		_, before, _ := splitFootnotes(rest[:n-1])
		afterNotes := len(before) > 0
		text := strings.Join(strings.Fields(cand.text()), " ")
		switch why := notSummary(cand, afterNotes); {
		case p.doc.Summary != "":
			// The page labels its summary: the paragraph is text, unless
			// it repeats that summary.
			if text == p.doc.Summary {
				p.skipBlock(cand, "the summary again, as the page prints it after the text")
				rest = rest[:n-1]
			}
		case why == "":
			p.doc.Summary = text
			p.summaryLine = cand.line
			rest = rest[:n-1]
		default:
			p.warn(cand.line, "no summary: the last paragraph before the page's fields %s, so it is read as text of the document; if it is the archive's summary, put it under a line \"Summary\"", why)
		}
	}
	body, notes := p.footnotes(rest)
	p.doc.Notes = append(p.doc.Notes, notes...)
	p.body(p.textBlocks(body))
	if end == len(bs[2:]) {
		p.cutShort(body)
	}
	return nil
}

// maxNavigation bounds the lines of navigation looked through for the
// date; navWords the words of each.
const (
	maxNavigation = 12
	navWords      = 6
)

// navigationBefore returns how many blocks before the date (and before
// the title, when the title precedes it) are the site's navigation: short
// lines. It returns 0 when the date is first or second, or is not found
// after short lines only.
func navigationBefore(bs []block) int {
	for k := 0; k < len(bs) && k <= maxNavigation; k++ {
		if _, ok := ParseDate(bs[k].text()); ok {
			if k <= 1 {
				return 0
			}
			return k
		}
		if len(bs[k].lines) > 1 || len(strings.Fields(bs[k].text())) > navWords {
			// A long line right before the date is the title.
			if k >= 1 && k+1 < len(bs) {
				if _, ok := ParseDate(bs[k+1].text()); ok {
					return k
				}
			}
			return 0
		}
	}
	return 0
}

// fieldsStart returns the index of the block that opens the fields after
// the text, or len(bs) if the page has none.
func fieldsStart(bs []block) int {
	for k, b := range bs {
		label, _, ok := pageLabel(b.lines[0])
		if !ok {
			continue
		}
		if strongLabels[label] {
			return k
		}
		for _, later := range bs[k+1:] {
			if _, _, ok := pageLabel(later.lines[0]); ok {
				return k
			}
		}
	}
	return len(bs)
}

// pageFields reads the labelled fields after the text: each label is
// followed by its values up to the next label.
func (p *parser) pageFields(bs []block) {
	type item struct {
		line int
		text string
	}
	label, labelLine := "", 0
	var values []item
	flush := func() {
		if label != "" {
			var vs []string
			for _, v := range values {
				vs = append(vs, v.text)
			}
			p.pageField(label, labelLine, vs, func(i int) int { return values[i].line })
		}
		values = nil
	}
	for _, b := range bs {
		// A block is one value, unless its lines are labels and values of
		// their own (a capture with no blank lines between the fields).
		start := 0
		for i, l := range b.lines {
			if lab, val, ok := pageLabel(l); ok {
				if i > start {
					values = append(values, item{b.line + start, strings.TrimSpace(strings.Join(b.lines[start:i], " "))})
				}
				flush()
				label, labelLine = lab, b.line+i
				if val != "" {
					p.skip(b.line+i, l, "field label and its value, read into the model")
					values = append(values, item{b.line + i, val})
				} else {
					p.skip(b.line+i, l, "field label")
				}
				start = i + 1
			}
		}
		if start < len(b.lines) {
			values = append(values, item{b.line + start, strings.TrimSpace(strings.Join(b.lines[start:], " "))})
		}
	}
	flush()
}

// pageField puts the values under one label in their place.
func (p *parser) pageField(label string, labelLine int, values []string, lineOf func(int) int) {
	d := p.doc
	if len(values) == 0 {
		n := len(d.Skipped) - 1
		if n >= 0 && d.Skipped[n].Line == labelLine {
			d.Skipped[n].Reason = "page furniture: empty field label"
		}
		return
	}
	if label == "Related Documents" {
		p.relatedRecords(values, lineOf) // the spacing may part its cells
		return
	}
	for i, v := range values {
		values[i] = strings.Join(strings.Fields(v), " ")
	}
	// A label of one value ("Original Language", "Record ID") takes the
	// first; what follows it belongs to the document information.
	if singleValued[label] && len(values) > 1 {
		p.pageField(label, labelLine, values[:1], lineOf)
		p.pageField("Document Information", labelLine, values[1:], func(i int) int { return lineOf(i + 1) })
		return
	}
	for i, v := range values {
		line := lineOf(i)
		switch {
		case isRightsNotice(v) || label == "Rights":
			d.Rights = joinNonEmpty(d.Rights, v, "\n\n")
			continue
		case isClassification(v):
			d.Classification = append(d.Classification, v)
			continue
		}
		switch label {
		case "Document Information", "Source", "Credits", "Citation":
			if reLabelLike.MatchString(v) {
				d.Fields = append(d.Fields, Field{Label: label, Value: v, Line: line})
				p.warn(line, "unrecognised label %q under %q, kept as a field; check its spelling", v, label)
				continue
			}
			p.sourceLine(label, v, line)
		case "Associated People":
			// Names of people and organisations: the names' business, kept.
			d.Fields = append(d.Fields, Field{Label: label, Value: v, Line: line})
		case "Associated Places", "Associated Topics", "Subjects Discussed", "Subjects", "Keywords":
			if reLabelLike.MatchString(v) {
				d.Fields = append(d.Fields, Field{Label: label, Value: v, Line: line})
				p.warn(line, "unrecognised label %q under %q, kept as a field; check its spelling, or whether the page's text continues here", v, label)
				continue
			}
			if words := len(strings.Fields(v)); words > maxTagWords || strings.HasSuffix(v, ".") {
				d.Fields = append(d.Fields, Field{Label: label, Value: v, Line: line})
				p.warn(line, "under %q, %q is a sentence, not a subject tag; it is kept as a field — if the page's text goes on here, the label %q stands too early", label, clip(v, 60), label)
				continue
			}
			for _, tag := range strings.Split(v, ";") {
				if tag = strings.TrimSpace(tag); tag != "" && !slices.Contains(d.Subjects, tag) {
					d.Subjects = append(d.Subjects, tag)
				}
			}
		case "Author(s)":
			d.Authors = append(d.Authors, v)
		case "Record ID":
			if reDigits.MatchString(v) && d.RecordID == "" {
				d.RecordID = v
			} else {
				d.Fields = append(d.Fields, Field{Label: label, Value: v, Line: line})
				p.warn(line, "the record ID %q is not a number; write the archive's record number (the digits at the end of its address)", clip(v, 40))
			}
		case "Original Language":
			d.OriginalLanguage = v
		case "Classification":
			d.Classification = append(d.Classification, v)
		case "Summary":
			if d.Summary == "" {
				d.Summary = v
				p.summaryLine = line
			} else {
				d.Fields = append(d.Fields, Field{Label: label, Value: v, Line: line})
			}
		default:
			d.Fields = append(d.Fields, Field{Label: label, Value: v, Line: line})
			if reLabelLike.MatchString(v) {
				p.warn(line, "unrecognised label %q under %q, kept as a field; check its spelling", v, label)
			}
		}
	}
}

// reLabelLike is a line that reads as a field label: a few words and a
// colon ("Origin Unknown:").
var reLabelLike = regexp.MustCompile(`^\p{Lu}[\p{L}()' -]{1,30}:$`)

// maxTagWords bounds a subject tag: longer values are sentences.
const maxTagWords = 8

// sourceLine reads a line of the document information: the archive's
// citation, or its reference and credits.
func (p *parser) sourceLine(label, text string, line int) {
	d := p.doc
	if strings.Contains(text, "Digital Archive, ") {
		if d.SourceNote == "" {
			d.SourceNote = text
		}
		if d.Citation == "" {
			d.Citation = text
		}
		ref, credits := splitCitation(text)
		if r, ok := ParseReference(ref); ok && d.Reference.IsZero() {
			d.Reference = r
		}
		d.Credits = append(d.Credits, ParseCredits(credits)...)
		return
	}
	ref, credits := splitSource(text)
	r, refOK := ParseReference(ref)
	cs := ParseCredits(credits)
	if !refOK {
		cs = ParseCredits(text)
	}
	if !refOK && len(cs) == 0 {
		d.Fields = append(d.Fields, Field{Label: label, Value: text, Line: line})
		p.warn(line, "unrecognised line under %q, kept as a field: %q; if it is the archival reference, write it as the archive does (\"RGASPI, f. 17, op. 128, d. 1\")", label, clip(text, 60))
		return
	}
	if d.SourceNote == "" {
		d.SourceNote = text
	} else {
		d.SourceNote += "\n" + text
	}
	if refOK && d.Reference.IsZero() {
		d.Reference = r
	}
	d.Credits = append(d.Credits, cs...)
}

// relatedRow reads a related document's row written on one line:
// "March 2, 1946 | A title | its summary".
func relatedRow(s string) (Related, bool) {
	s = strings.TrimSpace(s)
	if !mayHaveCellSep(s) {
		return Related{}, false // one cell: no row
	}
	cells := reCellSep.Split(s, -1)
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

// reCellSep separates the cells of a table row as captures write them:
// a bar, a tab, or a wide gap.
var reCellSep = regexp.MustCompile(`\s*\|\s*|\t+|\s{3,}`)

// mayHaveCellSep reports whether reCellSep can match in s: it needs a bar,
// a tab or three white-space bytes in a row.
func mayHaveCellSep(s string) bool {
	if strings.ContainsAny(s, "|\t") {
		return true
	}
	run := 0
	for i := 0; i < len(s); i++ {
		if !isPerlSpace(s[i]) {
			run = 0
		} else if run++; run == 3 {
			return true
		}
	}
	return false
}

// relatedRecords reads the rows under "Related Documents": each on one
// line ("date | title | summary"), or over lines, the date before the
// title or after it, a summary perhaps after both. A row is never this
// document's summary or text, and never a name mention.
func (p *parser) relatedRecords(values []string, lineOf func(int) int) {
	d := p.doc
	dateFirst := true // how rows over lines are printed, told by the first
	for _, v := range values {
		if _, ok := relatedRow(v); ok {
			continue
		}
		_, isDate := ParseDate(v)
		dateFirst = isDate
		break
	}
	var cur *Related
	flush := func() {
		if cur == nil {
			return
		}
		if cur.Title != "" && !cur.Date.IsZero() {
			d.Related = append(d.Related, *cur)
		} else {
			what := cur.Title
			if what == "" {
				what = cur.Date.Text
			}
			d.Fields = append(d.Fields, Field{Label: "Related Documents", Value: what, Line: cur.Line})
			p.warn(cur.Line, "under \"Related Documents\", %q is not part of a row of a date and a title; it is kept as a field — write each related record as \"date | title | summary\"", clip(what, 60))
		}
		cur = nil
	}
	for i, v := range values {
		line := lineOf(i)
		if r, ok := relatedRow(v); ok {
			flush()
			r.Line = line
			d.Related = append(d.Related, r)
			continue
		}
		v = strings.Join(strings.Fields(v), " ")
		date, isDate := ParseDate(v)
		switch {
		case isDate && dateFirst:
			flush()
			cur = &Related{Date: date, Line: line}
		case isDate: // after its title
			if cur == nil || !cur.Date.IsZero() {
				flush()
				cur = &Related{Line: line}
			}
			cur.Date = date
		case cur == nil:
			cur = &Related{Title: v, Line: line}
		case cur.Title == "" && (dateFirst || cur.Date.IsZero()):
			cur.Title = v
		case !cur.Date.IsZero() && cur.Summary == "":
			cur.Summary = v
		default: // a new row, its title first
			flush()
			cur = &Related{Title: v, Line: line}
		}
	}
	flush()
}

// The footnotes of a page follow its text: "[1] text" or "1. text", one a
// line or one a paragraph, perhaps under a "Notes" heading.
var (
	reFootnote         = regexp.MustCompile(`^\[(\d{1,3})\]\s*(.+)$`)
	reNumberedFootnote = regexp.MustCompile(`^(\d{1,3})(?:[.)]\s+|\s+)(\S.*)$`)
	reNotesHeading     = regexp.MustCompile(`(?i)^(?:notes|footnotes|endnotes|notes:|footnotes:|_{3,}|\*\s*\*\s*\*|-{3,})$`)
)

func startsFootnote(l string) bool { return reFootnote.MatchString(strings.TrimSpace(l)) }

// footnotes takes the notes from the end of the blocks. A numbered line
// ("1. text") is a note only under a notes heading or when the text holds
// its marker ([1] or a superscript 1): otherwise it is a numbered list of
// the text itself.
func (p *parser) footnotes(bs []block) (body []block, notes []Note) {
	n, notes, skipped := splitFootnotes(bs)
	p.doc.Skipped = append(p.doc.Skipped, skipped...)
	return bs[:n], notes
}

// splitFootnotes finds the notes at the end of the blocks: it returns how
// many blocks come before them, the notes, and the headings over them.
func splitFootnotes(bs []block) (n int, notes []Note, skipped []Skipped) {
	type note struct {
		marker string
		line   int
		lines  []string
	}
	// Markers in the text, to accept numbered notes by.
	markers := map[string]bool{}
	for _, b := range bs {
		for _, l := range b.lines {
			if !mayHaveMarker(l) {
				continue
			}
			textMarkers(l, func(m string) { markers[m] = true })
		}
	}
	// Whether the notes stand under a heading: the block before the run of
	// blocks that open with a numbered line. Found once, so that reading
	// the notes stays linear.
	underHeading := false
	for k := len(bs) - 1; k >= 0; k-- {
		l := strings.TrimSpace(bs[k].lines[0])
		if len(bs[k].lines) == 1 && reNotesHeading.MatchString(l) {
			underHeading = true
			break
		}
		if !reNumberedFootnote.MatchString(l) && !reFootnote.MatchString(l) {
			break
		}
	}
	fn := len(bs)
	// The blocks of notes are read from the last back; each block's notes
	// are kept as a group and the groups put in reading order at the end:
	// prepending each block's notes cost quadratic time in their number.
	var groups [][]note
	for fn > 0 {
		b := bs[fn-1]
		var got []note
		heading := len(b.lines) > 1 && reNotesHeading.MatchString(strings.TrimSpace(b.lines[0]))
		for i, l := range b.lines {
			if i == 0 && heading {
				continue
			}
			l = strings.TrimSpace(l)
			if m := reFootnote.FindStringSubmatch(l); m != nil {
				got = append(got, note{m[1], b.line + i, []string{m[2]}})
			} else if m := reNumberedFootnote.FindStringSubmatch(l); m != nil && (markers[m[1]] || heading || underHeading) {
				got = append(got, note{m[1], b.line + i, []string{m[2]}})
			} else if len(got) > 0 {
				got[len(got)-1].lines = append(got[len(got)-1].lines, l)
			} else {
				got = nil
				break
			}
		}
		if got == nil {
			break
		}
		groups = append(groups, got)
		fn--
		if heading {
			skipped = append(skipped, Skipped{Line: b.line, Text: b.lines[0], Reason: "notes heading"})
			break
		}
	}
	slices.Reverse(groups)
	run := slices.Concat(groups...)
	if fn > 0 && len(run) > 0 && len(bs[fn-1].lines) == 1 && reNotesHeading.MatchString(strings.TrimSpace(bs[fn-1].lines[0])) {
		skipped = append(skipped, Skipped{Line: bs[fn-1].line, Text: bs[fn-1].lines[0], Reason: "notes heading"})
		fn--
	}
	for _, n := range run {
		notes = append(notes, Note{Kind: NoteFootnote, Marker: n.marker, Text: strings.Join(n.lines, "\n"), Line: n.line})
	}
	return fn, notes, skipped
}

// textMarkers calls f with the number of each footnote marker in line l,
// "word[1]" or "<sup>1</sup>", left to right, none overlapping: the
// matches of the expression [^\s\[]\[(\d{1,3})\]|<sup>(\d{1,3})</sup>,
// scanned by hand because the expression was a fifth of parsing a page.
func textMarkers(l string, f func(marker string)) {
	// Every match has its bracket or "<" at an anchor: the anchors are met
	// in the order of the matches' starts, since the rune before a bracket
	// can neither hold a "<" nor be one followed by "sup>".
	from := 0 // where the last match ended: the next starts here or later
	for at := 0; ; {
		k := strings.IndexAny(l[at:], "[<")
		if k < 0 {
			return
		}
		j := at + k
		if l[j] == '[' {
			// The rune before is no bracket or white space: a byte of
			// ASCII is never part of a longer rune, so its last byte
			// tells.
			if j > from && l[j-1] != '[' && !isPerlSpace(l[j-1]) {
				if n := markerDigits(l[j:], "[", "]"); n > 0 {
					f(l[j+1 : j+1+n])
					from, at = j+1+n+1, j+1+n+1
					continue
				}
			}
		} else if n := markerDigits(l[j:], "<sup>", "</sup>"); n > 0 {
			f(l[j+5 : j+5+n])
			from, at = j+5+n+6, j+5+n+6
			continue
		}
		at = j + 1
	}
}

// markerDigits returns how many digits stand between open and close at
// the start of s, if one to three do; else 0.
func markerDigits(s, open, close string) int {
	if !strings.HasPrefix(s, open) {
		return 0
	}
	n := 0
	for n < len(s)-len(open) && n <= 3 && '0' <= s[len(open)+n] && s[len(open)+n] <= '9' {
		n++
	}
	if n == 0 || n > 3 || !strings.HasPrefix(s[len(open)+n:], close) {
		return 0
	}
	return n
}

// mayHaveMarker says whether line l can hold a footnote marker, which
// always has a bracket or "<sup>": most lines have neither.
func mayHaveMarker(l string) bool {
	return strings.IndexByte(l, '[') >= 0 || strings.Contains(l, "<sup>")
}

// Words that tell a summary, which describes the document in the third
// person, from a last paragraph of the document's own text.
var (
	reFirstPerson  = regexp.MustCompile(`\b(?:I|we|We|us|our|Our|ours|my|My|me|you|You|your|Your)\b`)
	reSummaryStart = regexp.MustCompile(`^(?:(?:A|An|The)\s+(?:\p{L}+\s+)?(?:letter|memo|memorandum|report|telegram|cable|note|record|transcript|draft|resolution|decree|directive|message|excerpt|conversation|protocol|list|statement|appeal|speech|decision|order|account|overview|description|discussion|analysis|summary|survey|review)\b|Translation|Copy|Text|[A-Z][a-z]+ing|Letter|Memo|Memorandum|Report|Telegram|Cable|Ciphered|Note|Notes|Record|Minutes|Transcript|Draft|Resolution|Decree|Directive|Instructions?|Message|Excerpts?|Information|Conversation|Protocol|List|Statement|Appeal|Speech|Decision|Order|Summary|Account|Overview|Description|Discussion|Analysis)\b`)
)

// summaryVerbs are verbs a summary describes a document with ("Bagirov
// forwards …"); summaryReplies the verbs after a plural subject ("the
// delegates ask …"). describesDocument looks for them.
var (
	summaryVerbs = []string{
		"covers", "mentions", "highlights", "examines", "considers", "reveals", "shows", "concludes",
		"characterises", "characterizes", "accuses", "offers", "relays", "passes on", "documents",
		"records", "identifies", "estimates", "believes", "maintains", "expects", "predicts", "plans",
		"intends", "wants", "hopes", "fears", "worries", "recalls", "assures", "promises", "explains",
		"responds", "forwards", "reports", "describes", "discusses", "informs", "asks", "requests",
		"proposes", "outlines", "summarises", "summarizes", "relates", "conveys", "transmits", "sends",
		"writes", "tells", "expresses", "recounts", "lists", "details", "provides", "gives", "contains",
		"includes", "presents", "concerns", "recommends", "suggests", "warns", "complains", "argues",
		"criticises", "criticizes", "comments", "evaluates", "assesses", "analyses", "analyzes",
		"reviews", "instructs", "orders", "approves", "demands", "urges", "calls", "thanks",
		"congratulates", "protests", "announces", "confirms", "refuses", "rejects", "denies", "claims",
		"states", "notifies", "advises", "addresses", "appeals", "seeks", "notes", "agrees", "decides",
		"answers", "replies", "acknowledges", "reiterates", "emphasises", "emphasizes", "stresses",
		"insists", "points out",
	}
	summaryReplies = []string{
		"ask", "describe", "inform", "forward", "discuss", "explain", "propose", "urge", "demand",
		"complain", "protest", "thank", "congratulate", "warn", "instruct", "express", "outline",
		"summarise", "summarize", "respond", "request", "report", "appeal", "call on", "agree", "refuse",
	}
	// summaryVerbsBy are summaryVerbs by their first letter.
	summaryVerbsBy = func() map[byte][]string {
		m := map[byte][]string{}
		for _, v := range summaryVerbs {
			m[v[0]] = append(m[v[0]], v)
		}
		return m
	}()
)

// describesDocument reports whether text holds, as words of their own in
// any case, a verb of summaryVerbs, or a plural subject (a word ending in
// "s", "they" or "who") and a verb of summaryReplies after white space.
// It is the expression (?i)\b(?:VERBS|(?:they|who|[a-z]+s)\s+(?:REPLIES))\b
// scanned by hand, the expression having been a tenth of parsing a page:
// letters compare as (?i) does ("ſ" is an "s", the Kelvin sign a "k") and
// a word's edges are where ASCII letters, digits and "_" meet other text.
func describesDocument(text string) bool {
	for i := 0; i < len(text); i++ {
		if !wordEdge(text, i) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[i:])
		for _, v := range summaryVerbsBy[foldASCII(r)] {
			if end, ok := matchFold(text, i, v); ok && wordEdge(text, end) {
				return true
			}
		}
		for _, subject := range []string{"they", "who", ""} {
			j, ok := 0, false
			if subject != "" {
				j, ok = matchFold(text, i, subject)
			} else {
				j, ok = pluralWord(text, i)
			}
			if !ok {
				continue
			}
			k := j
			for k < len(text) && isPerlSpace(text[k]) {
				k++
			}
			if k == j {
				continue
			}
			for _, v := range summaryReplies {
				if end, ok := matchFold(text, k, v); ok && wordEdge(text, end) {
					return true
				}
			}
		}
	}
	return false
}

// wordEdge reports whether a regular expression's \b holds at byte i of
// s: a word byte (ASCII letter, digit, "_") on one side only. The bytes of
// a longer rune are none.
func wordEdge(s string, i int) bool {
	before := i > 0 && isWordByte(s[i-1])
	after := i < len(s) && isWordByte(s[i])
	return before != after
}

func isWordByte(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' || c == '_'
}

// foldASCII returns the lower-case ASCII letter r is under case folding,
// or 0.
func foldASCII(r rune) byte {
	switch {
	case 'a' <= r|0x20 && r|0x20 <= 'z' && r < utf8.RuneSelf:
		return byte(r | 0x20)
	case r == 'ſ':
		return 's'
	case r == '\u212a': // the Kelvin sign
		return 'k'
	}
	return 0
}

// matchFold reports whether word stands at byte i of s, compared as (?i)
// compares, and where it ends.
func matchFold(s string, i int, word string) (end int, ok bool) {
	for k := 0; k < len(word); k++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 0 || !foldEqual(r, rune(word[k])) {
			return 0, false
		}
		i += size
	}
	return i, true
}

// pluralWord reports whether the letters from byte i of s make a word of
// two or more that ends in "s" and is followed by white space, as
// (?i)[a-z]+s\s finds, and where the word ends.
func pluralWord(s string, i int) (end int, ok bool) {
	n, last := 0, rune(0)
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if foldASCII(r) == 0 {
			break
		}
		n, last, i = n+1, r, i+size
	}
	return i, n >= 2 && foldASCII(last) == 's' && i < len(s) && isPerlSpace(s[i])
}

// notSummary says why a block is not a page's summary, or "" if it is
// one. A summary is an English paragraph about the document: after the
// footnotes whatever it says, else in the third person, a sentence with a
// verb or opening that describes a document ("Bagirov forwards …",
// "Forwarding a message …", "Letter from …").
func notSummary(b block, afterNotes bool) string {
	text := strings.Join(strings.Fields(b.text()), " ")
	switch {
	case dominant(b) != unicode.Latin:
		return "is not in English"
	case isCreditLine(text):
		return "is a credit line"
	case isRightsNotice(text):
		return "is the rights notice"
	case startsFootnote(text):
		return "is a footnote"
	}
	if _, _, ok := pageLabel(text); ok {
		return "is a page label"
	}
	if isContentsItem(text) {
		return "is a contents item"
	}
	if afterNotes {
		return ""
	}
	words := len(strings.Fields(text))
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(text, `"'”’)`))
	switch {
	case words < 6:
		return "is too short for a summary"
	case last != '.' && last != '!' && last != '?':
		return "does not end as a sentence"
	case strings.Contains(text, "["):
		return "holds editorial brackets"
	case reFirstPerson.MatchString(text):
		return "speaks in the first or second person"
	case !reSummaryStart.MatchString(text) && !describesDocument(text):
		// The opening first: anchored, it is read in a moment.
		return "does not describe a document (no verb such as \"reports\" or \"forwards\")"
	}
	return ""
}

// cutShort warns about a page that has no fields after its text: saved
// before it had loaded, or cut off.
func (p *parser) cutShort(body []block) {
	var unknown []string
	d := p.doc
	if d.Summary == "" {
		unknown = append(unknown, "summary")
	}
	if d.Reference.IsZero() {
		unknown = append(unknown, "archival reference")
	}
	if d.RecordID == "" {
		unknown = append(unknown, "record ID")
	}
	if d.Rights == "" {
		unknown = append(unknown, "rights")
	}
	if len(d.Credits) == 0 {
		unknown = append(unknown, "credits")
	}
	if d.OriginalLanguage == "" {
		unknown = append(unknown, "original language")
	}
	how, line := "has no document information", 0
	if len(body) > 0 {
		last := body[len(body)-1]
		line = last.line + len(last.lines) - 1
		if stopsMidSentence(last) {
			how = "stops mid-sentence and has no document information"
		}
	}
	p.warn(line, "the page %s: it may be cut short; unknown: %s. Save the whole page again", how, strings.Join(unknown, ", "))
}

// stopsMidSentence reports whether a paragraph of prose ends without
// closing its sentence: on a comma, a hyphen, or a word in lower case. A
// short line (a signature, "Kuliyev") may end on a name.
func stopsMidSentence(b block) bool {
	l := strings.TrimSpace(b.lines[len(b.lines)-1])
	r, _ := utf8.DecodeLastRuneInString(l)
	if r == ',' || r == '-' || r == ';' || r == '—' {
		return true
	}
	return unicode.IsLower(r) && len(strings.Fields(b.text())) >= 12
}

func joinNonEmpty(a, b, sep string) string {
	if a == "" {
		return b
	}
	return a + sep + b
}
