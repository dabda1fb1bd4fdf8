package timeline

import (
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

func TestMonths(t *testing.T) {
	c, events := shipped(t)
	months := Months(Build(c.Docs, events, Filter{}, nil))
	docs := map[string]int{}
	for i, m := range months {
		if m.Docs+m.Events == 0 {
			t.Errorf("%s listed with nothing in it", m.Key())
		}
		if i > 0 && months[i-1].index() >= m.index() {
			t.Errorf("%s after %s", m.Key(), months[i-1].Key())
		}
		if m.Docs > 0 {
			docs[m.Key()] = m.Docs
		}
	}
	if len(docs) != 3 || docs["1945-11"] != 1 || docs["1946-04"] != 2 || docs["1946-12"] != 2 {
		t.Errorf("documents per month %v", docs)
	}
	perMonth := map[string]int{}
	for _, e := range events {
		if e.Date.Precision >= archive.PrecisionMonth {
			perMonth[monthKey(e.Date.Year, e.Date.Month)]++
		}
	}
	for _, m := range months {
		if m.Events != perMonth[m.Key()] {
			t.Errorf("%s: %d events, the chronology has %d", m.Key(), m.Events, perMonth[m.Key()])
		}
	}
}

func TestViewMonth(t *testing.T) {
	c, events := shipped(t)
	tl := Build(c.Docs, events, Filter{}, nil)
	key := func(m *Month) string {
		if m == nil {
			return "none"
		}
		return m.Key()
	}
	tests := []struct {
		year, month int
		ok          bool
		docs        int
		prev, next  string
	}{
		{1945, 11, true, 1, "none", "1946-04"},
		{1946, 4, true, 2, "1945-11", "1946-12"}, // May and June hold events only
		{1946, 1, true, 0, "1945-11", "1946-04"}, // a month of events
		{1946, 12, true, 2, "1946-04", "none"},
		{1941, 8, true, 0, "none", "1945-11"},
		{1947, 10, true, 0, "1946-12", "none"},
		{1946, 7, false, 0, "", ""},
	}
	for _, tt := range tests {
		v, ok := ViewMonth(tl, tt.year, tt.month, nil)
		name := monthKey(tt.year, tt.month)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v", name, ok)
			continue
		}
		if !ok {
			continue
		}
		if len(v.Docs) != tt.docs || v.Month.Docs != tt.docs {
			t.Errorf("%s: %d documents", name, len(v.Docs))
		}
		if key(v.Prev) != tt.prev || key(v.Next) != tt.next {
			t.Errorf("%s: prev %s next %s, want %s and %s", name, key(v.Prev), key(v.Next), tt.prev, tt.next)
		}
		if len(v.Events) != v.Month.Events || len(v.Items) != len(v.Docs)+len(v.Events) {
			t.Errorf("%s: items %d, docs %d, events %d", name, len(v.Items), len(v.Docs), len(v.Events))
		}
	}

	// The openings: past the heading, address and dateline, in both
	// languages.
	openings := []struct {
		iso            string
		en             int
		enStart        string
		ru             int
		ruStart        string
		correspondence string
	}{
		{"1945-11-24", 4, "We report information about Iranian Azerbaijan", 4, "Сообщаем данные по Иранскому Азербайджану", "M.D. Bagriov and I.I. Maslennikov"},
		{"1946-04-12", 3, "The Soviet-Iranian agreement and the Azerbaijan question", 0, "", ""},
		{"1946-04-20", 2, "Pishevari and our people from Tabriz report", 6, "ПИШЕВАРИ и наши люди из Тавриза", "Bagirov"},
		{"1946-12-02", 2, "In accordance with the cipher telegram of Cde. Dekanozov", 3, "В соответствии с шифротелеграммой", "Bagirov"},
		{"1946-12-09", 1, "The oil question can be decided", 0, "", ""},
	}
	for _, o := range openings {
		d := date(t, o.iso)
		v, ok := ViewMonth(tl, d.Year, d.Month, nil)
		if !ok {
			t.Fatalf("no view of %s", o.iso)
		}
		var md *MonthDoc
		for i := range v.Docs {
			if v.Docs[i].Date.ISO() == o.iso {
				md = &v.Docs[i]
			}
		}
		if md == nil {
			t.Fatalf("%s not in its month", o.iso)
		}
		if md.Translation.N != o.en || !strings.HasPrefix(md.Translation.Text, o.enStart) || md.Translation.Lang != "en" {
			t.Errorf("%s: English opening %+v, want paragraph %d starting %q", o.iso, md.Translation, o.en, o.enStart)
		}
		if md.Original.N != o.ru || !strings.HasPrefix(md.Original.Text, o.ruStart) {
			t.Errorf("%s: original opening %+v, want paragraph %d starting %q", o.iso, md.Original, o.ru, o.ruStart)
		}
		if md.Correspondence.From != o.correspondence {
			t.Errorf("%s: month view carries sender %q", o.iso, md.Correspondence.From)
		}
	}
}

func TestOpeningFallsBack(t *testing.T) {
	tx := text("English", "en", "TELEGRAM", "To Cde. Stalin", "12 April 1946")
	if o := OpeningOf(tx); o.N != 1 || o.Text != "TELEGRAM" {
		t.Errorf("no prose: opening %+v, want the first numbered paragraph", o)
	}
	if o := OpeningOf(archive.Text{}); !o.IsZero() {
		t.Errorf("empty text: %+v", o)
	}
	marks := archive.Text{Code: "ru", Paragraphs: []archive.Paragraph{
		{N: 0, Kind: archive.KindMark, Lines: []string{"- 2 -"}},
		{N: 1, Kind: archive.KindHeading, Lines: []string{"Т Е Л Е Г Р А М М А"}},
		{N: 2, Kind: archive.KindText, Lines: []string{"Сообщаем данные по Иранскому Азербайджану на 22 часа", "23 ноября:"}},
	}}
	if o := OpeningOf(marks); o.N != 2 || o.Text != "Сообщаем данные по Иранскому Азербайджану на 22 часа 23 ноября:" {
		t.Errorf("opening %+v", o)
	}
}
