package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/nickng/bibtex"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The tests in this file parse what the package produces with a parser of
// the format and check the values that come back, for every shipped
// document and for a document full of characters that need escaping.
//
// bibtex.Parse keeps its state in package variables, so none of these
// tests may run in parallel.

// everyDoc returns the shipped documents and the ugly one.
func everyDoc(t *testing.T) []*archive.Document {
	t.Helper()
	return append(shipped(t).Docs, uglyDoc())
}

// docCtx is a document's context as the site gives it, access date
// included: the shipped documents with their senders and recipients, the
// ugly one with a body and a person in Cyrillic with TeX's specials.
func docCtx(t *testing.T, d *archive.Document) Context {
	t.Helper()
	c := ctxFor(d, "")
	if d.ID == uglyDoc().ID {
		c.Senders = []Agent{{Literal: "Committee of {A} & B, Ltd"}, {Given: "Сергей", Family: "Радченко"}}
		c.Recipients = []Agent{{Given: "A. B.", Family: "Example"}}
		return c
	}
	sc := shippedContext(t, d)
	c.Senders, c.Recipients, c.Sic = sc.Senders, sc.Recipients, sc.Sic
	return c
}

// untex undoes the escaping texEscape does, to compare a parsed value with
// the document's text.
var untex = strings.NewReplacer(
	`\textbackslash{}`, `\`,
	`\textbraceleft{}`, `{`,
	`\textbraceright{}`, `}`,
	`\#`, `#`, `\$`, `$`, `\%`, `%`, `\&`, `&`, `\_`, `_`,
	`\textasciitilde{}`, `~`,
	`\textasciicircum{}`, `^`,
)

func TestBibTeXParses(t *testing.T) {
	for _, d := range everyDoc(t) {
		t.Run(d.ID, func(t *testing.T) {
			c := docCtx(t, d)
			out := BibTeX(d, c)
			bib, err := bibtex.Parse(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if len(bib.Entries) != 1 {
				t.Fatalf("%d entries, want 1", len(bib.Entries))
			}
			e := bib.Entries[0]
			if e.Type != "misc" || e.CiteName != Key(d) {
				t.Errorf("@%s{%s, want @misc{%s", e.Type, e.CiteName, Key(d))
			}
			field := func(name string) string {
				if v, ok := e.Fields[name]; ok {
					return v.String()
				}
				return ""
			}
			// The title is braced twice to keep its case; inside, it is the
			// document's title, unchanged once the escapes are undone.
			title := field("title")
			if !strings.HasPrefix(title, "{") || !strings.HasSuffix(title, "}") {
				t.Errorf("title %q is not case-protected", title)
			}
			if got := untex.Replace(strings.TrimSuffix(strings.TrimPrefix(title, "{"), "}")); got != d.Title {
				t.Errorf("title = %q, want %q", got, d.Title)
			}
			if got := untex.Replace(field("abstract")); got != strings.Join(strings.Fields(d.Summary), " ") {
				t.Errorf("abstract = %q", got)
			}
			if got, want := field("year"), fmt.Sprint(d.Date.Year); got != want {
				t.Errorf("year = %q, want %q", got, want)
			}
			if got, want := field("date"), d.Date.ISO(); got != want {
				t.Errorf("date = %q, want %q", got, want)
			}
			// month is the standard macro, which the parser expands.
			if got, want := field("month"), fmt.Sprint(time_Month(d.Date.Month)); got != want {
				t.Errorf("month = %q, want %q", got, want)
			}
			if got := field("url"); got != c.PageURL {
				t.Errorf("url = %q, want %q", got, c.PageURL)
			}
			if got := field("urldate"); got != "2025-05-01" {
				t.Errorf("urldate = %q", got)
			}
			if got := field("howpublished"); got != "Wilson Center Digital Archive" {
				t.Errorf("howpublished = %q", got)
			}
			note := untex.Replace(field("note"))
			if !d.Reference.IsZero() && !strings.Contains(note, location(d.Reference)) {
				t.Errorf("note %q lacks the archival reference", note)
			}
			if d.RecordID != "" && !strings.Contains(note, "record "+d.RecordID) {
				t.Errorf("note %q lacks the record", note)
			}
			var want []string
			for _, n := range translators(d) {
				given, family := splitName(n)
				want = append(want, family+", "+given)
			}
			if got := field("translator"); got != strings.Join(want, " and ") {
				t.Errorf("translator = %q, want %q", got, strings.Join(want, " and "))
			}
			if got := field("language"); got != "english" {
				t.Errorf("language = %q", got)
			}
			// The senders are the authors, as BibTeX splits them: a body
			// braced whole, a person family name first.
			var authors []string
			for _, a := range c.Senders {
				if a.Literal != "" {
					authors = append(authors, "{"+a.Literal+"}")
				} else {
					authors = append(authors, a.Family+", "+a.Given)
				}
			}
			if got := untex.Replace(field("author")); got != strings.Join(authors, " and ") {
				t.Errorf("author = %q, want %q", got, strings.Join(authors, " and "))
			}
			if len(c.Recipients) > 0 && !strings.Contains(note, "To "+c.Recipients[0].Natural()) {
				t.Errorf("note %q does not name the recipients", note)
			}
		})
	}
}

// time_Month names a month as the parser expands its macro, "" for none.
func time_Month(m int) string {
	if m == 0 {
		return ""
	}
	return []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}[m-1]
}

