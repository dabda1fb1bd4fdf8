package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/cite"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/internal/timeline"
	"github.com/readingroom/readingroom/web"
)

// Which texts a document page shows.
const (
	showBoth        = ""
	showTranslation = "translation"
	showOriginal    = "original"
)

// docRequest is a validated request for a document page.
type docRequest struct {
	doc      *archive.Document
	show     string
	redirect string // where to send the reader instead, if set
	// hl is the query whose terms the page highlights, coming from a search
	// result; an unreadable one is ignored rather than refused.
	hl search.Query
	// para is the paragraph the citation pinpoints ("en-3"), when the reader
	// came from a paragraph's link; the handler ignores one the document
	// lacks.
	para string
}

// decideDocument validates a document request: the ID (or the archive's
// record number, which redirects to the ID) and the texts to show.
func decideDocument(c *archive.Collection, id string, q url.Values) (docRequest, error) {
	d, ok := c.Doc(id)
	if !ok {
		target := id
		if cur, moved := c.Redirect(id); moved {
			target = cur // a former ID, as documents/ids.toml records it
		}
		if d, ok := c.Doc(target); ok || reRecord.MatchString(id) {
			if !ok {
				d, ok = c.ByRecord(id)
			}
			if ok {
				redirect := docURL(d)
				if enc := url.Values(q).Encode(); enc != "" {
					redirect += "?" + enc // the same view of the document
				}
				return docRequest{redirect: redirect}, nil
			}
		}
		return docRequest{}, errNotFound(fmt.Sprintf("No document in the collection has the ID “%s”. The list of documents is on the collection page.", clip(id)))
	}
	show := q.Get("show")
	switch show {
	case showBoth:
	case showTranslation, showOriginal:
		if !d.HasOriginal() || !d.HasTranslation() {
			return docRequest{redirect: docURL(d)}, nil
		}
	default:
		return docRequest{}, errBadRequest(fmt.Sprintf("“show” may be “translation” or “original”, not “%s”.", clip(show)))
	}
	req := docRequest{doc: d, show: show, para: q.Get("para")}
	if hl := q.Get("hl"); hl != "" {
		if parsed, err := search.ParseQuery(hl); err == nil {
			req.hl = search.Query{Clauses: parsed.Clauses}
		}
	}
	return req, nil
}

// handleDocument serves GET /documents/{id}: one document, both texts.
func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := url.PathUnescape(chi.URLParam(r, "id"))
	if err != nil {
		return errNotFound("This document address is malformed.")
	}
	req, err := decideDocument(s.coll, id, r.URL.Query())
	if err != nil {
		return err
	}
	if req.redirect != "" {
		http.Redirect(w, r, req.redirect, http.StatusMovedPermanently)
		return nil
	}
	t, err := s.lib.Text(req.doc)
	if err != nil {
		return err
	}
	if req.para != "" && !cite.HasParagraph(t.Doc, req.para) && !(req.show == showBoth && hasPassage(t, req.para)) {
		req.para = "" // an unknown paragraph cites the whole document
	}
	if len(req.hl.Clauses) > 0 {
		return s.renderStatus(w, r, http.StatusOK, web.DocumentPage(s.documentView(req.doc, t, req.show, req.hl, req.para)))
	}
	return renderPublic(w, r, web.DocumentPage(s.documentView(req.doc, t, req.show, search.Query{}, req.para)))
}

