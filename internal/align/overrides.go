package align

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/readingroom/readingroom/internal/archive"
)

// OverridesFile is the curator's corrections to computed alignments, at the
// root of the documents folder.
const OverridesFile = "alignment.toml"

// Override is a curator's correction of one document's alignment: the
// groups the aligner must take as given. It may also state how many
// numbered paragraphs each text had when it was written, so that a source
// file re-parsed into other paragraphs shows that the override no longer
// fits.
type Override struct {
	ID                    string      `toml:"id"`
	TranslationParagraphs int         `toml:"translation_paragraphs"`
	OriginalParagraphs    int         `toml:"original_paragraphs"`
	Groups                []TOMLGroup `toml:"group"`
	// Line is where the override starts in its file.
	Line int `toml:"-"`
}

// TOMLGroup is one group as a curator writes it: the paragraph numbers on
// each side (either may be empty) and a note on why.
type TOMLGroup struct {
	Translation []int  `toml:"translation"`
	Original    []int  `toml:"original"`
	Note        string `toml:"note"`
	Line        int    `toml:"-"`
}

// Group returns the group to align around.
func (g TOMLGroup) Group() Group {
	return Group{Translation: orEmpty(g.Translation), Original: orEmpty(g.Original), Confidence: 1, Curated: true}
}

