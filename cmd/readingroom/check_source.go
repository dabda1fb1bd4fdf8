package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
)

// sourceRows prints what the source says beside its texts: the parts of
// the reference, subject tags, related records, rights, contents.
func sourceRows(d *archive.Document, row func(label, format string, args ...any)) {
	if d.Reference.Department != "" {
		row("department", "%s", d.Reference.Department)
	}
	if d.Reference.Tail != "" {
		row("reference adds", "%s", d.Reference.Tail)
	}
	if len(d.Authors) > 0 {
		row("authors", "%s", strings.Join(d.Authors, "; "))
	}
	if len(d.Subjects) > 0 {
		row("subjects", "%s", strings.Join(d.Subjects, "; "))
	}
	for _, r := range d.Related {
		row("related", "%s | %s (line %d)", r.Date.ISO(), r.Title, r.Line)
	}
	if len(d.Contents) > 0 {
		row("contents", "%s", strings.Join(d.Contents, "; "))
	}
	if d.Rights != "" {
		row("rights", "%d characters", len([]rune(d.Rights)))
	}
}

// documentVerdict is the one line that closes a document's entry in check.
func documentVerdict(d *archive.Document) string {
	if len(d.Warnings) == 0 {
		return "=> ok"
	}
	return fmt.Sprintf("=> %d %s: each names its line and what to do", len(d.Warnings), plural(len(d.Warnings), "warning", "warnings"))
}

// collectionWarnings returns the warnings about the collection rather
// than one document's text: the ID file's.
func collectionWarnings(c *archive.Collection) []archive.Problem {
	own := map[archive.Problem]bool{}
	for _, d := range c.Docs {
		for _, p := range d.Warnings {
			own[p] = true
		}
	}
	var out []archive.Problem
	for _, p := range c.Problems {
		if p.Warning && !own[p] {
			out = append(out, p)
		}
	}
	return out
}

// collectionVerdict sums up the collection: documents by layout, and how
// many documents have warnings.
func collectionVerdict(c *archive.Collection) string {
	layouts := map[archive.Layout]int{}
	warned := 0
	for _, d := range c.Docs {
		layouts[d.Layout]++
		if len(d.Warnings) > 0 {
			warned++
		}
	}
	var parts []string
	for l, n := range layouts {
		parts = append(parts, fmt.Sprintf("%d %s", n, l))
	}
	sort.Strings(parts)
	return fmt.Sprintf("collection: %d documents (%s); %d with warnings, %d warnings about the collection, %d files not loaded",
		len(c.Docs), strings.Join(parts, ", "), warned, len(collectionWarnings(c)), len(c.Errors()))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// strictness is the -strict flag: given alone it refuses errors, and
// -strict=warnings refuses warnings as well.
type strictness int

const (
	strictOff strictness = iota
	strictErrors
	strictWarnings
)

func (s *strictness) String() string {
	switch *s {
	case strictErrors:
		return "errors"
	case strictWarnings:
		return "warnings"
	}
	return "false"
}

func (s *strictness) Set(v string) error {
	switch strings.ToLower(v) {
	case "true", "errors", "1":
		*s = strictErrors
	case "warnings":
		*s = strictWarnings
	case "false", "0", "off":
		*s = strictOff
	default:
		return fmt.Errorf("-strict takes no value, or =warnings, not %q", v)
	}
	return nil
}

// IsBoolFlag lets -strict stand alone.
func (s *strictness) IsBoolFlag() bool { return true }

// refuse returns the error the strictness finds in the collection's
// problems, or nil.
func (s strictness) refuse(c *archive.Collection) error {
	errs := c.Errors()
	if s >= strictErrors && len(errs) > 0 {
		return fmt.Errorf("-strict: %d documents have errors (first: %s)", len(errs), errs[0].Error())
	}
	if s == strictWarnings {
		for _, p := range c.Problems {
			if p.Warning {
				return fmt.Errorf("-strict=warnings: %d warnings (first: %s)", len(c.Problems)-len(errs), p.Error())
			}
		}
	}
	return nil
}