// risRecord is a parsed RIS record: each tag's values in order.
type risRecord map[string][]string

var risLine = regexp.MustCompile(`^([A-Z][A-Z0-9])  - (.*)$`)

// parseRIS reads RIS strictly by the specification, as no maintained Go
// RIS library exists: every line ends in CRLF and is "TG  - value"; a
// record starts with TY and ends with an "ER  - " line; only blank lines
// may stand between records.
func parseRIS(data []byte) ([]risRecord, error) {
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		return nil, fmt.Errorf("the file does not end in CRLF")
	}
	var recs []risRecord
	var cur risRecord
	for i, line := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF", i+1)
		}
		if line == "" && cur == nil {
			continue
		}
		m := risLine.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("line %d: %q is not a tag line", i+1, line)
		}
		tag, value := m[1], m[2]
		switch {
		case cur == nil && tag != "TY":
			return nil, fmt.Errorf("line %d: record starts with %s, not TY", i+1, tag)
		case cur == nil:
			cur = risRecord{}
		case tag == "TY":
			return nil, fmt.Errorf("line %d: TY inside a record", i+1)
		case tag == "ER":
			if value != "" {
				return nil, fmt.Errorf("line %d: ER with a value", i+1)
			}
			recs = append(recs, cur)
			cur = nil
			continue
		}
		if strings.TrimSpace(value) == "" {
			return nil, fmt.Errorf("line %d: %s without a value", i+1, tag)
		}
		cur[tag] = append(cur[tag], value)
	}
	if cur != nil {
		return nil, fmt.Errorf("the last record has no ER")
	}
	return recs, nil
}

func TestRISParses(t *testing.T) {
	for _, d := range everyDoc(t) {
		t.Run(d.ID, func(t *testing.T) {
			c := docCtx(t, d)
			out := RIS(d, c)
			recs, err := parseRIS(out)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if len(recs) != 1 {
				t.Fatalf("%d records, want 1", len(recs))
			}
			r := recs[0]
			one := func(tag, want string) {
				t.Helper()
				if got := r[tag]; len(got) != 1 || got[0] != want {
					t.Errorf("%s = %q, want [%q]", tag, got, want)
				}
			}
			one("TY", "MANSCPT")
			one("TI", strings.Join(strings.Fields(d.Title), " "))
			one("AB", strings.Join(strings.Fields(d.Summary), " "))
			one("DA", risDate(d.Date))
			one("PY", fmt.Sprint(d.Date.Year))
			one("LA", "en")
			one("UR", c.PageURL)
			one("DP", "Wilson Center Digital Archive")
			one("Y2", "2025/05/01/")
			if !d.Reference.IsZero() {
				one("AN", location(d.Reference))
				one("DB", archiveName(d.Reference))
			}
			var want []string
			for _, n := range translators(d) {
				given, family := splitName(n)
				want = append(want, family+", "+given)
			}
			if got := r["A4"]; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("A4 = %q, want %q", got, want)
			}
			var authors []string
			for _, a := range c.Senders {
				authors = append(authors, a.inverted())
			}
			if got := r["AU"]; strings.Join(got, "|") != strings.Join(authors, "|") {
				t.Errorf("AU = %q, want %q", got, authors)
			}
			for tag := range r {
				if !strings.Contains("TY TI AU A4 AB DA PY LA M3 UR AN DB DP Y2 N1", tag) {
					t.Errorf("unexpected tag %s", tag)
				}
			}
		})
	}
}

