package geo

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// svgBudget is the most the map of the real places may weigh as SVG: it is
// part of a page.
const svgBudget = 150 << 10

func TestDrawRealPlaces(t *testing.T) {
	places := realPlaces(t)
	m, err := Draw(places, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("box %+v, %dx%d; %s", m.Box, m.Width, m.Height, m.Summary())

	markers := map[string]Marker{}
	for _, mk := range m.Markers {
		markers[mk.ID] = mk
		if mk.X < 0 || mk.X > float64(m.Width) || mk.Y < 0 || mk.Y > float64(m.Height) {
			t.Errorf("%s is drawn off the map at (%v, %v)", mk.ID, mk.X, mk.Y)
		}
	}
	tabriz, ok1 := markers["tabriz"]
	baku, ok2 := markers["baku"]
	if !ok1 || !ok2 {
		t.Fatalf("Tabriz or Baku is not on the map: %v", m.Markers)
	}
	if baku.X <= tabriz.X || baku.Y >= tabriz.Y {
		t.Errorf("Baku (%v, %v) should be east and north of Tabriz (%v, %v)", baku.X, baku.Y, tabriz.X, tabriz.Y)
	}
	for _, id := range []string{"tehran", "zanjan", "ardabil", "rasht"} {
		if _, ok := markers[id]; !ok {
			t.Errorf("%s is not on the map", id)
		}
	}
	if _, ok := markers["moscow"]; ok {
		t.Error("Moscow is drawn on a map of the region")
	}
	if len(m.Outside) != 1 || m.Outside[0].ID != "moscow" {
		t.Errorf("outside the map: %v, want Moscow", m.Outside)
	}
	if len(m.Markers)+len(m.Outside) != len(places) {
		t.Errorf("%d markers and %d outside, for %d places", len(m.Markers), len(m.Outside), len(places))
	}

	countries := map[string]Country{}
	for _, c := range m.Countries {
		countries[c.Name] = c
	}
	for _, name := range []string{"Iran", "Azerbaijan", "Turkey", "Armenia", "Iraq", "Turkmenistan"} {
		if _, ok := countries[name]; !ok {
			t.Errorf("%s is not on the map", name)
		}
	}
	if _, ok := countries["Egypt"]; ok {
		t.Error("Egypt is drawn, but it is far outside the view")
	}
	if c := countries["Iran"]; !insidePath(t, c.Path, pt{markers["tehran"].X, markers["tehran"].Y}) || !insidePath(t, c.Path, pt{tabriz.X, tabriz.Y}) {
		t.Error("Tehran or Tabriz is not inside Iran's path")
	}
	if c := countries["Azerbaijan"]; insidePath(t, c.Path, pt{tabriz.X, tabriz.Y}) {
		t.Error("Tabriz is inside Azerbaijan's path")
	}
	if tabriz.Country != "Iran" || tabriz.ISO != "364" || baku.Country != "Azerbaijan" {
		t.Errorf("Tabriz is in %q (%s), Baku in %q", tabriz.Country, tabriz.ISO, baku.Country)
	}

	checkLabels(t, m)
	if n := countLabeled(m); n < len(m.Markers)*3/4 {
		t.Errorf("only %d of %d markers are labelled", n, len(m.Markers))
	}
	s := renderSVG(m)
	if len(s) > svgBudget {
		t.Errorf("the SVG is %d bytes, over the budget of %d", len(s), svgBudget)
	}
	path := writeArtifact(t, "map.svg", s)
	t.Logf("wrote %s (%d bytes)", path, len(s))

	sum := m.Summary()
	for _, want := range []string{" places in Iran and the Azerbaijan SSR; largest markers: ", "Outside this map: Moscow ("} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary %q lacks %q", sum, want)
		}
	}
}

func TestDrawContext(t *testing.T) {
	m, err := Draw(realPlaces(t), Options{Box: Context})
	if err != nil {
		t.Fatal(err)
	}
	if m.Box != Context {
		t.Errorf("box %+v, want Context", m.Box)
	}
	if len(m.Outside) != 0 {
		t.Errorf("outside the wider map: %v", m.Outside)
	}
	checkLabels(t, m)
	s := renderSVG(m)
	if len(s) > svgBudget {
		t.Errorf("the SVG is %d bytes, over the budget of %d", len(s), svgBudget)
	}
	writeArtifact(t, "context.svg", s)
}

