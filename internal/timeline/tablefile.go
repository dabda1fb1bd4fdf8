package timeline

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/recordfile"
)

// tableFile is a curator's TOML file that holds one array of tables
// ([[event]], [[document]]), read into maps so that every key, known or
// not, can be checked and placed on its line.
type tableFile struct {
	name     string
	lines    recordfile.Lines
	entries  []map[string]any
	starts   []int // the header line of each entry
	problems []error
}

// decodeTables reads the [[table]] entries of data; name is used in the
// problems. A file that is not TOML is one problem with its line; a
// top-level key other than the table is noted among f's problems.
func decodeTables(name string, data []byte, table string) (*tableFile, error) {
	doc := map[string]any{}
	if _, err := toml.Decode(strings.TrimPrefix(string(data), "\ufeff"), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, archive.Problem{File: name, Line: pe.Position.Line, Message: "not valid TOML: " + pe.Message}
		}
		return nil, archive.Problem{File: name, Message: "not valid TOML: " + err.Error()}
	}
	f := &tableFile{name: name, lines: recordfile.Split(data)}
	f.starts = f.lines.Tables(table)
	for _, k := range sortedKeys(doc) {
		if k != table {
			f.add(f.lines.Key(k, 0, 0), "unknown key %q: the file holds only [[%s]] tables", k, table)
			continue
		}
		entries, ok := doc[k].([]map[string]any)
		if !ok {
			f.add(f.lines.Key(k, 0, 0), "%s must be an array of tables, written [[%s]]", k, table)
		}
		f.entries = entries
	}
	return f, nil
}

func (f *tableFile) add(line int, format string, args ...any) {
	f.problems = append(f.problems, archive.Problem{File: f.name, Line: line, Message: fmt.Sprintf(format, args...)})
}

// span returns the lines of entry i: its header and the next entry's (0
// at the end of the file).
func (f *tableFile) span(i int) (start, end int) {
	if i < len(f.starts) {
		start = f.starts[i]
		if i+1 < len(f.starts) {
			end = f.starts[i+1]
		}
	}
	return start, end
}

// lineOf returns the line of key in entry i, or the entry's header line.
func (f *tableFile) lineOf(i int, key string) int {
	start, end := f.span(i)
	if l := f.lines.Key(key, start, end); l > 0 {
		return l
	}
	return max(start, 1)
}

// err joins the problems noted, or is nil.
func (f *tableFile) err() error { return errors.Join(f.problems...) }