func TestRISCannotBeInjected(t *testing.T) {
	// The ugly summary holds "\r\nER  - \r\nTY  - JOUR": put on one line, with
	// its white space collapsed, it is text, not a second record.
	recs, err := parseRIS(RIS(uglyDoc(), ctxFor(uglyDoc(), "")))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || !strings.Contains(recs[0]["AB"][0], "aid. ER - TY - JOUR A summary") {
		t.Errorf("records %v", recs)
	}
}

func compileCSLSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	sch, err := jsonschema.NewCompiler().Compile("testdata/csl-data.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestCSLJSONValid(t *testing.T) {
	sch := compileCSLSchema(t)
	for _, d := range everyDoc(t) {
		t.Run(d.ID, func(t *testing.T) {
			c := docCtx(t, d)
			out := CSLJSON(d, c)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if err := sch.Validate(inst); err != nil {
				t.Fatalf("not valid CSL-JSON: %v\n%s", err, out)
			}
			var items []map[string]any
			if err := json.Unmarshal(out, &items); err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 {
				t.Fatalf("%d items, want 1", len(items))
			}
			it := items[0]
			str := func(key, want string) {
				t.Helper()
				if got, _ := it[key].(string); got != want {
					t.Errorf("%s = %q, want %q", key, got, want)
				}
			}
			str("id", d.ID)
			str("type", map[bool]string{true: "personal_communication", false: "manuscript"}[len(c.Senders)+len(c.Recipients) > 0])
			str("title", d.Title)
			str("abstract", strings.Join(strings.Fields(d.Summary), " "))
			str("language", "en")
			str("URL", c.PageURL)
			str("source", "Wilson Center Digital Archive")
			str("genre", strings.ToLower(genre(d.Title)))
			if !d.Reference.IsZero() {
				str("archive", archiveName(d.Reference))
				str("archive_location", location(d.Reference))
			}
			issued := it["issued"].(map[string]any)["date-parts"].([]any)[0].([]any)
			if want := int(d.Date.Precision); len(issued) != want {
				t.Errorf("issued has %d parts, want %d for %s precision", len(issued), want, d.Date.Precision)
			}
			if got := fmt.Sprint(it["accessed"]); got != "map[date-parts:[[2025 5 1]]]" {
				t.Errorf("accessed = %s", got)
			}
			var names []string
			for _, n := range translators(d) {
				given, family := splitName(n)
				names = append(names, fmt.Sprintf("map[family:%s given:%s]", family, given))
			}
			if got, _ := it["translator"].([]any); fmt.Sprint(got) != "["+strings.Join(names, " ")+"]" && len(names) > 0 {
				t.Errorf("translator = %v, want %v", got, names)
			}
		})
	}
}

