package timeline

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestChartShipped(t *testing.T) {
	c, events := shipped(t)
	ch := NewChart(Months(Build(c.Docs, events, Filter{}, nil)), ChartOptions{})

	if len(ch.Bars) != 14 {
		t.Fatalf("%d bars, want 14 (November 1945 to December 1946)", len(ch.Bars))
	}
	if ch.ViewBox != "0 0 720 240" || ch.Width != 720 || ch.Height != 240 {
		t.Errorf("size %d×%d, viewBox %q", ch.Width, ch.Height, ch.ViewBox)
	}
	if ch.Max != 2 || ch.Docs != 5 {
		t.Errorf("max %d, docs %d", ch.Max, ch.Docs)
	}
	one := ch.Bars[0].H
	if one <= 0 {
		t.Fatal("November 1945 has a document but no height")
	}
	for i, b := range ch.Bars {
		key := monthKey(b.Year, b.Month)
		if math.Abs(b.H-one*float64(b.Count)) > 0.02 {
			t.Errorf("%s: height %.2f for %d documents, not in proportion to %.2f for one", key, b.H, b.Count, one)
		}
		if math.Abs(b.Y+b.H-ch.Baseline) > 0.02 {
			t.Errorf("%s: bar does not stand on the baseline", key)
		}
		if b.X < ch.Left || b.X+b.W > ch.Right+0.01 || b.Y < 0 {
			t.Errorf("%s: bar %+v outside the plot", key, b)
		}
		if i > 0 && b.X <= ch.Bars[i-1].X+ch.Bars[i-1].W {
			t.Errorf("%s overlaps the bar before it", key)
		}
		if (b.Count > 0 || b.Events > 0) != (b.URL != "") {
			t.Errorf("%s: url %q with %d documents and %d events", key, b.URL, b.Count, b.Events)
		}
		if b.URL != "" && b.URL != "/timeline/"+key {
			t.Errorf("%s: url %q", key, b.URL)
		}
	}
	checks := map[int]string{
		0:  "November 1945: 1 document",
		5:  "April 1946: 2 documents",
		8:  "July 1946: no documents",
		13: "December 1946: 2 documents",
	}
	for i, want := range checks {
		if b := ch.Bars[i]; b.Events > 0 {
			want += ", " + plural(b.Events, "event")
		}
		if ch.Bars[i].Title != want {
			t.Errorf("bar %d: title %q, want %q", i, ch.Bars[i].Title, want)
		}
	}
	hidden := NewChart(Months(Build(c.Docs, events, Filter{HideEvents: true}, nil)), ChartOptions{})
	if got := hidden.Bars[13].Title; got != "December 1946: 2 documents" {
		t.Errorf("without events: %q", got)
	}
	if len(ch.Axis) != 14 || ch.Axis[0].Label != "Nov" || ch.Axis[13].Label != "Dec" {
		t.Errorf("axis %+v", ch.Axis)
	}
	if len(ch.Years) != 2 || ch.Years[0].Label != "1945" || ch.Years[1].Label != "1946" || ch.Years[1].X != ch.Axis[2].X {
		t.Errorf("years %+v", ch.Years)
	}
	if len(ch.YTicks) != 3 || ch.YTicks[0].Label != "0" || ch.YTicks[2].Label != "2" || ch.YTicks[0].Y != ch.Baseline || ch.YTicks[2].Y != ch.Bars[5].Y {
		t.Errorf("y ticks %+v", ch.YTicks)
	}
	if ch.Title != "Documents per month, November 1945 to December 1946" {
		t.Errorf("title %q", ch.Title)
	}
	want := "5 documents from November 1945 to December 1946, over 14 months: 1 in November 1945, 2 in April 1946, 2 in December 1946; none in the other 11 months."
	if got := ch.Summary(); got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
}

func TestChartOptions(t *testing.T) {
	months := []Month{{Year: 1946, Month: 11, Docs: 3}, {Year: 1947, Month: 2, Docs: 12, Events: 1}, {Year: 1947, Month: 5, Events: 2}}
	ch := NewChart(months, ChartOptions{Width: 400, Height: 100, URL: func(y, m int) string { return fmt.Sprintf("/t?m=%d-%d", y, m) }})
	if len(ch.Bars) != 4 {
		t.Fatalf("%d bars, want November 1946 to February 1947: events after the last document do not stretch the chart", len(ch.Bars))
	}
	if ch.ViewBox != "0 0 400 100" || ch.Bars[3].URL != "/t?m=1947-2" || ch.Bars[1].URL != "" {
		t.Errorf("viewBox %q, urls %q %q", ch.ViewBox, ch.Bars[3].URL, ch.Bars[1].URL)
	}
	if r := ch.Bars[3].H / ch.Bars[0].H; math.Abs(r-4) > 0.01 {
		t.Errorf("12 documents stand %.2f times as high as 3", r)
	}
	var labels []string
	for _, tk := range ch.YTicks {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, " "); got != "0 5 10" {
		t.Errorf("y ticks %q", got)
	}

	empty := NewChart([]Month{{Year: 1946, Month: 1, Events: 3}}, ChartOptions{})
	if len(empty.Bars) != 0 || empty.Summary() != "No documents to chart." {
		t.Errorf("no documents: %+v %q", empty.Bars, empty.Summary())
	}
}

func TestTickStep(t *testing.T) {
	for max, want := range map[int]int{1: 1, 2: 1, 5: 1, 6: 2, 10: 2, 11: 2, 12: 5, 25: 5, 26: 5, 29: 5, 30: 10, 60: 20, 300: 100, 1000: 200} {
		if got := tickStep(max); got != want {
			t.Errorf("tickStep(%d) = %d, want %d", max, got, want)
		}
	}
}

// A chart sized to its data is as wide as its months and as high as its
// tallest bar need, within the caps.
func TestChartSizedToItsData(t *testing.T) {
	months := []Month{{Year: 1946, Month: 1, Docs: 1}, {Year: 1946, Month: 3, Docs: 2}}
	c := NewChart(months, ChartOptions{Slot: 30, Unit: 20})
	if c.Width != int(chartLeft+chartRight)+3*30 || c.Height != int(chartTop+chartBottom)+2*20 {
		t.Errorf("fitted chart %dx%d", c.Width, c.Height)
	}
	var long []Month
	for i := 0; i < 600; i++ {
		long = append(long, Month{Year: 1900 + i/12, Month: i%12 + 1, Docs: i%50 + 1})
	}
	c = NewChart(long, ChartOptions{Slot: 30, Unit: 20, Width: 960, Height: 240})
	if c.Width != 960 || c.Height != 240 {
		t.Errorf("capped chart %dx%d, want 960x240", c.Width, c.Height)
	}
	if len(c.Bars) != 600 {
		t.Errorf("%d bars", len(c.Bars))
	}
}