// documentView is the page of document entry, as the collection lists it,
// whose whole text is t.
func (s *Server) documentView(entry *archive.Document, t *library.Text, show string, hl search.Query, para string) web.DocPage {
	d := t.Doc
	var marker *search.Marker
	hlParam := ""
	if len(hl.Clauses) > 0 {
		// While the index is built, the words are not marked: the
		// marker needs the index's analysers and its words.
		if ix := s.indexOf(); ix != nil {
			marker = ix.Marker(hl)
		}
		hlParam = hl.Text()
	}
	path := docURL(d)
	v := web.DocPage{
		Page:           s.page(d.Title, d.Summary, path),
		Doc:            summaryOf(d),
		Classification: d.Classification,
		About:          metadata(d, s.lib.Correspondence(entry)),
		ArchiveURL:     d.RecordURL(),
		PageURL:        s.cfg.BaseURL + path,
	}
	base := s.citeContext(d, s.cfg.BaseURL+path)
	cc := base
	cc.Paragraph = para
	if para != "" {
		v.Pinpoint = pinpointLabel(d, para)
	}
	if pass, name, ok := citedPassage(t, show, para); ok {
		cc.Passage, v.Pinpoint = pass, name
	}
	for _, c := range cite.Citations(d, cc) {
		v.Citations = append(v.Citations, citationView(c))
	}
	v.Downloads = downloads(d)
	v.Source = sourceView(d, s.coll)
	for _, m := range cite.HeadMeta(d, base) {
		v.Page.Meta = append(v.Page.Meta, web.Meta{Name: m.Name, Property: m.Property, Content: m.Content})
	}
	v.Page.JSONLD = cite.JSONLD(d, base)
	v.Nav = "collection"
	if d.HasOriginal() && d.HasTranslation() {
		for _, o := range []struct{ show, label string }{
			{showBoth, "Side by side"},
			{showTranslation, d.Translation.Language + " only"},
			{showOriginal, d.Original.Language + " only"},
		} {
			params := url.Values{}
			if o.show != "" {
				params.Set("show", o.show)
			}
			if hlParam != "" {
				params.Set("hl", hlParam)
			}
			u := path
			if len(params) > 0 {
				u += "?" + params.Encode()
			}
			v.Views = append(v.Views, web.ViewLink{Label: o.label, URL: u, Current: o.show == show})
		}
	}
	footnotes := map[string]bool{}
	for _, n := range d.Notes {
		if n.Kind == archive.NoteFootnote {
			footnotes[n.Marker] = true
		}
	}
	// Translator's notes are numbered across the translation, then the
	// original, as the parser numbers them.
	tn := 0
	links := s.mentionLinks(t.Mentions)
	s.addTermLinks(links, t)
	translation := column(d.Translation, "translation", show, footnotes, &tn, marker, links[entity.FieldTranslation])
	original := column(d.Original, "original", show, footnotes, &tn, marker, links[entity.FieldOriginal])
	quietRepeats(&translation, &original)
	v.Names = s.namesIn(d, t.Mentions)
	if hlParam != "" {
		v.Highlight = hlParam
		v.ClearHighlight = path
		if show != "" {
			v.ClearHighlight += "?show=" + show
		}
		v.Highlights = countMarks(translation) + countMarks(original)
	}
	if d.HasTranslation() && show != showOriginal {
		v.Columns = append(v.Columns, translation)
	}
	if d.HasOriginal() && show != showTranslation {
		v.Columns = append(v.Columns, original)
	}
	if show == showBoth && len(v.Columns) == 2 && len(t.Alignment()) > 0 {
		v.Rows = passages(translation, original, t.Alignment(), d.Translation, d.Original)
	}
	for _, n := range d.Notes {
		nv := noteView(n, d)
		// A note whose marker is in a text this view hides links back to
		// the page that shows both.
		if nv.BackHref != "" && ((n.Lang == d.Translation.Code && show == showOriginal) || (n.Lang == d.Original.Code && show == showTranslation)) {
			nv.BackHref = path + nv.BackHref
		}
		v.Notes = append(v.Notes, nv)
	}
	v.Prev, v.Next = neighbour(s.coll.Neighbours(entry))
	for _, rel := range timeline.Related(s.coll.Docs, entry, s.lib.NamesOf, s.lib.Name) {
		rv := web.Related{Doc: summaryOf(rel.Doc)}
		for _, why := range rel.Reasons {
			rv.Reasons = append(rv.Reasons, why.Text)
		}
		v.Related = append(v.Related, rv)
	}
	for _, ref := range s.lib.References(entry) {
		rv := web.Reference{Text: ref.String()}
		if ref.Target != nil {
			rv.URL = docURL(ref.Target)
		}
		v.References = append(v.References, rv)
	}
	c := s.lib.Correspondence(entry)
	v.From, v.To = c.From, strings.Join(c.To, ", ")
	return v
}

func neighbour(prev, next *archive.Document) (*web.DocSummary, *web.DocSummary) {
	var p, n *web.DocSummary
	if prev != nil {
		s := summaryOf(prev)
		p = &s
	}
	if next != nil {
		s := summaryOf(next)
		n = &s
	}
	return p, n
}

func countMarks(c web.Column) int {
	n := 0
	for _, p := range c.Paragraphs {
		for _, l := range p.Lines {
			for _, in := range l {
				if in.Mark {
					n++
				}
			}
		}
	}
	return n
}

// overlay is a range of a source line that links to a person or place.
type overlay struct {
	start, end int
	href       string
	title      string
	ref        string // "person:qavam", as search names it
	abbr       string // for a glossary term: its definition
}