// checkLabels checks that every label is on the map and clear of the other
// labels, the graticule's labels and every marker.
func checkLabels(t *testing.T, m *Map) {
	t.Helper()
	canvas := rect{0, 0, float64(m.Width), float64(m.Height)}
	var boxes []rect
	var names []string
	for _, l := range m.Graticule {
		if l.Label == "" {
			continue
		}
		b := textBox(l.Label, l.LabelX, l.LabelY, l.Anchor, m.GraticuleFontSize)
		if !canvas.inside(b) {
			t.Errorf("the graticule label %s, %+v, is off the map", l.Label, b)
		}
		for i, o := range boxes {
			if b.intersects(o) {
				t.Errorf("the graticule labels %s and %s overlap", l.Label, names[i])
			}
		}
		boxes = append(boxes, b)
		names = append(names, l.Label)
	}
	for _, mk := range m.Markers {
		if !mk.Labeled {
			continue
		}
		b := textBox(mk.Name, mk.LabelX, mk.LabelY, mk.Anchor, m.FontSize)
		if !canvas.inside(b) {
			t.Errorf("the label of %s, %+v, is off the map", mk.Name, b)
		}
		for i, o := range boxes {
			if b.intersects(o) {
				t.Errorf("the labels of %s %+v and %s %+v overlap", mk.Name, b, names[i], o)
			}
		}
		for _, o := range m.Markers {
			nx, ny := min(max(o.X, b.x0), b.x1), min(max(o.Y, b.y0), b.y1)
			if math.Hypot(nx-o.X, ny-o.Y) < o.R-0.1 {
				t.Errorf("the label of %s covers the marker of %s", mk.Name, o.Name)
			}
		}
		boxes = append(boxes, b)
		names = append(names, mk.Name)
	}
	// The names of the lakes, the countries and the seas, checked the same
	// way, and against the places' names above.
	var others []*Label
	for _, l := range m.Lakes {
		others = append(others, l.Label)
	}
	for _, c := range m.Countries {
		others = append(others, c.Label)
	}
	for _, s := range m.Seas {
		others = append(others, s.Label)
	}
	for _, l := range others {
		if l == nil {
			continue
		}
		b := l.box(m.FontSize)
		if !canvas.inside(b) {
			t.Errorf("the name %s, %+v, is off the map", l.Text, b)
		}
		for i, o := range boxes {
			if b.intersects(o) {
				t.Errorf("the names %s %+v and %s %+v overlap", l.Text, b, names[i], o)
			}
		}
		if m.hitsMarker(b) {
			t.Errorf("the name %s covers a marker", l.Text)
		}
		boxes = append(boxes, b)
		names = append(names, l.Text)
	}
}

func countLabeled(m *Map) int {
	n := 0
	for _, mk := range m.Markers {
		if mk.Labeled {
			n++
		}
	}
	return n
}

