package server

import (
	"fmt"
	"github.com/readingroom/readingroom/internal/library"
	"regexp"
	"strconv"
	"strings"

	"github.com/readingroom/readingroom/internal/align"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/cite"
	"github.com/readingroom/readingroom/web"
)

// passageAnchor is the prefix of a passage's anchor: "p-5" names the fifth
// passage, its translation and its original together.
const passageAnchor = "p"

// passages lays out two columns, the translation and the original, as rows
// of the alignment: each row one passage, its translation beside its
// original. A page mark goes with the paragraph after it, at the head of
// which it is shown, as an edition prints a page break; marks after the last
// paragraph go at the end of the last. Each row's one link is its first
// paragraph's number, which names and cites the passage.
func passages(tr, or web.Column, groups []align.Group, trText, orText archive.Text) []web.Row {
	tByN, tTrail := attachMarks(tr.Paragraphs)
	oByN, oTrail := attachMarks(or.Paragraphs)
	out := make([]web.Row, 0, len(groups))
	for i, g := range groups {
		id := passageAnchor + "-" + strconv.Itoa(i+1)
		p := web.Row{
			ID:          id,
			N:           i + 1,
			LinkURL:     "?para=" + id + "#" + id,
			Translation: web.Cell{Lang: tr.Lang, Label: trText.Language},
			Original:    web.Cell{Lang: or.Lang, Label: orText.Language},
			Label:       "Passage " + strconv.Itoa(i+1) + ": " + passageName(g, trText, orText),
		}
		for _, n := range g.Translation {
			if para, ok := tByN[n]; ok {
				p.Translation.Paragraphs = append(p.Translation.Paragraphs, para)
			}
		}
		for _, n := range g.Original {
			if para, ok := oByN[n]; ok {
				p.Original.Paragraphs = append(p.Original.Paragraphs, para)
			}
		}
		out = append(out, p)
	}
	// Marks after the last paragraph of a side close the last row that
	// has that side.
	for i := len(out) - 1; i >= 0 && len(tTrail) > 0; i-- {
		if ps := out[i].Translation.Paragraphs; len(ps) > 0 {
			ps[len(ps)-1].After, tTrail = tTrail, nil
		}
	}
	for i := len(out) - 1; i >= 0 && len(oTrail) > 0; i-- {
		if ps := out[i].Original.Paragraphs; len(ps) > 0 {
			ps[len(ps)-1].After, oTrail = oTrail, nil
		}
	}
	// The one link of a row is its first paragraph's number: it names the
	// passage, in both languages.
	for i := range out {
		p := &out[i]
		cell := &p.Translation
		if len(cell.Paragraphs) == 0 {
			cell = &p.Original
		}
		if len(cell.Paragraphs) > 0 {
			cell.Paragraphs[0].LinkURL = p.LinkURL
			cell.Paragraphs[0].Label = p.Label
		}
	}
	return out
}

// attachMarks returns a column's numbered paragraphs by number, each with
// the marks before it, and the marks after the last; numbered paragraphs
// lose their own link (the row has one).
func attachMarks(ps []web.Paragraph) (map[int]web.Paragraph, []web.Paragraph) {
	out := map[int]web.Paragraph{}
	var pending []web.Paragraph
	for _, p := range ps {
		if p.N == 0 {
			pending = append(pending, p)
			continue
		}
		p.Before, pending = pending, nil
		p.LinkURL, p.Label = "", ""
		out[p.N] = p
	}
	return out, pending
}

// passageName names a group's paragraphs for readers and citations:
// "paragraph 4 of the English translation and paragraphs 5–6 of the
// Russian original".
func passageName(g align.Group, tr, or archive.Text) string {
	var parts []string
	if s := paragraphsOf(g.Translation, tr, "translation"); s != "" {
		parts = append(parts, s)
	}
	if s := paragraphsOf(g.Original, or, "original"); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, " and ")
}

func paragraphsOf(ns []int, t archive.Text, role string) string {
	name := "the " + role
	if t.Language != "" {
		name = "the " + t.Language + " " + role
	}
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("paragraph %d of %s", ns[0], name)
	}
	return fmt.Sprintf("paragraphs %d–%d of %s", ns[0], ns[len(ns)-1], name)
}

// passageOf returns the index of the group that holds the paragraph an
// anchor names ("en-4", "ru-5") or the passage it names ("p-3"), and
// whether there is one.
func passageOf(anchor string, groups []align.Group, trPrefix, orPrefix string) (int, bool) {
	prefix, num, ok := strings.Cut(anchor, "-")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || strconv.Itoa(n) != num || n < 1 {
		return 0, false
	}
	for i, g := range groups {
		switch prefix {
		case passageAnchor:
			if i+1 == n {
				return i, true
			}
		case trPrefix:
			for _, m := range g.Translation {
				if m == n {
					return i, true
				}
			}
		case orPrefix:
			for _, m := range g.Original {
				if m == n {
					return i, true
				}
			}
		}
	}
	return 0, false
}

// rePageNumber is a page mark that is only a page or folio number, or two
// of them (a folio and a sheet number), perhaps between dashes: "141",
// "- 2 -", "142 2.".
var rePageNumber = regexp.MustCompile(`^[\s\-–—]*(\d{1,4})\.?(?:\s+(\d{1,4})\.?)?[\s\-–—]*$`)

// markView says what a page mark is, for the reader: a page number reads
// "p. 141"; anything else (a stamp, an archival reference, a note in the
// margin) is shown as it stands, as a stamp.
func markView(p *web.Paragraph, plain string) {
	if m := rePageNumber.FindStringSubmatch(plain); m != nil {
		p.MarkKind, p.MarkText = "page", "p. "+m[1]
		if m[2] != "" {
			p.MarkText += " / " + m[2]
		}
		return
	}
	p.MarkKind = "stamp"
}

// hasPassage reports whether anchor names a passage of t's alignment or a
// paragraph in one.
func hasPassage(t *library.Text, anchor string) bool {
	d := t.Doc
	_, ok := passageOf(anchor, t.Alignment(), anchorPrefix(d.Translation, "translation"), anchorPrefix(d.Original, "original"))
	return ok
}

// citedPassage returns the passage a citation pinpoints when the reader
// came from a passage's link, or from a paragraph's, on the side-by-side
// page, and its name for readers.
func citedPassage(t *library.Text, show, anchor string) (*cite.Passage, string, bool) {
	if show != showBoth || anchor == "" {
		return nil, "", false
	}
	d := t.Doc
	i, ok := passageOf(anchor, t.Alignment(), anchorPrefix(d.Translation, "translation"), anchorPrefix(d.Original, "original"))
	if !ok {
		return nil, "", false
	}
	g := t.Alignment()[i]
	p := &cite.Passage{Anchor: passageAnchor + "-" + strconv.Itoa(i+1), Translation: g.Translation, Original: g.Original}
	return p, passageName(g, d.Translation, d.Original), true
}

// quietRepeats keeps every mention of a person or place but the first out
// of the tab order: a reader going through the page by keyboard meets each
// name once, in the text, and all of them in the names panel, instead of a
// tab stop at every mention.
func quietRepeats(cols ...*web.Column) {
	seen := map[string]bool{}
	for _, c := range cols {
		for pi := range c.Paragraphs {
			for li := range c.Paragraphs[pi].Lines {
				line := c.Paragraphs[pi].Lines[li]
				for ii := range line {
					in := &line[ii]
					if in.Link == "" {
						continue
					}
					in.Quiet = seen[in.Link]
					seen[in.Link] = true
				}
			}
		}
	}
}
