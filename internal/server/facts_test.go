package server

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/timeline"
)

// The site states each fact of the crisis once: the people, places and
// organisations records, the chronology and the home page's introduction
// must agree. checkFacts is the cross-check; it is tested on invented texts
// that get a fact wrong, then run on the shipped ones.

// statedText is a text the site shows, with where it comes from.
type statedText struct {
	Where, Text string
}

// lifeSpan is a person's record as the cross-check reads it.
type lifeSpan struct {
	ID, Name, FullName string
	Born, Died         int
}

// citedDoc is a document of the collection as other texts cite it.
type citedDoc struct {
	Title string
	Date  archive.Date
}

// The events of the crisis whose dates texts state in so many words.
const (
	eventGovernmentFormed = "national-government"
	eventGovernmentFalls  = "national-government-collapses"
)

var (
	months = "January|February|March|April|May|June|July|August|September|October|November|December"
	// reDate is a date as running text writes one: "12 December 1945",
	// "December 1945", "December 12, 1945".
	reDate = regexp.MustCompile(`(?:\b(\d{1,2}) )?\b(` + months + `)(?: (\d{1,2}),)? (\d{4})\b`)
	// reFormed names the forming of the National Government.
	reFormed = regexp.MustCompile(`(?i)\b(?:formed|forms|formation of|proclaimed|set up) (?:a |the )?national government\b`)
	// reSpan is the National Government followed, in its sentence, by a
	// span of dates: "(November 1945 - December 1946)", "from … to …".
	reSpan     = regexp.MustCompile(`(?i)national government\b[^.]*?(?:\(|\bfrom )((?:\d{1,2} )?(?:` + months + `) \d{4})\s*(?:-|–|—|\bto\b|\buntil\b[^.]*?)\s*((?:\d{1,2} )?(?:` + months + `) \d{4})`)
	reRelative = regexp.MustCompile(`,\s*(?:which|who|whose)\b`)
	reSentence = regexp.MustCompile(`[^.!?]+(?:[.!?]|$)`)
)

// monthOf reads a date written as reDate matches it.
func monthOf(m []string) (day, month, year int) {
	day, _ = strconv.Atoi(m[1])
	if m[3] != "" {
		day, _ = strconv.Atoi(m[3])
	}
	t, _ := time.Parse("January", m[2])
	year, _ = strconv.Atoi(m[4])
	return day, int(t.Month()), year
}

// agrees reports whether a written date fits an event's date: the same
// month, and the same day when both give one.
func agrees(written string, d archive.Date) bool {
	m := reDate.FindStringSubmatch(written)
	if m == nil {
		return false
	}
	day, month, year := monthOf(m)
	if year != d.Year || (d.Month != 0 && month != d.Month) {
		return false
	}
	return day == 0 || d.Day == 0 || day == d.Day
}

