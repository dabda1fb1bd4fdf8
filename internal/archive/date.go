package archive

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a date the source gives.
type Precision int

const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

func (p Precision) String() string {
	switch p {
	case PrecisionYear:
		return "year"
	case PrecisionMonth:
		return "month"
	case PrecisionDay:
		return "day"
	}
	return "none"
}

// Date is a document's date with its precision and the wording it came from.
// A date known only to the month has Day 0: no day is ever made up.
type Date struct {
	Year      int       `json:"year"`
	Month     int       `json:"month"`
	Day       int       `json:"day"`
	Precision Precision `json:"precision"`
	Text      string    `json:"text"` // as written in the source
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Precision == PrecisionNone }

// ISO returns the date in ISO 8601 form at its precision: 1946, 1946-04 or
// 1946-04-12.
func (d Date) ISO() string {
	// As fmt.Sprintf("%04d-%02d-%02d", ...) writes it, without fmt: a
	// search page writes ten. A negative number is left to fmt.
	if d.Year < 0 || d.Month < 0 || d.Day < 0 {
		return d.isoFmt()
	}
	var buf [24]byte
	b := appendPadded(buf[:0], d.Year, 4)
	switch d.Precision {
	case PrecisionYear:
	case PrecisionMonth:
		b = appendPadded(append(b, '-'), d.Month, 2)
	case PrecisionDay:
		b = appendPadded(append(b, '-'), d.Month, 2)
		b = appendPadded(append(b, '-'), d.Day, 2)
	default:
		return ""
	}
	return string(b)
}

func (d Date) isoFmt() string {
	switch d.Precision {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// appendPadded appends n (not negative) with zeros before it to width
// digits.
func appendPadded(b []byte, n, width int) []byte {
	var num [20]byte
	digits := strconv.AppendInt(num[:0], int64(n), 10)
	for range width - len(digits) {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// String returns the date for readers as the archive writes it:
// "April 12, 1946", "April 1946", "1946".
func (d Date) String() string {
	switch d.Precision {
	case PrecisionYear:
		return strconv.Itoa(d.Year)
	case PrecisionMonth:
		return time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	case PrecisionDay:
		var buf [40]byte
		b := append(buf[:0], time.Month(d.Month).String()...)
		b = strconv.AppendInt(append(b, ' '), int64(d.Day), 10)
		b = strconv.AppendInt(append(b, ", "...), int64(d.Year), 10)
		return string(b)
	}
	return "undated"
}

// Compare orders dates chronologically; a less precise date sorts before the
// more precise dates it contains (April 1946 before 12 April 1946).
func (d Date) Compare(o Date) int {
	for _, c := range [][2]int{{d.Year, o.Year}, {d.Month, o.Month}, {d.Day, o.Day}} {
		if c[0] != c[1] {
			if c[0] < c[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Interval returns the first and the last day the date covers, at
// midnight UTC: a day is one day, "December 1946" runs from the 1st to the
// 31st, "1946" from January 1 to December 31. ok is false for an unknown
// date. Date-range filters match a document whose interval overlaps the
// range, so that a month or a year is never narrowed to an invented day.
func (d Date) Interval() (first, last time.Time, ok bool) {
	switch d.Precision {
	case PrecisionYear:
		first = time.Date(d.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(1, 0, -1), true
	case PrecisionMonth:
		first = time.Date(d.Year, time.Month(d.Month), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, -1), true
	case PrecisionDay:
		first = time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		return first, first, true
	}
	return time.Time{}, time.Time{}, false
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var (
	reMonthDayYear = regexp.MustCompile(`^(?i)([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$`)
	reDayMonthYear = regexp.MustCompile(`^(?i)(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$`)
	reMonthYear    = regexp.MustCompile(`^(?i)([a-z]+)\.?,?\s+(\d{4})$`)
	reYear         = regexp.MustCompile(`^(\d{4})$`)
	reISO          = regexp.MustCompile(`^(\d{4})-(\d{2})(?:-(\d{2}))?$`)
)

// ParseDate reads a date as the archive writes it ("April 12, 1946",
// "12 April 1946", "April 1946", "1946", "1946-04-12"). It returns false when
// the text is not a date on its own.
func ParseDate(s string) (Date, bool) {
	text := strings.TrimSpace(s)
	d := Date{Text: text}
	var y, m, day int
	switch {
	case reMonthDayYear.MatchString(text):
		g := reMonthDayYear.FindStringSubmatch(text)
		m, day, y = months[strings.ToLower(g[1])], atoi(g[2]), atoi(g[3])
	case reDayMonthYear.MatchString(text):
		g := reDayMonthYear.FindStringSubmatch(text)
		day, m, y = atoi(g[1]), months[strings.ToLower(g[2])], atoi(g[3])
	case reMonthYear.MatchString(text):
		g := reMonthYear.FindStringSubmatch(text)
		m, y = months[strings.ToLower(g[1])], atoi(g[2])
		if m == 0 {
			return Date{}, false
		}
		d.Year, d.Month, d.Precision = y, m, PrecisionMonth
		return d, validYear(y)
	case reYear.MatchString(text):
		y = atoi(text)
		d.Year, d.Precision = y, PrecisionYear
		return d, validYear(y)
	case reISO.MatchString(text):
		g := reISO.FindStringSubmatch(text)
		y, m = atoi(g[1]), atoi(g[2])
		if g[3] == "" {
			d.Year, d.Month, d.Precision = y, m, PrecisionMonth
			return d, validYear(y) && m >= 1 && m <= 12
		}
		day = atoi(g[3])
	default:
		return Date{}, false
	}
	if m == 0 || !validYear(y) || day < 1 {
		return Date{}, false
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != m {
		return Date{}, false // 31 April, 30 February
	}
	d.Year, d.Month, d.Day, d.Precision = y, m, day, PrecisionDay
	return d, true
}

func validYear(y int) bool { return y >= 1000 && y <= 2999 }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// MarshalText writes the precision as a word, for readable golden files and
// data exports.
func (p Precision) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a precision written by MarshalText.
func (p *Precision) UnmarshalText(b []byte) error {
	for _, q := range []Precision{PrecisionNone, PrecisionYear, PrecisionMonth, PrecisionDay} {
		if q.String() == string(b) {
			*p = q
			return nil
		}
	}
	return fmt.Errorf("unknown date precision %q", b)
}

// dateJSON is a Date as data exports write it: the ISO form at its
// precision beside the parts.
type dateJSON struct {
	ISO       string    `json:"iso"`
	Year      int       `json:"year"`
	Month     int       `json:"month,omitempty"`
	Day       int       `json:"day,omitempty"`
	Precision Precision `json:"precision"`
	Text      string    `json:"text"`
}

// MarshalJSON writes the date with its ISO form ("1946-04" for a month).
func (d Date) MarshalJSON() ([]byte, error) {
	return json.Marshal(dateJSON{ISO: d.ISO(), Year: d.Year, Month: d.Month, Day: d.Day, Precision: d.Precision, Text: d.Text})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Date) UnmarshalJSON(b []byte) error {
	var j dateJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*d = Date{Year: j.Year, Month: j.Month, Day: j.Day, Precision: j.Precision, Text: j.Text}
	return nil
}
