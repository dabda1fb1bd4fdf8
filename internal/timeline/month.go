package timeline

import (
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
)

// Month counts what one month of the timeline holds.
type Month struct {
	Year, Month  int
	Docs, Events int
}

// Label returns the month as a reader says it: "December 1946".
func (m Month) Label() string { return monthLabel(m.Year, m.Month) }

func (m Month) index() int { return m.Year*12 + m.Month - 1 }

// Months returns the months of the timeline that hold any document or
// event, in order. Items known only to the year belong to no month.
func Months(tl Timeline) []Month {
	var out []Month
	for _, y := range tl.Years {
		for _, mg := range y.Months {
			m := Month{Year: mg.Year, Month: mg.Month}
			for _, it := range mg.Items {
				if it.Kind == KindDocument {
					m.Docs++
				} else {
					m.Events++
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// MonthView is what a month's page shows: its documents with their opening
// paragraphs, its events, and the way to the neighbouring months that have
// documents.
type MonthView struct {
	// Month is the month with its counts.
	Month Month
	// Items are the documents and events interleaved in order, as in the
	// timeline.
	Items  []Item
	Docs   []MonthDoc
	Events []Event
	// Prev and Next are the nearest months before and after that hold
	// documents (months with events only are skipped); nil at the ends.
	Prev, Next *Month
}

// Label returns the month as a reader says it: "December 1946".
func (v MonthView) Label() string { return v.Month.Label() }

// MonthDoc is a document in a month view with the opening paragraph of each
// of its texts.
type MonthDoc struct {
	Item
	// Translation and Original are the opening paragraphs; zero when the
	// document has no such text.
	Translation, Original Opening
}

// Opening is the paragraph a document's text begins with, once the heading,
// address and dateline are passed.
type Opening struct {
	Lang string // "en", "ru"
	N    int    // the paragraph's number, for the #en-N anchor
	Text string // plain text, lines joined by spaces
}

// IsZero reports whether the text has no paragraph to show.
func (o Opening) IsZero() bool { return o.N == 0 }

// minOpeningWords tells prose from the heading, address and dateline that
// come before it: those are short ("TELEGRAM", "To Cde. Stalin", "ИЗ БАКУ,
// 24 ноября 1945 г."); the first sentence of a report is longer. Numbers
// do not count as words, so that a dateline stays short.
const minOpeningWords = 6

// OpeningOf returns the first numbered paragraph of t that reads as prose:
// ordinary text of at least minOpeningWords words (not counting numbers)
// ending like a sentence, and not an address line. When no paragraph qualifies it falls back to the
// first numbered paragraph.
func OpeningOf(t archive.Text) Opening {
	var first *archive.Paragraph
	for i := range t.Paragraphs {
		p := &t.Paragraphs[i]
		if p.N == 0 {
			continue
		}
		if first == nil {
			first = p
		}
		if p.Kind != archive.KindText {
			continue
		}
		text := collapse(p.Plain())
		if wordCount(text) < minOpeningWords || !endsSentence(text) || isAddressLine(text) {
			continue
		}
		return Opening{Lang: t.Code, N: p.N, Text: text}
	}
	if first == nil {
		return Opening{}
	}
	return Opening{Lang: t.Code, N: first.N, Text: collapse(first.Plain())}
}

func wordCount(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if !strings.ContainsAny(w, "0123456789") {
			n++
		}
	}
	return n
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'»”)] `)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "!") ||
		strings.HasSuffix(s, "?") || strings.HasSuffix(s, ";")
}

func isAddressLine(s string) bool {
	return reAddrTo.MatchString(s) || reAddrPlaceTo.MatchString(s) || reAddrFrom.MatchString(s)
}

// ViewMonth returns the view of one month. It reports false when the
// timeline holds nothing in that month. full gives a document with its
// texts, for their openings (nil: the documents hold them).
func ViewMonth(tl Timeline, year, month int, full func(*archive.Document) *archive.Document) (MonthView, bool) {
	if full == nil {
		full = func(d *archive.Document) *archive.Document { return d }
	}
	var group *MonthGroup
	for yi := range tl.Years {
		if tl.Years[yi].Year != year {
			continue
		}
		for mi := range tl.Years[yi].Months {
			if tl.Years[yi].Months[mi].Month == month {
				group = &tl.Years[yi].Months[mi]
			}
		}
	}
	if group == nil {
		return MonthView{}, false
	}
	v := MonthView{Month: Month{Year: year, Month: month}, Items: group.Items}
	for _, it := range group.Items {
		switch it.Kind {
		case KindDocument:
			d := full(it.Doc)
			v.Docs = append(v.Docs, MonthDoc{
				Item:        it,
				Translation: OpeningOf(d.Translation),
				Original:    OpeningOf(d.Original),
			})
			v.Month.Docs++
		case KindEvent:
			v.Events = append(v.Events, *it.Event)
			v.Month.Events++
		}
	}
	here := v.Month.index()
	for _, m := range Months(tl) {
		if m.Docs == 0 {
			continue
		}
		if m.index() < here {
			m := m
			v.Prev = &m
		}
		if m.index() > here && v.Next == nil {
			m := m
			v.Next = &m
		}
	}
	return v, true
}
