package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/failure"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/web"
)

// searchState is everything a search page's URL says; every state of the
// page is a shareable URL.
type searchState struct {
	Q                                       string
	Person, Place, Org, Year, Lang, Archive []string
	From, To                                string
	Sort                                    string
	Page                                    int
	Subject                                 []string // the archive's subject tags
	// Sender and Recipient are who wrote the documents and to whom.
	Sender, Recipient []string
	// Exact searches the words as typed, not reading any as a name.
	Exact bool
	// escaped says that the values are url.QueryEscape'd already
	// (escapedValues), for writing many links from one state.
	escaped bool
}

// escapedValues returns the state with its values escaped for a URL's
// query, once, to write many links from.
func (st searchState) escapedValues() searchState {
	esc := st
	esc.escaped = true
	esc.Q, esc.From, esc.To = url.QueryEscape(st.Q), url.QueryEscape(st.From), url.QueryEscape(st.To)
	for _, name := range filterParams {
		var vals []string
		for _, v := range *st.list(name) {
			vals = append(vals, url.QueryEscape(v))
		}
		*esc.list(name) = vals
	}
	return esc
}

// maxFilterValues bounds the values of one filter parameter.
const maxFilterValues = 10

// filterParams are the URL parameters that narrow a search, in URL order.
var filterParams = []string{"person", "place", "org", "sender", "recipient", "year", "lang", "archive", "subject"}

func (st *searchState) list(name string) *[]string {
	switch name {
	case "person":
		return &st.Person
	case "place":
		return &st.Place
	case "org":
		return &st.Org
	case "year":
		return &st.Year
	case "lang":
		return &st.Lang
	case "archive":
		return &st.Archive
	case "subject":
		return &st.Subject
	case "sender":
		return &st.Sender
	case "recipient":
		return &st.Recipient
	}
	return nil
}

// eachFilter calls fn with each filter of the state, in URL order: the
// filter parameters, then the dates.
func (st searchState) eachFilter(fn func(name, value string)) {
	for _, name := range filterParams {
		for _, x := range *st.list(name) {
			fn(name, x)
		}
	}
	if st.From != "" {
		fn("from", st.From)
	}
	if st.To != "" {
		fn("to", st.To)
	}
}

// url encodes the state; page 1 and relevance order are left out. The
// parameters come sorted by name, as url.Values.Encode writes them (the
// page cache's canonical order), but written straight into one buffer: a
// search page makes a link for every facet value.
func (st searchState) url() string {
	var b strings.Builder
	b.Grow(st.urlSize())
	st.writeURL(&b, "&")
	return b.String()
}

// href is url as an href attribute holds it: escaped as templ escapes an
// attribute (templ.URL leaves a path as it is). The parameters' names and
// escaped values hold nothing that HTML escapes (url.QueryEscape writes
// letters, digits, "-_.~+%"), their separator does: hrefAmp.
func (st searchState) href() string {
	var b strings.Builder
	b.Grow(st.urlSize() + 16)
	st.writeURL(&b, hrefAmp)
	return b.String()
}

// hrefAmp is the separator of an href's parameters.
var hrefAmp = templ.EscapeString("&")

// writeURL writes url's answer to b, its parameters separated by amp.
func (st searchState) writeURL(b *strings.Builder, amp string) {
	begin := b.Len()
	b.WriteString("/search")
	add := func(name, value string) {
		if b.Len() == begin+len("/search") {
			b.WriteByte('?')
		} else {
			b.WriteString(amp)
		}
		b.WriteString(name)
		b.WriteByte('=')
		if !st.escaped {
			value = url.QueryEscape(value)
		}
		b.WriteString(value)
	}
	each := func(name string, values []string) {
		for _, v := range values {
			add(name, v)
		}
	}
	// In the order of the names: archive exact from lang org page person
	// place q recipient sender sort subject to year.
	each("archive", st.Archive)
	if st.Exact {
		add("exact", "1")
	}
	if st.From != "" {
		add("from", st.From)
	}
	each("lang", st.Lang)
	each("org", st.Org)
	if st.Page > 1 {
		add("page", strconv.Itoa(st.Page))
	}
	each("person", st.Person)
	each("place", st.Place)
	if st.Q != "" {
		add("q", st.Q)
	}
	each("recipient", st.Recipient)
	each("sender", st.Sender)
	if st.Sort != "" {
		add("sort", st.Sort)
	}
	each("subject", st.Subject)
	if st.To != "" {
		add("to", st.To)
	}
	each("year", st.Year)
}

