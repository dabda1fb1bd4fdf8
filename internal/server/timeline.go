package server

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/timeline"
	"github.com/readingroom/readingroom/web"
)

// timelineState is what a timeline URL says: the same filter parameters as
// search, so that a reader can follow one person through time.
type timelineState struct {
	Person, Place     []string
	Sender, Recipient []string // records of who wrote the documents to whom
	Archive, Lang     string
}

// query is the canonical query of the state: every list sorted (each
// value once, as decideTimeline keeps them), parameters by name. Two URLs
// that ask for the same timeline have one canonical form, which the
// handlers redirect to: the page cache keeps one page per timeline, not
// one per ordering and spelling of its filters.
func (st timelineState) query() string {
	v := url.Values{}
	for _, l := range []struct {
		name string
		ids  []string
	}{{"person", st.Person}, {"place", st.Place}, {"sender", st.Sender}, {"recipient", st.Recipient}} {
		ids := slices.Clone(l.ids)
		slices.Sort(ids)
		v[l.name] = ids
		if len(ids) == 0 {
			delete(v, l.name)
		}
	}
	if st.Archive != "" {
		v.Set("archive", st.Archive)
	}
	if st.Lang != "" {
		v.Set("lang", st.Lang)
	}
	return v.Encode()
}

func (st timelineState) url() string {
	if q := st.query(); q != "" {
		return "/timeline?" + q
	}
	return "/timeline"
}

// redirectCanonical answers a timeline URL that is not in its canonical
// form (filters in another order, repeated, spelled by name rather than
// record ID, or unknown parameters) with a permanent redirect to it.
func redirectCanonical(w http.ResponseWriter, r *http.Request, st timelineState) bool {
	return redirectTo(w, r, st.query())
}

// pageQuery is the canonical query of page n of a list filtered by st.
func pageQuery(st timelineState, n int) string {
	v, _ := url.ParseQuery(st.query())
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v.Encode()
}

