package entity

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/recordfile"
)

// The authority files, at the root of the documents folder.
const (
	PeopleFile = "people.toml"
	PlacesFile = "places.toml"
	// OrganisationsFile is optional: a collection may name no
	// organisations, and older data folders have none.
	OrganisationsFile = "organisations.toml"
)

// placeKinds are the kinds of place a record may have; a closed list, so that
// the kinds stay comparable across records (and usable as a facet).
var placeKinds = []string{"city", "town", "village", "district", "province", "region", "republic", "country", "river", "tribal territory"}

// orgKinds are the kinds of organisation, a closed list for the same reason.
var orgKinds = []string{"party", "party committee", "government", "assembly", "ministry", "security service", "armed forces", "military district", "international body", "newspaper", "agency"}

// Error is a problem in an authority file, with where it is: the same
// problem, file and line, as the archive reports for a document.
type Error = archive.Problem

// Load reads people.toml, places.toml and, if there is one,
// organisations.toml at the root of fsys, with glossary.toml (see
// Authority.Glossary), and checks them: every key known,
// IDs well formed and unique across the files, names present, years and
// coordinates plausible, every variant in one script. It reports every
// problem it finds, each an *Error with the file and line; a missing people
// or places file is an error that wraps fs.ErrNotExist.
func Load(fsys fs.FS) (*Authority, error) {
	var records []*sourced
	var errs []error
	for _, name := range []string{PeopleFile, PlacesFile, OrganisationsFile} {
		data, err := archive.ReadRecordFile(fsys, name)
		if name == OrganisationsFile && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("reading the authority file: %w", err))
			continue
		}
		rs, fileErrs := parseFile(name, data)
		records = append(records, rs...)
		errs = append(errs, fileErrs...)
	}
	seen := map[string]*sourced{}
	for _, r := range records {
		if prev, dup := seen[r.ID]; dup {
			errs = append(errs, &Error{File: r.file, Line: r.line, Message: fmt.Sprintf("ID %q is already used by the %s record at %s:%d", r.ID, prev.Kind, prev.file, prev.line)})
			continue
		}
		seen[r.ID] = r
	}
	glossary, gErrs := loadGlossary(fsys)
	errs = append(errs, gErrs...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := make([]*Record, len(records))
	for i, r := range records {
		out[i] = r.Record
	}
	a, err := newAuthority(out)
	if err != nil {
		return nil, err
	}
	a.glossary = glossary
	a.problems = conflicts(records)
	return a, nil
}

// sourced is a record with where it was read, for error messages.
type sourced struct {
	*Record
	file string
	line int
}

// The shapes of the two files. Pointers tell a missing number from zero.
type (
	peopleFile struct {
		Person []entry `toml:"person"`
	}
	placesFile struct {
		Place []entry `toml:"place"`
	}
	organisationsFile struct {
		Organisation []entry `toml:"organisation"`
	}
	entry struct {
		ID          string         `toml:"id"`
		Name        string         `toml:"name"`
		FullName    string         `toml:"full_name"`
		Forenames   []string       `toml:"forenames"`
		Patronymics []string       `toml:"patronymics"`
		Born        *int           `toml:"born"`
		Died        *int           `toml:"died"`
		Kind        string         `toml:"kind"`
		Lat         *float64       `toml:"lat"`
		Lon         *float64       `toml:"lon"`
		Description string         `toml:"description"`
		Source      string         `toml:"source"`
		Sort        string         `toml:"sort"`
		Variants    []variantEntry `toml:"variants"`
		NotIn       []string       `toml:"not_in"`
	}
	variantEntry struct {
		Form string `toml:"form"`
		Note string `toml:"note"`
	}
)