// checkFacts returns every disagreement between the texts, the people's
// lives, the documents and the chronology.
func checkFacts(texts []statedText, people []lifeSpan, docs []citedDoc, events []timeline.Event) []string {
	var out []string
	byID := map[string]timeline.Event{}
	for _, e := range events {
		byID[e.ID] = e
	}
	formed, hasFormed := byID[eventGovernmentFormed]
	falls, hasFalls := byID[eventGovernmentFalls]
	for _, t := range texts {
		for _, s := range reSentence.FindAllString(t.Text, -1) {
			// The date nearest before "formed a National Government" (or
			// after it, if none is before) is the day the chronology gives.
			if loc := reFormed.FindStringIndex(s); loc != nil && hasFormed {
				dates := reDate.FindAllStringIndex(s, -1)
				var near string
				for _, d := range dates {
					// A date before ", which" dates the clause's subject
					// (a party founded in September), not the forming.
					if d[1] <= loc[0] && !reRelative.MatchString(s[d[1]:loc[0]]) {
						near = s[d[0]:d[1]]
					}
				}
				if near == "" {
					for _, d := range dates {
						if d[0] >= loc[1] {
							near = s[d[0]:d[1]]
							break
						}
					}
				}
				if near != "" && !agrees(near, formed.Date) {
					out = append(out, fmt.Sprintf("%s: the National Government formed in %s; the chronology: %s", t.Where, near, formed.Date))
				}
			}
			if m := reSpan.FindStringSubmatch(s); m != nil {
				if hasFormed && !agrees(m[1], formed.Date) {
					out = append(out, fmt.Sprintf("%s: the National Government from %s; the chronology: %s", t.Where, m[1], formed.Date))
				}
				if hasFalls && !agrees(m[2], falls.Date) {
					out = append(out, fmt.Sprintf("%s: the National Government until %s; the chronology: %s", t.Where, m[2], falls.Date))
				}
			}
		}
		// A document of the collection cited by its title carries the
		// date the collection gives it.
		for _, d := range docs {
			title := d.Title
			if len(title) > 40 {
				title = title[:40]
			}
			for rest := t.Text; ; {
				i := strings.Index(rest, title)
				if i < 0 {
					break
				}
				rest = rest[i+len(title):]
				after := rest
				if end := strings.IndexAny(after, ";\n"); end >= 0 {
					after = after[:end]
				}
				if w := reDate.FindString(after); w != "" && !agrees(w, d.Date) {
					out = append(out, fmt.Sprintf("%s: cites %q as of %s; the collection dates it %s", t.Where, d.Title, w, d.Date))
				}
			}
		}
	}
	// No one acts in an event after his death or before his birth.
	for _, p := range people {
		if p.Born == 0 && p.Died == 0 {
			continue
		}
		names := []string{p.Name}
		if p.FullName != "" {
			names = append(names, p.FullName)
		}
		for _, e := range events {
			named := false
			for _, n := range names {
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(n) + `\b`).MatchString(e.Title + " " + e.Text) {
					named = true
				}
			}
			if named && ((p.Died != 0 && e.Date.Year > p.Died) || (p.Born != 0 && e.Date.Year < p.Born)) {
				out = append(out, fmt.Sprintf("person %s (%d–%d) takes part in the event %s of %s", p.ID, p.Born, p.Died, e.ID, e.Date))
			}
		}
	}
	return out
}

func date(y, m, d int) archive.Date {
	p := archive.PrecisionDay
	if d == 0 {
		p = archive.PrecisionMonth
	}
	return archive.Date{Year: y, Month: m, Day: d, Precision: p}
}

// inventedEvents are a chronology of the shape the shipped one has.
var inventedEvents = []timeline.Event{
	{ID: eventGovernmentFormed, Date: date(1945, 12, 12), Title: "National Majlis opens; Pishevari forms a government"},
	{ID: eventGovernmentFalls, Date: date(1946, 12, 0), Title: "National Government collapses; Pishevari flees"},
	{ID: "later", Date: date(1958, 3, 1), Title: "Kamran Zed speaks in Baku", Text: "Zed addresses a congress."},
}

func TestCheckFactsFindsWhatDisagrees(t *testing.T) {
	for _, tc := range []struct {
		name   string
		texts  []statedText
		people []lifeSpan
		docs   []citedDoc
		want   string // part of the one finding; "" for none
	}{
		{name: "formed a month early", texts: []statedText{{"intro", "In November 1945, with troops in the north, the party formed a National Government in Tabriz."}}, want: "formed in November 1945"},
		{name: "formed on the day", texts: []statedText{{"intro", "In November 1945 a congress met, and on 12 December 1945 a Majlis opened and Pishevari formed a National Government."}}},
		{name: "formed, date after", texts: []statedText{{"record", "The party formed the National Government on December 12, 1945."}}},
		{name: "a relative clause", texts: []statedText{{"org", "The party founded in Tabriz in September 1945, which formed the National Government."}}},
		{name: "formed, another day", texts: []statedText{{"record", "The party formed the national government on 2 December 1945."}}, want: "2 December 1945"},
		{name: "span starts early", texts: []statedText{{"person x", "Head of the National Government of Iranian Azerbaijan (November 1945 - December 1946)."}}, want: "from November 1945"},
		{name: "span ends late", texts: []statedText{{"org y", "The National Government in Tabriz, from December 1945 to January 1947."}}, want: "until January 1947"},
		{name: "span right", texts: []statedText{{"place z", "Under the National Government of the party from December 1945 to December 1946."}}},
		{name: "span with until", texts: []statedText{{"person p", "Head of the National Government from its formation on 12 December 1945 until its fall in December 1946."}}},
		{name: "CRLF and odd spacing", texts: []statedText{{"intro", "In  October 1945\r\nthe party formed a National Government."}}, want: "October 1945"},
		{name: "cited a day off", texts: []statedText{{"chronology", `WCDA, "Telegram from Tabriz to Baku about the grain of the northern districts", 3 May 1946`}},
			docs: []citedDoc{{Title: "Telegram from Tabriz to Baku about the grain of the northern districts", Date: date(1946, 5, 4)}}, want: "as of 3 May 1946"},
		{name: "cited right", texts: []statedText{{"record", `Telegram from Tabriz to Baku about the grain of the northern districts (4 May 1946).`}},
			docs: []citedDoc{{Title: "Telegram from Tabriz to Baku about the grain of the northern districts", Date: date(1946, 5, 4)}}},
		{name: "acts after death", people: []lifeSpan{{ID: "zed", Name: "Zed", Born: 1890, Died: 1950}}, want: "person zed"},
		{name: "alive", people: []lifeSpan{{ID: "zed", Name: "Zed", Born: 1890, Died: 1960}}},
	} {
		got := checkFacts(tc.texts, tc.people, tc.docs, inventedEvents)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: findings %q, want none", tc.name, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s: findings %q, want one with %q", tc.name, got, tc.want)
		}
	}
}