// lineKey addresses one line of one paragraph of a text.
type lineKey struct{ para, line int }

// mentionLinks returns, per text and line, the names to link.
func (s *Server) mentionLinks(ms []entity.Mention) map[string]map[lineKey][]overlay {
	out := map[string]map[lineKey][]overlay{entity.FieldTranslation: {}, entity.FieldOriginal: {}}
	for _, m := range ms {
		byLine, ok := out[m.Field]
		if !ok {
			continue
		}
		r, ok := s.lib.Authority.Get(m.ID)
		if !ok {
			continue
		}
		k := lineKey{m.ParaIndex, m.Line}
		byLine[k] = append(byLine[k], overlay{start: m.Start, end: m.End, href: entityURL(r), title: r.Name, ref: r.Kind + ":" + r.ID})
	}
	for _, byLine := range out {
		for _, ls := range byLine {
			sortLinks(ls)
		}
	}
	return out
}

// sortLinks puts a line's links in text order, as inlines and overlaps
// read them.
func sortLinks(ls []overlay) {
	slices.SortStableFunc(ls, func(a, b overlay) int { return a.start - b.start })
}

// namesIn lists the people, then the places, that a document names, with
// the spellings it uses.
func (s *Server) namesIn(d *archive.Document, ms []entity.Mention) []web.NameRow {
	var rows []web.NameRow
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		if r, ok := s.lib.Authority.Get(m.ID); ok {
			rows = append(rows, web.NameRow{Name: r.Name, URL: entityURL(r), Kind: r.Kind, Forms: s.lib.Forms(d.ID, r.ID)})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Kind != rows[j].Kind {
			return kindOrder(rows[i].Kind) < kindOrder(rows[j].Kind)
		}
		return rows[i].Name < rows[j].Name
	})
	return rows
}

func column(t archive.Text, role, show string, footnotes map[string]bool, tn *int, marker *search.Marker, links map[lineKey][]overlay) web.Column {
	prefix := anchorPrefix(t, role)
	lang := t.Language
	if lang == "" {
		lang = "Original"
	}
	c := web.Column{Heading: lang + " " + role, Lang: t.Code, ID: prefix}
	// A paragraph's link carries its anchor as a parameter too, so that the
	// page it opens cites that paragraph.
	base := ""
	if show != "" {
		base = "show=" + show + "&"
	}
	if role == "original" && t.Language != "" {
		c.Heading = t.Language + " original"
	}
	for pi, p := range t.Paragraphs {
		pv := web.Paragraph{N: p.N, Kind: string(p.Kind)}
		if p.N > 0 {
			pv.ID = prefix + "-" + strconv.Itoa(p.N)
			pv.LinkURL = "?" + base + "para=" + pv.ID + "#" + pv.ID
			pv.Label = fmt.Sprintf("Paragraph %d of the %s", p.N, strings.ToLower(c.Heading[:1])+c.Heading[1:])
			if t.Code != "" {
				pv.Label = fmt.Sprintf("Paragraph %d of the %s", p.N, c.Heading)
			}
		}
		for li, l := range p.Lines {
			pv.Lines = append(pv.Lines, inlines(archive.Spans(l, footnotes, tn), marker, t.Code, links[lineKey{pi, li}]))
		}
		pv.Lines = withBreaks(pv.Lines, p.Breaks)
		if p.Kind == archive.KindMark {
			markView(&pv, p.Plain())
		}
		c.Paragraphs = append(c.Paragraphs, pv)
	}
	return c
}

