package server

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// The addresses of the site's pages, and of the anchors in them.

// docURL is the address of a document's page.
func docURL(d *archive.Document) string { return "/documents/" + d.ID }

// kindPaths maps a record kind to the first segment of its pages.
var kindPaths = map[string]string{entity.KindPerson: "people", entity.KindPlace: "places", entity.KindOrganisation: "organisations"}

// entityURL is the address of a person's or place's page.
func entityURL(r *entity.Record) string { return "/" + kindPaths[r.Kind] + "/" + r.ID }

// monthURL is the address of a month of the timeline.
func monthURL(year, month int) string { return fmt.Sprintf("/timeline/%04d-%02d", year, month) }

// fileAnchor is the id of an archival file on /archives:
// "GAPPOD, f.1, op.89, d.112" becomes "file-gappod-f1-op89-d112".
func fileAnchor(file string) string {
	var b strings.Builder
	b.WriteString("file")
	for _, f := range strings.FieldsFunc(strings.ToLower(file), func(r rune) bool { return r == ',' || r == ' ' || r == '.' }) {
		b.WriteString("-" + f)
	}
	return b.String()
}

// anchorPrefix is the prefix of a text's paragraph anchors: its language
// code ("en-3", "ru-3"), or a fallback when the language is not stated.
func anchorPrefix(t archive.Text, fallback string) string {
	if t.Code != "" {
		return t.Code
	}
	return fallback
}

// tnAnchor turns the marker TN1 into the anchor "tn-1".
func tnAnchor(marker string) string { return "tn-" + strings.TrimPrefix(marker, "TN") }

// reRecord matches the archive's record numbers, which redirect to the
// document's ID.
var reRecord = regexp.MustCompile(`^[0-9]{1,12}$`)
