package timeline

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ChartOptions sets the size of the bar chart and the address of each
// month. The zero value gives a 720 by 240 chart linking to
// "/timeline/1946-12".
type ChartOptions struct {
	Width, Height int
	// Slot and Unit size the chart to its data instead: each month a slot
	// Slot units wide, each document Unit units high, so that a chart of a
	// few months and a few documents is small. Width and Height, when set,
	// still cap the size, so that decades of months stay one screen wide.
	Slot, Unit float64
	// URL returns the address of a month's page.
	URL func(year, month int) string
}

// Margins of the plot inside the chart, in viewBox units: room for the
// count labels on the left and two rows of month and year labels below.
const (
	chartLeft   = 28.0
	chartRight  = 8.0
	chartTop    = 12.0
	chartBottom = 40.0
	// barFill is the share of a month's slot that its bar covers; the rest
	// is the gap between bars.
	barFill = 0.7
)

// Chart is a bar chart of documents per month drawn as SVG by a template.
// Every coordinate is in viewBox units with the origin at the top left;
// nothing in it is markup.
type Chart struct {
	Width, Height int
	ViewBox       string // "0 0 720 240"
	// Title names the chart for its <title>.
	Title string
	// Baseline is the y of the axis the bars stand on; Left and Right its
	// ends.
	Baseline, Left, Right float64
	Bars                  []Bar
	// Axis labels each bar with its month; Years labels the first bar and
	// every January with the year, one row lower.
	Axis, Years []Tick
	// YTicks are the horizontal grid lines with their counts.
	YTicks []Tick
	// Max is the count of the highest bar.
	Max int
	// Docs is the number of documents charted.
	Docs int
}

// Bar is one month. A month without documents has a bar of zero height, so
// that time is to scale.
type Bar struct {
	X, Y, W, H float64
	Year       int
	Month      int
	Count      int // documents
	Events     int // events of the chronology in the month
	Label      string
	// Title is the accessible name: "December 1946: 2 documents".
	Title string
	// URL is the month's page; empty when the month holds nothing to show.
	URL string
}

// Tick is a label at a position: X is the centre of the text, Y its
// baseline (for YTicks, the height of the grid line).
type Tick struct {
	X, Y  float64
	Label string
}

// NewChart draws one bar per month from the first to the last month that
// holds documents, heights in proportion to the number of documents.
func NewChart(months []Month, opts ChartOptions) Chart {
	w, h := opts.Width, opts.Height
	if w <= 0 {
		w = 720
	}
	if h <= 0 {
		h = 240
	}
	url := opts.URL
	if url == nil {
		url = func(year, month int) string { return "/timeline/" + monthKey(year, month) }
	}
	byIndex := map[int]Month{}
	first, last, most := -1, -1, 0
	for _, m := range months {
		byIndex[m.index()] = m
		if m.Docs > 0 {
			if first < 0 || m.index() < first {
				first = m.index()
			}
			if m.index() > last {
				last = m.index()
			}
		}
		most = max(most, m.Docs)
	}
	if first >= 0 && opts.Slot > 0 {
		fitted := int(math.Ceil(chartLeft + chartRight + opts.Slot*float64(last-first+1)))
		if opts.Width <= 0 || fitted < w {
			w = fitted
		}
	}
	if first >= 0 && opts.Unit > 0 {
		fitted := int(math.Ceil(chartTop + chartBottom + opts.Unit*float64(most)))
		if opts.Height <= 0 || fitted < h {
			h = fitted
		}
	}
	c := Chart{Width: w, Height: h, ViewBox: fmt.Sprintf("0 0 %d %d", w, h)}
	c.Left, c.Right, c.Baseline = chartLeft, float64(w)-chartRight, float64(h)-chartBottom
	if first < 0 {
		c.Title = "Documents per month: none"
		return c
	}
	c.Max = most
	n := last - first + 1
	slot := (c.Right - c.Left) / float64(n)
	plot := c.Baseline - chartTop
	for i := 0; i < n; i++ {
		idx := first + i
		year, month := idx/12, idx%12+1
		m := byIndex[idx]
		x := c.Left + float64(i)*slot
		bh := plot * float64(m.Docs) / float64(c.Max)
		b := Bar{
			X: round2(x + slot*(1-barFill)/2), W: round2(slot * barFill),
			Y: round2(c.Baseline - bh), H: round2(bh),
			Year: year, Month: month, Count: m.Docs, Events: m.Events,
			Label: time.Month(month).String()[:3],
			Title: barTitle(year, month, m.Docs, m.Events),
		}
		if m.Docs > 0 || m.Events > 0 {
			b.URL = url(year, month)
		}
		c.Docs += m.Docs
		c.Bars = append(c.Bars, b)
		centre := round2(x + slot/2)
		c.Axis = append(c.Axis, Tick{X: centre, Y: round2(c.Baseline + 16), Label: b.Label})
		if i == 0 || month == 1 {
			c.Years = append(c.Years, Tick{X: centre, Y: round2(c.Baseline + 32), Label: strconv.Itoa(year)})
		}
	}
	step := tickStep(c.Max)
	for v := 0; v <= c.Max; v += step {
		c.YTicks = append(c.YTicks, Tick{X: round2(c.Left - 6), Y: round2(c.Baseline - plot*float64(v)/float64(c.Max)), Label: strconv.Itoa(v)})
	}
	c.Title = fmt.Sprintf("Documents per month, %s to %s", monthLabel(first/12, first%12+1), monthLabel(last/12, last%12+1))
	return c
}

// tickStep keeps the count axis to at most six labels, at steps of 1, 2,
// 5, 10, 20, 50 ...
func tickStep(max int) int {
	for step := 1; ; step *= 10 {
		for _, k := range []int{1, 2, 5} {
			if max/(step*k) <= 5 {
				return step * k
			}
		}
	}
}

func barTitle(year, month, docs, events int) string {
	s := monthLabel(year, month) + ": " + plural(docs, "document")
	if events > 0 {
		s += ", " + plural(events, "event")
	}
	return s
}

func plural(n int, word string) string {
	switch n {
	case 0:
		return "no " + word + "s"
	case 1:
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// Summary describes the chart in words, as its text alternative: "5
// documents from November 1945 to December 1946, over 14 months: 1 in
// November 1945, 2 in April 1946, 2 in December 1946; none in the other 11
// months."
func (c Chart) Summary() string {
	if len(c.Bars) == 0 {
		return "No documents to chart."
	}
	first, last := c.Bars[0], c.Bars[len(c.Bars)-1]
	var b strings.Builder
	fmt.Fprintf(&b, "%s from %s to %s, over %s: ", capitalize(plural(c.Docs, "document")),
		monthLabel(first.Year, first.Month), monthLabel(last.Year, last.Month), plural(len(c.Bars), "month"))
	var parts []string
	empty := 0
	for _, bar := range c.Bars {
		if bar.Count == 0 {
			empty++
			continue
		}
		parts = append(parts, fmt.Sprintf("%d in %s", bar.Count, monthLabel(bar.Year, bar.Month)))
	}
	b.WriteString(strings.Join(parts, ", "))
	if empty > 0 {
		fmt.Fprintf(&b, "; none in the other %s", plural(empty, "month"))
	}
	b.WriteString(".")
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