// redirectTo redirects r to its path with the canonical query q, unless it
// has it already.
func redirectTo(w http.ResponseWriter, r *http.Request, q string) bool {
	if r.URL.RawQuery == q {
		return false
	}
	target := r.URL.EscapedPath()
	if q != "" {
		target += "?" + q
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return true
}

// decideTimeline validates the filters: people and places by record ID or
// any spelling of their name, archives by key, languages by code.
func (s *Server) decideTimeline(q url.Values) (timelineState, error) {
	var st timelineState
	for _, kind := range []string{entity.KindPerson, entity.KindPlace} {
		vals := q[kind]
		if len(vals) > maxFilterValues {
			return st, errBadRequest(fmt.Sprintf("At most %d “%s” filters can be combined.", maxFilterValues, kind))
		}
		for _, v := range vals {
			id := s.recordID(kind, v)
			if id == "" {
				return st, errNotFound(fmt.Sprintf("No %s called “%s” is known to the collection. The lists are at /people and /places.", kind, clip(v)))
			}
			if kind == entity.KindPerson {
				st.Person = appendOnce(st.Person, id)
			} else {
				st.Place = appendOnce(st.Place, id)
			}
		}
	}
	// Senders and recipients are people or bodies, by ID or any spelling.
	for _, param := range []string{"sender", "recipient"} {
		vals := q[param]
		if len(vals) > maxFilterValues {
			return st, errBadRequest(fmt.Sprintf("At most %d “%s” filters can be combined.", maxFilterValues, param))
		}
		for _, v := range vals {
			id := cmp.Or(s.recordID(entity.KindPerson, v), s.recordID(entity.KindOrganisation, v))
			if id == "" {
				return st, errNotFound(fmt.Sprintf("No person or organisation called “%s” is known to the collection. The lists are at /people and /organisations.", clip(v)))
			}
			if param == "sender" {
				st.Sender = appendOnce(st.Sender, id)
			} else {
				st.Recipient = appendOnce(st.Recipient, id)
			}
		}
	}
	if a := q.Get("archive"); a != "" {
		// Keys are matched as search's archive: filter matches them.
		st.Archive = strings.ToUpper(archive.RepositoryKey(a))
		if !slices.Contains(s.coll.Repositories(), st.Archive) {
			return st, errNotFound(fmt.Sprintf("No document of the collection is held by “%s”. The archives are listed at /archives.", clip(a)))
		}
	}
	if l := q.Get("lang"); l != "" {
		lang, ok := archive.LookupLanguage(l)
		if !ok {
			return st, errBadRequest(fmt.Sprintf("“lang” may be a language code such as en or ru, or its name, not “%s”.", clip(l)))
		}
		st.Lang = lang.Code
	}
	return st, nil
}

// recordID finds the record of a kind by ID or by any form of its name.
func (s *Server) recordID(kind, v string) string {
	if r, ok := s.lib.Authority.Get(strings.ToLower(v)); ok && r.Kind == kind {
		return r.ID
	}
	for _, r := range s.lib.Authority.Resolve(v) {
		if r.Kind == kind {
			return r.ID
		}
	}
	return ""
}

// recordName is the name of the record id, of any kind.
func (s *Server) recordName(id string) string {
	if r, ok := s.lib.Authority.Get(id); ok {
		return r.Name
	}
	return id
}

func appendOnce(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func (s *Server) filter(st timelineState) timeline.Filter {
	return timeline.Filter{People: st.Person, Places: st.Place, Senders: st.Sender, Recipients: st.Recipient,
		Archive: st.Archive, Lang: st.Lang, Entities: s.lib.NamesOf, Parties: s.lib.PartyIDs}
}

// handleTimeline serves GET /timeline: every document in date order with
// the chronology's events, a chart per month, and filters.
func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) error {
	st, err := s.decideTimeline(r.URL.Query())
	if err != nil {
		return err
	}
	if redirectCanonical(w, r, st) {
		return nil
	}
	return renderPublic(w, r, web.TimelineView(s.timelineView(st)))
}

// monthURLFor is monthURL keeping the timeline's filters.
func (st timelineState) monthURL(year, month int) string {
	u := monthURL(year, month)
	if q := strings.TrimPrefix(st.url(), "/timeline"); q != "" {
		u += q
	}
	return u
}

// timelineDocs bounds the documents the timeline lists: at 600 bytes or
// so each, the page stays under 200 KB however large the collection
// (10,000 documents made a page of 6 MB).
const timelineDocs = 200

// monthItems is how many documents and events a month's page lists.
const monthItems = 200

func (s *Server) timelineView(st timelineState) web.TimelinePage {
	tl := timeline.Build(s.coll.Docs, s.lib.Events, s.filter(st), s.lib.Correspondence)
	v := web.TimelinePage{Page: s.page("Timeline", "The documents and events of the Iranian Azerbaijan crisis in date order.", st.url()), Docs: tl.Docs, ClearURL: "/timeline"}
	v.Nav = "timeline"
	// The chart counts the documents shown, filtered or not.
	v.Chart = chartView(timeline.NewChart(timeline.Months(tl), timeline.ChartOptions{URL: st.monthURL, Slot: chartSlot, Unit: chartUnit, Width: 960, Height: 240}))
	v.Heading = timelineHeading(tl.Years)
	// A timeline of more than timelineDocs documents lists the first of
	// each month, as many as share the bound, and says how many more the
	// month's page holds.
	perMonth := len(s.coll.Docs) + 1
	if tl.Docs > s.timelineDocs {
		months := 0
		for _, y := range tl.Years {
			for _, m := range y.Months {
				if len(m.Docs()) > 0 {
					months++
				}
			}
		}
		perMonth = max(1, s.timelineDocs/max(1, months))
	}
	for _, y := range tl.Years {
		yv := web.TimelineYear{Year: strconv.Itoa(y.Year)}
		for _, it := range y.Undated {
			yv.Undated = append(yv.Undated, s.itemView(it, false))
		}
		for _, m := range y.Months {
			mv := web.TimelineMonth{Label: m.Label(), ID: "m-" + m.Key()}
			if len(m.Docs()) > 0 {
				mv.URL = st.monthURL(m.Year, m.Month)
			}
			listed := 0
			for _, it := range m.Items {
				if it.Doc != nil {
					if listed == perMonth {
						mv.More++
						continue
					}
					listed++
				}
				mv.Items = append(mv.Items, s.itemView(it, false))
			}
			yv.Months = append(yv.Months, mv)
		}
		v.Years = append(v.Years, yv)
	}
	v.Active = s.timelineChips(st)
	v.Narrow = s.narrow(st)
	return v
}

func (s *Server) timelineChips(st timelineState) []web.ActiveFilter {
	var out []web.ActiveFilter
	for _, id := range st.Person {
		next := st
		next.Person = remove(append([]string(nil), st.Person...), id)
		out = append(out, web.ActiveFilter{Label: "person: " + s.lib.Name(entity.KindPerson, id), RemoveURL: next.url()})
	}
	for _, id := range st.Place {
		next := st
		next.Place = remove(append([]string(nil), st.Place...), id)
		out = append(out, web.ActiveFilter{Label: "place: " + s.lib.Name(entity.KindPlace, id), RemoveURL: next.url()})
	}
	for _, id := range st.Sender {
		next := st
		next.Sender = remove(append([]string(nil), st.Sender...), id)
		out = append(out, web.ActiveFilter{Label: "from: " + s.recordName(id), RemoveURL: next.url()})
	}
	for _, id := range st.Recipient {
		next := st
		next.Recipient = remove(append([]string(nil), st.Recipient...), id)
		out = append(out, web.ActiveFilter{Label: "to: " + s.recordName(id), RemoveURL: next.url()})
	}
	if st.Archive != "" {
		next := st
		next.Archive = ""
		out = append(out, web.ActiveFilter{Label: "archive: " + st.Archive, RemoveURL: next.url()})
	}
	if st.Lang != "" {
		next := st
		next.Lang = ""
		out = append(out, web.ActiveFilter{Label: "language: " + archive.LanguageName(st.Lang), RemoveURL: next.url()})
	}
	return out
}

// maxNarrow bounds the people and places offered to narrow the timeline.
const maxNarrow = 12

// narrow offers the people, places, archives and languages of the
// documents now shown, with counts, as links that add or remove a filter.
func (s *Server) narrow(st timelineState) []web.FacetView {
	f := s.filter(st)
	counts := map[string]map[string]int{"person": {}, "place": {}, "sender": {}, "recipient": {}, "archive": {}, "lang": {}}
	for _, d := range s.coll.Docs {
		if !f.Match(d) {
			continue
		}
		people, places := s.lib.NamesOf(d.ID)
		for _, p := range people {
			counts["person"][p]++
		}
		for _, p := range places {
			counts["place"][p]++
		}
		from, to := s.lib.PartyIDs(d.ID)
		for _, p := range from {
			counts["sender"][p]++
		}
		for _, p := range to {
			counts["recipient"][p]++
		}
		if k := archive.RepositoryKey(d.Reference.Repository); k != "" {
			counts["archive"][k]++
		}
		if d.HasTranslation() {
			counts["lang"][d.Translation.Code]++
		}
		if d.HasOriginal() && d.Original.Code != "" {
			counts["lang"][d.Original.Code]++
		}
	}
	var out []web.FacetView
	for _, kind := range []struct{ key, label string }{{"person", "People"}, {"place", "Places"}, {"sender", "From"}, {"recipient", "To"}, {"archive", "Archive"}, {"lang", "Language"}} {
		type kv struct {
			v string
			n int
		}
		var vals []kv
		for v, n := range counts[kind.key] {
			vals = append(vals, kv{v, n})
		}
		slices.SortFunc(vals, func(a, b kv) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.v, b.v)) }) // most first
		if len(vals) > maxNarrow {
			vals = vals[:maxNarrow]
		}
		fv := web.FacetView{Label: kind.label}
		for _, x := range vals {
			next := st
			var selected bool
			label := x.v
			switch kind.key {
			case "person":
				selected = slices.Contains(st.Person, x.v)
				next.Person = toggle(st.Person, x.v)
				label = s.lib.Name(entity.KindPerson, x.v)
			case "place":
				selected = slices.Contains(st.Place, x.v)
				next.Place = toggle(st.Place, x.v)
				label = s.lib.Name(entity.KindPlace, x.v)
			case "sender":
				selected = slices.Contains(st.Sender, x.v)
				next.Sender = toggle(st.Sender, x.v)
				label = s.recordName(x.v)
			case "recipient":
				selected = slices.Contains(st.Recipient, x.v)
				next.Recipient = toggle(st.Recipient, x.v)
				label = s.recordName(x.v)
			case "archive":
				selected = st.Archive == x.v
				next.Archive = x.v
				if selected {
					next.Archive = ""
				}
			case "lang":
				selected = st.Lang == x.v
				next.Lang = x.v
				if selected {
					next.Lang = ""
				}
				label = archive.LanguageName(x.v)
			}
			fv.Values = append(fv.Values, web.FacetLink{Label: label, Count: x.n, URL: next.url(), Selected: selected})
		}
		if len(fv.Values) > 0 {
			out = append(out, foldFacet(fv, true))
		}
	}
	return out
}

