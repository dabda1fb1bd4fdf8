package web

import "strconv"

// TimelinePage is every document in date order with the events between
// them, and a chart of documents per month.
type TimelinePage struct {
	Page
	// Heading is the page's title with the span of what it shows.
	Heading  string
	Chart    ChartView
	Years    []TimelineYear
	Docs     int
	Active   []ActiveFilter
	Narrow   []FacetView
	ClearURL string
}

// TimelineYear is one year of the timeline.
type TimelineYear struct {
	Year    string
	Undated []TimelineItem // known only to the year
	Months  []TimelineMonth
}

// TimelineMonth is one month with its items.
type TimelineMonth struct {
	Label string
	ID    string // anchor: "m-1946-12"
	URL   string
	Items []TimelineItem
	// More is how many of the month's documents are not listed here (a
	// large collection's timeline lists the first of each month; the
	// month's own page lists them all).
	More int
}

// TimelineItem is a document or an event on the timeline.
type TimelineItem struct {
	Event   bool
	Date    string
	DateISO string
	Approx  string // "known only to the month"
	Title   string
	URL     string
	Summary string
	From    string
	To      string
	Route   string
	Text    string // an event's description
	Sources []Link
	Note    string
	// Openings are a document's first paragraphs (month view).
	Openings []Opening
}

// Opening is the first paragraph of one text of a document.
type Opening struct {
	Label string
	Lang  string
	Text  string
	URL   string
}

// ChartView is the bar chart, with every number already formatted.
type ChartView struct {
	Width, Height string
	ViewBox       string
	Title         string
	Summary       string
	BaselineY     string
	Left, Right   string
	Bars          []ChartBar
	Axis          []ChartTick
	Years         []ChartTick
	YTicks        []ChartTick
}

// ChartBar is one month's bar; the hit area spans the plot's height so the
// link can be clicked even when the bar is short.
type ChartBar struct {
	X, Y, W, H string
	HitY, HitH string
	Title      string
	URL        string
}

// ChartTick is a label of an axis.
type ChartTick struct {
	X, Y  string
	Label string
}

// MonthPage is one month: its documents with their openings, and its
// events.
type MonthPage struct {
	Page
	Active []ActiveFilter
	Label  string
	Items  []TimelineItem
	Prev   *Link
	Next   *Link
	Back   string
	// Pager links the pages of a month too large for one page.
	Pager Pager
}

// ArchivesPage is the repositories and their hierarchy with the documents.
type ArchivesPage struct {
	Page
	Repositories []RepositoryView
	// Inline says the documents are listed under their files here; a
	// large collection lists the files with their counts instead, and
	// each file's page lists its documents.
	Inline  bool
	Unfiled []DocSummary // when Inline
	// UnfiledCount is how many documents give no archival reference, and
	// UnfiledURL the page that lists them.
	UnfiledCount int
	UnfiledURL   string
}

// RepositoryView is one archive.
type RepositoryView struct {
	Key, Name string
	Written   string
	Docs      int
	Fonds     []FondView
}

// FondView is a fond with its inventories.
type FondView struct {
	Number string
	Opisi  []OpisView
}

// OpisView is an inventory with its files.
type OpisView struct {
	Number string
	Dela   []DeloView
}

// DeloView is a file with its documents.
type DeloView struct {
	Number string
	File   string
	ID     string
	URL    string // the file's own page
	Count  int
	Docs   []DocSummary // when the archives page lists documents
}

// ArchiveFilePage is one archival file's documents (or those without an
// archival reference), a page of them at a time.
type ArchiveFilePage struct {
	Page
	Heading string
	// Trail leads from the archives page to the file: the repository,
	// fond and opis, each a link to its place on /archives.
	Trail []Link
	Intro string
	Count int
	Docs  []DocSummary
	Pager Pager
}

// Related is a document related to another, with why.
type Related struct {
	Doc     DocSummary
	Reasons []string
}

// Reference is a numbered telegram a document cites or bears.
type Reference struct {
	Text string
	URL  string // when the telegram is in the collection
}

// TimelineRun is one document of the timeline, or a run of events between
// two documents.
type TimelineRun struct {
	Doc    *TimelineItem
	Events []TimelineItem
}

// Runs groups items, in their order, into documents and runs of events.
func Runs(items []TimelineItem) []TimelineRun {
	var out []TimelineRun
	for i := range items {
		if !items[i].Event {
			out = append(out, TimelineRun{Doc: &items[i]})
			continue
		}
		if n := len(out); n > 0 && out[n-1].Doc == nil {
			out[n-1].Events = append(out[n-1].Events, items[i])
			continue
		}
		out = append(out, TimelineRun{Events: []TimelineItem{items[i]}})
	}
	return out
}

// Summary is what a folded run of events shows: how many, and the first
// one's date and title.
func (r TimelineRun) Summary() string {
	if len(r.Events) == 0 {
		return ""
	}
	first := r.Events[0].Date + ": " + r.Events[0].Title
	if len(r.Events) == 1 {
		return "Event, " + first
	}
	return strconv.Itoa(len(r.Events)) + " events, from " + first
}

// HasDocs reports whether any document of the year is on the timeline: a
// year of events only is headed quietly, so that the documents lead.
func (y TimelineYear) HasDocs() bool {
	for _, it := range y.Undated {
		if !it.Event {
			return true
		}
	}
	for _, m := range y.Months {
		for _, it := range m.Items {
			if !it.Event {
				return true
			}
		}
	}
	return false
}