func TestCSLSchemaRejects(t *testing.T) {
	// The schema must be doing its work: a CSL-JSON item it should refuse.
	sch := compileCSLSchema(t)
	for _, bad := range []string{
		`[{"id": "x", "type": "archival-document"}]`,
		`[{"id": "x", "type": "manuscript", "issued": {"date-parts": [[1946, 12, 2, 1]]}}]`,
		`[{"id": "x", "type": "manuscript", "translator": "Gary Goldberg"}]`,
		`[{"type": "manuscript"}]`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(inst) == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
}

func TestJSONLD(t *testing.T) {
	for _, d := range everyDoc(t) {
		t.Run(d.ID, func(t *testing.T) {
			c := docCtx(t, d)
			out := JSONLD(d, c)
			// Safe inside <script>: nothing can close the element or open a
			// comment, and no raw line separators.
			if bytes.ContainsAny(out, "<>&\n") || bytes.Contains(out, []byte("\u2028")) {
				t.Errorf("JSON-LD is not safe to embed: %s", out)
			}
			var ld map[string]any
			if err := json.Unmarshal(out, &ld); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			str := func(v any, want string) {
				t.Helper()
				if got, _ := v.(string); got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			}
			str(ld["@context"], "https://schema.org")
			if wantType := "ArchiveComponent"; len(c.Senders)+len(c.Recipients) > 0 {
				if got := fmt.Sprint(ld["@type"]); got != "[ArchiveComponent Message]" {
					t.Errorf("@type = %s, want ArchiveComponent and Message", got)
				}
				var names []string
				authors, _ := ld["author"].([]any)
				for _, a := range authors {
					names = append(names, a.(map[string]any)["name"].(string))
				}
				if strings.Join(names, "|") != strings.Join(naturals(c.Senders), "|") {
					t.Errorf("author = %q, want %q", names, naturals(c.Senders))
				}
				if got, _ := ld["recipient"].([]any); len(got) != len(c.Recipients) {
					t.Errorf("%d recipients, want %d", len(got), len(c.Recipients))
				}
			} else {
				str(ld["@type"], wantType)
			}
			str(ld["name"], d.Title)
			str(ld["url"], c.PageURL)
			str(ld["dateCreated"], d.Date.ISO())
			str(ld["description"], strings.Join(strings.Fields(d.Summary), " "))
			langs := fmt.Sprint(ld["inLanguage"])
			switch {
			case d.HasOriginal() && d.HasTranslation():
				if langs != "[en ru]" {
					t.Errorf("inLanguage = %s, want [en ru]", langs)
				}
			default:
				if langs != "en" {
					t.Errorf("inLanguage = %s, want en", langs)
				}
			}
			part, _ := ld["isPartOf"].(map[string]any)
			str(part["@type"], "Collection")
			str(part["name"], "Wilson Center Digital Archive")

			ids := fmt.Sprint(ld["identifier"])
			if !d.Reference.IsZero() {
				holder, _ := ld["holdingArchive"].(map[string]any)
				str(holder["@type"], "ArchiveOrganization")
				want := archive.RepositoryName(d.Reference.Repository)
				if want == "" {
					want = d.Reference.Repository
				}
				str(holder["name"], want)
				if !strings.Contains(ids, "value:"+d.Reference.Text+"]") {
					t.Errorf("identifier %s lacks the reference", ids)
				}
			} else if _, ok := ld["holdingArchive"]; ok {
				t.Error("holdingArchive without a reference")
			}
			if d.RecordID != "" && !strings.Contains(ids, "value:"+d.RecordID) {
				t.Errorf("identifier %s lacks the record", ids)
			}
			var people []string
			list, _ := ld["translator"].([]any)
			for _, p := range list {
				people = append(people, p.(map[string]any)["name"].(string))
			}
			if strings.Join(people, "|") != strings.Join(translators(d), "|") {
				t.Errorf("translator = %q, want %q", people, translators(d))
			}
		})
	}
}

func TestHeadMeta(t *testing.T) {
	for _, d := range everyDoc(t) {
		t.Run(d.ID, func(t *testing.T) {
			c := docCtx(t, d)
			got := map[string]string{}
			var authors []string
			for _, m := range HeadMeta(d, c) {
				if m.Name == "citation_author" {
					authors = append(authors, m.Content)
				}
				if (m.Name == "") == (m.Property == "") {
					t.Errorf("%+v sets both or neither of Name and Property", m)
				}
				if m.Content == "" || strings.ContainsAny(m.Content, "\r\n") {
					t.Errorf("%+v: empty or multi-line content", m)
				}
				key := m.Name
				if m.Property != "" {
					key = "property " + m.Property
					if !strings.HasPrefix(m.Property, "og:") {
						t.Errorf("property %s is not Open Graph", m.Property)
					}
				}
				if _, dup := got[key]; dup && key != "citation_author" {
					t.Errorf("%s given twice", key)
				}
				got[key] = m.Content
			}
			var want []string
			for _, a := range c.Senders {
				if !strings.Contains(a.Literal, ",") {
					want = append(want, a.inverted())
				}
			}
			if strings.Join(authors, "|") != strings.Join(want, "|") {
				t.Errorf("citation_author = %q, want %q", authors, want)
			}
			hw := strings.ReplaceAll(d.Date.ISO(), "-", "/")
			for key, want := range map[string]string{
				"citation_title":             oneLine(d.Title),
				"citation_date":              hw,
				"citation_publication_date":  hw,
				"citation_language":          "en",
				"citation_public_url":        c.PageURL,
				"citation_abstract_html_url": c.PageURL,
				"DC.title":                   oneLine(d.Title),
				"DC.type":                    "manuscript",
				"DC.date":                    d.Date.ISO(),
				"property og:type":           "article",
				"property og:title":          oneLine(d.Title),
				"property og:url":            c.PageURL,
				"property og:site_name":      "Reading Room",
				"twitter:card":               "summary",
				"twitter:title":              oneLine(d.Title),
			} {
				if got[key] != want {
					t.Errorf("%s = %q, want %q", key, got[key], want)
				}
			}
			for _, key := range []string{"property og:description", "twitter:description"} {
				if n := len([]rune(got[key])); n == 0 || n > maxPreview {
					t.Errorf("%s has %d characters", key, n)
				}
			}
		})
	}
}

// zoteroCreators reads citation_author tags as Zotero's Embedded Metadata
// translator does (addHighwireMetadata): each tag's value split at
// semicolons; a single value split at commas only when the parts on both
// sides of the first comma hold a space (a list "A B, C D", not "Family,
// Given"); then each name "Family, Given" when it holds a comma, else the
// last word is the family name.
func zoteroCreators(values []string) [][2]string {
	var out [][2]string
	for _, v := range values {
		names := regexp.MustCompile(`\s*;\s*`).Split(v, -1)
		if len(names) == 1 {
			byComma := regexp.MustCompile(`\s*,\s*`).Split(names[0], -1)
			if len(byComma) > 1 && strings.Contains(byComma[0], " ") && strings.Contains(byComma[1], " ") {
				names = byComma
			}
		}
		for _, n := range names {
			n = strings.TrimSpace(n)
			if family, given, ok := strings.Cut(n, ","); ok {
				out = append(out, [2]string{strings.TrimSpace(family), strings.TrimSpace(given)})
				continue
			}
			f := strings.Fields(n)
			out = append(out, [2]string{f[len(f)-1], strings.Join(f[:len(f)-1], " ")})
		}
	}
	return out
}

// A document saved to Zotero from its page carries its senders as its
// creators, each split into family and given name as we split it.
func TestZoteroReadsTheSenders(t *testing.T) {
	for _, d := range everyDoc(t) {
		c := docCtx(t, d)
		var values []string
		for _, m := range HeadMeta(d, c) {
			if m.Name == "citation_author" {
				values = append(values, m.Content)
			}
		}
		var want [][2]string
		for _, a := range c.Senders {
			if strings.Contains(a.Literal, ",") {
				continue // left out: Zotero would cut it at the comma
			}
			if a.Literal != "" {
				f := strings.Fields(a.Literal)
				want = append(want, [2]string{f[len(f)-1], strings.Join(f[:len(f)-1], " ")}) // Zotero splits a body's name too
				continue
			}
			want = append(want, [2]string{a.Family, a.Given})
		}
		if got := zoteroCreators(values); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: Zotero would read the creators %q, want %q", d.ID, got, want)
		}
	}
}