func toggle(list []string, v string) []string {
	out := append([]string(nil), list...)
	if slices.Contains(out, v) {
		return remove(out, v)
	}
	return append(out, v)
}

var precisionNotes = map[archive.Precision]string{
	archive.PrecisionMonth: "known only to the month",
	archive.PrecisionYear:  "known only to the year",
}

// itemView shows a timeline item; openings adds a document's first
// paragraphs, for the month view.
func (s *Server) itemView(it timeline.Item, openings bool) web.TimelineItem {
	v := web.TimelineItem{Date: it.Date.String(), DateISO: it.Date.ISO(), Approx: precisionNotes[it.Date.Precision], Title: it.Title()}
	if it.Event != nil {
		v.Event = true
		v.Text = it.Event.Text
		v.Note = it.Event.DateNote
		for _, src := range it.Event.Sources {
			v.Sources = append(v.Sources, web.Link{Label: src.Text, URL: src.URL})
		}
		return v
	}
	d := it.Doc
	v.URL, v.Summary = docURL(d), d.Summary
	c := it.Correspondence
	v.From, v.To = c.From, strings.Join(c.To, ", ")
	if c.Origin != "" || c.Destination != "" {
		v.Route = strings.Trim(orDefault(c.Origin, "…")+" to "+orDefault(c.Destination, "…"), " ")
		if c.Destination == "" {
			v.Route = "from " + c.Origin
		}
	}
	if openings {
		full := s.fullDoc(d)
		for _, t := range []struct {
			text archive.Text
			role string
		}{{full.Translation, "translation"}, {full.Original, "original"}} {
			o := timeline.OpeningOf(t.text)
			if o.IsZero() {
				continue
			}
			anchor := anchorPrefix(t.text, t.role) + "-" + strconv.Itoa(o.N)
			v.Openings = append(v.Openings, web.Opening{Label: fmt.Sprintf("%s %s, paragraph %d", t.text.Language, t.role, o.N), Lang: t.text.Code, Text: o.Text, URL: docURL(d) + "#" + anchor})
		}
	}
	return v
}

