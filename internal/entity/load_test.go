package entity

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadShipped(t *testing.T) {
	a, _ := loadShipped(t)
	people, places := a.People(), a.Places()
	if len(people) < 30 || len(places) < 35 {
		t.Errorf("%d people and %d places; the shipped files hold more", len(people), len(places))
	}
	orgs := a.Organisations()
	if len(orgs) < 20 {
		t.Errorf("%d organisations; the shipped file holds more", len(orgs))
	}
	if len(people)+len(places)+len(orgs) != len(a.Records()) {
		t.Errorf("people, places and organisations do not add up to the records")
	}
	for _, r := range orgs {
		if r.Kind != KindOrganisation || r.OrgKind == "" || r.Description == "" || r.Source == "" {
			t.Errorf("organisation %s: kind %q, org kind %q, description %q, source %q", r.ID, r.Kind, r.OrgKind, r.Description, r.Source)
		}
	}
	for _, rs := range [][]*Record{a.Records(), people, places} {
		if !slices.IsSortedFunc(rs, func(x, y *Record) int {
			return strings.Compare(strings.ToLower(x.SortName()), strings.ToLower(y.SortName()))
		}) {
			t.Errorf("records are not sorted by name (a sort key where they have one)")
		}
	}
	for _, r := range people {
		if r.Kind != KindPerson || r.Description == "" || r.Source == "" {
			t.Errorf("person %s: kind %q, description %q, source %q", r.ID, r.Kind, r.Description, r.Source)
		}
	}
	for _, r := range places {
		if r.Kind != KindPlace || r.PlaceKind == "" {
			t.Errorf("place %s: kind %q, place kind %q", r.ID, r.Kind, r.PlaceKind)
		}
		settlement := r.PlaceKind == "city" || r.PlaceKind == "town"
		if settlement != r.HasCoordinates() {
			t.Errorf("place %s (%s): has coordinates %v", r.ID, r.PlaceKind, r.HasCoordinates())
		}
	}
	if got := a.Conflicts(); len(got) > 0 {
		t.Errorf("the shipped records conflict: %q", got)
	}

	r, ok := a.Get("pishevari")
	if !ok {
		t.Fatal("Get(pishevari) found nothing")
	}
	if r.Name != "Pishevari" || r.Born != 1892 || r.Died != 1947 || r.Lifespan() != "1892–1947" {
		t.Errorf("pishevari = %q %d-%d %q", r.Name, r.Born, r.Died, r.Lifespan())
	}
	want := []Variant{
		{Form: "Pishevvari", Script: ScriptLatin, Note: "misspelling of the translation (2 December 1946)"},
		{Form: "Пишевари", Script: ScriptCyrillic},
		{Form: "Пашевери", Script: ScriptCyrillic, Note: "OCR slip (2 December 1946)"},
		{Form: "پیشه\u200cوری", Script: ScriptArabic, Note: "Persian spelling"},
		{Form: "Seyid Cəfər Pişəvəri", Script: ScriptLatin, Note: "Azerbaijani spelling of the full name"},
	}
	if !slices.Equal(r.Variants, want) {
		t.Errorf("pishevari variants = %+v", r.Variants)
	}
	if !slices.Equal(r.Forenames, []string{"Seyyed Ja'far", "Jafar", "Джафар", "Cəfər", "جعفر"}) {
		t.Errorf("pishevari forenames = %q", r.Forenames)
	}
	tabriz, _ := a.Get("tabriz")
	if tabriz.Lat != 38.08 || tabriz.Lon != 46.29 || tabriz.PlaceKind != "city" {
		t.Errorf("tabriz = %+v", tabriz)
	}
	if q, _ := a.Get("qavam"); q.Lifespan() != "d. 1955" {
		t.Errorf("qavam lifespan = %q", q.Lifespan())
	}
	if _, ok := a.Get("hasanli"); ok {
		t.Error("the archivist is a credit, not a subject")
	}
}