func orEmpty(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

// Overrides are a file's overrides, by document ID.
type Overrides struct {
	File string
	list []Override
	byID map[string]*Override
}

// Error is a problem in an alignment file, with where it is.
type Error struct {
	File    string
	Line    int
	Message string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// LoadOverrides reads alignment.toml at the root of fsys. A missing file is
// an error wrapping fs.ErrNotExist; a file that does not parse, has unknown
// keys, names a document twice or gives a group with no paragraphs is an
// *Error with the line.
func LoadOverrides(fsys fs.FS) (*Overrides, error) {
	data, err := archive.ReadRecordFile(fsys, OverridesFile)
	if err != nil {
		return nil, fmt.Errorf("reading the alignment overrides: %w", err)
	}
	return ParseOverrides(OverridesFile, data)
}

// ParseOverrides parses an alignment file's bytes; name is used in errors.
func ParseOverrides(name string, data []byte) (*Overrides, error) {
	var f struct {
		Document []Override `toml:"document"`
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: name, Line: pe.Position.Line, Message: pe.Message}
		}
		return nil, &Error{File: name, Message: err.Error()}
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var errs []error
	for _, k := range md.Undecoded() {
		errs = append(errs, &Error{File: name, Line: keyLine(lines, k[len(k)-1], 0), Message: fmt.Sprintf("unknown key %q", k.String())})
	}
	o := &Overrides{File: name, list: f.Document, byID: map[string]*Override{}}
	docLines := tableLines(lines, "[[document]]")
	groupLines := tableLines(lines, "[[document.group]]")
	gi := 0
	for i := range o.list {
		d := &o.list[i]
		if i < len(docLines) {
			d.Line = docLines[i]
		}
		for j := range d.Groups {
			if gi < len(groupLines) {
				d.Groups[j].Line = groupLines[gi]
			}
			gi++
			if len(d.Groups[j].Translation) == 0 && len(d.Groups[j].Original) == 0 {
				errs = append(errs, &Error{File: name, Line: d.Groups[j].Line, Message: "a group needs a translation or an original paragraph"})
			}
		}
		switch {
		case d.ID == "":
			errs = append(errs, &Error{File: name, Line: d.Line, Message: "a document needs an id"})
		case o.byID[d.ID] != nil:
			errs = append(errs, &Error{File: name, Line: d.Line, Message: fmt.Sprintf("document %q is overridden twice (first at line %d)", d.ID, o.byID[d.ID].Line)})
		default:
			o.byID[d.ID] = d
		}
	}
	return o, errors.Join(errs...)
}

func tableLines(lines []string, header string) []int {
	var out []int
	for i, l := range lines {
		if strings.TrimSpace(l) == header {
			out = append(out, i+1)
		}
	}
	return out
}

func keyLine(lines []string, key string, after int) int {
	for i := after; i < len(lines); i++ {
		if strings.HasPrefix(strings.TrimSpace(lines[i]), key) {
			return i + 1
		}
	}
	return 0
}

// Documents returns the overrides in file order.
func (o *Overrides) Documents() []Override {
	if o == nil {
		return nil
	}
	return o.list
}

// For returns the groups a curator fixed for document id, or nil.
func (o *Overrides) For(id string) []Group {
	if o == nil {
		return nil
	}
	d := o.byID[id]
	if d == nil {
		return nil
	}
	out := make([]Group, len(d.Groups))
	for i, g := range d.Groups {
		out[i] = g.Group()
	}
	return out
}

// Fits checks the override against the document it names: the paragraph
// counts it states, and its groups (Fit).
func (d *Override) Fits(doc *archive.Document) error {
	var problems []string
	if n := doc.Translation.Numbered(); d.TranslationParagraphs > 0 && d.TranslationParagraphs != n {
		problems = append(problems, fmt.Sprintf("written for %d translation paragraphs, the text now has %d", d.TranslationParagraphs, n))
	}
	if n := doc.Original.Numbered(); d.OriginalParagraphs > 0 && d.OriginalParagraphs != n {
		problems = append(problems, fmt.Sprintf("written for %d original paragraphs, the text now has %d", d.OriginalParagraphs, n))
	}
	gs := make([]Group, len(d.Groups))
	for i, g := range d.Groups {
		gs[i] = g.Group()
	}
	if err := Fit(doc, gs); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Fit reports whether groups can stand in document d's alignment: every
// paragraph number exists on its side, each group is a run of consecutive
// paragraphs, and the groups follow each other in text order on both sides
// without sharing a paragraph.
func Fit(d *archive.Document, groups []Group) error {
	at := func(ns []int) map[int]int {
		m := make(map[int]int, len(ns))
		for i, n := range ns {
			m[n] = i
		}
		return m
	}
	tr, or := at(numbered(d.Translation)), at(numbered(d.Original))
	lastT, lastO := -1, -1
	for gi, g := range groups {
		where := "group " + strconv.Itoa(gi+1) + " " + g.String()
		if len(g.Translation) == 0 && len(g.Original) == 0 {
			return fmt.Errorf("%s is empty", where)
		}
		for _, side := range []struct {
			name string
			ns   []int
			have map[int]int
			last *int
		}{{"translation", g.Translation, tr, &lastT}, {"original", g.Original, or, &lastO}} {
			for k, n := range side.ns {
				i, ok := side.have[n]
				if !ok {
					return fmt.Errorf("%s: the %s has no paragraph %d", where, side.name, n)
				}
				if k > 0 && i != *side.last+1 {
					return fmt.Errorf("%s: %s paragraphs %d and %d are not consecutive", where, side.name, side.ns[k-1], n)
				}
				if k == 0 && i <= *side.last {
					return fmt.Errorf("%s: %s paragraph %d comes before the previous group's", where, side.name, n)
				}
				*side.last = i
			}
		}
	}
	return nil
}

// String renders a group as "translation 4 = original 5, 6",
// "translation 12 = original —".
func (g Group) String() string {
	return "translation " + numbers(g.Translation, ", ", "—") + " = original " + numbers(g.Original, ", ", "—")
}

// compact renders a group as "4=5,6" or "12=-".
func (g Group) compact() string {
	return numbers(g.Translation, ",", "-") + "=" + numbers(g.Original, ",", "-")
}

// Compact writes an alignment on one line, translation first, a curated
// group marked with a star: "-=1 1=2 2=3,4* 5=-".
func Compact(gs []Group) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.compact()
		if g.Curated {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// numbers joins paragraph numbers with sep, or gives none for no number.
func numbers(ns []int, sep, none string) string {
	if len(ns) == 0 {
		return none
	}
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, sep)
}