// urlSize is about the length of url's answer, so that its buffer is
// made once: each parameter's name and value with a third more for
// escapes.
func (st searchState) urlSize() int {
	n := len("/search?q=&page=100&exact=1&sort=") + len(st.Sort) + len(st.From) + len(st.To) + 16 + len(st.Q)*4/3
	for _, name := range filterParams {
		for _, v := range *st.list(name) {
			n += len(name) + 2 + len(v)*4/3
		}
	}
	return n
}

func (st searchState) hasFilters() bool {
	return len(st.Person)+len(st.Place)+len(st.Org)+len(st.Sender)+len(st.Recipient)+len(st.Year)+len(st.Lang)+len(st.Archive)+len(st.Subject) > 0 || st.From != "" || st.To != ""
}

// decideSearch validates a search URL into its state and the request for
// the index. A query the reader must change comes back as a
// failure.Invalid error.
func decideSearch(v url.Values) (searchState, search.Request, error) {
	st := searchState{Q: strings.TrimSpace(v.Get("q")), From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")), Sort: v.Get("sort"), Page: 1}
	switch e := v.Get("exact"); e {
	case "", "0":
	case "1":
		st.Exact = true
	default:
		return st, search.Request{}, failure.Errorf(failure.Invalid, "“exact” is 1 (search the words as typed) or left out, not “%s”.", clip(e))
	}
	if !isValidUTF8(st.Q) {
		st.Q = strings.ToValidUTF8(st.Q, "")
	}
	for _, name := range filterParams {
		vals := v[name]
		if len(vals) > maxFilterValues {
			return st, search.Request{}, failure.Errorf(failure.Invalid, "At most %d “%s” filters can be combined.", maxFilterValues, name)
		}
		for _, x := range vals {
			if x = strings.TrimSpace(x); x != "" {
				*st.list(name) = append(*st.list(name), x)
			}
		}
	}
	switch st.Sort {
	case search.SortRelevance, search.SortOldest, search.SortNewest:
	case "relevance":
		st.Sort = search.SortRelevance
	default:
		bad := st.Sort
		st.Sort = ""
		return st, search.Request{}, failure.Errorf(failure.Invalid, "Results can be sorted by relevance, oldest or newest first, not by “%s”.", clip(bad))
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > search.MaxPage {
			return st, search.Request{}, failure.Errorf(failure.Invalid, "“%s” is not a page number: pages run from 1 to %d.", clip(p), search.MaxPage)
		}
		st.Page = n
	}
	q, err := search.ParseQuery(v.Get("q"))
	if err != nil {
		return st, search.Request{}, err
	}
	q.Exact = st.Exact
	st.eachFilter(q.AddFilter)
	return st, search.Request{Query: q, Sort: st.Sort, Page: st.Page}, nil
}

func isValidUTF8(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

// handleSearch serves GET /search: results, facets and pagination.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	st, req, err := decideSearch(r.URL.Query())
	view := web.SearchPage{Page: s.page("Search", "Search the documents' English translations and Russian originals, in any spelling of a name.", ""), Q: st.Q, From: st.From, To: st.To}
	view.Nav = "search"
	view.Query = st.Q
	view.Hidden = hiddenFilters(st)
	if err == nil && req.Query.IsZero() {
		view.Notices = req.Query.Notices
		return renderPublic(w, r, web.SearchResults(view))
	}
	var res *search.Result
	if err == nil {
		res, err = s.search(r.Context(), req)
	}
	if err != nil {
		// The search page tells what went wrong above its form, with the
		// status of the error page's table; other errors get that page.
		if kind := failure.KindOf(err); kind == failure.Internal || errors.Is(err, context.Canceled) {
			return err
		}
		a := s.explain(r, err)
		view.Error = a.message
		if a.status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", retryAfter)
		}
		return s.renderStatus(w, r, a.status, web.SearchResults(view))
	}
	s.fillResults(&view, st, req, res)
	// The page depends only on its URL and the collection: the search
	// page cache keeps it (an error above is answered afresh each time).
	return renderPublic(w, r, web.SearchResults(view))
}

