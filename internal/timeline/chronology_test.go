package timeline

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/readingroom/readingroom/internal/archive"
)

func TestShippedChronology(t *testing.T) {
	_, events := shipped(t)
	if n := len(events); n < 15 || n > 25 {
		t.Errorf("the chronology has %d events, want a short one of 15 to 25", n)
	}
	seen := map[string]bool{}
	for i, e := range events {
		if seen[e.ID] {
			t.Errorf("id %q twice", e.ID)
		}
		seen[e.ID] = true
		if e.Title == "" || e.Text == "" || e.Date.IsZero() {
			t.Errorf("%s (line %d): title, text and date are required", e.ID, e.Line)
		}
		if len(e.Sources) == 0 {
			t.Errorf("%s (line %d) has no source", e.ID, e.Line)
		}
		for _, s := range e.Sources {
			if s.Text == "" {
				t.Errorf("%s: a source without text", e.ID)
			}
			if s.URL != "" {
				if u, err := url.Parse(s.URL); err != nil || u.Host == "" {
					t.Errorf("%s: bad url %q", e.ID, s.URL)
				}
			}
		}
		if strings.Contains(e.Text, "  ") || strings.Contains(e.Text, "\n") {
			t.Errorf("%s: text not collapsed to single spaces: %q", e.ID, e.Text)
		}
		if i > 0 && events[i-1].Date.Compare(e.Date) > 0 {
			t.Errorf("%s comes after the later %s", e.ID, events[i-1].ID)
		}
	}

	// The events the brief asks for, with the precision the sources allow.
	want := map[string]string{
		"anglo-soviet-invasion":         "1941-08-25",
		"tripartite-treaty":             "1942-01-29",
		"politburo-decree":              "1945-07-06",
		"adp-founded":                   "1945-09-03",
		"peoples-congress":              "1945-11-21",
		"national-government":           "1945-12-12",
		"un-complaint":                  "1946-01-19",
		"mahabad-republic":              "1946-01-22",
		"qavam-prime-minister":          "1946-01",
		"qavam-in-moscow":               "1946-02",
		"withdrawal-deadline":           "1946-03-02",
		"gromyko-walkout":               "1946-03-27",
		"soviet-iranian-agreement":      "1946-04-04",
		"soviet-withdrawal":             "1946-05",
		"tehran-tabriz-agreement":       "1946-06-13",
		"mianeh-occupied":               "1946-12-11",
		"national-government-collapses": "1946-12",
		"majlis-rejects-oil":            "1947-10-22",
	}
	for _, e := range events {
		if iso, ok := want[e.ID]; ok {
			if e.Date.ISO() != iso {
				t.Errorf("%s dated %s, want %s", e.ID, e.Date.ISO(), iso)
			}
			delete(want, e.ID)
		}
	}
	for id := range want {
		t.Errorf("the chronology has no event %q", id)
	}
	for _, e := range events {
		if e.Date.Precision != archive.PrecisionDay && e.DateNote == "" {
			t.Errorf("%s is dated only to the %s without a date_note saying why", e.ID, e.Date.Precision)
		}
	}
}

