package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/timeline"
)

// checkFolder is the check command: it reads the documents folder dir (""
// for the embedded collection) with library.Check, the validation serve
// makes before it starts, prints what it found, and fails as serve -strict
// would: on every error, and with -strict=warnings on every warning.
func checkFolder(ctx context.Context, dir string, strict strictness, w io.Writer) error {
	fsys, err := docsFolder(dir)
	if err != nil {
		return err
	}
	coll, recs, recErr := library.Check(ctx, fsys, fsys, nil)
	if coll == nil {
		return recErr
	}
	if n := check(coll, recs, recErr, w); n > 0 {
		return fmt.Errorf("%d errors", n)
	}
	if strict == strictWarnings {
		return strict.refuse(coll)
	}
	return nil
}

// check prints what the loader found in every document and in the
// curator's records, and the alignments of the documents' texts, and
// reports how many errors there are: recErr's (what keeps serve from
// starting) and the collection's.
func check(c *archive.Collection, recs library.Records, recErr error, w io.Writer) (errors int) {
	auth := recs.Authority
	fmt.Fprintf(w, "%d documents loaded\n\n", len(c.Docs))
	for _, d := range c.Docs {
		fmt.Fprintf(w, "%s\n", archive.QuoteName(d.File))
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
	if recErr != nil {
		// One line a problem, so that a line of the file's own cannot
		// pass for one of check's.
		for _, line := range strings.Split(recErr.Error(), "\n") {
			nerr++
			fmt.Fprintf(w, "error: %s\n", strings.ToValidUTF8(line, "\uFFFD"))
		}
		fmt.Fprintln(w)
	}
	if auth != nil {
		from := "the folder's"
		if recs.Shipped {
			from = "the shipped ones: the folder has none of its own"
		}
		fmt.Fprintf(w, "people, places and organisations (%s): %d people, %d places, %d organisations; %d glossary terms\n", from, len(auth.People()), len(auth.Places()), len(auth.Organisations()), len(auth.Glossary().Terms()))
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
	if len(recs.Overrides) > 0 {
		fmt.Fprintf(w, "%s: senders and recipients set by hand for %d %s\n\n", timeline.PartiesFile, len(recs.Overrides), plural(len(recs.Overrides), "document", "documents"))
	}
	checkAlignments(c, auth, recs.Alignments, w)
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