// minimal is a valid pair of authority files to break one piece at a time.
var minimal = map[string]string{
	"people.toml": `[[person]]
id = "qavam"
name = "Qavam"
description = "Prime Minister of Iran."
source = "Test."
variants = [ { form = "Кавам" } ]
`,
	"places.toml": `[[place]]
id = "tabriz"
name = "Tabriz"
kind = "city"
lat = 38.08
lon = 46.29
variants = [ { form = "Тавриз" } ]
`,
}

func authorityFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range minimal {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	for name, text := range files {
		if text == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestLoadMinimal(t *testing.T) {
	a, err := Load(authorityFS(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := found(a, "Каваму из Тавриза"); !slices.Equal(got, []string{"qavam:Каваму", "tabriz:Тавриза"}) {
		t.Errorf("Find = %q", got)
	}
}

// TestLoadErrors breaks the files in the ways a curator might, and checks
// that each mistake is reported with its file and line.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		file  string
		line  int
		msg   string // part of the message
	}{
		{"syntax error", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\nsource = \"x\"\n"},
			"people.toml", 3, "strings cannot contain newlines"},
		{"unclosed table", map[string]string{"places.toml": "\n\n[[place]\nid = \"x\"\n"},
			"places.toml", 3, "end of table array name"},
		{"wrong type", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nborn = \"1873\"\n"},
			"people.toml", 4, "incompatible types"},
		{"unknown key", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nnickname = \"Q\"\n"},
			"people.toml", 4, `unknown key "person.nickname"`},
		{"unknown variant key", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nvariants = [\n  { form = \"Кавам\" },\n  { form = \"Кавем\", script = \"Cyrillic\" },\n]\n"},
			"people.toml", 6, `unknown key "person.variants.script"`},
		{"unknown table", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\n\n[[place]]\nid = \"tabriz\"\n"},
			"people.toml", 5, `unknown key "place"`},
		{"duplicate id across files", map[string]string{"people.toml": "[[person]]\nid = \"tabriz\"\nname = \"Tabriz\"\n"},
			"places.toml", 1, `ID "tabriz" is already used by the person record at people.toml:1`},
		{"bad id", map[string]string{"people.toml": "# people\n\n[[person]]\nid = \"Qavam Saltaneh\"\nname = \"Qavam\"\n"},
			"people.toml", 3, "not a lowercase slug"},
		{"no name", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\n"},
			"people.toml", 1, "has no name"},
		{"Cyrillic name", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Кавам\"\n"},
			"people.toml", 1, "not in Latin letters"},
		{"died before born", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nborn = 1955\ndied = 1873\n"},
			"people.toml", 1, "died (1873) before born (1955)"},
		{"unknown place kind", map[string]string{"places.toml": "[[place]]\nid = \"tabriz\"\nname = \"Tabriz\"\nkind = \"metropolis\"\n"},
			"places.toml", 1, `kind "metropolis" is not one of`},
		{"lat without lon", map[string]string{"places.toml": "[[place]]\nid = \"tabriz\"\nname = \"Tabriz\"\nkind = \"city\"\nlat = 38.08\n"},
			"places.toml", 1, "both lat and lon"},
		{"off the globe", map[string]string{"places.toml": "[[place]]\nid = \"tabriz\"\nname = \"Tabriz\"\nkind = \"city\"\nlat = 138.08\nlon = 46.29\n"},
			"places.toml", 1, "off the globe"},
		{"place key on a person", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nkind = \"city\"\n"},
			"people.toml", 1, "are for places"},
		{"mixed script variant", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\n\nvariants = [\n  { form = \"Kавам\" },\n]\n"},
			"people.toml", 6, "all Latin, all Cyrillic or all Persian"},
		{"repeated variant", map[string]string{"people.toml": "[[person]]\nid = \"qavam\"\nname = \"Qavam\"\nvariants = [ { form = \"QAVAM\" } ]\n"},
			"people.toml", 4, "repeats the name"},
		{"pointless not_in", map[string]string{"places.toml": "[[place]]\nid = \"tabriz\"\nname = \"Tabriz\"\nkind = \"city\"\nnot_in = [\"Tabrizi family\"]\n"},
			"places.toml", 5, "contains none of the record's forms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(authorityFS(tt.files))
			if err == nil {
				t.Fatal("Load succeeded")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if e.File != tt.file || e.Line != tt.line || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("got %s:%d %q, want %s:%d containing %q", e.File, e.Line, e.Message, tt.file, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), e.File+":") {
				t.Errorf("error %q does not start with the file name", err)
			}
		})
	}
}