var reMonth = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// handleMonth serves GET /timeline/{month}: "1946-12", with the
// timeline's filters.
func (s *Server) handleMonth(w http.ResponseWriter, r *http.Request) error {
	st, err := s.decideTimeline(r.URL.Query())
	if err != nil {
		return err
	}
	// Past monthItems items, a month has pages: ?page=2.
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return errBadRequest("“page” is a number from 1.")
		}
		page = n
	}
	canonical := pageQuery(st, page)
	if redirectTo(w, r, canonical) {
		return nil
	}
	key := chi.URLParam(r, "month")
	m := reMonth.FindStringSubmatch(key)
	if m == nil {
		return errNotFound(fmt.Sprintf("“%s” is not a month: months are written 1946-12.", clip(key)))
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	tl := timeline.Build(s.coll.Docs, s.lib.Events, s.filter(st), s.lib.Correspondence)
	mv, ok := timeline.ViewMonth(tl, year, month, s.fullDoc)
	if !ok || month < 1 || month > 12 {
		return errNotFound(fmt.Sprintf("The collection has nothing for %s with these filters. The timeline lists the months that have documents.", clip(key)))
	}
	p := web.MonthPage{Page: s.page(mv.Label(), "Documents and events of "+mv.Label()+".", monthURL(year, month)), Label: mv.Label(), Back: st.url() + "#m-" + key}
	p.Nav = "timeline"
	p.Active = s.timelineChips(st)
	for i := range p.Active {
		// Removing a filter here keeps the reader in this month.
		p.Active[i].RemoveURL = strings.Replace(p.Active[i].RemoveURL, "/timeline", monthURL(year, month), 1)
	}
	last := max(1, (len(mv.Items)+s.monthItems-1)/s.monthItems)
	if page > last {
		return errNotFound(fmt.Sprintf("%s has %d pages with these filters.", mv.Label(), last))
	}
	first := (page - 1) * s.monthItems
	for _, it := range mv.Items[first:min(first+s.monthItems, len(mv.Items))] {
		p.Items = append(p.Items, s.itemView(it, true))
	}
	p.Pager = pages(page, last, func(n int) string {
		if q := pageQuery(st, n); q != "" {
			return monthURL(year, month) + "?" + q
		}
		return monthURL(year, month)
	})
	if page > 1 {
		p.Page.Canonical = s.cfg.BaseURL + monthURL(year, month) + "?" + canonical
	}
	if mv.Prev != nil {
		p.Prev = &web.Link{Label: mv.Prev.Label(), URL: st.monthURL(mv.Prev.Year, mv.Prev.Month)}
	}
	if mv.Next != nil {
		p.Next = &web.Link{Label: mv.Next.Label(), URL: st.monthURL(mv.Next.Year, mv.Next.Month)}
	}
	return renderPublic(w, r, web.MonthView(p))
}