func TestLabelsCrowded(t *testing.T) {
	// Forty places around Tabriz, closer than their labels are long.
	var places []Place
	for i := range 40 {
		a := float64(i) * 2.4
		r := 0.05 * float64(i)
		places = append(places, Place{ID: fmt.Sprint("p", i), Name: fmt.Sprintf("Place number %d", i),
			Lat: 38.08 + r*math.Sin(a), Lon: 46.29 + r*math.Cos(a), Count: i % 6})
	}
	m, err := Draw(places, Options{Box: Box{West: 43, South: 36, East: 50, North: 40.5}, Width: 600})
	if err != nil {
		t.Fatal(err)
	}
	checkLabels(t, m)
	writeArtifact(t, "crowded.svg", renderSVG(m))
	n := countLabeled(m)
	if n == 0 || n == len(m.Markers) {
		t.Errorf("%d of %d crowded markers are labelled; want some, not all", n, len(m.Markers))
	}
	// The places with most documents are labelled first.
	if !m.Markers[0].Labeled {
		t.Errorf("the largest marker, %s, has no label", m.Markers[0].Name)
	}
	m, err = Draw(places, Options{Box: Box{West: 43, South: 36, East: 50, North: 40.5}, NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := countLabeled(m); n != 0 {
		t.Errorf("NoLabels, yet %d labels", n)
	}
}

func TestMarkerSizes(t *testing.T) {
	var places []Place
	for i, n := range []int{0, 1, 2, 4, 9, 25} {
		places = append(places, Place{ID: fmt.Sprint(i), Name: fmt.Sprint("P", i), Lat: 35 + float64(i), Lon: 45 + float64(i), Count: n})
	}
	m, err := Draw(places, Options{Box: Region, NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	r := map[int]float64{}
	for _, mk := range m.Markers {
		r[mk.Count] = mk.R
	}
	if r[0] != 3 || r[1] != 4 || r[4] != 8 || r[25] != 20 {
		t.Errorf("radii %v: want 3 (the least) for 0, then 4·√count", r)
	}
	for _, pair := range [][2]int{{0, 1}, {1, 2}, {2, 4}, {4, 9}, {9, 25}} {
		if r[pair[0]] >= r[pair[1]] {
			t.Errorf("the marker for %d documents (r %v) is not smaller than for %d (r %v)", pair[0], r[pair[0]], pair[1], r[pair[1]])
		}
	}
	for i := 1; i < len(m.Markers); i++ {
		if m.Markers[i].R > m.Markers[i-1].R {
			t.Errorf("marker %d is larger than marker %d: small markers must come last, to be drawn on top", i, i-1)
		}
	}
	m, err = Draw(places, Options{Box: Region, NoLabels: true, Scale: 2, MinRadius: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, mk := range m.Markers {
		if want := max(5, 2*math.Sqrt(float64(mk.Count))); math.Abs(mk.R-want) > 0.05 {
			t.Errorf("count %d: r %v, want %v", mk.Count, mk.R, want)
		}
	}
}

func TestOutside(t *testing.T) {
	places := []Place{
		{ID: "tabriz", Name: "Tabriz", Lat: 38.08, Lon: 46.29, Count: 5},
		{ID: "moscow", Name: "Moscow", Lat: 55.76, Lon: 37.62, Count: 3},
		{ID: "cairo", Name: "Cairo", Lat: 30.04, Lon: 31.24, Count: 1},
		{ID: "athens", Name: "Athens", Lat: 37.98, Lon: 23.73, Count: 2},
		{ID: "delhi", Name: "Delhi", Lat: 28.61, Lon: 77.21},
		{ID: "jakarta", Name: "Jakarta", Lat: -6.2, Lon: 106.85, Count: 1},
	}
	ids := func(ms []Marker) string {
		var s []string
		for _, m := range ms {
			s = append(s, m.ID)
		}
		return strings.Join(s, " ")
	}
	m, err := Draw(places, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(m.Markers); got != "tabriz" {
		t.Errorf("on the fitted map: %s, want tabriz", got)
	}
	if got, want := ids(m.Outside), "moscow athens cairo jakarta delhi"; got != want {
		t.Errorf("outside: %s, want %s (most documents first)", got, want)
	}
	for _, mk := range m.Outside {
		if mk.X != 0 || mk.Y != 0 || mk.Labeled {
			t.Errorf("%s is outside but has a position", mk.ID)
		}
	}
	m, err = Draw(places, Options{Box: Context})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(m.Markers), "tabriz moscow athens cairo"; got != want {
		t.Errorf("on the wider map: %s, want %s", got, want)
	}
	if got, want := ids(m.Outside), "jakarta delhi"; got != want {
		t.Errorf("outside the wider map: %s, want %s", got, want)
	}
}

func TestFit(t *testing.T) {
	places := []Place{
		{Lat: 38.08, Lon: 46.29}, {Lat: 40.41, Lon: 49.87}, {Lat: 35.69, Lon: 51.39},
		{Lat: 31.32, Lon: 48.67}, {Lat: 55.76, Lon: 37.62},
	}
	check := func(name string, b, limit Box, ps []Place) {
		t.Helper()
		if !b.valid() || !b.within(limit) {
			t.Errorf("%s: box %+v is not an area inside %+v", name, b, limit)
		}
		for _, p := range ps {
			if limit.Contains(p.Lat, p.Lon) && !b.Contains(p.Lat, p.Lon) {
				t.Errorf("%s: box %+v leaves out (%v, %v)", name, b, p.Lat, p.Lon)
			}
		}
		proj := newProjection(b, 800)
		if aspect := 800 / float64(proj.height(b)); aspect < 1.3 || aspect > 2.01 {
			t.Errorf("%s: aspect %v, want 4:3 to 2:1", name, aspect)
		}
	}
	check("the crisis", fit(places, Region), Region, places)
	check("one place", fit(places[:1], Region), Region, places[:1])
	check("a row", fit([]Place{{Lat: 38, Lon: 40}, {Lat: 38, Lon: 60}}, Region), Region, nil)
	if got := fit(places[4:], Region); got != Region {
		t.Errorf("with no place inside the limit the box is %+v, want the limit", got)
	}
	b := fit(places[:1], Region)
	if b.West > 46.29-fitMargin || b.North < 38.08+fitMargin {
		t.Errorf("one place: box %+v leaves no margin", b)
	}
}

func TestDrawErrors(t *testing.T) {
	ok := []Place{{ID: "tabriz", Lat: 38.08, Lon: 46.29}}
	for _, tc := range []struct {
		name   string
		places []Place
		opts   Options
		want   string
	}{
		{"narrow", ok, Options{Width: 50}, "width 50"},
		{"huge", ok, Options{Width: 100000}, "width 100000"},
		{"rough", ok, Options{Tolerance: 50}, "tolerance"},
		{"negative", ok, Options{Scale: -1}, "negative"},
		{"upside down", ok, Options{Box: Box{West: 50, South: 30, East: 40, North: 40}}, "not an area"},
		{"the world", ok, Options{Box: Box{West: -180, South: -90, East: 180, North: 90}}, "beyond the shipped borders"},
		{"bad limit", ok, Options{Limit: Box{West: 1, South: 1, East: 1, North: 1}}, "limit"},
		{"no point", []Place{{ID: "x", Lat: math.NaN()}}, Options{}, `place "x"`},
		{"off the globe", []Place{{ID: "y", Lat: 95, Lon: 10}}, Options{}, `place "y"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Draw(tc.places, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestDrawIsStable(t *testing.T) {
	places := realPlaces(t)
	a, err := Draw(places, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Draw(places, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two maps of the same places differ")
	}
}

func TestGraticule(t *testing.T) {
	m, err := Draw(nil, Options{Box: Region})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, l := range m.Graticule {
		labels = append(labels, l.Label)
	}
	if got, want := strings.Join(labels, " "), "40°E 45°E 50°E 55°E 60°E 25°N 30°N 35°N 40°N"; got != want {
		t.Errorf("graticule %q, want %q", got, want)
	}
	if got := degrees(-5, "E", "W"); got != "5°W" {
		t.Errorf("degrees(-5) = %q", got)
	}
}

func TestSummary(t *testing.T) {
	m := &Map{
		Markers: []Marker{
			{Name: "Tabriz", Count: 5, Country: "Iran", ISO: "364"},
			{Name: "Baku", Count: 3, Country: "Azerbaijan", ISO: "031"},
			{Name: "Tehran", Count: 1, Country: "Iran", ISO: "364"},
			{Name: "Kirkuk", Count: 1, Country: "Iraq", ISO: "368"},
			{Name: "Osku", Country: "Iran", ISO: "364"},
		},
		Outside: []Marker{{Name: "Moscow", Count: 2}, {Name: "Cairo", Count: 1}},
	}
	const want = "5 places in Iran, the Azerbaijan SSR and Iraq; largest markers: Tabriz (5 documents), Baku (3 documents), Tehran (1 document). Outside this map: Moscow (2 documents), Cairo (1 document)."
	if got := m.Summary(); got != want {
		t.Errorf("summary\n%q, want\n%q", got, want)
	}
	one := &Map{Markers: []Marker{{Name: "Osku", Country: "Iran"}}}
	if got, want := one.Summary(), "1 place in Iran."; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got, want := (&Map{}).Summary(), "No places on this map."; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

func BenchmarkDraw(b *testing.B) {
	places := []Place{{ID: "tabriz", Name: "Tabriz", Lat: 38.08, Lon: 46.29, Count: 5}}
	for b.Loop() {
		if _, err := Draw(places, Options{Box: Context}); err != nil {
			b.Fatal(err)
		}
	}
}