// TestLoadReportsAll checks that Load reports every problem at once, so that
// the curator can fix them in one pass.
func TestLoadReportsAll(t *testing.T) {
	_, err := Load(authorityFS(map[string]string{
		"people.toml": "[[person]]\nid = \"a\"\n\n[[person]]\nid = \"b\"\nname = \"B\"\nborn = 3000\n",
	}))
	if err == nil {
		t.Fatal("Load succeeded")
	}
	for _, want := range []string{"people.toml:1: a has no name", "people.toml:4: b: 3000 is not a plausible year"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(authorityFS(map[string]string{"places.toml": ""}))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
}

func TestConflicts(t *testing.T) {
	a, err := Load(authorityFS(map[string]string{
		"people.toml": `[[person]]
id = "mohammad-reza-pahlavi"
name = "Mohammad Reza Shah"
full_name = "Mohammad Reza Pahlavi"
variants = [ { form = "Shah" }, { form = "Пехлеви" } ]

[[person]]
id = "reza-shah"
name = "Reza Shah"
variants = [ { form = "SHAH" }, { form = "Пехлеви" } ]
`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`"Shah" is a form of mohammad-reza-pahlavi, reza-shah`,
		`"Пехлеви" is a form of mohammad-reza-pahlavi, reza-shah`,
	}
	if got := a.Conflicts(); !slices.Equal(got, want) {
		t.Errorf("Conflicts:\n got %q\nwant %q", got, want)
	}
	// The mention goes to the first by name, deterministically.
	if got := found(a, "the Shah"); !slices.Equal(got, []string{"mohammad-reza-pahlavi:Shah"}) {
		t.Errorf("Find = %q", got)
	}
}

// Organisations are optional, checked like the others, and kept apart
// from places.
func TestLoadOrganisations(t *testing.T) {
	a, err := Load(authorityFS(nil))
	if err != nil || len(a.Organisations()) != 0 {
		t.Fatalf("without organisations.toml: %v, %d organisations", err, len(a.Organisations()))
	}
	a, err = Load(authorityFS(map[string]string{OrganisationsFile: `
[[organisation]]
id = "milli-majlis"
name = "Milli Majlis"
kind = "assembly"
variants = [{ form = "Милли меджлис" }, { form = "مجلس ملی" }]
`}))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := a.Get("milli-majlis"); !ok || r.Kind != KindOrganisation || r.OrgKind != "assembly" || len(a.Organisations()) != 1 {
		t.Errorf("milli-majlis = %+v", r)
	}
	if got := IDs(a.Find("Милли меджлиса в Тавризе")); !slices.Equal(got, []string{"milli-majlis", "tabriz"}) {
		t.Errorf("mentions %v", got)
	}
	_, err = Load(authorityFS(map[string]string{OrganisationsFile: `
[[organisation]]
id = "x"
name = "X Party"
kind = "club"
born = 1920

[[organisation]]
id = "tabriz"
name = "Tabriz Committee"
kind = "party committee"

[[organisation]]
id = "y"
name = "Y Committee"
kind = "party committee"
forenames = ["Ivan"]
`}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`organisations.toml:2: x: born, died, lat and lon are not for organisations`,
		`organisations.toml:2: x: kind "club" is not one of party`,
		`organisations.toml:13: y: forenames and patronymics are for people`,
		`organisations.toml:8: ID "tabriz" is already used by the place record at places.toml`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