func chartView(c timeline.Chart) web.ChartView {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	v := web.ChartView{Width: strconv.Itoa(c.Width), Height: strconv.Itoa(c.Height), ViewBox: c.ViewBox, Title: c.Title, Summary: c.Summary(),
		BaselineY: f(c.Baseline), Left: f(c.Left), Right: f(c.Right)}
	top := c.Baseline
	for _, t := range c.YTicks {
		top = min(top, t.Y)
	}
	for _, b := range c.Bars {
		v.Bars = append(v.Bars, web.ChartBar{X: f(b.X), Y: f(b.Y), W: f(b.W), H: f(b.H), HitY: f(top), HitH: f(c.Baseline - top), Title: b.Title, URL: b.URL})
	}
	for _, t := range c.Axis {
		v.Axis = append(v.Axis, web.ChartTick{X: f(t.X), Y: f(t.Y), Label: t.Label})
	}
	for _, t := range c.Years {
		v.Years = append(v.Years, web.ChartTick{X: f(t.X), Y: f(t.Y), Label: t.Label})
	}
	for _, t := range c.YTicks {
		v.YTicks = append(v.YTicks, web.ChartTick{X: f(t.X), Y: f(t.Y), Label: t.Label})
	}
	return v
}

// handleArchives serves GET /archives: repository, fond, opis and delo,
// each file with its documents, or, past archiveDocs documents, with how
// many it holds and a link to its page.
func (s *Server) handleArchives(w http.ResponseWriter, r *http.Request) error {
	p := web.ArchivesPage{Page: s.page("Archives", "The archives, fonds, inventories and files the documents come from.", "/archives")}
	p.Nav = "archives"
	ar := s.archives()
	p.Inline = len(s.coll.Docs) <= s.archiveDocs
	for _, repo := range ar.repos {
		rv := web.RepositoryView{Key: repo.Key, Name: repo.Name, Written: strings.Join(repo.Written, ", "), Docs: repo.Docs}
		for _, f := range repo.Fonds {
			fv := web.FondView{Number: f.Number}
			for _, o := range f.Opisi {
				ov := web.OpisView{Number: o.Number}
				for _, d := range o.Dela {
					dv := web.DeloView{Number: d.Number, File: d.File, ID: fileAnchor(d.File), URL: archiveFileURL(d.File), Count: len(d.Docs)}
					if p.Inline {
						for _, doc := range d.Docs {
							dv.Docs = append(dv.Docs, summaryOf(doc))
						}
					}
					ov.Dela = append(ov.Dela, dv)
				}
				fv.Opisi = append(fv.Opisi, ov)
			}
			rv.Fonds = append(rv.Fonds, fv)
		}
		p.Repositories = append(p.Repositories, rv)
	}
	p.UnfiledCount, p.UnfiledURL = len(ar.unfiled), unfiledURL
	if p.Inline {
		for _, d := range ar.unfiled {
			p.Unfiled = append(p.Unfiled, summaryOf(d))
		}
	}
	return renderPublic(w, r, web.ArchivesView(p))
}

// archiveDocs is how many documents a collection may have for /archives
// to list them under their files; a larger one lists the files, and each
// file's page its documents, a page of archiveDocs at a time.
const archiveDocs = 250

