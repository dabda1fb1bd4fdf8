package main

import (
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// check prints what the loader found in every document and in the people
// and places records, and the alignments of the documents' texts (with the
// curator's overrides read from data), and reports how many errors there
// are.
func check(c *archive.Collection, auth *entity.Authority, authErr error, data fs.FS, w io.Writer) (errors int) {
	fmt.Fprintf(w, "%d documents loaded\n\n", len(c.Docs))
	for _, d := range c.Docs {
		fmt.Fprintf(w, "%s\n", d.File)
		row := func(label, format string, args ...any) {
			fmt.Fprintf(w, "  %-16s %s\n", label+":", fmt.Sprintf(format, args...))
		}
		row("layout", "%s", d.Layout)
		row("id", "%s", d.ID)
		row("title", "%s", d.Title)
		row("date", "%s (precision %s, written %q)", d.Date.ISO(), d.Date.Precision, d.Date.Text)
		row("record", "%s", orNone(d.RecordID))
		row("source url", "%s", orNone(d.SourceURL))
		if d.Reference.IsZero() {
			row("reference", "none")
		} else {
			var parts []string
			for _, p := range d.Reference.Parts {
				parts = append(parts, p.Kind+" "+p.Value)
			}
			row("reference", "%s: %s", d.Reference.Repository, strings.Join(parts, ", "))
		}
		var credits []string
		for _, cr := range d.Credits {
			credits = append(credits, cr.String())
		}
		row("credits", "%s", orNone(strings.Join(credits, "; ")))
		row("classification", "%s", orNone(strings.Join(d.Classification, ", ")))
		row("summary", "%d characters", len([]rune(d.Summary)))
		row("original", "%s: %d paragraphs, %d marks", orNone(d.Original.Language), d.Original.Numbered(), len(d.Original.Paragraphs)-d.Original.Numbered())
		row("translation", "%s: %d paragraphs, %d marks", orNone(d.Translation.Language), d.Translation.Numbered(), len(d.Translation.Paragraphs)-d.Translation.Numbered())
		row("notes", "%d", len(d.Notes))
		sourceRows(d, row)
		for _, f := range d.Fields {
			row("field", "%s: %s", f.Label, f.Value)
		}
		row("left out", "%d lines of page furniture and markup", len(d.Skipped))
		for _, p := range d.Warnings {
			fmt.Fprintf(w, "  warning: %s\n", p.Error())
		}
		fmt.Fprintf(w, "  %s\n\n", documentVerdict(d))
	}
	nerr := 0
	if authErr != nil {
		nerr++
		fmt.Fprintf(w, "error: people, places, organisations and glossary: %v\n\n", authErr)
	} else {
		fmt.Fprintf(w, "people, places and organisations: %d people, %d places, %d organisations; %d glossary terms\n", len(auth.People()), len(auth.Places()), len(auth.Organisations()), len(auth.Glossary().Terms()))
		for _, c := range auth.Conflicts() {
			nerr++
			fmt.Fprintf(w, "error: %s\n", c)
		}
		un := auth.Uncovered(c.Docs)
		if len(un) == 0 {
			fmt.Fprintln(w, "  every name-like word of the documents is covered by a record")
		} else {
			fmt.Fprintf(w, "  %d name-like words that no record covers (add a record, or a variant to the record a word is close to):\n", len(un))
			for _, u := range un {
				docs := u.Docs
				more := ""
				if len(docs) > 3 {
					docs, more = docs[:3], fmt.Sprintf(" and %d more", len(u.Docs)-3)
				}
				fmt.Fprintf(w, "    %-20s %-8s %3d× in %s%s%s\n", u.Word, u.Script, u.Count, strings.Join(docs, ", "), more, closeTo(u.Close))
			}
		}
		fmt.Fprintln(w)
	}
	nerr += checkAlignments(c, auth, data, w)
	errs := c.Errors()
	for _, p := range errs {
		fmt.Fprintf(w, "error: %s\n", p.Error())
	}
	for _, p := range collectionWarnings(c) {
		fmt.Fprintf(w, "warning: %s\n", p.Error())
	}
	nerr += len(errs)
	warnings := len(c.Problems) - len(errs)
	fmt.Fprintf(w, "%s\n", collectionVerdict(c))
	fmt.Fprintf(w, "%d documents, %d errors, %d warnings\n", len(c.Docs), nerr, warnings)
	return nerr
}

// maxClose bounds the records named after an uncovered word.
const maxClose = 3

// closeTo names the records an uncovered word is close to: "; close to:
// Pishevari (person)".
func closeTo(ss []entity.Suggestion) string {
	if len(ss) == 0 {
		return ""
	}
	var parts []string
	for i, s := range ss {
		if i == maxClose {
			break
		}
		parts = append(parts, s.Record.Name+" ("+s.Record.Kind+")")
	}
	return "; close to: " + strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