// parseFile decodes and checks one authority file.
func parseFile(name string, data []byte) ([]*sourced, []error) {
	kind, table := KindPerson, "person"
	var entries []entry
	var md toml.MetaData
	var err error
	switch name {
	case PlacesFile:
		kind, table = KindPlace, "place"
		var f placesFile
		md, err = toml.Decode(string(data), &f)
		entries = f.Place
	case OrganisationsFile:
		kind, table = KindOrganisation, "organisation"
		var f organisationsFile
		md, err = toml.Decode(string(data), &f)
		entries = f.Organisation
	default:
		var f peopleFile
		md, err = toml.Decode(string(data), &f)
		entries = f.Person
	}
	if err != nil {
		return nil, []error{decodeError(name, data, err)}
	}
	lines := recordfile.Split(data)
	var errs []error
	errs = append(errs, undecoded(name, lines, md)...)
	starts := lines.Tables(table)
	var out []*sourced
	for i, e := range entries {
		line := 0
		if i < len(starts) {
			line = starts[i]
		}
		r, recErrs := check(name, lines, line, kind, e)
		errs = append(errs, recErrs...)
		if r != nil {
			out = append(out, &sourced{Record: r, file: name, line: line})
		}
	}
	return out, errs
}

// reDecodeLine finds the line number that BurntSushi/toml writes into the
// text of a type error ("toml: line 5 (last key ...): ..."), which, unlike a
// syntax error, does not come as a ParseError.
var reDecodeLine = regexp.MustCompile(`^toml: line (\d+) (\(last key "[^"]*"\)): (.*)$`)

func decodeError(name string, data []byte, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		line := pe.Position.Line
		// The lexer counts the line after an error that ends at a line
		// break; the offset says where it starts.
		if s := pe.Position.Start; s > 0 && s <= len(data) {
			line = 1 + strings.Count(string(data[:s]), "\n")
		}
		return &Error{File: name, Line: line, Message: pe.Message}
	}
	if m := reDecodeLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: n, Message: m[3] + " " + m[2]}
	}
	return &Error{File: name, Message: strings.TrimPrefix(err.Error(), "toml: ")}
}

// undecoded reports the keys of the file that no field takes: a misspelt key
// would otherwise be dropped without a word.
func undecoded(name string, lines recordfile.Lines, md toml.MetaData) []error {
	var errs []error
	reported := map[string]bool{}
	next := map[string]int{} // per key, where to look for its next occurrence
	for _, k := range md.Undecoded() {
		// Below an unknown table every key is unknown; report the table.
		if len(k) > 1 && reported[toml.Key(k[:len(k)-1]).String()] {
			continue
		}
		reported[k.String()] = true
		last := k[len(k)-1]
		line := lines.Key(last, next[k.String()], 0)
		next[k.String()] = line
		errs = append(errs, &Error{File: name, Line: line, Message: fmt.Sprintf("unknown key %q", k.String())})
	}
	return errs
}

var reID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// entryCheck collects the problems of one table of a curator's file, each
// at its own line or, given 0, at the table's.
type entryCheck struct {
	file string
	line int
	errs *[]error
}

func (c entryCheck) fail(at int, format string, args ...any) {
	if at == 0 {
		at = c.line
	}
	*c.errs = append(*c.errs, &Error{File: c.file, Line: at, Message: fmt.Sprintf(format, args...)})
}

// id checks an entry's id, and returns how other problems name the entry:
// by its id, or as "a record" (what) when it has none.
func (c entryCheck) id(id, what string) (label string) {
	switch {
	case id == "":
		c.fail(0, "%s has no id", what)
		return "a " + what
	case !reID.MatchString(id):
		c.fail(0, "id %q is not a lowercase slug (letters, digits and single hyphens)", id)
	}
	return id
}