func TestChronologyProblems(t *testing.T) {
	const good = `# a comment
[[event]]
id = "one"
date = "1946-04-04"
title = "One"
text = """
First line
second line."""
sources = [ { text = "A book, p. 1", url = "https://example.org/a" } ]
`
	tests := []struct {
		name string
		toml string
		line int
		want string
	}{
		{"syntax", "[[event]]\nid = \"x\"\ntitle = \"unterminated\n", 3, "not valid TOML"},
		{"unknown event key", good + "\n[[event]]\nid = \"two\"\ndate = \"1946\"\ntitle = \"T\"\ntext = \"T.\"\ncolour = \"red\"\nsources = [ { text = \"B\" } ]\n", 16, `unknown key "colour"`},
		{"unknown source key", good + "\n[[event]]\nid = \"two\"\ndate = \"1946\"\ntitle = \"T\"\ntext = \"T.\"\nsources = [\n  { text = \"B\", page = 3 },\n]\n", 17, `unknown key "page" in a source`},
		{"bad date", good + "\n[[event]]\nid = \"two\"\ndate = \"1946-02-30\"\ntitle = \"T\"\ntext = \"T.\"\nsources = [ { text = \"B\" } ]\n", 13, `date "1946-02-30" is not a date`},
		{"no day invented", good + "\n[[event]]\nid = \"two\"\ndate = \"spring 1946\"\ntitle = \"T\"\ntext = \"T.\"\nsources = [ { text = \"B\" } ]\n", 13, "is not a date"},
		{"no sources", good + "\n[[event]]\nid = \"two\"\ndate = \"1946\"\ntitle = \"T\"\ntext = \"T.\"\n", 11, "has no sources"},
		{"empty sources", good + "\n[[event]]\nid = \"two\"\ndate = \"1946\"\ntitle = \"T\"\ntext = \"T.\"\nsources = []\n", 16, "has no sources"},
		{"source without text", good + "\n[[event]]\nid = \"two\"\ndate = \"1946\"\ntitle = \"T\"\ntext = \"T.\"\nsources = [ { url = \"https://example.org\" } ]\n", 16, "a source has no text"},
		{"bad url", good + "\n[[event]]\nid = \"two\"\ndate = \"1946\"\ntitle = \"T\"\ntext = \"T.\"\nsources = [ { text = \"B\", url = \"example.org\" } ]\n", 16, "not an http or https address"},
		{"duplicate id", good + "\n[[event]]\nid = \"one\"\ndate = \"1946\"\ntitle = \"T\"\ntext = \"T.\"\nsources = [ { text = \"B\" } ]\n", 12, `id "one" is already used by the event at line 2`},
		{"id not a slug", strings.Replace(good, `id = "one"`, `id = "One Event"`, 1), 3, "is not a slug"},
		{"missing title", strings.Replace(good, "title = \"One\"\n", "", 1), 2, "event has no title"},
		{"wrong type", strings.Replace(good, `date = "1946-04-04"`, `date = 1946`, 1), 4, "date must be a string, not a number"},
		{"top-level key", "version = 2\n" + good, 1, `unknown key "version"`},
		{"no events", "# nothing yet\n", 0, "no [[event]] tables"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadChronology(fstest.MapFS{ChronologyFile: {Data: []byte(tt.toml)}})
			if err == nil {
				t.Fatal("no error")
			}
			var p archive.Problem
			if !errors.As(err, &p) {
				t.Fatalf("error %v is not an archive.Problem", err)
			}
			if p.File != ChronologyFile || p.Line != tt.line {
				t.Errorf("reported at %s:%d, want %s:%d (%v)", p.File, p.Line, ChronologyFile, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestChronologyUglyButValid(t *testing.T) {
	src := "\ufeff[[event]]\r\nid = \"b\"\r\ndate = \"April 1946\"\r\ntitle = \"  Later  \"\r\ntext = \"\"\"\r\nWrapped\r\n   text.\"\"\"\r\ndate_note = \"day unknown\"\r\nsources = [ { text = \"S\" } ]\r\n" +
		"\r\n[[event]]\r\nid = \"a\"\r\ndate = \"12 April 1946\"\r\ntitle = \"Exact\"\r\ntext = \"T.\"\r\n[[event.sources]]\r\ntext = \"Table form\"\r\nurl = \"http://example.org/x\"\r\n"
	events, err := LoadChronology(fstest.MapFS{ChronologyFile: {Data: []byte(src)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].ID != "b" || events[1].ID != "a" {
		t.Fatalf("events %+v, want b (April 1946) before a (12 April 1946)", events)
	}
	b := events[0]
	if b.Title != "Later" || b.Text != "Wrapped text." || b.DateNote != "day unknown" {
		t.Errorf("b = %+v", b)
	}
	if b.Date.Precision != archive.PrecisionMonth || b.Date.Day != 0 {
		t.Errorf("April 1946 read as %+v: a day was made up", b.Date)
	}
	if got := events[1].Sources; len(got) != 1 || got[0].URL != "http://example.org/x" {
		t.Errorf("sources as an array of tables: %+v", got)
	}
	if b.Line != 1 || events[1].Line != 11 {
		t.Errorf("lines %d and %d, want 1 and 11", b.Line, events[1].Line)
	}
}

func TestChronologyMissing(t *testing.T) {
	if _, err := LoadChronology(fstest.MapFS{}); err == nil {
		t.Fatal("no error for a missing chronology")
	}
}