func hiddenFilters(st searchState) []web.HiddenField {
	var out []web.HiddenField
	for _, name := range filterParams {
		for _, x := range *st.list(name) {
			out = append(out, web.HiddenField{Name: name, Value: x})
		}
	}
	if st.Sort != "" {
		out = append(out, web.HiddenField{Name: "sort", Value: st.Sort})
	}
	if st.Exact {
		out = append(out, web.HiddenField{Name: "exact", Value: "1"})
	}
	return out
}

// facetLabels names the facets for readers.
var facetLabels = map[string]string{"year": "Year", "person": "People", "place": "Places", "organisation": "Organisations", "repository": "Archive", "language": "Language", "subject": "Subjects", "sender": "From", "recipient": "To"}

// facetParam maps a facet to the URL parameter that filters by it.
var facetParam = map[string]string{"year": "year", "person": "person", "place": "place", "organisation": "org", "repository": "archive", "language": "lang", "subject": "subject", "sender": "sender", "recipient": "recipient"}

func (s *Server) fillResults(view *web.SearchPage, st searchState, req search.Request, res *search.Result) {
	view.HasQuery = true
	view.Total = res.Total
	view.Notices = res.Notices
	view.Understood = req.Query.String()
	if res.Total > 0 {
		view.FirstShown = (st.Page-1)*search.PageSize + 1
		view.LastShown = view.FirstShown + len(res.Hits) - 1
	}
	s.fillReadings(view, st, res)
	hl := req.Query.Text()
	if hl != "" {
		hl = "?hl=" + url.QueryEscape(hl)
	}
	view.Results = make([]web.SearchResult, 0, len(res.Hits))
	for _, h := range res.Hits {
		d, ok := s.coll.Doc(h.ID)
		if !ok {
			continue
		}
		doc := docURL(d)
		link := func(anchor string) string {
			if anchor == "" {
				return doc + hl
			}
			return doc + hl + "#" + anchor
		}
		sr := web.SearchResult{Doc: hitSummary(d), URL: link(h.First), Snippets: make([]web.SnippetView, 0, len(h.Snippets))}
		for _, sn := range h.Snippets {
			if sn.Field == "title" {
				// The title heads the hit already, its words marked there:
				// a snippet adds to it.
				sr.TitleParts = titleParts(d.Title, sn.Parts)
				continue
			}
			sv := web.SnippetView{Lang: sn.Lang, Label: snippetLabel(d.Translation.Language, d.Original.Language, sn)}
			if sn.Para > 0 {
				sv.URL = link(sn.Lang + "-" + strconv.Itoa(sn.Para))
				if sn.Lang == "" {
					sv.URL = link(sn.Field + "-" + strconv.Itoa(sn.Para))
				}
			}
			sv.Parts = make([]web.SnippetPart, len(sn.Parts))
			for i, p := range sn.Parts {
				sv.Parts[i] = web.SnippetPart{Text: p.Text, Mark: p.Mark}
			}
			sr.Snippets = append(sr.Snippets, sv)
			if sn.Field == "summary" {
				// The snippet shows the summary with the words marked.
				sr.Doc.Summary = ""
			}
		}
		if len(sr.Snippets) > 0 {
			sr.Doc.Summary = clipWords(sr.Doc.Summary, hitSummaryChars)
		}
		view.Results = append(view.Results, sr)
	}
	// Every facet's values are parts of one slice, and their links parts
	// of one string, written one after another as an href holds them
	// (href): a search page makes a hundred.
	esc := st.escapedValues() // the page's values escaped once, not once a link
	// The string is made at its longest: a link is at most the page's
	// own href, its parameter, a separator and the value, each byte of
	// which escapes to at most three.
	first := esc
	first.Page = 1
	base := len(first.href())
	n, size := 0, 0
	for _, f := range res.Facets {
		n += len(f.Values)
		for _, v := range f.Values {
			size += base + len(facetParam[f.Field]) + 1 + len(hrefAmp) + 3*len(v.Value)
		}
	}
	values := make([]web.FacetLink, 0, n)
	var links strings.Builder
	links.Grow(size)
	ends := make([]int, 0, n) // where each link ends
	var scratch []string      // each link's values of its parameter, read by writeURL at once
	view.Facets = make([]web.FacetView, 0, len(res.Facets))
	for _, f := range res.Facets {
		param := facetParam[f.Field]
		first, begin := len(values), links.Len()
		for _, v := range f.Values {
			selected := slices.Contains(*st.list(param), v.Value)
			next := esc
			next.Page = 1
			lst := append(scratch[:0], *esc.list(param)...)
			if selected {
				lst = remove(lst, url.QueryEscape(v.Value))
			} else {
				lst = append(lst, url.QueryEscape(v.Value))
			}
			scratch = lst
			*next.list(param) = lst
			next.writeURL(&links, hrefAmp)
			ends = append(ends, links.Len())
			values = append(values, web.FacetLink{Label: s.facetValueLabel(f.Field, v.Value), Count: v.Count, Selected: selected})
		}
		all, start := links.String(), begin
		for i := first; i < len(values); i++ {
			values[i].Href = all[start:ends[i]]
			start = ends[i]
		}
		if len(values) > first {
			fv := web.FacetView{Label: facetLabels[f.Field], Values: values[first:len(values):len(values)]}
			view.Facets = append(view.Facets, foldFacet(fv, f.Field != "year"))
		}
	}
	for _, name := range filterParams {
		for _, x := range *st.list(name) {
			next := st
			next.Page = 1
			*next.list(name) = remove(append([]string(nil), *st.list(name)...), x)
			view.Active = append(view.Active, web.ActiveFilter{Label: name + ": " + s.facetValueLabel(paramFacet(name), x), RemoveURL: next.url()})
		}
	}
	if st.From != "" || st.To != "" {
		next := st
		next.From, next.To, next.Page = "", "", 1
		view.Active = append(view.Active, web.ActiveFilter{Label: "dates: " + orDots(st.From) + " – " + orDots(st.To), RemoveURL: next.url()})
	}
	// Dropping the filters keeps the words: those of the URL's filters
	// go, and so do filters typed into the query.
	typed, _ := search.ParseQuery(st.Q)
	if !typed.Filters.IsZero() {
		view.DropAll = searchState{Q: typed.Text(), Sort: st.Sort}.url()
	} else if st.hasFilters() {
		view.DropAll = searchState{Q: st.Q, Sort: st.Sort}.url()
	}
	for _, o := range []struct{ sort, label string }{{search.SortRelevance, "Most relevant"}, {search.SortOldest, "Oldest first"}, {search.SortNewest, "Newest first"}} {
		next := st
		next.Sort, next.Page = o.sort, 1
		view.Sorts = append(view.Sorts, web.ViewLink{Label: o.label, URL: next.url(), Current: st.Sort == o.sort})
	}
	for _, sg := range res.Suggestions {
		next := st
		next.Q, next.Page = replaceWord(st.Q, sg.Instead, sg.Word), 1
		label := sg.Word
		if sg.Ref != nil {
			label += ", " + kindLabel(sg.Ref.Kind)
		}
		view.Suggestions = append(view.Suggestions, web.Link{Label: label, URL: next.url()})
	}
	view.Pager = pager(st, res.Total)
}

