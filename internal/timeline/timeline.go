// Package timeline is the pure core of the reading room's timeline: the
// curated chronology of the crisis, the documents and events in date order
// grouped by year and month, the month views and their bar chart, the
// threads between documents (same archival file, shared people and places,
// nearby dates, numbered telegrams that one cites and another bears) and
// the browse by archive, fond, opis and delo.
//
// Nothing here knows HTTP, templates or the search index, and nothing knows
// a particular document: every rule works from what the documents and the
// chronology say. Dates are never made more precise than their source: a
// document known only to the month is placed at the start of its month and
// marked so.
package timeline

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
)

// Kind says what an item of the timeline is.
type Kind string

// Kinds of item.
const (
	KindDocument Kind = "document"
	KindEvent    Kind = "event"
)

// Item is one entry of the timeline: a document of the collection or an
// event of the chronology.
type Item struct {
	Kind Kind
	Date archive.Date
	// Doc is set for a document, Event for an event.
	Doc   *archive.Document
	Event *Event
	// Correspondence is the sender, recipients and route of a document, as
	// far as its title and address lines say.
	Correspondence Correspondence
}

// ID returns the document's or the event's ID.
func (it Item) ID() string {
	if it.Doc != nil {
		return it.Doc.ID
	}
	if it.Event != nil {
		return it.Event.ID
	}
	return ""
}

// Title returns the document's or the event's title.
func (it Item) Title() string {
	if it.Doc != nil {
		return it.Doc.Title
	}
	if it.Event != nil {
		return it.Event.Title
	}
	return ""
}

// Approximate reports whether the item's date is known only to the month or
// the year, so that a page marks it instead of showing a day.
func (it Item) Approximate() bool { return it.Date.Precision < archive.PrecisionDay }

// Timeline is the collection and the chronology in date order, grouped by
// year and month.
type Timeline struct {
	Years []Year
	// Undated holds documents without any date; they cannot be placed.
	Undated []Item
	// Docs and Events count the items placed.
	Docs, Events int
}

// UndatedWithinYear labels the group of items known only to the year.
const UndatedWithinYear = "undated within the year"

// Year is one year of the timeline.
type Year struct {
	Year int
	// Undated holds the items known only to the year; a page shows them at
	// the start of the year under UndatedWithinYear.
	Undated []Item
	Months  []MonthGroup
}

// MonthGroup is the items of one month that has any: first those known only
// to the month, then the others by day. On the same date events come before
// documents, as the context they are.
type MonthGroup struct {
	Year, Month int
	Items       []Item
}

// Label returns the month as a reader says it: "December 1946".
func (m MonthGroup) Label() string { return monthLabel(m.Year, m.Month) }

// Key returns the month as "1946-12", the form used in URLs.
func (m MonthGroup) Key() string { return monthKey(m.Year, m.Month) }

// Docs returns the documents of the month in order.
func (m MonthGroup) Docs() []Item { return m.ofKind(KindDocument) }

func (m MonthGroup) ofKind(k Kind) []Item {
	var out []Item
	for _, it := range m.Items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

// Filter narrows the documents of a timeline. Every condition that is set
// must hold; an empty Filter keeps everything. Events are context and stay
// unless HideEvents is set.
type Filter struct {
	// People and Places are entity IDs; a document must mention all of them.
	People, Places []string
	// Archive is a repository key ("GAPPOD"); "GAPPOD AzR" matches too.
	Archive string
	// Lang is a language code ("ru", "en"): the document must carry a text
	// in that language.
	Lang string
	// Entities gives the IDs of the people and places a document mentions.
	// Without it no document matches a People or Places condition, since
	// nothing is known to be mentioned.
	Entities func(docID string) (people, places []string)
	// Senders and Recipients are record IDs; a document must have been
	// sent by all of the first and to all of the second, as Parties says.
	Senders, Recipients []string
	Parties             func(docID string) (from, to []string)
	HideEvents          bool
}

// Match reports whether the filter keeps the document.
func (f Filter) Match(d *archive.Document) bool {
	if f.Archive != "" && archive.RepositoryKey(d.Reference.Repository) != archive.RepositoryKey(f.Archive) {
		return false
	}
	if f.Lang != "" && !hasLang(d, f.Lang) {
		return false
	}
	if len(f.People) > 0 || len(f.Places) > 0 {
		if f.Entities == nil {
			return false
		}
		people, places := f.Entities(d.ID)
		if !containsAll(people, f.People) || !containsAll(places, f.Places) {
			return false
		}
	}
	if len(f.Senders) > 0 || len(f.Recipients) > 0 {
		if f.Parties == nil {
			return false
		}
		from, to := f.Parties(d.ID)
		if !containsAll(from, f.Senders) || !containsAll(to, f.Recipients) {
			return false
		}
	}
	return true
}

func hasLang(d *archive.Document, code string) bool {
	return (d.HasOriginal() && strings.EqualFold(d.Original.Code, code)) ||
		(d.HasTranslation() && strings.EqualFold(d.Translation.Code, code))
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// Build places every document that the filter keeps, and the events, on the
// timeline. docs need not be sorted. corr gives each document's
// correspondents (nil: Correspondents, which reads the texts; a caller
// holding outlined documents passes what it derived before).
func Build(docs []*archive.Document, events []Event, f Filter, corr func(*archive.Document) Correspondence) Timeline {
	if corr == nil {
		corr = Correspondents
	}
	var items []Item
	var tl Timeline
	for _, d := range docs {
		if !f.Match(d) {
			continue
		}
		it := Item{Kind: KindDocument, Date: d.Date, Doc: d, Correspondence: corr(d)}
		if d.Date.IsZero() {
			tl.Undated = append(tl.Undated, it)
			continue
		}
		items = append(items, it)
		tl.Docs++
	}
	if !f.HideEvents {
		for i := range events {
			e := &events[i]
			if e.Date.IsZero() {
				continue
			}
			items = append(items, Item{Kind: KindEvent, Date: e.Date, Event: e})
			tl.Events++
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return itemLess(items[i], items[j]) })

	for _, it := range items {
		if len(tl.Years) == 0 || tl.Years[len(tl.Years)-1].Year != it.Date.Year {
			tl.Years = append(tl.Years, Year{Year: it.Date.Year})
		}
		y := &tl.Years[len(tl.Years)-1]
		if it.Date.Precision == archive.PrecisionYear {
			y.Undated = append(y.Undated, it)
			continue
		}
		if len(y.Months) == 0 || y.Months[len(y.Months)-1].Month != it.Date.Month {
			y.Months = append(y.Months, MonthGroup{Year: it.Date.Year, Month: it.Date.Month})
		}
		m := &y.Months[len(y.Months)-1]
		m.Items = append(m.Items, it)
	}
	return tl
}

// itemLess orders by date (a less precise date first, archive.Date.Compare),
// then events before documents, then by ID so that the order is the same on
// every start.
func itemLess(a, b Item) bool {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c < 0
	}
	if a.Kind != b.Kind {
		return a.Kind == KindEvent
	}
	if a.Kind == KindDocument {
		return a.ID() < b.ID()
	}
	return false // events keep the chronology's order
}

func monthLabel(year, month int) string {
	return time.Month(month).String() + " " + fmt.Sprint(year)
}

func monthKey(year, month int) string { return fmt.Sprintf("%04d-%02d", year, month) }