// check turns one entry into a record, or says what is wrong with it.
func check(file string, lines []string, line int, kind string, e entry) (*Record, []error) {
	var errs []error
	ec := entryCheck{file: file, line: line, errs: &errs}
	fail := ec.fail
	label := ec.id(e.ID, "record")
	switch {
	case strings.TrimSpace(e.Name) == "":
		fail(0, "%s has no name", label)
	case scriptOf(fold(e.Name)) != ScriptLatin:
		fail(0, "%s: name %q is not in Latin letters (other scripts go in variants)", label, e.Name)
	}
	if e.FullName != "" && scriptOf(fold(e.FullName)) != ScriptLatin {
		fail(0, "%s: full_name %q is not in Latin letters", label, e.FullName)
	}
	r := &Record{
		ID: e.ID, Kind: kind, Name: strings.TrimSpace(e.Name), FullName: strings.TrimSpace(e.FullName),
		Description: strings.TrimSpace(e.Description), Source: strings.TrimSpace(e.Source),
		SortKey: strings.TrimSpace(e.Sort),
	}
	if kind != KindPerson && len(e.Forenames)+len(e.Patronymics) > 0 {
		fail(0, "%s: forenames and patronymics are for people", label)
	}
	for _, list := range [][]string{e.Forenames, e.Patronymics} {
		for _, n := range list {
			n = strings.TrimSpace(n)
			switch sc := scriptOf(fold(n)); {
			case n == "":
				fail(formLine(lines, line, n), "%s: empty forename or patronymic", label)
			case sc != ScriptLatin && sc != ScriptCyrillic && sc != ScriptArabic:
				fail(formLine(lines, line, n), "%s: forename or patronymic %q must be all Latin, all Cyrillic or all Persian letters", label, n)
			}
		}
	}
	r.Forenames, r.Patronymics = trimAll(e.Forenames), trimAll(e.Patronymics)
	switch kind {
	case KindOrganisation:
		if e.Born != nil || e.Died != nil || e.Lat != nil || e.Lon != nil {
			fail(0, "%s: born, died, lat and lon are not for organisations", label)
		}
		r.OrgKind = strings.TrimSpace(e.Kind)
		if !slices.Contains(orgKinds, r.OrgKind) {
			fail(0, "%s: kind %q is not one of %s", label, r.OrgKind, strings.Join(orgKinds, ", "))
		}
	case KindPerson:
		// Places do not take these keys; people do not take the others.
		if e.Kind != "" || e.Lat != nil || e.Lon != nil {
			fail(0, "%s: kind, lat and lon are for places", label)
		}
		r.Born, r.Died = year(e.Born), year(e.Died)
		for _, y := range []int{r.Born, r.Died} {
			if y != 0 && (y < 1000 || y > 2100) {
				fail(0, "%s: %d is not a plausible year", label, y)
			}
		}
		if r.Born != 0 && r.Died != 0 && r.Died < r.Born {
			fail(0, "%s: died (%d) before born (%d)", label, r.Died, r.Born)
		}
	default:
		if e.Born != nil || e.Died != nil || e.FullName != "" {
			fail(0, "%s: full_name, born and died are for people", label)
		}
		r.PlaceKind = strings.TrimSpace(e.Kind)
		if !knownPlaceKind(r.PlaceKind) {
			fail(0, "%s: kind %q is not one of %s", label, r.PlaceKind, strings.Join(placeKinds, ", "))
		}
		switch {
		case e.Lat != nil && e.Lon != nil:
			r.Lat, r.Lon, r.located = *e.Lat, *e.Lon, true
			if math.Abs(r.Lat) > 90 || math.Abs(r.Lon) > 180 {
				fail(0, "%s: coordinates %g, %g are off the globe", label, r.Lat, r.Lon)
			}
		case e.Lat != nil || e.Lon != nil:
			fail(0, "%s: give both lat and lon, or neither", label)
		}
	}
	seen := map[string]bool{key(r.Name): true, key(r.FullName): true}
	for _, v := range e.Variants {
		at := formLine(lines, line, v.Form)
		form := strings.TrimSpace(v.Form)
		// Not key(form): that reads Latin look-alikes in a Cyrillic word
		// as Cyrillic, which is right for a text and wrong for the data.
		script := scriptOf(fold(form))
		switch {
		case form == "":
			fail(at, "%s: variant with no form", label)
			continue
		case script != ScriptLatin && script != ScriptCyrillic && script != ScriptArabic:
			fail(at, "%s: variant %q must be all Latin, all Cyrillic or all Persian letters", label, form)
			continue
		case seen[key(form)]:
			fail(at, "%s: variant %q repeats the name or another variant", label, form)
			continue
		case ordinaryForm(form):
			fail(at, "%s: variant %q is an ordinary word, which the texts use everywhere; give the name as the documents write it", label, form)
			continue
		}
		seen[key(form)] = true
		r.Variants = append(r.Variants, Variant{Form: form, Script: script, Note: strings.TrimSpace(v.Note)})
	}
	for _, phrase := range e.NotIn {
		phrase = strings.TrimSpace(phrase)
		if !containsForm(r, phrase) {
			fail(formLine(lines, line, phrase), "%s: not_in phrase %q contains none of the record's forms", label, phrase)
			continue
		}
		r.NotIn = append(r.NotIn, phrase)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return r, nil
}

func trimAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func year(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func knownPlaceKind(k string) bool {
	for _, known := range placeKinds {
		if k == known {
			return true
		}
	}
	return false
}

// formLine returns the line, at or after a record's first line, that holds
// the quoted form, or 0.
func formLine(lines []string, from int, form string) int {
	if form == "" || from == 0 {
		return 0
	}
	quoted := strconv.Quote(form)
	for i := from - 1; i < len(lines); i++ {
		if strings.Contains(lines[i], quoted) || strings.Contains(lines[i], `"`+form+`"`) {
			return i + 1
		}
	}
	return 0
}

// containsForm reports whether some form of r occurs, as whole words, in
// phrase: a NotIn phrase that does not contain one cancels nothing and is a
// mistake.
func containsForm(r *Record, phrase string) bool {
	m, err := newMatcher([]*Record{{ID: r.ID, Kind: r.Kind, Name: r.Name, FullName: r.FullName, Variants: r.Variants}})
	if err != nil {
		return false
	}
	hits, _ := m.find(phrase, tokenize(phrase), nil)
	return len(hits) > 0
}

// functionWords are short words that are never a name on their own, beside
// stopWords: articles, prepositions, conjunctions, in English and Russian.
var functionWords = stopSet([]string{
	"a", "an", "i", "of", "in", "on", "at", "to", "by", "as", "is", "it", "be", "or", "no", "so", "we", "he", "she", "was", "were", "are", "has", "had", "have", "will", "shall", "would", "should", "may", "can",
	"и", "в", "во", "на", "с", "со", "к", "ко", "о", "об", "у", "по", "за", "из", "не", "но", "а", "же", "ли", "бы", "он", "она", "они", "мы", "вы", "я", "от", "до", "для", "при",
}, nil)

// ordinaryForm reports whether a form is made of ordinary words only (function
// words, months, titles: stopWords), which would be found all through the
// texts: "the", "a", "General", "the Secretary".
func ordinaryForm(form string) bool {
	toks := tokenize(form)
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if !stopWords[t.norm] && !functionWords[t.norm] {
			return false
		}
	}
	return true
}

// conflicts reports, as problems at the later record's line, every form
// that two records claim (compared as Conflicts compares them): a mention in
// that form goes to the first record by name, which is seldom what the
// curator meant.
func conflicts(records []*sourced) []Error {
	first := map[string]*sourced{}
	var out []Error
	for _, r := range records {
		for _, f := range r.forms() {
			k := key(f)
			prev, ok := first[k]
			if !ok {
				first[k] = r
				continue
			}
			if prev.ID == r.ID {
				continue
			}
			out = append(out, Error{File: r.file, Line: r.line, Message: fmt.Sprintf("%s: the form %q is also a form of %s (%s:%d); a mention in it goes to the first by name, so make the forms distinct", r.ID, f, prev.ID, prev.file, prev.line)})
		}
	}
	return out
}