func paramFacet(param string) string {
	for f, p := range facetParam {
		if p == param {
			return f
		}
	}
	return param
}

func (s *Server) facetValueLabel(field, value string) string {
	switch field {
	case "language":
		return archive.LanguageName(value)
	case "sender", "recipient":
		if r, ok := s.lib.Authority.Get(value); ok {
			return r.Name
		}
	case "person", "place", "organisation":
		if n := s.lib.Name(field, value); n != "" {
			return n
		}
		if rs := s.lib.Authority.Resolve(value); len(rs) > 0 {
			return rs[0].Name
		}
	}
	return value
}

// hitSummary is the part of a document's summary that a hit shows (its
// title, date and summary); a search page makes ten, so the rest of
// summaryOf (reference, languages, link) is left unmade.
func hitSummary(d *archive.Document) web.DocSummary {
	return web.DocSummary{Title: d.Title, Date: d.Date.String(), DateISO: d.Date.ISO(), Summary: d.Summary}
}

func snippetLabel(translation, original string, sn search.Snippet) string {
	switch sn.Field {
	case "title":
		return "Title"
	case "summary":
		return "Summary"
	case "notes":
		return "Notes"
	case "translation":
		return translation + " translation, paragraph " + strconv.Itoa(sn.Para)
	case "original":
		if original == "" {
			original = "Original"
		}
		return original + " original, paragraph " + strconv.Itoa(sn.Para)
	}
	return sn.Field
}

// pagerWindow is how many page links the pager shows around the current.
const pagerWindow = 5

func pager(st searchState, total int) web.Pager {
	last := (total + search.PageSize - 1) / search.PageSize
	last = min(last, search.MaxPage)
	return pages(st.Page, last, func(n int) string { next := st; next.Page = n; return next.url() })
}

