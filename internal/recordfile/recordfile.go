// Package recordfile says where things are in the curators' TOML record
// files (people.toml, places.toml, chronology.toml). The TOML decoder
// reads the values but does not say on which line an element of an array
// of tables starts or a key is set, and a curator told of a mistake needs
// the line.
package recordfile

import (
	"regexp"
	"strings"
)

// Lines is a record file cut into lines.
type Lines []string

// Split cuts a record file into lines, reading a leading byte order mark
// and CRLF line ends as the decoder does.
func Split(data []byte) Lines {
	text := strings.TrimPrefix(string(data), "\ufeff")
	return strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
}

// Tables returns the line (1-based) of each [[name]] header, in order: the
// start of each element of the array of tables name. Spaces inside the
// brackets and a comment after the header are allowed, as in TOML.
func (l Lines) Tables(name string) []int {
	var out []int
	header := "[[" + name + "]]"
	for i, line := range l {
		t := strings.TrimSpace(line)
		if c := strings.Index(t, "#"); c >= 0 {
			t = strings.TrimSpace(t[:c])
		}
		if strings.ReplaceAll(t, " ", "") == header {
			out = append(out, i+1)
		}
	}
	return out
}

// Key returns the line (1-based) after line after and before line before
// (0 for the end of the file) where key is set, at the start of a line or
// inside an inline table, bare or quoted, or opened as a table ([key] or
// [[key]]); or 0 when no line there does.
func (l Lines) Key(key string, after, before int) int {
	q := `"?` + regexp.QuoteMeta(key) + `"?`
	re := regexp.MustCompile(`(^|[{,])\s*` + q + `\s*=|^\s*\[\[?\s*` + q + `\s*\]`)
	if before <= 0 || before > len(l)+1 {
		before = len(l) + 1
	}
	for i := max(after, 0); i < before-1; i++ {
		if re.MatchString(l[i]) {
			return i + 1
		}
	}
	return 0
}