func inlines(spans []archive.Span, marker *search.Marker, lang string, links []overlay) []web.Inline {
	out := make([]web.Inline, 0, len(spans))
	// Spans and links (sorted by mentionLinks) both run in text order, so
	// each span looks only at the links beside it: a long line of many
	// spans and many names costs their sum, not their product.
	next := 0
	for _, s := range spans {
		if s.Style == archive.StylePlain || s.Style == archive.StyleEmphasis {
			kind := ""
			if s.Style == archive.StyleEmphasis {
				kind = "em"
			}
			end := s.Start + len(s.Text)
			for next < len(links) && links[next].end <= s.Start {
				next++
			}
			last := next
			for last < len(links) && links[last].start < end {
				last++
			}
			near := links[next:last]
			marks := marker.Ranges(lang, s.Text)
			// A name the search matched is marked in every spelling.
			if marker != nil {
				for _, l := range near {
					if marker.Refs()[l.ref] && l.end > s.Start {
						marks = append(marks, search.Range{Start: max(l.start, s.Start) - s.Start, End: min(l.end, end) - s.Start})
					}
				}
			}
			out = append(out, overlayRuns(s, kind, marks, near)...)
			continue
		}
		in := web.Inline{Text: s.Text}
		switch s.Style {
		case archive.StyleSuperscript:
			in.Kind = "sup"
		case archive.StyleNoteRef:
			in.Kind, in.Href, in.ID = "noteref", "#fn-"+s.Note, "fnref-"+s.Note
		case archive.StyleTranslatorNote:
			in.Kind, in.Href, in.ID = "tn", "#"+tnAnchor(s.Note), "ref-"+tnAnchor(s.Note)
			if i := strings.Index(s.Text, ":"); i > 0 {
				in.Text, in.After = s.Text[:i], s.Text[i:]
			}
		}
		out = append(out, in)
	}
	return out
}

// overlayRuns cuts a span of text where search marks and name links begin
// and end; marks are relative to the span, links to the source line. Its
// cost is linear in the number of cuts (and logarithmic in it for each
// mark and link): a piece's mark comes from a running count and its link
// from a table filled link by link, never by comparing every piece with
// every mark and link.
func overlayRuns(s archive.Span, kind string, marks []search.Range, links []overlay) []web.Inline {
	end := s.Start + len(s.Text)
	local := make([]overlay, 0, len(links))
	cuts := make([]int, 0, 2+2*len(links)+2*len(marks))
	cuts = append(cuts, 0, len(s.Text))
	for _, l := range links {
		if l.end <= s.Start || l.start >= end {
			continue
		}
		o := overlay{start: max(l.start, s.Start) - s.Start, end: min(l.end, end) - s.Start, href: l.href, title: l.title, abbr: l.abbr}
		local = append(local, o)
		cuts = append(cuts, o.start, o.end)
	}
	for i, m := range marks {
		m.Start, m.End = min(max(m.Start, 0), len(s.Text)), min(max(m.End, 0), len(s.Text))
		marks[i] = m
		cuts = append(cuts, m.Start, m.End)
	}
	if len(cuts) == 2 {
		return []web.Inline{{Text: s.Text, Kind: kind}}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	// Piece i is s.Text[cuts[i]:cuts[i+1]]; every mark and link starts
	// and ends at a cut, so each covers a run of whole pieces.
	piece := func(at int) int { i, _ := slices.BinarySearch(cuts, at); return i }
	marked := make([]int, len(cuts)) // marks starting minus marks ending at each piece
	for _, m := range marks {
		if i, j := piece(m.Start), piece(m.End); i < j {
			marked[i]++
			marked[j]--
		}
	}
	linked := make([]int, len(cuts)) // 1 + the index in local of the piece's link
	for k, l := range local {
		for i := piece(l.start); i < piece(l.end); i++ {
			linked[i] = k + 1 // names do not overlap: each piece is written once
		}
	}
	var out []web.Inline
	depth, from := 0, 0 // from: where the last piece put out began
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		depth += marked[i]
		in := web.Inline{Text: s.Text[a:b], Kind: kind, Mark: depth > 0}
		if k := linked[i]; k > 0 {
			l := local[k-1]
			in.Link, in.LinkTitle, in.Abbr = l.href, l.title, l.abbr
		}
		// Pieces of one name stay one link.
		if n := len(out); n > 0 && out[n-1].Link == in.Link && out[n-1].Mark == in.Mark && in.Link != "" {
			out[n-1].Text = s.Text[from:b]
			continue
		}
		from = a
		out = append(out, in)
	}
	return out
}

func noteView(n archive.Note, d *archive.Document) web.Note {
	nv := web.Note{Marker: n.Marker, Text: n.Text, BackText: "Back to the text"}
	switch n.Kind {
	case archive.NoteTranslator:
		nv.ID, nv.Kind = tnAnchor(n.Marker), "Translator’s note"
		nv.Marker = strings.TrimPrefix(n.Marker, "TN")
		nv.BackHref = "#ref-" + nv.ID
	default:
		nv.ID, nv.Kind = "fn-"+n.Marker, "Footnote"
		if n.Paragraph > 0 {
			nv.BackHref = "#fnref-" + n.Marker
		}
	}
	if nv.BackHref == "" {
		nv.BackText = ""
	}
	return nv
}