// pages links page current of last to its neighbours; at gives the URL of
// page n.
func pages(current, last int, at func(n int) string) web.Pager {
	var p web.Pager
	if last <= 1 {
		return p
	}
	if current > 1 {
		p.Prev = at(min(current-1, last))
	}
	if current < last {
		p.Next = at(current + 1)
	}
	from := max(1, current-pagerWindow)
	to := min(last, current+pagerWindow)
	for n := from; n <= to; n++ {
		p.Pages = append(p.Pages, web.PageLink{N: n, URL: at(n), Current: n == current})
	}
	return p
}

func remove(list []string, s string) []string {
	out := list[:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// handleSearchHelp serves GET /search/help: the query language, with
// examples that find documents in this collection.
func (s *Server) handleSearchHelp(w http.ResponseWriter, r *http.Request) error {
	p := s.page("How to search", "The reading room's query language, with examples.", "/search/help")
	p.Nav = "help"
	var examples []web.HelpExample
	for _, e := range helpExamples {
		examples = append(examples, web.HelpExample{Query: e.query, Says: e.says, URL: searchState{Q: e.query}.url()})
	}
	return renderPublic(w, r, web.SearchHelp(p, examples))
}

// helpExamples are queries that find documents in the shipped collection;
// a test checks that each of them does.
var helpExamples = []struct{ query, says string }{
	{"переговоров", "a Russian word in another form than the text’s (переговоры)"},
	{"negotiation", "an English word in another form (negotiations)"},
	{`"Security Council"`, "a phrase"},
	{"Qavam -oil", "Qavam, leaving out documents that speak of oil"},
	{"Greece OR Indonesia", "either country"},
	{"Tabr*", "Tabriz and the words that begin so"},
	{"Bagirov from:1946-04 to:1946-04", "Bagirov’s documents of April 1946"},
	{"fedai lang:ru", "documents with a Russian original that mention the fedai"},
	{"archive:RGASPI", "the documents held in Moscow’s party archive"},
	{"Pishavari", "Pishevari, spelt as another romanization writes him"},
	{"Mir Jafar Bagirov", "a full name, read as Bagirov’s record"},
	{"org:adp", "the documents that name the Azerbaijan Democratic Party"},
}

// replaceWord respells the first occurrence of word in q, keeping the rest
// of what the reader typed (operators, filters) as it was.
func replaceWord(q, word, with string) string {
	i := strings.Index(strings.ToLower(q), strings.ToLower(word))
	if i < 0 || len(strings.ToLower(q)) != len(q) {
		return with
	}
	return q[:i] + with + q[i+len(word):]
}

// hitSummaryChars is how much of a summary a hit shows above its snippets:
// about two lines, so that the passages that matched lead.
const hitSummaryChars = 160

// clipWords shortens s to at most n characters (runes), cut between words
// and ended with "…"; a shorter s comes back as it is.
func clipWords(s string, n int) string {
	// end is where rune n begins, if s has more than n.
	end, runes := -1, 0
	for i := range s {
		if runes == n {
			end = i
			break
		}
		runes++
	}
	if end < 0 {
		return s
	}
	if !utf8.ValidString(s) {
		// Read as runes, each invalid byte is U+FFFD.
		return clipWords(string([]rune(s)), n)
	}
	// Back from rune n to a space, but not past half of it.
	cut, at := n, end
	for cut > n/2 {
		if r, _ := utf8.DecodeRuneInString(s[at:]); unicode.IsSpace(r) {
			break
		}
		_, size := utf8.DecodeLastRuneInString(s[:at])
		at -= size
		cut--
	}
	if cut <= n/2 {
		at = end
	}
	return strings.TrimRightFunc(s[:at], func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) }) + "…"
}

// titleParts returns a title snippet's runs when they spell the whole
// title, so the heading can mark the words; nil for a fragment.
func titleParts(title string, parts []search.Part) []web.SnippetPart {
	var b strings.Builder
	out := make([]web.SnippetPart, 0, len(parts))
	for _, p := range parts {
		b.WriteString(p.Text)
		out = append(out, web.SnippetPart{Text: p.Text, Mark: p.Mark})
	}
	if strings.Join(strings.Fields(b.String()), " ") != strings.Join(strings.Fields(title), " ") {
		return nil
	}
	return out
}