// unfiledURL lists the documents without an archival reference.
const unfiledURL = "/archives/unfiled"

// archiveFileURL is the page of an archival file, by its short reference.
func archiveFileURL(file string) string { return "/archives/" + fileAnchor(file) }

// archiveIndex is the collection's archives, made once: the tree, each
// file by its anchor, and the documents without a reference.
type archiveIndex struct {
	repos   []timeline.Repository
	files   map[string]archiveFile
	unfiled []*archive.Document
}

// archiveFile is a file with where it stands.
type archiveFile struct {
	repo *timeline.Repository
	delo *timeline.Delo
}

func (s *Server) archives() *archiveIndex {
	s.archiveOnce.Do(func() {
		ar := &archiveIndex{repos: timeline.Archives(s.coll.Docs), files: map[string]archiveFile{}, unfiled: timeline.Unfiled(s.coll.Docs)}
		for ri := range ar.repos {
			r := &ar.repos[ri]
			for _, f := range r.Fonds {
				for _, o := range f.Opisi {
					for di := range o.Dela {
						ar.files[fileAnchor(o.Dela[di].File)] = archiveFile{repo: r, delo: &o.Dela[di]}
					}
				}
			}
		}
		s.archiveIdx = ar
	})
	return s.archiveIdx
}

// handleArchiveFile serves GET /archives/{file}: the documents of one
// archival file ("/archives/file-garf-f-9401-op-2-d-89"), or of none
// ("/archives/unfiled"), archiveDocs a page (?page=2).
func (s *Server) handleArchiveFile(w http.ResponseWriter, r *http.Request) error {
	ar := s.archives()
	key := chi.URLParam(r, "file")
	var p web.ArchiveFilePage
	var docs []*archive.Document
	trail := []web.Link{{Label: "Archives", URL: "/archives"}}
	if key == "unfiled" {
		docs = ar.unfiled
		p.Heading = "Without an archival reference"
		p.Intro = "The documents of the collection that give no archive, fond, opis or file, in date order."
	} else {
		f, ok := ar.files[key]
		if !ok {
			return errNotFound(fmt.Sprintf("No document of the collection comes from an archival file “%s”. The files are listed at /archives.", clip(key)))
		}
		docs = f.delo.Docs
		p.Heading = f.delo.File
		p.Intro = "The documents of the collection from this file, in the order of their sheets, then of date."
		trail = append(trail, web.Link{Label: f.repo.Key, URL: "/archives#r-" + f.repo.Key})
	}
	if len(docs) == 0 {
		return errNotFound("No document of the collection is without an archival reference.")
	}
	last := (len(docs) + s.archiveDocs - 1) / s.archiveDocs
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > last {
			return errNotFound(fmt.Sprintf("The documents of %s fill pages 1 to %d; there is no page “%s”.", p.Heading, last, clip(v)))
		}
		page = n
	}
	query := func(n int) string {
		if n > 1 {
			return "page=" + strconv.Itoa(n)
		}
		return ""
	}
	at := func(n int) string {
		if q := query(n); q != "" {
			return "/archives/" + key + "?" + q
		}
		return "/archives/" + key
	}
	if redirectTo(w, r, query(page)) {
		return nil
	}
	p.Page = s.page(p.Heading, "The documents of the collection from "+p.Heading+".", at(page))
	p.Nav = "archives"
	p.Trail, p.Count = trail, len(docs)
	first := (page - 1) * s.archiveDocs
	for _, d := range docs[first:min(first+s.archiveDocs, len(docs))] {
		p.Docs = append(p.Docs, summaryOf(d))
	}
	p.Pager = pages(page, last, at)
	return renderPublic(w, r, web.ArchiveFileView(p))
}

// The chart is sized to its data: a slot of chartSlot pixels a month (room
// for a month's name at 12px) and chartUnit pixels a document.
const (
	chartSlot = 32
	chartUnit = 28
)

// timelineHeading names the timeline with the years it runs over,
// documents and events together: "Timeline, 1941–1947".
func timelineHeading(years []timeline.Year) string {
	if len(years) == 0 {
		return "Timeline"
	}
	first, last := years[0].Year, years[len(years)-1].Year
	if first == last {
		return "Timeline, " + strconv.Itoa(first)
	}
	return "Timeline, " + strconv.Itoa(first) + "–" + strconv.Itoa(last)
}
