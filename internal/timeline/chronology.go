package timeline

import (
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/readingroom/readingroom/internal/archive"
)

// ChronologyFile is the name of the chronology at the root of the corpus.
const ChronologyFile = "chronology.toml"

// Event is something that happened in the world, placed between the
// documents as context. The curator keeps the events in chronology.toml.
type Event struct {
	ID    string
	Date  archive.Date
	Title string
	Text  string
	// DateNote says why the date is not more precise, or how the sources
	// differ on it.
	DateNote string
	Sources  []Source
	// Line is where the event starts in the chronology file.
	Line int
}

// Source is a published work that supports an event.
type Source struct {
	Text string // author, title, year, page or document number
	URL  string // optional
}

// Keys the chronology may use; anything else is a typing slip that would
// otherwise vanish silently.
var (
	eventKeys  = map[string]bool{"id": true, "date": true, "date_note": true, "title": true, "text": true, "sources": true}
	sourceKeys = map[string]bool{"text": true, "url": true}
	reSlug     = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
)

// LoadChronology reads chronology.toml at the root of fsys and returns its
// events in date order (events on the same date keep the file's order).
// Every problem is reported with the file name and line, as an
// archive.Problem; all of them are joined into the error.
func LoadChronology(fsys fs.FS) ([]Event, error) {
	data, err := archive.ReadRecordFile(fsys, ChronologyFile)
	if err != nil {
		return nil, fmt.Errorf("reading the chronology: %w", err)
	}
	return ParseChronology(ChronologyFile, data)
}

// ParseChronology reads the chronology from data; name is used in the
// problems it reports.
func ParseChronology(name string, data []byte) ([]Event, error) {
	f, err := decodeTables(name, data, "event")
	if err != nil {
		return nil, err
	}
	add := f.add
	events := make([]Event, 0, len(f.entries))
	seen := map[string]int{}
	for i, m := range f.entries {
		start, _ := f.span(i)
		lineOf := func(key string) int { return f.lineOf(i, key) }
		e := Event{Line: max(start, 1)}
		keys := sortedKeys(m)
		for _, k := range keys {
			if !eventKeys[k] {
				add(lineOf(k), "unknown key %q in an event (known: id, date, date_note, title, text, sources)", k)
			}
		}
		str := func(key string, required bool) string {
			v, ok := m[key]
			if !ok {
				if required {
					add(e.Line, "event has no %s", key)
				}
				return ""
			}
			s, ok := v.(string)
			if !ok {
				add(lineOf(key), "%s must be a string, not %s", key, tomlType(v))
				return ""
			}
			s = collapse(s)
			if s == "" && required {
				add(lineOf(key), "%s is empty", key)
			}
			return s
		}
		e.ID = str("id", true)
		e.Title = str("title", true)
		e.Text = str("text", true)
		e.DateNote = str("date_note", false)
		if e.ID != "" {
			if !reSlug.MatchString(e.ID) {
				add(lineOf("id"), "id %q is not a slug (lowercase letters, digits, single hyphens)", e.ID)
			}
			if prev, dup := seen[e.ID]; dup {
				add(lineOf("id"), "id %q is already used by the event at line %d", e.ID, prev)
			}
			seen[e.ID] = e.Line
		}
		if ds := str("date", true); ds != "" {
			d, ok := archive.ParseDate(ds)
			if !ok {
				add(lineOf("date"), "date %q is not a date: write 1946-04-04, 1946-04, 1946, \"April 4, 1946\" or \"April 1946\"", ds)
			}
			e.Date = d
		}
		e.Sources = parseSources(m["sources"], lineOf, add)
		events = append(events, e)
	}
	if len(f.entries) == 0 && len(f.problems) == 0 {
		add(0, "no [[event]] tables")
	}
	if err := f.err(); err != nil {
		return nil, err
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Date.Compare(events[j].Date) < 0 })
	return events, nil
}

func parseSources(v any, lineOf func(key string) int, add func(int, string, ...any)) []Source {
	line := lineOf("sources")
	if v == nil {
		add(line, "event has no sources: every event needs at least one published source")
		return nil
	}
	list, ok := v.([]map[string]any)
	if !ok {
		// An array of inline tables decodes as []any.
		items, isArray := v.([]any)
		if !isArray {
			add(line, "sources must be a list of { text = \"...\", url = \"...\" }, not %s", tomlType(v))
			return nil
		}
		for _, it := range items {
			t, isTable := it.(map[string]any)
			if !isTable {
				add(line, "each source must be a table { text = \"...\", url = \"...\" }, not %s", tomlType(it))
				return nil
			}
			list = append(list, t)
		}
	}
	if len(list) == 0 {
		add(line, "event has no sources: every event needs at least one published source")
	}
	var out []Source
	for _, t := range list {
		for _, k := range sortedKeys(t) {
			if !sourceKeys[k] {
				add(lineOf(k), "unknown key %q in a source (known: text, url)", k)
			}
		}
		s := Source{}
		if tv, ok := t["text"].(string); ok {
			s.Text = collapse(tv)
		}
		if s.Text == "" {
			add(line, "a source has no text: give author, title, year and page")
		}
		if uv, ok := t["url"]; ok {
			u, isString := uv.(string)
			parsed, err := url.Parse(strings.TrimSpace(u))
			if !isString || err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
				add(line, "source url %v is not an http or https address", uv)
			} else {
				s.URL = strings.TrimSpace(u)
			}
		}
		out = append(out, s)
	}
	return out
}

// collapse turns the line breaks and runs of spaces of a multi-line TOML
// string, or of a paragraph, into single spaces, so that the curator can
// wrap text freely: strings.Join(strings.Fields(s), " "), but s itself,
// uncopied, when it is so already (nearly every paragraph: a start looks
// at every paragraph of every document this way).
func collapse(s string) string {
	lead := true // a space here would go
	for _, r := range s {
		space := unicode.IsSpace(r)
		if space && (lead || r != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		lead = space
	}
	if lead && s != "" { // it ends with a space
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "a number"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