func metadata(d *archive.Document, c timeline.Correspondence) []web.MetaRow {
	var rows []web.MetaRow
	add := func(label, url string, values ...string) {
		var vs []string
		for _, v := range values {
			if v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			rows = append(rows, web.MetaRow{Label: label, Values: vs, URL: url})
		}
	}
	date := d.Date.String()
	if d.Date.Text != "" && d.Date.Text != date {
		date += " (written “" + d.Date.Text + "”)"
	}
	add("Date", "", date)
	if !c.IsZero() {
		add("From", "", c.From)
		add("To", "", strings.Join(c.To, ", "))
	}
	if !d.Reference.IsZero() {
		repo := d.Reference.Repository
		if name := archive.RepositoryName(repo); name != "" {
			repo += " — " + name
		}
		add("Archive", "", repo)
		var parts []string
		for _, p := range d.Reference.Parts {
			parts = append(parts, p.Kind+" "+p.Value)
		}
		add("Reference", "", d.Reference.Text, strings.Join(parts, " · "))
		if f := d.Reference.File(); f != "" {
			add("Archival file", archiveFileURL(f), "Other documents from "+f)
		}
	}
	orig := d.OriginalLanguage
	if orig == "" {
		orig = "Not stated in the source"
	}
	add("Original language", "", orig)
	var texts []string
	if d.HasTranslation() {
		texts = append(texts, fmt.Sprintf("%s translation, %d paragraphs", d.Translation.Language, d.Translation.Numbered()))
	}
	if d.HasOriginal() {
		texts = append(texts, fmt.Sprintf("%s original, %d paragraphs", d.Original.Language, d.Original.Numbered()))
	} else {
		texts = append(texts, "The archive published no transcription of the original")
	}
	add("Texts", "", texts...)
	var credits []string
	for _, c := range d.Credits {
		credits = append(credits, c.String())
	}
	add("Credits", "", credits...)
	if d.RecordID != "" {
		add("Archive record", d.RecordURL(), archive.DigitalArchive+", record "+d.RecordID)
	}
	if d.SourceURL != "" && d.SourceURL != d.RecordURL() {
		add("Address given by the source", "", d.SourceURL)
	}
	for _, f := range d.Fields {
		add(f.Label, "", f.Value)
	}
	add("Source file", "", d.File+" ("+layoutName(d.Layout)+")")
	return rows
}

func layoutName(l archive.Layout) string {
	switch l {
	case archive.LayoutMarkdown:
		return "the archive’s Markdown export"
	case archive.LayoutWebPage:
		return "a capture of the archive’s web page"
	case archive.LayoutOldPage:
		return "a capture of the archive’s older web page"
	case archive.LayoutPDF:
		return "the text of the archive’s PDF export"
	}
	return string(l)
}

func citationView(c cite.Citation) web.CitationView {
	v := web.CitationView{Style: citationStyles[c.Style]}
	for _, p := range c.Parts {
		v.Parts = append(v.Parts, web.CitationPart{Text: p.Text, Italic: p.Italic, Link: p.Link})
	}
	return v
}

var citationStyles = map[string]string{
	cite.StyleChicagoNote:         "Chicago (note)",
	cite.StyleChicagoBibliography: "Chicago (bibliography)",
	cite.StyleMLA:                 "MLA",
}

// pinpointLabel names a paragraph anchor for readers: "paragraph 3 of the
// English translation".
func pinpointLabel(d *archive.Document, anchor string) string {
	code, n, _ := strings.Cut(anchor, "-")
	for _, t := range []struct {
		text archive.Text
		role string
	}{{d.Translation, "translation"}, {d.Original, "original"}} {
		if anchorPrefix(t.text, t.role) == code {
			return fmt.Sprintf("paragraph %s of the %s %s", n, t.text.Language, t.role)
		}
	}
	return anchor
}

// downloadFormats are the files a document page offers, by URL suffix.
var downloadFormats = []struct{ file, label string }{
	{"cite.bib", "BibTeX (.bib)"},
	{"cite.ris", "RIS, for Zotero, EndNote, Mendeley (.ris)"},
	{"cite.json", "CSL-JSON (.json)"},
	{"text.txt", "Plain text of the document"},
}

func downloads(d *archive.Document) []web.Link {
	var out []web.Link
	for _, f := range downloadFormats {
		out = append(out, web.Link{Label: f.label, URL: docURL(d) + "/" + f.file})
	}
	out = append(out, web.Link{Label: "The whole document as JSON", URL: "/api/documents/" + d.ID})
	return out
}