// TestShippedFactsAgree runs the cross-check on what the site shows: every
// record's description and source, the chronology's sources, the glossary's
// definitions and the home page's introduction, against the chronology and
// the collection.
func TestShippedFactsAgree(t *testing.T) {
	s := newTestServerValue(t, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var texts []statedText
	var people []lifeSpan
	for _, r := range s.lib.Authority.Records() {
		texts = append(texts, statedText{r.Kind + " " + r.ID, r.Description + "\n" + r.Source})
		if r.Kind == "person" {
			people = append(people, lifeSpan{ID: r.ID, Name: r.Name, FullName: r.FullName, Born: r.Born, Died: r.Died})
		}
	}
	for _, e := range s.lib.Events {
		for _, src := range e.Sources {
			texts = append(texts, statedText{"chronology " + e.ID, src.Text})
		}
	}
	if g := s.lib.Authority.Glossary(); g != nil {
		for _, term := range g.Terms() {
			texts = append(texts, statedText{"glossary " + term.ID, term.Definition})
		}
	}
	home := dom(t, s.routes(), "/", http.StatusOK)
	intro := squash(home.Find(".intro").Text())
	if !strings.Contains(intro, "National Government") {
		t.Fatalf("the introduction %q does not speak of the National Government", intro)
	}
	texts = append(texts, statedText{"home introduction", intro})
	var docs []citedDoc
	for _, d := range s.coll.Docs {
		docs = append(docs, citedDoc{Title: d.Title, Date: d.Date})
	}
	ids := map[string]bool{}
	for _, e := range s.lib.Events {
		ids[e.ID] = true
	}
	if !ids[eventGovernmentFormed] || !ids[eventGovernmentFalls] {
		t.Fatalf("the chronology lacks the events %s and %s the cross-check reads", eventGovernmentFormed, eventGovernmentFalls)
	}
	for _, f := range checkFacts(texts, people, docs, s.lib.Events) {
		t.Error(f)
	}
	// Links go to the archive's public address, never to a mirror.
	for _, e := range s.lib.Events {
		for _, src := range e.Sources {
			if strings.Contains(src.Text, "WCDA") && src.URL != "" && !strings.HasPrefix(src.URL, "https://digitalarchive.wilsoncenter.org/") && !strings.HasPrefix(src.URL, "http://digitalarchive.wilsoncenter.org/") {
				t.Errorf("chronology %s links the archive at %s", e.ID, src.URL)
			}
		}
	}
}

// TestPeopleAreSourcedToScholarship: each person's record names at least
// one source that is not an encyclopedia: a book or article, FRUS, a record
// of the archive, or a document of the collection.
func TestPeopleAreSourcedToScholarship(t *testing.T) {
	s := newTestServerValue(t, slog.New(slog.NewTextHandler(io.Discard, nil)))
	encyclopedia := regexp.MustCompile(`(?i)^\s*(?:wikipedia|britannica|encyclopa?edia)\b|encyclopa?edia`)
	for _, r := range s.lib.Authority.People() {
		ok := false
		for _, part := range strings.Split(r.Source, ";") {
			if strings.TrimSpace(part) != "" && !encyclopedia.MatchString(part) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("person %s is sourced only to an encyclopedia: %q", r.ID, r.Source)
		}
	}
}
